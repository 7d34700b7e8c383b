/* Reading a manifest and the module and source files it includes.
 *
 * A string in "modules" (or in "sources") names a JSON file relative to
 * the directory of the file that holds the string.  What this defends
 * against:
 *
 *   - a manifest reading files outside its own directory: the name is
 *     checked lexically (relative, no ".."), then resolved, and the
 *     resolved path must still be beneath the manifest's directory, so a
 *     symbolic link cannot lead out either;
 *   - files that are not files: only regular files are read (a FIFO or a
 *     device would block or never end), opened without following a
 *     symbolic link at the last step, and never more than
 *     HUTCH_MANIFEST_MAX_SIZE bytes of one;
 *   - include cycles (a file including itself, directly or not) are
 *     errors naming the file; and a file included twice at each of many
 *     levels cannot make the parser read exponentially much: the number
 *     of files read and the bytes read in all are bounded.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

static gboolean
fail_errno (const char *path, int errsv, GError **error)
{
  g_autofree char *safe = hutch_escape_for_terminal (path, HUTCH_ESCAPE_FLAGS_NONE);

  /* TRANSLATORS: a file, then why it cannot be read */
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), _ ("cannot read “%s”: %s"),
               safe, g_strerror (errsv));
  return FALSE;
}

/* Reads all of @fd, at most HUTCH_MANIFEST_MAX_SIZE bytes. */
static gboolean
read_fd (int fd, const char *path, char **contents, gsize *len, GError **error)
{
  g_autofree char *data = NULL;
  gsize used = 0, size = 0;

  for (;;)
    {
      ssize_t n;

      if (used == size)
        {
          if (size > HUTCH_MANIFEST_MAX_SIZE)
            {
              manifest_set_error (error, path, 0, 0, NULL, _ ("larger than %d bytes"),
                                  HUTCH_MANIFEST_MAX_SIZE);
              return FALSE;
            }
          size = size == 0 ? 16384 : MIN (size * 2, (gsize)HUTCH_MANIFEST_MAX_SIZE + 1);
          data = g_realloc (data, size + 1);
        }
      n = read (fd, data + used, size - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail_errno (path, errno, error);
      if (n == 0)
        break;
      used += (gsize)n;
    }
  data[used] = '\0';
  *contents = g_steal_pointer (&data);
  *len = used;
  return TRUE;
}

/* Reads the regular file @path; with @nofollow, not through a symbolic
 * link at its last element. */
static gboolean
read_regular_file (const char *path, gboolean nofollow, char **contents, gsize *len, GError **error)
{
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0);
  int fd = open (path, flags);
  struct stat st;
  gboolean ok;

  if (fd < 0)
    return fail_errno (path, errno, error);
  if (fstat (fd, &st) != 0)
    {
      int errsv = errno;
      close (fd);
      return fail_errno (path, errsv, error);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      manifest_set_error (error, path, 0, 0, NULL, "%s", _ ("not a regular file"));
      return FALSE;
    }
  ok = read_fd (fd, path, contents, len, error);
  close (fd);
  return ok;
}

gboolean
manifest_read_file (const char *path, char **contents, gsize *len, GError **error)
{
  return read_regular_file (path, FALSE, contents, len, error);
}

void
manifest_file_free (ManifestFile *file)
{
  if (file == NULL)
    return;
  if (file->real_path != NULL)
    {
      GPtrArray *including = file->loader->including;

      g_assert (including->len > 0
                && strcmp (g_ptr_array_index (including, including->len - 1), file->real_path)
                       == 0);
      g_ptr_array_remove_index (including, including->len - 1);
    }
  manifest_json_doc_free (file->doc);
  g_clear_pointer (&file->name, g_ref_string_release);
  g_free (file->dir);
  g_clear_pointer (&file->base_dir, g_ref_string_release);
  g_free (file->real_path);
  g_free (file);
}

ManifestFile *
manifest_file_new (ManifestLoader *loader, const char *name, const char *dir)
{
  ManifestFile *file = g_new0 (ManifestFile, 1);

  file->loader = loader;
  file->name = g_ref_string_new (name);
  file->dir = g_strdup (dir);
  if (loader->base_dir != NULL && dir[0] == '\0')
    file->base_dir = g_ref_string_new (loader->base_dir);
  else if (loader->base_dir != NULL)
    {
      g_autofree char *base_dir = g_build_filename (loader->base_dir, dir, NULL);
      file->base_dir = g_ref_string_new (base_dir);
    }
  return file;
}

