/* A walk through what an export commits of a build directory, before
 * anything is written: it finds what OSTree cannot store, the newest
 * modification time (the commit's default timestamp) and the installed
 * size.
 *
 * Defends against: a build directory that holds a device node, a socket
 * or a FIFO (libostree would abort on one while canonicalising
 * permissions; an app has no business shipping one), which is refused
 * with its path before the repository is touched; a symbolic link that
 * would lead the walk out of the build directory (none is followed); a
 * tree so deep that the walk would exhaust the stack.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "export-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Far deeper than any real tree; PATH_MAX stops a path at about 2,000. */
#define MAX_DEPTH 1024

static gboolean scan_entry (int dfd, const char *name, const char *path, guint depth,
                            HutchExportScan *out, GError **error);

static const char *
special_file_kind (mode_t mode)
{
  if (S_ISSOCK (mode))
    return _ ("a socket");
  if (S_ISFIFO (mode))
    return _ ("a FIFO");
  if (S_ISCHR (mode))
    return _ ("a character device node");
  if (S_ISBLK (mode))
    return _ ("a block device node");
  return _ ("a file of an unknown type");
}

static gboolean
scan_dir (int dfd, const char *name, const char *path, guint depth, HutchExportScan *out,
          GError **error)
{
  int fd;
  DIR *dir;
  struct dirent *entry;
  gboolean ok = TRUE;

  if (depth > MAX_DEPTH)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("“%s” is nested more than %d directories deep"), path, MAX_DEPTH);
      return FALSE;
    }
  fd = openat (dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      int errsv = errno;
      if (fd >= 0)
        close (fd);
      return hutch_set_file_error (error, errsv, _ ("cannot read “%s”"), path);
    }
  while (ok)
    {
      g_autofree char *child = NULL;

      errno = 0;
      entry = readdir (dir);
      if (entry == NULL)
        {
          if (errno != 0)
            ok = hutch_set_file_error (error, errno, _ ("cannot read “%s”"), path);
          break;
        }
      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      child = g_build_filename (path, entry->d_name, NULL);
      ok = scan_entry (dirfd (dir), entry->d_name, child, depth + 1, out, error);
    }
  closedir (dir);
  return ok;
}

static gboolean
scan_entry (int dfd, const char *name, const char *path, guint depth, HutchExportScan *out,
            GError **error)
{
  struct stat st;

  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return hutch_set_file_error (error, errno, _ ("cannot read “%s”"), path);
  out->newest_mtime = MAX (out->newest_mtime, (gint64)st.st_mtime);
  if (S_ISDIR (st.st_mode))
    return scan_dir (dfd, name, path, depth, out, error);
  if (S_ISREG (st.st_mode) || S_ISLNK (st.st_mode))
    {
      out->n_files++;
      out->installed_size += (guint64)st.st_size;
      return TRUE;
    }
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _ ("“%s” is %s: a build directory may hold only regular files, directories and "
                  "symbolic links"),
               path, special_file_kind (st.st_mode));
  return FALSE;
}

/* BUILDDIR/@name must be a directory; *@out_exists says if it is there. */
static gboolean
check_top_dir (const char *builddir, const char *name, gboolean required, gboolean *out_exists,
               GError **error)
{
  g_autofree char *path = g_build_filename (builddir, name, NULL);
  struct stat st;

  *out_exists = FALSE;
  if (lstat (path, &st) < 0)
    {
      if (errno != ENOENT)
        return hutch_set_file_error (error, errno, _ ("cannot read “%s”"), path);
      if (!required)
        return TRUE;
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("“%s” is missing: a build directory needs a directory files/"), path);
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("“%s” is not a directory"), path);
      return FALSE;
    }
  *out_exists = TRUE;
  return TRUE;
}

gboolean
hutch_export_scan (const char *builddir, HutchExportScan *out, GError **error)
{
  static const struct
  {
    const char *name;
    gboolean is_dir;
    gboolean required;
  } top[] = {
    { HUTCH_EXPORT_METADATA, FALSE, TRUE },
    { HUTCH_EXPORT_FILES, TRUE, TRUE },
    { HUTCH_EXPORT_EXPORTS, TRUE, FALSE },
  };
  HutchExportScan scan = { 0, 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    {
      g_autofree char *path = g_build_filename (builddir, top[i].name, NULL);
      gboolean exists = TRUE;

      if (top[i].is_dir && !check_top_dir (builddir, top[i].name, top[i].required, &exists, error))
        return FALSE;
      if (exists && !scan_entry (AT_FDCWD, path, path, 0, &scan, error))
        return FALSE;
    }
  *out = scan;
  return TRUE;
}
