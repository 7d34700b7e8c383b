/* hutch-bundler runtime: build a runtime from Debian packages or from the
 * host's programs (bundler/runtime/) and commit it as
 * runtime/ID/ARCH/BRANCH (bundler/export/).  Prints the ref and the
 * commit; says on stderr what it is doing.
 *
 * Defends against: a long build that fails at its end on an input that
 * could have been checked at its start.  The ref, the suite, the packages
 * and the mirror are checked, and what mmdebstrap needs is looked for,
 * before anything is downloaded.  The work directory goes, whatever
 * happens (but a kill).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "bundler-export-progress.h"
#include "bundler-export.h"
#include "bundler-runtime.h"
#include "hutch-error.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  char *id;
  char *branch;
  char *repo;
  char *arch;
  gboolean sdk;
  char *gpg_key_id;
  char *gpg_homedir;
  char *debian;
  char **packages; /* each may hold several, comma-separated */
  char *mirror;
  gboolean from_host;
  char **programs; /* the arguments after the options */
} Options;

static void
options_clear (Options *opts)
{
  g_free (opts->id);
  g_free (opts->branch);
  g_free (opts->repo);
  g_free (opts->arch);
  g_free (opts->gpg_key_id);
  g_free (opts->gpg_homedir);
  g_free (opts->debian);
  g_strfreev (opts->packages);
  g_free (opts->mirror);
  g_strfreev (opts->programs);
}

static void
say (const char *message)
{
  fprintf (stderr, "%s\n", message);
}

/* The options that make sense together, and the ref they name. */
static HutchRef *
check_options (const Options *opts, GError **error)
{
  const char *missing = opts->id == NULL       ? "--id"
                        : opts->branch == NULL ? "--branch"
                        : opts->repo == NULL   ? "--repo"
                                               : NULL;

  if (missing != NULL)
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("%s is required"), missing);
  else if ((opts->debian != NULL) == opts->from_host)
    g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                         _ ("give either --debian SUITE or --from-host PROGRAM…"));
  else if (opts->from_host && (opts->programs == NULL || opts->programs[0] == NULL))
    g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                         _ ("--from-host needs the programs to take from the host"));
  else if (opts->from_host && (opts->sdk || opts->packages != NULL || opts->mirror != NULL))
    g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                         _ ("--sdk, --packages and --mirror go with --debian"));
  else if (opts->from_host && opts->arch != NULL && strcmp (opts->arch, hutch_get_arch ()) != 0)
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ARCH,
                 _ ("--from-host takes this machine's programs, which are for %s"),
                 hutch_get_arch ());
  else if (opts->debian != NULL && opts->programs != NULL && opts->programs[0] != NULL)
    g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                         _ ("--debian takes no programs: name packages with --packages"));
  if (error != NULL && *error != NULL)
    return NULL;
  return hutch_ref_new (HUTCH_REF_KIND_RUNTIME, opts->id,
                        opts->arch != NULL ? opts->arch : hutch_get_arch (), opts->branch, error);
}

/* --packages a,b --packages c → a, b, c. */
static char **
split_packages (char **values)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (values[i], ",", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        if (*g_strstrip (parts[j]) != '\0')
          g_ptr_array_add (all, g_strdup (parts[j]));
    }
  g_ptr_array_add (all, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&all), FALSE);
}

/* Stages the root in @root, as the options say. */
static gboolean
stage (const Options *opts, const char *root, GError **error)
{
  g_auto (GStrv) packages = split_packages (opts->packages);
  HutchDebianOptions debian
      = { opts->debian, (const char *const *)packages, opts->mirror, opts->sdk, opts->arch };
  g_autofree char *message = NULL;
  guint n_files = 0;

  if (opts->debian != NULL)
    {
      message = g_strdup_printf (_ ("Building a Debian %s root with mmdebstrap…"), opts->debian);
      say (message);
      return hutch_runtime_stage_debian (&debian, root, error);
    }
  say (_ ("Copying the programs, their libraries and busybox from this machine…"));
  if (!hutch_runtime_stage_from_host ((const char *const *)opts->programs, root, &n_files, error))
    return FALSE;
  message = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u file copied", "%u files copied", n_files), n_files);
  say (message);
  return TRUE;
}

