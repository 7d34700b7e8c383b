/* app install [REMOTE] ID…: install apps or runtimes, and the runtime each
 * app needs.
 *
 * Resolves each ID against the summaries of the remotes (REMOTE alone if
 * given, else every remote: exactly one must offer it), fetches only the
 * commit object to read its metadata, shows what will be installed and
 * the permissions, asks (hutch_repo_confirm()), then pulls, deploys and
 * activates runtimes first, apps last.
 *
 * Defends against: installing what the user did not see (the commit shown
 * is the commit deployed, and its metadata must match, see
 * installation/ostree/ostree-deploy.c), an ID resolved to the wrong thing
 * by guessing (repo-match.c), and an app active before its runtime.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"
#include "hutch-repo-file.h"

#include <string.h>

typedef struct
{
  char *arch;
  char *branch;
  gboolean reinstall;
  gboolean bundle;
  char *gpg_import;
  const char *runtime_repo; /* --from: the .flatpakref's RuntimeRepo, or NULL */
  GPtrArray *added_remotes; /* --from: the names of the remotes this command added */
  RepoOptions common;
} InstallOptions;

/* The runtime @item needs, if it is not installed; if no remote offers it,
 * from the remote of the .flatpakref's RuntimeRepo. */
static RepoItem *
runtime_for (HutchInstallation *installation, RepoRemotes *remotes, const RepoItem *item,
             const InstallOptions *opts, GPtrArray *warnings, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *remote = NULL;
  gboolean added = FALSE;
  RepoItem *runtime = repo_item_runtime_needed (installation, remotes, item, warnings,
                                                &local_error);

  if (runtime != NULL || local_error == NULL)
    return runtime;
  if (opts->runtime_repo == NULL
      || !g_error_matches (local_error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  remote = repo_remote_for_runtime_repo (installation, opts->runtime_repo,
                                         item->metadata->runtime, &opts->common, &added, error);
  if (remote == NULL)
    return NULL;
  if (added)
    g_ptr_array_add (opts->added_remotes, g_strdup (remote));
  return repo_item_runtime_needed (installation, remotes, item, warnings, error);
}

/* Adds the item for @spec, and the runtime it needs, to @items; nothing if
 * it is installed (unless --reinstall). */
static gboolean
plan_one (HutchInstallation *installation, RepoRemotes *remotes, const char *remote,
          const char *spec, const InstallOptions *opts, GPtrArray *items, GPtrArray *named,
          GPtrArray *warnings, GError **error)
{
  RepoMatch match = { NULL, NULL };
  g_autofree char *match_remote = NULL;
  g_autoptr (HutchDeploy) installed = NULL;
  g_autoptr (RepoItem) item = NULL;
  g_autoptr (RepoItem) runtime = NULL;
  g_autofree char *name = NULL;

  if (!repo_match (installation, remotes, remote, spec, opts->arch, opts->branch, &match, error))
    return FALSE;
  match_remote = match.remote;
  if (!repo_check_not_masked (installation, match.rref->ref, error))
    return FALSE;
  name = hutch_ref_format (match.rref->ref);
  installed = hutch_deploy_lookup (hutch_installation_get_dir (installation), match.rref->ref, NULL);
  if (installed != NULL && !opts->reinstall)
    {
      hutch_repo_say (_("%s is installed already (%.12s): nothing to do; use app update, or "
                        "--reinstall"),
                      name, installed->commit);
      return TRUE;
    }
  /* Kept, as items free theirs: the refs asked for by name, for their pins. */
  g_ptr_array_add (named, hutch_ref_new (match.rref->ref->kind, match.rref->ref->id,
                                         match.rref->ref->arch, match.rref->ref->branch, NULL));
  if (repo_items_have (items, match.rref->ref))
    return TRUE;
  item = repo_item_fetch (installation, match.remote, match.rref, REPO_FETCH_SUMMARY_OR_COMMIT,
                          warnings, error);
  if (item == NULL)
    return FALSE;
  runtime = runtime_for (installation, remotes, item, opts, warnings, error);
  if (runtime == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (runtime != NULL && !repo_items_have (items, runtime->rref->ref))
    g_ptr_array_add (items, g_steal_pointer (&runtime));
  g_ptr_array_add (items, g_steal_pointer (&item));
  return TRUE;
}

/* Runtimes first, so that no app is active before its runtime. */
static int
runtimes_first (gconstpointer a, gconstpointer b)
{
  const RepoItem *ia = *(RepoItem *const *) a, *ib = *(RepoItem *const *) b;

  return (int) ib->rref->ref->kind - (int) ia->rref->ref->kind;
}

/* Plans, shows, asks about and installs @specs (from @remote, or from the
 * remote that offers each if NULL). */
static int
install_specs (InstallOptions *opts, HutchInstallation *installation, const char *remote,
               char **specs, int n_specs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RepoRemotes) remotes = repo_remotes_new (installation);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) repo_item_free);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) named = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_ref_free);

  for (int i = 0; i < n_specs; i++)
    if (!plan_one (installation, remotes, remote, specs[i], opts, items, named, warnings, &error))
      return hutch_repo_fail (error);
  if (items->len == 0)
    return 0;
  /* g_ptr_array_sort() is stable: the order given is kept otherwise. */
  g_ptr_array_sort (items, runtimes_first);
  hutch_repo_warn_all (warnings);
  hutch_repo_say ("%s", _("To install:"));
  repo_items_print (items);
  if (!hutch_repo_confirm (&opts->common, _("Install?"), &error))
    return hutch_repo_fail (error);
  if (!repo_items_apply (installation, (RepoItem *const *) items->pdata, items->len, &opts->common,
                         opts->reinstall ? HUTCH_DEPLOY_FLAGS_REPLACE : HUTCH_DEPLOY_FLAGS_NONE,
                         &error))
    return hutch_repo_fail (error);
  for (guint i = 0; i < named->len; i++)
    repo_pin_runtime (installation, g_ptr_array_index (named, i), TRUE);
  if (opts->reinstall && !hutch_installation_cleanup (installation, NULL, NULL, NULL, &error))
    return hutch_repo_fail (error);
  return 0;
}

