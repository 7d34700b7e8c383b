/* Fuzz target for the D-Bus address parser
 * (profiles/host/host-dbus-address.c).
 *
 * Feeds one input, as a C string, to hutch_dbus_address_unix_path() and
 * checks what must always hold:
 *
 *   - a path found is absolute and was named by a unix entry of the input;
 *     escaped again and put in an address of its own, it parses back to
 *     itself;
 *   - an error is in HUTCH_ERROR and its message is valid UTF-8 without
 *     control characters (the input is quoted in it, escaped);
 *   - the input itself, escaped as a value, parses back to itself when it is
 *     an absolute path, and is refused otherwise; the escaped text holds
 *     only the bytes an address allows.
 *
 * Built with -Dfuzzing=true this is a libFuzzer target; otherwise
 * tests/fuzz-driver.c replays the seed corpus in corpus-dbus-address/.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdint.h>
#include <string.h>

#include "host-private.h"
#include "hutch-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_printable (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

static void
assert_escaped (const char *escaped)
{
  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '%')
        {
          g_assert_true (g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]));
          p += 2;
        }
      else
        g_assert_true (g_ascii_isalnum (*p) || strchr ("-_/\\*.", *p) != NULL);
    }
}

/* @value as the path of an address of its own. */
static char *
round_trip (const char *value, GError **error)
{
  g_autofree char *escaped = hutch_dbus_address_escape_value (value);
  g_autofree char *address = g_strconcat ("unix:path=", escaped, NULL);

  assert_escaped (escaped);
  return hutch_dbus_address_unix_path (address, error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) round_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;

  /* Inputs are C strings: anything past a NUL is ignored. */
  memcpy (text, data, size);
  text[size] = '\0';

  path = hutch_dbus_address_unix_path (text, &error);
  if (path != NULL)
    {
      g_autofree char *back = NULL;

      g_assert_no_error (error);
      g_assert_true (g_path_is_absolute (path));
      g_assert_nonnull (strstr (text, "unix:"));
      g_assert_nonnull (strstr (text, "path="));
      back = round_trip (path, NULL);
      g_assert_cmpstr (back, ==, path);
    }
  else
    {
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
      assert_printable (error->message);
    }

  again = round_trip (text, &round_error);
  if (g_path_is_absolute (text))
    g_assert_cmpstr (again, ==, text);
  else
    {
      g_assert_null (again);
      g_assert_error (round_error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
    }
  return 0;
}
