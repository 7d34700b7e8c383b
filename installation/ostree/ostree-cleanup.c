/* Removing old deploys and pruning the repository.  See hutch-ostree.h.
 *
 * Defends against: pulling a deploy from under a running app (a deploy
 * goes only if hutch_deploy_is_unused() locks it; it is renamed into .tmp/
 * while locked, then removed, so `app run` finds it whole or not at all),
 * pruning objects a deploy or an installed ref still needs (the set kept
 * is every commit an installed ref names plus every commit still deployed),
 * and debris of interrupted commands (a stray `.active.new`, refs of an
 * install that never got its deploy, empty directories).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Moves @path, locked through @fd, into .tmp/ and removes it there. */
static gboolean
remove_deploy (HutchInstallation *self, const char *path, GError **error)
{
  g_autofree char *tmp = hutch_installation_get_tmp_dir (self);
  g_autofree char *grave = g_build_filename (tmp, "old-XXXXXX", NULL);
  g_autofree char *moved = NULL;

  if (g_mkdtemp_full (grave, 0700) == NULL)
    return hutch_ostree_fail_errno (error, errno, _("cannot create “%s”"), grave);
  moved = g_build_filename (grave, "deploy", NULL);
  if (rename (path, moved) < 0)
    return hutch_ostree_fail_errno (error, errno, _("cannot remove “%s”"), path);
  return hutch_remove_tree_at (AT_FDCWD, grave, error);
}

/* Removes the unused deploys of @ref but its active one; adds the commits
 * left deployed to @kept. */
static gboolean
clean_branch (HutchInstallation *self, const HutchRef *ref, GHashTable *kept, guint *n_held,
              GError **error)
{
  const char *dir = hutch_installation_get_dir (self);
  g_autofree char *branch_dir = hutch_installation_get_deploy_dir (dir, ref);
  g_autofree char *link = hutch_installation_get_active_link (dir, ref);
  g_autofree char *active = g_file_read_link (link, NULL);
  g_autofree char *stray = g_build_filename (branch_dir, ".active.new", NULL);
  g_autoptr (GDir) d = g_dir_open (branch_dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  unlink (stray);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (hutch_checksum_is_valid (name, NULL))
      g_ptr_array_add (names, g_strdup (name));
  for (guint i = 0; i < names->len; i++)
    {
      const char *commit = names->pdata[i];
      g_autofree char *path = g_build_filename (branch_dir, commit, NULL);
      int fd = -1;

      if (g_strcmp0 (commit, active) == 0 || !hutch_deploy_is_unused (path, &fd))
        {
          if (g_strcmp0 (commit, active) != 0)
            (*n_held)++;
          g_hash_table_add (kept, g_strdup (commit));
          continue;
        }
      if (!remove_deploy (self, path, error))
        {
          close (fd);
          return FALSE;
        }
      close (fd);
    }
  /* Empty directories of a ref no longer installed; rmdir() fails on the
   * others, which is what we want. */
  if (rmdir (branch_dir) == 0)
    {
      g_autofree char *arch_dir = g_path_get_dirname (branch_dir);
      g_autofree char *id_dir = g_path_get_dirname (arch_dir);
      if (rmdir (arch_dir) == 0)
        rmdir (id_dir);
    }
  return TRUE;
}

/* Drops refs/remotes/REMOTE/REF of refs that are not installed. */
static gboolean
clean_refs (HutchInstallation *self, GHashTable *kept, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_autoptr (GHashTable) refs = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!ostree_repo_list_refs_ext (repo, NULL, &refs, OSTREE_REPO_LIST_REFS_EXT_NONE, NULL, error))
    return FALSE;
  g_hash_table_iter_init (&iter, refs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *remote = NULL;
      g_autofree char *refname = NULL;
      g_autoptr (HutchRef) ref = NULL;
      g_autoptr (HutchDeploy) deploy = NULL;

      if (!ostree_parse_refspec (key, &remote, &refname, NULL) || remote == NULL)
        continue;
      ref = hutch_ref_parse (refname, NULL);
      if (ref == NULL)
        continue;
      deploy = hutch_deploy_lookup (hutch_installation_get_dir (self), ref, NULL);
      if (deploy != NULL)
        {
          g_hash_table_add (kept, g_strdup (value));
          continue;
        }
      if (!ostree_repo_set_ref_immediate (repo, remote, refname, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
prune (HutchInstallation *self, GHashTable *kept, guint64 *out_bytes_freed,
       GCancellable *cancellable, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_autoptr (GHashTable) reachable = ostree_repo_traverse_new_reachable ();
  OstreeRepoPruneOptions options = { 0 };
  GHashTableIter iter;
  gpointer key;
  gint n_total = 0, n_pruned = 0;
  guint64 freed = 0;

  g_hash_table_iter_init (&iter, kept);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean have = FALSE;

      if (!ostree_repo_has_object (repo, OSTREE_OBJECT_TYPE_COMMIT, key, &have, cancellable, error))
        return FALSE;
      /* A deploy made by hand, or whose objects went with an earlier
       * prune (its files live on through their hard links). */
      if (!have)
        continue;
      /* A deployed commit marked partial (a repair that could not fetch
       * it again) keeps what it has: libostree's walk skips what is
       * missing. */
      if (!ostree_repo_traverse_commit_union (repo, key, 0, reachable, cancellable, error))
        return FALSE;
    }
  options.flags = OSTREE_REPO_PRUNE_FLAGS_NONE;
  options.reachable = reachable;
  if (!ostree_repo_prune_from_reachable (repo, &options, &n_total, &n_pruned, &freed, cancellable,
                                         error))
    return hutch_ostree_prefix_error (error, _("cannot prune the repository"));
  if (out_bytes_freed != NULL)
    *out_bytes_freed = freed;
  return TRUE;
}

gboolean
hutch_installation_cleanup (HutchInstallation *self, guint *out_n_held, guint64 *out_bytes_freed,
                            GCancellable *cancellable, GError **error)
{
  g_autoptr (GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_held = 0;

  for (int k = HUTCH_REF_KIND_APP; k <= HUTCH_REF_KIND_RUNTIME; k++)
    {
      g_autoptr (GPtrArray) refs = hutch_deploy_list_refs (hutch_installation_get_dir (self), k);
      for (guint i = 0; i < refs->len; i++)
        if (!clean_branch (self, refs->pdata[i], kept, &n_held, error))
          return FALSE;
    }
  if (!clean_refs (self, kept, error) || !prune (self, kept, out_bytes_freed, cancellable, error))
    return FALSE;
  if (out_n_held != NULL)
    *out_n_held = n_held;
  return TRUE;
}
