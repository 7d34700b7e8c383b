/* hutch-bundler build-export: not written yet (issue 5); a helper fills this in.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundler-builtins.h"

#include "hutch-error.h"

int
hutch_bundler_build_export (int argc, char **argv)
{
  g_autoptr (GError) error = g_error_new_literal (HUTCH_ERROR, HUTCH_ERROR_FAILED, "not written yet");

  (void) argc;
  (void) argv;
  return hutch_bundler_fail (error);
}
