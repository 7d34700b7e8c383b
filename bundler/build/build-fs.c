/* The file system of a build, done through directory fds.
 *
 * Defends against: a manifest, a source tree or an archive that would make
 * the bundler read or write outside where it should through a symbolic
 * link or "..": a source path that resolves out of the manifest's
 * directory, a dest that leads out of the module's directory, a file in
 * a build tree that is a symlink to the packager's files.  So:
 *
 *   - paths the manifest names are opened with openat2(RESOLVE_BENEATH):
 *     symlinks inside the starting directory work, none leads out of it;
 *   - directories the build writes into are opened and made one component
 *     at a time with O_NOFOLLOW: no component may be a symlink at all;
 *   - files are written with O_CREAT | O_EXCL | O_NOFOLLOW after removing
 *     what had the name, and removed trees are never followed into links;
 *   - every fd is O_CLOEXEC, so no build sandbox inherits one.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>

/**
 * build_fs_error:
 * @errsv: the errno value
 * @op: what failed
 * @path: on what
 *
 * Sets @error to "cannot OP “PATH”: REASON" in the G_FILE_ERROR domain.
 *
 * Returns: FALSE
 */
gboolean
build_fs_error (GError **error, int errsv, BuildFsOp op, const char *path)
{
  g_autofree char *safe = hutch_escape_for_terminal (path, HUTCH_ESCAPE_FLAGS_NONE);

  switch (op)
    {
      case BUILD_FS_OPEN:
        return hutch_set_file_error (error, errsv, _ ("cannot open “%s”"), safe);
      case BUILD_FS_READ:
        return hutch_set_file_error (error, errsv, _ ("cannot read “%s”"), safe);
      case BUILD_FS_WRITE:
        return hutch_set_file_error (error, errsv, _ ("cannot write “%s”"), safe);
      case BUILD_FS_MAKE:
        return hutch_set_file_error (error, errsv, _ ("cannot make “%s”"), safe);
      case BUILD_FS_REMOVE:
        return hutch_set_file_error (error, errsv, _ ("cannot remove “%s”"), safe);
      case BUILD_FS_RENAME:
        return hutch_set_file_error (error, errsv, _ ("cannot rename “%s”"), safe);
      case BUILD_FS_SET_TIME:
        return hutch_set_file_error (error, errsv, _ ("cannot set the time of “%s”"), safe);
      case BUILD_FS_UNPACK:
        return hutch_set_file_error (error, errsv, _ ("cannot unpack “%s”"), safe);
    }
  g_assert_not_reached ();
}

/* One path element that names an entry of its directory. */
gboolean
build_name_is_safe (const char *name)
{
  return name != NULL && name[0] != '\0' && strchr (name, '/') == NULL && strcmp (name, ".") != 0
         && strcmp (name, "..") != 0;
}

/**
 * build_open_beneath:
 * @dir_fd: where @path starts
 * @path: a relative path
 * @flags: open(2) flags; O_CLOEXEC is added
 *
 * Opens @path, resolving it inside @dir_fd only: a symbolic link or ".."
 * that would lead out of it is HUTCH_ERROR_PERMISSION_DENIED.
 *
 * Returns: the fd, or -1 with @error set
 */
int
build_open_beneath (int dir_fd, const char *path, int flags, GError **error)
{
  struct open_how how = {
    .flags = (guint64)(flags | O_CLOEXEC),
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
  };
  int fd = (int)syscall (SYS_openat2, dir_fd, path[0] != '\0' ? path : ".", &how, sizeof how);

  if (fd < 0 && errno == EXDEV)
    {
      g_autofree char *safe = hutch_escape_for_terminal (path, HUTCH_ESCAPE_FLAGS_NONE);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED,
                   _ ("“%s” leads out of its directory"), safe);
    }
  else if (fd < 0)
    build_fs_error (error, errno, BUILD_FS_OPEN, path);
  return fd;
}

/**
 * build_mkdir_beneath:
 * @dir_fd: where @path starts
 * @path: (nullable): a relative path; NULL or "" for @dir_fd itself
 *
 * Opens the directory @path below @dir_fd, making what is missing, one
 * component at a time; no component may be a symbolic link or "..".
 *
 * Returns: the directory's fd, or -1 with @error set
 */
