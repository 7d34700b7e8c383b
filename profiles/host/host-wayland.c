/* The wayland socket: the user's Wayland compositor.
 *
 * Defends against: an app reaching a compositor other than the user's
 * current one, or other files of the host's runtime directory: only the
 * socket $WAYLAND_DISPLAY names is bound, read-only, at a fixed name in the
 * sandbox's own runtime directory.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

gboolean
hutch_host_wayland (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  const char *name = hutch_host_getenv (env, "WAYLAND_DISPLAY");
  g_autofree char *source = NULL;
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  g_autofree char *dest = g_build_filename (runtime_dir, "wayland-0", NULL);

  /* As libwayland: an absolute name is the socket itself, a relative one is
   * under $XDG_RUNTIME_DIR. */
  if (name == NULL)
    name = "wayland-0";
  source = hutch_host_socket_path (plan, "wayland", name, env->runtime_dir);
  if (source == NULL || !hutch_host_bind_socket (plan, env, "wayland", source, dest))
    return FALSE;
  hutch_plan_setenv (plan, "WAYLAND_DISPLAY", "wayland-0");
  return TRUE;
}
