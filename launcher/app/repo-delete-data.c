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

static gboolean
installation_has (const char *installation, const char *app_id)
{
  g_autofree char *dir = g_build_filename (installation, "app", app_id, NULL);

  return g_file_test (dir, G_FILE_TEST_EXISTS);
}

/* The Path= of each [Installation "NAME"] in Flatpak's installations.d. */
static GPtrArray *
flatpak_extra_installations (const char *config_dir)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir_path = g_build_filename (config_dir, "installations.d", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr (GKeyFile) keyfile = g_key_file_new ();
      g_autofree char *file = g_build_filename (dir_path, name, NULL);
      g_auto (GStrv) groups = NULL;

      if (!g_str_has_suffix (name, ".conf") || !g_key_file_load_from_file (keyfile, file, 0, NULL))
        continue;
      groups = g_key_file_get_groups (keyfile, NULL);
      for (guint i = 0; groups[i] != NULL; i++)
        {
          char *path = g_str_has_prefix (groups[i], "Installation \"")
                           ? g_key_file_get_string (keyfile, groups[i], "Path", NULL)
                           : NULL;
          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
    }
  return paths;
}

/* Flatpak's installations, found as Flatpak finds them: the user's, the
 * system's, and those its installations.d names (honouring the variables
 * that move them, FLATPAK_USER_DIR, FLATPAK_SYSTEM_DIR, FLATPAK_CONFIG_DIR). */
static gboolean
flatpak_has (const char *app_id)
{
  const char *user_env = g_getenv ("FLATPAK_USER_DIR");
  const char *system_env = g_getenv ("FLATPAK_SYSTEM_DIR");
  const char *config_env = g_getenv ("FLATPAK_CONFIG_DIR");
  g_autofree char *user = user_env != NULL ? g_strdup (user_env)
                                           : g_build_filename (g_get_user_data_dir (), "flatpak", NULL);
  g_autoptr (GPtrArray) extra = flatpak_extra_installations (config_env ? config_env : "/etc/flatpak");

  if (installation_has (user, app_id)
      || installation_has (system_env ? system_env : "/var/lib/flatpak", app_id))
    return TRUE;
  for (guint i = 0; i < extra->len; i++)
    if (installation_has (extra->pdata[i], app_id))
      return TRUE;
  return FALSE;
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
