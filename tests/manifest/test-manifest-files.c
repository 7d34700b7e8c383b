/* Unit tests for manifests read from files: hutch_manifest_load(), module
 * and source files included by name, their locations and base
 * directories, and what an include may not do — leave the manifest's
 * directory (by ".." or through a symbolic link), include itself, read
 * something that is not a regular file, nest or multiply without bound.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hutch-error.h"
#include "hutch-manifest.h"
#include "manifest-test-util.h"

#define HEAD MINIMAL_HEAD ",\n"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = test_make_dir ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static HutchManifest *
load (Fixture *fixture, const char *name, GError **error)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  return hutch_manifest_load (path, error);
}

/* Loading @name fails with "DIR/" + @message. */
static void
assert_load_error (Fixture *fixture, const char *name, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = load (fixture, name, &error);
  g_autofree char *expected = g_strdup_printf ("%s/%s", fixture->dir, message);

  g_assert_null (manifest);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_includes (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;
  g_autofree char *modules_dir = g_build_filename (fixture->dir, "modules", NULL);
  g_autofree char *sources_dir = g_build_filename (fixture->dir, "modules", "sources", NULL);
  g_autofree char *foo_file = g_build_filename (fixture->dir, "modules", "foo.json", NULL);
  g_autofree char *common_file = g_build_filename (sources_dir, "common.json", NULL);
  const HutchManifestModule *foo, *bar, *baz;
  const HutchManifestSource *source;

  test_write_file (fixture->dir, "app.json",
                   HEAD
                   "\"modules\": [\"modules/foo.json\", {\"name\": \"baz\", \"sources\": "
                   "[{\"type\": \"dir\", \"path\": \"src\"}, \"modules/sources/one.json\"]}]}");
  test_write_file (fixture->dir, "modules/foo.json",
                   "{\n  \"name\": \"foo\",\n  \"modules\": [\"bar.json\"],\n"
                   "  \"sources\": [{\"type\": \"file\", \"path\": \"foo.c\"}, "
                   "\"sources/common.json\"]\n}\n");
  test_write_file (fixture->dir, "modules/bar.json", "{\"name\": \"bar\", \"x-note\": 1}");
  test_write_file (fixture->dir, "modules/sources/common.json",
                   "[{\"type\": \"patch\", \"path\": \"fix.patch\"},\n"
                   " {\"type\": \"script\", \"commands\": [\"true\"]}]");
  test_write_file (fixture->dir, "modules/sources/one.json",
                   "{\"type\": \"file\", \"path\": \"one.txt\"}");

  manifest = load (fixture, "app.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (manifest->base_dir, ==, fixture->dir);
  g_assert_cmpuint (manifest->modules->len, ==, 2);

  foo = g_ptr_array_index (manifest->modules, 0);
  g_assert_cmpstr (foo->name, ==, "foo");
  g_assert_cmpstr (foo->where.file, ==, foo_file);
  g_assert_cmpuint (foo->where.line, ==, 1);
  g_assert_cmpuint (foo->where.column, ==, 1);
  g_assert_cmpstr (foo->where.field, ==, "modules[0]");
  g_assert_cmpuint (foo->sources->len, ==, 3);
  source = g_ptr_array_index (foo->sources, 0);
  g_assert_cmpstr (source->path, ==, "foo.c");
  g_assert_cmpstr (source->base_dir, ==, modules_dir);
  g_assert_cmpuint (source->where.line, ==, 4);
  g_assert_cmpstr (source->where.field, ==, "modules[0].sources[0]");
  source = g_ptr_array_index (foo->sources, 1);
  g_assert_cmpstr (source->path, ==, "fix.patch");
  g_assert_cmpstr (source->base_dir, ==, sources_dir);
  g_assert_cmpstr (source->where.file, ==, common_file);
  g_assert_cmpstr (source->where.field, ==, "modules[0].sources[1][0]");
  source = g_ptr_array_index (foo->sources, 2);
  g_assert_cmpint (source->type, ==, HUTCH_SOURCE_SCRIPT);
  g_assert_cmpuint (source->where.line, ==, 2);
  g_assert_cmpstr (source->where.field, ==, "modules[0].sources[1][1]");

  g_assert_cmpuint (foo->modules->len, ==, 1);
  bar = g_ptr_array_index (foo->modules, 0);
  g_assert_cmpstr (bar->name, ==, "bar");
  g_assert_cmpstr (bar->where.field, ==, "modules[0].modules[0]");

  baz = g_ptr_array_index (manifest->modules, 1);
  source = g_ptr_array_index (baz->sources, 0);
  g_assert_cmpstr (source->base_dir, ==, fixture->dir);
  source = g_ptr_array_index (baz->sources, 1);
  g_assert_cmpstr (source->path, ==, "one.txt");
  g_assert_cmpstr (source->base_dir, ==, sources_dir);
  g_assert_cmpstr (source->where.field, ==, "modules[1].sources[1]");

  /* Warnings name the included file. */
  g_assert_cmpuint (manifest->warnings->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (manifest->warnings, 0),
                                   "/modules/bar.json:1:17: modules[0].modules[0].x-note: an "
                                   "extension key, ignored"));
}

/* The same through hutch_manifest_parse() with a base directory, and the
 * names in messages relative to the current directory. */
static void
test_parse_with_base_dir (Fixture *fixture, gconstpointer data)
{
  static const char text[] = HEAD "\"modules\": [\"m.json\"]}";
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;
  g_autoptr (HutchManifest) from_cwd = NULL;
  const HutchManifestModule *module;

  test_write_file (fixture->dir, "m.json",
                   "{\"name\": \"m\", \"sources\": [{\"type\": \"dir\", "
                   "\"path\": \"s\"}], \"unknown\": 1}");
  manifest = hutch_manifest_parse (text, strlen (text), "memory", fixture->dir, &error);
  g_assert_no_error (error);
  module = g_ptr_array_index (manifest->modules, 0);
  g_assert_cmpstr (((HutchManifestSource *)g_ptr_array_index (module->sources, 0))->base_dir, ==,
                   fixture->dir);

  g_assert_cmpint (chdir (fixture->dir), ==, 0);
  from_cwd = hutch_manifest_load ("m2.json", &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpstr (error->message, ==, "cannot read “m2.json”: No such file or directory");
  g_clear_error (&error);
  test_write_file (fixture->dir, "m2.json", text);
  from_cwd = hutch_manifest_load ("m2.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_cwd->base_dir, ==, ".");
  g_assert_cmpstr (g_ptr_array_index (from_cwd->warnings, 0), ==,
                   "m.json:1:58: modules[0].unknown: unknown key, ignored");
  g_assert_cmpint (chdir (cwd), ==, 0);
}

static void
test_escapes (Fixture *fixture, gconstpointer data)
{
  g_autofree char *outside = test_make_dir ();
  g_autofree char *outside_file = g_build_filename (outside, "x.json", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "modules", "evil.json", NULL);
  g_autofree char *dir_link = g_build_filename (fixture->dir, "up", NULL);
  g_autofree char *good_link = g_build_filename (fixture->dir, "modules", "good.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;

  test_write_file (outside, "x.json", "{\"name\": \"x\"}");
  test_write_file (fixture->dir, "modules/real.json", "{\"name\": \"real\"}");
  g_assert_cmpint (symlink (outside_file, link), ==, 0);
  g_assert_cmpint (symlink (outside, dir_link), ==, 0);
  g_assert_cmpint (symlink ("real.json", good_link), ==, 0);

  test_write_file (fixture->dir, "dotdot.json", HEAD "\"modules\": [\"../x.json\"]}");
  assert_load_error (fixture, "dotdot.json",
                     "dotdot.json:2:13: modules[0]: “../x.json” leads out of its directory (“..”)");
  test_write_file (fixture->dir, "absolute.json", HEAD "\"modules\": [\"/etc/passwd\"]}");
  assert_load_error (fixture, "absolute.json",
                     "absolute.json:2:13: modules[0]: “/etc/passwd” is an absolute path; paths are "
                     "relative to the manifest's directory");
  test_write_file (fixture->dir, "link.json", HEAD "\"modules\": [\"modules/evil.json\"]}");
  assert_load_error (fixture, "link.json",
                     "link.json:2:13: modules[0]: “modules/evil.json” leads out of the manifest's "
                     "directory (through a symbolic link)");
  test_write_file (fixture->dir, "dirlink.json", HEAD "\"modules\": [\"up/x.json\"]}");
  assert_load_error (fixture, "dirlink.json",
                     "dirlink.json:2:13: modules[0]: “up/x.json” leads out of the manifest's "
                     "directory (through a symbolic link)");

  /* A link that stays inside is fine. */
  test_write_file (fixture->dir, "good.json", HEAD "\"modules\": [\"modules/good.json\"]}");
  manifest = load (fixture, "good.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((HutchManifestModule *)g_ptr_array_index (manifest->modules, 0))->name, ==,
                   "real");
  test_remove_tree (outside);
}

static void
test_cycles (Fixture *fixture, gconstpointer data)
{
  test_write_file (fixture->dir, "self.json", HEAD "\"modules\": [\"self.json\"]}");
  assert_load_error (fixture, "self.json",
                     "self.json:2:13: modules[0]: “self.json” includes itself, directly or not");

  test_write_file (fixture->dir, "top.json", HEAD "\"modules\": [\"m/a.json\"]}");
  test_write_file (fixture->dir, "m/a.json", "{\"name\": \"a\", \"modules\": [\"b.json\"]}");
  test_write_file (fixture->dir, "m/b.json", "{\"name\": \"b\",\n\"modules\": [\"a.json\"]}");
  assert_load_error (fixture, "top.json",
                     "m/b.json:2:13: modules[0].modules[0].modules[0]: “a.json” includes itself, "
                     "directly or not");

  /* The same file twice, side by side, is not a cycle. */
  test_write_file (fixture->dir, "twice.json", HEAD "\"modules\": [\"m/c.json\", \"m/c.json\"]}");
  test_write_file (fixture->dir, "m/c.json", "{\"name\": \"c\"}");
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (HutchManifest) manifest = load (fixture, "twice.json", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (manifest->modules->len, ==, 2);
  }
}

static void
test_bad_files (Fixture *fixture, gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (fixture->dir, "fifo.json", NULL);
  g_autofree char *subdir = g_build_filename (fixture->dir, "sub.json", NULL);
  g_autofree char *real_fifo = NULL;
  g_autofree char *real_subdir = NULL;
  g_autofree char *message = NULL;

  test_write_file (fixture->dir, "missing.json", HEAD "\"modules\": [\"nope.json\"]}");
  assert_load_error (fixture, "missing.json",
                     "missing.json:2:13: modules[0]: cannot read “nope.json”: No such file or "
                     "directory");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  test_write_file (fixture->dir, "usefifo.json", HEAD "\"modules\": [\"fifo.json\"]}");
  real_fifo = realpath (fifo, NULL);
  message = g_strdup_printf ("usefifo.json:2:13: modules[0]: %s: not a regular file", real_fifo);
  assert_load_error (fixture, "usefifo.json", message);
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  real_subdir = realpath (subdir, NULL);
  test_write_file (fixture->dir, "usedir.json",
                   HEAD "\"modules\": [{\"name\": \"s\", "
                        "\"sources\": [\"sub.json\"]}]}");
  message = g_strdup_printf ("usedir.json:2:39: modules[0].sources[0]: %s: not a regular file",
                             real_subdir);
  assert_load_error (fixture, "usedir.json", message);

  test_write_file (fixture->dir, "usebad.json", HEAD "\"modules\": [\"bad.json\"]}");
  test_write_file (fixture->dir, "bad.json", "{\"name\": \"x\",\n \"sources\": [,]}");
  assert_load_error (fixture, "usebad.json",
                     "bad.json:2:14: sources[0]: unexpected “,”; expected a value");
  test_write_file (fixture->dir, "bad.json", "[\"name\"]");
  assert_load_error (fixture, "usebad.json",
                     "bad.json:1:1: modules[0]: must be an object, not an array");
  test_write_file (fixture->dir, "bad.json", "{\"sources\": []}");
  assert_load_error (fixture, "usebad.json", "bad.json:1:1: modules[0].name: this key is required");
}

/* Modules nest at most HUTCH_MANIFEST_MAX_DEPTH deep across files. */
static void
test_depth (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GString) field = g_string_new ("modules[0]");
  g_autofree char *message = NULL;
  g_autofree char *last = NULL;

  test_write_file (fixture->dir, "deep.json", HEAD "\"modules\": [\"m0.json\"]}");
  for (int i = 0; i < HUTCH_MANIFEST_MAX_DEPTH; i++)
    {
      g_autofree char *name = g_strdup_printf ("m%d.json", i);
      g_autofree char *text
          = g_strdup_printf ("{\"name\": \"m%d\", \"modules\": [\"m%d.json\"]}", i, i + 1);

      test_write_file (fixture->dir, name, text);
      if (i + 1 < HUTCH_MANIFEST_MAX_DEPTH)
        g_string_append (field, ".modules[0]");
    }
  /* The "[" after "{\"name\": \"mN\", \"modules\": " */
  last = g_strdup_printf ("%d", HUTCH_MANIFEST_MAX_DEPTH - 1);
  message = g_strdup_printf ("m%s.json:1:%u: %s.modules: modules nested deeper than %d levels",
                             last, 26 + (guint)strlen (last), field->str, HUTCH_MANIFEST_MAX_DEPTH);
  assert_load_error (fixture, "deep.json", message);
}

/* Including one file many times is bounded, by count and by size. */
static void
test_limits (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GString) many = g_string_new (HEAD "\"modules\": [");
  g_autoptr (GString) big = g_string_new ("{\"name\": \"big\", \"x-pad\": \"");
  g_autoptr (GString) bigs = g_string_new (HEAD "\"modules\": [");
  g_autofree char *message = NULL;
  g_autofree char *pad = NULL;
  guint column;

  for (int i = 0; i < 300; i++)
    g_string_append (many, i == 0 ? "\"m.json\"" : ", \"m.json\"");
  g_string_append (many, "]}");
  test_write_file (fixture->dir, "many.json", many->str);
  test_write_file (fixture->dir, "m.json", "{\"name\": \"m\"}");
  column = 13 + 10 * 256;
  message = g_strdup_printf ("many.json:2:%u: modules[256]: more than 256 files included", column);
  assert_load_error (fixture, "many.json", message);
  g_clear_pointer (&message, g_free);

  /* Exactly HUTCH_MANIFEST_MAX_SIZE bytes. */
  pad = g_strnfill (HUTCH_MANIFEST_MAX_SIZE - 2 - big->len, '.');
  g_string_append (big, pad);
  g_string_append (big, "\"}");
  g_assert_cmpuint (big->len, ==, HUTCH_MANIFEST_MAX_SIZE);
  test_write_file (fixture->dir, "big.json", big->str);
  for (int i = 0; i < 9; i++)
    g_string_append (bigs, i == 0 ? "\"big.json\"" : ", \"big.json\"");
  g_string_append (bigs, "]}");
  test_write_file (fixture->dir, "bigs.json", bigs->str);
  message = g_strdup_printf ("bigs.json:2:%u: modules[7]: the manifest and its files are larger "
                             "than %d bytes in all",
                             13 + 12 * 7, 8 * HUTCH_MANIFEST_MAX_SIZE);
  assert_load_error (fixture, "bigs.json", message);

  /* One file too large to read. */
  g_string_append (big, " ");
  test_write_file (fixture->dir, "huge.json", big->str);
  g_clear_pointer (&message, g_free);
  message = g_strdup_printf ("huge.json: larger than %d bytes", HUTCH_MANIFEST_MAX_SIZE);
  assert_load_error (fixture, "huge.json", message);
}

static void
test_location_format (void)
{
  HutchManifestLocation where = { (char *)"dir/a\x1b.json", 3, 7, (char *)"modules[1].sources[0]" };
  HutchManifestLocation nowhere = { (char *)"b.json", 0, 0, NULL };
  g_autofree char *message = hutch_manifest_location_format (&where, "sha256 %s", "mismatch");
  g_autofree char *short_message = hutch_manifest_location_format (&nowhere, "missing");

  g_assert_cmpstr (message, ==, "dir/a\\x1b.json:3:7: modules[1].sources[0]: sha256 mismatch");
  g_assert_cmpstr (short_message, ==, "b.json: missing");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/manifest-files/includes", Fixture, NULL, fixture_set_up, test_includes,
              fixture_tear_down);
  g_test_add ("/manifest-files/parse-with-base-dir", Fixture, NULL, fixture_set_up,
              test_parse_with_base_dir, fixture_tear_down);
  g_test_add ("/manifest-files/escapes", Fixture, NULL, fixture_set_up, test_escapes,
              fixture_tear_down);
  g_test_add ("/manifest-files/cycles", Fixture, NULL, fixture_set_up, test_cycles,
              fixture_tear_down);
  g_test_add ("/manifest-files/bad-files", Fixture, NULL, fixture_set_up, test_bad_files,
              fixture_tear_down);
  g_test_add ("/manifest-files/depth", Fixture, NULL, fixture_set_up, test_depth,
              fixture_tear_down);
  g_test_add ("/manifest-files/limits", Fixture, NULL, fixture_set_up, test_limits,
              fixture_tear_down);
  g_test_add_func ("/manifest-files/location-format", test_location_format);
  return g_test_run ();
}
