/* hutch-bundler build, its file-system side in a temporary directory:
 * cleanup patterns and what they remove, paths that must not lead out of
 * where they start, dir sources copied without following links, times
 * clamped to the sources' date, and the desktop file's Icon.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static const struct
{
  const char *pattern;
  const char *path;
  gboolean match;
} match_cases[] = {
  { "/include", "include", TRUE },
  { "/include", "include/foo.h", TRUE },
  { "/include", "lib/include", FALSE },
  { "/include", "includes", FALSE },
  { "*.la", "lib/libfoo.la", TRUE },
  { "*.la", "libfoo.la", TRUE },
  { "*.la", "lib/x.la/inside", TRUE },
  { "*.la", "lib/libfoo.la.1", FALSE },
  { "/lib/*.a", "lib/libx.a", TRUE },
  { "/lib/*.a", "lib/sub/libx.a", FALSE },
  { "/share/man", "share/man/man1/x.1", TRUE },
  { "/share/man", "share/manual", FALSE },
  { "man", "share/man/man1/x.1", TRUE },
  { "lib/debug", "usr/lib/debug/x.debug", TRUE },
  { "lib/debug", "lib/debugx", FALSE },
  { "/bin/foo-*", "bin/foo-bar", TRUE },
  { "/bin/foo-*", "bin/foo", FALSE },
  { "*.a", ".hidden.a", TRUE },
  { "//share//doc/", "share/doc/x", TRUE },
  { "", "x", FALSE },
  { "/", "x", FALSE },
};

static void
test_cleanup_match (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      gboolean got = build_cleanup_match (match_cases[i].pattern, match_cases[i].path);
      if (got != match_cases[i].match)
        g_error ("pattern “%s” on “%s”: got %d", match_cases[i].pattern, match_cases[i].path, got);
    }
}

/* Paths made inline, freed when the program ends (no leak for ASan). */
static GPtrArray *paths;

static const char *
path_in (const char *dir, const char *a, const char *b)
{
  char *path = g_build_filename (dir, a, b, NULL);

  g_ptr_array_add (paths, path);
  return path;
}

