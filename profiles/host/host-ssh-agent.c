/* The ssh-auth socket: the user's ssh agent.
 *
 * Defends against: an app reaching files or sockets of the host's other
 * than the agent's: only the socket $SSH_AUTH_SOCK names is bound,
 * read-only, at a fixed name in the sandbox's runtime directory.  (The
 * agent itself will sign with every key it holds for whoever asks: this
 * grant is for apps the user trusts with them.)
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

void
hutch_host_ssh_agent (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  const char *source = hutch_host_getenv (env, "SSH_AUTH_SOCK");
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  g_autofree char *dest = g_build_filename (runtime_dir, "ssh-auth", NULL);

  if (source == NULL)
    {
      hutch_host_warn_unset (plan, "ssh-auth", "SSH_AUTH_SOCK");
      return;
    }
  if (hutch_host_bind_socket (plan, env, "ssh-auth", source, dest))
    hutch_plan_setenv (plan, "SSH_AUTH_SOCK", dest);
}
