/* hutch-bundler build: a manifest built, module by module, in sandboxes.
 *
 * The build directory (BUILDDIR) ends up as bundler-export.h describes it:
 *
 *   BUILDDIR/files/     /app, what the modules installed, cleaned up
 *   BUILDDIR/metadata   hutch_manifest_to_metadata()
 *   BUILDDIR/export/    the app's desktop files, icons and D-Bus services
 *
 * The state directory (default .hutch-bundler in the current directory)
 * holds a source and build directory per module (build/MODULE, seen at
 * /run/build/MODULE in the sandbox) and staging files (tmp/).
 *
 * Every step that runs a program of the manifest or of a source (configure,
 * make, build-commands, tar on an archive, patch) runs in a sandbox made by
 * hutch-launch: the SDK at /usr, BUILDDIR/files at /app, the module's
 * directory, nothing else of the host, no network unless the module's
 * build-options ask for it.  See build-sandbox.c.
 *
 * A build that has not finished, or failed, leaves HUTCH_BUILD_INCOMPLETE
 * in BUILDDIR; `build-export` refuses such a directory.  The marker goes
 * only after everything, metadata and export/ included, is in place.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bundler-export.h"
#include "hutch-manifest.h"

#include <glib.h>

G_BEGIN_DECLS


/* Called before each step: module @index of @total (1-based), @module's
 * name, and what runs ("meson: configuring", translated). */
typedef void (*HutchBuildProgressFunc) (guint index, guint total, const char *module,
                                        const char *step, gpointer user_data);

typedef struct
{
  const char *builddir;
  const char *state_dir;  /* NULL: .hutch-bundler in the current directory */
  const char *mirror_dir; /* where url sources are found by file name; NULL: nowhere */
  const char *arch;       /* NULL: this machine's */
  guint jobs;             /* 0: the number of processors */
  gboolean force_clean;   /* empty a non-empty BUILDDIR instead of refusing it */
  const char *launcher;   /* NULL: $HUTCH_LAUNCH, else HUTCH_BINDIR/hutch-launch */
  const char *const *installation_dirs; /* where the SDK is; NULL: the user's, then the system's */
  HutchBuildProgressFunc progress;      /* may be NULL */
  gpointer progress_data;
} HutchBuildSettings;

/* Builds @manifest into settings->builddir.  *@out_source_date (may be
 * NULL) gets the sources' date, which every time in BUILDDIR is clamped
 * to: $SOURCE_DATE_EPOCH if set, else the newest modification time of the
 * manifest and its local sources. */
gboolean hutch_build_run (const HutchManifest *manifest, const HutchBuildSettings *settings,
                          gint64 *out_source_date, GError **error);

G_END_DECLS
