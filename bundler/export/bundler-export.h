/* Committing builds to OSTree repositories: what `hutch-bundler
 * build-export`, `build --repo` and `runtime` share.
 *
 * A build directory holds what Flatpak's do:
 *
 *   BUILDDIR/metadata   the app's or runtime's metadata (hutch-metadata(5))
 *   BUILDDIR/files/     /app of an app, /usr of a runtime
 *   BUILDDIR/export/    an app's desktop files, icons and D-Bus services
 *                       (share/applications, share/icons, share/dbus-1/services)
 *
 * It is committed as one OSTree commit on app/ID/ARCH/BRANCH (or
 * runtime/…), the ID taken from the metadata, with the metadata text also
 * in the commit's metadata (xa.metadata, signed with the commit), so that
 * `app install` can show the permissions before it pulls the files.
 *
 * Reproducible: files are committed with canonical owners (0:0) and modes,
 * no extended attributes, and the commit's timestamp is a fixed input
 * (options->timestamp), so the same tree and metadata give the same
 * commit checksum.  Exporting a tree identical to the ref's current commit
 * makes no new commit.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The name, in BUILDDIR, of the file that marks a build as not complete:
 * `build` writes it first and removes it last; an export refuses a
 * directory that holds it. */
#define HUTCH_BUILD_INCOMPLETE ".hutch-build-incomplete"

/* What hutch_bundler_export() is doing, for a progress display. */
typedef enum
{
  HUTCH_EXPORT_PHASE_COMMIT,  /* @done of @total files (and links) written */
  HUTCH_EXPORT_PHASE_DELTA,   /* writing a static delta from the previous commit */
  HUTCH_EXPORT_PHASE_SUMMARY, /* updating (and signing) the summary */
} HutchExportPhase;

/* Called from the exporting thread, often during HUTCH_EXPORT_PHASE_COMMIT
 * (once a file): throttle what is shown. */
typedef void (*HutchExportProgressFunc) (HutchExportPhase phase, guint64 done, guint64 total,
                                         gpointer user_data);

typedef struct
{
  const char *branch;      /* NULL: "master" */
  const char *arch;        /* NULL: this machine's (hutch_get_arch ()) */
  const char *subject;     /* NULL: "Export ID" */
  const char *body;        /* may be NULL */
  const char *gpg_key_id;  /* sign the commit and the summary with this key, or NULL */
  const char *gpg_homedir; /* NULL: GnuPG's default */
  /* The commit's timestamp, seconds since the epoch; -1: $SOURCE_DATE_EPOCH
   * if set, else the newest modification time in the build directory
   * (`build` clamps every time in its output to the sources' date). */
  gint64 timestamp;
  gboolean no_update_summary;
  gboolean no_static_delta;         /* else a delta from the ref's previous commit */
  HutchExportProgressFunc progress; /* may be NULL */
  gpointer progress_data;
} HutchExportOptions;

/* Commits @builddir to @repo_path (created as an archive repository if it
 * does not exist), updates the ref and, unless told not to, the summary and
 * a static delta.  *@out_ref and *@out_checksum (may be NULL) get the ref
 * and the commit.  Nothing in the repository changes on error.
 *
 * Only BUILDDIR/metadata (a regular file), BUILDDIR/files/ (a directory)
 * and BUILDDIR/export/ (optional) are committed; anything else in
 * BUILDDIR is left out.  A device node, socket or FIFO under them is an
 * error naming it.  The commit's metadata holds xa.metadata (the metadata
 * file's text), ostree.ref-binding (the ref) and xa.installed-size (the
 * bytes of its files, big-endian as Flatpak writes it). */
gboolean hutch_bundler_export (const char *repo_path, const char *builddir,
                               const HutchExportOptions *options, char **out_ref,
                               char **out_checksum, GError **error);

G_END_DECLS
