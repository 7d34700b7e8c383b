/* BUILDDIR and the state directory: made ready before a build, marked
 * complete after it.
 *
 * A non-empty BUILDDIR is refused unless --force-clean; even then the
 * bundler will not empty a directory that holds the current directory,
 * the state directory or the manifest (a slip like `build . app.json`
 * must not erase the packager's sources).  The first thing written to a
 * ready BUILDDIR is HUTCH_BUILD_INCOMPLETE; it goes last, after every time
 * was clamped, so that `build-export` never takes a half-built tree.
 *
 * One build at a time uses a state directory (flock on STATE/lock).
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
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>

/* The state directory and BUILDDIR, as far as they exist, for a copy or
 * a scan of a source directory that holds them to leave out. */
guint
build_dirs_own (const BuildContext *ctx, struct stat own[2])
{
  guint n = 0;

  if (stat (ctx->state_dir, &own[n]) == 0)
    n++;
  if (stat (ctx->builddir, &own[n]) == 0)
    n++;
  return n;
}

/**
 * build_make_tmp_dir:
 * @what: a name for the directory
 *
 * Returns: (transfer full): STATE/tmp/@what, made empty, or NULL with
 *   @error set
 */
char *
build_make_tmp_dir (const BuildContext *ctx, const char *what, GError **error)
{
  g_autofree char *rel = g_build_filename ("tmp", what, NULL);
  g_autofree char *dir = g_build_filename (ctx->state_dir, rel, NULL);

  if (!build_ensure_empty_dir (ctx->state_dir, rel, error))
    return NULL;
  return g_steal_pointer (&dir);
}

static gboolean
lock_state_dir (BuildContext *ctx, GError **error)
{
  g_autofree char *path = g_build_filename (ctx->state_dir, "lock", NULL);

  if (!build_check_real_dir (ctx->state_dir, error))
    return FALSE;
  if (g_mkdir_with_parents (ctx->state_dir, 0755) < 0)
    return build_fs_error (error, errno, BUILD_FS_MAKE, ctx->state_dir);
  if (!build_check_real_dir (ctx->state_dir, error))
    return FALSE;
  ctx->lock_fd = open (path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (ctx->lock_fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, path);
  if (flock (ctx->lock_fd, LOCK_EX | LOCK_NB) < 0)
    {
      g_autofree char *safe = hutch_escape_for_terminal (ctx->state_dir, HUTCH_ESCAPE_FLAGS_NONE);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("another build is using the state directory “%s”"), safe);
      return FALSE;
    }
  return TRUE;
}

/* @dir is @path or one of the directories above it (both real paths). */
static gboolean
holds (const char *dir, const char *path)
{
  gsize len = strlen (dir);

  if (strcmp (dir, "/") == 0)
    return TRUE;
  return strncmp (dir, path, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* --force-clean must not erase what the packager works in. */
static gboolean
check_erasable (const BuildContext *ctx, GError **error)
{
  g_autofree char *builddir = realpath (ctx->builddir, NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *real_cwd = realpath (cwd, NULL);
  g_autofree char *state = realpath (ctx->state_dir, NULL);
  g_autofree char *manifest = realpath (ctx->manifest->path, NULL);
  const char *precious[] = { real_cwd, state, manifest };

  for (gsize i = 0; builddir != NULL && i < G_N_ELEMENTS (precious); i++)
    if (precious[i] != NULL && holds (builddir, precious[i]))
      {
        g_autofree char *safe = hutch_escape_for_terminal (ctx->builddir, HUTCH_ESCAPE_FLAGS_NONE);
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED,
                     _ ("will not empty “%s”: it holds the current directory, the state directory "
                        "or the manifest"),
                     safe);
        return FALSE;
      }
  return TRUE;
}

/* BUILDDIR exists and is empty, or --force-clean emptied it. */
static gboolean
prepare_builddir (BuildContext *ctx, GError **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autofree char *safe = hutch_escape_for_terminal (ctx->builddir, HUTCH_ESCAPE_FLAGS_NONE);

  /* A link shipped in the source tree (build-dir -> ~/.local/share/…)
   * must not receive the build. */
  if (!build_check_real_dir (ctx->builddir, error))
    return FALSE;
  if (g_mkdir_with_parents (ctx->builddir, 0755) < 0)
    return build_fs_error (error, errno, BUILD_FS_MAKE, ctx->builddir);
  if (!build_check_real_dir (ctx->builddir, error))
    return FALSE;
  dir = g_dir_open (ctx->builddir, 0, error);
  if (dir == NULL)
    return FALSE;
  if (g_dir_read_name (dir) == NULL)
    return TRUE;
  if (!ctx->settings->force_clean)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("the build directory “%s” is not empty; give --force-clean to empty it"),
                   safe);
      return FALSE;
    }
  return check_erasable (ctx, error) && build_empty_dir (ctx->builddir, error);
}

/**
 * build_dirs_prepare:
 *
 * Locks the state directory, makes BUILDDIR empty, marks it incomplete and
 * makes BUILDDIR/files.
 */
gboolean
build_dirs_prepare (BuildContext *ctx, GError **error)
{
  build_autofd int fd = -1;

  if (!lock_state_dir (ctx, error) || !prepare_builddir (ctx, error))
    return FALSE;
  fd = open (ctx->builddir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, ctx->builddir);
  if (!build_write_at (fd, HUTCH_BUILD_INCOMPLETE, "", 0, 0644, error))
    return FALSE;
  if (mkdirat (fd, "files", 0755) < 0)
    return build_fs_error (error, errno, BUILD_FS_MAKE, ctx->files_dir);
  return TRUE;
}

/**
 * build_dirs_mark_complete:
 *
 * Clamps every time in BUILDDIR to the sources' date and removes the
 * incomplete marker.
 */
gboolean
build_dirs_mark_complete (BuildContext *ctx, GError **error)
{
  build_autofd int fd = open (ctx->builddir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const struct timespec times[2]
      = { { (time_t)ctx->source_date, 0 }, { (time_t)ctx->source_date, 0 } };

  if (fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, ctx->builddir);
  if (!build_date_clamp (fd, ctx->source_date, error))
    return FALSE;
  if (unlinkat (fd, HUTCH_BUILD_INCOMPLETE, 0) < 0)
    return build_fs_error (error, errno, BUILD_FS_REMOVE, HUTCH_BUILD_INCOMPLETE);
  if (futimens (fd, times) < 0)
    return build_fs_error (error, errno, BUILD_FS_SET_TIME, ctx->builddir);
  return TRUE;
}
