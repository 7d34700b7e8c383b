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
 * by guessing (several remotes or branches offering it is an error that
 * names them), and an app active before its runtime.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <string.h>

typedef struct
{
  char *arch;
  char *branch;
  gboolean reinstall;
  gboolean bundle;
  char *gpg_import;
  RepoOptions common;
} InstallOptions;

typedef struct
{
  const char *remote; /* borrowed while matching; a copy in resolve()'s result */
  const HutchRemoteRef *rref;
} Match;

/* "a, b" of the distinct @field strings of @matches. */
static char *
join_distinct (GArray *matches, gboolean remotes)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < matches->len; i++)
    {
      const Match *m = &g_array_index (matches, Match, i);
      const char *value = remotes ? m->remote : m->rref->ref->branch;
      if (!g_ptr_array_find_with_equal_func (seen, value, g_str_equal, NULL))
        g_ptr_array_add (seen, (gpointer) value);
    }
  g_ptr_array_add (seen, NULL);
  return g_strjoinv (", ", (char **) seen->pdata);
}

/* The refs of @remotes matching @want (kind only if @kind_given; branch
 * only if set). */
static GArray *
find_matches (RepoRemotes *remotes, char **names, const HutchRef *want, gboolean kind_given,
              gboolean strict, GError **error)
{
  g_autoptr (GArray) matches = g_array_new (FALSE, FALSE, sizeof (Match));
  gboolean any_app = FALSE;

  for (guint r = 0; names[r] != NULL; r++)
    {
      g_autoptr (GError) local_error = NULL;
      GPtrArray *refs = repo_remotes_get_refs (remotes, names[r], &local_error);
      if (refs == NULL && strict)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (refs == NULL)
        hutch_repo_warn (local_error->message);
      for (guint i = 0; refs != NULL && i < refs->len; i++)
        {
          const HutchRemoteRef *rref = g_ptr_array_index (refs, i);
          Match m = { names[r], rref };
          if (strcmp (rref->ref->id, want->id) != 0 || strcmp (rref->ref->arch, want->arch) != 0
              || (kind_given && rref->ref->kind != want->kind)
              || (want->branch != NULL && strcmp (rref->ref->branch, want->branch) != 0))
            continue;
          any_app |= rref->ref->kind == HUTCH_REF_KIND_APP;
          g_array_append_val (matches, m);
        }
    }
  /* An app and a runtime of the same ID: the app, unless runtime/ was said. */
  for (guint i = matches->len; any_app && i > 0; i--)
    if (g_array_index (matches, Match, i - 1).rref->ref->kind != HUTCH_REF_KIND_APP)
      g_array_remove_index (matches, i - 1);
  return g_steal_pointer (&matches);
}

static gboolean
resolve (HutchInstallation *installation, RepoRemotes *remotes, const char *remote,
         const char *spec, const InstallOptions *opts, Match *out, GError **error)
{
  gboolean kind_given = g_str_has_prefix (spec, "app/") || g_str_has_prefix (spec, "runtime/");
  g_autoptr (HutchRef) want = NULL;
  g_auto (GStrv) names = NULL;
  g_autoptr (GArray) matches = NULL;
  g_autofree char *list = NULL;

  want = hutch_ref_parse_partial (spec, HUTCH_REF_KIND_APP, opts->arch, opts->branch, error);
  if (want == NULL)
    return FALSE;
  names = remote != NULL ? g_strdupv ((char *[]) { (char *) remote, NULL })
                         : hutch_remote_list (installation);
  matches = find_matches (remotes, names, want, kind_given, remote != NULL, error);
  if (matches == NULL)
    return FALSE;
  if (matches->len == 0)
    {
      if (remote != NULL)
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                     _("the remote “%s” offers no %s for %s"), remote, want->id, want->arch);
      else
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                     _("no remote offers %s for %s (see app remote-ls)"), want->id, want->arch);
      return FALSE;
    }
  list = join_distinct (matches, TRUE);
  if (strchr (list, ',') != NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("%s is offered by several remotes (%s): name one, as in "
                     "“app install REMOTE %s”"),
                   want->id, list, want->id);
      return FALSE;
    }
  g_free (list);
  list = join_distinct (matches, FALSE);
  if (matches->len > 1)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("%s has several branches (%s): choose one with --branch"), want->id, list);
      return FALSE;
    }
  *out = g_array_index (matches, Match, 0);
  out->remote = g_strdup (out->remote);
  return TRUE;
}

