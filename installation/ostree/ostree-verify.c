/* Verifying the objects of a commit against the checksums that name them,
 * and a deploy against its commit (app repair).  See hutch-ostree.h.
 *
 * Defends against: a deploy running files that are not its commit's
 * without anyone knowing.  A deploy's files are hard links to the
 * repository's objects, so a file changed in a deploy (or by a failing
 * disk) is a changed object: its content no longer matches its name.
 * Such an object is removed and its commit marked partial, so that the
 * next pull of the commit fetches it again.  A deploy whose files are not
 * its commit's objects (an object fetched again, a file replaced, removed
 * or added in the deploy) is found by comparing the two.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is @commit there, and marked complete?  A commit marked partial (by an
 * interrupted pull or repair) may lack any of its objects: libostree's walk
 * of its tree skips missing directories. */
static gboolean
commit_is_complete (OstreeRepo *repo, const char *commit, gboolean *complete,
                    GCancellable *cancellable, GError **error)
{
  OstreeRepoCommitState state = 0;
  gboolean have = FALSE;

  *complete = FALSE;
  if (!ostree_repo_has_object (repo, OSTREE_OBJECT_TYPE_COMMIT, commit, &have, cancellable, error))
    return FALSE;
  if (!have)
    return TRUE;
  if (!ostree_repo_load_commit (repo, commit, NULL, &state, error))
    return FALSE;
  *complete = (state & OSTREE_REPO_COMMIT_STATE_PARTIAL) == 0;
  return TRUE;
}

/* The commit is incomplete, or its tree cannot be walked (a directory
 * object is missing or unreadable): what it lacks is unknown until a pull
 * fetches it. */
static gboolean
incomplete (OstreeRepo *repo, const char *commit, gboolean mend, HutchVerifyResult *result,
            GError **error)
{
  result->n_missing++;
  result->incomplete = TRUE;
  if (mend && !ostree_repo_mark_commit_partial (repo, commit, TRUE, error))
    return hutch_ostree_prefix_error (error, _("cannot mark the commit %s incomplete"), commit);
  return TRUE;
}

/* One object: checked, missing, or corrupt (and removed if @mend). */
static gboolean
verify_object (OstreeRepo *repo, OstreeObjectType type, const char *checksum, gboolean mend,
               HutchVerifyResult *result, GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean have = FALSE;

  if (!ostree_repo_has_object (repo, type, checksum, &have, cancellable, error))
    return FALSE;
  if (!have)
    {
      result->n_missing++;
      return TRUE;
    }
  if (ostree_repo_fsck_object (repo, type, checksum, cancellable, &local_error))
    {
      result->n_checked++;
      return TRUE;
    }
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  result->n_corrupt++;
  if (mend && !ostree_repo_delete_object (repo, type, checksum, cancellable, error))
    return hutch_ostree_prefix_error (error, _("cannot remove the damaged object %s.%s"),
                                      checksum, ostree_object_type_to_string (type));
  return TRUE;
}

