/* An installation opened for a change: its lock, its work space and its
 * repository.  See hutch-ostree.h.
 *
 * Defends against: two commands changing one installation at once (the
 * lock serializes them; libostree's own repository lock is not enough, as
 * deploys and `active` links live outside the repository), and debris of
 * a killed command (.tmp/ is emptied under the lock, when nobody can be
 * using it).  Names read back from the installation's directories are
 * validated before they become refs.
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
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct _HutchInstallation
{
  char *dir;
  gboolean system;
  int lock_fd;
  OstreeRepo *repo;
};

static gboolean
take_lock (const char *dir, HutchLockWaitFunc on_wait, gpointer user_data, int *out_fd,
           GError **error)
{
  g_autofree char *path = g_build_filename (dir, "lock", NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);

  if (fd < 0)
    return hutch_ostree_fail_errno (error, errno, _("cannot open the lock “%s”"), path);
  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      if (errno == EWOULDBLOCK && on_wait != NULL)
        on_wait (user_data);
      while (flock (fd, LOCK_EX) < 0)
        {
          if (errno != EINTR)
            {
              int errsv = errno;
              close (fd);
              return hutch_ostree_fail_errno (error, errsv, _("cannot lock “%s”"), path);
            }
        }
    }
  *out_fd = fd;
  return TRUE;
}

static gboolean
open_repo (HutchInstallation *self, GError **error)
{
  g_autofree char *path = hutch_installation_get_repo_dir (self->dir);
  g_autofree char *config = g_build_filename (path, "config", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (OstreeRepo) repo = ostree_repo_new (file);

  /* ostree_repo_create() finishes a repository a killed command began. */
  if (!g_file_test (config, G_FILE_TEST_EXISTS))
    {
      if (!ostree_repo_create (repo, OSTREE_REPO_MODE_BARE_USER_ONLY, NULL, error))
        return hutch_ostree_prefix_error (error, _("cannot create the repository “%s”"), path);
    }
  else if (!ostree_repo_open (repo, NULL, error))
    return hutch_ostree_prefix_error (error, _("cannot open the repository “%s”"), path);
  if (ostree_repo_get_mode (repo) != OSTREE_REPO_MODE_BARE_USER_ONLY)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the repository “%s” is not in bare-user-only mode"), path);
      return FALSE;
    }
  self->repo = g_steal_pointer (&repo);
  return TRUE;
}

