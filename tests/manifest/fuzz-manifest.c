/* Fuzz target: a manifest, untrusted text, parsed without a base
 * directory (so no file is ever read).  Besides crashes and sanitizer
 * reports, it checks what the rest of Hutch relies on:
 *
 *   - every message, error or warning, is one line of valid UTF-8 without
 *     control characters, whatever the input;
 *   - every path of an accepted manifest is relative, without "..", "."
 *     or empty elements (a dir source may be "." itself), every file name
 *     is one element, every checksum 64 lowercase hex digits;
 *   - the metadata made from an accepted manifest is read back by
 *     hutch_metadata_parse(), and is the same text when made twice.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hutch-manifest.h"
#include "hutch-metadata.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_message (const char *message)
{
  if (!g_utf8_validate (message, -1, NULL))
    {
      fprintf (stderr, "message is not UTF-8\n");
      abort ();
    }
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        fprintf (stderr, "control character in message: %s\n", message);
        abort ();
      }
}

static void
check_path (const char *path, gboolean may_be_dot)
{
  g_auto (GStrv) elements = NULL;

  if (path == NULL || (may_be_dot && strcmp (path, ".") == 0))
    return;
  if (path[0] == '\0' || path[0] == '/')
    abort ();
  elements = g_strsplit (path, "/", -1);
  for (gsize i = 0; elements[i] != NULL; i++)
    if (elements[i][0] == '\0' || strcmp (elements[i], ".") == 0 || strcmp (elements[i], "..") == 0)
      abort ();
}

static void
check_filename (const char *name)
{
  if (name != NULL
      && (name[0] == '\0' || strchr (name, '/') != NULL || strcmp (name, ".") == 0
          || strcmp (name, "..") == 0))
    abort ();
}

static void
check_source (const HutchManifestSource *source)
{
  check_path (source->path, source->type == HUTCH_SOURCE_DIR);
  check_path (source->dest, FALSE);
  check_filename (source->dest_filename);
  for (gsize i = 0; source->skip != NULL && source->skip[i] != NULL; i++)
    check_path (source->skip[i], FALSE);
  if (source->url != NULL && source->sha256 == NULL)
    abort ();
  if (source->sha256 != NULL)
    {
      if (strlen (source->sha256) != 64)
        abort ();
      for (const char *p = source->sha256; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
          abort ();
    }
  if ((source->type == HUTCH_SOURCE_FILE || source->type == HUTCH_SOURCE_SCRIPT
       || source->type == HUTCH_SOURCE_INLINE)
      && source->dest_filename == NULL)
    abort ();
}

static void
check_modules (const GPtrArray *modules, guint depth)
{
  if (depth > HUTCH_MANIFEST_MAX_DEPTH)
    abort ();
  for (guint i = 0; i < modules->len; i++)
    {
      const HutchManifestModule *module = g_ptr_array_index (modules, i);

      check_filename (module->name);
      check_path (module->subdir, FALSE);
      for (guint j = 0; j < module->sources->len; j++)
        check_source (g_ptr_array_index (module->sources, j));
      check_modules (module->modules, depth + 1);
    }
}

static void
check_metadata (const HutchManifest *manifest)
{
  g_autofree char *text = hutch_manifest_to_metadata (manifest, "x86_64");
  g_autofree char *again = hutch_manifest_to_metadata (manifest, "x86_64");
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;

  if (strcmp (text, again) != 0)
    abort ();
  metadata = hutch_metadata_parse (text, strlen (text), "metadata", NULL, &error);
  if (metadata == NULL)
    {
      fprintf (stderr, "metadata does not parse: %s\n%s", error->message, text);
      abort ();
    }
  if (strcmp (metadata->name, manifest->id) != 0
      || strcmp (metadata->command, manifest->command) != 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;

  manifest = hutch_manifest_parse ((const char *)data, size, "fuzz.json", NULL, &error);
  if (manifest == NULL)
    {
      if (error == NULL)
        abort ();
      check_message (error->message);
      return 0;
    }
  for (guint i = 0; i < manifest->warnings->len; i++)
    check_message (g_ptr_array_index (manifest->warnings, i));
  check_modules (manifest->modules, 1);
  check_metadata (manifest);
  return 0;
}
