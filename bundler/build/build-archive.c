/* Archive sources: checked, unpacked in a sandbox, leading directories
 * stripped.
 *
 * Defends against: a malicious archive.  Its sha256 is checked on a
 * private copy before anything reads it (build-fetch.c).  It is unpacked
 * by the SDK's tar or unzip inside a hutch-launch sandbox in which the
 * only writable place is an empty staging directory (no /app, no module
 * directory, no network): entries named "../x" or "/etc/x", or written
 * through a symbolic link the archive itself holds, can land nowhere else.
 * The bundler then moves what was unpacked into dest, dropping
 * strip-components leading directories, with renameat() between
 * directories opened with O_NOFOLLOW: links from the archive are moved as
 * links, never followed, and never used as directories to merge into.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH   256
#define ARCHIVE_DIR "/run/archive"
#define EXTRACT_DIR "/run/extract"

/* flatpak-builder's archive types and what tar needs to read them. */
static const struct
{
  const char *type;
  const char *tar_flag; /* NULL: tar finds out */
} tar_types[] = {
  { "tar", NULL },          { "tar-gzip", "-z" },     { "tar-compress", "-Z" },
  { "tar-bzip2", "-j" },    { "tar-lzip", "--lzip" }, { "tar-lzma", "--lzma" },
  { "tar-lzop", "--lzop" }, { "tar-xz", "-J" },       { "tar-zst", "--zstd" },
};

static const char *const tar_suffixes[] = {
  ".tar",      ".tar.gz", ".tgz",     ".tar.Z",  ".tar.bz2", ".tbz2",    ".tbz",  ".tar.lz",
  ".tar.lzma", ".tlz",    ".tar.lzo", ".tar.xz", ".txz",     ".tar.zst", ".tzst",
};

/* The command that unpacks @file (in the sandbox) into EXTRACT_DIR; NULL
 * with @error set for a type that cannot be unpacked. */
static char **
unpack_argv (const HutchManifestSource *source, const char *name, const char *file, GError **error)
{
  const char *type = source->archive_type;

  if (type == NULL)
    {
      if (g_str_has_suffix (name, ".zip"))
        type = "zip";
      for (gsize i = 0; type == NULL && i < G_N_ELEMENTS (tar_suffixes); i++)
        if (g_str_has_suffix (name, tar_suffixes[i]))
          type = "tar";
    }
  if (g_strcmp0 (type, "zip") == 0)
    {
      const char *const argv[] = { "unzip", "-q", "-o", file, "-d", EXTRACT_DIR, NULL };
      return g_strdupv ((char **)argv);
    }
  for (gsize i = 0; type != NULL && i < G_N_ELEMENTS (tar_types); i++)
    if (strcmp (type, tar_types[i].type) == 0)
      {
        const char *flag = tar_types[i].tar_flag;
        const char *const argv[] = { "tar", "-x", "--no-same-owner", "-f", file, flag, NULL };
        return g_strdupv ((char **)argv);
      }
  if (type == NULL)
    build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                    _ ("cannot tell the archive's type from its name; set archive-type"));
  else
    build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                    _ ("archive-type “%s” is not supported"), type);
  return NULL;
}

static gboolean move_entry (int src_fd, int dst_fd, const char *name, guint depth, GError **error);

/* Moves what @src_fd holds into @dst_fd, merging directories. */
static gboolean
move_children (int src_fd, int dst_fd, guint depth, GError **error)
{
  g_autoptr (GPtrArray) names = NULL;

  if (depth > MAX_DEPTH)
    return build_fs_error (error, ELOOP, BUILD_FS_UNPACK, "archive");
  fchmod (src_fd, 0700); /* it is emptied and dropped, whatever its mode */
  names = build_list_dir (src_fd, "archive", error);
  for (guint i = 0; names != NULL && i < names->len; i++)
    if (!move_entry (src_fd, dst_fd, g_ptr_array_index (names, i), depth, error))
      return FALSE;
  return names != NULL;
}

/* Moves @name; a directory onto a directory merges, anything else
 * replaces what had the name. */
