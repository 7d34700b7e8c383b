/* Finding the file of a source, and taking a checked copy of it.
 *
 * A source names a file by path (relative to the manifest, or the module
 * file, that names it) or by url.  The bundler does not download: a url is
 * looked up by its file name in the packager's --mirror-dir, else it is an
 * error that says so.
 *
 * Defends against: a path that leads out of the manifest's directory
 * through a symbolic link (openat2 RESOLVE_BENEATH; the parser already
 * refused "..", this is defence in depth); a mirror file or a source that
 * is not what its sha256 says, or that changes after it was checked (the
 * file is copied once, the copy hashed as it is written, and only the copy
 * is used; on a mismatch the copy is removed before anything reads it).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>

/**
 * build_error_at:
 * @where: what in the manifest the error is about
 *
 * Sets @error to "FILE:LINE:COLUMN: FIELD: " and the message.  Always
 * returns FALSE.
 */
gboolean
build_error_at (GError **error, int code, const HutchManifestLocation *where, const char *format,
                ...)
{
  g_autofree char *message = NULL;
  g_autofree char *located = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  located = hutch_manifest_location_format (where, "%s", message);
  g_set_error_literal (error, HUTCH_ERROR, code, located);
  return FALSE;
}

/* The last element of @url's path, unescaped; NULL if it has none that
 * can be a file name. */
static char *
url_basename (const char *url)
{
  g_autofree char *path = g_strndup (url, strcspn (url, "?#"));
  const char *slash = strrchr (path, '/');
  g_autofree char *name = g_uri_unescape_string (slash != NULL ? slash + 1 : path, "/");

  return build_name_is_safe (name) ? g_steal_pointer (&name) : NULL;
}

/* The file name of a file, archive or patch source: of its path, else of
 * its url; NULL if neither gives one. */
char *
build_source_basename (const HutchManifestSource *source)
{
  if (source->path != NULL)
    return g_path_get_basename (source->path);
  if (source->url != NULL)
    return url_basename (source->url);
  return NULL;
}

static int
open_in_mirror (const BuildContext *ctx, const HutchManifestSource *source, int flags,
                GError **error)
{
  const char *mirror = ctx->settings->mirror_dir;
  g_autofree char *name = url_basename (source->url);
  g_autofree char *safe_dir = NULL, *safe_name = NULL;
  build_autofd int dir_fd = -1;
  int fd;

  if (mirror == NULL)
    {
      build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                      _ ("network sources are not supported; give a local mirror with "
                         "--mirror-dir"));
      return -1;
    }
  if (name == NULL)
    {
      build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                      _ ("the url names no file to look up in the mirror directory"));
      return -1;
    }
  dir_fd = open (mirror, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  fd = dir_fd >= 0 ? build_open_beneath (dir_fd, name, flags, NULL) : -1;
  if (fd >= 0)
    return fd;
  safe_dir = hutch_escape_for_terminal (mirror, HUTCH_ESCAPE_FLAGS_NONE);
  safe_name = hutch_escape_for_terminal (name, HUTCH_ESCAPE_FLAGS_NONE);
  build_error_at (error, HUTCH_ERROR_NOT_FOUND, &source->where,
                  _ ("cannot open “%s” in the mirror directory “%s”: %s"), safe_name, safe_dir,
                  g_strerror (errno));
  return -1;
}

/**
 * build_open_source:
 * @flags: open(2) flags (O_DIRECTORY for a dir source)
 *
 * Opens the local file or directory of @source: its path beneath the
 * directory of the file that names it, else its url's file name in the
 * mirror directory.
 *
 * Returns: the fd, or -1 with @error set (naming the source)
 */
int
build_open_source (const BuildContext *ctx, const HutchManifestSource *source, int flags,
                   GError **error)
{
  g_autoptr (GError) local_error = NULL;
  build_autofd int base_fd = -1;
  int fd;

  if (source->path == NULL)
    return open_in_mirror (ctx, source, flags, error);
  if (source->base_dir == NULL)
    {
      build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                      _ ("a local source needs the manifest's directory"));
      return -1;
    }
  base_fd = open (source->base_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  fd = base_fd >= 0 ? build_open_beneath (base_fd, source->path, flags, &local_error) : -1;
  if (fd >= 0)
    return fd;
  if (base_fd < 0)
    build_error_at (error, HUTCH_ERROR_NOT_FOUND, &source->where, "%s", g_strerror (errno));
  else if (g_error_matches (local_error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED))
    build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                    _ ("the path leads out of the manifest's directory"));
  else
    build_error_at (error, HUTCH_ERROR_NOT_FOUND, &source->where, "%s", local_error->message);
  return -1;
}

/**
 * build_fetch_source:
 * @dst_fd: a directory
 * @name: the file to make there
 *
 * Copies the file of @source to @dst_fd/@name, checking its sha256 if the
 * source has one.  On a mismatch the copy is removed.
 */
gboolean
build_fetch_source (const BuildContext *ctx, const HutchManifestSource *source, int dst_fd,
                    const char *name, GError **error)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  build_autofd int in = build_open_source (ctx, source, O_RDONLY | O_NOCTTY, error);
  build_autofd int out = -1;
  struct stat st;
  const char *actual;

  if (in < 0)
    return FALSE;
  if (fstat (in, &st) < 0 || !S_ISREG (st.st_mode))
    return build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                           _ ("the source is not a regular file"));
  out = build_create_at (dst_fd, name, (st.st_mode & 0111) ? 0755 : 0644, error);
  if (out < 0 || !build_copy_data (in, out, checksum, name, error))
    return FALSE;
  actual = g_checksum_get_string (checksum);
  if (source->sha256 != NULL && g_ascii_strcasecmp (actual, source->sha256) != 0)
    {
      unlinkat (dst_fd, name, 0);
      return build_error_at (error, HUTCH_ERROR_BUILD_FAILED, &source->where,
                             _ ("sha256 mismatch: expected %s, got %s"), source->sha256, actual);
    }
  return TRUE;
}

/**
 * build_fetch_staged:
 * @what: the staging directory, STATE/tmp/@what, emptied first
 * @out_name: (out): the file's name
 *
 * Copies the file of a file, archive or patch source, its sha256 checked,
 * to the staging directory, for a sandbox to read.
 *
 * Returns: (transfer full): the copy's path, or NULL with @error set
 */
char *
build_fetch_staged (const BuildContext *ctx, const HutchManifestSource *source, const char *what,
                    char **out_name, GError **error)
{
  g_autofree char *name = build_source_basename (source);
  g_autofree char *staging = NULL;
  build_autofd int staging_fd = -1;

  if (name == NULL || !build_name_is_safe (name))
    {
      build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                      _ ("the source has no file name"));
      return NULL;
    }
  staging = build_make_tmp_dir (ctx, what, error);
  if (staging == NULL)
    return NULL;
  staging_fd = open (staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (staging_fd < 0)
    {
      build_fs_error (error, errno, BUILD_FS_OPEN, staging);
      return NULL;
    }
  if (!build_fetch_source (ctx, source, staging_fd, name, error))
    return NULL;
  *out_name = g_strdup (name);
  return g_build_filename (staging, name, NULL);
}