static gboolean
is_beneath (const char *path, const char *dir)
{
  gsize len = strlen (dir);

  if (strcmp (dir, "/") == 0)
    return TRUE;
  return strncmp (path, dir, len) == 0 && path[len] == '/';
}

/* The canonical path of @relative (under the base directory), checked to
 * be beneath the base directory and not being read already. */
static char *
resolve_include (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                 const char *relative, GError **error)
{
  ManifestLoader *loader = file->loader;
  g_autofree char *full = g_build_filename (loader->base_dir, relative, NULL);
  g_autofree char *quoted = manifest_quote (value->text);
  g_autofree char *real = NULL;

  if (loader->real_base_dir == NULL
      && (loader->real_base_dir = realpath (loader->base_dir, NULL)) == NULL)
    {
      int errsv = errno;
      g_autofree char *dir = manifest_quote (loader->base_dir);
      manifest_fail (file, value, field, error, _ ("cannot resolve “%s”: %s"), dir,
                     g_strerror (errsv));
      return NULL;
    }
  if ((real = realpath (full, NULL)) == NULL)
    {
      int errsv = errno;
      manifest_fail (file, value, field, error, _ ("cannot read “%s”: %s"), quoted,
                     g_strerror (errsv));
      return NULL;
    }
  if (!is_beneath (real, loader->real_base_dir))
    {
      manifest_fail (file, value, field, error,
                     _ ("“%s” leads out of the manifest's directory (through a symbolic link)"),
                     quoted);
      return NULL;
    }
  for (guint i = 0; i < loader->including->len; i++)
    if (strcmp (g_ptr_array_index (loader->including, i), real) == 0)
      {
        manifest_fail (file, value, field, error, _ ("“%s” includes itself, directly or not"),
                       quoted);
        return NULL;
      }
  return g_steal_pointer (&real);
}

/* Reads the file at @real, within the loader's limits. */
static gboolean
read_include (ManifestFile *file, const ManifestJsonNode *value, const char *field,
              const char *real, char **data, gsize *len, GError **error)
{
  ManifestLoader *loader = file->loader;
  GError *local_error = NULL;

  if (loader->n_files >= MANIFEST_MAX_FILES)
    return manifest_fail (file, value, field, error, _ ("more than %d files included"),
                          MANIFEST_MAX_FILES);
  if (!read_regular_file (real, TRUE, data, len, &local_error))
    return manifest_fail_with (file, value, field, local_error, error);
  loader->n_files++;
  loader->total_size += *len;
  if (loader->total_size > MANIFEST_MAX_TOTAL_SIZE)
    return manifest_fail (file, value, field, error,
                          _ ("the manifest and its files are larger than %d bytes in all"),
                          MANIFEST_MAX_TOTAL_SIZE);
  return TRUE;
}

ManifestFile *
manifest_include (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                  GError **error)
{
  ManifestLoader *loader = file->loader;
  g_autoptr (ManifestFile) included = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *real = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  GError *local_error = NULL;
  gsize len;

  if (!manifest_check_path (value->text, &local_error))
    {
      manifest_fail_with (file, value, field, local_error, error);
      return NULL;
    }
  if (loader->base_dir == NULL)
    {
      manifest_fail (file, value, field, error, "%s",
                     _ ("module and source files cannot be read here (no base directory)"));
      return NULL;
    }
  relative = g_build_filename (file->dir, value->text, NULL);
  if ((real = resolve_include (file, value, field, relative, error)) == NULL
      || !read_include (file, value, field, real, &data, &len, error))
    return NULL;

  name = strcmp (loader->base_dir, ".") == 0 ? g_strdup (relative)
                                             : g_build_filename (loader->base_dir, relative, NULL);
  dir = g_path_get_dirname (relative);
  included = manifest_file_new (loader, name, strcmp (dir, ".") == 0 ? "" : dir);
  included->real_path = g_strdup (real);
  g_ptr_array_add (loader->including, g_steal_pointer (&real));
  included->doc = manifest_json_parse (data, len, included->name, error);
  if (included->doc == NULL)
    return NULL;
  return g_steal_pointer (&included);
}
