/* Files of a runtime being staged: directories made beneath the staging
 * root, host files copied in, small files written, trees removed.
 *
 * Defends against: writing outside the staging root.  Every path is taken
 * one component at a time from an fd of the root, with O_NOFOLLOW, and a
 * component that is "..", empty or a symbolic link is an error; new files
 * are created with O_EXCL.  Removal is hutch_remove_tree_at()'s, which
 * follows no symbolic link and makes read-only directories writable, so
 * that a Debian root whose directories tar restored as read-only still
 * goes away.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Opens the directory @name in @dfd, making it if needed. */
static int
open_dir_at (int dfd, const char *name, const char *relpath, GError **error)
{
  int fd;

  if (name[0] == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("“%s” is not a plain path inside the runtime"), relpath);
      return -1;
    }
  if (mkdirat (dfd, name, 0755) < 0 && errno != EEXIST)
    {
      hutch_set_file_error (error, errno, _ ("cannot create “%s”"), relpath);
      return -1;
    }
  fd = openat (dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    hutch_set_file_error (error, errno, _ ("cannot open the directory “%s”"), relpath);
  return fd;
}

int
hutch_runtime_open_dirs (int root_fd, const char *relpath, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (relpath, "/", -1);
  int fd = dup (root_fd);

  if (fd < 0)
    {
      hutch_set_file_error (error, errno, _ ("cannot open the directory “%s”"), relpath);
      return -1;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      int next = open_dir_at (fd, parts[i], relpath, error);
      close (fd);
      if (next < 0)
        return -1;
      fd = next;
    }
  return fd;
}

/* Opens the directory that holds @relpath; *@out_name is its last part. */
static int
open_parent (int root_fd, const char *relpath, char **out_name, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (relpath);

  *out_name = g_path_get_basename (relpath);
  if (strcmp (dir, ".") == 0)
    return dup (root_fd);
  return hutch_runtime_open_dirs (root_fd, dir, error);
}

static gboolean
copy_data (int in, int out, const char *src, GError **error)
{
  char buf[65536];
  ssize_t n;

  while ((n = read (in, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return hutch_set_file_error (error, errno, _ ("cannot read “%s”"), src);
      for (ssize_t done = 0; done < n;)
        {
          ssize_t w = write (out, buf + done, n - done);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            return hutch_set_file_error (error, errno, _ ("cannot copy “%s”"), src);
          done += w;
        }
    }
  return TRUE;
}

gboolean
hutch_runtime_copy_file (const char *src, int root_fd, const char *relpath, GError **error)
{
  g_autofree char *name = NULL;
  struct stat st;
  int in, dir, out;
  gboolean ok;

  in = open (src, O_RDONLY | O_CLOEXEC);
  if (in < 0)
    return hutch_set_file_error (error, errno, _ ("cannot open “%s”"), src);
  if (fstat (in, &st) < 0 || !S_ISREG (st.st_mode))
    {
      close (in);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("“%s” is not a regular file"), src);
      return FALSE;
    }
  dir = open_parent (root_fd, relpath, &name, error);
  if (dir < 0)
    {
      close (in);
      return FALSE;
    }
  out = openat (dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                (st.st_mode & S_IXUSR) != 0 ? 0755 : 0644);
  close (dir);
  if (out < 0)
    {
      close (in);
      return hutch_set_file_error (error, errno, _ ("cannot create “%s”"), relpath);
    }
  ok = copy_data (in, out, src, error);
  close (in);
  if (close (out) < 0 && ok)
    ok = hutch_set_file_error (error, errno, _ ("cannot write “%s”"), relpath);
  return ok;
}

gboolean
hutch_runtime_write_file (int root_fd, const char *relpath, const char *contents, GError **error)
{
  g_autofree char *name = NULL;
  gsize len = strlen (contents);
  int dir, out;
  gboolean ok = TRUE;

  dir = open_parent (root_fd, relpath, &name, error);
  if (dir < 0)
    return FALSE;
  /* A symbolic link (an /etc/localtime) or a file of another mode goes. */
  if (unlinkat (dir, name, 0) < 0 && errno != ENOENT)
    {
      close (dir);
      return hutch_set_file_error (error, errno, _ ("cannot replace “%s”"), relpath);
    }
  out = openat (dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  close (dir);
  if (out < 0)
    return hutch_set_file_error (error, errno, _ ("cannot create “%s”"), relpath);
  if (len > 0 && write (out, contents, len) != (ssize_t)len)
    ok = hutch_set_file_error (error, errno != 0 ? errno : EIO, _ ("cannot write “%s”"), relpath);
  if (close (out) < 0 && ok)
    ok = hutch_set_file_error (error, errno, _ ("cannot write “%s”"), relpath);
  return ok;
}

gboolean
hutch_runtime_remove_tree (const char *path, GError **error)
{
  return hutch_remove_tree_at (AT_FDCWD, path, error);
}

char *
hutch_runtime_make_work_dir (GError **error)
{
  return g_dir_make_tmp ("hutch-runtime-XXXXXX", error);
}
