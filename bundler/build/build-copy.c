/* Copying the files of "dir" sources, and data with its checksum.
 *
 * Defends against: a source directory whose symbolic links point out of it
 * (to the packager's ~/.ssh, say): links are copied as links, never
 * followed, so the build sees the link and not what it names on the
 * packager's machine; special files (devices, FIFOs, sockets) are left
 * out; set-id bits are dropped; a tree that holds the state directory or
 * BUILDDIR (a dir source of ".") does not copy them into themselves.
 * Modes and modification times are kept, so make does not think generated
 * files are stale.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>

#define MAX_DEPTH 256

/**
 * build_copy_data:
 * @out_fd: where to, or -1 to only compute @checksum
 * @checksum: (nullable): fed with what is copied
 * @name: what @in_fd is, for messages
 *
 * Copies what is left to read on @in_fd to @out_fd.
 */
gboolean
build_copy_data (int in_fd, int out_fd, GChecksum *checksum, const char *name, GError **error)
{
  char buf[65536];

  for (;;)
    {
      ssize_t n = read (in_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return build_fs_error (error, errno, BUILD_FS_READ, name);
      if (n == 0)
        return TRUE;
      if (checksum != NULL)
        g_checksum_update (checksum, (const guchar *)buf, (gssize)n);
      if (out_fd >= 0 && !build_write_all (out_fd, name, buf, (gsize)n, error))
        return FALSE;
    }
}

typedef struct
{
  const char *const *skip;
  const struct stat *exclude;
  guint n_exclude;
} CopyRules;

static gboolean
is_left_out (const CopyRules *rules, const char *path, const struct stat *st)
{
  if (rules->skip != NULL && g_strv_contains (rules->skip, path))
    return TRUE;
  for (guint i = 0; i < rules->n_exclude; i++)
    if (st->st_dev == rules->exclude[i].st_dev && st->st_ino == rules->exclude[i].st_ino)
      return TRUE;
  return FALSE;
}

static void
copy_times (int dir_fd, const char *name, const struct stat *st)
{
  const struct timespec times[2] = { st->st_atim, st->st_mtim };

  utimensat (dir_fd, name, times, AT_SYMLINK_NOFOLLOW);
}

static gboolean
copy_file (int src_dir, int dst_dir, const char *name, const char *path, GError **error)
{
  build_autofd int in = openat (src_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  build_autofd int out = -1;
  struct stat st;

  if (in < 0 || fstat (in, &st) < 0)
    return build_fs_error (error, errno, BUILD_FS_READ, path);
  out = build_create_at (dst_dir, name, (st.st_mode & 0777) | 0600, error);
  if (out < 0 || !build_copy_data (in, out, NULL, path, error))
    return FALSE;
  copy_times (dst_dir, name, &st);
  return TRUE;
}

static gboolean
copy_symlink (int src_dir, int dst_dir, const char *name, const char *path, const struct stat *st,
              GError **error)
{
  g_autofree char *target = g_malloc ((gsize)PATH_MAX + 1);
  ssize_t len = readlinkat (src_dir, name, target, PATH_MAX);

  if (len < 0)
    return build_fs_error (error, errno, BUILD_FS_READ, path);
  target[len] = '\0';
  if ((unlinkat (dst_dir, name, 0) < 0 && errno != ENOENT) || symlinkat (target, dst_dir, name) < 0)
    return build_fs_error (error, errno, BUILD_FS_WRITE, path);
  copy_times (dst_dir, name, st);
  return TRUE;
}

static gboolean copy_dir (int src, int dst, const char *prefix, const CopyRules *rules, guint depth,
                          GError **error);

static gboolean
copy_subdir (int src_dir, int dst_dir, const char *name, const char *path, const struct stat *st,
             const CopyRules *rules, guint depth, GError **error)
{
  build_autofd int src = openat (src_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  build_autofd int dst = -1;

  if (src < 0)
    return build_fs_error (error, errno, BUILD_FS_READ, path);
  if (mkdirat (dst_dir, name, 0755) < 0 && errno != EEXIST)
    return build_fs_error (error, errno, BUILD_FS_WRITE, path);
  dst = openat (dst_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dst < 0)
    return build_fs_error (error, errno, BUILD_FS_WRITE, path);
  if (!copy_dir (src, dst, path, rules, depth + 1, error))
    return FALSE;
  fchmod (dst, (st->st_mode & 0777) | 0700);
  copy_times (dst_dir, name, st);
  return TRUE;
}

static gboolean
copy_entry (int src, int dst, const char *prefix, const char *name, const CopyRules *rules,
            guint depth, GError **error)
{
  g_autofree char *path
      = prefix[0] != '\0' ? g_strconcat (prefix, "/", name, NULL) : g_strdup (name);
  struct stat st;

  if (fstatat (src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return build_fs_error (error, errno, BUILD_FS_READ, path);
  if (is_left_out (rules, path, &st))
    return TRUE;
  if (S_ISDIR (st.st_mode))
    return copy_subdir (src, dst, name, path, &st, rules, depth, error);
  if (S_ISREG (st.st_mode))
    return copy_file (src, dst, name, path, error);
  if (S_ISLNK (st.st_mode))
    return copy_symlink (src, dst, name, path, &st, error);
  return TRUE;
}

static gboolean
copy_dir (int src, int dst, const char *prefix, const CopyRules *rules, guint depth, GError **error)
{
  g_autoptr (GPtrArray) names = NULL;

  if (depth > MAX_DEPTH)
    return build_fs_error (error, ELOOP, BUILD_FS_READ, prefix);
  names = build_list_dir (src, prefix[0] != '\0' ? prefix : ".", error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    if (!copy_entry (src, dst, prefix, g_ptr_array_index (names, i), rules, depth, error))
      return FALSE;
  return TRUE;
}

/**
 * build_copy_tree:
 * @src_fd: the directory to copy
 * @dst_fd: where its entries go (merged with what is there)
 * @skip: (nullable): paths relative to @src_fd to leave out
 * @exclude: (array length=n_exclude): directories to leave out, by device
 *   and inode
 */
gboolean
build_copy_tree (int src_fd, int dst_fd, const char *const *skip, const struct stat *exclude,
                 guint n_exclude, GError **error)
{
  const CopyRules rules = { skip, exclude, n_exclude };

  return copy_dir (src_fd, dst_fd, "", &rules, 0, error);
}
