/* See hutch-patterns.h.
 *
 * Defends against: a patterns file that is not what it should be (edited by
 * hand, or damaged): each line is validated as a pattern, and a bad one is
 * an error naming the file and line, never a pattern that matches
 * something unexpected.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-patterns.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <string.h>

#define PATTERNS_FILE_MAX_SIZE (64 * 1024)

static char *
patterns_path (const char *installation_dir, HutchPatternsKind kind)
{
  return g_build_filename (installation_dir, kind == HUTCH_PATTERNS_PINNED ? "pinned" : "masked",
                           NULL);
}

static gboolean
is_pattern_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-' || c == '*';
}

gboolean
hutch_pattern_is_valid (const char *pattern, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (pattern, "/", -1);
  g_autofree char *quoted = NULL;
  gboolean ok = g_strv_length (parts) <= 3 && strlen (pattern) <= 255;

  for (guint i = 0; ok && parts[i] != NULL; i++)
    {
      ok = parts[i][0] != '\0' && strcmp (parts[i], ".") != 0 && strcmp (parts[i], "..") != 0;
      for (const char *p = parts[i]; ok && *p != '\0'; p++)
        ok = is_pattern_char (*p);
    }
  if (ok)
    return TRUE;
  quoted = hutch_quote_untrusted (pattern);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("“%s” is not a pattern: use ID, ID/ARCH or ID/ARCH/BRANCH, where “*” stands for "
                 "any characters"),
               quoted);
  return FALSE;
}

GPtrArray *
hutch_patterns_load (const char *installation_dir, HutchPatternsKind kind, GError **error)
{
  g_autofree char *path = patterns_path (installation_dir, kind);
  g_autoptr (GPtrArray) patterns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!hutch_read_file_nofollow (path, PATTERNS_FILE_MAX_SIZE, &text, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&patterns);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (!hutch_pattern_is_valid (lines[i], &local_error))
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, "%s:%u: %s", path, i + 1,
                       local_error->message);
          return NULL;
        }
      g_ptr_array_add (patterns, g_strdup (lines[i]));
    }
  return g_steal_pointer (&patterns);
}

gboolean
hutch_patterns_save (const char *installation_dir, HutchPatternsKind kind, GPtrArray *patterns,
                     GError **error)
{
  g_autofree char *path = patterns_path (installation_dir, kind);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < patterns->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (patterns, i));
  return g_file_set_contents_full (path, text->str, (gssize) text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

const char *
hutch_patterns_match (GPtrArray *patterns, const HutchRef *ref)
{
  const char *parts[] = { ref->id, ref->arch, ref->branch };

  for (guint i = 0; i < patterns->len; i++)
    {
      const char *pattern = g_ptr_array_index (patterns, i);
      g_auto (GStrv) globs = g_strsplit (pattern, "/", 3);
      gboolean match = TRUE;

      for (guint j = 0; match && globs[j] != NULL; j++)
        match = g_pattern_match_simple (globs[j], parts[j]);
      if (match)
        return pattern;
    }
  return NULL;
}

char *
hutch_pattern_for_ref (const HutchRef *ref)
{
  return g_strdup_printf ("%s/%s/%s", ref->id, ref->arch, ref->branch);
}
