/* What a remote's summary offers: its app and runtime refs, with their
 * commits, and the metadata of each when the summary carries it (xa.cache,
 * the cache Flatpak's and hutch-bundler's exports write).  See
 * hutch-ostree.h.
 *
 * Defends against: a remote that lies.  The summary is verified when the
 * remote verifies summaries; refs and commits are validated (hutch-ref.h)
 * before anyone uses them.  The metadata of xa.cache is kept only if the
 * summary is trusted at least as much as a commit would be (verified, or
 * the remote verifies neither), and only for showing: the deploy compares
 * it with the signed commit's own metadata (repo-resolve.c), so what the
 * user was shown is what is enforced.  The cache is optional: without it,
 * or for a ref it leaves out, the commit object is fetched instead.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

/* The remote's summary, verified if the remote verifies summaries (libostree
 * does it while fetching, in the versions meson.build accepts: a bad or
 * missing signature is an OSTREE_GPG_ERROR, test-repo-remote checks it);
 * *@out_trusted says whether its metadata may be shown. */
static GVariant *
fetch_summary (OstreeRepo *repo, const char *remote, gboolean *out_trusted, GError **error)
{
  g_autoptr (GBytes) summary = NULL;
  g_autoptr (GBytes) signatures = NULL;
  gboolean verify_summary = FALSE, verify_commits = FALSE;

  if (!ostree_repo_remote_get_gpg_verify_summary (repo, remote, &verify_summary, error)
      || !ostree_repo_remote_get_gpg_verify (repo, remote, &verify_commits, error)
      || !ostree_repo_remote_fetch_summary_with_options (repo, remote, NULL, &summary, &signatures,
                                                         NULL, error))
    return NULL;
  if (summary == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND, _("the remote has no summary"));
      return NULL;
    }
  *out_trusted = verify_summary || !verify_commits;
  return g_variant_ref_sink (
      g_variant_new_from_bytes (G_VARIANT_TYPE (OSTREE_SUMMARY_GVARIANT_STRING), summary, FALSE));
}

/* The summary's xa.cache (a{s(tts)}: ref → installed size, download size,
 * metadata), or NULL. */
static GVariant *
summary_cache (GVariant *summary)
{
  g_autoptr (GVariant) metadata = g_variant_get_child_value (summary, 1);
  g_autoptr (GVariant) cache = g_variant_lookup_value (metadata, "xa.cache", NULL);

  /* Flatpak wraps it in a variant of its own. */
  if (cache != NULL && g_variant_is_of_type (cache, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *inner = g_variant_get_variant (cache);
      g_variant_unref (cache);
      cache = inner;
    }
  if (cache == NULL || !g_variant_is_of_type (cache, G_VARIANT_TYPE ("a{s(tts)}")))
    return NULL;
  return g_steal_pointer (&cache);
}

/* The metadata @cache holds for @name, if it is of a size to show. */
static char *
cached_metadata (GVariant *cache, const char *name)
{
  const char *text = NULL;

  if (cache == NULL || !g_variant_lookup (cache, name, "(tt&s)", NULL, NULL, &text)
      || text[0] == '\0' || strlen (text) > HUTCH_OSTREE_METADATA_MAX_SIZE)
    return NULL;
  return g_strdup (text);
}

/* The installed and download sizes @cache holds for @name (stored
 * big-endian), or 0. */
static void
cached_sizes (GVariant *cache, const char *name, HutchRemoteRef *rref)
{
  guint64 installed = 0, download = 0;

  if (cache == NULL || !g_variant_lookup (cache, name, "(tt&s)", &installed, &download, NULL))
    return;
  rref->installed_size = GUINT64_FROM_BE (installed);
  rref->download_size = GUINT64_FROM_BE (download);
}

/* One entry (s(taya{sv})) of the summary's ref map, or NULL if it is not
 * an app or runtime ref; *@invalid if it is one but not valid. */
static HutchRemoteRef *
parse_ref (GVariant *entry, GVariant *cache, gboolean *invalid)
{
  g_autoptr (GVariant) target = g_variant_get_child_value (entry, 1);
  g_autoptr (GVariant) csum = g_variant_get_child_value (target, 1);
  g_autoptr (HutchRef) ref = NULL;
  HutchRemoteRef *rref;
  const char *name = NULL;

  g_variant_get_child (entry, 0, "&s", &name);
  /* Other refs (appstream/…, ostree/…) are not for Hutch. */
  if (!g_str_has_prefix (name, "app/") && !g_str_has_prefix (name, "runtime/"))
    return NULL;
  ref = hutch_ref_parse (name, NULL);
  if (ref == NULL || g_variant_n_children (csum) != OSTREE_SHA256_DIGEST_LEN)
    {
      *invalid = TRUE;
      return NULL;
    }
  rref = g_new0 (HutchRemoteRef, 1);
  rref->ref = g_steal_pointer (&ref);
  rref->commit = ostree_checksum_from_bytes_v (csum);
  rref->metadata = cached_metadata (cache, name);
  cached_sizes (cache, name, rref);
  return rref;
}

/* Apps first, then runtimes; each by ref. */
static int
compare_remote_refs_by_name (gconstpointer a, gconstpointer b)
{
  const HutchRemoteRef *ra = *(HutchRemoteRef *const *) a, *rb = *(HutchRemoteRef *const *) b;
  g_autofree char *na = NULL, *nb = NULL;

  if (ra->ref->kind != rb->ref->kind)
    return ra->ref->kind < rb->ref->kind ? -1 : 1;
  na = hutch_ref_format (ra->ref);
  nb = hutch_ref_format (rb->ref);
  return strcmp (na, nb);
}

void
hutch_remote_ref_free (HutchRemoteRef *rref)
{
  if (rref == NULL)
    return;
  hutch_ref_free (rref->ref);
  g_free (rref->commit);
  g_free (rref->metadata);
  g_free (rref);
}

GPtrArray *
hutch_remote_list_refs (HutchInstallation *self, const char *remote, guint *out_n_invalid,
                        GError **error)
{
  g_autoptr (GPtrArray) result
      = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_remote_ref_free);
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GVariant) refs = NULL;
  g_autoptr (GVariant) cache = NULL;
  gboolean trusted = FALSE;
  guint n_invalid = 0;

  if (!hutch_remote_name_is_valid (remote, error))
    return NULL;
  if (!hutch_remote_exists (self, remote))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND, _("there is no remote “%s”"), remote);
      return NULL;
    }
  summary = fetch_summary (hutch_installation_get_repo (self), remote, &trusted, error);
  if (summary == NULL)
    {
      if (error != NULL && (*error)->domain == OSTREE_GPG_ERROR)
        hutch_ostree_prefix_error (error, _("the summary of the remote “%s” is not signed by a key "
                                            "it trusts"),
                                   remote);
      else
        hutch_ostree_prefix_error (error, _("cannot read what the remote “%s” offers"), remote);
      return NULL;
    }
  refs = g_variant_get_child_value (summary, 0);
  cache = trusted ? summary_cache (summary) : NULL;
  for (gsize i = 0; i < g_variant_n_children (refs); i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (refs, i);
      gboolean invalid = FALSE;
      HutchRemoteRef *rref = parse_ref (entry, cache, &invalid);

      if (rref != NULL)
        g_ptr_array_add (result, rref);
      n_invalid += invalid ? 1 : 0;
    }
  g_ptr_array_sort (result, compare_remote_refs_by_name);
  if (out_n_invalid != NULL)
    *out_n_invalid = n_invalid;
  return g_steal_pointer (&result);
}
