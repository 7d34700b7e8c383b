/* The sources' date, and every time in BUILDDIR clamped to it.
 *
 * A build is reproducible only if nothing in it depends on when it ran.
 * The sources' date is $SOURCE_DATE_EPOCH if the packager set it, else
 * the newest modification time of the manifest, the module files it
 * includes and the local files of its sources (dir sources: every file
 * and link in them; the state directory and BUILDDIR excluded).  Steps
 * get it as SOURCE_DATE_EPOCH (compilers and doc tools use it for
 * embedded dates), and at the end every time later than it in BUILDDIR is
 * set to it, so that two builds of the same sources leave the same files
 * with the same times, and hutch_bundler_export()'s default timestamp (the
 * newest time in BUILDDIR) is the sources' date too.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>

typedef struct
{
  const BuildContext *ctx;
  gint64 newest;
  const char *const *skip;
  struct stat own[2];
  guint n_own;
} DateScan;

static void
consider (DateScan *scan, const struct stat *st)
{
  scan->newest = MAX (scan->newest, (gint64)st->st_mtim.tv_sec);
}

static gboolean
skip_own (const BuildWalkEntry *entry, gpointer user_data)
{
  DateScan *scan = user_data;

  if (scan->skip != NULL && g_strv_contains (scan->skip, entry->path))
    return TRUE;
  for (guint i = 0; i < scan->n_own; i++)
    if (entry->st->st_dev == scan->own[i].st_dev && entry->st->st_ino == scan->own[i].st_ino)
      return TRUE;
  return FALSE;
}

static gboolean
visit_file (const BuildWalkEntry *entry, gpointer user_data, GError **error)
{
  /* Directories change when the state directory is made inside them. */
  if (!S_ISDIR (entry->st->st_mode))
    consider (user_data, entry->st);
  return TRUE;
}

static gboolean
scan_source (DateScan *scan, const HutchManifestSource *source, GError **error)
{
  gboolean dir = source->type == HUTCH_SOURCE_DIR;
  build_autofd int fd = -1;
  struct stat st;

  if (source->path == NULL && source->url == NULL)
    return TRUE; /* script, inline: in the manifest */
  fd = build_open_source (scan->ctx, source, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY | O_NOCTTY,
                          error);
  if (fd < 0 || fstat (fd, &st) < 0)
    return FALSE;
  if (!dir)
    {
      consider (scan, &st);
      return TRUE;
    }
  scan->skip = (const char *const *)source->skip;
  return build_walk (fd, &(BuildWalker){ skip_own, visit_file, scan }, error);
}

static gboolean
scan_modules (DateScan *scan, GPtrArray *modules, GError **error)
{
  for (guint i = 0; modules != NULL && i < modules->len; i++)
    {
      const HutchManifestModule *module = g_ptr_array_index (modules, i);
      struct stat st;
      if (module->disabled
          || !build_arch_enabled ((const char *const *)module->only_arches,
                                  (const char *const *)module->skip_arches, scan->ctx->arch))
        continue;
      if (module->where.file != NULL && stat (module->where.file, &st) == 0)
        consider (scan, &st);
      for (guint j = 0; module->sources != NULL && j < module->sources->len; j++)
        {
          const HutchManifestSource *source = g_ptr_array_index (module->sources, j);
          if (build_arch_enabled ((const char *const *)source->only_arches,
                                  (const char *const *)source->skip_arches, scan->ctx->arch)
              && !scan_source (scan, source, error))
            return FALSE;
        }
      if (!scan_modules (scan, module->modules, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_epoch (const char *text, gint64 *out_date, GError **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("SOURCE_DATE_EPOCH must be a number of seconds"));
      return FALSE;
    }
  *out_date = (gint64)value;
  return TRUE;
}

/**
 * build_date_of_sources:
 *
 * Finds the sources' date.  Opening every local source, it also reports
 * missing ones (and url sources without a mirror) before the build starts.
 */
gboolean
build_date_of_sources (const BuildContext *ctx, gint64 *out_date, GError **error)
{
  const char *env = g_getenv ("SOURCE_DATE_EPOCH");
  DateScan scan = { ctx, 0, NULL, { { 0 } }, 0 };
  struct stat st;

  scan.n_own = build_dirs_own (ctx, scan.own);
  if (stat (ctx->manifest->path, &st) < 0)
    return build_fs_error (error, errno, BUILD_FS_READ, ctx->manifest->path);
  consider (&scan, &st);
  if (!scan_modules (&scan, ctx->manifest->modules, error))
    return FALSE;
  if (env != NULL && env[0] != '\0')
    return parse_epoch (env, out_date, error);
  *out_date = scan.newest;
  return TRUE;
}

static gboolean
clamp_entry (const BuildWalkEntry *entry, gpointer user_data, GError **error)
{
  const gint64 *date = user_data;
  const struct timespec times[2] = { { (time_t)*date, 0 }, { (time_t)*date, 0 } };
  const struct timespec *mtime = &entry->st->st_mtim;

  if (mtime->tv_sec < *date || (mtime->tv_sec == *date && mtime->tv_nsec == 0))
    return TRUE;
  if (utimensat (entry->dir_fd, entry->name, times, AT_SYMLINK_NOFOLLOW) < 0)
    return build_fs_error (error, errno, BUILD_FS_SET_TIME, entry->path);
  return TRUE;
}

/**
 * build_date_clamp:
 *
 * Sets every time later than @date below @top_fd (not @top_fd's own) to
 * @date.
 */
gboolean
build_date_clamp (int top_fd, gint64 date, GError **error)
{
  const BuildWalker walker = { NULL, clamp_entry, &date };

  return build_walk (top_fd, &walker, error);
}
