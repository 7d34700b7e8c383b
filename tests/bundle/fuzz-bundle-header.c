/* Fuzz target: a bundle's superblock, untrusted bytes, through
 * hutch_bundle_header_parse() (installation/bundle/).  Besides crashes
 * and sanitizer reports, it checks what `app install --bundle` relies on:
 *
 *   - a refusal is a HUTCH_ERROR_INVALID_BUNDLE whose message is one line
 *     of valid UTF-8 that escaping for a terminal leaves unchanged,
 *     whatever the input;
 *   - an accepted header names a valid ref and commit checksum, the commit
 *     object it carries hashes to that checksum, its metadata and origin
 *     URL are bounded, and it has at least one part;
 *   - parsing the same bytes twice gives the same answer.
 *
 * Built with -Dfuzzing=true this is a libFuzzer target; otherwise
 * tests/fuzz-driver.c replays the seed corpus in corpus-bundle-header/
 * (real bundles written by hutch-bundler, and damaged ones).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hutch-bundle.h"
#include "hutch-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A message must be printable as it is: valid UTF-8 that escaping for a
 * terminal leaves unchanged (no control or format character), but for the
 * backslashes it doubles, which the message's own quotes of escaped bytes
 * hold. */
static void
check_message (const char *message)
{
  g_autofree char *escaped = NULL;
  g_autoptr (GString) expected = g_string_new (NULL);

  if (!g_utf8_validate (message, -1, NULL))
    abort ();
  for (const char *p = message; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append_c (expected, '\\');
      g_string_append_c (expected, *p);
    }
  escaped = hutch_escape_for_terminal (message, HUTCH_ESCAPE_FLAGS_NONE);
  if (strcmp (escaped, expected->str) != 0)
    {
      fprintf (stderr, "message not safe to print: %s\n", escaped);
      abort ();
    }
}

static void
check_header (const HutchBundleHeader *header)
{
  g_autofree char *actual = NULL;

  if (!hutch_ref_validate (header->ref, NULL) || !hutch_checksum_is_valid (header->commit, NULL))
    abort ();
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, header->commit_data);
  if (strcmp (actual, header->commit) != 0)
    abort ();
  if (strlen (header->metadata) > HUTCH_BUNDLE_METADATA_MAX_SIZE
      || (header->origin_url != NULL && !hutch_url_is_valid (header->origin_url, NULL))
      || header->n_parts == 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* GVariant wants its data aligned: copied, as a mapped file would be. */
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) again_error = NULL;
  g_autoptr (HutchBundleHeader) header = hutch_bundle_header_parse (bytes, &error);
  g_autoptr (HutchBundleHeader) again = hutch_bundle_header_parse (bytes, &again_error);

  if ((header == NULL) != (again == NULL))
    abort ();
  if (header == NULL)
    {
      if (!g_error_matches (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE)
          || strcmp (error->message, again_error->message) != 0)
        abort ();
      check_message (error->message);
      return 0;
    }
  if (strcmp (header->commit, again->commit) != 0)
    abort ();
  check_header (header);
  return 0;
}
