/* A runtime's root from Debian packages, built by mmdebstrap.
 *
 * How: mmdebstrap writes the root as a tarball to a pipe, and tar
 * extracts its ./usr and ./etc into the staging root as the user running
 * this, with no owner kept.  So nothing on disk is ever owned by root or
 * by a subordinate UID (which mmdebstrap's directory output in unshare
 * mode would leave, and which the user could then neither read nor
 * remove), device nodes never reach the disk, and the export canonicalises
 * owners and modes anyway.  mmdebstrap runs as root with --mode=root, and
 * otherwise with --mode=unshare, which needs subordinate IDs
 * (runtime-subids.c checks them first).
 *
 * What needs the root itself runs in mmdebstrap's customize hook, inside
 * the root with chroot (mmdebstrap's privileges, not ours): a font cache
 * in /usr/lib/fontconfig/cache, which a conf.d snippet names first, so
 * that apps find fonts without scanning them; and ldconfig, so that
 * /etc/ld.so.cache matches the final /usr.  The caches dpkg triggers make
 * in /usr (GDK pixbuf loaders, GLib schemas, MIME) are kept as they are.
 * Documentation, manual and info pages are left out (dpkg path-exclude),
 * copyright files kept; dpkg runs under eatmydata (mmdebstrap's hook).
 *
 * Defends against: arguments that mmdebstrap would read as something else
 * (a suite, package or mirror with blanks, or a mirror that is not a URL,
 * which mmdebstrap would take for a sources.list file), and a runtime
 * built from another archive than the machine's without the packager
 * asking (runtime-apt-sources.c).  No argument goes through a shell; the
 * hook script is a constant.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>
#include <unistd.h>

#define MAX_NAME_LENGTH 128
/* mmdebstrap's own hooks that run dpkg under eatmydata (and remove it at
 * the end): no fsync() for files of a root that is thrown away once it is
 * a tarball.  Three times faster on a slow disk. */
#define EATMYDATA_HOOKS "/usr/share/mmdebstrap/hooks/eatmydata"

/* Run by mmdebstrap with the root as $1, at the end. */
static const char customize_hook[]
    = "set -e\n"
      "if [ -x \"$1/usr/bin/fc-cache\" ] && [ -d \"$1/etc/fonts/conf.d\" ]; then\n"
      "  mkdir -p \"$1/usr/lib/fontconfig/cache\"\n"
      "  printf '%s\\n' '<?xml version=\"1.0\"?>'"
      " '<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">'"
      " '<!-- hutch-bundler: the font cache is made with the runtime, in /usr -->'"
      " '<fontconfig><cachedir>/usr/lib/fontconfig/cache</cachedir></fontconfig>'"
      " > \"$1/etc/fonts/conf.d/04-hutch-cachedir.conf\"\n"
      "  chroot \"$1\" /usr/bin/fc-cache --system-only --force\n"
      "fi\n"
      "chroot \"$1\" /usr/sbin/ldconfig\n";

static const char *const dpkg_options[] = {
  "--dpkgopt=path-exclude=/usr/share/doc/*",
  "--dpkgopt=path-include=/usr/share/doc/*/copyright",
  "--dpkgopt=path-exclude=/usr/share/man/*",
  "--dpkgopt=path-exclude=/usr/share/info/*",
};

static const char *const sdk_packages[] = {
  "build-essential", "meson", "ninja-build", "cmake",    "pkg-config",
  "unzip",           "patch", "tar",         "xz-utils", "bzip2",
};

/* Hutch's (and Flatpak's) architecture names, and Debian's. */
static const char *const arches[][2] = {
  { "x86_64", "amd64" },    { "i386", "i386" },           { "aarch64", "arm64" },
  { "arm", "armhf" },       { "ppc64le", "ppc64el" },     { "s390x", "s390x" },
  { "riscv64", "riscv64" }, { "loongarch64", "loong64" }, { "mips64el", "mips64el" },
};

static const char *
debian_arch (const char *arch, GError **error)
{
  if (arch == NULL)
    arch = hutch_get_arch ();
  for (guint i = 0; i < G_N_ELEMENTS (arches); i++)
    if (strcmp (arches[i][0], arch) == 0)
      return arches[i][1];
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ARCH,
               _ ("Debian has no architecture for “%s”"), arch);
  return NULL;
}

typedef enum
{
  DEBIAN_NAME_SUITE,
  DEBIAN_NAME_PACKAGE,
} DebianName;

/* A suite or package name: [a-z0-9][a-z0-9.+~:=-]*, bounded.  Each kind
 * has its own whole message, for translators. */
static gboolean
check_name (DebianName kind, const char *name, GError **error)
{
  static const char allowed[] = "abcdefghijklmnopqrstuvwxyz0123456789.+~:=-";
  gsize len = strlen (name);
  g_autofree char *quoted = NULL;

  if (len > 0 && len <= MAX_NAME_LENGTH && (g_ascii_islower (name[0]) || g_ascii_isdigit (name[0]))
      && strspn (name, allowed) == len)
    return TRUE;
  quoted = hutch_escape_for_terminal (name, HUTCH_ESCAPE_FLAGS_NONE);
  if (kind == DEBIAN_NAME_SUITE)
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                 _ ("“%s” is not a valid Debian suite name"), quoted);
  else
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                 _ ("“%s” is not a valid Debian package name"), quoted);
  return FALSE;
}

