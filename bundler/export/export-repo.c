/* The repository an export writes to: opened, or created in archive mode
 * (the mode served over plain HTTP); commit signatures, static deltas and
 * the summary.
 *
 * Defends against: turning a directory that holds something else into a
 * repository (only a missing or empty directory becomes one), and a
 * second signature by the same key failing a re-export.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "export-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <string.h>

/* TRUE if @path does not exist or is an empty directory. */
static gboolean
is_missing_or_empty (const char *path, GError **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return TRUE;
  dir = g_dir_open (path, 0, &local_error);
  if (dir != NULL && g_dir_read_name (dir) == NULL)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _ ("“%s” is not an OSTree repository, and not an empty directory either: refusing "
                  "to make a repository there"),
               path);
  return FALSE;
}

OstreeRepo *
hutch_export_open_repo (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (OstreeRepo) repo = ostree_repo_new (file);
  g_autofree char *config = g_build_filename (path, "config", NULL);

  if (g_file_test (config, G_FILE_TEST_EXISTS))
    {
      if (!ostree_repo_open (repo, NULL, error))
        {
          g_prefix_error (error, _ ("cannot open the repository “%s”: "), path);
          return NULL;
        }
      return g_steal_pointer (&repo);
    }
  if (!is_missing_or_empty (path, error))
    return NULL;
  if (g_mkdir_with_parents (path, 0755) < 0)
    {
      int errsv = errno;
      hutch_set_file_error (error, errsv, _ ("cannot create “%s”"), path);
      return NULL;
    }
  if (!ostree_repo_create (repo, OSTREE_REPO_MODE_ARCHIVE, NULL, error))
    {
      g_prefix_error (error, _ ("cannot create the repository “%s”: "), path);
      return NULL;
    }
  return g_steal_pointer (&repo);
}

/* TRUE if @a and @b name the same key: key IDs and fingerprints, one the
 * end of the other (a key ID is the end of its fingerprint). */
static gboolean
same_key (const char *a, const char *b)
{
  g_autofree char *x = g_ascii_strup (g_str_has_prefix (a, "0x") ? a + 2 : a, -1);
  g_autofree char *y = g_ascii_strup (g_str_has_prefix (b, "0x") ? b + 2 : b, -1);
  gsize lx = strlen (x), ly = strlen (y);

  if (MIN (lx, ly) < 8)
    return FALSE;
  return lx <= ly ? g_str_has_suffix (y, x) : g_str_has_suffix (x, y);
}

/* TRUE if a signature of @commit names @key_id as its issuer.  Needs no
 * public key: a signature that cannot be checked still names its key. */
static gboolean
is_signed_by (OstreeRepo *repo, const char *commit, const char *key_id)
{
  g_autoptr (OstreeGpgVerifyResult) result = NULL;
  guint n;

  result = ostree_repo_verify_commit_ext (repo, commit, NULL, NULL, NULL, NULL);
  n = result != NULL ? ostree_gpg_verify_result_count_all (result) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GVariant) signature = ostree_gpg_verify_result_get_all (result, i);
      const char *fingerprint = NULL;

      g_variant_get_child (signature, OSTREE_GPG_SIGNATURE_ATTR_FINGERPRINT, "&s", &fingerprint);
      if (same_key (fingerprint, key_id))
        return TRUE;
    }
  return FALSE;
}

