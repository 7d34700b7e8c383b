/* Importing a bundle's commit into an installation's repository.  See
 * hutch-ostree.h; the bundle's superblock was checked when it was opened
 * (installation/bundle/).
 *
 * The order of events, in one libostree transaction, so that a failure or
 * a SIGKILL at any moment leaves the repository as it was (what was
 * written lies in the transaction's staging directory, which the next
 * transaction takes up or drops):
 *
 *   1. libostree executes the delta offline, validating: every object is
 *      written only if it hashes to its name, the commit only if it hashes
 *      to the checksum the superblock names;
 *   2. the commit must then be complete (a bundle that leaves out objects
 *      is refused, rather than a commit without its files being kept), be
 *      bound to the ref and carry the metadata the user was shown;
 *   3. the commit is marked complete (a commit fetched partially before
 *      would otherwise stay "partial", and pruning would drop its files),
 *      its detached metadata is the bundle's (signatures, origin URL), and
 *      refs/remotes/bundle/REF names it;
 *   4. the transaction is committed.
 *
 * Defends against: a damaged or forged bundle putting anything into the
 * repository, and a file changed or swapped between the check and the
 * import (the import reads the checked file's descriptor, and whatever it
 * reads is verified again against the commit checksum that was checked).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

/* The key of the origin URL in a commit's detached metadata. */
#define DETACHED_URL_KEY "hutch.bundle.origin-url"

static gboolean
check_complete (OstreeRepo *repo, const char *commit, GError **error)
{
  g_autoptr (GHashTable) reachable = NULL;
  GHashTableIter iter;
  gpointer key;

  if (!ostree_repo_traverse_commit (repo, commit, 0, &reachable, NULL, error))
    return FALSE;
  g_hash_table_iter_init (&iter, reachable);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *checksum;
      OstreeObjectType type;
      gboolean have = FALSE;

      ostree_object_name_deserialize (key, &checksum, &type);
      if (!ostree_repo_has_object (repo, type, checksum, &have, NULL, error))
        return FALSE;
      if (!have)
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE,
                       _ ("it lacks part of its commit (object %s)"), checksum);
          return FALSE;
        }
    }
  return TRUE;
}

/* The commit now in the repository is the one the user was shown. */
static gboolean
check_imported (OstreeRepo *repo, const HutchBundleHeader *header, GError **error)
{
  g_autofree char *metadata
      = hutch_ostree_commit_get_metadata (repo, header->ref, header->commit, NULL, error);

  if (metadata == NULL)
    return FALSE;
  if (strcmp (metadata, header->metadata) == 0)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE,
               _ ("the commit it imported carries other metadata than it showed"));
  return FALSE;
}

/* The bundle's detached metadata (else what the repository had), with
 * the bundle's origin URL instead of any earlier one. */
static gboolean
write_detached (OstreeRepo *repo, const HutchBundleHeader *header, GError **error)
{
  g_auto (GVariantDict) dict;
  g_autoptr (GVariant) existing = NULL;
  g_autoptr (GVariant) detached = NULL;

  if (!ostree_repo_read_commit_detached_metadata (repo, header->commit, &existing, NULL, error))
    return FALSE;
  g_variant_dict_init (&dict, header->detached != NULL ? header->detached : existing);
  g_variant_dict_remove (&dict, DETACHED_URL_KEY);
  if (header->origin_url != NULL)
    g_variant_dict_insert (&dict, DETACHED_URL_KEY, "s", header->origin_url);
  detached = g_variant_ref_sink (g_variant_dict_end (&dict));
  if (existing == NULL && g_variant_n_children (detached) == 0)
    return TRUE;
  return ostree_repo_write_commit_detached_metadata (repo, header->commit, detached, NULL, error);
}

/* Steps 1 to 3, in the transaction. */
static gboolean
import_in_transaction (OstreeRepo *repo, const HutchBundle *bundle, GCancellable *cancellable,
                       GError **error)
{
  const HutchBundleHeader *header = bundle->header;
  g_autofree char *fd_path = g_strdup_printf ("/proc/self/fd/%d", bundle->fd);
  g_autoptr (GFile) file = g_file_new_for_path (fd_path);
  g_autofree char *name = hutch_ref_format (header->ref);

  /* FALSE: never skip the validation of objects. */
  if (!ostree_repo_static_delta_execute_offline (repo, file, FALSE, cancellable, error))
    return FALSE;
  if (!check_complete (repo, header->commit, error) || !check_imported (repo, header, error)
      || !ostree_repo_mark_commit_partial (repo, header->commit, FALSE, error)
      || !write_detached (repo, header, error))
    return FALSE;
  ostree_repo_transaction_set_ref (repo, HUTCH_BUNDLE_ORIGIN, name, header->commit);
  return TRUE;
}

/* An error of the import, as the user should read it. */
static void
explain_failure (GError **error, const HutchBundle *bundle)
{
  g_autofree char *path = hutch_escape_for_terminal (bundle->path, HUTCH_ESCAPE_FLAGS_NONE);
  g_autoptr (GError) cause = g_steal_pointer (error);
  g_autofree char *message = hutch_escape_for_terminal (cause->message, HUTCH_ESCAPE_FLAGS_NONE);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _ ("%s: not enough free space: %s"), path,
                 message);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&cause));
  else
    /* libostree's own messages (a checksum that does not match, data that
     * does not decompress) all mean the same to the user. */
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE,
                 _ ("%s: it is damaged or was changed, and nothing of it was installed: %s"), path,
                 message);
}

gboolean
hutch_bundle_import (HutchInstallation *self, const HutchBundle *bundle, GCancellable *cancellable,
                     GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);

  if (!hutch_ref_validate (bundle->header->ref, error)
      || !hutch_checksum_is_valid (bundle->header->commit, error))
    return FALSE;
  if (!ostree_repo_prepare_transaction (repo, NULL, cancellable, error))
    return hutch_ostree_prefix_error (error, _ ("cannot write to the repository"));
  if (!import_in_transaction (repo, bundle, cancellable, error)
      || !ostree_repo_commit_transaction (repo, NULL, cancellable, error))
    {
      ostree_repo_abort_transaction (repo, NULL, NULL);
      explain_failure (error, bundle);
      return FALSE;
    }
  hutch_installation_test_kill_point ("after-import");
  return TRUE;
}

char *
hutch_installation_get_bundle_url (HutchInstallation *self, const char *commit)
{
  g_autoptr (GVariant) detached = NULL;
  const char *url = NULL;

  if (!hutch_checksum_is_valid (commit, NULL)
      || !ostree_repo_read_commit_detached_metadata (hutch_installation_get_repo (self), commit,
                                                     &detached, NULL, NULL)
      || detached == NULL || !g_variant_lookup (detached, DETACHED_URL_KEY, "&s", &url)
      || !hutch_url_is_valid (url, NULL))
    return NULL;
  return g_strdup (url);
}
