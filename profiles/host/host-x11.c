/* The x11 socket: the user's X display, and only that one.
 *
 * Defends against: an app reaching the user's other X displays (only the
 * socket of $DISPLAY is bound, at the fixed name /tmp/.X11-unix/X99 in a
 * tmpfs of the sandbox's own, so the rest of the host's /tmp/.X11-unix stays
 * out of the sandbox even when the sandbox shares the host's /tmp) or learning
 * other displays' and other machines' cookies (the sandbox gets a new
 * Xauthority file with only this display's records, see host-xauth.c).
 * A remote display (host:N, including ssh's forwarded localhost:10) is not
 * given: reaching it needs the network, which is a grant of its own.
 *
 * Not defended here: an X server lets any client it accepts read the other
 * clients' windows and keystrokes; that is X11 itself, and why Wayland is
 * preferred (fallback-x11).  With the network shared, the app can also reach
 * the servers' abstract sockets (@/tmp/.X11-unix/XN), which live in the
 * network namespace; the cookies it lacks still keep it out of the other
 * displays.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include "hutch-i18n.h"

#include <string.h>

/* The display's number in the sandbox. */
#define SANDBOX_DISPLAY "99"

/* A decimal number of at most 9 digits (no sign, no space). */
static gboolean
parse_decimal (const char *text, gsize len, guint *out)
{
  guint value = 0;

  if (len == 0 || len > 9)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint)(text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* A local display: ":N", "unix:N" or "unix/:N", each optionally followed by
 * ".S".  @screen is -1 when there is none. */
static gboolean
parse_local_display (const char *display, guint *number, gint *screen)
{
  const char *p, *dot;
  guint screen_number;

  if (g_str_has_prefix (display, "unix/:"))
    p = display + strlen ("unix/:");
  else if (g_str_has_prefix (display, "unix:"))
    p = display + strlen ("unix:");
  else if (display[0] == ':')
    p = display + 1;
  else
    return FALSE;

  dot = strchr (p, '.');
  if (!parse_decimal (p, dot != NULL ? (gsize)(dot - p) : strlen (p), number))
    return FALSE;
  *screen = -1;
  if (dot != NULL)
    {
      if (!parse_decimal (dot + 1, strlen (dot + 1), &screen_number) || screen_number > G_MAXINT)
        return FALSE;
      *screen = (gint)screen_number;
    }
  return TRUE;
}

/* The host name libxcb finds the FamilyLocal record by: the kernel's
 * (env->hostname; tests set their own).  Not $HOSTNAME, which a shell sets
 * once and which goes stale when the host name changes. */
static const char *
host_name (const HutchHostEnv *env)
{
  return env->hostname != NULL ? env->hostname : g_get_host_name ();
}

static GBytes *
read_xauthority (const HutchHostEnv *env)
{
  const char *path = hutch_host_getenv (env, "XAUTHORITY");
  g_autofree char *in_home = NULL;

  if (path == NULL)
    {
      if (env->home == NULL)
        return NULL;
      path = in_home = g_build_filename (env->home, ".Xauthority", NULL);
    }
  return env->read_file (path, env->user_data);
}

void
hutch_host_x11 (HutchSandboxPlan *plan, const HutchHostEnv *env, gboolean fallback_only,
                gboolean has_wayland)
{
  const char *display = hutch_host_getenv (env, "DISPLAY");
  g_autofree char *socket = NULL;
  g_autofree char *number = NULL;
  g_autofree char *sandbox_display = NULL;
  g_autoptr (GBytes) xauthority = NULL;
  g_autoptr (GBytes) filtered = NULL;
  guint display_number;
  gint screen;

  if (fallback_only && has_wayland)
    return;
  if (display == NULL)
    {
      hutch_host_warn_unset (plan, "x11", "DISPLAY");
      return;
    }
  if (!parse_local_display (display, &display_number, &screen))
    {
      g_autofree char *quoted = hutch_host_quote (display);

      hutch_plan_warn (plan,
                       /* TRANSLATORS: %s is the value of $DISPLAY; keep the
                        * examples as they are. */
                       _ ("the x11 socket was granted but DISPLAY “%s” is not a display "
                          "on this machine (:N, :N.S, unix:N or unix/:N)"),
                       quoted);
      return;
    }

  socket = g_strdup_printf ("/tmp/.X11-unix/X%u", display_number);
  if (!env->is_socket (socket, env->user_data))
    {
      /* Let hutch_host_bind_socket() say why. */
      hutch_host_bind_socket (plan, env, "x11", socket, "/tmp/.X11-unix/X" SANDBOX_DISPLAY);
      return;
    }
  /* A directory of the sandbox's own, even when its /tmp is the host's: the
   * other displays' sockets stay hidden, and the mount point is not made in
   * the host's /tmp/.X11-unix. */
  hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, "/tmp/.X11-unix");
  hutch_host_bind_socket (plan, env, "x11", socket, "/tmp/.X11-unix/X" SANDBOX_DISPLAY);
  if (screen >= 0)
    sandbox_display = g_strdup_printf (":" SANDBOX_DISPLAY ".%d", screen);
  else
    sandbox_display = g_strdup (":" SANDBOX_DISPLAY);
  hutch_plan_setenv (plan, "DISPLAY", sandbox_display);

  /* The server may accept the app without a cookie (by its user ID, say):
   * without records the socket is still given, and the host's $XAUTHORITY,
   * which names a file the sandbox does not have, is dropped. */
  number = g_strdup_printf ("%u", display_number);
  xauthority = read_xauthority (env);
  if (xauthority != NULL)
    filtered = hutch_xauth_filter (xauthority, number, host_name (env), SANDBOX_DISPLAY);
  if (filtered != NULL)
    {
      g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
      g_autofree char *dest = g_build_filename (runtime_dir, "Xauthority", NULL);

      hutch_plan_add_data (plan, filtered, dest);
      hutch_plan_setenv (plan, "XAUTHORITY", dest);
    }
  else
    hutch_plan_unsetenv (plan, "XAUTHORITY");
}
