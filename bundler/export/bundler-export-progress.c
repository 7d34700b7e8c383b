/* Showing an export's progress on a terminal.  See bundler-export-progress.h.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-export-progress.h"

#include "hutch-i18n.h"

#include <stdio.h>
#include <unistd.h>

/* A line is redrawn at most this often, in microseconds. */
#define REDRAW_US (G_USEC_PER_SEC / 10)

void
hutch_export_progress_init (HutchExportProgress *progress)
{
  progress->tty = isatty (STDERR_FILENO);
  progress->line_open = FALSE;
  progress->last_us = 0;
}

void
hutch_export_progress_finish (HutchExportProgress *progress)
{
  if (progress->line_open)
    fputc ('\n', stderr);
  progress->line_open = FALSE;
}

static void
show_commit (HutchExportProgress *progress, guint64 done, guint64 total)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *done_text = NULL, *total_text = NULL;

  if (done < total && now - progress->last_us < REDRAW_US)
    return;
  progress->last_us = now;
  /* Formatted first: xgettext cannot see a msgid through G_GUINT64_FORMAT. */
  done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
  total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
  /* Back to the start of the line, which this one overwrites. */
  fputc ('\r', stderr);
  fprintf (stderr,
           g_dngettext (GETTEXT_PACKAGE, "Committing: %s of %s file", "Committing: %s of %s files",
                        (gulong)MIN (total, G_MAXULONG)),
           done_text, total_text);
  progress->line_open = TRUE;
  fflush (stderr);
}

void
hutch_export_progress_show (HutchExportPhase phase, guint64 done, guint64 total, gpointer user_data)
{
  HutchExportProgress *progress = user_data;

  if (!progress->tty)
    return;
  if (phase == HUTCH_EXPORT_PHASE_COMMIT)
    {
      show_commit (progress, done, total);
      return;
    }
  hutch_export_progress_finish (progress);
  if (phase == HUTCH_EXPORT_PHASE_DELTA)
    fprintf (stderr, "%s\n", _ ("Writing a static delta from the previous commit…"));
  else
    fprintf (stderr, "%s\n", _ ("Updating the repository's summary…"));
}
