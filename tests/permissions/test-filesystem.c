/* Unit tests for filesystem.c: the grammar of a filesystems entry, its
 * normalization, the reserved paths, and the text it is written back as.
 */
#include <string.h>

#include "hutch-error.h"
#include "hutch-permissions.h"

typedef struct
{
  const char *value;
  HutchFsBase base;
  const char *subpath;
  HutchFsMode mode;
  const char *canonical; /* hutch_filesystem_to_string(); NULL: value itself */
} GoodCase;

static const GoodCase good_cases[] = {
  { "host", HUTCH_FS_BASE_HOST, "", HUTCH_FS_READ_WRITE },
  { "host:ro", HUTCH_FS_BASE_HOST, "", HUTCH_FS_READ_ONLY },
  { "host-os", HUTCH_FS_BASE_HOST_OS, "", HUTCH_FS_READ_WRITE },
  { "host-os:ro", HUTCH_FS_BASE_HOST_OS, "", HUTCH_FS_READ_ONLY },
  { "host-etc:ro", HUTCH_FS_BASE_HOST_ETC, "", HUTCH_FS_READ_ONLY },
  { "home", HUTCH_FS_BASE_HOME, "", HUTCH_FS_READ_WRITE },
  { "home:rw", HUTCH_FS_BASE_HOME, "", HUTCH_FS_READ_WRITE, "home" },
  { "~", HUTCH_FS_BASE_HOME, "", HUTCH_FS_READ_WRITE, "home" },
  { "~/", HUTCH_FS_BASE_HOME, "", HUTCH_FS_READ_WRITE, "home" },
  { "~/.", HUTCH_FS_BASE_HOME, "", HUTCH_FS_READ_WRITE, "home" },
  { "~/src", HUTCH_FS_BASE_HOME_PATH, "src", HUTCH_FS_READ_WRITE },
  { "~/src/", HUTCH_FS_BASE_HOME_PATH, "src", HUTCH_FS_READ_WRITE, "~/src" },
  { "~//a/./b//c/", HUTCH_FS_BASE_HOME_PATH, "a/b/c", HUTCH_FS_READ_WRITE, "~/a/b/c" },
  { "~/.config/app:create", HUTCH_FS_BASE_HOME_PATH, ".config/app", HUTCH_FS_CREATE },
  { "~/a..b", HUTCH_FS_BASE_HOME_PATH, "a..b", HUTCH_FS_READ_WRITE },
  { "~/...", HUTCH_FS_BASE_HOME_PATH, "...", HUTCH_FS_READ_WRITE },
  { "~/Dokumente/Übersicht", HUTCH_FS_BASE_HOME_PATH, "Dokumente/Übersicht", HUTCH_FS_READ_WRITE },
  { "/srv/data:create", HUTCH_FS_BASE_ABSOLUTE, "srv/data", HUTCH_FS_CREATE },
  { "/srv//data/.", HUTCH_FS_BASE_ABSOLUTE, "srv/data", HUTCH_FS_READ_WRITE, "/srv/data" },
  { "/tmp", HUTCH_FS_BASE_ABSOLUTE, "tmp", HUTCH_FS_READ_WRITE },
  { "/tmp/.X11-unix:ro", HUTCH_FS_BASE_ABSOLUTE, "tmp/.X11-unix", HUTCH_FS_READ_ONLY },
  { "/media", HUTCH_FS_BASE_ABSOLUTE, "media", HUTCH_FS_READ_WRITE },
  { "/run/media", HUTCH_FS_BASE_ABSOLUTE, "run/media", HUTCH_FS_READ_WRITE },
  { "/usrx", HUTCH_FS_BASE_ABSOLUTE, "usrx", HUTCH_FS_READ_WRITE },
  { "/var/lib/x", HUTCH_FS_BASE_ABSOLUTE, "var/lib/x", HUTCH_FS_READ_WRITE },
  { "/etcetera", HUTCH_FS_BASE_ABSOLUTE, "etcetera", HUTCH_FS_READ_WRITE },
  { "/home/user/.hutch-info", HUTCH_FS_BASE_ABSOLUTE, "home/user/.hutch-info",
    HUTCH_FS_READ_WRITE },
  { "xdg-desktop", HUTCH_FS_BASE_XDG_DESKTOP, "", HUTCH_FS_READ_WRITE },
  { "xdg-documents/Work:ro", HUTCH_FS_BASE_XDG_DOCUMENTS, "Work", HUTCH_FS_READ_ONLY },
  { "xdg-download", HUTCH_FS_BASE_XDG_DOWNLOAD, "", HUTCH_FS_READ_WRITE },
  { "xdg-download/Music:ro", HUTCH_FS_BASE_XDG_DOWNLOAD, "Music", HUTCH_FS_READ_ONLY },
  { "xdg-music:ro", HUTCH_FS_BASE_XDG_MUSIC, "", HUTCH_FS_READ_ONLY },
  { "xdg-pictures", HUTCH_FS_BASE_XDG_PICTURES, "", HUTCH_FS_READ_WRITE },
  { "xdg-public-share", HUTCH_FS_BASE_XDG_PUBLIC_SHARE, "", HUTCH_FS_READ_WRITE },
  { "xdg-templates/", HUTCH_FS_BASE_XDG_TEMPLATES, "", HUTCH_FS_READ_WRITE, "xdg-templates" },
  { "xdg-videos/a/b", HUTCH_FS_BASE_XDG_VIDEOS, "a/b", HUTCH_FS_READ_WRITE },
  { "xdg-config", HUTCH_FS_BASE_XDG_CONFIG, "", HUTCH_FS_READ_WRITE },
  { "xdg-config/kdeglobals:ro", HUTCH_FS_BASE_XDG_CONFIG, "kdeglobals", HUTCH_FS_READ_ONLY },
  { "xdg-cache/fontconfig", HUTCH_FS_BASE_XDG_CACHE, "fontconfig", HUTCH_FS_READ_WRITE },
  { "xdg-data/themes:ro", HUTCH_FS_BASE_XDG_DATA, "themes", HUTCH_FS_READ_ONLY },
  { "xdg-state/app:create", HUTCH_FS_BASE_XDG_STATE, "app", HUTCH_FS_CREATE },
  { "xdg-run/pipewire-0", HUTCH_FS_BASE_XDG_RUN, "pipewire-0", HUTCH_FS_READ_WRITE },
  { "xdg-run/gvfsd/", HUTCH_FS_BASE_XDG_RUN, "gvfsd", HUTCH_FS_READ_WRITE, "xdg-run/gvfsd" },
  { "xdg-run/hutch-other", HUTCH_FS_BASE_XDG_RUN, "hutch-other", HUTCH_FS_READ_WRITE },
  { "!host", HUTCH_FS_BASE_HOST, "", HUTCH_FS_RESET },
  { "!home", HUTCH_FS_BASE_HOME, "", HUTCH_FS_RESET },
  { "!~", HUTCH_FS_BASE_HOME, "", HUTCH_FS_RESET, "!home" },
  { "!~/src", HUTCH_FS_BASE_HOME_PATH, "src", HUTCH_FS_RESET },
  { "!/srv", HUTCH_FS_BASE_ABSOLUTE, "srv", HUTCH_FS_RESET },
  { "!xdg-run/x", HUTCH_FS_BASE_XDG_RUN, "x", HUTCH_FS_RESET },
};

