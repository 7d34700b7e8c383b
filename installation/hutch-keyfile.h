/* Key files from untrusted text (metadata, overrides, repository files),
 * read with bounds and with messages that say where a problem is:
 * FILE:LINE, [GROUP] KEY.  See hutch-keyfile.c.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Loads @len bytes of key-file text (not necessarily NUL-terminated), with
 * errors naming @filename and the line: the text must be UTF-8 without NUL
 * bytes.  @out_text (may be NULL) gets it NUL-terminated, for the
 * functions below. */
GKeyFile *hutch_keyfile_load_text (const char *text, gsize len, const char *filename,
                                   int error_code, char **out_text, GError **error);
/* Reads the regular file at @path, NUL-terminated; one of more than
 * @max_size bytes is an error, HUTCH_ERROR @error_code "PATH: larger than N
 * bytes" (others are G_FILE_ERROR). */
gboolean hutch_read_file_bounded (const char *path, gsize max_size, int error_code,
                                  char **contents, gsize *length, GError **error);
/* In these, @text is the whole file's text, NUL-terminated (the line of a
 * key is found in it again). */
/* "FILE:LINE" or "FILE" if the line is not known. */
char *hutch_keyfile_location (const char *text, const char *filename, const char *group,
                              const char *key);
/* g_key_file_get_string() and _get_string_list(), but NULL exactly when
 * they fail (GLib returns a value *and* an error for a bad escape), with a
 * message of ours. */
char *hutch_keyfile_get_string (GKeyFile *keyfile, const char *group, const char *key,
                                GError **error);
char **hutch_keyfile_get_string_list (GKeyFile *keyfile, const char *group, const char *key,
                                      GError **error);
/* Replaces *@error by a HUTCH_ERROR @code error "FILE:LINE: [GROUP] KEY: message". */
void hutch_keyfile_prefix_error (GError **error, int code, const char *text, const char *filename,
                                 const char *group, const char *key);
void hutch_keyfile_warn_unknown_key (GPtrArray *warnings, const char *text, const char *filename,
                                     const char *group, const char *key);

/* The line (1-based) of KEY in GROUP of the key-file @text, or of GROUP's
 * header if KEY is NULL; 0 if not found.  For messages only. */
guint hutch_keyfile_find_line (const char *text, const char *group, const char *key);

G_END_DECLS
