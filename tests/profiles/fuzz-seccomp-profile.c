/* Fuzz target for the seccomp profile parser and compiler: per-app rules
 * are untrusted text.  Includes resolve against the shipped profiles only.
 *
 * Beyond "no crash, no leak", it checks that the canonical form of what
 * parsed reads back as itself, and that whatever parsed either compiles or
 * fails with a HUTCH_SECCOMP_ERROR.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "seccomp-profile.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();
  g_autoptr (HutchSeccompProfile) again = hutch_seccomp_profile_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) program = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  if (!hutch_seccomp_profile_load_data (profile, "fuzz.seccomp", (const char *)data, size,
                                        HUTCH_TEST_PROFILES_DIR, &error))
    {
      g_assert (error != NULL && error->domain == HUTCH_SECCOMP_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  text = hutch_seccomp_profile_to_string (profile);
  if (!hutch_seccomp_profile_load_data (again, "again.seccomp", text, strlen (text), NULL, &error))
    g_error ("canonical form does not parse: %s\n%s", error->message, text);
  text_again = hutch_seccomp_profile_to_string (again);
  g_assert (g_str_equal (text, text_again));

  program = hutch_seccomp_profile_compile (profile, NULL, 0, &error);
  g_assert ((program == NULL) == (error != NULL));
  g_assert (error == NULL || error->domain == HUTCH_SECCOMP_ERROR);
  return 0;
}
