/* What install and update share: the refs remotes offer, fetching and
 * checking a commit's metadata, the runtime an app needs, and applying one
 * item (pull, deploy, activate).
 *
 * Defends against: installing something other than what was shown (the
 * item carries the commit checksum read from the verified summary, and the
 * same commit is pulled and deployed; the deploy must carry the metadata
 * shown), and an app becoming active without its runtime (runtimes are
 * applied first; an app's item fails if its runtime's did).
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <stdio.h>
#include <string.h>

struct _RepoRemotes
{
  HutchInstallation *installation;
  GHashTable *refs; /* remote → GPtrArray of HutchRemoteRef */
};

RepoRemotes *
repo_remotes_new (HutchInstallation *installation)
{
  RepoRemotes *remotes = g_new0 (RepoRemotes, 1);

  remotes->installation = installation;
  remotes->refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  return remotes;
}

void
repo_remotes_free (RepoRemotes *remotes)
{
  if (remotes == NULL)
    return;
  g_hash_table_unref (remotes->refs);
  g_free (remotes);
}

GPtrArray *
repo_remotes_get_refs (RepoRemotes *remotes, const char *remote, GError **error)
{
  GPtrArray *refs = g_hash_table_lookup (remotes->refs, remote);
  guint n_invalid = 0;

  if (refs != NULL)
    return refs;
  refs = hutch_remote_list_refs (remotes->installation, remote, &n_invalid, error);
  if (refs == NULL)
    return NULL;
  if (n_invalid > 0)
    {
      g_autofree char *message = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "the remote “%s” offers %u ref with an invalid name; it is ignored",
                       "the remote “%s” offers %u refs with invalid names; they are ignored",
                       n_invalid),
          remote, n_invalid);
      hutch_repo_warn (message);
    }
  g_hash_table_insert (remotes->refs, g_strdup (remote), refs);
  return refs;
}

const HutchRemoteRef *
repo_remotes_lookup (RepoRemotes *remotes, const char *remote, const HutchRef *ref, GError **error)
{
  GPtrArray *refs = repo_remotes_get_refs (remotes, remote, error);

  for (guint i = 0; refs != NULL && i < refs->len; i++)
    {
      const HutchRemoteRef *rref = g_ptr_array_index (refs, i);
      if (hutch_ref_equal (rref->ref, ref))
        return rref;
    }
  return NULL;
}

void
repo_item_free (RepoItem *item)
{
  if (item == NULL)
    return;
  g_free (item->remote);
  hutch_remote_ref_free (item->rref);
  g_free (item->metadata_text);
  hutch_metadata_free (item->metadata);
  hutch_deploy_free (item->old);
  g_free (item);
}

RepoItem *
repo_item_fetch (HutchInstallation *installation, const char *remote, const HutchRemoteRef *rref,
                 RepoFetchSource source, GPtrArray *warnings, GError **error)
{
  g_autoptr (RepoItem) item = g_new0 (RepoItem, 1);

  item->remote = g_strdup (remote);
  item->rref = g_new0 (HutchRemoteRef, 1);
  item->rref->ref = hutch_ref_dup (rref->ref);
  item->rref->commit = g_strdup (rref->commit);
  item->rref->download_size = rref->download_size;
  /* The summary's copy saves fetching the commit before the question; the
   * deploy checks the commit's is the same (hutch_repo_check_deploy()). */
  item->from_summary = source == REPO_FETCH_SUMMARY_OR_COMMIT && rref->metadata != NULL;
  if (item->from_summary)
    item->metadata_text = g_strdup (rref->metadata);
  else
    item->metadata_text = hutch_remote_fetch_metadata (installation, remote, rref->ref,
                                                       rref->commit, &item->timestamp, NULL,
                                                       error);
  if (item->metadata_text == NULL)
    return NULL;
  item->metadata = hutch_repo_parse_metadata (rref->ref, item->metadata_text,
                                              strlen (item->metadata_text), warnings, error);
  if (item->metadata == NULL)
    return NULL;
  return g_steal_pointer (&item);
}

/* Is @ref deployed where `app run` will look for an app of @installation? */
static gboolean
runtime_is_installed (HutchInstallation *installation, const HutchRef *ref)
{
  g_autoptr (HutchDeploy) here = hutch_deploy_lookup (hutch_installation_get_dir (installation),
                                                      ref, NULL);
  g_autofree char *system_dir = NULL;
  g_autoptr (HutchDeploy) system = NULL;

  if (here != NULL || hutch_installation_is_system (installation))
    return here != NULL;
  /* A user's app may run on a runtime of the system installation. */
  system_dir = hutch_get_system_installation_dir ();
  system = hutch_deploy_lookup (system_dir, ref, NULL);
  return system != NULL;
}

