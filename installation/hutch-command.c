/* See hutch-command.h.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-command.h"

#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

void
hutch_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void
print_usage (FILE *out, const char *program, const HutchCommand *commands, gsize n_commands)
{
  /* TRANSLATORS: %s is the program, "app" or "hutch-bundler" */
  fprintf (out, _("Usage: %s COMMAND [OPTION…]\n\nCommands:\n"), program);
  for (gsize i = 0; i < n_commands; i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  /* TRANSLATORS: %s is the program, "app" or "hutch-bundler" */
  fprintf (out, _("\nRun “%s COMMAND --help” for the options of a command.\n"), program);
}

int
hutch_command_main (const char *program, const HutchCommand *commands, gsize n_commands,
                    int argc, char **argv)
{
  g_autofree char *safe = NULL;

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout, program, commands, n_commands);
      return argc < 2 ? 1 : 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("%s %s\n", program, PACKAGE_VERSION);
      return 0;
    }
  for (gsize i = 0; i < n_commands; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        /* "Usage: app run …" in the command's --help, not "Usage: run". */
        g_autofree char *prgname = g_strdup_printf ("%s %s", program, commands[i].name);
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  safe = hutch_escape_for_terminal (argv[1], HUTCH_ESCAPE_FLAGS_NONE);
  /* TRANSLATORS: the program, what was given as a command, the program */
  fprintf (stderr, _("%s: “%s” is not a command (see “%s --help”)\n"), program, safe, program);
  return 1;
}

int
hutch_command_fail (const char *program, const char *message)
{
  /* The message's untrusted parts are escaped already (hutch_quote_untrusted()):
   * a backslash in them would show twice. */
  g_autofree char *safe = hutch_escape_for_terminal (
      message, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES | HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES);

  /* TRANSLATORS: the program ("app", "hutch-bundler"), then the message */
  fprintf (stderr, _("%s: error: %s\n"), program, safe);
  return 1;
}

void
hutch_command_warn (const char *program, const char *message)
{
  g_autofree char *safe = hutch_escape_for_terminal (message,
                                                     HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES);

  /* TRANSLATORS: the program ("app", "hutch-bundler"), then the message */
  fprintf (stderr, _("%s: warning: %s\n"), program, safe);
}

void
hutch_command_warn_all (const char *program, GPtrArray *warnings)
{
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    hutch_command_warn (program, g_ptr_array_index (warnings, i));
}

void
hutch_command_print_field (const char *name, const char *value)
{
  g_autofree char *safe = hutch_escape_for_terminal (value, HUTCH_ESCAPE_FLAGS_NONE);

  printf ("%14s: %s\n", name, safe);
}
