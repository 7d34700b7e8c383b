/* Unit tests of bundler/runtime/: the machine's apt sources as mmdebstrap
 * mirrors, subordinate ID ranges, ELF program interpreters (from files
 * made here, well-formed and not), the dynamic loader's --list output,
 * and where host files go in a runtime.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"

#include <glib/gstdio.h>
#include <string.h>

static GPtrArray *
new_sources (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_apt_source_free);
}

static void
assert_source (GPtrArray *sources, guint i, const char *uri, const char *suite,
               const char *components, const char *signed_by)
{
  const HutchAptSource *s;

  g_assert_cmpuint (i, <, sources->len);
  s = g_ptr_array_index (sources, i);
  g_assert_cmpstr (s->uri, ==, uri);
  g_assert_cmpstr (s->suite, ==, suite);
  g_assert_cmpstr (s->components, ==, components);
  g_assert_cmpstr (s->signed_by, ==, signed_by);
}

static void
test_apt_list (void)
{
  g_autoptr (GPtrArray) sources = new_sources ();

  hutch_apt_sources_parse_list (
      "# deb http://commented.example/debian bookworm main\n"
      "deb http://deb.debian.org/debian bookworm main contrib # a comment\n"
      "deb-src http://deb.debian.org/debian bookworm main\n"
      "\n"
      "deb [ arch=amd64 signed-by=/usr/share/keyrings/k.gpg ] "
      "http://security.debian.org/debian-security bookworm-security main\n"
      "deb [trusted=yes] file:///srv/mirror ./\n"
      "deb http://too.short/debian\n"
      "   deb\thttp://tabs.example/debian\tsid\tmain\n",
      sources);
  g_assert_cmpuint (sources->len, ==, 3);
  assert_source (sources, 0, "http://deb.debian.org/debian", "bookworm", "main contrib", NULL);
  assert_source (sources, 1, "http://security.debian.org/debian-security", "bookworm-security",
                 "main", "/usr/share/keyrings/k.gpg");
  assert_source (sources, 2, "http://tabs.example/debian", "sid", "main", NULL);
}

static void
test_apt_deb822 (void)
{
  g_autoptr (GPtrArray) sources = new_sources ();

  hutch_apt_sources_parse_deb822 ("Types: deb deb-src\n"
                                  "# a comment\n"
                                  "URIs: http://deb.debian.org/debian\n"
                                  "Suites: bookworm\n"
                                  " bookworm-updates\n"
                                  "Components: main non-free-firmware\n"
                                  "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
                                  "\n"
                                  "Types: deb\n"
                                  "URIs: http://disabled.example/debian\n"
                                  "Suites: bookworm\n"
                                  "Components: main\n"
                                  "Enabled: no\n"
                                  "\n"
                                  "Types: deb-src\n"
                                  "URIs: http://sources.example/debian\n"
                                  "Suites: bookworm\n"
                                  "Components: main\n"
                                  "\n"
                                  "types: deb\n"
                                  "uris: http://inline.example/debian\n"
                                  "suites: trixie\n"
                                  "components: main\n"
                                  "signed-by:\n"
                                  " -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
                                  " .\n"
                                  " mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NwQO6S\n"
                                  " -----END PGP PUBLIC KEY BLOCK-----\n",
                                  sources);
  g_assert_cmpuint (sources->len, ==, 3);
  assert_source (sources, 0, "http://deb.debian.org/debian", "bookworm", "main non-free-firmware",
                 "/usr/share/keyrings/debian-archive-keyring.gpg");
  assert_source (sources, 1, "http://deb.debian.org/debian", "bookworm-updates",
                 "main non-free-firmware", "/usr/share/keyrings/debian-archive-keyring.gpg");
  /* A key block is no keyring path. */
  assert_source (sources, 2, "http://inline.example/debian", "trixie", "main", NULL);
}

