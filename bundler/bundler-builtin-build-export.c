/* hutch-bundler build-export: commit a build directory to an OSTree
 * repository (bundler/export/), and print the ref and the commit.
 *
 * Defends against: nothing beyond what hutch_bundler_export() checks; this
 * file only reads options.  A timestamp below -1 is refused rather than
 * taken for "now".
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "bundler-export-progress.h"
#include "bundler-export.h"
#include "hutch-error.h"
#include "hutch-i18n.h"

#include <stdio.h>

typedef struct
{
  char *gpg_key_id;
  char *gpg_homedir;
  char *subject;
  char *body;
  char *arch;
  gint64 timestamp;
  gboolean no_update_summary;
  gboolean no_static_delta;
} Options;

static void
options_clear (Options *opts)
{
  g_free (opts->gpg_key_id);
  g_free (opts->gpg_homedir);
  g_free (opts->subject);
  g_free (opts->body);
  g_free (opts->arch);
}

static int
run_export (const Options *opts, const char *repo, const char *builddir, const char *branch)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ref = NULL, *checksum = NULL;
  HutchExportProgress progress;
  HutchExportOptions options = {
    .branch = branch,
    .arch = opts->arch,
    .subject = opts->subject,
    .body = opts->body,
    .gpg_key_id = opts->gpg_key_id,
    .gpg_homedir = opts->gpg_homedir,
    .timestamp = opts->timestamp,
    .no_update_summary = opts->no_update_summary,
    .no_static_delta = opts->no_static_delta,
    .progress = hutch_export_progress_show,
    .progress_data = &progress,
  };
  gboolean ok;

  hutch_export_progress_init (&progress);
  ok = hutch_bundler_export (repo, builddir, &options, &ref, &checksum, &error);
  hutch_export_progress_finish (&progress);
  if (!ok)
    return hutch_bundler_fail (error);
  printf ("%s %s\n", ref, checksum);
  return 0;
}

int
hutch_bundler_build_export (int argc, char **argv)
{
  Options opts = { .timestamp = -1 };
  const GOptionEntry entries[] = {
    { "gpg-sign", 0, 0, G_OPTION_ARG_STRING, &opts.gpg_key_id,
      N_ ("Sign the commit and the summary with this GPG key"), N_ ("KEYID") },
    { "gpg-homedir", 0, 0, G_OPTION_ARG_FILENAME, &opts.gpg_homedir,
      N_ ("GnuPG home directory holding the key"), N_ ("DIR") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &opts.subject,
      N_ ("The commit's subject (default: “Export ID”)"), N_ ("SUBJECT") },
    { "body", 0, 0, G_OPTION_ARG_STRING, &opts.body, N_ ("The commit's body"), N_ ("BODY") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch,
      N_ ("Commit for this architecture (default: this machine's)"), N_ ("ARCH") },
    { "timestamp", 0, 0, G_OPTION_ARG_INT64, &opts.timestamp,
      N_ ("The commit's time in seconds since the epoch (default: $SOURCE_DATE_EPOCH, else the "
          "newest file's)"),
      N_ ("SECONDS") },
    { "no-update-summary", 0, 0, G_OPTION_ARG_NONE, &opts.no_update_summary,
      N_ ("Leave the repository's summary as it is"), NULL },
    { "no-static-delta", 0, 0, G_OPTION_ARG_NONE, &opts.no_static_delta,
      N_ ("Write no static delta from the previous commit"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
      _ ("REPO BUILDDIR [BRANCH] — commit a build directory to an OSTree repository"));
  g_autoptr (GError) error = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hutch_bundler_parse_options (context, &argc, &argv))
    {
      options_clear (&opts);
      return 1;
    }
  if (argc < 3 || argc > 4)
    g_set_error_literal (&error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                         _ ("give REPO and BUILDDIR, and optionally BRANCH (see “hutch-bundler "
                            "build-export --help”)"));
  else if (opts.timestamp < -1)
    g_set_error_literal (&error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                         _ ("--timestamp takes a number of seconds since the epoch"));
  status = error != NULL ? hutch_bundler_fail (error)
                         : run_export (&opts, argv[1], argv[2], argc == 4 ? argv[3] : NULL);
  options_clear (&opts);
  return status;
}
