/* Helpers shared by the manifest parser's tests.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "hutch-manifest.h"

/* The smallest valid app manifest, as the start of a JSON object: append
 * members (each starting with ",") and the closing "}". */
#define MINIMAL_HEAD                                                                               \
  "{\"id\": \"org.example.App\", \"runtime\": \"org.example.Platform\", "                          \
  "\"sdk\": \"org.example.Sdk\", \"command\": \"app\""

/* Parses @text as "m.json" without a base directory. */
HutchManifest *test_parse (const char *text, GError **error);
/* Parses @text, which must fail with exactly @message. */
void test_assert_error (const char *text, const char *message);
/* A manifest, and the one error it must fail with. */
typedef struct
{
  const char *text;
  const char *message;
} TestBadCase;

void test_run_bad_cases (const TestBadCase *cases, gsize n);
/* Parses @text, which must succeed with exactly the warnings @expected
 * (NULL-terminated); returns the manifest. */
HutchManifest *test_assert_warnings (const char *text, const char *const *expected);
/* A new temporary directory, and a file in it with @contents. */
char *test_make_dir (void);
void test_write_file (const char *dir, const char *name, const char *contents);
/* Removes the tree at @path (test files only). */
void test_remove_tree (const char *path);
