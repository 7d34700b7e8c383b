/* app run: run an installed app in its sandbox.
 *
 * Finds the app's active deploy and its runtime's, merges the app's
 * permissions (metadata, overrides, the flags given here), turns them into
 * a sandbox plan and runs hutch-launch's code in this process (no second
 * program to start).  This is the launch path: it never loads libostree
 * (DESIGN.md, invariant 6).
 *
 * Defends against: a command taken for an option (--command is never
 * parsed by anything), a deploy that is not what its links claim
 * (hutch-deploy.c), and permissions wider than the merged layers say.
 */
#include "app-builtins.h"
#include "app-instances.h"
#include "app-resources.h"

#include "hutch-deploy.h"
#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-metadata.h"
#include "hutch-paths.h"
#include "hutch-sandbox-plan.h"
#include "launch-run.h"
#include "seccomp-profile.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  char *command;
  char *branch;
  char *arch;
  char *cwd;
  char *runtime;         /* --runtime=ID[/ARCH[/BRANCH]] */
  char *runtime_version; /* --runtime-version=BRANCH */
  gboolean devel;
  gboolean sandbox; /* none of the app's grants, only the flags given here */
  gboolean print_args;
  HutchPermissions *flags;
} RunOptions;

/* HUTCH_DEBUG_DISABLE=hide-installations,beneath: for tests that show
 * their check fails without the protection (documented in app(1)). */
static HutchPlanDebug
debug_disabled (void)
{
  return (hutch_app_debug_disabled ("hide-installations") ? HUTCH_PLAN_DEBUG_NO_HIDE : 0)
         | (hutch_app_debug_disabled ("beneath") ? HUTCH_PLAN_DEBUG_NO_BENEATH : 0)
         | (hutch_app_debug_disabled ("hide-apps") ? HUTCH_PLAN_DEBUG_SHOW_APPS : 0);
}

/* Do the permissions grant one of the XDG user directories (Downloads…)? */
static gboolean
needs_user_dirs (const HutchPermissions *perms)
{
  g_autoptr (GPtrArray) filesystems = hutch_permissions_get_filesystems (perms);

  for (guint i = 0; i < filesystems->len; i++)
    {
      const HutchFilesystem *fs = g_ptr_array_index (filesystems, i);
      if (fs->base >= HUTCH_FS_BASE_XDG_DESKTOP && fs->base <= HUTCH_FS_BASE_XDG_VIDEOS)
        return TRUE;
    }
  return FALSE;
}

/* The runtime to run on: the metadata's (its SDK with --devel), with the
 * parts --runtime and --runtime-version give instead, as "ID/ARCH/BRANCH". */
static char *
chosen_runtime (const HutchMetadata *metadata, const RunOptions *opts, const char *app_id,
                GError **error)
{
  const char *base = opts->devel ? metadata->sdk : metadata->runtime;
  g_auto (GStrv) parts = NULL, given = NULL;

  if (base == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   opts->devel ? _("%s names no SDK (sdk= in its metadata): give one with --runtime")
                               : _("%s names no runtime: give one with --runtime"),
                   app_id);
      return NULL;
    }
  parts = g_strsplit (base, "/", 3); /* validated: ID, ARCH and BRANCH */
  given = g_strsplit (opts->runtime != NULL ? opts->runtime : "", "/", 3);
  for (guint i = 0; given[i] != NULL && parts[i] != NULL; i++)
    if (given[i][0] != '\0')
      {
        g_free (parts[i]);
        parts[i] = g_strdup (given[i]);
      }
  if (opts->runtime_version != NULL && g_strv_length (parts) == 3)
    {
      g_free (parts[2]);
      parts[2] = g_strdup (opts->runtime_version);
    }
  return g_strjoinv ("/", parts);
}

/* Overrides are looked up by the metadata's name: it must be the deploy's
 * ID (every install checks it; this holds for a deploy changed since). */
static gboolean
names_itself (const HutchMetadata *metadata, const HutchDeploy *app, GError **error)
{
  if (g_strcmp0 (metadata->name, app->ref->id) == 0)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
               _("%s: the metadata names another app, “%s”: refusing to run it"),
               app->metadata_path, metadata->name);
  return FALSE;
}

