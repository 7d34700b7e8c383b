/* Where a value of a manifest was written, and the messages about it.
 *
 * Every error and warning of the parser is one line "FILE:LINE:COLUMN:
 * FIELD: what is wrong".  What this defends against: a manifest (or the
 * name of a file it includes) driving the terminal that prints the
 * message.  Every untrusted part (file names, keys, quoted values) goes
 * through hutch_escape_for_terminal() and is cut short, so a message is
 * one line of plain text however hostile the input.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

/* Quoted untrusted text is cut after this many bytes (once escaped). */
#define QUOTE_MAX_BYTES 120

char *
manifest_quote (const char *text)
{
  g_autofree char *escaped = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_NONE);
  const char *cut;

  if (strlen (escaped) <= QUOTE_MAX_BYTES)
    return g_steal_pointer (&escaped);
  /* Back to the start of the character at the limit. */
  cut = escaped + QUOTE_MAX_BYTES;
  while (cut > escaped && ((guchar)*cut & 0xc0) == 0x80)
    cut--;
  return g_strdup_printf ("%.*s…", (int)(cut - escaped), escaped);
}

static gboolean
is_plain_key (const char *key)
{
  if (key[0] == '\0')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
manifest_field_member (const char *parent, const char *key)
{
  g_autofree char *quoted = NULL;

  if (is_plain_key (key))
    return parent[0] == '\0' ? g_strdup (key) : g_strconcat (parent, ".", key, NULL);
  quoted = manifest_quote (key);
  return g_strdup_printf ("%s[\"%s\"]", parent, quoted);
}

char *
manifest_field_index (const char *parent, guint index)
{
  return g_strdup_printf ("%s[%u]", parent, index);
}

char *
manifest_message_valist (const char *file, guint line, guint column, const char *field,
                         const char *format, va_list args)
{
  /* Not cut short: a file name is bounded, and useless cut. */
  g_autofree char *safe_file = hutch_escape_for_terminal (file, HUTCH_ESCAPE_FLAGS_NONE);
  GString *message = g_string_new (safe_file);

  if (line > 0)
    g_string_append_printf (message, ":%u:%u", line, column);
  g_string_append (message, ": ");
  /* Fields are made of escaped keys already. */
  if (field != NULL && field[0] != '\0')
    g_string_append_printf (message, "%s: ", field);
  g_string_append_vprintf (message, format, args);
  return g_string_free (message, FALSE);
}

void
manifest_set_error (GError **error, const char *file, guint line, guint column, const char *field,
                    const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = manifest_message_valist (file, line, column, field, format, args);
  va_end (args);
  g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST, message);
}

void
manifest_location_init (HutchManifestLocation *where, const ManifestFile *file,
                        const ManifestJsonNode *node, const char *field)
{
  where->file = g_ref_string_acquire (file->name);
  where->line = node->line;
  where->column = node->column;
  where->field = g_strdup (field);
}

void
manifest_location_clear (HutchManifestLocation *where)
{
  g_clear_pointer (&where->file, g_ref_string_release);
  g_clear_pointer (&where->field, g_free);
}

/**
 * hutch_manifest_location_format:
 *
 * For errors about a value found after parsing: the file name is escaped
 * here; the caller escapes what it quotes in @format's arguments.
 */
char *
hutch_manifest_location_format (const HutchManifestLocation *where, const char *format, ...)
{
  char *message;
  va_list args;

  g_return_val_if_fail (where != NULL && format != NULL, NULL);

  va_start (args, format);
  message = manifest_message_valist (where->file != NULL ? where->file : "", where->line,
                                     where->column, where->field, format, args);
  va_end (args);
  return message;
}

gboolean
manifest_fail (const ManifestFile *file, const ManifestJsonNode *node, const char *field,
               GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = manifest_message_valist (file->name, node->line, node->column, field, format, args);
  va_end (args);
  g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST, message);
  return FALSE;
}

gboolean
manifest_fail_with (const ManifestFile *file, const ManifestJsonNode *node, const char *field,
                    GError *cause, GError **error)
{
  manifest_fail (file, node, field, error, "%s", cause->message);
  g_error_free (cause);
  return FALSE;
}

static char *message_printf (const char *file, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* "FILE: message" */
static char *
message_printf (const char *file, const char *format, ...)
{
  char *message;
  va_list args;

  va_start (args, format);
  message = manifest_message_valist (file, 0, 0, NULL, format, args);
  va_end (args);
  return message;
}

void
manifest_warn (const ManifestFile *file, const ManifestJsonNode *node, const char *field,
               const char *format, ...)
{
  GPtrArray *warnings = file->loader->manifest->warnings;
  va_list args;

  if (warnings->len > MANIFEST_MAX_WARNINGS)
    return;
  if (warnings->len == MANIFEST_MAX_WARNINGS)
    {
      g_ptr_array_add (
          warnings, message_printf (file->name, _ ("more than %d warnings; the rest are not shown"),
                                    MANIFEST_MAX_WARNINGS));
      return;
    }
  va_start (args, format);
  g_ptr_array_add (warnings, manifest_message_valist (file->name, node->line, node->column, field,
                                                      format, args));
  va_end (args);
}
