/* Writing single-file bundles (installation/bundle/hutch-bundle.h has the
 * format) from a commit of an OSTree repository, for `hutch-bundler
 * build-bundle`.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *gpg_key_id;  /* sign the commit in the repository first (unless this key has) */
  const char *gpg_homedir; /* NULL: GnuPG's default */
  const char *origin_url;  /* where the repository is published, or NULL */
} HutchBundleWriteOptions;

/* Writes the commit @ref names in @repo_path to @file, atomically (a file
 * beside it, renamed over it once it reads back as a valid bundle).  The
 * commit must carry its metadata (xa.metadata) and be bound to @ref.  The
 * commit's detached metadata travels with it: a commit signed in the
 * repository makes a signed bundle.  The same commit and detached
 * metadata give the same bytes.  *@out_commit (may be NULL) is the commit. */
gboolean hutch_bundler_write_bundle (const char *repo_path, const char *file, const HutchRef *ref,
                                     const HutchBundleWriteOptions *options, char **out_commit,
                                     GError **error);

G_END_DECLS