/* The app's permissions: its metadata, the overrides, then the flags given
 * here; with --sandbox, the grants of the first two are taken away first. */
static HutchPermissions *
permissions_for (const HutchMetadata *metadata, const RunOptions *opts, GPtrArray *warnings,
                 GError **error)
{
  const char *const *dirs = hutch_app_installation_dirs ();
  HutchPermissions *perms = hutch_permissions_for_app (metadata, dirs[1], dirs[0],
                                                       opts->sandbox ? NULL : opts->flags,
                                                       warnings, error);

  if (perms != NULL && opts->sandbox)
    {
      hutch_permissions_make_sandboxed (perms);
      hutch_permissions_merge (perms, opts->flags);
    }
  return perms;
}

/* That runtime, from the app's installation first. */
static HutchDeploy *
find_runtime (const char *runtime, const HutchDeploy *app, GError **error)
{
  g_autoptr (HutchRef) ref = NULL;
  g_autofree char *full = g_strconcat ("runtime/", runtime, NULL);
  const char *const *dirs = hutch_app_installation_dirs ();
  const char *order[3] = { app->installation_dir, NULL, NULL };

  ref = hutch_ref_parse (full, error);
  if (ref == NULL)
    return NULL;
  order[1] = strcmp (dirs[0], app->installation_dir) == 0 ? dirs[1] : dirs[0];
  return hutch_deploy_find (HUTCH_REF_KIND_RUNTIME, ref->id, ref->arch, ref->branch, order, error);
}

/* /.hutch-info: which app and runtime, which commits, which permissions. */
static char *
build_info (const HutchDeploy *app, const HutchDeploy *runtime, const HutchPermissions *perms)
{
  g_autoptr (GKeyFile) info = g_key_file_new ();
  g_autofree char *app_ref = hutch_ref_format (app->ref);
  g_autofree char *runtime_ref = hutch_ref_format (runtime->ref);

  g_key_file_set_string (info, "Application", "name", app->ref->id);
  g_key_file_set_string (info, "Application", "runtime", runtime_ref);
  g_key_file_set_string (info, "Instance", "app-ref", app_ref);
  g_key_file_set_string (info, "Instance", "app-commit", app->commit);
  g_key_file_set_string (info, "Instance", "runtime-commit", runtime->commit);
  g_key_file_set_string (info, "Instance", "branch", app->ref->branch);
  g_key_file_set_string (info, "Instance", "arch", app->ref->arch);
  g_key_file_set_string (info, "Instance", "installation", app->system ? "system" : "user");
  g_key_file_set_string (info, "Instance", "hutch-version", PACKAGE_VERSION);
  hutch_permissions_save_keyfile (perms, info);
  return g_key_file_to_data (info, NULL, NULL);
}

/* The filter for the plan's profile and rules, or -1 for hutch-launch's
 * built-in default. */
static int
seccomp_fd (const HutchSandboxPlan *plan, const char *app_id, GError **error)
{
  g_autofree char *cache = NULL;

  if (plan->seccomp_profile == NULL)
    return -1;
  cache = g_build_filename (hutch_app_installation_dirs ()[0], "seccomp-cache", NULL);
  g_ptr_array_add (plan->seccomp_rules, NULL);
  return hutch_seccomp_cache_open (cache, hutch_app_profiles_dir (), plan->seccomp_profile,
                                   (const char *const *) plan->seccomp_rules->pdata, app_id, error);
}

static void
prepend_fd_option (GPtrArray *args, const char *option, int fd)
{
  g_ptr_array_insert (args, 0, g_strdup_printf ("%d", fd));
  g_ptr_array_insert (args, 0, g_strdup (option));
}

/* The instance (app ps, app kill, app enter) and the deploys it runs,
 * held for the sandbox's lifetime (app update keeps them). */
