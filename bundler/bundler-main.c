/* hutch-bundler: the packager's command.  Builds apps from manifests and
 * runtimes from Debian packages, exports them to OSTree repositories and
 * writes single-file bundles.  This file only picks the subcommand.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "hutch-command.h"
#include "hutch-i18n.h"

static const HutchCommand commands[] = {
  { "build", hutch_bundler_build, N_("Build an app from a manifest, in a sandbox") },
  { "build-export", hutch_bundler_build_export, N_("Commit a build to an OSTree repository") },
  { "build-bundle", hutch_bundler_build_bundle, N_("Write an app or runtime of a repository to a single-file bundle") },
  { "runtime", hutch_bundler_runtime, N_("Build a runtime from Debian packages or from the host's programs") },
};

int
main (int argc, char **argv)
{
  hutch_i18n_init ();
  return hutch_command_main ("hutch-bundler", commands, G_N_ELEMENTS (commands), argc, argv);
}
