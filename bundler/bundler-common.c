/* What the subcommands of hutch-bundler share: messages and options.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <stdio.h>

int
hutch_bundler_fail (const GError *error)
{
  g_autofree char *safe = hutch_escape_for_terminal (error->message, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES);

  fprintf (stderr, _("hutch-bundler: error: %s\n"), safe);
  return 1;
}

void
hutch_bundler_warn (const char *message)
{
  g_autofree char *safe = hutch_escape_for_terminal (message, HUTCH_ESCAPE_FLAGS_NONE);

  fprintf (stderr, _("hutch-bundler: warning: %s\n"), safe);
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
