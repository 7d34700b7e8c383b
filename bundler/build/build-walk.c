/* Walking a tree the build made or copied, without following links.
 *
 * Defends against: a tree written by a build or unpacked from an archive
 * (untrusted) that would lead a walk out of itself through a symbolic link,
 * a loop, or a depth that exhausts the stack.  Directories are entered with
 * openat(O_NOFOLLOW | O_DIRECTORY) relative to their parent's fd; symbolic
 * links are reported as entries and never entered; depth is bounded.
 * Entries come in name order, so what is done with them is reproducible.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#define MAX_DEPTH 256

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/**
 * build_list_dir:
 * @fd: a directory
 * @path: its name, for messages
 *
 * Returns: (transfer full): the names in @fd but "." and "..", sorted;
 *   NULL with @error set
 */
GPtrArray *
build_list_dir (int fd, const char *path, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int dup_fd = fcntl (fd, F_DUPFD_CLOEXEC, 0);
  DIR *dir = dup_fd >= 0 ? fdopendir (dup_fd) : NULL;
  struct dirent *d;

  if (dir == NULL)
    {
      int errsv = errno;
      if (dup_fd >= 0)
        close (dup_fd);
      build_fs_error (error, errsv, BUILD_FS_READ, path);
      return NULL;
    }
  rewinddir (dir);
  errno = 0;
  while ((d = readdir (dir)) != NULL)
    {
      if (strcmp (d->d_name, ".") != 0 && strcmp (d->d_name, "..") != 0)
        g_ptr_array_add (names, g_strdup (d->d_name));
      errno = 0;
    }
  if (errno != 0)
    {
      build_fs_error (error, errno, BUILD_FS_READ, path);
      closedir (dir);
      return NULL;
    }
  closedir (dir);
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

static gboolean walk_dir (int fd, const char *prefix, const BuildWalker *walker, guint depth,
                          GError **error);

static gboolean
walk_entry (int fd, const char *prefix, const char *name, const BuildWalker *walker, guint depth,
            GError **error)
{
  g_autofree char *path
      = prefix[0] != '\0' ? g_strconcat (prefix, "/", name, NULL) : g_strdup (name);
  BuildWalkEntry entry = { fd, name, path, NULL };
  struct stat st;

  if (fstatat (fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return errno == ENOENT || build_fs_error (error, errno, BUILD_FS_READ, path);
  entry.st = &st;
  if (walker->skip != NULL && walker->skip (&entry, walker->user_data))
    return TRUE;
  if (S_ISDIR (st.st_mode))
    {
      build_autofd int sub = openat (fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0)
        return build_fs_error (error, errno, BUILD_FS_READ, path);
      if (!walk_dir (sub, path, walker, depth + 1, error))
        return FALSE;
    }
  return walker->visit (&entry, walker->user_data, error);
}

static gboolean
walk_dir (int fd, const char *prefix, const BuildWalker *walker, guint depth, GError **error)
{
  g_autoptr (GPtrArray) names = NULL;

  if (depth > MAX_DEPTH)
    return build_fs_error (error, ELOOP, BUILD_FS_READ, prefix);
  names = build_list_dir (fd, prefix[0] != '\0' ? prefix : ".", error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    if (!walk_entry (fd, prefix, g_ptr_array_index (names, i), walker, depth, error))
      return FALSE;
  return TRUE;
}

/**
 * build_walk:
 * @top_fd: a directory
 * @walker: what to do with each entry below it (not with @top_fd itself)
 *
 * Calls walker->skip (if set) on each entry before anything else: TRUE
 * leaves it and what it holds alone.  Calls walker->visit after the
 * entries a directory holds, so that a visit may remove its entry.
 */
gboolean
build_walk (int top_fd, const BuildWalker *walker, GError **error)
{
  return walk_dir (top_fd, "", walker, 0, error);
}
