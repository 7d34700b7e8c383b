/* Small helpers of libhutch_ostree: errors and file removal.
 *
 * Defends against: removal that follows a symbolic link out of the tree it
 * was asked to remove (a deploy holds whatever a packager put in it), and
 * read-only directories that would stop removal half-way.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

gboolean
hutch_ostree_fail_errno (GError **error, int errsv, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", message,
               g_strerror (errsv));
  return FALSE;
}

gboolean
hutch_ostree_prefix_error (GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_prefix_error (error, "%s: ", message);
  return FALSE;
}

int
hutch_ostree_compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
hutch_ostree_quote (const char *text)
{
  return hutch_quote_untrusted (text);
}

/* Empties the directory open as @fd (which this takes). */
static gboolean
empty_dir (int fd, const char *path, GError **error)
{
  DIR *d;
  struct dirent *entry;
  gboolean ok = TRUE;

  /* A read-only directory of a deploy must still be emptied. */
  fchmod (fd, 0700);
  d = fdopendir (fd);
  if (d == NULL)
    {
      int errsv = errno;
      close (fd);
      return hutch_ostree_fail_errno (error, errsv, _("cannot remove “%s”"), path);
    }
  while (ok && (entry = readdir (d)) != NULL)
    {
      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      ok = hutch_ostree_rm_rf (dirfd (d), entry->d_name, error);
    }
  closedir (d);
  return ok;
}

gboolean
hutch_ostree_rm_rf (int dfd, const char *path, GError **error)
{
  int fd;

  if (unlinkat (dfd, path, 0) == 0 || errno == ENOENT)
    return TRUE;
  if (errno != EISDIR && errno != EPERM)
    return hutch_ostree_fail_errno (error, errno, _("cannot remove “%s”"), path);
  fd = openat (dfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return hutch_ostree_fail_errno (error, errno, _("cannot remove “%s”"), path);
  if (!empty_dir (fd, path, error))
    return FALSE;
  if (unlinkat (dfd, path, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return hutch_ostree_fail_errno (error, errno, _("cannot remove “%s”"), path);
  return TRUE;
}

gboolean
hutch_ostree_fsync_dir (const char *path, GError **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) < 0)
    {
      int errsv = errno;
      if (fd >= 0)
        close (fd);
      return hutch_ostree_fail_errno (error, errsv, _("cannot write “%s” to disk"), path);
    }
  close (fd);
  return TRUE;
}
