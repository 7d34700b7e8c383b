/* BUILDDIR/export: the files of /app that the host desktop will see.
 *
 * The same files `app install` exports from a deploy (hutch-exports.c),
 * named by the same rule (hutch_exports_name_is_for_app()), copied from
 * files/share to export/share:
 *
 *   applications/ID.desktop, applications/ID.*.desktop
 *   icons/…/ID.EXT, ID.*.EXT, ID-*.EXT   (EXT: png, svg, svgz)
 *   dbus-1/services/ID.service, ID.*.service
 *
 * Only regular files are exported; a symbolic link in /app is left out
 * (the installer would refuse it anyway), and directories are opened
 * beneath /app so that no link leads the copy to the packager's files.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-exports.h"
#include "hutch-files.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

static const struct
{
  HutchExportKind kind;
  const char *dir; /* below share/ */
} export_dirs[] = {
  { HUTCH_EXPORT_DESKTOP, "applications" },
  { HUTCH_EXPORT_ICON, "icons" },
  { HUTCH_EXPORT_SERVICE, "dbus-1/services" },
};

typedef struct
{
  const BuildContext *ctx;
  HutchExportKind kind;
  int export_fd; /* export/share/DIR */
} Exporter;

static gboolean
export_entry (const BuildWalkEntry *entry, gpointer user_data, GError **error)
{
  const Exporter *e = user_data;
  g_autofree char *parent = g_path_get_dirname (entry->path);
  build_autofd int in = -1, dst_fd = -1, out = -1;

  if (!S_ISREG (entry->st->st_mode)
      || !hutch_exports_name_is_for_app (e->kind, entry->name, e->ctx->manifest->id))
    return TRUE;
  /* Desktop files and services sit in their directory, not below it. */
  if (e->kind != HUTCH_EXPORT_ICON && strcmp (parent, ".") != 0)
    return TRUE;
  in = openat (entry->dir_fd, entry->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0)
    return build_fs_error (error, errno, BUILD_FS_READ, entry->path);
  dst_fd = build_mkdir_beneath (e->export_fd, strcmp (parent, ".") != 0 ? parent : NULL, error);
  if (dst_fd < 0)
    return FALSE;
  out = build_create_at (dst_fd, entry->name, 0644, error);
  return out >= 0 && build_copy_data (in, out, NULL, entry->path, error);
}

static gboolean
export_dir (const BuildContext *ctx, int files_fd, int share_fd, HutchExportKind kind,
            const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename ("share", dir, NULL);
  g_autoptr (GError) local_error = NULL;
  build_autofd int src_fd
      = build_open_beneath (files_fd, path, O_RDONLY | O_DIRECTORY, &local_error);
  build_autofd int export_fd = -1;
  Exporter exporter = { ctx, kind, -1 };
  const BuildWalker walker = { NULL, export_entry, &exporter };

  if (src_fd < 0)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  export_fd = build_mkdir_beneath (share_fd, dir, error);
  if (export_fd < 0)
    return FALSE;
  exporter.export_fd = export_fd;
  return build_walk (src_fd, &walker, error);
}

/**
 * build_finish_exports:
 *
 * Fills BUILDDIR/export/share with the app's desktop files, icons and
 * D-Bus services from BUILDDIR/files/share.
 */
gboolean
build_finish_exports (const BuildContext *ctx, GError **error)
{
  build_autofd int builddir_fd = open (ctx->builddir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  build_autofd int files_fd = -1, share_fd = -1;

  if (builddir_fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, ctx->builddir);
  files_fd = build_open_beneath (builddir_fd, "files", O_RDONLY | O_DIRECTORY | O_NOFOLLOW, error);
  if (files_fd < 0 || !hutch_remove_tree_at (builddir_fd, "export", error))
    return FALSE;
  share_fd = build_mkdir_beneath (builddir_fd, "export/share", error);
  if (share_fd < 0)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (export_dirs); i++)
    if (!export_dir (ctx, files_fd, share_fd, export_dirs[i].kind, export_dirs[i].dir, error))
      return FALSE;
  return TRUE;
}
