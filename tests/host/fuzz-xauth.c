/* Fuzz target for the Xauthority parser and filter (profiles/host/host-xauth.c).
 *
 * Reads the input as an Xauthority file and checks what must always hold:
 *
 *   - writing the parsed records gives back the input's bytes up to where
 *     parsing stopped (all of them when the parse was complete): nothing is
 *     invented, nothing read past the end;
 *   - the filtered file for display 0 parses completely, and holds exactly
 *     the records for display 0 (FamilyWild, or FamilyLocal of the host
 *     name), in order, every one of them numbered "99".
 *
 * The host name is the address of the input's first record, so that the
 * fuzzer reaches the FamilyLocal matching.
 *
 * Built with -Dfuzzing=true this is a libFuzzer target; otherwise
 * tests/fuzz-driver.c replays the seed corpus in corpus-xauth/.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdint.h>
#include <string.h>

#include "host-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
field_is (GBytes *field, const char *str)
{
  gsize len;
  const void *bytes = g_bytes_get_data (field, &len);

  return len == strlen (str) && (len == 0 || memcmp (bytes, str, len) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) input = g_bytes_new (data, size);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GBytes) rewritten = NULL;
  g_autoptr (GBytes) filtered = NULL;
  g_autoptr (GPtrArray) kept = NULL;
  g_autofree char *hostname = NULL;
  gboolean complete;
  guint expected = 0, next = 0;
  gsize len;
  const guint8 *bytes;

  entries = hutch_xauth_parse (input, &complete);
  rewritten = hutch_xauth_write (entries);
  bytes = g_bytes_get_data (rewritten, &len);
  g_assert_cmpuint (len, <=, size);
  if (len > 0)
    g_assert_cmpmem (bytes, len, data, len);
  if (complete)
    g_assert_cmpuint (len, ==, size);

  /* As a C string: an address with a NUL in it cannot equal a host name. */
  if (entries->len > 0)
    {
      const HutchXauthEntry *first = g_ptr_array_index (entries, 0);
      const char *address = g_bytes_get_data (first->address, &len);

      hostname = g_strndup (address, len);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const HutchXauthEntry *entry = g_ptr_array_index (entries, i);

      if (field_is (entry->number, "0")
          && (entry->family == HUTCH_XAUTH_FAMILY_WILD
              || (entry->family == HUTCH_XAUTH_FAMILY_LOCAL && hostname != NULL
                  && field_is (entry->address, hostname))))
        expected++;
    }

  filtered = hutch_xauth_filter (input, "0", hostname, "99");
  if (expected == 0)
    {
      g_assert_null (filtered);
      return 0;
    }
  g_assert_nonnull (filtered);
  kept = hutch_xauth_parse (filtered, &complete);
  g_assert_true (complete);
  g_assert_cmpuint (kept->len, ==, expected);
  for (guint i = 0; i < kept->len; i++)
    {
      const HutchXauthEntry *entry = g_ptr_array_index (kept, i);
      const HutchXauthEntry *original = NULL;

      g_assert_true (field_is (entry->number, "99"));
      g_assert_true (entry->family == HUTCH_XAUTH_FAMILY_WILD
                     || entry->family == HUTCH_XAUTH_FAMILY_LOCAL);
      /* The same record as the next one for display 0 in the input. */
      while (original == NULL)
        {
          const HutchXauthEntry *candidate;

          g_assert_cmpuint (next, <, entries->len);
          candidate = g_ptr_array_index (entries, next++);
          if (field_is (candidate->number, "0") && candidate->family == entry->family
              && g_bytes_equal (candidate->address, entry->address))
            original = candidate;
        }
      g_assert_true (g_bytes_equal (original->name, entry->name));
      g_assert_true (g_bytes_equal (original->data, entry->data));
    }
  return 0;
}