/* A URL: "SCHEME://…" without blanks, brackets or control characters. */
static gboolean
check_mirror (const char *mirror, GError **error)
{
  g_autofree char *quoted = NULL;
  gboolean ok = strstr (mirror, "://") != NULL && strpbrk (mirror, " []") == NULL;

  for (const char *p = mirror; ok && *p != '\0'; p++)
    ok = (guchar)*p >= 0x20 && *p != 0x7f;
  if (ok)
    return TRUE;
  quoted = hutch_escape_for_terminal (mirror, HUTCH_ESCAPE_FLAGS_NONE);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _ ("“%s” is not a mirror's URL (such as http://deb.debian.org/debian)"), quoted);
  return FALSE;
}

static gboolean
need_program (const char *program, const char *package, GError **error)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path != NULL)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
               _ ("“%s” is not installed: install the Debian package %s"), program, package);
  return FALSE;
}

gboolean
hutch_runtime_debian_check (const HutchDebianOptions *options, GError **error)
{
  if (!check_name (DEBIAN_NAME_SUITE, options->suite, error)
      || debian_arch (options->arch, error) == NULL)
    return FALSE;
  for (guint i = 0; options->packages != NULL && options->packages[i] != NULL; i++)
    if (!check_name (DEBIAN_NAME_PACKAGE, options->packages[i], error))
      return FALSE;
  if (options->mirror != NULL && !check_mirror (options->mirror, error))
    return FALSE;
  if (!need_program ("mmdebstrap", "mmdebstrap", error) || !need_program ("tar", "tar", error))
    return FALSE;
  if (geteuid () == 0)
    return TRUE;
  return need_program ("newuidmap", "uidmap", error) && need_program ("newgidmap", "uidmap", error)
         && hutch_subids_check (error);
}

/* --include=…: the packages asked for, and the SDK's. */
static char *
include_option (const HutchDebianOptions *options)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  for (guint i = 0; options->packages != NULL && options->packages[i] != NULL; i++)
    g_ptr_array_add (all, (char *)options->packages[i]);
  for (guint i = 0; options->sdk && i < G_N_ELEMENTS (sdk_packages); i++)
    g_ptr_array_add (all, (char *)sdk_packages[i]);
  if (all->len == 0)
    return NULL;
  g_ptr_array_add (all, NULL);
  joined = g_strjoinv (",", (char **)all->pdata);
  return g_strconcat ("--include=", joined, NULL);
}

/* mmdebstrap's command line, writing a tarball to stdout. */
static GPtrArray *
mmdebstrap_argv (const HutchDebianOptions *options)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (GPtrArray) mirrors = NULL;
  char *include = include_option (options);

  g_ptr_array_add (argv, g_strdup ("mmdebstrap"));
  g_ptr_array_add (argv, g_strdup (geteuid () == 0 ? "--mode=root" : "--mode=unshare"));
  g_ptr_array_add (argv, g_strdup ("--variant=apt"));
  g_ptr_array_add (argv, g_strdup ("--format=tar"));
  g_ptr_array_add (argv, g_strconcat ("--architectures=", debian_arch (options->arch, NULL), NULL));
  if (include != NULL)
    g_ptr_array_add (argv, include);
  for (guint i = 0; i < G_N_ELEMENTS (dpkg_options); i++)
    g_ptr_array_add (argv, g_strdup (dpkg_options[i]));
  /* Before our hook, whose ldconfig then sees libeatmydata gone. */
  if (g_file_test (EATMYDATA_HOOKS, G_FILE_TEST_IS_DIR))
    g_ptr_array_add (argv, g_strconcat ("--hook-dir=", EATMYDATA_HOOKS, NULL));
  g_ptr_array_add (argv, g_strconcat ("--customize-hook=", customize_hook, NULL));
  g_ptr_array_add (argv, g_strdup (options->suite));
  g_ptr_array_add (argv, g_strdup ("-"));
  if (options->mirror != NULL)
    g_ptr_array_add (argv, g_strdup (options->mirror));
  else
    {
      sources = hutch_apt_sources_read (NULL);
      mirrors = hutch_apt_sources_mirrors_for (sources, options->suite);
      for (guint i = 0; i < mirrors->len; i++)
        g_ptr_array_add (argv, g_strdup (g_ptr_array_index (mirrors, i)));
    }
  g_ptr_array_add (argv, NULL);
  return argv;
}

gboolean
hutch_runtime_stage_debian (const HutchDebianOptions *options, const char *root, GError **error)
{
  g_autoptr (GPtrArray) writer = NULL;
  g_autofree char *directory = g_strconcat ("--directory=", root, NULL);
  const char *reader[]
      = { "tar", "--extract", "--file=-", directory, "--no-same-owner", "./usr", "./etc", NULL };

  if (!hutch_runtime_debian_check (options, error))
    return FALSE;
  writer = mmdebstrap_argv (options);
  if (hutch_runtime_run_pipe ((const char *const *)writer->pdata, reader, error))
    return TRUE;
  g_prefix_error (error, _ ("cannot build the Debian root: "));
  return FALSE;
}
