/* The pulseaudio socket: the user's PulseAudio server (or PipeWire's
 * PulseAudio emulation).
 *
 * Defends against: an app reaching another sound server than the user's, or
 * other files of the host's runtime directory: only the server's native
 * socket is bound, read-only, and PULSE_SERVER points the app at it.  A
 * server reached over the network (tcp:) is not given: that needs the
 * network, a grant of its own.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include "hutch-i18n.h"

#include <string.h>

/* The socket of a PULSE_SERVER naming exactly one local server: "unix:PATH"
 * or a bare PATH, as libpulse reads them.  Lists of servers, tcp: and
 * {machine-id} prefixes give NULL. */
static char *
pulse_server_socket (const char *server)
{
  g_autofree char *stripped = g_strstrip (g_strdup (server));
  const char *path = stripped;

  if (g_str_has_prefix (path, "unix:"))
    path += strlen ("unix:");
  if (!g_path_is_absolute (path) || strpbrk (path, " \t\n") != NULL)
    return NULL;
  return g_strdup (path);
}

void
hutch_host_pulseaudio (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  const char *server = hutch_host_getenv (env, "PULSE_SERVER");
  g_autofree char *source = NULL;
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  g_autofree char *dest = g_build_filename (runtime_dir, "pulse", "native", NULL);
  g_autofree char *value = NULL;

  if (server != NULL)
    {
      source = pulse_server_socket (server);
      if (source == NULL)
        {
          g_autofree char *quoted = hutch_host_quote (server);

          hutch_plan_warn (plan,
                           /* TRANSLATORS: %s is the value of $PULSE_SERVER. */
                           _ ("the pulseaudio socket was granted but PULSE_SERVER “%s” is not one "
                              "local server (unix:/PATH)"),
                           quoted);
          return;
        }
    }
  else
    {
      /* libpulse's runtime directory: $PULSE_RUNTIME_PATH, else
       * $XDG_RUNTIME_DIR/pulse. */
      const char *pulse_dir = hutch_host_getenv (env, "PULSE_RUNTIME_PATH");

      if (pulse_dir != NULL)
        source = g_build_filename (pulse_dir, "native", NULL);
      else if (env->runtime_dir != NULL)
        source = g_build_filename (env->runtime_dir, "pulse", "native", NULL);
      else
        {
          hutch_host_warn_unset (plan, "pulseaudio", "XDG_RUNTIME_DIR");
          return;
        }
    }

  if (!hutch_host_bind_socket (plan, env, "pulseaudio", source, dest))
    return;
  value = g_strconcat ("unix:", dest, NULL);
  hutch_plan_setenv (plan, "PULSE_SERVER", value);
}