/* The first remote offering @ref: @preferred, then the others in order. */
static char *
find_remote_offering (HutchInstallation *installation, RepoRemotes *remotes, const char *preferred,
                      const HutchRef *ref, const HutchRemoteRef **out_rref)
{
  g_auto (GStrv) names = hutch_remote_list (installation);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();

  if (preferred != NULL && g_strv_contains ((const char *const *) names, preferred))
    g_ptr_array_add (order, (gpointer) preferred);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], preferred) != 0)
      g_ptr_array_add (order, names[i]);
  for (guint i = 0; i < order->len; i++)
    {
      g_autoptr (GError) error = NULL;
      const HutchRemoteRef *rref = repo_remotes_lookup (remotes, order->pdata[i], ref, &error);
      if (error != NULL)
        hutch_repo_warn (error->message);
      if (rref != NULL)
        {
          *out_rref = rref;
          return g_strdup (order->pdata[i]);
        }
    }
  return NULL;
}

RepoItem *
repo_item_runtime_needed (HutchInstallation *installation, RepoRemotes *remotes,
                          const RepoItem *item, GPtrArray *warnings, GError **error)
{
  g_autofree char *full = NULL;
  g_autoptr (HutchRef) ref = NULL;
  g_autofree char *remote = NULL;
  const HutchRemoteRef *rref = NULL;

  if (item->metadata->kind != HUTCH_REF_KIND_APP || item->metadata->runtime == NULL)
    return NULL;
  full = g_strconcat ("runtime/", item->metadata->runtime, NULL);
  ref = hutch_ref_parse (full, error);
  if (ref == NULL || runtime_is_installed (installation, ref))
    return NULL;
  if (!repo_check_not_masked (installation, ref, error))
    {
      g_prefix_error (error, _("%s needs the runtime %s: "), item->rref->ref->id,
                      item->metadata->runtime);
      return NULL;
    }
  remote = find_remote_offering (installation, remotes, item->remote, ref, &rref);
  if (remote == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                   _("%s needs the runtime %s, which no remote offers"), item->rref->ref->id,
                   item->metadata->runtime);
      return NULL;
    }
  return repo_item_fetch (installation, remote, rref, REPO_FETCH_SUMMARY_OR_COMMIT, warnings,
                          error);
}

/* Adds a hint to an error of a pull that running the command again may
 * mend. */
static void
add_retry_hint (GError **error)
{
  GError *e = *error;

  if (e->domain == G_IO_ERROR && e->code != G_IO_ERROR_NO_SPACE && e->code != G_IO_ERROR_NOT_FOUND
      && e->code != G_IO_ERROR_INVALID_DATA)
    g_prefix_error (error, "%s\n", _("the download stopped: run the command again to go on "
                                     "from where it stopped"));
}

/* Pulls, in one pull, the items of @items[first…] that come from the
 * remote of @items[first]; marks them in @pulled. */
static gboolean
pull_from_remote (HutchInstallation *installation, RepoItem *const *items, guint n_items,
                  guint first, gboolean *pulled, const RepoOptions *options, GError **error)
{
  const char *remote = items[first]->remote;
  g_autoptr (GPtrArray) refs = g_ptr_array_new ();
  g_autoptr (GPtrArray) commits = g_ptr_array_new ();
  RepoProgress progress;
  gboolean ok;

  for (guint i = first; i < n_items; i++)
    {
      const RepoItem *item = items[i];
      g_autofree char *name = NULL;

      if (pulled[i] || strcmp (item->remote, remote) != 0)
        continue;
      name = hutch_ref_format (item->rref->ref);
      if (item->old != NULL)
        hutch_repo_say (_("Updating %s from %s…"), name, remote);
      else
        hutch_repo_say (_("Installing %s from %s…"), name, remote);
      g_ptr_array_add (refs, item->rref->ref);
      g_ptr_array_add (commits, item->rref->commit);
      pulled[i] = TRUE;
    }
  fflush (stdout);
  hutch_repo_progress_init (&progress, options);
  ok = hutch_pull (installation, remote, (const HutchRef *const *) refs->pdata,
                   (const char *const *) commits->pdata, refs->len, hutch_repo_progress_report,
                   &progress, NULL, error);
  hutch_repo_progress_end (&progress);
  if (!ok)
    add_retry_hint (error);
  return ok;
}

/* Activates the deploy of the pulled @item and exports it. */
static gboolean
activate_item (HutchInstallation *installation, const RepoItem *item, const HutchDeploy *deploy,
               GError **error)
{
  g_autofree char *name = hutch_ref_format (item->rref->ref);

  if (!hutch_installation_activate (installation, deploy, item->remote, error))
    return FALSE;
  hutch_repo_exports_update (installation, deploy, item->old == NULL);
  if (item->old != NULL)
    hutch_repo_say (_("Updated %s to %.12s"), name, item->rref->commit);
  else
    hutch_repo_say (_("Installed %s (%.12s)"), name, item->rref->commit);
  return TRUE;
}

/* Deploys the pulled @items with one sync for all their checkouts, and
 * activates them in order.  If one cannot be deployed, those before it
 * are still installed, as if each had been deployed on its own. */