static int
install (InstallOptions *opts, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;

  installation = hutch_repo_open (&opts->common, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL)
    return hutch_repo_fail (error);
  if (!hutch_remote_exists (installation, argv[1]))
    return install_specs (opts, installation, NULL, argv + 1, argc - 1);
  if (argc == 2)
    return hutch_repo_fail_literal (_("which app? Give its ID after the remote"));
  return install_specs (opts, installation, argv[1], argv + 2, argc - 2);
}

/* app install --from FILE: the .flatpakref's ref, from the remote with its
 * URL, added if there is none (repo-ref-file.c). */
static int
install_from (InstallOptions *opts, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (HutchRepoFile) file = NULL;
  g_autofree char *remote = NULL, *spec = NULL;
  g_autoptr (GPtrArray) added_remotes = g_ptr_array_new_with_free_func (g_free);
  gboolean added = FALSE;
  int status;

  if (argc != 2)
    return hutch_repo_fail_literal (_("--from installs from one FILE at a time"));
  if (opts->arch != NULL || opts->branch != NULL)
    return hutch_repo_fail_literal (_("--from takes no --arch or --branch: the file names its "
                                      "ref"));
  if ((file = repo_read_flatpak_file (argv[1], TRUE, &error)) == NULL
      || (installation = hutch_repo_open (&opts->common, HUTCH_INSTALLATION_OPEN_NONE, &error))
             == NULL
      || (remote = repo_remote_for_file (installation, file, argv[1], opts->gpg_import, &added,
                                         &error))
             == NULL)
    return hutch_repo_fail (error);
  if (added)
    g_ptr_array_add (added_remotes, g_strdup (remote));
  spec = g_strdup_printf ("%s/%s//%s", hutch_ref_kind_to_string (file->ref->kind), file->ref->id,
                          file->ref->branch);
  opts->runtime_repo = file->runtime_repo;
  opts->added_remotes = added_remotes;
  status = install_specs (opts, installation, remote, &spec, 1);
  /* Declined or failed: the remotes the file brought go again, unless
   * something came from them (a runtime, before the app failed). */
  if (status != 0)
    repo_forget_added_remotes (installation, added_remotes);
  return status;
}

static int
install_bundle (InstallOptions *opts, int argc, char **argv)
{
  InstallBundleOptions bundle_opts = { opts->gpg_import, opts->reinstall, &opts->common };

  if (argc != 2)
    return hutch_repo_fail_literal (_("--bundle installs one FILE at a time"));
  if (opts->arch != NULL || opts->branch != NULL)
    return hutch_repo_fail_literal (_("--bundle takes no --arch or --branch: the bundle names its "
                                      "ref"));
  return hutch_repo_install_bundle (argv[1], &bundle_opts);
}

int
hutch_repo_install (int argc, char **argv)
{
  InstallOptions opts = { 0 };
  gboolean from = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_NONE, &from, N_("Install what the .flatpakref file FILE (a path or an http or https URL) names, from its remote"), NULL },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &opts.branch, N_("Install this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch, N_("Install for this architecture"), N_("ARCH") },
    { "reinstall", 0, 0, G_OPTION_ARG_NONE, &opts.reinstall, N_("Install again what is installed already"), NULL },
    { "bundle", 0, 0, G_OPTION_ARG_NONE, &opts.bundle, N_("Install the single-file bundle FILE"), NULL },
    { "gpg-import", 0, 0, G_OPTION_ARG_FILENAME, &opts.gpg_import, N_("With --bundle: require a signature by a key of KEYFILE; with --from: trust it for a remote added"), N_("KEYFILE") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("[REMOTE] ID… | --bundle FILE | --from FILE — install apps or runtimes"), entries, &opts.common, TRUE);
  int status;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc < 2)
    status = hutch_repo_fail_literal (_("what should be installed? (see app install --help)"));
  else if (opts.bundle && from)
    status = hutch_repo_fail_literal (_("--bundle and --from exclude each other"));
  else if (opts.bundle)
    status = install_bundle (&opts, argc, argv);
  else if (from)
    status = install_from (&opts, argc, argv);
  else if (opts.gpg_import != NULL)
    status = hutch_repo_fail_literal (_("--gpg-import goes with --bundle; a remote takes its keys "
                                        "with app remote-add --gpg-import"));
  else
    status = install (&opts, argc, argv);
  g_free (opts.arch);
  g_free (opts.branch);
  g_free (opts.gpg_import);
  return status;
}
