/* app info: what is known about an installed app or runtime: its ref,
 * commit, origin, installation, size, runtime and SDK, and with
 * --show-permissions the merged permissions it runs with (metadata, then
 * overrides).
 *
 * No libostree here (the origin is a ref file of the installation's
 * repository, read as a file).  Text from the metadata is escaped before
 * it reaches the terminal; the size walk stays on the deploy's file system
 * and never follows a symbolic link.
 */
#include "app-builtins.h"

#include "hutch-deploy.h"
#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-metadata.h"
#include "hutch-ref.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
print_field (const char *name, const char *value)
{
  g_autofree char *safe = hutch_escape_for_terminal (value, HUTCH_ESCAPE_FLAGS_NONE);

  printf ("%14s: %s\n", name, safe);
}

/* The remote @deploy was installed from: hutch-app-repo records it as the
 * repository ref refs/remotes/REMOTE/REF.  NULL if none names it. */
static char *
find_origin (const HutchDeploy *deploy)
{
  g_autofree char *remotes = g_build_filename (deploy->installation_dir, "repo", "refs", "remotes", NULL);
  g_autofree char *ref = hutch_ref_format (deploy->ref);
  g_autoptr (GDir) dir = g_dir_open (remotes, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (remotes, name, ref, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_strdup (name);
    }
  return NULL;
}

typedef struct
{
  GHashTable *seen; /* inode numbers of files with several links, counted once */
  guint64 bytes;
  guint depth;
} SizeWalk;

/* Adds the sizes of the files under the directory open on @fd (closed). */
static void
add_dir_size (SizeWalk *walk, int fd)
{
  DIR *dir = fdopendir (fd);
  struct dirent *entry;

  if (dir == NULL)
    {
      close (fd);
      return;
    }
  walk->depth++;
  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0
          || fstatat (dirfd (dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        continue;
      if (S_ISDIR (st.st_mode) && walk->depth < 256)
        {
          int sub = openat (dirfd (dir), entry->d_name,
                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (sub >= 0)
            add_dir_size (walk, sub);
        }
      else if (S_ISREG (st.st_mode)
               && (st.st_nlink == 1
                   || g_hash_table_add (walk->seen, g_memdup2 (&st.st_ino, sizeof st.st_ino))))
        walk->bytes += (guint64) st.st_size;
    }
  walk->depth--;
  closedir (dir);
}

/* The bytes of the deploy's files, a file with several links in it
 * counted once (as OSTree's hard-linked checkouts make them). */
static guint64
deploy_size (const HutchDeploy *deploy)
{
  SizeWalk walk = { g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL), 0, 0 };
  int fd = open (deploy->deploy_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    add_dir_size (&walk, fd);
  g_hash_table_destroy (walk.seen);
  return walk.bytes;
}

/* The app @id, else the runtime @id; an error about the app unless it is
 * not installed (several branches, say). */
static HutchDeploy *
find_app_or_runtime (const char *id, const char *arch, const char *branch, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  HutchDeploy *deploy = hutch_deploy_find (HUTCH_REF_KIND_APP, id, arch, branch, NULL, &local_error);

  if (deploy != NULL)
    return deploy;
  if (!g_error_matches (local_error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);
  deploy = hutch_deploy_find (HUTCH_REF_KIND_RUNTIME, id, arch, branch, NULL, &local_error);
  if (deploy != NULL)
    return deploy;
  if (g_error_matches (local_error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED))
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED,
                 _("%s is installed neither as an app nor as a runtime"), id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

int
hutch_app_info (int argc, char **argv)
{
  gboolean show_permissions = FALSE;
  char *branch = NULL, *arch = NULL;
  const GOptionEntry entries[] = {
    { "show-permissions", 0, 0, G_OPTION_ARG_NONE, &show_permissions, N_("Show the permissions the app runs with"), NULL },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &branch, N_("Look at this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &arch, N_("Look at this architecture"), N_("ARCH") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("APP — show information about an installed app or runtime"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (HutchDeploy) deploy = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *size = NULL;
  const char *const *dirs = hutch_app_installation_dirs ();

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("which app? (see app info --help)"));
      return hutch_app_fail (error);
    }
  deploy = find_app_or_runtime (argv[1], arch, branch, &error);
  if (deploy == NULL || (metadata = hutch_metadata_load (deploy->metadata_path, warnings, &error)) == NULL)
    return hutch_app_fail (error);
  hutch_app_warn_all (warnings);

  ref = hutch_ref_format (deploy->ref);
  origin = find_origin (deploy);
  print_field (_("Ref"), ref);
  print_field (_("Commit"), deploy->commit);
  if (origin != NULL)
    print_field (_("Origin"), origin);
  print_field (_("Installation"), deploy->system ? _("system") : _("user"));
  print_field (_("Location"), deploy->deploy_dir);
  size = g_format_size (deploy_size (deploy));
  print_field (_("Installed size"), size);
  if (metadata->runtime != NULL)
    print_field (_("Runtime"), metadata->runtime);
  if (metadata->sdk != NULL)
    print_field (_("SDK"), metadata->sdk);
  if (metadata->command != NULL)
    print_field (_("Command"), metadata->command);
  if (show_permissions && deploy->ref->kind == HUTCH_REF_KIND_APP)
    {
      g_autoptr (HutchPermissions) perms = NULL;
      g_autofree char *text = NULL;
      g_autofree char *safe = NULL;

      perms = hutch_permissions_for_app (metadata, dirs[1], dirs[0], NULL, warnings, &error);
      if (perms == NULL)
        return hutch_app_fail (error);
      text = hutch_permissions_to_string (perms);
      safe = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES);
      printf ("\n%s", safe);
    }
  g_free (branch);
  g_free (arch);
  return 0;
}
