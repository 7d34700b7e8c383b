/* Shared by the files of bundler/bundle/; not for its users.
 *
 *   bundle-write.c    hutch_bundler_write_bundle(): the order of events
 *   bundle-source.c   the repository and the commit a bundle is made of
 *   bundle-delta.c    libostree's static delta as one file, made
 *                     reproducible
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bundler-bundle.h"

#include <ostree.h>

G_BEGIN_DECLS

/* ---- bundle-source.c ---- */

typedef struct
{
  OstreeRepo *repo;
  char *commit;
  char *metadata; /* its xa.metadata */
  guint64 timestamp;
} HutchBundleSource;

void hutch_bundle_source_free (HutchBundleSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchBundleSource, hutch_bundle_source_free)

/* Opens @repo_path (which must exist) and finds the commit of @ref: it
 * must carry valid metadata of @ref (xa.metadata) and be bound to @ref. */
HutchBundleSource *hutch_bundle_source_open (const char *repo_path, const HutchRef *ref,
                                             GError **error);

/* ---- bundle-delta.c ---- */

/* Writes the delta from nothing to @source's commit, parts inline, with
 * @metadata (a{sv}) first in its superblock, to @path (which it replaces),
 * with the commit's time as the superblock's. */
gboolean hutch_bundle_write_delta (const HutchBundleSource *source, GVariant *metadata,
                                   const char *path, GError **error);

G_END_DECLS
