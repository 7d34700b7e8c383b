/* Deploying a pulled commit and switching to it.  See hutch-ostree.h.
 *
 * Defends against: an install or update interrupted at any moment (SIGKILL,
 * a full disk, a power cut) leaving a half-written deploy where `app run`
 * would find it.  The order of events:
 *
 *   1. check the commit out into INSTALLATION/.tmp/ (emptied by the next
 *      command if we die here);
 *   2. verify it: its metadata file is the commit's signed xa.metadata,
 *      files/ is a directory, the caller's check (metadata parser) passes;
 *   3. syncfs() (one for every checkout of a batch: an app and its
 *      runtime), then rename(2) it to KIND/ID/ARCH/BRANCH/COMMIT: a commit
 *      directory there is always complete and verified;
 *   4. hutch_installation_activate(): a symlink to COMMIT under a temporary
 *      name, renamed over `active`, so `active` names the old deploy or the
 *      new one, never anything else.
 *
 * Also against a checkout that writes outside its directory or follows a
 * packager's symlinks: libostree's checkout never follows symlinks in the
 * tree it writes, and every name reaching a path went through hutch-ref.h.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ACTIVE_NEW ".active.new"

static HutchDeploy *
deploy_new (HutchInstallation *self, const HutchRef *ref, const char *commit)
{
  HutchDeploy *deploy = g_new0 (HutchDeploy, 1);
  const char *dir = hutch_installation_get_dir (self);

  deploy->ref = hutch_ref_dup (ref);
  deploy->installation_dir = g_strdup (dir);
  deploy->system = hutch_installation_is_system (self);
  deploy->commit = g_strdup (commit);
  deploy->deploy_dir = hutch_installation_get_commit_dir (dir, ref, commit, NULL);
  deploy->files_dir = g_build_filename (deploy->deploy_dir, "files", NULL);
  deploy->metadata_path = g_build_filename (deploy->deploy_dir, "metadata", NULL);
  return deploy;
}

/* Reads DIR/metadata (a regular file, bounded) into *@out. */
static gboolean
read_metadata (const char *dir, char **out, gsize *out_len, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "metadata", NULL);
  g_autofree char *files = g_build_filename (dir, "files", NULL);
  struct stat st;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  g_autofree char *buf = NULL;
  gsize n;

  if (fd < 0)
    return hutch_ostree_fail_errno (error, errno, _("the deploy has no metadata file “%s”"), path);
  if (!hutch_read_regular_fd (fd, path, HUTCH_OSTREE_METADATA_MAX_SIZE, &buf, &n, error))
    return FALSE;
  if (lstat (files, &st) < 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("the deploy has no directory “%s”"),
                   files);
      return FALSE;
    }
  *out = g_steal_pointer (&buf);
  *out_len = n;
  return TRUE;
}

/* The deploy in @dir is what @commit's signed metadata says, and passes
 * @check. */
static gboolean
verify (HutchInstallation *self, const HutchRef *ref, const char *commit, const char *dir,
        HutchDeployCheckFunc check, gpointer user_data, GError **error)
{
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *name = hutch_ref_format (ref);
  gsize len = 0;

  expected = hutch_ostree_commit_get_metadata (hutch_installation_get_repo (self), ref, commit,
                                               NULL, error);
  if (expected == NULL || !read_metadata (dir, &actual, &len, error))
    return FALSE;
  if (!hutch_metadata_texts_equal (expected, strlen (expected), actual, len))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _("the metadata file of %s differs from the metadata its commit %s shows "
                     "(xa.metadata): refusing it"),
                   name, commit);
      return FALSE;
    }
  return check == NULL || check (ref, actual, len, user_data, error);
}

/* Checks @commit out as TMP/deploy-XXXXXX/COMMIT; returns that path. */
static char *
checkout (HutchInstallation *self, const char *commit, GCancellable *cancellable, GError **error)
{
  g_autofree char *tmp = hutch_installation_get_tmp_dir (self);
  g_autofree char *work = g_build_filename (tmp, "deploy-XXXXXX", NULL);
  g_autofree char *tree = NULL;
  OstreeRepoCheckoutAtOptions options = { 0 };

  if (g_mkdtemp_full (work, 0700) == NULL)
    {
      hutch_ostree_fail_errno (error, errno, _("cannot create “%s”"), work);
      return NULL;
    }
  tree = g_build_filename (work, commit, NULL);
  options.mode = OSTREE_REPO_CHECKOUT_MODE_USER;
  options.overwrite_mode = OSTREE_REPO_CHECKOUT_OVERWRITE_NONE;
  /* Hard links to the repository's files: a runtime shared by two apps,
   * or identical files of two commits, are stored once. */
  options.no_copy_fallback = FALSE;
  options.bareuseronly_dirs = TRUE;
  options.enable_fsync = FALSE; /* one syncfs() below instead */
  if (!ostree_repo_checkout_at (hutch_installation_get_repo (self), &options, AT_FDCWD, tree,
                                commit, cancellable, error))
    {
      hutch_ostree_prefix_error (error, _("cannot check out the commit %s"), commit);
      return NULL;
    }
  return g_steal_pointer (&tree);
}