static gboolean
register_instance (GPtrArray *args, int seccomp, const HutchDeploy *app,
                   const HutchDeploy *runtime, HutchInstance **instance_out, GError **error)
{
  g_autoptr (HutchInstance) instance = hutch_instance_register (app->ref->id, app->commit,
                                                                seccomp, error);
  int app_hold, runtime_hold;

  if (instance == NULL)
    return FALSE;
  app_hold = hutch_deploy_hold (app->deploy_dir, error);
  runtime_hold = app_hold >= 0 ? hutch_deploy_hold (runtime->deploy_dir, error) : -1;
  if (runtime_hold < 0)
    return FALSE;
  prepend_fd_option (args, "--hold-fd", app_hold);
  prepend_fd_option (args, "--hold-fd", runtime_hold);
  prepend_fd_option (args, "--hold-fd", instance->lock_fd);
  prepend_fd_option (args, "--info-fd", instance->info_fd);
  prepend_fd_option (args, "--env-fd", instance->env_fd);
  /* hutch-launch closes it once written. */
  instance->env_fd = -1;
  *instance_out = g_steal_pointer (&instance);
  return TRUE;
}

static int
launch (const HutchSandboxPlan *plan, int seccomp, const char *const *command,
        const HutchDeploy *app, const HutchDeploy *runtime, gboolean print_args, GError **error)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) fds = hutch_sandbox_plan_open_fds (plan, warnings, error);
  g_autoptr (GPtrArray) args = NULL;
  g_autoptr (HutchInstance) instance = NULL;

  hutch_app_warn_all (warnings);
  if (fds == NULL)
    return -1;
  args = hutch_sandbox_plan_to_args (plan, fds, command);
  if (seccomp >= 0)
    prepend_fd_option (args, "--seccomp", seccomp);
  if (!print_args && !register_instance (args, seccomp, app, runtime, &instance, error))
    return -1;
  g_ptr_array_insert (args, 0, g_strdup ("hutch-launch"));
  if (print_args)
    {
      for (guint i = 0; i < args->len; i++)
        printf ("%s\n", (const char *) g_ptr_array_index (args, i));
      return 0;
    }
  g_ptr_array_add (args, NULL);
  fflush (stdout);
  return hutch_launch_run ((int) args->len - 1, (char **) args->pdata);
}

static int
run_app (RunOptions *opts, const char *app_id, char **app_args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (HutchDeploy) app = NULL, runtime = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;
  g_autoptr (HutchPermissions) perms = NULL;
  g_autoptr (HutchSandboxPlan) plan = NULL;
  g_autoptr (GPtrArray) command = g_ptr_array_new ();
  g_autofree char *info = NULL, *runtime_name = NULL;
  const char *const *dirs = hutch_app_installation_dirs ();
  HutchHostEnv env;
  HutchAppLaunch launch_info = { 0 };
  HutchResources res;
  int filter, status;

  if (opts->cwd != NULL && !g_path_is_absolute (opts->cwd))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--cwd: “%s” is not an absolute path"), opts->cwd);
      return hutch_app_fail (error);
    }
  /* --devel: the debuggers and profilers of the SDK need ptrace and perf. */
  if (opts->devel && !hutch_permissions_apply_option (opts->flags, "allow", "devel", &error))
    return hutch_app_fail (error);
  app = hutch_deploy_find (HUTCH_REF_KIND_APP, app_id, opts->arch, opts->branch, NULL, &error);
  if (app == NULL || (metadata = hutch_metadata_load (app->metadata_path, warnings, &error)) == NULL
      || !names_itself (metadata, app, &error)
      || (runtime_name = chosen_runtime (metadata, opts, app_id, &error)) == NULL
      || (runtime = find_runtime (runtime_name, app, &error)) == NULL
      || (perms = permissions_for (metadata, opts, warnings, &error)) == NULL)
    return hutch_app_fail (error);

  g_ptr_array_add (command, opts->command != NULL ? opts->command : metadata->command);
  for (guint i = 0; app_args[i] != NULL; i++)
    g_ptr_array_add (command, app_args[i]);
  g_ptr_array_add (command, NULL);
  if (g_ptr_array_index (command, 0) == NULL)
    {
      g_set_error (&error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _("%s names no command: give one with --command"), app_id);
      return hutch_app_fail (error);
    }

  hutch_host_env_init (&env);
  if (needs_user_dirs (perms))
    hutch_host_env_init_user_dirs (&env);
  env.installation_dirs = dirs;
  env.debug_disable = debug_disabled ();
  info = build_info (app, runtime, perms);
  launch_info = (HutchAppLaunch) {
    .app_id = app_id, .app_files = app->files_dir, .runtime_files = runtime->files_dir,
    .info = info, .command = (const char *const *) command->pdata, .permissions = perms,
    .cwd = opts->cwd,
  };
  plan = hutch_sandbox_plan_for_app (&launch_info, &env, &error);
  if (plan == NULL)
    return hutch_app_fail (error);
  if (env.debug_disable & HUTCH_PLAN_DEBUG_NO_BENEATH)
    hutch_sandbox_plan_debug_no_beneath (plan);
  /* The user's installation must exist for the plan to hide it (an app
   * could otherwise create it and plant overrides there). */
  g_mkdir_with_parents (dirs[0], 0700);
  res = plan->resources;
  if (!opts->print_args
      && !hutch_app_apply_resources (&res, app_id, hutch_app_argv, plan->warnings, &error))
    return hutch_app_fail (error);
  hutch_app_warn_all (warnings);
  hutch_app_warn_all (plan->warnings);
  filter = seccomp_fd (plan, app_id, &error);
  if (filter < 0 && error != NULL)
    return hutch_app_fail (error);
  status = launch (plan, filter, (const char *const *) command->pdata, app, runtime,
                   opts->print_args, &error);
  if (status < 0)
    return hutch_app_fail (error);
  return status;
}