typedef struct
{
  const char *value;
  const char *message;
} BadCase;

#define NOT_A_FILESYSTEM                                                                           \
  "not a filesystem: use host, host-os, host-etc, home, ~/PATH, /PATH, xdg-desktop, "              \
  "xdg-documents, xdg-download, xdg-music, xdg-pictures, xdg-public-share, xdg-templates, "        \
  "xdg-videos, xdg-config, xdg-cache, xdg-data, xdg-state (each optionally followed by /PATH) "    \
  "or xdg-run/PATH"

static const BadCase bad_cases[] = {
  { "", "“”: " NOT_A_FILESYSTEM },
  { "hostt", "“hostt”: " NOT_A_FILESYSTEM },
  { "host/usr", "“host/usr”: " NOT_A_FILESYSTEM },
  { "home/src", "“home/src”: " NOT_A_FILESYSTEM },
  { "~user", "“~user”: " NOT_A_FILESYSTEM },
  { "src", "“src”: " NOT_A_FILESYSTEM },
  { "xdg-foo", "“xdg-foo”: " NOT_A_FILESYSTEM },
  { "xdg-download-x", "“xdg-download-x”: " NOT_A_FILESYSTEM },
  { "!", "“!”: " NOT_A_FILESYSTEM },
  { "!!home", "“!!home”: " NOT_A_FILESYSTEM },
  { "home:", "“home:”: unknown suffix “:” (:ro, :rw or :create)" },
  { "home:r", "“home:r”: unknown suffix “:r” (:ro, :rw or :create)" },
  { "home:RO", "“home:RO”: unknown suffix “:RO” (:ro, :rw or :create)" },
  { "home:ro:rw", "“home:ro:rw”: unknown suffix “:ro:rw” (:ro, :rw or :create)" },
  { "/a:b", "“/a:b”: unknown suffix “:b” (:ro, :rw or :create)" },
  { "!home:ro", "“!home:ro”: an entry with “!” takes no suffix (:ro, :rw or :create)" },
  { "!home:reset", "“!home:reset”: an entry with “!” takes no suffix (:ro, :rw or :create)" },
  { "~/..", "“~/..”: the path contains “..”" },
  { "~/a/../../etc", "“~/a/../../etc”: the path contains “..”" },
  { "/srv/..", "“/srv/..”: the path contains “..”" },
  { "xdg-config/..", "“xdg-config/..”: the path contains “..”" },
  { "~/a\tb", "“~/a\\x09b”: the path contains the control character \\x09" },
  { "~/a\nb", "“~/a\\x0ab”: the path contains the control character \\x0a" },
  { "~/\x1b[31m", "“~/\\x1b[31m”: the path contains the control character \\x1b" },
  { "~/a\x7f", "“~/a\\x7f”: the path contains the control character \\x7f" },
  { "~/\xff", "“~/\\xff”: the path is not valid UTF-8" },
  { "~/a\xc2\x85", "“~/a\\u0085”: the path contains the control character \\u0085" },
  { "/", "“/”: “/” cannot be granted; use host" },
  { "//", "“//”: “/” cannot be granted; use host" },
  { "/.", "“/.”: “/” cannot be granted; use host" },
  { "/usr", "“/usr”: /usr is part of the sandbox and cannot be granted; use host-os" },
  { "/usr/share/fonts",
    "“/usr/share/fonts”: /usr is part of the sandbox and cannot be granted; use host-os" },
  { "//usr", "“//usr”: /usr is part of the sandbox and cannot be granted; use host-os" },
  { "/./usr/", "“/./usr/”: /usr is part of the sandbox and cannot be granted; use host-os" },
  { "/app", "“/app”: /app is part of the sandbox and cannot be granted" },
  { "/app/bin:ro", "“/app/bin:ro”: /app is part of the sandbox and cannot be granted" },
  { "/proc", "“/proc”: /proc is part of the sandbox and cannot be granted" },
  { "/proc/1/root", "“/proc/1/root”: /proc is part of the sandbox and cannot be granted" },
  { "/dev", "“/dev”: /dev is part of the sandbox and cannot be granted" },
  { "/dev/dri", "“/dev/dri”: /dev is part of the sandbox and cannot be granted" },
  { "/sys", "“/sys”: /sys is part of the sandbox and cannot be granted" },
  { "/lib", "“/lib”: /lib is part of the sandbox and cannot be granted; use host-os" },
  { "/lib32", "“/lib32”: /lib32 is part of the sandbox and cannot be granted; use host-os" },
  { "/lib64/ld.so",
    "“/lib64/ld.so”: /lib64 is part of the sandbox and cannot be granted; use host-os" },
  { "/libx32", "“/libx32”: /libx32 is part of the sandbox and cannot be granted; use host-os" },
  { "/bin", "“/bin”: /bin is part of the sandbox and cannot be granted; use host-os" },
  { "/sbin", "“/sbin”: /sbin is part of the sandbox and cannot be granted; use host-os" },
  { "/etc", "“/etc”: /etc is part of the sandbox and cannot be granted; use host-etc" },
  { "/etc/passwd:ro",
    "“/etc/passwd:ro”: /etc is part of the sandbox and cannot be granted; use host-etc" },
  { "/run/hutch", "“/run/hutch”: /run/hutch is part of the sandbox and cannot be granted" },
  { "/run/hutch/x", "“/run/hutch/x”: /run/hutch is part of the sandbox and cannot be granted" },
  { "/run/host/etc", "“/run/host/etc”: /run/host is part of the sandbox and cannot be granted" },
  { "/run/user/1000",
    "“/run/user/1000”: /run/user is part of the sandbox and cannot be granted; use xdg-run/PATH" },
  { "/var/run/user/1000/bus", "“/var/run/user/1000/bus”: /run/user is part of the sandbox and "
                              "cannot be granted; use xdg-run/PATH" },
  { "/run", "“/run”: /run holds parts of the sandbox and cannot be granted as a whole; grant a "
            "path below it" },
  { "/var/run/", "“/var/run/”: /run holds parts of the sandbox and cannot be granted as a whole; "
                 "grant a path below it" },
  { "/.hutch-info", "“/.hutch-info”: /.hutch-info is part of the sandbox and cannot be granted" },
  { "!/usr", "“!/usr”: /usr is part of the sandbox and cannot be granted; use host-os" },
  { "xdg-run", "“xdg-run”: xdg-run needs a path (xdg-run/PATH): the runtime directory itself "
               "cannot be granted" },
  { "xdg-run/", "“xdg-run/”: xdg-run needs a path (xdg-run/PATH): the runtime directory itself "
                "cannot be granted" },
  { "xdg-run/./", "“xdg-run/./”: xdg-run needs a path (xdg-run/PATH): the runtime directory itself "
                  "cannot be granted" },
  { "!xdg-run", "“!xdg-run”: xdg-run needs a path (xdg-run/PATH): the runtime directory itself "
                "cannot be granted" },
  { "xdg-run/hutch", "“xdg-run/hutch”: xdg-run/hutch holds Hutch's running instances and cannot "
                     "be granted" },
  { "xdg-run/./hutch/instances/1:ro", "“xdg-run/./hutch/instances/1:ro”: xdg-run/hutch holds "
                                      "Hutch's running instances and cannot be granted" },
};