static gboolean
move_entry (int src_fd, int dst_fd, const char *name, guint depth, GError **error)
{
  struct stat src_st, dst_st;

  if (fstatat (src_fd, name, &src_st, AT_SYMLINK_NOFOLLOW) < 0)
    return build_fs_error (error, errno, BUILD_FS_UNPACK, name);
  if (fstatat (dst_fd, name, &dst_st, AT_SYMLINK_NOFOLLOW) == 0)
    {
      if (S_ISDIR (src_st.st_mode) && S_ISDIR (dst_st.st_mode))
        {
          build_autofd int from
              = openat (src_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          build_autofd int to
              = openat (dst_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (from < 0 || to < 0)
            return build_fs_error (error, errno, BUILD_FS_UNPACK, name);
          return move_children (from, to, depth + 1, error);
        }
      if (!hutch_remove_tree_at (dst_fd, name, error))
        return FALSE;
    }
  if (renameat (src_fd, name, dst_fd, name) < 0)
    return build_fs_error (error, errno, BUILD_FS_UNPACK, name);
  return TRUE;
}

/* Drops @level leading directories of @src_fd's tree, moving the rest
 * into @dst_fd; files at a dropped level are left out, as tar's
 * --strip-components does. */
static gboolean
strip_into (int src_fd, int dst_fd, guint level, GError **error)
{
  g_autoptr (GPtrArray) names = NULL;

  if (level == 0)
    return move_children (src_fd, dst_fd, 0, error);
  fchmod (src_fd, 0700);
  names = build_list_dir (src_fd, "archive", error);
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      build_autofd int sub = openat (src_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0 && !strip_into (sub, dst_fd, level - 1, error))
        return FALSE;
    }
  return names != NULL;
}

/* Unpacks @archive (a checked copy) into the empty directory @extract. */
static gboolean
unpack (const BuildModuleDir *mdir, const HutchManifestSource *source, const char *name,
        const char *archive, const char *extract, GError **error)
{
  g_autofree char *file = g_build_filename (ARCHIVE_DIR, name, NULL);
  g_auto (GStrv) argv = unpack_argv (source, name, file, error);
  g_autofree char *what = NULL;
  const BuildBind binds[] = {
    { archive, file, FALSE },
    { extract, EXTRACT_DIR, TRUE },
  };
  const char *const env[] = { "PATH=/usr/bin", "LANG=C.UTF-8", "HOME=" EXTRACT_DIR, NULL };
  BuildSandbox sandbox;
  int status = 0;

  if (argv == NULL)
    return FALSE;
  build_sandbox_init (&sandbox, mdir->ctx);
  sandbox.binds = binds;
  sandbox.n_binds = G_N_ELEMENTS (binds);
  sandbox.home = EXTRACT_DIR;
  sandbox.cwd = EXTRACT_DIR;
  sandbox.env = env;
  what = g_strdup_printf (_ ("unpacking %s"), name);
  if (!build_run_step (mdir->ctx, mdir->module->name, &sandbox, what, (const char *const *)argv,
                       &status, error))
    return FALSE;
  if (status == 0)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
               /* TRANSLATORS: the module, the archive's file name, the exit status */
               _ ("module “%s”: unpacking %s failed with exit status %d"), mdir->module->name, name,
               status);
  return FALSE;
}

/**
 * build_archive_extract:
 * @dest_fd: the source's dest in the module's directory
 *
 * Checks, unpacks and strips the archive of @source into @dest_fd.
 */
gboolean
build_archive_extract (const BuildModuleDir *mdir, const HutchManifestSource *source, int dest_fd,
                       GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *archive = build_fetch_staged (mdir->ctx, source, "archive", &name, error);
  g_autofree char *extract
      = archive != NULL ? build_make_tmp_dir (mdir->ctx, "extract", error) : NULL;
  build_autofd int extract_fd = -1;

  if (extract == NULL || !unpack (mdir, source, name, archive, extract, error))
    return FALSE;
  extract_fd = open (extract, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (extract_fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, extract);
  if (!strip_into (extract_fd, dest_fd, source->strip_components, error))
    return FALSE;
  /* What is left: the copy, and what the strip dropped. */
  g_unlink (archive);
  return build_empty_dir (extract, error);
}
