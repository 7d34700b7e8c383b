/* Small file-system helpers that several parts of Hutch need: a GError
 * from errno, a bounded read, and the removal of a tree.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets @error to "MESSAGE: strerror (@errsv)" in G_FILE_ERROR (ENOSPC is
 * G_FILE_ERROR_NOSPC); returns FALSE. */
gboolean hutch_set_file_error (GError **error, int errsv, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

/* Reads the regular file @path, which must not be a symbolic link, of at
 * most @max_size bytes: *@out_text gets it NUL-terminated, *@out_len (may
 * be NULL) its length.  Errors are G_FILE_ERROR: G_FILE_ERROR_NOENT if it
 * is missing, G_FILE_ERROR_INVAL if it is not a regular file or is too
 * large. */
gboolean hutch_read_file_nofollow (const char *path, gsize max_size, char **out_text,
                                   gsize *out_len, GError **error);

/* hutch_read_file_nofollow() of a file already open as @fd, which this
 * closes; @path names it in messages.  For a caller that opens the file
 * itself (and says something of its own when that fails); open it with
 * O_NONBLOCK, so that a FIFO does not block. */
gboolean hutch_read_regular_fd (int fd, const char *path, gsize max_size, char **out_text,
                                gsize *out_len, GError **error);

/* Removes @name in the directory @dfd (AT_FDCWD: the current one) and
 * everything below it, following no symbolic link and making read-only
 * directories writable first; a missing @name is no error. */
gboolean hutch_remove_tree_at (int dfd, const char *name, GError **error);

G_END_DECLS
