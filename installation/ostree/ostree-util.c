/* Small helpers of libhutch_ostree: errors, syncing directories and
 * comparing metadata texts.
 * Removing a tree is hutch_remove_tree_at() (hutch-files.h).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
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

gboolean
hutch_ostree_sync_dir (const char *path, int (*sync_func) (int fd), GError **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || sync_func (fd) < 0)
    {
      int errsv = errno;
      if (fd >= 0)
        close (fd);
      return hutch_ostree_fail_errno (error, errsv, _("cannot write “%s” to disk"), path);
    }
  close (fd);
  return TRUE;
}

static gsize
length_without_newlines (const char *text, gsize len)
{
  while (len > 0 && text[len - 1] == '\n')
    len--;
  return len;
}

gboolean
hutch_metadata_texts_equal (const char *a, gsize a_len, const char *b, gsize b_len)
{
  a_len = length_without_newlines (a, a_len);
  return a_len == length_without_newlines (b, b_len) && memcmp (a, b, a_len) == 0;
}
