/* app update [ID…]: bring installed apps and runtimes (all of them if no
 * ID is given) to the commit their remote offers now.
 *
 * For each: the remote it was installed from (its origin) is asked for the
 * ref's commit; a new one is fetched (commit object first, for its
 * metadata), deployed beside the active one, and made active atomically.
 * Then old deploys that no running sandbox holds are removed and the
 * repository is pruned; a held one stays until a later update or
 * uninstall finds it unused.
 *
 * With --commit, the one app or runtime named goes to that commit of its
 * ref instead (verified and checked like any other), even an older one:
 * the user's way back from a bad update.
 *
 * Masked apps and runtimes (app mask) are left as they are; naming one is
 * an error.
 *
 * Defends against: a remote rolling an app back to an older, signed
 * commit (a commit older than the installed one is refused, unless the
 * user names it with --commit), permissions
 * widened silently (changed permissions are shown before the question),
 * an app updated onto a runtime that is not there (it is installed
 * first), and an update pulling files from under a running app.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-patterns.h"

#include <string.h>

typedef struct
{
  char *arch;
  char *branch;
  char *commit; /* --commit: this commit of the one ID, older or newer */
  RepoOptions common;
} UpdateOptions;

/* What `app update` says of a deploy a bundle installed. */
static void
say_from_bundle (HutchInstallation *installation, const HutchDeploy *deploy)
{
  g_autofree char *name = hutch_ref_format (deploy->ref);
  g_autofree char *url = hutch_installation_get_bundle_url (installation, deploy->commit);

  if (url == NULL)
    hutch_repo_say (_("%s was installed from a bundle: there is nothing to update it from "
                      "(install a newer bundle with app install --bundle)"),
                    name);
  else
    hutch_repo_say (_("%s was installed from a bundle: there is nothing to update it from; its "
                      "packager publishes it at %s (app remote-add NAME %s, then app install "
                      "--reinstall NAME %s, to get updates from there)"),
                    name, url, url, deploy->ref->id);
}

/* Where @deploy would be updated from, or NULL (with a warning) if it
 * cannot be. */
static char *
origin_of (HutchInstallation *installation, const HutchDeploy *deploy)
{
  g_autofree char *name = hutch_ref_format (deploy->ref);
  g_autofree char *origin = hutch_installation_get_origin (installation, deploy->ref, NULL);
  g_autofree char *message = NULL;

  if (g_strcmp0 (origin, HUTCH_BUNDLE_ORIGIN) == 0)
    {
      say_from_bundle (installation, deploy);
      return NULL;
    }
  if (origin == NULL)
    message = g_strdup_printf (_("%s was not installed from a remote: left as it is"), name);
  else if (!hutch_remote_exists (installation, origin))
    message = g_strdup_printf (_("the remote “%s” that %s came from is gone: left as it is"),
                               origin, name);
  if (message == NULL)
    return g_steal_pointer (&origin);
  hutch_repo_warn (message);
  return NULL;
}

/* An app that is current may still lack its runtime (uninstalled with
 * --force): add it to @items. */
static gboolean
plan_missing_runtime (HutchInstallation *installation, RepoRemotes *remotes, const char *origin,
                      const HutchDeploy *deploy, GPtrArray *items, GPtrArray *warnings,
                      GError **error)
{
  g_autoptr (RepoItem) current = g_new0 (RepoItem, 1);
  g_autoptr (RepoItem) runtime = NULL;

  if (deploy->ref->kind != HUTCH_REF_KIND_APP)
    return TRUE;
  current->metadata = hutch_metadata_load (deploy->metadata_path, NULL, error);
  if (current->metadata == NULL)
    return FALSE;
  current->remote = g_strdup (origin);
  current->rref = g_new0 (HutchRemoteRef, 1);
  current->rref->ref = hutch_ref_dup (deploy->ref);
  current->rref->commit = g_strdup (deploy->commit);
  runtime = repo_item_runtime_needed (installation, remotes, current, warnings, error);
  if (runtime == NULL)
    return *error == NULL;
  if (!repo_items_have (items, runtime->rref->ref))
    g_ptr_array_add (items, g_steal_pointer (&runtime));
  return TRUE;
}

/* Adds to @items what updating @deploy takes (to @commit, if not NULL, else
 * to the commit its remote offers); nothing if it is there already. */