static void
test_apt_mirrors (void)
{
  g_autoptr (GPtrArray) sources = new_sources ();
  g_autoptr (GPtrArray) same = NULL, other = NULL, none = NULL, empty = new_sources ();

  hutch_apt_sources_parse_deb822 ("Types: deb\n"
                                  "URIs: http://mirror.example/debian\n"
                                  "Suites: bookworm bookworm-updates bookworm-backports\n"
                                  "Components: main\n"
                                  "Signed-By: /k.gpg\n"
                                  "\n"
                                  "Types: deb\n"
                                  "URIs: http://mirror.example/debian-security\n"
                                  "Suites: bookworm-security\n"
                                  "Components: main\n",
                                  sources);
  /* This machine's release: its entries as they are, backports left out. */
  same = hutch_apt_sources_mirrors_for (sources, "bookworm");
  g_assert_cmpuint (same->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (same, 0), ==,
                   "deb [signed-by=/k.gpg] http://mirror.example/debian bookworm main");
  g_assert_cmpstr (g_ptr_array_index (same, 1), ==,
                   "deb [signed-by=/k.gpg] http://mirror.example/debian bookworm-updates main");
  g_assert_cmpstr (g_ptr_array_index (same, 2), ==,
                   "deb http://mirror.example/debian-security bookworm-security main");
  /* Another release: the main archive only, for mmdebstrap to complete. */
  other = hutch_apt_sources_mirrors_for (sources, "trixie");
  g_assert_cmpuint (other->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (other, 0), ==, "http://mirror.example/debian");
  /* No apt sources at all: mmdebstrap's own default. */
  none = hutch_apt_sources_mirrors_for (empty, "bookworm");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_subids (void)
{
  const char *text = "# comment\n"
                     "alice:100000:65536\n"
                     "1001:200000:65536\n"
                     "bob:300000:1000\n"
                     "mallory:x:65536\n"
                     "eve:400000\n";

  g_assert_true (hutch_subids_have_range (text, "alice", 1000, 65536));
  g_assert_true (hutch_subids_have_range (text, "carol", 1001, 65536));
  g_assert_false (hutch_subids_have_range (text, "bob", 1002, 65536));
  g_assert_true (hutch_subids_have_range (text, "bob", 1002, 1000));
  g_assert_false (hutch_subids_have_range (text, "mallory", 1003, 1));
  g_assert_false (hutch_subids_have_range (text, "eve", 1004, 1));
  g_assert_false (hutch_subids_have_range (text, "dave", 1005, 1));
  g_assert_false (hutch_subids_have_range ("", "alice", 1000, 1));
}

/* An ELF file with one program header of type @type whose data is @data
 * (@len bytes, at the end of the file). */
static GBytes *
make_elf (gboolean is_64, gboolean big_endian, guint32 type, const char *data, gsize len)
{
  gsize ehdr = is_64 ? 64 : 52, phdr = is_64 ? 56 : 32;
  g_autofree guint8 *buf = g_malloc0 (ehdr + phdr + len);
  guint8 *ph = buf + ehdr;
#define PUT(p, value, bytes)                                                                       \
  for (guint k_ = 0; k_ < (bytes); k_++)                                                           \
    (p)[big_endian ? (bytes)-1 - k_ : k_] = (guint8)((guint64)(value) >> (8 * k_));

  memcpy (buf, "\177ELF", 4);
  buf[4] = is_64 ? 2 : 1;
  buf[5] = big_endian ? 2 : 1;
  buf[6] = 1;
  if (is_64)
    {
      PUT (buf + 32, ehdr, 8);      /* e_phoff */
      PUT (buf + 54, phdr, 2);      /* e_phentsize */
      PUT (buf + 56, 1, 2);         /* e_phnum */
      PUT (ph, type, 4);            /* p_type */
      PUT (ph + 8, ehdr + phdr, 8); /* p_offset */
      PUT (ph + 32, len, 8);        /* p_filesz */
    }
  else
    {
      PUT (buf + 28, ehdr, 4);
      PUT (buf + 42, phdr, 2);
      PUT (buf + 44, 1, 2);
      PUT (ph, type, 4);
      PUT (ph + 4, ehdr + phdr, 4);
      PUT (ph + 16, len, 4);
    }
#undef PUT
  memcpy (ph + phdr, data, len);
  return g_bytes_new (buf, ehdr + phdr + len);
}

/* The interpreter of a file of @bytes (truncated to @size unless -1), or
 * NULL with *@error set. */
static char *
interp_of (GBytes *bytes, gssize size, GError **error)
{
  g_autofree char *path = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  char *interp = NULL;
  int fd = g_file_open_tmp ("hutch-elf-XXXXXX", &path, NULL);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_set_contents (path, data, size >= 0 ? (gsize)size : len, NULL));
  close (fd);
  if (!hutch_elf_get_interp (path, &interp, error))
    interp = NULL;
  g_unlink (path);
  return interp;
}

static void
test_elf_interp (void)
{
  static const char loader[] = "/lib/ld-test.so.1";

  for (guint variant = 0; variant < 4; variant++)
    {
      g_autoptr (GBytes) elf = make_elf (variant & 1, variant & 2, 3, loader, sizeof loader);
      g_autoptr (GBytes) no_interp = make_elf (variant & 1, variant & 2, 1, loader, sizeof loader);
      g_autoptr (GError) error = NULL;
      g_autofree char *interp = interp_of (elf, -1, &error);
      g_autofree char *none = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (interp, ==, loader);
      /* PT_LOAD only: a static program. */
      none = interp_of (no_interp, -1, &error);
      g_assert_no_error (error);
      g_assert_null (none);
    }
}

