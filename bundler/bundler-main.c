/* hutch-bundler: the packager's command.  Builds apps from manifests and
 * runtimes from Debian packages, exports them to OSTree repositories and
 * writes single-file bundles.  This file only picks the subcommand.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} BundlerCommand;

static const BundlerCommand commands[] = {
  { "build", hutch_bundler_build, N_("Build an app from a manifest, in a sandbox") },
  { "build-export", hutch_bundler_build_export, N_("Commit a build to an OSTree repository") },
  { "build-bundle", hutch_bundler_build_bundle, N_("Write an app or runtime of a repository to a single-file bundle") },
  { "runtime", hutch_bundler_runtime, N_("Build a runtime from Debian packages or from the host's programs") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s", _("Usage: hutch-bundler COMMAND [OPTION…]\n\nCommands:\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "%s", _("\nRun “hutch-bundler COMMAND --help” for the options of a command.\n"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 1 : 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("hutch-bundler %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  g_autofree char *safe = hutch_escape_for_terminal (argv[1], HUTCH_ESCAPE_FLAGS_NONE);
  fprintf (stderr, _("hutch-bundler: “%s” is not a command (see “hutch-bundler --help”)\n"), safe);
  return 1;
}
