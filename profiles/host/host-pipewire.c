/* The pipewire socket: the user's PipeWire daemon.
 *
 * Defends against: an app reaching another PipeWire instance (the session
 * manager's pipewire-0-manager socket, which grants more) or other files of
 * the host's runtime directory: only the remote $PIPEWIRE_REMOTE names
 * (default pipewire-0) is bound, read-only, at the default name in the
 * sandbox's runtime directory, and the variables that would point
 * libpipewire elsewhere are removed.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

void
hutch_host_pipewire (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  const char *remote = hutch_host_getenv (env, "PIPEWIRE_REMOTE");
  const char *dir = hutch_host_getenv (env, "PIPEWIRE_RUNTIME_DIR");
  g_autofree char *source = NULL;
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  g_autofree char *dest = g_build_filename (runtime_dir, "pipewire-0", NULL);

  /* As libpipewire: an absolute remote is the socket itself, a relative one
   * is under $PIPEWIRE_RUNTIME_DIR, else $XDG_RUNTIME_DIR. */
  if (remote == NULL)
    remote = "pipewire-0";
  if (dir == NULL)
    dir = env->runtime_dir;
  source = hutch_host_socket_path (plan, "pipewire", remote, dir);
  if (source == NULL || !hutch_host_bind_socket (plan, env, "pipewire", source, dest))
    return;
  /* In the sandbox, libpipewire's default is the socket just bound. */
  hutch_plan_unsetenv (plan, "PIPEWIRE_REMOTE");
  hutch_plan_unsetenv (plan, "PIPEWIRE_RUNTIME_DIR");
}