static char *
make_tmp (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("hutch-build-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
put (const char *dir, const char *path, const char *text)
{
  g_autofree char *full = g_build_filename (dir, path, NULL);
  g_autofree char *parent = g_path_get_dirname (full);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (full, text, -1, &error);
  g_assert_no_error (error);
}

static gboolean
exists (const char *dir, const char *path)
{
  g_autofree char *full = g_build_filename (dir, path, NULL);
  struct stat st;

  return lstat (full, &st) == 0;
}

static void
remove_tmp (const char *dir)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (build_empty_dir (dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_cleanup_apply (void)
{
  g_autofree char *top = make_tmp ();
  g_autofree char *app = g_build_filename (top, "app", NULL);
  g_autofree char *outside = g_build_filename (top, "outside", NULL);
  g_autofree char *link = g_build_filename (app, "share", NULL);
  g_autoptr (GHashTable) before = NULL, after = NULL;
  g_autoptr (GError) error = NULL;
  const char *const patterns[] = { "/include", "*.la", "/share/x", "/lib/link", NULL };
  BuildCleanup *cleanup;
  BuildCleanup all = { (char **)(const char *const[]){ "/bin", NULL }, NULL };

  put (app, "include/old.h", "");
  put (app, "lib/old.la", "");
  put (outside, "x", "not the app's");
  before = build_cleanup_snapshot (app, &error);
  g_assert_no_error (error);
  put (app, "include/new.h", "");
  put (app, "include/sub/new.h", "");
  put (app, "lib/new.la", "");
  put (app, "lib/libnew.so", "");
  put (app, "bin/tool", "");
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_assert_cmpint (symlink ("/etc", path_in (app, "lib", "link")), ==, 0);
  after = build_cleanup_snapshot (app, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (after, "include/sub/new.h"));

  cleanup = build_cleanup_new (patterns, before, after);
  g_assert_true (build_cleanup_apply (app, cleanup, &error));
  g_assert_no_error (error);
  build_cleanup_free (cleanup);
  /* What the module installed and matches is gone, the rest stays. */
  g_assert_false (exists (app, "include/new.h"));
  g_assert_false (exists (app, "include/sub"));
  g_assert_false (exists (app, "lib/new.la"));
  g_assert_true (exists (app, "include/old.h"));
  g_assert_true (exists (app, "lib/old.la"));
  g_assert_true (exists (app, "lib/libnew.so"));
  /* Links are removed as links, never followed. */
  g_assert_false (exists (app, "lib/link"));
  g_assert_true (g_file_test ("/etc", G_FILE_TEST_IS_DIR));
  g_assert_true (exists (outside, "x"));
  g_assert_true (exists (app, "share"));

  g_assert_true (build_cleanup_apply (app, &all, &error));
  g_assert_no_error (error);
  g_assert_false (exists (app, "bin"));
  remove_tmp (top);
}

static void
test_beneath (void)
{
  g_autofree char *top = make_tmp ();
  g_autoptr (GError) error = NULL;
  int top_fd, fd;

  put (top, "dir/file", "x");
  g_assert_cmpint (symlink ("/etc", path_in (top, "abs", NULL)), ==, 0);
  g_assert_cmpint (symlink ("../..", path_in (top, "dir", "up")), ==, 0);
  g_assert_cmpint (symlink ("dir", path_in (top, "inner", NULL)), ==, 0);
  top_fd = open (top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  fd = build_open_beneath (top_fd, "inner/file", O_RDONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  for (const char *const *p = (const char *const[]){ "abs/passwd", "dir/up/x", "../x", NULL };
       *p != NULL; p++)
    {
      fd = build_open_beneath (top_fd, *p, O_RDONLY, &error);
      g_assert_cmpint (fd, ==, -1);
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
    }

  /* Directories the build writes into: no link at all, no "..". */
  fd = build_mkdir_beneath (top_fd, "a/b/c", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (exists (top, "a/b/c"));
  for (const char *const *p = (const char *const[]){ "inner/x", "abs/x", "a/../../x", NULL };
       *p != NULL; p++)
    {
      fd = build_mkdir_beneath (top_fd, *p, &error);
      g_assert_cmpint (fd, ==, -1);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  g_assert_false (exists (top, "dir/x"));

  /* Writing replaces a link instead of writing through it. */
  g_assert_true (build_write_at (top_fd, "abs", "new", 3, 0600, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path_in (top, "abs", NULL), G_FILE_TEST_IS_SYMLINK));
  g_assert_false (build_write_at (top_fd, "../x", "", 0, 0600, &error));
  g_clear_error (&error);
  close (top_fd);
  remove_tmp (top);
}

static void
test_copy_tree (void)
{
  g_autofree char *top = make_tmp ();
  g_autofree char *src = g_build_filename (top, "src", NULL);
  g_autofree char *dst = g_build_filename (top, "dst", NULL);
  g_autofree char *exec = g_build_filename (src, "run.sh", NULL);
  g_autofree char *target = NULL;
  g_autoptr (GError) error = NULL;
  const char *const skip[] = { "skipped", "sub/skipped", NULL };
  struct stat st, exclude;
  int src_fd, dst_fd;

  put (src, "a.c", "int a;");
  put (src, "sub/b.c", "int b;");
  put (src, "skipped", "");
  put (src, "sub/skipped", "");
  put (src, "state/x", "");
  put (src, "run.sh", "#!/bin/sh");
  g_assert_cmpint (chmod (exec, 04755), ==, 0);
  g_assert_cmpint (symlink ("/etc/passwd", path_in (src, "passwd", NULL)), ==, 0);
  g_assert_cmpint (mkfifo (path_in (src, "fifo", NULL), 0600), ==, 0);
  g_assert_cmpint (mkdir (dst, 0755), ==, 0);
  g_assert_cmpint (stat (path_in (src, "state", NULL), &exclude), ==, 0);
  src_fd = open (src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  dst_fd = open (dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  g_assert_true (build_copy_tree (src_fd, dst_fd, skip, &exclude, 1, &error));
  g_assert_no_error (error);
  g_assert_true (exists (dst, "a.c"));
  g_assert_true (exists (dst, "sub/b.c"));
  g_assert_false (exists (dst, "skipped"));
  g_assert_false (exists (dst, "sub/skipped"));
  g_assert_false (exists (dst, "state"));
  g_assert_false (exists (dst, "fifo"));
  target = g_file_read_link (path_in (dst, "passwd", NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target, ==, "/etc/passwd");
  g_assert_cmpint (stat (path_in (dst, "run.sh", NULL), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0755);
  close (src_fd);
  close (dst_fd);
  remove_tmp (top);
}

static void
test_clamp (void)
{
  g_autofree char *top = make_tmp ();
  g_autofree char *old = g_build_filename (top, "d", "old", NULL);
  g_autofree char *new = g_build_filename (top, "d", "new", NULL);
  const struct timespec past[2] = { { 1000, 5 }, { 1000, 5 } };
  g_autoptr (GError) error = NULL;
  struct stat st;
  int fd;

  put (top, "d/old", "");
  put (top, "d/new", "");
  g_assert_cmpint (symlink ("/nowhere", path_in (top, "d", "link")), ==, 0);
  g_assert_cmpint (utimensat (AT_FDCWD, old, past, 0), ==, 0);
  fd = open (top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_true (build_date_clamp (fd, 2000, &error));
  g_assert_no_error (error);
  close (fd);
  g_assert_cmpint (stat (old, &st), ==, 0);
  g_assert_cmpint (st.st_mtim.tv_sec, ==, 1000);
  g_assert_cmpint (st.st_mtim.tv_nsec, ==, 5);
  g_assert_cmpint (stat (new, &st), ==, 0);
  g_assert_cmpint (st.st_mtim.tv_sec, ==, 2000);
  g_assert_cmpint (st.st_mtim.tv_nsec, ==, 0);
  g_assert_cmpint (lstat (path_in (top, "d", "link"), &st), ==, 0);
  g_assert_cmpint (st.st_mtim.tv_sec, ==, 2000);
  g_assert_cmpint (stat (path_in (top, "d", NULL), &st), ==, 0);
  g_assert_cmpint (st.st_mtim.tv_sec, ==, 2000);
  remove_tmp (top);
}

static void
test_set_icon (void)
{
  const char *desktop = "[Desktop Entry]\n"
                        "# A comment\n"
                        "Name=Hello\n"
                        "Name[de]=Hallo\n"
                        "Icon=hello\n"
                        "\n"
                        "[Desktop Action new]\n"
                        "Icon=hello\n"
                        "\n"
                        "[Desktop Action other]\n"
                        "Icon=other\n";
  g_autoptr (GError) error = NULL;
  g_autofree char *out
      = build_finish_set_icon (desktop, strlen (desktop), "hello", "org.test.Hello", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (out, ==,
                   "[Desktop Entry]\n"
                   "# A comment\n"
                   "Name=Hello\n"
                   "Name[de]=Hallo\n"
                   "Icon=org.test.Hello\n"
                   "\n"
                   "[Desktop Action new]\n"
                   "Icon=org.test.Hello\n"
                   "\n"
                   "[Desktop Action other]\n"
                   "Icon=other\n");
  g_assert_null (build_finish_set_icon ("not a key file", 14, "a", "b", &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  paths = g_ptr_array_new_with_free_func (g_free);
  g_test_add_func ("/build/cleanup/match", test_cleanup_match);
  g_test_add_func ("/build/cleanup/apply", test_cleanup_apply);
  g_test_add_func ("/build/fs/beneath", test_beneath);
  g_test_add_func ("/build/fs/copy-tree", test_copy_tree);
  g_test_add_func ("/build/date/clamp", test_clamp);
  g_test_add_func ("/build/finish/set-icon", test_set_icon);
  status = g_test_run ();
  g_ptr_array_unref (paths);
  return status;
}
