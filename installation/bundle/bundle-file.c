/* hutch_bundle_open(): a bundle file, opened, bounded, mapped and parsed.
 *
 * Defends against: a "file" that is a FIFO, a device or a directory (it
 * could block or never end: only a regular file is read, and opening does
 * not block), a file too large to check (HUTCH_BUNDLE_MAX_SIZE), and a
 * file swapped after the check: the descriptor of the file that was
 * checked is kept, and the import reads through it (/proc/self/fd), never
 * through the path again.  The file is mapped read-only and private.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

void
hutch_bundle_free (HutchBundle *bundle)
{
  if (bundle == NULL)
    return;
  hutch_bundle_header_free (bundle->header);
  g_clear_pointer (&bundle->mapped, g_mapped_file_unref);
  if (bundle->fd >= 0)
    close (bundle->fd);
  g_free (bundle->path);
  g_free (bundle);
}

/* Opens @bundle->path as a regular file of a bounded size. */
static gboolean
open_file (HutchBundle *bundle, const char *safe_path, GError **error)
{
  struct stat st;

  bundle->fd = open (bundle->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (bundle->fd < 0)
    return hutch_set_file_error (error, errno, _ ("cannot open the bundle “%s”"), safe_path);
  if (fstat (bundle->fd, &st) < 0)
    return hutch_set_file_error (error, errno, _ ("cannot read the bundle “%s”"), safe_path);
  if (!S_ISREG (st.st_mode))
    return hutch_bundle_fail (error, _ ("%s: it is not a regular file"), safe_path);
  if ((guint64)st.st_size > HUTCH_BUNDLE_MAX_SIZE)
    return hutch_bundle_fail (error, _ ("%s: it is larger than %d GiB"), safe_path,
                              (int)(HUTCH_BUNDLE_MAX_SIZE >> 30));
  return TRUE;
}

HutchBundle *
hutch_bundle_open (const char *path, GError **error)
{
  g_autoptr (HutchBundle) bundle = g_new0 (HutchBundle, 1);
  g_autofree char *safe_path = hutch_escape_for_terminal (path, HUTCH_ESCAPE_FLAGS_NONE);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;

  bundle->path = g_strdup (path);
  bundle->fd = -1;
  if (!open_file (bundle, safe_path, error))
    return NULL;
  bundle->mapped = g_mapped_file_new_from_fd (bundle->fd, FALSE, &local_error);
  if (bundle->mapped == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _ ("cannot read the bundle “%s”: "), safe_path);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (bundle->mapped);
  bundle->header = hutch_bundle_header_parse (bytes, &local_error);
  if (bundle->header == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", safe_path,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&bundle);
}
