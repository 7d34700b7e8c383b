/* What the subcommands of hutch-bundler share: messages and options.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "hutch-command.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <stdio.h>

int
hutch_bundler_fail (const GError *error)
{
  return hutch_command_fail ("hutch-bundler", error->message);
}

void
hutch_bundler_warn (const char *message)
{
  hutch_command_warn ("hutch-bundler", message);
}

gboolean
hutch_bundler_parse_options (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      hutch_bundler_fail (error);
      return FALSE;
    }
  return TRUE;
}