int
hutch_app_run (int argc, char **argv)
{
  g_autoptr (HutchPermissions) flags = hutch_permissions_new ();
  RunOptions opts = { .flags = flags };
  const GOptionEntry entries[] = {
    { "command", 0, 0, G_OPTION_ARG_FILENAME, &opts.command, N_("Run COMMAND instead of the app's own"), N_("COMMAND") },
    { "branch", 0, 0, G_OPTION_ARG_FILENAME, &opts.branch, N_("Run this branch of the app"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_FILENAME, &opts.arch, N_("Run the app for this architecture"), N_("ARCH") },
    { "runtime", 0, 0, G_OPTION_ARG_FILENAME, &opts.runtime, N_("Run on this runtime instead of the app's (parts left out are the app's runtime's)"), N_("ID[/ARCH[/BRANCH]]") },
    { "runtime-version", 0, 0, G_OPTION_ARG_FILENAME, &opts.runtime_version, N_("Run on this branch of the runtime"), N_("BRANCH") },
    { "devel", 0, 0, G_OPTION_ARG_NONE, &opts.devel, N_("Run on the app's SDK, with the devel seccomp profile (debuggers, profilers)"), NULL },
    { "sandbox", 0, 0, G_OPTION_ARG_NONE, &opts.sandbox, N_("Run without any of the permissions of the app's metadata and overrides: only those given here"), NULL },
    { "cwd", 0, 0, G_OPTION_ARG_FILENAME, &opts.cwd, N_("Start in this directory of the sandbox (default: the current one if the sandbox has it, else home)"), N_("DIR") },
    { "print-launch-args", 0, 0, G_OPTION_ARG_NONE, &opts.print_args, N_("Print hutch-launch's arguments instead of running the app"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("APP [ARGUMENT…] — run an app in its sandbox"));
  g_autoptr (GError) error = NULL;
  int status;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, hutch_app_permission_options (flags));
  /* Options end at the app's ID: what follows is the app's. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  if (argc < 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("which app? (see app run --help)"));
      return hutch_app_fail (error);
    }
  status = run_app (&opts, argv[1], argv + 2);
  g_free (opts.command);
  g_free (opts.branch);
  g_free (opts.arch);
  g_free (opts.cwd);
  g_free (opts.runtime);
  g_free (opts.runtime_version);
  return status;
}
