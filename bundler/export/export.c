/* hutch_bundler_export(): a build directory to a commit on its ref.  See
 * bundler-export.h.
 *
 * The order of events, so that nothing in the repository changes when
 * anything fails:
 *
 *   1. read the metadata and walk the build directory: bad input is
 *      refused before the repository is opened (or created);
 *   2. in one libostree transaction, write the tree, then the commit
 *      (unless the ref's commit has this tree and metadata already), then
 *      its signature; any failure aborts the transaction, and what it
 *      wrote goes with it.  The ref does not move yet;
 *   3. write the static delta from the previous commit: a commit no ref
 *      names is all a failure leaves (the next prune removes it);
 *   4. move the ref, then update the summary; if the summary cannot be
 *      written, the ref goes back where it was and the summary is
 *      written again for it.
 *
 * Defends against: half-exported builds (above), and a commit that
 * differs between two builds of the same input (export-commit.c; the
 * subject is never translated, since it is part of the checksum).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "export-private.h"

#include <string.h>

typedef struct
{
  const HutchExportOptions *options;
  const HutchExportInput *input;
  HutchExportScan scan;
  guint64 timestamp;
  const char *parent; /* the ref's commit before, or NULL */
} Export;

static void
report (const Export *export, HutchExportPhase phase)
{
  if (export->options->progress != NULL)
    export->options->progress (phase, 0, 0, export->options->progress_data);
}

/* Writes the tree and the commit; returns the commit, which is the parent
 * itself if nothing changed. */
static char *
write_commit (OstreeRepo *repo, const Export *export, const char *builddir, GError **error)
{
  const HutchExportOptions *options = export->options;
  HutchExportTreeOptions tree_options
      = { export->scan.n_files, options->progress, options->progress_data };
  g_autoptr (GFile) root = NULL;
  g_autoptr (GVariant) metadata = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *checksum = NULL;
  gboolean same = FALSE;

  if (!hutch_export_write_tree (repo, builddir, &tree_options, &root, error))
    return NULL;
  metadata = hutch_export_commit_metadata (export->input, export->scan.installed_size);
  if (export->parent != NULL
      && !hutch_export_same_as_commit (repo, export->parent, root, metadata, &same, error))
    return NULL;
  if (same)
    return g_strdup (export->parent);
  /* Part of the checksum: never translated. */
  subject = options->subject != NULL ? g_strdup (options->subject)
                                     : g_strdup_printf ("Export %s", export->input->ref->id);
  if (!ostree_repo_write_commit_with_time (repo, export->parent, subject, options->body, metadata,
                                           OSTREE_REPO_FILE (root), export->timestamp, &checksum,
                                           NULL, error))
    return NULL;
  return g_steal_pointer (&checksum);
}

/* Step 2: the commit and its signature, all or nothing. */
static char *
commit_in_transaction (OstreeRepo *repo, const Export *export, const char *builddir, GError **error)
{
  const HutchExportOptions *options = export->options;
  g_autofree char *checksum = NULL;

  if (!ostree_repo_prepare_transaction (repo, NULL, NULL, error))
    return NULL;
  checksum = write_commit (repo, export, builddir, error);
  if (checksum == NULL
      || (options->gpg_key_id != NULL
          && !hutch_export_sign_commit (repo, checksum, options->gpg_key_id, options->gpg_homedir,
                                        error))
      || !ostree_repo_commit_transaction (repo, NULL, NULL, error))
    {
      ostree_repo_abort_transaction (repo, NULL, NULL);
      return NULL;
    }
  return g_steal_pointer (&checksum);
}

static gboolean
update_summary (OstreeRepo *repo, const Export *export, GError **error)
{
  if (export->options->no_update_summary)
    return TRUE;
  report (export, HUTCH_EXPORT_PHASE_SUMMARY);
  return hutch_export_update_summary (repo, export->options->gpg_key_id,
                                      export->options->gpg_homedir, error);
}

/* Steps 3 and 4, for a new commit. */
static gboolean
publish (OstreeRepo *repo, const Export *export, const char *ref, const char *checksum,
         GError **error)
{
  if (export->parent != NULL && !export->options->no_static_delta)
    {
      report (export, HUTCH_EXPORT_PHASE_DELTA);
      if (!hutch_export_static_delta (repo, export->parent, checksum, error))
        return FALSE;
    }
  if (!ostree_repo_set_ref_immediate (repo, NULL, ref, checksum, NULL, error))
    return FALSE;
  if (update_summary (repo, export, error))
    return TRUE;
  /* Back to where it was; best effort, the first error is the one told. */
  if (ostree_repo_set_ref_immediate (repo, NULL, ref, export->parent, NULL, NULL))
    update_summary (repo, export, NULL);
  return FALSE;
}

gboolean
hutch_bundler_export (const char *repo_path, const char *builddir,
                      const HutchExportOptions *options, char **out_ref, char **out_checksum,
                      GError **error)
{
  static const HutchExportOptions defaults = { .timestamp = -1 };
  g_autoptr (HutchExportInput) input = NULL;
  g_autoptr (OstreeRepo) repo = NULL;
  g_autofree char *ref = NULL, *parent = NULL, *checksum = NULL;
  Export export = { options != NULL ? options : &defaults, NULL, { 0 }, 0, NULL };

  g_return_val_if_fail (repo_path != NULL && builddir != NULL, FALSE);

  input = hutch_export_input_read (builddir, export.options->arch, export.options->branch, error);
  if (input == NULL || !hutch_export_scan (builddir, &export.scan, error)
      || !hutch_export_pick_timestamp (export.options->timestamp, export.scan.newest_mtime,
                                       &export.timestamp, error))
    return FALSE;
  export.input = input;
  ref = hutch_ref_format (input->ref);
  repo = hutch_export_open_repo (repo_path, error);
  if (repo == NULL || !ostree_repo_resolve_rev (repo, ref, TRUE, &parent, error))
    return FALSE;
  export.parent = parent;
  checksum = commit_in_transaction (repo, &export, builddir, error);
  if (checksum == NULL)
    return FALSE;
  if (g_strcmp0 (checksum, parent) == 0 ? !update_summary (repo, &export, error)
                                        : !publish (repo, &export, ref, checksum, error))
    return FALSE;
  if (out_ref != NULL)
    *out_ref = g_steal_pointer (&ref);
  if (out_checksum != NULL)
    *out_checksum = g_steal_pointer (&checksum);
  return TRUE;
}
