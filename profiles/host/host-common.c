/* Helpers shared by the host integrations (host-*.c).
 *
 * Defends against: a socket path taken from the user's environment that is
 * relative (it would be resolved against whatever directory hutch-launch
 * runs in) or that names something other than a socket (a grant of a socket
 * must never hand the sandbox a file or a directory); text from the
 * environment reaching the user's terminal with control sequences in it.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include "hutch-i18n.h"
#include "hutch-ref.h"

const char *
hutch_host_getenv (const HutchHostEnv *env, const char *name)
{
  const char *value = hutch_host_env_getenv (env, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

char *
hutch_host_quote (const char *text)
{
  return hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_NONE);
}

void
hutch_host_warn_unset (HutchSandboxPlan *plan, const char *what, const char *name)
{
  /* TRANSLATORS: the first %s is a socket permission ("x11", "wayland"…),
   * the second an environment variable. */
  hutch_plan_warn (plan, _ ("the %s socket was granted but %s is not set"), what, name);
}

char *
hutch_host_socket_path (HutchSandboxPlan *plan, const char *what, const char *name, const char *dir)
{
  if (g_path_is_absolute (name))
    return g_strdup (name);
  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  hutch_host_warn_unset (plan, what, "XDG_RUNTIME_DIR");
  return NULL;
}

gboolean
hutch_host_bind_socket (HutchSandboxPlan *plan, const HutchHostEnv *env, const char *what,
                        const char *source, const char *dest)
{
  g_autofree char *quoted = hutch_host_quote (source);

  if (!g_path_is_absolute (source))
    {
      /* TRANSLATORS: %s is a socket permission ("x11", "wayland"…), then a path. */
      hutch_plan_warn (plan, _ ("the %s socket was granted but “%s” is not an absolute path"), what,
                       quoted);
      return FALSE;
    }
  if (!env->is_socket (source, env->user_data))
    {
      /* TRANSLATORS: %s is a socket permission ("x11", "wayland"…), then a path. */
      hutch_plan_warn (plan, _ ("the %s socket was granted but there is no socket at “%s”"), what,
                       quoted);
      return FALSE;
    }
  hutch_plan_add_host_bind (plan, source, dest);
  return TRUE;
}