/* Adds the item for @spec, and the runtime it needs, to @items; nothing if
 * it is installed (unless --reinstall). */
static gboolean
plan_one (HutchInstallation *installation, RepoRemotes *remotes, const char *remote,
          const char *spec, const InstallOptions *opts, GPtrArray *items, GPtrArray *warnings,
          GError **error)
{
  Match match = { NULL, NULL };
  g_autofree char *match_remote = NULL;
  g_autoptr (HutchDeploy) installed = NULL;
  g_autoptr (RepoItem) item = NULL;
  g_autoptr (RepoItem) runtime = NULL;
  g_autofree char *name = NULL;

  if (!resolve (installation, remotes, remote, spec, opts, &match, error))
    return FALSE;
  match_remote = (char *) match.remote;
  name = hutch_ref_format (match.rref->ref);
  installed = hutch_deploy_lookup (hutch_installation_get_dir (installation), match.rref->ref, NULL);
  if (installed != NULL && !opts->reinstall)
    {
      hutch_repo_say (_("%s is installed already (%.12s): nothing to do; use app update, or "
                        "--reinstall"),
                      name, installed->commit);
      return TRUE;
    }
  if (repo_items_have (items, match.rref->ref))
    return TRUE;
  item = repo_item_fetch (installation, match.remote, match.rref, REPO_FETCH_SUMMARY_OR_COMMIT,
                          warnings, error);
  if (item == NULL)
    return FALSE;
  runtime = repo_item_runtime_needed (installation, remotes, item, warnings, error);
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

static int
install (InstallOptions *opts, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (RepoRemotes) remotes = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) repo_item_free);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  const char *remote = NULL;
  int first = 1;

  installation = hutch_repo_open (&opts->common, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL)
    return hutch_repo_fail (error);
  remotes = repo_remotes_new (installation);
  if (hutch_remote_exists (installation, argv[1]))
    {
      remote = argv[1];
      first = 2;
      if (argc == 2)
        return hutch_repo_fail_literal (_("which app? Give its ID after the remote"));
    }
  for (int i = first; i < argc; i++)
    if (!plan_one (installation, remotes, remote, argv[i], opts, items, warnings, &error))
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
  if (opts->reinstall && !hutch_installation_cleanup (installation, NULL, NULL, NULL, &error))
    return hutch_repo_fail (error);
  return 0;
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
  const GOptionEntry entries[] = {
    { "branch", 0, 0, G_OPTION_ARG_STRING, &opts.branch, N_("Install this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch, N_("Install for this architecture"), N_("ARCH") },
    { "reinstall", 0, 0, G_OPTION_ARG_NONE, &opts.reinstall, N_("Install again what is installed already"), NULL },
    { "bundle", 0, 0, G_OPTION_ARG_NONE, &opts.bundle, N_("Install the single-file bundle FILE"), NULL },
    { "gpg-import", 0, 0, G_OPTION_ARG_FILENAME, &opts.gpg_import, N_("With --bundle: require a signature by a key of KEYFILE"), N_("KEYFILE") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("[REMOTE] ID… | --bundle FILE — install apps or runtimes"), entries, &opts.common, TRUE);
  int status;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc < 2)
    status = hutch_repo_fail_literal (_("what should be installed? (see app install --help)"));
  else if (opts.bundle)
    status = install_bundle (&opts, argc, argv);
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