static gboolean
plan_one (HutchInstallation *installation, RepoRemotes *remotes, const HutchDeploy *deploy,
          const char *commit, GPtrArray *items, GPtrArray *warnings, GError **error)
{
  g_autofree char *name = hutch_ref_format (deploy->ref);
  g_autofree char *origin = origin_of (installation, deploy);
  const HutchRemoteRef *rref;
  HutchRemoteRef target;
  g_autoptr (RepoItem) item = NULL;
  g_autoptr (RepoItem) runtime = NULL;

  if (origin == NULL)
    return TRUE;
  rref = repo_remotes_lookup (remotes, origin, deploy->ref, error);
  if (rref == NULL && *error != NULL)
    return FALSE;
  if (rref == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("the remote “%s” no longer offers %s: left as "
                                                     "it is"),
                                                  origin, name);
      hutch_repo_warn (message);
      return TRUE;
    }
  target = *rref;
  if (commit != NULL && strcmp (commit, rref->commit) != 0)
    {
      target.commit = (char *) commit;
      target.download_size = 0; /* the summary's is the offered commit's */
    }
  if (strcmp (target.commit, deploy->commit) == 0)
    return plan_missing_runtime (installation, remotes, origin, deploy, items, warnings, error);
  /* from the commit: its timestamp tells a newer commit from an older one */
  item = repo_item_fetch (installation, origin, &target, REPO_FETCH_COMMIT, warnings, error);
  if (item == NULL)
    return FALSE;
  if (item->timestamp < repo_commit_timestamp (installation, deploy->commit) && commit == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the remote “%s” offers a commit of %s (%.12s) older than the installed "
                     "one (%.12s): refusing to go back"),
                   origin, name, rref->commit, deploy->commit);
      return FALSE;
    }
  if (item->timestamp < repo_commit_timestamp (installation, deploy->commit))
    hutch_repo_say (_("%s goes back to an older commit (%.12s), as --commit asks; app update "
                      "without --commit brings it forward again"),
                    name, commit);
  item->old = hutch_deploy_lookup (deploy->installation_dir, deploy->ref, error);
  if (item->old == NULL)
    return FALSE;
  runtime = repo_item_runtime_needed (installation, remotes, item, warnings, error);
  if (runtime == NULL && *error != NULL)
    return FALSE;
  if (runtime != NULL && !repo_items_have (items, runtime->rref->ref))
    g_ptr_array_add (items, g_steal_pointer (&runtime));
  g_ptr_array_add (items, g_steal_pointer (&item));
  return TRUE;
}

/* Is @deploy masked by one of @patterns (app mask)?  Then an update of
 * everything leaves it, saying so; naming it (@named) is an error. */
static gboolean
check_masked (GPtrArray *patterns, const HutchDeploy *deploy, gboolean named, gboolean *masked,
              GError **error)
{
  const char *pattern = hutch_patterns_match (patterns, deploy->ref);
  g_autofree char *name = NULL;

  *masked = pattern != NULL;
  if (pattern == NULL)
    return TRUE;
  if (named)
    {
      repo_set_masked_error (deploy->ref, pattern, error);
      return FALSE;
    }
  name = hutch_ref_format (deploy->ref);
  hutch_repo_say (_("%s is masked (app mask: %s): left as it is"), name, pattern);
  return TRUE;
}

/* Shows the permissions of updated apps whose permissions change. */
static void
print_changed_permissions (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      const RepoItem *item = g_ptr_array_index (items, i);
      g_autoptr (HutchMetadata) old = NULL;
      g_autofree char *before = NULL, *after = NULL;

      if (item->old == NULL || item->metadata->kind != HUTCH_REF_KIND_APP)
        continue;
      old = hutch_metadata_load (item->old->metadata_path, NULL, NULL);
      before = old != NULL ? hutch_permissions_to_string (old->permissions) : NULL;
      after = hutch_permissions_to_string (item->metadata->permissions);
      if (g_strcmp0 (before, after) == 0)
        continue;
      hutch_repo_say (_("The permissions of %s change to:"), item->rref->ref->id);
      hutch_repo_print_permissions (item->metadata);
    }
}

static int
runtimes_first (gconstpointer a, gconstpointer b)
{
  const RepoItem *ia = *(RepoItem *const *) a, *ib = *(RepoItem *const *) b;

  return (int) ib->rref->ref->kind - (int) ia->rref->ref->kind;
}