static void
test_elf_malformed (void)
{
  static const char relative[] = "lib/ld.so";
  static const char no_nul[] = { '/', 'l', 'd' };
  static const char inner_nul[] = "/l\0d";
  g_autoptr (GBytes) good = make_elf (TRUE, FALSE, 3, "/ld.so", 7);
  g_autoptr (GBytes) bad_relative = make_elf (TRUE, FALSE, 3, relative, sizeof relative);
  g_autoptr (GBytes) bad_nul = make_elf (TRUE, FALSE, 3, no_nul, sizeof no_nul);
  g_autoptr (GBytes) bad_inner = make_elf (FALSE, TRUE, 3, inner_nul, sizeof inner_nul);
  g_autoptr (GBytes) script = g_bytes_new_static ("#!/bin/sh\necho hi\n", 18);
  struct
  {
    GBytes *bytes;
    gssize size;
  } cases[] = {
    { good, 40 },          /* cut inside the file header */
    { good, 64 + 20 },     /* cut inside the program header */
    { good, 64 + 56 + 3 }, /* cut inside the interpreter */
    { bad_relative, -1 },  { bad_nul, -1 }, { bad_inner, -1 }, { script, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *interp = interp_of (cases[i].bytes, cases[i].size, &error);

      g_assert_null (interp);
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
    }
}

static void
test_ld_list (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) paths = NULL;

  paths = hutch_ld_list_parse (
      "\tlinux-vdso.so.1 (0x00007ffd5a1f2000)\n"
      "\tlibselinux.so.1 => /lib/x86_64-linux-gnu/libselinux.so.1 (0x00007f0000000000)\n"
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0000001000)\n"
      "\t/lib64/ld-linux-x86-64.so.2 (0x00007f0000002000)\n",
      "/bin/ls", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, "/lib/x86_64-linux-gnu/libselinux.so.1");
  g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, "/lib/x86_64-linux-gnu/libc.so.6");
  g_assert_cmpstr (g_ptr_array_index (paths, 2), ==, "/lib64/ld-linux-x86-64.so.2");
  g_clear_pointer (&paths, g_ptr_array_unref);

  paths = hutch_ld_list_parse ("\tlibmissing.so.3 => not found\n", "/usr/bin/x", &error);
  g_assert_null (paths);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "libmissing.so.3"));
  g_assert_nonnull (strstr (error->message, "/usr/bin/x"));
}

static void
test_map_host_path (void)
{
  static const struct
  {
    const char *path;
    HutchHostFileKind kind;
    const char *expected;
  } cases[] = {
    { "/usr/bin/cat", HUTCH_HOST_FILE_PROGRAM, "usr/bin/cat" },
    { "/bin/sh", HUTCH_HOST_FILE_PROGRAM, "usr/bin/sh" },
    { "/sbin/ldconfig", HUTCH_HOST_FILE_PROGRAM, "usr/sbin/ldconfig" },
    { "/usr/sbin/ldconfig", HUTCH_HOST_FILE_PROGRAM, "usr/sbin/ldconfig" },
    { "/usr/local/bin/tool", HUTCH_HOST_FILE_PROGRAM, "usr/bin/tool" },
    { "/home/me/bin/tool", HUTCH_HOST_FILE_PROGRAM, "usr/bin/tool" },
    { "/lib/x86_64-linux-gnu/libc.so.6", HUTCH_HOST_FILE_LIBRARY,
      "usr/lib/x86_64-linux-gnu/libc.so.6" },
    { "/lib64/ld-linux-x86-64.so.2", HUTCH_HOST_FILE_LIBRARY, "usr/lib64/ld-linux-x86-64.so.2" },
    { "/usr/lib/libz.so.1", HUTCH_HOST_FILE_LIBRARY, "usr/lib/libz.so.1" },
    { "/usr/bin/../lib/libfoo.so", HUTCH_HOST_FILE_LIBRARY, "usr/lib/libfoo.so" },
    { "/usr/../../etc/libevil.so", HUTCH_HOST_FILE_LIBRARY, "usr/lib/libevil.so" },
    { "/opt/app/lib/libapp.so", HUTCH_HOST_FILE_LIBRARY, "usr/lib/libapp.so" },
    { "/usr/local/bin/python3", HUTCH_HOST_FILE_LIBRARY, "usr/local/bin/python3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *mapped = hutch_runtime_map_host_path (cases[i].path, cases[i].kind);
      g_assert_cmpstr (mapped, ==, cases[i].expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runtime/apt-sources/list", test_apt_list);
  g_test_add_func ("/runtime/apt-sources/deb822", test_apt_deb822);
  g_test_add_func ("/runtime/apt-sources/mirrors", test_apt_mirrors);
  g_test_add_func ("/runtime/subids", test_subids);
  g_test_add_func ("/runtime/elf/interp", test_elf_interp);
  g_test_add_func ("/runtime/elf/malformed", test_elf_malformed);
  g_test_add_func ("/runtime/ld-list", test_ld_list);
  g_test_add_func ("/runtime/map-host-path", test_map_host_path);
  return g_test_run ();
}