static gboolean
commit (const Options *opts, const HutchRef *ref, const char *builddir, char **out_ref,
        char **out_checksum, GError **error)
{
  g_autofree char *name = hutch_ref_format (ref);
  g_autofree char *message = g_strdup_printf (_ ("Committing %s to %s…"), name, opts->repo);
  HutchExportProgress progress;
  HutchExportOptions options = {
    .branch = ref->branch,
    .arch = ref->arch,
    .gpg_key_id = opts->gpg_key_id,
    .gpg_homedir = opts->gpg_homedir,
    .timestamp = -1,
    .progress = hutch_export_progress_show,
    .progress_data = &progress,
  };
  gboolean ok;

  say (message);
  hutch_export_progress_init (&progress);
  ok = hutch_bundler_export (opts->repo, builddir, &options, out_ref, out_checksum, error);
  hutch_export_progress_finish (&progress);
  return ok;
}

/* Everything, in the work directory @work. */
static gboolean
build (const Options *opts, const HutchRef *ref, const char *work, GError **error)
{
  g_autofree char *root = g_build_filename (work, "root", NULL);
  g_autofree char *builddir = g_build_filename (work, "build", NULL);
  g_autofree char *out_ref = NULL, *checksum = NULL;

  if (g_mkdir_with_parents (root, 0755) < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _ ("cannot create “%s”: %s"), root, g_strerror (errno));
      return FALSE;
    }
  if (!stage (opts, root, error) || !hutch_runtime_finish (root, builddir, ref, opts->sdk, error)
      || !commit (opts, ref, builddir, &out_ref, &checksum, error))
    return FALSE;
  printf ("%s %s\n", out_ref, checksum);
  return TRUE;
}

static int
run (const Options *opts)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) cleanup_error = NULL;
  g_autoptr (HutchRef) ref = check_options (opts, &error);
  g_auto (GStrv) packages = NULL;
  g_autofree char *work = NULL;
  gboolean ok;

  if (ref == NULL)
    return hutch_bundler_fail (error);
  if (opts->debian != NULL)
    {
      HutchDebianOptions debian = { opts->debian, NULL, opts->mirror, opts->sdk, opts->arch };
      packages = split_packages (opts->packages);
      debian.packages = (const char *const *)packages;
      if (!hutch_runtime_debian_check (&debian, &error))
        return hutch_bundler_fail (error);
    }
  work = hutch_runtime_make_work_dir (&error);
  if (work == NULL)
    return hutch_bundler_fail (error);
  ok = build (opts, ref, work, &error);
  if (!hutch_runtime_remove_tree (work, &cleanup_error))
    hutch_bundler_warn (cleanup_error->message);
  return ok ? 0 : hutch_bundler_fail (error);
}

int
hutch_bundler_runtime (int argc, char **argv)
{
  Options opts = { 0 };
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &opts.id, N_ ("The runtime's ID"), N_ ("ID") },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &opts.branch, N_ ("The runtime's branch"),
      N_ ("BRANCH") },
    { "repo", 0, 0, G_OPTION_ARG_FILENAME, &opts.repo,
      N_ ("Commit to this OSTree repository (made if missing)"), N_ ("REPO") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch,
      N_ ("Build for this architecture (default: this machine's)"), N_ ("ARCH") },
    { "sdk", 0, 0, G_OPTION_ARG_NONE, &opts.sdk, N_ ("Build an SDK: add compilers and build tools"),
      NULL },
    { "gpg-sign", 0, 0, G_OPTION_ARG_STRING, &opts.gpg_key_id,
      N_ ("Sign the commit and the summary with this GPG key"), N_ ("KEYID") },
    { "gpg-homedir", 0, 0, G_OPTION_ARG_FILENAME, &opts.gpg_homedir,
      N_ ("GnuPG home directory holding the key"), N_ ("DIR") },
    { "debian", 0, 0, G_OPTION_ARG_STRING, &opts.debian,
      N_ ("Build from Debian packages of this suite, with mmdebstrap"), N_ ("SUITE") },
    { "packages", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts.packages, N_ ("Add these Debian packages"),
      N_ ("PKG,…") },
    { "mirror", 0, 0, G_OPTION_ARG_STRING, &opts.mirror,
      N_ ("Download from this Debian mirror (default: this machine's apt sources)"), N_ ("URL") },
    { "from-host", 0, 0, G_OPTION_ARG_NONE, &opts.from_host,
      N_ ("Take the programs named after the options from this machine, with their libraries"),
      NULL },
    /* The programs of --from-host; the usage line names them. */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts.programs, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
      _ ("(--debian SUITE | --from-host PROGRAM…) — build a runtime and commit it"));
  int status = 1;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
      context,
      _ ("Builds runtime/ID/ARCH/BRANCH: a merged /usr with its /etc, from Debian packages "
         "(mmdebstrap, with this machine's apt sources) or from this machine's programs, "
         "and commits it to REPO.  Prints the ref and the commit."));
  if (hutch_bundler_parse_options (context, &argc, &argv))
    status = run (&opts);
  options_clear (&opts);
  return status;
}