static void
test_parse_good (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const GoodCase *c = &good_cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchFilesystem) fs = hutch_filesystem_parse (c->value, &error);
      g_autoptr (HutchFilesystem) again = NULL;
      g_autofree char *text = NULL;

      g_autofree char *shown = g_strescape (c->value, NULL);

      g_test_message ("%s", shown);
      g_assert_no_error (error);
      g_assert_nonnull (fs);
      g_assert_cmpint (fs->base, ==, c->base);
      g_assert_cmpstr (fs->subpath, ==, c->subpath);
      g_assert_cmpint (fs->mode, ==, c->mode);
      text = hutch_filesystem_to_string (fs);
      g_assert_cmpstr (text, ==, c->canonical != NULL ? c->canonical : c->value);

      /* The text reads back as the same entry. */
      again = hutch_filesystem_parse (text, &error);
      g_assert_no_error (error);
      g_assert_cmpint (again->base, ==, fs->base);
      g_assert_cmpstr (again->subpath, ==, fs->subpath);
      g_assert_cmpint (again->mode, ==, fs->mode);
    }
}

static void
test_parse_bad (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchFilesystem) fs = hutch_filesystem_parse (c->value, &error);

      g_autofree char *shown = g_strescape (c->value, NULL);

      g_test_message ("%s", shown);
      g_assert_null (fs);
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
      g_assert_cmpstr (error->message, ==, c->message);
    }
}

static void
test_parse_long (void)
{
  g_autoptr (GString) value = g_string_new ("~/");
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchFilesystem) fs = NULL;

  while (value->len < 4096)
    g_string_append_c (value, 'a');
  fs = hutch_filesystem_parse (value->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (fs->subpath), ==, 4094);
  g_clear_pointer (&fs, hutch_filesystem_free);

  /* Too long: refused, and the message quotes it cut short. */
  g_string_append_c (value, 'a');
  fs = hutch_filesystem_parse (value->str, &error);
  g_assert_null (fs);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
  g_assert_true (g_str_has_prefix (error->message, "“~/aaaa"));
  g_assert_true (g_str_has_suffix (error->message, "aaa…”: it is longer than 4096 bytes"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/filesystem/parse-good", test_parse_good);
  g_test_add_func ("/filesystem/parse-bad", test_parse_bad);
  g_test_add_func ("/filesystem/parse-long", test_parse_long);
  return g_test_run ();
}
