/* Finding what is deployed.  See hutch-deploy.h. */
#include "hutch-deploy.h"

#include "hutch-current.h"
#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

void
hutch_deploy_free (HutchDeploy *deploy)
{
  if (deploy == NULL)
    return;
  hutch_ref_free (deploy->ref);
  g_free (deploy->installation_dir);
  g_free (deploy->commit);
  g_free (deploy->deploy_dir);
  g_free (deploy->files_dir);
  g_free (deploy->metadata_path);
  g_free (deploy);
}

HutchDeploy *
hutch_deploy_lookup (const char *installation_dir, const HutchRef *ref, GError **error)
{
  g_autofree char *link = hutch_installation_get_active_link (installation_dir, ref);
  g_autofree char *target = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) local_error = NULL;
  HutchDeploy *deploy;

  target = g_file_read_link (link, &local_error);
  if (target == NULL)
    {
      name = hutch_ref_format (ref);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED, _("%s is not installed in %s"),
                   name, installation_dir);
      return NULL;
    }
  /* The link names a commit in the same directory, nothing else. */
  if (!hutch_checksum_is_valid (target, &local_error))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("“%s” does not point to a deployed commit: %s"), link, local_error->message);
      return NULL;
    }
  deploy = g_new0 (HutchDeploy, 1);
  deploy->ref = hutch_ref_dup (ref);
  deploy->installation_dir = g_strdup (installation_dir);
  deploy->commit = g_steal_pointer (&target);
  deploy->deploy_dir = hutch_installation_get_commit_dir (installation_dir, ref, deploy->commit,
                                                          NULL);
  deploy->files_dir = g_build_filename (deploy->deploy_dir, "files", NULL);
  deploy->metadata_path = g_build_filename (deploy->deploy_dir, "metadata", NULL);
  return deploy;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Every name in @dir that @valid accepts, sorted. */
static GPtrArray *
list_names (const char *dir, gboolean (*valid) (const char *, GError **))
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (valid (name, NULL))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

GPtrArray *
hutch_deploy_list_refs (const char *installation_dir, HutchRefKind kind)
{
  g_autofree char *kind_dir = hutch_installation_get_kind_dir (installation_dir, kind);
  g_autoptr (GPtrArray) ids = list_names (kind_dir, hutch_id_is_valid);
  GPtrArray *refs = g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_ref_free);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *id_dir = g_build_filename (kind_dir, ids->pdata[i], NULL);
      g_autoptr (GPtrArray) arches = list_names (id_dir, hutch_arch_is_valid);

      for (guint j = 0; j < arches->len; j++)
        {
          g_autofree char *arch_dir = g_build_filename (id_dir, arches->pdata[j], NULL);
          g_autoptr (GPtrArray) branches = list_names (arch_dir, hutch_branch_is_valid);

          for (guint k = 0; k < branches->len; k++)
            {
              HutchRef *ref
                  = hutch_ref_new (kind, ids->pdata[i], arches->pdata[j], branches->pdata[k], NULL);
              if (ref != NULL)
                g_ptr_array_add (refs, ref);
            }
        }
    }
  return refs;
}

GPtrArray *
hutch_deploy_list (const char *installation_dir, HutchRefKind kind)
{
  g_autoptr (GPtrArray) refs = hutch_deploy_list_refs (installation_dir, kind);
  GPtrArray *deploys = g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_deploy_free);

  for (guint i = 0; i < refs->len; i++)
    {
      HutchDeploy *deploy = hutch_deploy_lookup (installation_dir, refs->pdata[i], NULL);
      if (deploy != NULL)
        g_ptr_array_add (deploys, deploy);
    }
  return deploys;
}

/* The branches of @id with an active deploy in @installation_dir. */
static GPtrArray *
list_branches (const char *installation_dir, HutchRefKind kind, const char *id, const char *arch)
{
  g_autoptr (HutchRef) ref = hutch_ref_new (kind, id, arch, "x", NULL);
  g_autofree char *dir = NULL;
  g_autoptr (GDir) d = NULL;
  GPtrArray *branches = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (ref == NULL)
    return branches;
  g_clear_pointer (&ref->branch, g_free);
  dir = hutch_installation_get_branches_dir (installation_dir, ref);
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *active = g_build_filename (dir, name, "active", NULL);
      if (hutch_branch_is_valid (name, NULL) && g_file_test (active, G_FILE_TEST_IS_SYMLINK))
        g_ptr_array_add (branches, g_strdup (name));
    }
  g_ptr_array_sort (branches, compare_names);
  return branches;
}

