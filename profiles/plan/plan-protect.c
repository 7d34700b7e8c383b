/* What a filesystem grant opened, checked against the directories no app
 * may reach: the Hutch installations (the user's overrides, the repository
 * whose files the deploys of other apps are hard links of, the exports the
 * desktop runs) and the running instances.
 *
 * Defends against: a grant that leads into one of them, however it is
 * spelled (xdg-data/hutch/exports, an absolute path) or through a symlink
 * or a value the app may change (an XDG user directory comes from
 * ~/.config/user-dirs.dirs, which an app granted xdg-config can write); and
 * a grant around one where the plan's tmpfs would not hide it (the tmpfs
 * goes where the grant's path shows the installation, which is not where a
 * symlink or a "..", followed by the bind, leads).  The check is made on
 * the opened directory, by the path the kernel gives it, and hutch-launch
 * binds that very directory from the fd: a symlink swapped in afterwards
 * changes nothing.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plan-private.h"

#include <stdlib.h>
#include <string.h>

/* The path of what @fd is open on, or NULL. */
static char *
fd_path (int fd)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);

  return g_file_read_link (proc, NULL);
}

/* @dir as the kernel resolves it; @dir itself if it does not exist (it
 * cannot be reached through a symlink then, but it can still be made:
 * the textual checks cover that). */
static char *
real_dir (const char *dir)
{
  char *real = realpath (dir, NULL);
  char *copy = g_strdup (real != NULL ? real : dir);

  free (real);
  return copy;
}

GPtrArray *
hutch_plan_real_protected_dirs (const HutchSandboxPlan *plan)
{
  GPtrArray *real = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < plan->protected_dirs->len; i++)
    g_ptr_array_add (real, real_dir (g_ptr_array_index (plan->protected_dirs, i)));
  g_ptr_array_add (real, plan->apps_dir != NULL ? real_dir (plan->apps_dir) : NULL);
  return real;
}

/* What follows @dir in @path, its leading "/" kept: "" if it is @dir. */
static const char *
tail_below (const char *path, const char *dir)
{
  return strcmp (dir, "/") == 0 ? path : path + strlen (dir);
}

/* Whether the plan's tmpfs over @dir (hutch_plan_hide_installations(),
 * hide_apps_data()) covers @real, which @op binds from @real_source: @op
 * is a bind of a path onto itself, and the place its path shows @dir is
 * where it shows @real. */
static gboolean
hidden_in_place (const HutchPlanOp *op, const char *dir, const char *real,
                 const char *real_source)
{
  return !(op->flags & HUTCH_PLAN_FLAG_BENEATH) && strcmp (op->source, op->dest) == 0
         && hutch_plan_path_is_below (dir, op->dest)
         && strcmp (tail_below (dir, op->dest), tail_below (real, real_source)) == 0;
}

char *
hutch_plan_grant_reaches (const HutchSandboxPlan *plan, const HutchPlanOp *op, int fd,
                          GPtrArray *real_dirs)
{
  g_autofree char *source = fd_path (fd);
  const char *apps_real = g_ptr_array_index (real_dirs, real_dirs->len - 1);

  /* Not a path on this file system tree (unreachable): take no chance. */
  if (source == NULL || source[0] != '/')
    return g_strdup (op->source);
  for (guint i = 0; i < plan->protected_dirs->len; i++)
    {
      const char *dir = g_ptr_array_index (plan->protected_dirs, i);
      const char *real = g_ptr_array_index (real_dirs, i);

      if (hutch_plan_path_is_below (source, real)
          || (hutch_plan_path_is_below (real, source)
              && !hidden_in_place (op, dir, real, source)))
        return g_strdup (dir);
    }
  /* Into ~/.var/app is fine (another app's data granted by name); around
   * it, only where the tmpfs hides it, or the grant of ~/.var/app itself. */
  if (apps_real != NULL && strcmp (source, apps_real) != 0
      && hutch_plan_path_is_below (apps_real, source)
      && !hidden_in_place (op, plan->apps_dir, apps_real, source))
    return g_strdup (plan->apps_dir);
  return NULL;
}