/* What to update: the deploys @argv names, or all of them. */
static GPtrArray *
select_deploys (HutchInstallation *installation, int argc, char **argv, const UpdateOptions *opts,
                GError **error)
{
  g_autoptr (GPtrArray) installed = hutch_installation_list_installed (installation, -1, error);
  g_autoptr (GPtrArray) chosen = NULL;

  if (installed == NULL || argc < 2)
    return g_steal_pointer (&installed);
  chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_deploy_free);
  for (int i = 1; i < argc; i++)
    {
      HutchDeploy *deploy = repo_select_installed (installed, argv[i], opts->arch, opts->branch,
                                                   error);
      if (deploy == NULL)
        return NULL;
      g_ptr_array_add (chosen, deploy);
    }
  return g_steal_pointer (&chosen);
}

static int
report_cleanup (HutchInstallation *installation)
{
  g_autoptr (GError) error = NULL;
  guint n_held = 0;

  if (!hutch_installation_cleanup (installation, &n_held, NULL, NULL, &error))
    return hutch_repo_fail (error);
  if (n_held > 0)
    hutch_repo_say (g_dngettext (GETTEXT_PACKAGE,
                                 "%u old version is still running: it is kept until a later app "
                                 "update or app uninstall finds it unused",
                                 "%u old versions are still running: they are kept until a later "
                                 "app update or app uninstall finds them unused",
                                 n_held),
                    n_held);
  return 0;
}

static int
update (UpdateOptions *opts, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (RepoRemotes) remotes = NULL;
  g_autoptr (GPtrArray) deploys = NULL;
  g_autoptr (GPtrArray) masks = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) repo_item_free);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  if (opts->commit != NULL && argc != 2)
    return hutch_repo_fail_literal (_("--commit needs exactly one ID"));
  if (opts->commit != NULL && !hutch_checksum_is_valid (opts->commit, &error))
    return hutch_repo_fail (error);
  installation = hutch_repo_open (&opts->common, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL
      || (deploys = select_deploys (installation, argc, argv, opts, &error)) == NULL
      || (masks = hutch_patterns_load (hutch_installation_get_dir (installation),
                                       HUTCH_PATTERNS_MASKED, &error)) == NULL)
    return hutch_repo_fail (error);
  remotes = repo_remotes_new (installation);
  for (guint i = 0; i < deploys->len; i++)
    {
      const HutchDeploy *deploy = g_ptr_array_index (deploys, i);
      gboolean masked = FALSE;

      if (!check_masked (masks, deploy, argc >= 2, &masked, &error)
          || (!masked
              && !plan_one (installation, remotes, deploy, opts->commit, items, warnings, &error)))
        return hutch_repo_fail (error);
    }
  if (items->len == 0)
    {
      hutch_repo_say ("%s", _("Nothing to update: everything is up to date."));
      return report_cleanup (installation);
    }
  g_ptr_array_sort (items, runtimes_first);
  hutch_repo_warn_all (warnings);
  hutch_repo_say ("%s", _("To update:"));
  repo_items_print (items);
  print_changed_permissions (items);
  if (!hutch_repo_confirm (&opts->common, _("Update?"), &error))
    return hutch_repo_fail (error);
  if (!repo_items_apply (installation, (RepoItem *const *) items->pdata, items->len, &opts->common,
                         HUTCH_DEPLOY_FLAGS_NONE, &error))
    return hutch_repo_fail (error);
  return report_cleanup (installation);
}

int
hutch_repo_update (int argc, char **argv)
{
  UpdateOptions opts = { 0 };
  const GOptionEntry entries[] = {
    { "branch", 0, 0, G_OPTION_ARG_STRING, &opts.branch, N_("Update this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch, N_("Update for this architecture"), N_("ARCH") },
    { "commit", 0, 0, G_OPTION_ARG_STRING, &opts.commit, N_("Go to this commit of the one ID, older or newer (see app remote-info --log)"), N_("COMMIT") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("[ID…] — update installed apps and runtimes (all without an ID)"), entries, &opts.common, TRUE);
  int status;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  status = update (&opts, argc, argv);
  g_free (opts.arch);
  g_free (opts.branch);
  g_free (opts.commit);
  return status;
}
