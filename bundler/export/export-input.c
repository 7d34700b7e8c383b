/* What an export starts from: the build directory's metadata file, the ref
 * it names, and the commit's timestamp.
 *
 * Defends against: exporting something `app install` would refuse, or
 * that is not what the packager meant.  The metadata must be a regular
 * file (not a link to somewhere else), bounded, and pass the same parser
 * `app run` uses, whose errors name the file, line and key; the ref is
 * validated as strictly as a ref from a remote (hutch-ref.h).  A
 * $SOURCE_DATE_EPOCH that is not a plain number is an error, not a silent
 * fallback to another time.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "export-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-metadata.h"

void
hutch_export_input_free (HutchExportInput *input)
{
  if (input == NULL)
    return;
  g_free (input->text);
  g_clear_pointer (&input->ref, hutch_ref_free);
  g_free (input);
}

/* Reads BUILDDIR/metadata, bounded; a missing one is named as such. */
static gboolean
read_metadata_file (const char *path, char **out_text, gsize *out_len, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (hutch_read_file_nofollow (path, HUTCH_METADATA_MAX_SIZE, out_text, out_len, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                 _ ("“%s” is missing: a build directory needs a metadata file"), path);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

HutchExportInput *
hutch_export_input_read (const char *builddir, const char *arch, const char *branch, GError **error)
{
  g_autoptr (HutchExportInput) input = g_new0 (HutchExportInput, 1);
  g_autofree char *path = g_build_filename (builddir, HUTCH_EXPORT_METADATA, NULL);
  g_autoptr (HutchMetadata) metadata = NULL;
  g_autofree char *marker = g_build_filename (builddir, HUTCH_BUILD_INCOMPLETE, NULL);

  if (g_file_test (marker, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                   _ ("%s holds an incomplete build (%s): build it again before exporting"),
                   builddir, HUTCH_BUILD_INCOMPLETE);
      return NULL;
    }
  if (!read_metadata_file (path, &input->text, &input->len, error))
    return NULL;
  metadata = hutch_metadata_parse (input->text, input->len, path, NULL, error);
  if (metadata == NULL)
    return NULL;
  input->ref
      = hutch_ref_new (metadata->kind, metadata->name, arch != NULL ? arch : hutch_get_arch (),
                       branch != NULL ? branch : "master", error);
  if (input->ref == NULL)
    return NULL;
  return g_steal_pointer (&input);
}

gboolean
hutch_export_pick_timestamp (gint64 requested, gint64 newest_mtime, guint64 *out_timestamp,
                             GError **error)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 value;

  if (requested >= 0)
    {
      *out_timestamp = (guint64)requested;
      return TRUE;
    }
  if (epoch == NULL)
    {
      *out_timestamp = newest_mtime > 0 ? (guint64)newest_mtime : 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_autofree char *quoted = hutch_escape_for_terminal (epoch, HUTCH_ESCAPE_FLAGS_NONE);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("SOURCE_DATE_EPOCH is “%s”, not a number of seconds"), quoted);
      return FALSE;
    }
  *out_timestamp = value;
  return TRUE;
}
