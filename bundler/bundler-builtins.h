/* The subcommands of hutch-bundler, one file each (bundler-builtin-*.c),
 * and what they share (bundler-common.c).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes the arguments after `hutch-bundler`, starting with its own
 * name, and returns the exit status. */
int hutch_bundler_build (int argc, char **argv);
int hutch_bundler_build_export (int argc, char **argv);
int hutch_bundler_build_bundle (int argc, char **argv);
int hutch_bundler_runtime (int argc, char **argv);

/* Print "hutch-bundler: error: MESSAGE" and return the exit status of a
 * failure (1). */
int hutch_bundler_fail (const GError *error);
/* Print "hutch-bundler: warning: MESSAGE". */
void hutch_bundler_warn (const char *message);
/* Parse the options of a subcommand: @context gets --help from GLib;
 * returns FALSE after printing the error. */
gboolean hutch_bundler_parse_options (GOptionContext *context, int *argc, char ***argv);

G_END_DECLS
