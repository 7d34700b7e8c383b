/* The session-bus and system-bus sockets: the whole, unfiltered bus.
 *
 * These grants give an app everything the bus gives the user's own programs;
 * a filtered grant (hutch-dbus-proxy with the profile's bus policy) is the
 * usual way, and these are for apps that cannot live with one.
 *
 * Defends against: an app reaching a bus other than the user's, or other
 * files: only the socket the bus address names is bound, read-only, at the
 * sandbox's fixed name, and the variable points the app there.  A bus the
 * sandbox cannot be given (abstract socket, tcp:, a malformed address) is
 * not guessed at: nothing is bound.  See host-dbus-address.c for the
 * address parser.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include "hutch-i18n.h"

/* The socket of bus @what: $VARIABLE's unix:path=, else @fallback.  NULL
 * with a warning if there is none the sandbox can have. */
static char *
bus_socket (HutchSandboxPlan *plan, const HutchHostEnv *env, const char *what, const char *variable,
            const char *fallback)
{
  const char *address = hutch_host_getenv (env, variable);
  g_autoptr (GError) error = NULL;
  char *path;

  if (address == NULL)
    {
      if (fallback == NULL)
        hutch_host_warn_unset (plan, what, variable);
      return g_strdup (fallback);
    }
  path = hutch_dbus_address_unix_path (address, &error);
  if (path == NULL)
    /* TRANSLATORS: %s is "session-bus" or "system-bus", then an environment
     * variable, then what is wrong with its value. */
    hutch_plan_warn (plan, _ ("the %s socket was granted but %s cannot be used: %s"), what,
                     variable, error->message);
  return path;
}

/* Bind @source at @dest and point @variable at it. */
static void
bind_bus (HutchSandboxPlan *plan, const HutchHostEnv *env, const char *what, const char *variable,
          const char *source, const char *dest)
{
  g_autofree char *escaped = NULL;
  g_autofree char *address = NULL;

  if (!hutch_host_bind_socket (plan, env, what, source, dest))
    return;
  escaped = hutch_dbus_address_escape_value (dest);
  address = g_strconcat ("unix:path=", escaped, NULL);
  hutch_plan_setenv (plan, variable, address);
}

void
hutch_host_session_bus (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  g_autofree char *fallback = NULL;
  g_autofree char *source = NULL;
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  g_autofree char *dest = g_build_filename (runtime_dir, "bus", NULL);

  /* Without an address, libdbus and GDBus both look for $XDG_RUNTIME_DIR/bus. */
  if (env->runtime_dir != NULL)
    fallback = g_build_filename (env->runtime_dir, "bus", NULL);
  source = bus_socket (plan, env, "session-bus", "DBUS_SESSION_BUS_ADDRESS", fallback);
  if (source != NULL)
    bind_bus (plan, env, "session-bus", "DBUS_SESSION_BUS_ADDRESS", source, dest);
}

void
hutch_host_system_bus (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  static const char path[] = "/run/dbus/system_bus_socket";
  g_autofree char *source = NULL;

  source = bus_socket (plan, env, "system-bus", "DBUS_SYSTEM_BUS_ADDRESS", path);
  if (source != NULL)
    bind_bus (plan, env, "system-bus", "DBUS_SYSTEM_BUS_ADDRESS", source, path);
}
