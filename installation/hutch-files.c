/* Small file-system helpers.  See hutch-files.h.
 *
 * Defends against: a read that follows a symbolic link planted where a
 * file was expected, blocks on a FIFO or has no end; a removal that
 * follows a symbolic link out of the tree it was asked to remove (a tree
 * may hold whatever a packager, a repository or a Debian package put in
 * it), and a read-only directory that would stop it half-way.  Every
 * directory is opened with O_NOFOLLOW relative to its parent's fd;
 * nothing is resolved by path.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-files.h"

#include "hutch-i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

gboolean
hutch_set_file_error (GError **error, int errsv, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), "%s: %s", message,
               g_strerror (errsv));
  return FALSE;
}

gboolean
hutch_read_file_nofollow (const char *path, gsize max_size, char **out_text, gsize *out_len,
                          GError **error)
{
  /* O_NONBLOCK: opening a FIFO must not block. */
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

  if (fd < 0)
    return hutch_set_file_error (error, errno, _ ("cannot read “%s”"), path);
  return hutch_read_regular_fd (fd, path, max_size, out_text, out_len, error);
}

gboolean
hutch_read_regular_fd (int fd, const char *path, gsize max_size, char **out_text, gsize *out_len,
                       GError **error)
{
  g_autofree char *buf = NULL;
  struct stat st;
  gssize n;

  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || (guint64)st.st_size > max_size)
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _ ("“%s” is not a regular file of at most %zu bytes"), path, (size_t) max_size);
      return FALSE;
    }
  buf = g_malloc (st.st_size + 1);
  n = read (fd, buf, st.st_size + 1);
  close (fd);
  if (n != st.st_size)
    return hutch_set_file_error (error, n < 0 ? errno : EIO, _ ("cannot read “%s”"), path);
  buf[n] = '\0';
  *out_text = g_steal_pointer (&buf);
  if (out_len != NULL)
    *out_len = n;
  return TRUE;
}

/* Empties the directory open as @fd, which this closes. */
static gboolean
empty_dir (int fd, const char *name, GError **error)
{
  DIR *dir;
  struct dirent *entry;
  gboolean ok = TRUE;

  fchmod (fd, 0700);
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      int errsv = errno;
      close (fd);
      return hutch_set_file_error (error, errsv, _ ("cannot remove “%s”"), name);
    }
  while (ok && (entry = readdir (dir)) != NULL)
    if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0)
      ok = hutch_remove_tree_at (dirfd (dir), entry->d_name, error);
  closedir (dir);
  return ok;
}

gboolean
hutch_remove_tree_at (int dfd, const char *name, GError **error)
{
  struct stat st;
  int fd;

  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return errno == ENOENT || hutch_set_file_error (error, errno, _ ("cannot remove “%s”"), name);
  if (!S_ISDIR (st.st_mode))
    {
      if (unlinkat (dfd, name, 0) < 0 && errno != ENOENT)
        return hutch_set_file_error (error, errno, _ ("cannot remove “%s”"), name);
      return TRUE;
    }
  fd = openat (dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return hutch_set_file_error (error, errno, _ ("cannot remove “%s”"), name);
  if (!empty_dir (fd, name, error))
    return FALSE;
  if (unlinkat (dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return hutch_set_file_error (error, errno, _ ("cannot remove “%s”"), name);
  return TRUE;
}
