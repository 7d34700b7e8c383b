/* app info: what is known about an installed app or runtime: its ref,
 * commit, origin, installation, size, runtime and SDK, and with
 * --show-permissions the merged permissions it runs with (metadata, then
 * overrides); with --show-ref, --show-commit… only those values, one per
 * line, for scripts.
 *
 * No libostree here (the origin is a ref file of the installation's
 * repository, read as a file).  Text from the metadata is escaped before
 * it reaches the terminal; the size walk stays on the deploy's file system
 * and never follows a symbolic link.
 */
#include "app-builtins.h"

#include "hutch-command.h"
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
  HutchDeploy *deploy = hutch_deploy_find (HUTCH_REF_KIND_APP, id, arch, branch, NULL,
                                           &local_error);

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

typedef struct
{
  gboolean permissions;
  /* --show-VALUE: only these, one per line, unnamed (for scripts) */
  gboolean ref, commit, origin, location, size, runtime, metadata;
  char *branch;
  char *arch;
} InfoOptions;

static gboolean
wants_values (const InfoOptions *opts)
{
  return opts->ref || opts->commit || opts->origin || opts->location || opts->size
         || opts->runtime || opts->metadata;
}

static void
print_value (const char *value)
{
  g_autofree char *safe = hutch_escape_for_terminal (value != NULL ? value : "",
                                                     HUTCH_ESCAPE_FLAGS_NONE);

  printf ("%s\n", safe);
}

/* The values asked for, in this order whatever the options' order; an
 * unknown one (an origin, a runtime) is an empty line. */
static void
print_values (const InfoOptions *opts, const HutchDeploy *deploy, const HutchMetadata *metadata)
{
  g_autofree char *ref = hutch_ref_format (deploy->ref);
  g_autofree char *origin = find_origin (deploy);
  g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, deploy_size (deploy));
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;

  if (opts->ref)
    print_value (ref);
  if (opts->commit)
    print_value (deploy->commit);
  if (opts->origin)
    print_value (origin);
  if (opts->location)
    print_value (deploy->deploy_dir);
  if (opts->size)
    print_value (size);
  if (opts->runtime)
    print_value (metadata->runtime);
  if (opts->metadata && g_file_get_contents (deploy->metadata_path, &text, NULL, NULL))
    {
      safe = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES);
      printf ("%s", safe);
    }
}

static void
print_fields (const HutchDeploy *deploy, const HutchMetadata *metadata)
{
  g_autofree char *ref = hutch_ref_format (deploy->ref);
  g_autofree char *origin = find_origin (deploy);
  g_autofree char *size = g_format_size (deploy_size (deploy));

  hutch_command_print_field (_("Ref"), ref);
  hutch_command_print_field (_("Commit"), deploy->commit);
  if (origin != NULL)
    hutch_command_print_field (_("Origin"), origin);
  hutch_command_print_field (_("Installation"), deploy->system ? _("system") : _("user"));
  hutch_command_print_field (_("Location"), deploy->deploy_dir);
  hutch_command_print_field (_("Installed size"), size);
  if (metadata->runtime != NULL)
    hutch_command_print_field (_("Runtime"), metadata->runtime);
  if (metadata->sdk != NULL)
    hutch_command_print_field (_("SDK"), metadata->sdk);
  if (metadata->command != NULL)
    hutch_command_print_field (_("Command"), metadata->command);
}

static int
show_info (const InfoOptions *opts, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (HutchDeploy) deploy = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;
  const char *const *dirs = hutch_app_installation_dirs ();

  deploy = find_app_or_runtime (id, opts->arch, opts->branch, &error);
  if (deploy == NULL
      || (metadata = hutch_metadata_load (deploy->metadata_path, warnings, &error)) == NULL)
    return hutch_app_fail (error);
  hutch_app_warn_all (warnings);
  if (wants_values (opts))
    {
      print_values (opts, deploy, metadata);
      return 0;
    }
  print_fields (deploy, metadata);
  if (opts->permissions && deploy->ref->kind == HUTCH_REF_KIND_APP)
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
  return 0;
}

int
hutch_app_info (int argc, char **argv)
{
  InfoOptions opts = { 0 };
  const GOptionEntry entries[] = {
    { "show-permissions", 0, 0, G_OPTION_ARG_NONE, &opts.permissions, N_("Show the permissions the app runs with"), NULL },
    { "show-ref", 0, 0, G_OPTION_ARG_NONE, &opts.ref, N_("Show only the ref"), NULL },
    { "show-commit", 0, 0, G_OPTION_ARG_NONE, &opts.commit, N_("Show only the commit"), NULL },
    { "show-origin", 0, 0, G_OPTION_ARG_NONE, &opts.origin, N_("Show only the remote it came from"), NULL },
    { "show-location", 0, 0, G_OPTION_ARG_NONE, &opts.location, N_("Show only where it is installed"), NULL },
    { "show-size", 0, 0, G_OPTION_ARG_NONE, &opts.size, N_("Show only its installed size, in bytes"), NULL },
    { "show-runtime", 0, 0, G_OPTION_ARG_NONE, &opts.runtime, N_("Show only the runtime it needs"), NULL },
    { "show-metadata", 0, 0, G_OPTION_ARG_NONE, &opts.metadata, N_("Show only its metadata"), NULL },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &opts.branch, N_("Look at this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch, N_("Look at this architecture"), N_("ARCH") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("APP — show information about an installed app or runtime"));
  g_autoptr (GError) error = NULL;
  int status;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = hutch_app_fail (error);
  else if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("which app? (see app info --help)"));
      status = hutch_app_fail (error);
    }
  else
    status = show_info (&opts, argv[1]);
  g_free (opts.branch);
  g_free (opts.arch);
  return status;
}
