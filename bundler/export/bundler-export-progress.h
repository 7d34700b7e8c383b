/* Showing an export's progress on a terminal: for the subcommands that
 * export (build-export, runtime, build --repo).  Prints to stderr, and
 * only if it is a terminal; library code never prints.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bundler-export.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean tty;
  gboolean line_open; /* a progress line waits for its end */
  gint64 last_us;     /* when the line was last drawn */
} HutchExportProgress;

/* Sets @progress up; pass hutch_export_progress_show and @progress as the
 * export's progress function and data. */
void hutch_export_progress_init (HutchExportProgress *progress);
void hutch_export_progress_show (HutchExportPhase phase, guint64 done, guint64 total,
                                 gpointer user_data);
/* Ends the line, if one is open. */
void hutch_export_progress_finish (HutchExportProgress *progress);

G_END_DECLS
