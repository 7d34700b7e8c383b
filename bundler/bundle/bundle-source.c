/* The repository and the commit a bundle is made of.
 *
 * Defends against: writing a bundle that `app install --bundle` would
 * refuse, late and with a vaguer message: the commit must carry metadata
 * that parses, describes the ref's kind and ID, and is bounded, and it
 * must be bound to the ref.  The repository is only opened: a missing one
 * is an error, never created.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include "hutch-bundle.h"
#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-metadata.h"

#include <string.h>

void
hutch_bundle_source_free (HutchBundleSource *source)
{
  if (source == NULL)
    return;
  g_clear_object (&source->repo);
  g_free (source->commit);
  g_free (source->metadata);
  g_free (source);
}

static OstreeRepo *
open_repo (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (OstreeRepo) repo = ostree_repo_new (file);

  if (!ostree_repo_open (repo, NULL, error))
    {
      g_prefix_error (error, _ ("cannot open the repository “%s”: "), path);
      return NULL;
    }
  return g_steal_pointer (&repo);
}

/* The metadata text must describe @ref itself. */
static gboolean
check_metadata (const char *text, const HutchRef *ref, GError **error)
{
  g_autofree char *name = hutch_ref_format (ref);
  g_autofree char *filename = g_strdup_printf ("%s:metadata", name);
  g_autoptr (HutchMetadata) metadata = NULL;

  if (strlen (text) > HUTCH_BUNDLE_METADATA_MAX_SIZE)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _ ("the metadata of %s is larger than %d bytes"), name,
                   HUTCH_BUNDLE_METADATA_MAX_SIZE);
      return FALSE;
    }
  metadata = hutch_metadata_parse (text, strlen (text), filename, NULL, error);
  if (metadata == NULL)
    return FALSE;
  if (metadata->kind != ref->kind || strcmp (metadata->name, ref->id) != 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _ ("the metadata of %s describes another app or runtime (%s)"), name,
                   metadata->name);
      return FALSE;
    }
  return TRUE;
}

/* Reads what a bundle needs of the commit @source->commit. */
static gboolean
read_commit (HutchBundleSource *source, const HutchRef *ref, GError **error)
{
  g_autoptr (GVariant) commit_v = NULL;
  g_autoptr (GVariant) metadata = NULL;
  g_autofree char *name = hutch_ref_format (ref);
  g_autofree const char **bindings = NULL;
  const char *text = NULL;

  if (!ostree_repo_load_commit (source->repo, source->commit, &commit_v, NULL, error))
    return FALSE;
  metadata = g_variant_get_child_value (commit_v, 0);
  if (!g_variant_lookup (metadata, "ostree.ref-binding", "^a&s", &bindings)
      || !g_strv_contains (bindings, name))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("the commit %s is not bound to %s (ostree.ref-binding): export it with "
                      "hutch-bundler build-export"),
                   source->commit, name);
      return FALSE;
    }
  if (!g_variant_lookup (metadata, "xa.metadata", "&s", &text))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _ ("the commit %s of %s carries no metadata (xa.metadata)"), source->commit,
                   name);
      return FALSE;
    }
  if (!check_metadata (text, ref, error))
    return FALSE;
  source->metadata = g_strdup (text);
  source->timestamp = ostree_commit_get_timestamp (commit_v);
  return TRUE;
}

HutchBundleSource *
hutch_bundle_source_open (const char *repo_path, const HutchRef *ref, GError **error)
{
  g_autoptr (HutchBundleSource) source = g_new0 (HutchBundleSource, 1);
  g_autofree char *name = hutch_ref_format (ref);

  source->repo = open_repo (repo_path, error);
  if (source->repo == NULL
      || !ostree_repo_resolve_rev (source->repo, name, TRUE, &source->commit, error))
    return NULL;
  if (source->commit == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND, _ ("the repository “%s” has no %s"),
                   repo_path, name);
      return NULL;
    }
  if (!read_commit (source, ref, error))
    return NULL;
  return g_steal_pointer (&source);
}