static gboolean
deploy_items (HutchInstallation *installation, RepoItem *const *items, guint n_items,
              HutchDeployFlags flags, GError **error)
{
  g_autoptr (HutchDeployBatch) batch = hutch_deploy_batch_new (installation, flags);
  g_autoptr (GPtrArray) deploys = NULL;
  g_autoptr (GError) add_error = NULL;

  for (guint i = 0; i < n_items && add_error == NULL; i++)
    hutch_deploy_batch_add (batch, items[i]->rref->ref, items[i]->rref->commit,
                            hutch_repo_check_deploy,
                            items[i]->from_summary ? items[i]->metadata_text : NULL, NULL,
                            &add_error);
  deploys = hutch_deploy_batch_finish (batch, error);
  if (deploys == NULL)
    return FALSE;
  for (guint i = 0; i < deploys->len; i++)
    if (!activate_item (installation, items[i], deploys->pdata[i], error))
      return FALSE;
  if (add_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&add_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
repo_items_apply (HutchInstallation *installation, RepoItem *const *items, guint n_items,
                  const RepoOptions *options, HutchDeployFlags flags, GError **error)
{
  g_autofree gboolean *pulled = g_new0 (gboolean, n_items);

  /* Everything first, one pull per remote: one transaction to sync; then
   * one sync for all the checkouts. */
  for (guint i = 0; i < n_items; i++)
    if (!pulled[i] && !pull_from_remote (installation, items, n_items, i, pulled, options, error))
      return FALSE;
  return deploy_items (installation, items, n_items, flags, error);
}

HutchDeploy *
repo_select_installed (GPtrArray *installed, const char *spec, const char *arch,
                       const char *branch, GError **error)
{
  gboolean kind_given = g_str_has_prefix (spec, "app/") || g_str_has_prefix (spec, "runtime/");
  g_autoptr (HutchRef) want = hutch_ref_parse_partial (spec, HUTCH_REF_KIND_APP, arch, branch,
                                                       error);
  const HutchDeploy *found = NULL;
  guint n = 0;

  if (want == NULL)
    return NULL;
  for (guint i = 0; i < installed->len; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (installed, i);
      if (strcmp (d->ref->id, want->id) != 0 || strcmp (d->ref->arch, want->arch) != 0
          || (kind_given && d->ref->kind != want->kind)
          || (want->branch != NULL && strcmp (d->ref->branch, want->branch) != 0))
        continue;
      /* An app and a runtime of one ID: the app (listed first). */
      if (found != NULL && found->ref->kind != d->ref->kind)
        continue;
      found = d;
      n++;
    }
  if (n > 1)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("%s has several branches installed: choose one with --branch"), want->id);
      return NULL;
    }
  if (found == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED, _("%s is not installed"),
                   want->id);
      return NULL;
    }
  return hutch_deploy_lookup (found->installation_dir, found->ref, error);
}

guint64
repo_commit_timestamp (HutchInstallation *installation, const char *commit)
{
  g_autoptr (GVariant) v = NULL;

  if (!ostree_repo_load_commit (hutch_installation_get_repo (installation), commit, &v, NULL, NULL))
    return 0;
  return ostree_commit_get_timestamp (v);
}

gboolean
repo_items_have (GPtrArray *items, const HutchRef *ref)
{
  for (guint i = 0; i < items->len; i++)
    if (hutch_ref_equal (((RepoItem *) g_ptr_array_index (items, i))->rref->ref, ref))
      return TRUE;
  return FALSE;
}

/* "  (1.2 MB to download)" when the remote's summary says, else "". */
static char *
download_note (const RepoItem *item)
{
  g_autofree char *size = NULL;
  g_autofree char *note = NULL;

  if (item->rref->download_size == 0)
    return g_strdup ("");
  size = g_format_size (item->rref->download_size);
  /* An update may fetch less: a static delta, or the objects it has. */
  if (item->old != NULL)
    note = g_strdup_printf (_("(at most %s to download)"), size);
  else
    note = g_strdup_printf (_("(%s to download)"), size);
  return g_strconcat ("  ", note, NULL);
}

void
repo_items_print (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      const RepoItem *item = g_ptr_array_index (items, i);
      g_autofree char *name = hutch_ref_format (item->rref->ref);
      g_autofree char *note = download_note (item);

      if (item->old != NULL)
        hutch_repo_say ("  %s  %s  %.12s → %.12s%s", name, item->remote, item->old->commit,
                        item->rref->commit, note);
      else
        hutch_repo_say ("  %s  %s  %.12s%s", name, item->remote, item->rref->commit, note);
    }
  for (guint i = 0; i < items->len; i++)
    {
      const RepoItem *item = g_ptr_array_index (items, i);
      if (item->metadata->kind != HUTCH_REF_KIND_APP)
        continue;
      hutch_repo_say (_("Permissions of %s:"), item->rref->ref->id);
      hutch_repo_print_permissions (item->metadata);
    }
}