/* Puts the verified checkout @work in place as @target; the caller syncs
 * the rename. */
static gboolean
put_in_place (const char *work, const char *target, gboolean replace, GError **error)
{
  g_autofree char *branch_dir = g_path_get_dirname (target);
  int fd = -1;

  if (g_mkdir_with_parents (branch_dir, 0755) < 0)
    return hutch_ostree_fail_errno (error, errno, _("cannot create “%s”"), branch_dir);
  if (rename (work, target) == 0)
    return TRUE;
  if (!replace || (errno != EEXIST && errno != ENOTEMPTY))
    return hutch_ostree_fail_errno (error, errno, _("cannot move the deploy to “%s”"), target);
  /* A reinstall of the same commit: swap the old deploy out, if unused. */
  if (!hutch_deploy_is_unused (target, &fd))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("“%s” is in use by a running app: stop it first"), target);
      return FALSE;
    }
  if (renameat2 (AT_FDCWD, work, AT_FDCWD, target, RENAME_EXCHANGE) < 0)
    {
      int errsv = errno;
      close (fd);
      return hutch_ostree_fail_errno (error, errsv, _("cannot move the deploy to “%s”"), target);
    }
  close (fd);
  return hutch_remove_tree_at (AT_FDCWD, work, error);
}

/* A checkout waiting in .tmp/ for the batch's syncfs(), or a deploy that
 * was already in place (@work NULL). */
typedef struct
{
  HutchDeploy *deploy;
  char *work;
} Staged;

struct _HutchDeployBatch
{
  HutchInstallation *installation; /* not owned: outlives the batch */
  HutchDeployFlags flags;
  GArray *staged;
};

static void
staged_clear (Staged *staged)
{
  g_clear_pointer (&staged->deploy, hutch_deploy_free);
  g_clear_pointer (&staged->work, g_free);
}

HutchDeployBatch *
hutch_deploy_batch_new (HutchInstallation *self, HutchDeployFlags flags)
{
  HutchDeployBatch *batch = g_new0 (HutchDeployBatch, 1);

  batch->installation = self;
  batch->flags = flags;
  batch->staged = g_array_new (FALSE, TRUE, sizeof (Staged));
  g_array_set_clear_func (batch->staged, (GDestroyNotify) staged_clear);
  return batch;
}

void
hutch_deploy_batch_free (HutchDeployBatch *batch)
{
  /* Checkouts left in .tmp/ go with the next command's cleanup. */
  g_array_unref (batch->staged);
  g_free (batch);
}

gboolean
hutch_deploy_batch_add (HutchDeployBatch *batch, const HutchRef *ref, const char *commit,
                        HutchDeployCheckFunc check, gpointer user_data,
                        GCancellable *cancellable, GError **error)
{
  HutchInstallation *self = batch->installation;
  gboolean replace = (batch->flags & HUTCH_DEPLOY_FLAGS_REPLACE) != 0;
  Staged staged = { 0 };
  gboolean ok;

  if (!hutch_ref_validate (ref, error) || !hutch_checksum_is_valid (commit, error))
    return FALSE;
  staged.deploy = deploy_new (self, ref, commit);
  /* There already (an interrupted command put it there, or it is the
   * active one): verified when it was put there; verify it again. */
  if (!replace && g_file_test (staged.deploy->deploy_dir, G_FILE_TEST_IS_DIR))
    ok = verify (self, ref, commit, staged.deploy->deploy_dir, check, user_data, error);
  else
    {
      staged.work = checkout (self, commit, cancellable, error);
      ok = staged.work != NULL && verify (self, ref, commit, staged.work, check, user_data, error);
    }
  if (!ok)
    {
      staged_clear (&staged);
      return FALSE;
    }
  g_array_append_val (batch->staged, staged);
  return TRUE;
}

/* Whether a checkout of @batch waits to be put in place. */
static gboolean
has_checkouts (HutchDeployBatch *batch)
{
  for (guint i = 0; i < batch->staged->len; i++)
    if (g_array_index (batch->staged, Staged, i).work != NULL)
      return TRUE;
  return FALSE;
}

