/* The commit object a bundle carries, against what the bundle says.
 *
 * Defends against: a bundle that shows one set of permissions and grants
 * another (the metadata shown before the question must be the commit's
 * xa.metadata, which the deploy must then carry: ostree-deploy.c), one
 * app's commit passed off as another's (the commit must be bound to the
 * bundle's ref), and a changed commit (its SHA-256 must be the checksum
 * the delta is to; libostree checks the same when it writes it).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include "hutch-i18n.h"

#include <string.h>

/* Child 5 of a commit: its time, big-endian. */
#define COMMIT_TIMESTAMP_CHILD 5

static gboolean
check_checksum (GVariant *commit_v, const char *commit, GError **error)
{
  g_autofree char *actual = g_compute_checksum_for_data (
      G_CHECKSUM_SHA256, g_variant_get_data (commit_v), g_variant_get_size (commit_v));

  if (strcmp (actual, commit) == 0)
    return TRUE;
  return hutch_bundle_fail (error,
                            _ ("its commit object is not the commit %s it names: the "
                               "bundle was changed"),
                            commit);
}

static gboolean
check_ref_binding (GVariant *metadata, const HutchRef *ref, GError **error)
{
  g_autofree char *name = hutch_ref_format (ref);
  g_autofree const char **bindings = NULL;

  if (!g_variant_lookup (metadata, "ostree.ref-binding", "^a&s", &bindings))
    return hutch_bundle_fail (error, _ ("its commit does not say which ref it was made for "
                                        "(ostree.ref-binding)"));
  if (g_strv_contains (bindings, name))
    return TRUE;
  return hutch_bundle_fail (error, _ ("its commit was not made for %s, the ref the bundle names"),
                            name);
}

static gboolean
check_metadata (GVariant *metadata, const char *shown, GError **error)
{
  const char *text = NULL;

  if (!g_variant_lookup (metadata, "xa.metadata", "&s", &text))
    return hutch_bundle_fail (error, _ ("its commit carries no metadata (xa.metadata): it was not "
                                        "made for Hutch"));
  if (strcmp (text, shown) == 0)
    return TRUE;
  return hutch_bundle_fail (error, _ ("the metadata it shows differs from the metadata its commit "
                                      "carries (xa.metadata): refusing a bundle that would show "
                                      "other permissions than it grants"));
}

gboolean
hutch_bundle_check_commit (GVariant *commit_v, const char *commit, const HutchRef *ref,
                           guint64 timestamp, const char *metadata, GError **error)
{
  g_autoptr (GVariant) commit_metadata = g_variant_get_child_value (commit_v, 0);
  g_autoptr (GVariant) time_v = g_variant_get_child_value (commit_v, COMMIT_TIMESTAMP_CHILD);

  if (!check_checksum (commit_v, commit, error) || !check_ref_binding (commit_metadata, ref, error)
      || !check_metadata (commit_metadata, metadata, error))
    return FALSE;
  if (GUINT64_FROM_BE (g_variant_get_uint64 (time_v)) != timestamp)
    return hutch_bundle_fail (error, _ ("its header and its commit disagree on the commit's time: "
                                        "the bundle was changed"));
  return TRUE;
}
