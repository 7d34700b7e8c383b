/* The gpg-agent socket: the user's GnuPG agent, through its standard
 * socket.
 *
 * Defends against: an app reaching the agent's other sockets: only
 * S.gpg-agent is bound (read-only).  S.gpg-agent.extra, the restricted
 * socket meant for remote forwarding, is not needed here; S.gpg-agent.ssh
 * would be an ssh agent (the ssh-auth grant) and S.gpg-agent.browser belongs
 * to browsers; none is given.
 *
 * gpg looks for its sockets in /run/user/UID/gnupg, the sandbox's own
 * runtime directory, and uses the directory only if nobody else can write
 * to it: it is made 0700.  A non-default $GNUPGHOME moves the sockets to a
 * d.HASH subdirectory, which this grant does not follow.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

void
hutch_host_gpg_agent (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  g_autofree char *dir = g_build_filename (runtime_dir, "gnupg", NULL);
  g_autofree char *dest = g_build_filename (dir, "S.gpg-agent", NULL);
  g_autofree char *source = NULL;

  if (env->runtime_dir == NULL)
    {
      hutch_host_warn_unset (plan, "gpg-agent", "XDG_RUNTIME_DIR");
      return;
    }
  source = g_build_filename (env->runtime_dir, "gnupg", "S.gpg-agent", NULL);
  if (!env->is_socket (source, env->user_data))
    {
      /* Let hutch_host_bind_socket() say why. */
      hutch_host_bind_socket (plan, env, "gpg-agent", source, dest);
      return;
    }
  hutch_plan_add (plan, HUTCH_PLAN_DIR, NULL, dir)->perms = 0700;
  hutch_host_bind_socket (plan, env, "gpg-agent", source, dest);
}
