/* Shared by the files of bundler/export/; not for its users.
 *
 *   export.c          hutch_bundler_export(): the order of events
 *   export-input.c    the metadata file, the ref it names, the timestamp
 *   export-scan.c     a walk through the build directory before the commit
 *   export-commit.c   the tree and the commit object, canonicalised
 *   export-repo.c     the repository: opened or created, deltas, summary
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bundler-export.h"
#include "hutch-ref.h"

#include <ostree.h>

G_BEGIN_DECLS

/* The entries of a build directory that are committed; nothing else is. */
#define HUTCH_EXPORT_METADATA "metadata"
#define HUTCH_EXPORT_FILES    "files"
#define HUTCH_EXPORT_EXPORTS  "export"

/* ---- export-input.c ---- */

typedef struct
{
  char *text; /* BUILDDIR/metadata, as it is (NUL-terminated) */
  gsize len;
  HutchRef *ref; /* KIND/ID/ARCH/BRANCH, from the metadata and the options */
} HutchExportInput;

void hutch_export_input_free (HutchExportInput *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchExportInput, hutch_export_input_free)

/* Reads and checks BUILDDIR/metadata (hutch_metadata_parse()) and makes
 * the ref from it, @arch (NULL: this machine's) and @branch (NULL:
 * master). */
HutchExportInput *hutch_export_input_read (const char *builddir, const char *arch,
                                           const char *branch, GError **error);

/* The commit's time: @requested if it is not -1, else $SOURCE_DATE_EPOCH
 * (an error if it is not a number), else @newest_mtime. */
gboolean hutch_export_pick_timestamp (gint64 requested, gint64 newest_mtime, guint64 *out_timestamp,
                                      GError **error);

/* ---- export-scan.c ---- */

typedef struct
{
  gint64 newest_mtime;    /* seconds since the epoch, of anything committed */
  guint64 installed_size; /* bytes of regular files and symbolic links */
  guint64 n_files;        /* regular files and symbolic links */
} HutchExportScan;

/* Walks what hutch_bundler_export() commits of @builddir, following no
 * symbolic link.  Errors: files/ missing or not a directory, export/ not
 * a directory, a device node, socket or FIFO (named), a tree too deep. */
gboolean hutch_export_scan (const char *builddir, HutchExportScan *out, GError **error);

/* ---- export-commit.c ---- */

/* The commit's metadata (a{sv}, keys in a fixed order, so that the same
 * input gives the same bytes). */
GVariant *hutch_export_commit_metadata (const HutchExportInput *input, guint64 installed_size);

typedef struct
{
  guint64 total; /* for progress: HutchExportScan.n_files */
  HutchExportProgressFunc progress;
  gpointer progress_data;
} HutchExportTreeOptions;

/* Writes what is committed of @builddir to @repo (in a transaction) with
 * canonical owners and modes and no extended attributes; *@out_root is
 * the root of the tree. */
gboolean hutch_export_write_tree (OstreeRepo *repo, const char *builddir,
                                  const HutchExportTreeOptions *options, GFile **out_root,
                                  GError **error);

/* *@out_same is TRUE if @commit has the tree @root and the metadata
 * @metadata: then a new commit would change nothing but its time. */
gboolean hutch_export_same_as_commit (OstreeRepo *repo, const char *commit, GFile *root,
                                      GVariant *metadata, gboolean *out_same, GError **error);

/* ---- export-repo.c ---- */

/* Opens the repository at @path, creating it (archive mode) if @path does
 * not exist or is an empty directory. */
OstreeRepo *hutch_export_open_repo (const char *path, GError **error);

/* Signs @commit with @key_id unless that key signed it already. */
gboolean hutch_export_sign_commit (OstreeRepo *repo, const char *commit, const char *key_id,
                                   const char *homedir, GError **error);

gboolean hutch_export_static_delta (OstreeRepo *repo, const char *from, const char *to,
                                    GError **error);

/* Regenerates the summary, signed with @key_id if it is not NULL. */
gboolean hutch_export_update_summary (OstreeRepo *repo, const char *key_id, const char *homedir,
                                      GError **error);

G_END_DECLS
