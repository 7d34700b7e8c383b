/* hutch-bundler build: a manifest built in sandboxes into BUILDDIR
 * (bundler/build/), and with --repo committed to a repository.
 *
 * This file reads the options, loads the manifest and prints: the
 * parser's warnings, a line per step ("[2/5] hello: meson: configuring",
 * bold on a terminal), and the error.  The steps' own output goes straight
 * to the terminal.  The export runs only after the build succeeded, so a
 * failed build never reaches the repository.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "bundler-export-progress.h"
#include "bundler-export.h"
#include "hutch-build.h"
#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-manifest.h"
#include "hutch-ref.h"

#include <stdio.h>
#include <unistd.h>

typedef struct
{
  char *repo;
  char *gpg_key_id;
  char *gpg_homedir;
  char *default_branch;
  char *state_dir;
  char *mirror_dir;
  char *arch;
  int jobs;
  gboolean force_clean;
} Options;

static void
options_clear (Options *opts)
{
  g_free (opts->repo);
  g_free (opts->gpg_key_id);
  g_free (opts->gpg_homedir);
  g_free (opts->default_branch);
  g_free (opts->state_dir);
  g_free (opts->mirror_dir);
  g_free (opts->arch);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
show_step (guint index, guint total, const char *module, const char *step, gpointer user_data)
{
  gboolean tty = GPOINTER_TO_INT (user_data);
  g_autofree char *safe = hutch_escape_for_terminal (module, HUTCH_ESCAPE_FLAGS_NONE);

  printf ("%s[%u/%u] %s: %s%s\n", tty ? "\033[1m" : "", index, total, safe, step,
          tty ? "\033[0m" : "");
  fflush (stdout);
}

/* The branch to export to: the manifest's "branch", else --default-branch,
 * else the manifest's "default-branch", else master. */
static const char *
export_branch (const HutchManifest *manifest, const Options *opts)
{
  if (manifest->branch != NULL && !manifest->branch_is_default)
    return manifest->branch;
  if (opts->default_branch != NULL)
    return opts->default_branch;
  return manifest->branch != NULL ? manifest->branch : "master";
}

static int export(const HutchManifest *manifest, const Options *opts, const char *builddir,
                  gint64 date)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ref = NULL, *checksum = NULL;
  HutchExportProgress progress;
  HutchExportOptions options = {
    .branch = export_branch (manifest, opts),
    .arch = opts->arch,
    .gpg_key_id = opts->gpg_key_id,
    .gpg_homedir = opts->gpg_homedir,
    .timestamp = date,
    .progress = hutch_export_progress_show,
    .progress_data = &progress,
  };
  gboolean ok;

  hutch_export_progress_init (&progress);
  ok = hutch_bundler_export (opts->repo, builddir, &options, &ref, &checksum, &error);
  hutch_export_progress_finish (&progress);
  if (!ok)
    return hutch_bundler_fail (error);
  printf ("%s %s\n", ref, checksum);
  return 0;
}

static int
build (const Options *opts, const char *builddir, const char *manifest_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = hutch_manifest_load (manifest_path, &error);
  HutchBuildSettings settings = {
    .builddir = builddir,
    .state_dir = opts->state_dir,
    .mirror_dir = opts->mirror_dir,
    .arch = opts->arch,
    .jobs = (guint)opts->jobs,
    .force_clean = opts->force_clean,
    .progress = show_step,
    .progress_data = GINT_TO_POINTER (isatty (STDOUT_FILENO)),
  };
  gint64 date = -1;

  if (manifest == NULL)
    return hutch_bundler_fail (error);
  for (guint i = 0; manifest->warnings != NULL && i < manifest->warnings->len; i++)
    hutch_bundler_warn (g_ptr_array_index (manifest->warnings, i));
  if (!hutch_build_run (manifest, &settings, &date, &error))
    return hutch_bundler_fail (error);
  return opts->repo != NULL ? export(manifest, opts, builddir, date) : 0;
}

/* The option values that no later check would catch. */
static gboolean
check_options (const Options *opts, GError **error)
{
  if (opts->jobs < 0)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _ ("--jobs takes a number of jobs, 1 or more"));
      return FALSE;
    }
  return (opts->arch == NULL || hutch_arch_is_valid (opts->arch, error))
         && (opts->default_branch == NULL || hutch_branch_is_valid (opts->default_branch, error));
}

int
hutch_bundler_build (int argc, char **argv)
{
  g_auto (Options) opts = { 0 };
  const GOptionEntry entries[] = {
    { "repo", 0, 0, G_OPTION_ARG_FILENAME, &opts.repo,
      N_ ("Commit the build to this OSTree repository"), N_ ("REPO") },
    { "gpg-sign", 0, 0, G_OPTION_ARG_STRING, &opts.gpg_key_id,
      N_ ("Sign the commit and the summary with this GPG key"), N_ ("KEYID") },
    { "gpg-homedir", 0, 0, G_OPTION_ARG_FILENAME, &opts.gpg_homedir,
      N_ ("GnuPG home directory holding the key"), N_ ("DIR") },
    { "default-branch", 0, 0, G_OPTION_ARG_STRING, &opts.default_branch,
      N_ ("Branch to commit to if the manifest names none"), N_ ("BRANCH") },
    { "force-clean", 0, 0, G_OPTION_ARG_NONE, &opts.force_clean,
      N_ ("Empty BUILDDIR first if it is not empty"), NULL },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.state_dir,
      N_ ("Where the modules' sources and builds go (default: .hutch-bundler)"), N_ ("DIR") },
    { "mirror-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.mirror_dir,
      N_ ("Find sources given by url here, by file name"), N_ ("DIR") },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &opts.jobs,
      N_ ("Parallel jobs of make and ninja (default: the number of processors)"), N_ ("N") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch,
      N_ ("Build for this architecture (default: this machine's)"), N_ ("ARCH") },
    { NULL },
  };
  g_autoptr (GOptionContext) context
      = g_option_context_new (_ ("BUILDDIR MANIFEST — build an app from a manifest, in a sandbox"));
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hutch_bundler_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 3)
    {
      g_set_error_literal (&error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _ ("give BUILDDIR and MANIFEST (see “hutch-bundler build --help”)"));
      return hutch_bundler_fail (error);
    }
  if (!check_options (&opts, &error))
    return hutch_bundler_fail (error);
  return build (&opts, argv[1], argv[2]);
}