static gboolean
open_read_only (HutchInstallation *self, GError **error)
{
  g_autofree char *path = hutch_installation_get_repo_dir (self->dir);
  g_autofree char *config = g_build_filename (path, "config", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  if (!g_file_test (config, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                   _("there is no installation in “%s” yet"), self->dir);
      return FALSE;
    }
  self->repo = ostree_repo_new (file);
  if (!ostree_repo_open (self->repo, NULL, error))
    return hutch_ostree_prefix_error (error, _("cannot open the repository “%s”"), path);
  return TRUE;
}

HutchInstallation *
hutch_installation_open (const char *dir, gboolean system, HutchInstallationOpenFlags flags,
                         HutchLockWaitFunc on_wait, gpointer user_data, GError **error)
{
  g_autoptr (HutchInstallation) self = g_new0 (HutchInstallation, 1);
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (dir != NULL && g_path_is_absolute (dir), NULL);

  self->dir = g_strdup (dir);
  self->system = system;
  self->lock_fd = -1;
  if ((flags & HUTCH_INSTALLATION_OPEN_READ_ONLY) != 0)
    return open_read_only (self, error) ? g_steal_pointer (&self) : NULL;
  if (g_mkdir_with_parents (dir, system ? 0755 : 0700) < 0)
    {
      hutch_ostree_fail_errno (error, errno, _("cannot create the installation “%s”"), dir);
      return NULL;
    }
  if (!take_lock (dir, on_wait, user_data, &self->lock_fd, error))
    return NULL;
  tmp = hutch_installation_get_tmp_dir (self);
  if (!hutch_remove_tree_at (AT_FDCWD, tmp, error))
    return NULL;
  if (mkdir (tmp, 0700) < 0)
    {
      hutch_ostree_fail_errno (error, errno, _("cannot create “%s”"), tmp);
      return NULL;
    }
  if (!open_repo (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
hutch_installation_free (HutchInstallation *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->repo);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->dir);
  g_free (self);
}

const char *
hutch_installation_get_dir (HutchInstallation *self)
{
  return self->dir;
}

gboolean
hutch_installation_is_system (HutchInstallation *self)
{
  return self->system;
}

OstreeRepo *
hutch_installation_get_repo (HutchInstallation *self)
{
  return self->repo;
}

char *
hutch_installation_get_tmp_dir (HutchInstallation *self)
{
  return g_build_filename (self->dir, ".tmp", NULL);
}

GPtrArray *
hutch_installation_list_installed (HutchInstallation *self, int kind, GError **error)
{
  GPtrArray *deploys = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_deploy_free);

  for (int k = HUTCH_REF_KIND_APP; k <= HUTCH_REF_KIND_RUNTIME; k++)
    {
      GPtrArray *found;
      if (kind >= 0 && k != kind)
        continue;
      found = hutch_deploy_list (self->dir, k);
      for (guint i = 0; i < found->len; i++)
        ((HutchDeploy *)found->pdata[i])->system = self->system;
      g_ptr_array_extend_and_steal (deploys, found);
    }
  return deploys;
}

/* "REMOTE:REF" keys of the repository's remote refs that name @ref. */
GPtrArray *
hutch_installation_list_origins (HutchInstallation *self, const HutchRef *ref, GError **error)
{
  /* A remote's refs are the files refs/remotes/REMOTE/REF of the
   * repository: one lstat per remote, where listing the refs would read
   * every ref of the installation (this runs at each activation). */
  g_autofree char *name = hutch_ref_format (ref);
  g_autofree char *remotes = g_build_filename (self->dir, "repo", "refs", "remotes", NULL);
  g_autoptr (GPtrArray) origins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) dir = g_dir_open (remotes, 0, &local_error);
  const char *remote;

  if (dir == NULL && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  while (dir != NULL && (remote = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (remotes, remote, name, NULL);
      struct stat st;

      if (lstat (path, &st) == 0 && S_ISREG (st.st_mode))
        g_ptr_array_add (origins, g_strdup (remote));
    }
  g_ptr_array_sort (origins, (GCompareFunc) hutch_ostree_compare_strings);
  return g_steal_pointer (&origins);
}

char *
hutch_installation_get_origin (HutchInstallation *self, const HutchRef *ref, GError **error)
{
  g_autoptr (GPtrArray) origins = hutch_installation_list_origins (self, ref, error);
  g_autoptr (HutchDeploy) active = NULL;
  g_autofree char *name = NULL;

  if (origins == NULL || origins->len == 0)
    return NULL;
  if (origins->len == 1)
    return g_strdup (g_ptr_array_index (origins, 0));
  /* Several only while an install from elsewhere is unfinished: the one
   * that names the active commit, else the first, to be predictable. */
  active = hutch_deploy_lookup (self->dir, ref, NULL);
  name = hutch_ref_format (ref);
  for (guint i = 0; active != NULL && i < origins->len; i++)
    {
      g_autofree char *refspec = g_strconcat (g_ptr_array_index (origins, i), ":", name, NULL);
      g_autofree char *commit = NULL;
      if (ostree_repo_resolve_rev (self->repo, refspec, TRUE, &commit, NULL)
          && g_strcmp0 (commit, active->commit) == 0)
        return g_strdup (g_ptr_array_index (origins, i));
    }
  return g_strdup (g_ptr_array_index (origins, 0));
}

void
hutch_installation_test_kill_point (const char *point)
{
  const char *at = g_getenv ("HUTCH_TEST_KILL_AT");

  if (at != NULL && strcmp (at, point) == 0)
    raise (SIGKILL);
}