gboolean
hutch_export_sign_commit (OstreeRepo *repo, const char *commit, const char *key_id,
                          const char *homedir, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  /* Re-exporting an unchanged tree keeps the commit, and its signature.
   * (libostree's own check needs the public key in the repository's
   * keyrings, so it does not see it.) */
  if (is_signed_by (repo, commit, key_id))
    return TRUE;
  if (ostree_repo_sign_commit (repo, commit, key_id, homedir, NULL, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return TRUE;
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                              _ ("cannot sign the commit %s with the key “%s”: "), commit, key_id);
  return FALSE;
}

gboolean
hutch_export_static_delta (OstreeRepo *repo, const char *from, const char *to, GError **error)
{
  g_autoptr (GVariant) params = g_variant_ref_sink (g_variant_new ("a{sv}", NULL));

  if (ostree_repo_static_delta_generate (repo, OSTREE_STATIC_DELTA_GENERATE_OPT_MAJOR, from, to,
                                         NULL, params, NULL, error))
    return TRUE;
  g_prefix_error (error, _ ("cannot write a static delta from %s to %s: "), from, to);
  return FALSE;
}

/* What a client downloads for @commit without a static delta: the stored
 * size of every object the commit reaches, the commit object included (not
 * its parents'). */
static gboolean
download_size (OstreeRepo *repo, const char *commit, guint64 *out_size, GError **error)
{
  g_autoptr (GHashTable) reachable = NULL;
  GHashTableIter iter;
  gpointer object;
  guint64 total = 0;

  if (!ostree_repo_traverse_commit (repo, commit, 0, &reachable, NULL, error))
    return FALSE;
  g_hash_table_iter_init (&iter, reachable);
  while (g_hash_table_iter_next (&iter, &object, NULL))
    {
      const char *checksum;
      OstreeObjectType type;
      guint64 size;

      ostree_object_name_deserialize (object, &checksum, &type);
      if (!ostree_repo_query_object_storage_size (repo, type, checksum, &size, NULL, error))
        return FALSE;
      total += size;
    }
  *out_size = total;
  return TRUE;
}

/* The xa.metadata, xa.installed-size and download size (as stored:
 * big-endian) of the commit of @ref, added to @cache; nothing if it has no
 * metadata. */
static gboolean
add_cache_entry (OstreeRepo *repo, const char *ref, const char *commit, GVariantBuilder *cache,
                 GError **error)
{
  g_autoptr (GVariant) commit_v = NULL;
  g_autoptr (GVariant) metadata = NULL;
  const char *text = NULL;
  guint64 installed_size = 0;
  guint64 download = 0;

  if (!ostree_repo_load_commit (repo, commit, &commit_v, NULL, error))
    return FALSE;
  metadata = g_variant_get_child_value (commit_v, 0);
  if (!g_variant_lookup (metadata, "xa.metadata", "&s", &text))
    return TRUE;
  g_variant_lookup (metadata, "xa.installed-size", "t", &installed_size);
  if (!download_size (repo, commit, &download, error))
    {
      g_prefix_error (error, _ ("cannot measure the download size of %s: "), ref);
      return FALSE;
    }
  g_variant_builder_add (cache, "{s(tts)}", ref, installed_size, GUINT64_TO_BE (download), text);
  return TRUE;
}

/* Flatpak's xa.cache: the metadata of every app and runtime in @repo, so
 * that installers can show it (and the runtime an app needs) without
 * fetching each commit first.  Wrapped in a variant, as Flatpak does. */
static GVariant *
summary_metadata (OstreeRepo *repo, GError **error)
{
  g_autoptr (GHashTable) refs = NULL;
  g_autoptr (GList) names = NULL;
  GVariantBuilder cache, metadata;

  if (!ostree_repo_list_refs (repo, NULL, &refs, NULL, error))
    return NULL;
  /* sorted: the same summary for the same refs */
  names = g_list_sort (g_hash_table_get_keys (refs), (GCompareFunc) g_strcmp0);
  g_variant_builder_init (&cache, G_VARIANT_TYPE ("a{s(tts)}"));
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      if ((g_str_has_prefix (name, "app/") || g_str_has_prefix (name, "runtime/"))
          && !add_cache_entry (repo, name, g_hash_table_lookup (refs, name), &cache, error))
        {
          g_variant_builder_clear (&cache);
          return NULL;
        }
    }
  g_variant_builder_init (&metadata, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&metadata, "{sv}", "xa.cache",
                         g_variant_new_variant (g_variant_builder_end (&cache)));
  return g_variant_ref_sink (g_variant_builder_end (&metadata));
}

gboolean
hutch_export_update_summary (OstreeRepo *repo, const char *key_id, const char *homedir,
                             GError **error)
{
  const char *keys[] = { key_id, NULL };
  g_autoptr (GVariant) metadata = summary_metadata (repo, error);

  if (metadata == NULL || !ostree_repo_regenerate_summary (repo, metadata, NULL, error))
    {
      g_prefix_error (error, _ ("cannot update the repository's summary: "));
      return FALSE;
    }
  if (key_id != NULL && !ostree_repo_add_gpg_signature_summary (repo, keys, homedir, NULL, error))
    {
      g_prefix_error (error, _ ("cannot sign the repository's summary with the key “%s”: "),
                      key_id);
      return FALSE;
    }
  return TRUE;
}
