/* Helpers shared by the manifest parser's tests.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hutch-error.h"

HutchManifest *
test_parse (const char *text, GError **error)
{
  return hutch_manifest_parse (text, strlen (text), "m.json", NULL, error);
}

void
test_assert_error (const char *text, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = test_parse (text, &error);

  if (manifest != NULL)
    g_error ("parsed, but expected “%s”:\n%s", message, text);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST);
  g_assert_cmpstr (error->message, ==, message);
}

void
test_run_bad_cases (const TestBadCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *escaped = g_strescape (cases[i].text, NULL);

      g_test_message ("%s", escaped);
      test_assert_error (cases[i].text, cases[i].message);
    }
}

HutchManifest *
test_assert_warnings (const char *text, const char *const *expected)
{
  g_autoptr (GError) error = NULL;
  HutchManifest *manifest = test_parse (text, &error);
  guint n = expected != NULL ? g_strv_length ((char **)expected) : 0;

  g_assert_no_error (error);
  for (guint i = 0; i < manifest->warnings->len && i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (manifest->warnings, i), ==, expected[i]);
  g_assert_cmpuint (manifest->warnings->len, ==, n);
  return manifest;
}

char *
test_make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("hutch-manifest-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

void
test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        g_unlink (child);
      else
        test_remove_tree (child);
    }
  g_rmdir (path);
}
