/* Finishing /app: the renames flatpak-builder manifests ask for.
 *
 *   rename-desktop-file  share/applications/OLD → ID.desktop
 *   rename-appdata-file  share/metainfo/OLD → ID.metainfo.xml
 *                        (share/appdata/OLD → ID.appdata.xml)
 *   rename-icon          share/icons/…/OLD{.EXT,-symbolic.EXT} → ID…, and
 *                        Icon=OLD in the desktop file becomes Icon=ID;
 *                        copy-icon keeps the old name too
 *
 * Defends against: files of /app (written by build scripts) that are
 * symbolic links to the packager's files: directories are opened beneath
 * /app (an absolute or escaping link fails), files with O_NOFOLLOW, and
 * the desktop file is read with a size bound.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DESKTOP_SIZE (1024 * 1024)

/* *@out_fd: the directory @path below /app, or -1 if it is missing. */
static gboolean
open_app_dir (const BuildContext *ctx, const char *path, int *out_fd, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  build_autofd int files_fd = open (ctx->files_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (files_fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, ctx->files_dir);
  *out_fd = build_open_beneath (files_fd, path, O_RDONLY | O_DIRECTORY, &local_error);
  if (*out_fd < 0 && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
rename_in (const BuildContext *ctx, const char *dir, const char *old, const char *new,
           GError **error)
{
  build_autofd int fd = -1;
  struct stat st;

  if (!open_app_dir (ctx, dir, &fd, error))
    return FALSE;
  if (fd < 0 || !build_name_is_safe (old) || fstatat (fd, old, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return TRUE; /* nothing by that name: flatpak-builder says nothing either */
  if (renameat (fd, old, fd, new) < 0)
    return build_fs_error (error, errno, BUILD_FS_RENAME, old);
  return TRUE;
}

static gboolean
rename_desktop_file (const BuildContext *ctx, GError **error)
{
  g_autofree char *new = g_strconcat (ctx->manifest->id, ".desktop", NULL);

  return rename_in (ctx, "share/applications", ctx->manifest->rename_desktop_file, new, error);
}

static gboolean
rename_appdata_file (const BuildContext *ctx, GError **error)
{
  const char *old = ctx->manifest->rename_appdata_file;
  g_autofree char *metainfo = g_strconcat (ctx->manifest->id, ".metainfo.xml", NULL);
  g_autofree char *appdata = g_strconcat (ctx->manifest->id, ".appdata.xml", NULL);

  return rename_in (ctx, "share/metainfo", old, metainfo, error)
         && rename_in (ctx, "share/appdata", old, appdata, error);
}

/* The new name of icon @name, or NULL if it is not one of @old's. */
static char *
renamed_icon (const char *name, const char *old, const char *id)
{
  gsize len = strlen (old);

  if (strncmp (name, old, len) != 0)
    return NULL;
  if (name[len] != '.' && !g_str_has_prefix (name + len, "-symbolic."))
    return NULL;
  return g_strconcat (id, name + len, NULL);
}

static gboolean
copy_icon_at (int dir_fd, const char *from, const char *to, GError **error)
{
  build_autofd int in = openat (dir_fd, from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  build_autofd int out = -1;

  if (in < 0)
    return build_fs_error (error, errno, BUILD_FS_READ, from);
  out = build_create_at (dir_fd, to, 0644, error);
  return out >= 0 && build_copy_data (in, out, NULL, from, error);
}

static gboolean
rename_icon_entry (const BuildWalkEntry *entry, gpointer user_data, GError **error)
{
  const BuildContext *ctx = user_data;
  g_autofree char *new = NULL;

  if (!S_ISREG (entry->st->st_mode))
    return TRUE;
  new = renamed_icon (entry->name, ctx->manifest->rename_icon, ctx->manifest->id);
  if (new == NULL)
    return TRUE;
  if (ctx->manifest->copy_icon)
    return copy_icon_at (entry->dir_fd, entry->name, new, error);
  if (renameat (entry->dir_fd, entry->name, entry->dir_fd, new) < 0)
    return build_fs_error (error, errno, BUILD_FS_RENAME, entry->path);
  return TRUE;
}

/**
 * build_finish_set_icon:
 * @desktop: a desktop file's text
 * @old: the icon's old name
 * @icon: the new one
 *
 * Returns: (transfer full): the text with every Icon=@old set to @icon,
 *   or NULL with @error set if it does not parse
 */
char *
build_finish_set_icon (const char *desktop, gsize len, const char *old, const char *icon,
                       GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_auto (GStrv) groups = NULL;

  if (!g_key_file_load_from_data (file, desktop, len,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return NULL;
  groups = g_key_file_get_groups (file, NULL);
  for (gsize i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (file, groups[i], "Icon", NULL);
      if (g_strcmp0 (value, old) == 0)
        g_key_file_set_value (file, groups[i], "Icon", icon);
    }
  return g_key_file_to_data (file, NULL, NULL);
}

/* The whole of @fd, at most @max bytes; NULL with @error set. */
static char *
read_bounded (int fd, const char *name, gsize max, gsize *out_len, GError **error)
{
  g_autofree char *data = g_malloc (max + 1);
  gsize len = 0;

  for (;;)
    {
      ssize_t n = read (fd, data + len, max + 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || len + (gsize)n > max)
        {
          build_fs_error (error, n < 0 ? errno : EFBIG, BUILD_FS_READ, name);
          return NULL;
        }
      if (n == 0)
        break;
      len += (gsize)n;
    }
  data[len] = '\0';
  *out_len = len;
  return g_steal_pointer (&data);
}

static gboolean
update_desktop_icon (const BuildContext *ctx, GError **error)
{
  g_autofree char *name = g_strconcat (ctx->manifest->id, ".desktop", NULL);
  build_autofd int dir_fd = -1, fd = -1;
  g_autofree char *data = NULL, *updated = NULL;
  g_autoptr (GError) local_error = NULL;
  struct stat st;
  gsize len;

  if (!open_app_dir (ctx, "share/applications", &dir_fd, error))
    return FALSE;
  if (dir_fd < 0)
    return TRUE;
  /* The build wrote it: O_NONBLOCK and the type check, so that a FIFO
   * there cannot hang the bundler. */
  fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT || build_fs_error (error, errno, BUILD_FS_READ, name);
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                   _ ("share/applications/%s: not a regular file"), name);
      return FALSE;
    }
  data = read_bounded (fd, name, MAX_DESKTOP_SIZE, &len, error);
  if (data == NULL)
    return FALSE;
  updated = build_finish_set_icon (data, len, ctx->manifest->rename_icon, ctx->manifest->id,
                                   &local_error);
  if (updated == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED, _ ("share/applications/%s: %s"),
                   name, local_error->message);
      return FALSE;
    }
  return build_write_at (dir_fd, name, updated, strlen (updated), 0644, error);
}

static gboolean
rename_icon (const BuildContext *ctx, GError **error)
{
  build_autofd int icons_fd = -1;
  const BuildWalker walker = { NULL, rename_icon_entry, (gpointer)ctx };

  if (!open_app_dir (ctx, "share/icons", &icons_fd, error))
    return FALSE;
  if (icons_fd >= 0 && !build_walk (icons_fd, &walker, error))
    return FALSE;
  return update_desktop_icon (ctx, error);
}

/**
 * build_finish_rename:
 *
 * Applies the manifest's rename-desktop-file, rename-appdata-file and
 * rename-icon to /app.
 */
gboolean
build_finish_rename (const BuildContext *ctx, GError **error)
{
  const HutchManifest *m = ctx->manifest;

  if (m->rename_desktop_file != NULL && !rename_desktop_file (ctx, error))
    return FALSE;
  if (m->rename_appdata_file != NULL && !rename_appdata_file (ctx, error))
    return FALSE;
  if (m->rename_icon != NULL && !rename_icon (ctx, error))
    return FALSE;
  return TRUE;
}
