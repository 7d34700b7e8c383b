/* The apps' data that `app uninstall --delete-data` removes: ~/.var/app/ID,
 * where `app run` keeps each app's writable files.
 *
 * Defends against: losing data that is still wanted (the data of an app
 * that is still installed, in either Hutch installation or by Flatpak,
 * which keeps its apps' data in the same place, or that is running, stays),
 * and deleting anything outside ~/.var/app (~/.var and ~/.var/app are
 * opened without following symbolic links, the removal never follows one,
 * and only names that are valid app IDs are touched).
 */
#include "repo-common.h"

#include "app-instances.h"
#include "hutch-deploy.h"
#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ~/.var/app, opened without following a symbolic link; -1 with errno
 * (ENOENT: there is no data at all). */
static int
open_data_root (void)
{
  struct open_how how = {
    .flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
  };
  int home = open (g_get_home_dir (), O_PATH | O_DIRECTORY | O_CLOEXEC);
  int fd, errsv;

  if (home < 0)
    return -1;
  fd = (int) syscall (SYS_openat2, home, ".var/app", &how, sizeof how);
  errsv = errno;
  close (home);
  errno = errsv;
  return fd;
}

static gboolean
is_leaving (GPtrArray *leaving, const HutchDeploy *deploy)
{
  for (guint i = 0; leaving != NULL && i < leaving->len; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (leaving, i);
      if (strcmp (d->installation_dir, deploy->installation_dir) == 0
          && hutch_ref_equal (d->ref, deploy->ref))
        return TRUE;
    }
  return FALSE;
}

/* An active deploy of @app_id in @installation_dir, other than @leaving's. */
static gboolean
has_active_deploy (const char *installation_dir, const char *app_id, GPtrArray *leaving)
{
  g_autoptr (GPtrArray) deploys = hutch_deploy_list (installation_dir, HUTCH_REF_KIND_APP);

  for (guint i = 0; i < deploys->len; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (deploys, i);
      if (strcmp (d->ref->id, app_id) == 0 && !is_leaving (leaving, d))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_running (const char *app_id)
{
  g_autoptr (GPtrArray) instances = hutch_instances_list ();

  for (guint i = 0; i < instances->len; i++)
    if (g_strcmp0 (((HutchInstance *) g_ptr_array_index (instances, i))->app_id, app_id) == 0)
      return TRUE;
  return FALSE;
}

/* Flatpak's own installations, the user's and the system's. */
static gboolean
flatpak_has (const char *app_id)
{
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "flatpak", "app", app_id, NULL);
  g_autofree char *system = g_build_filename ("/var/lib/flatpak/app", app_id, NULL);

  return g_file_test (user, G_FILE_TEST_EXISTS) || g_file_test (system, G_FILE_TEST_EXISTS);
}

char *
repo_data_keep_reason (const char *app_id, GPtrArray *leaving)
{
  g_autofree char *user = hutch_get_user_installation_dir ();
  g_autofree char *system = hutch_get_system_installation_dir ();

  if (has_active_deploy (user, app_id, leaving) || has_active_deploy (system, app_id, leaving))
    return g_strdup (_("it is still installed"));
  if (flatpak_has (app_id))
    return g_strdup (_("Flatpak has it installed, and keeps its data there too"));
  if (is_running (app_id))
    return g_strdup (_("it is running"));
  return NULL;
}

gboolean
repo_data_exists (const char *app_id)
{
  struct stat st;
  int root = open_data_root ();
  gboolean exists;

  if (root < 0 || !hutch_id_is_valid (app_id, NULL))
    {
      if (root >= 0)
        close (root);
      return FALSE;
    }
  exists = fstatat (root, app_id, &st, AT_SYMLINK_NOFOLLOW) == 0;
  close (root);
  return exists;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
repo_data_list_unowned (void)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int root = open_data_root ();
  DIR *dir = root >= 0 ? fdopendir (root) : NULL;
  struct dirent *entry;

  if (dir == NULL)
    {
      if (root >= 0)
        close (root);
      return ids;
    }
  while ((entry = readdir (dir)) != NULL)
    if (hutch_id_is_valid (entry->d_name, NULL))
      g_ptr_array_add (names, g_strdup (entry->d_name));
  closedir (dir);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *reason = repo_data_keep_reason (names->pdata[i], NULL);
      if (reason == NULL)
        g_ptr_array_add (ids, g_strdup (names->pdata[i]));
    }
  return ids;
}

gboolean
repo_data_delete (const char *app_id, GError **error)
{
  g_autofree char *path = hutch_get_app_data_dir (app_id, error);
  int root;
  gboolean ok;

  if (path == NULL)
    return FALSE;
  root = open_data_root ();
  if (root < 0)
    return errno == ENOENT
           || hutch_set_file_error (error, errno, _("cannot delete “%s”"), path);
  ok = hutch_remove_tree_at (root, app_id, error);
  close (root);
  if (!ok)
    g_prefix_error (error, _("cannot delete the data of %s: "), app_id);
  return ok;
}
