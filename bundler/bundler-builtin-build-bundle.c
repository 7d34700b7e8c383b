/* hutch-bundler build-bundle: write an app or runtime of a repository to a
 * single-file bundle (bundler/bundle/), and print the ref and the commit.
 *
 * Defends against: nothing beyond what hutch_bundler_write_bundle()
 * checks; this file reads options and makes the ref, whose ID, arch and
 * branch hutch-ref.h validates.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "bundler-bundle.h"
#include "hutch-error.h"
#include "hutch-i18n.h"

#include <stdio.h>

typedef struct
{
  gboolean runtime;
  char *arch;
  char *gpg_key_id;
  char *gpg_homedir;
  char *repo_url;
} Options;

static void
options_clear (Options *opts)
{
  g_free (opts->arch);
  g_free (opts->gpg_key_id);
  g_free (opts->gpg_homedir);
  g_free (opts->repo_url);
}

static int
run (const Options *opts, const char *repo, const char *file, const char *id, const char *branch)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchRef) ref = NULL;
  g_autofree char *name = NULL, *commit = NULL;
  HutchBundleWriteOptions options = {
    .gpg_key_id = opts->gpg_key_id,
    .gpg_homedir = opts->gpg_homedir,
    .origin_url = opts->repo_url,
  };

  ref = hutch_ref_new (opts->runtime ? HUTCH_REF_KIND_RUNTIME : HUTCH_REF_KIND_APP, id,
                       opts->arch != NULL ? opts->arch : hutch_get_arch (),
                       branch != NULL ? branch : "master", &error);
  if (ref == NULL)
    return hutch_bundler_fail (error);
  name = hutch_ref_format (ref);
  /* TRANSLATORS: "Bundling REF from REPO into FILE…" */
  fprintf (stderr, _ ("Bundling %s from %s into %s…\n"), name, repo, file);
  if (!hutch_bundler_write_bundle (repo, file, ref, &options, &commit, &error))
    return hutch_bundler_fail (error);
  printf ("%s %s\n", name, commit);
  return 0;
}

int
hutch_bundler_build_bundle (int argc, char **argv)
{
  Options opts = { 0 };
  const GOptionEntry entries[] = {
    { "runtime", 0, 0, G_OPTION_ARG_NONE, &opts.runtime,
      N_ ("Bundle the runtime ID rather than the app ID"), NULL },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch,
      N_ ("Bundle the commit for this architecture (default: this machine's)"), N_ ("ARCH") },
    { "gpg-sign", 0, 0, G_OPTION_ARG_STRING, &opts.gpg_key_id,
      N_ ("Sign the commit with this GPG key first (in the repository), so the bundle is signed"),
      N_ ("KEYID") },
    { "gpg-homedir", 0, 0, G_OPTION_ARG_FILENAME, &opts.gpg_homedir,
      N_ ("GnuPG home directory holding the key"), N_ ("DIR") },
    { "repo-url", 0, 0, G_OPTION_ARG_STRING, &opts.repo_url,
      N_ ("Say in the bundle that the repository is published at this URL"), N_ ("URL") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
      _ ("REPO FILE ID [BRANCH] — write an app or runtime of a repository to a single-file "
         "bundle"));
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hutch_bundler_parse_options (context, &argc, &argv))
    {
      options_clear (&opts);
      return 1;
    }
  if (argc < 4 || argc > 5)
    {
      g_autoptr (GError) error = g_error_new_literal (
          HUTCH_ERROR, HUTCH_ERROR_FAILED,
          _ ("give REPO, FILE and ID, and optionally BRANCH (see “hutch-bundler build-bundle "
             "--help”)"));
      status = hutch_bundler_fail (error);
    }
  else
    status = run (&opts, argv[1], argv[2], argv[3], argc == 5 ? argv[4] : NULL);
  options_clear (&opts);
  return status;
}