int
build_mkdir_beneath (int dir_fd, const char *path, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (path != NULL ? path : "", "/", -1);
  build_autofd int cur = fcntl (dir_fd, F_DUPFD_CLOEXEC, 0);

  for (gsize i = 0; cur >= 0 && parts[i] != NULL; i++)
    {
      int next;
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          build_fs_error (error, EXDEV, BUILD_FS_MAKE, path);
          return -1;
        }
      next = openat (cur, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0 && errno == ENOENT && (mkdirat (cur, parts[i], 0755) == 0 || errno == EEXIST))
        next = openat (cur, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0)
        {
          build_fs_error (error, errno, BUILD_FS_MAKE, path);
          return -1;
        }
      close (cur);
      cur = next;
    }
  if (cur < 0)
    build_fs_error (error, errno, BUILD_FS_OPEN, path != NULL ? path : ".");
  return build_steal_fd (&cur);
}

/**
 * build_create_at:
 *
 * Makes the new file @name in @dir_fd with @mode (the umask does not
 * apply), replacing a file or symbolic link of that name.
 *
 * Returns: its fd, open for writing, or -1 with @error set
 */
int
build_create_at (int dir_fd, const char *name, mode_t mode, GError **error)
{
  build_autofd int fd = -1;

  if (!build_name_is_safe (name))
    {
      build_fs_error (error, EINVAL, BUILD_FS_WRITE, name);
      return -1;
    }
  if (unlinkat (dir_fd, name, 0) < 0 && errno != ENOENT)
    {
      build_fs_error (error, errno, BUILD_FS_WRITE, name);
      return -1;
    }
  fd = openat (dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0 || fchmod (fd, mode) < 0)
    {
      build_fs_error (error, errno, BUILD_FS_WRITE, name);
      return -1;
    }
  return build_steal_fd (&fd);
}

/* Writes all of @data to @fd; @name is for the message. */
gboolean
build_write_all (int fd, const char *name, const void *data, gsize len, GError **error)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return build_fs_error (error, errno, BUILD_FS_WRITE, name);
      p += n;
      len -= (gsize)n;
    }
  return TRUE;
}

/**
 * build_write_at:
 *
 * Writes @data to the new file @name in @dir_fd, as build_create_at().
 */
gboolean
build_write_at (int dir_fd, const char *name, const void *data, gsize len, mode_t mode,
                GError **error)
{
  build_autofd int fd = build_create_at (dir_fd, name, mode, error);

  return fd >= 0 && build_write_all (fd, name, data, len, error);
}

/* Removes what the directory @fd (@path, for messages) holds; links are
 * removed, never followed. */
static gboolean
empty_dir_at (int fd, const char *path, GError **error)
{
  g_autoptr (GPtrArray) names = build_list_dir (fd, path, error);

  for (guint i = 0; names != NULL && i < names->len; i++)
    if (!hutch_remove_tree_at (fd, g_ptr_array_index (names, i), error))
      return FALSE;
  return names != NULL;
}

/* Removes what the directory @path holds, not the directory. */
gboolean
build_empty_dir (const char *path, GError **error)
{
  build_autofd int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, path);
  return empty_dir_at (fd, path, error);
}

/* Refuses @path, found to be a symbolic link (or not a directory). */
static gboolean
not_a_real_dir (GError **error, const char *path)
{
  g_autofree char *safe = hutch_escape_for_terminal (path, HUTCH_ESCAPE_FLAGS_NONE);

  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED,
               _ ("“%s” is a symbolic link or not a directory: the bundler follows no link "
                  "in its own directories (a source tree could ship one)"),
               safe);
  return FALSE;
}

gboolean
build_check_real_dir (const char *path, GError **error)
{
  struct stat st;

  if (lstat (path, &st) == 0 && !S_ISDIR (st.st_mode))
    return not_a_real_dir (error, path);
  return TRUE;
}

/* A link (or a file) where the bundler wanted a directory of its own. */
static gboolean
is_link_error (const GError *error)
{
  return g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_LOOP)
         || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
}

/* @base/@rel exists, as an empty directory; no component of @rel, nor
 * @base itself, is followed if it is a symbolic link: they are refused. */
gboolean
build_ensure_empty_dir (const char *base, const char *rel, GError **error)
{
  g_autofree char *path = g_build_filename (base, rel, NULL);
  g_autoptr (GError) local_error = NULL;
  build_autofd int base_fd = -1;
  build_autofd int fd = -1;

  if (!build_check_real_dir (base, error))
    return FALSE;
  if (g_mkdir_with_parents (base, 0755) < 0)
    return build_fs_error (error, errno, BUILD_FS_MAKE, base);
  base_fd = open (base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (base_fd < 0)
    return errno == ELOOP || errno == ENOTDIR ? not_a_real_dir (error, base)
                                              : build_fs_error (error, errno, BUILD_FS_OPEN, base);
  fd = build_mkdir_beneath (base_fd, rel, &local_error);
  if (fd < 0 && is_link_error (local_error))
    return not_a_real_dir (error, path);
  if (fd < 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return empty_dir_at (fd, path, error);
}