GPtrArray *
hutch_deploy_batch_finish (HutchDeployBatch *batch, GError **error)
{
  g_autoptr (GPtrArray) deploys
      = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_deploy_free);
  gboolean replace = (batch->flags & HUTCH_DEPLOY_FLAGS_REPLACE) != 0;
  gboolean checkouts = has_checkouts (batch);
  const char *dir = hutch_installation_get_dir (batch->installation);

  /* Every checkout is on the installation's file system: one syncfs()
   * makes all of them durable before any is renamed into place. */
  if (checkouts && !hutch_ostree_sync_dir (dir, syncfs, error))
    return NULL;
  if (checkouts)
    hutch_installation_test_kill_point ("after-checkout");
  for (guint i = 0; i < batch->staged->len; i++)
    {
      Staged *staged = &g_array_index (batch->staged, Staged, i);

      if (staged->work != NULL)
        {
          g_autofree char *work_dir = g_path_get_dirname (staged->work);
          if (!put_in_place (staged->work, staged->deploy->deploy_dir, replace, error))
            return NULL;
          rmdir (work_dir);
        }
      g_ptr_array_add (deploys, g_steal_pointer (&staged->deploy));
    }
  /* And the renames (and the directories made for them), before anything
   * can make them `active`. */
  if (checkouts && !hutch_ostree_sync_dir (dir, syncfs, error))
    return NULL;
  g_array_set_size (batch->staged, 0);
  return g_steal_pointer (&deploys);
}

HutchDeploy *
hutch_installation_deploy (HutchInstallation *self, const HutchRef *ref, const char *commit,
                           HutchDeployFlags flags, HutchDeployCheckFunc check, gpointer user_data,
                           GCancellable *cancellable, GError **error)
{
  g_autoptr (HutchDeployBatch) batch = hutch_deploy_batch_new (self, flags);
  g_autoptr (GPtrArray) deploys = NULL;

  if (!hutch_deploy_batch_add (batch, ref, commit, check, user_data, cancellable, error))
    return NULL;
  deploys = hutch_deploy_batch_finish (batch, error);
  if (deploys == NULL)
    return NULL;
  return g_ptr_array_steal_index (deploys, 0);
}

/* Drops the repository refs of @ref from remotes other than @keep (all if
 * @keep is NULL). */
static gboolean
drop_origins (HutchInstallation *self, const HutchRef *ref, const char *keep, GError **error)
{
  g_autoptr (GPtrArray) origins = hutch_installation_list_origins (self, ref, error);
  g_autofree char *name = hutch_ref_format (ref);

  if (origins == NULL)
    return FALSE;
  for (guint i = 0; i < origins->len; i++)
    if (g_strcmp0 (origins->pdata[i], keep) != 0
        && !ostree_repo_set_ref_immediate (hutch_installation_get_repo (self), origins->pdata[i],
                                           name, NULL, NULL, error))
      return FALSE;
  return TRUE;
}

gboolean
hutch_installation_activate (HutchInstallation *self, const HutchDeploy *deploy,
                             const char *origin, GError **error)
{
  g_autofree char *link = NULL;
  g_autofree char *branch_dir = NULL;
  g_autofree char *new_link = NULL;

  if (!hutch_ref_validate (deploy->ref, error) || !hutch_checksum_is_valid (deploy->commit, error))
    return FALSE;
  link = hutch_installation_get_active_link (hutch_installation_get_dir (self), deploy->ref);
  branch_dir = g_path_get_dirname (link);
  new_link = g_build_filename (branch_dir, ACTIVE_NEW, NULL);
  hutch_installation_test_kill_point ("before-active");
  if ((unlink (new_link) < 0 && errno != ENOENT) || symlink (deploy->commit, new_link) < 0)
    return hutch_ostree_fail_errno (error, errno, _("cannot create “%s”"), new_link);
  if (rename (new_link, link) < 0)
    return hutch_ostree_fail_errno (error, errno, _("cannot switch “%s”"), link);
  return hutch_ostree_sync_dir (branch_dir, fsync, error)
         && drop_origins (self, deploy->ref, origin, error);
}

gboolean
hutch_installation_deactivate (HutchInstallation *self, const HutchRef *ref, GError **error)
{
  g_autofree char *link = NULL;
  g_autofree char *branch_dir = NULL;

  if (!hutch_ref_validate (ref, error))
    return FALSE;
  link = hutch_installation_get_active_link (hutch_installation_get_dir (self), ref);
  branch_dir = g_path_get_dirname (link);
  if (unlink (link) < 0 && errno != ENOENT)
    return hutch_ostree_fail_errno (error, errno, _("cannot remove “%s”"), link);
  if (g_file_test (branch_dir, G_FILE_TEST_IS_DIR)
      && !hutch_ostree_sync_dir (branch_dir, fsync, error))
    return FALSE;
  return drop_origins (self, ref, NULL, error);
}