/* The app's current branch (hutch-current.h), if it is for @arch and
 * among @branches; else NULL. */
static const char *
current_branch_among (const char *installation_dir, const char *id, const char *arch,
                      GPtrArray *branches)
{
  g_autofree char *current_arch = NULL, *current = NULL;
  guint index;

  if (!hutch_current_get (installation_dir, id, &current_arch, &current)
      || strcmp (current_arch, arch) != 0
      || !g_ptr_array_find_with_equal_func (branches, current, g_str_equal, &index))
    return NULL;
  return g_ptr_array_index (branches, index);
}

static HutchDeploy *
find_in (const char *installation_dir, HutchRefKind kind, const char *id, const char *arch,
         const char *branch, GError **error)
{
  g_autoptr (GPtrArray) branches = NULL;
  g_autoptr (HutchRef) ref = NULL;

  if (branch == NULL)
    {
      branches = list_branches (installation_dir, kind, id, arch);
      if (branches->len > 1 && kind == HUTCH_REF_KIND_APP)
        branch = current_branch_among (installation_dir, id, arch, branches);
      if (branches->len > 1 && branch == NULL)
        {
          g_ptr_array_add (branches, NULL);
          g_autofree char *list = g_strjoinv (", ", (char **) branches->pdata);
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       _("%s has several branches installed (%s): choose one with --branch"), id,
                       list);
          return NULL;
        }
      if (branches->len == 0)
        return NULL;
      if (branch == NULL)
        branch = g_ptr_array_index (branches, 0);
    }
  ref = hutch_ref_new (kind, id, arch, branch, error);
  if (ref == NULL)
    return NULL;
  return hutch_deploy_lookup (installation_dir, ref, NULL);
}

HutchDeploy *
hutch_deploy_find (HutchRefKind kind, const char *id, const char *arch, const char *branch,
                   const char *const *installation_dirs, GError **error)
{
  g_autofree char *user = NULL, *system = NULL, *name = NULL;
  const char *defaults[3];

  if (!hutch_id_is_valid (id, error) || (arch != NULL && !hutch_arch_is_valid (arch, error))
      || (branch != NULL && !hutch_branch_is_valid (branch, error)))
    return NULL;
  if (arch == NULL)
    arch = hutch_get_arch ();
  if (installation_dirs == NULL)
    {
      defaults[0] = user = hutch_get_user_installation_dir ();
      defaults[1] = system = hutch_get_system_installation_dir ();
      defaults[2] = NULL;
      installation_dirs = defaults;
    }
  for (guint i = 0; installation_dirs[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      HutchDeploy *deploy = find_in (installation_dirs[i], kind, id, arch, branch, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (deploy != NULL)
        {
          deploy->system = system != NULL && strcmp (installation_dirs[i], system) == 0;
          return deploy;
        }
    }
  /* With the branch asked for, if any: another one may be installed. */
  name = branch != NULL ? g_strdup_printf ("%s/%s/%s", id, arch, branch) : g_strdup (id);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED,
               kind == HUTCH_REF_KIND_APP ? _("the app %s is not installed")
                                          : _("the runtime %s is not installed"),
               name);
  return NULL;
}

int
hutch_deploy_hold (const char *deploy_dir, GError **error)
{
  int fd = open (deploy_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || flock (fd, LOCK_SH) < 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("cannot lock “%s”: %s"), deploy_dir, g_strerror (errsv));
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

gboolean
hutch_deploy_is_unused (const char *deploy_dir, int *fd_out)
{
  int fd = open (deploy_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  *fd_out = -1;
  if (fd < 0)
    return errno == ENOENT;
  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      close (fd);
      return FALSE;
    }
  *fd_out = fd;
  return TRUE;
}