gboolean
hutch_installation_verify_commit (HutchInstallation *self, const char *commit, gboolean mend,
                                  HutchVerifyProgressFunc progress, gpointer user_data,
                                  HutchVerifyResult *result, GCancellable *cancellable,
                                  GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_autoptr (GHashTable) reachable = NULL;
  g_autoptr (GError) local_error = NULL;
  GHashTableIter iter;
  GVariant *object;
  guint done = 0, total;
  gboolean complete = FALSE;

  *result = (HutchVerifyResult) { 0 };
  if (!hutch_checksum_is_valid (commit, error)
      || !commit_is_complete (repo, commit, &complete, cancellable, error))
    return FALSE;
  if (!complete)
    return incomplete (repo, commit, mend, result, error);
  if (!ostree_repo_traverse_commit (repo, commit, 0, &reachable, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return incomplete (repo, commit, mend, result, error);
    }
  total = g_hash_table_size (reachable);
  g_hash_table_iter_init (&iter, reachable);
  while (g_hash_table_iter_next (&iter, (gpointer *) &object, NULL))
    {
      const char *checksum;
      OstreeObjectType type;

      ostree_object_name_deserialize (object, &checksum, &type);
      if (!verify_object (repo, type, checksum, mend, result, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (++done, total, user_data);
    }
  if (mend && result->n_corrupt + result->n_missing > 0
      && !ostree_repo_mark_commit_partial (repo, commit, TRUE, error))
    return hutch_ostree_prefix_error (error, _("cannot mark the commit %s incomplete"), commit);
  return TRUE;
}

/* Is the deploy's file @name in @dfd the object @checksum: the same inode
 * (a checkout's hard link), or, if it was copied, the same content? */
static gboolean
file_is_object (OstreeRepo *repo, int dfd, const char *name, const char *checksum,
                gboolean *same, GCancellable *cancellable, GError **error)
{
  g_autofree char *object = g_strdup_printf ("objects/%.2s/%s.file", checksum, checksum + 2);
  g_autofree char *actual = NULL;
  struct stat deployed, stored;

  *same = FALSE;
  if (fstatat (dfd, name, &deployed, AT_SYMLINK_NOFOLLOW) < 0)
    return TRUE;
  if (fstatat (ostree_repo_get_dfd (repo), object, &stored, AT_SYMLINK_NOFOLLOW) == 0
      && stored.st_ino == deployed.st_ino && stored.st_dev == deployed.st_dev)
    {
      *same = TRUE;
      return TRUE;
    }
  if (!S_ISREG (deployed.st_mode) && !S_ISLNK (deployed.st_mode))
    return TRUE;
  if (!ostree_checksum_file_at (dfd, name, &deployed, OSTREE_OBJECT_TYPE_FILE,
                                OSTREE_CHECKSUM_FLAGS_IGNORE_XATTRS
                                  | OSTREE_CHECKSUM_FLAGS_CANONICAL_PERMISSIONS,
                                &actual, cancellable, error))
    return FALSE;
  *same = strcmp (actual, checksum) == 0;
  return TRUE;
}

/* Counts in *@n_differ the entries of the deploy directory @dfd that are
 * not in @names, the commit's: a deploy is its commit's checkout, nothing
 * more. */
static gboolean
count_extra (int dfd, GHashTable *names, guint *n_differ, GError **error)
{
  int fd = dup (dfd);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *entry;

  if (dir == NULL)
    {
      int errsv = errno;
      if (fd >= 0)
        close (fd);
      return hutch_ostree_fail_errno (error, errsv, "%s", _("cannot read a deploy's directory"));
    }
  while ((errno = 0, entry = readdir (dir)) != NULL)
    if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0
        && !g_hash_table_contains (names, entry->d_name))
      (*n_differ)++;
  if (errno != 0)
    {
      int errsv = errno;
      closedir (dir);
      return hutch_ostree_fail_errno (error, errsv, "%s", _("cannot read a deploy's directory"));
    }
  closedir (dir);
  return TRUE;
}

/* Compares the deploy directory @dfd with the commit's directory @dir,
 * counting in *@n_differ what is missing, not the commit's, or more. */
static gboolean
compare_dir (OstreeRepo *repo, GFile *dir, int dfd, guint *n_differ, GCancellable *cancellable,
             GError **error)
{
  g_autoptr (GFileEnumerator) children = NULL;
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  children = g_file_enumerate_children (dir, "standard::name,standard::type",
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
  if (children == NULL)
    return FALSE;
  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        return count_extra (dfd, names, n_differ, error);
      name = g_file_info_get_name (info);
      g_hash_table_add (names, g_strdup (name));
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          int child_fd = openat (dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          gboolean ok;

          if (child_fd < 0)
            {
              (*n_differ)++;
              continue;
            }
          ok = compare_dir (repo, child, child_fd, n_differ, cancellable, error);
          close (child_fd);
          if (!ok)
            return FALSE;
        }
      else
        {
          const char *checksum = ostree_repo_file_get_checksum (OSTREE_REPO_FILE (child));
          gboolean same = FALSE;

          if (!file_is_object (repo, dfd, name, checksum, &same, cancellable, error))
            return FALSE;
          if (!same)
            (*n_differ)++;
        }
    }
}

gboolean
hutch_installation_verify_deploy (HutchInstallation *self, const HutchDeploy *deploy,
                                  guint *out_n_differ, GCancellable *cancellable, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_autoptr (GFile) root = NULL;
  int dfd;
  gboolean ok;

  *out_n_differ = 0;
  if (!ostree_repo_read_commit (repo, deploy->commit, &root, NULL, cancellable, error))
    return FALSE;
  dfd = open (deploy->deploy_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0)
    return hutch_ostree_fail_errno (error, errno, _("cannot open “%s”"), deploy->deploy_dir);
  ok = compare_dir (repo, root, dfd, out_n_differ, cancellable, error);
  close (dfd);
  return ok;
}
