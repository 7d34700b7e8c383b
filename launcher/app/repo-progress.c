/* Progress of a pull: on a terminal, one line that updates in place (a
 * bar, the bytes, the objects, the rate); otherwise (a log, a pipe,
 * --noninteractive) a plain line at most every few seconds and one at the
 * end.  Only numbers are printed: nothing from the remote.
 */
#include "repo-common.h"

#include "hutch-i18n.h"

#include <stdio.h>
#include <unistd.h>

#define BAR_WIDTH             24
#define TERMINAL_INTERVAL_US  (G_USEC_PER_SEC / 10)
#define PLAIN_INTERVAL_US     (3 * G_USEC_PER_SEC)

void
hutch_repo_progress_init (RepoProgress *progress, const RepoOptions *options)
{
  *progress = (RepoProgress) { 0 };
  progress->terminal = isatty (STDOUT_FILENO) && !options->noninteractive;
  progress->last_time = g_get_monotonic_time ();
}

static void
update_rate (RepoProgress *progress, const HutchPullProgress *report, gint64 now)
{
  double seconds = (double) (now - progress->last_time) / G_USEC_PER_SEC;
  double current;

  if (seconds < 0.5)
    return;
  current = (double) (report->bytes - progress->last_bytes) / seconds;
  /* Smoothed, so that the number can be read. */
  progress->rate = progress->rate == 0 ? current : 0.7 * progress->rate + 0.3 * current;
  progress->last_bytes = report->bytes;
  progress->last_time = now;
}

static void
print_terminal_line (RepoProgress *progress, const HutchPullProgress *report)
{
  guint percent = report->requested > 0 ? MIN (100, report->fetched * 100 / report->requested) : 0;
  guint filled = report->done ? BAR_WIDTH : percent * BAR_WIDTH / 100;
  g_autofree char *bytes = g_format_size (report->bytes);
  g_autofree char *rate = g_format_size ((guint64) progress->rate);
  char bar[BAR_WIDTH + 1];

  for (guint i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[BAR_WIDTH] = '\0';
  /* Back to the start of the line, which this one overwrites. */
  printf ("\r");
  printf (g_dngettext (GETTEXT_PACKAGE,
                       /* TRANSLATORS: a progress line: bar, percentage, bytes downloaded,
                        * objects fetched of objects needed, download rate */
                       "  [%s] %3u%%  %s  %u/%u object  %s/s",
                       "  [%s] %3u%%  %s  %u/%u objects  %s/s", report->requested),
          bar, report->done ? 100 : percent, bytes, report->fetched, report->requested, rate);
  printf ("\033[K%s", report->done ? "\n" : "");
  progress->line_open = !report->done;
  fflush (stdout);
}

static void
print_plain_line (const HutchPullProgress *report)
{
  g_autofree char *bytes = g_format_size (report->bytes);

  if (report->done)
    printf (g_dngettext (GETTEXT_PACKAGE, "  downloaded %u object, %s, in %.1f s\n",
                         "  downloaded %u objects, %s, in %.1f s\n", report->fetched),
            report->fetched, bytes, (double) report->elapsed_us / G_USEC_PER_SEC);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "  downloading: %u of %u object, %s\n",
                         "  downloading: %u of %u objects, %s\n", report->requested),
            report->fetched, report->requested, bytes);
  fflush (stdout);
}

void
hutch_repo_progress_report (const HutchPullProgress *report, gpointer user_data)
{
  RepoProgress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 interval = progress->terminal ? TERMINAL_INTERVAL_US : PLAIN_INTERVAL_US;

  update_rate (progress, report, now);
  if (!report->done && progress->last_line != 0 && now - progress->last_line < interval)
    return;
  if (!report->done && progress->last_line == 0 && !progress->terminal)
    {
      /* The first plain line only after a while: short pulls print one. */
      progress->last_line = now;
      return;
    }
  progress->last_line = now;
  if (progress->terminal)
    print_terminal_line (progress, report);
  else
    print_plain_line (report);
}

void
hutch_repo_progress_end (RepoProgress *progress)
{
  if (progress->line_open)
    printf ("\n");
  progress->line_open = FALSE;
  fflush (stdout);
}
