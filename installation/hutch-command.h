/* The main() of Hutch's programs made of subcommands (`app`,
 * `hutch-bundler`, `hutch-app-repo`).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary; /* N_(), for --help */
} HutchCommand;

/* setlocale() and Hutch's text domain: messages in the user's language. */
void hutch_i18n_init (void);

/* Runs the command argv[1] names with argv[1…], or prints the usage of
 * @program (for --help, or to stderr with status 1 without a command), its
 * version, or an error for an unknown command.  Returns the exit status. */
int hutch_command_main (const char *program, const HutchCommand *commands, gsize n_commands,
                        int argc, char **argv);

/* "PROGRAM: error: MESSAGE" on stderr, escaped for the terminal (line
 * breaks kept); returns 1, the exit status. */
int hutch_command_fail (const char *program, const char *message);

/* "PROGRAM: warning: MESSAGE" on stderr, escaped for the terminal. */
void hutch_command_warn (const char *program, const char *message);

/* hutch_command_warn() for each string of @warnings (may be NULL). */
void hutch_command_warn_all (const char *program, GPtrArray *warnings);

/* "      NAME: VALUE" on stdout, as `app info` and `app remote-info` list
 * what they know: NAME right-aligned, VALUE escaped on one line (a line
 * break in it cannot forge another field). */
void hutch_command_print_field (const char *name, const char *value);

G_END_DECLS
