/* A module's sources, put into its directory in the manifest's order.
 *
 *   file     the file (local, or by url from the mirror), sha256 checked,
 *            as dest-filename or its own name
 *   dir      the directory's tree, links copied as links (build-copy.c)
 *   archive  unpacked in a sandbox (build-archive.c)
 *   script   "#!/bin/sh" and the commands, executable (default autogen.sh)
 *   inline   the contents, as dest-filename
 *   patch    applied with the SDK's patch(1) in a sandbox (build-patch.c)
 *
 * each into dest, a directory below the module's.
 *
 * Defends against: a dest or dest-filename that would write outside the
 * module's directory.  The parser refused "..", "/" and empty elements;
 * here dest is made and opened one component at a time, never through a
 * symbolic link (an earlier source may have planted one), and names are
 * checked to be one path element again.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <fcntl.h>

/* The directory dest names, made if missing. */
static int
open_dest (const BuildModuleDir *mdir, const HutchManifestSource *source, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  int fd = build_mkdir_beneath (mdir->dir_fd, source->dest, &local_error);

  if (fd < 0)
    build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where, _ ("dest: %s"),
                    local_error->message);
  return fd;
}

/* dest-filename, else the default; checked to be one element. */
static const char *
dest_name (const HutchManifestSource *source, const char *fallback, GError **error)
{
  const char *name = source->dest_filename != NULL ? source->dest_filename : fallback;

  if (!build_name_is_safe (name))
    {
      build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where,
                      _ ("dest-filename must be one file name"));
      return NULL;
    }
  return name;
}

static gboolean
put_file (const BuildModuleDir *mdir, const HutchManifestSource *source, int dest_fd,
          GError **error)
{
  g_autofree char *base = build_source_basename (source);
  const char *name = dest_name (source, base, error);

  return name != NULL && build_fetch_source (mdir->ctx, source, dest_fd, name, error);
}

static gboolean
put_script (const HutchManifestSource *source, int dest_fd, GError **error)
{
  g_autoptr (GString) text = g_string_new ("#!/bin/sh\n");
  const char *name = dest_name (source, "autogen.sh", error);

  for (gsize i = 0; source->commands != NULL && source->commands[i] != NULL; i++)
    g_string_append_printf (text, "%s\n", source->commands[i]);
  return name != NULL && build_write_at (dest_fd, name, text->str, text->len, 0755, error);
}

static gboolean
put_inline (const HutchManifestSource *source, int dest_fd, GError **error)
{
  const char *name = dest_name (source, NULL, error);

  return name != NULL
         && build_write_at (dest_fd, name, source->contents != NULL ? source->contents : "",
                            source->contents_len, 0644, error);
}

static gboolean
put_dir (const BuildModuleDir *mdir, const HutchManifestSource *source, int dest_fd, GError **error)
{
  build_autofd int src_fd = build_open_source (mdir->ctx, source, O_RDONLY | O_DIRECTORY, error);
  struct stat exclude[2];
  guint n_exclude = build_dirs_own (mdir->ctx, exclude);

  return src_fd >= 0
         && build_copy_tree (src_fd, dest_fd, (const char *const *)source->skip, exclude, n_exclude,
                             error);
}

static gboolean
put_source (const BuildModuleDir *mdir, const HutchManifestSource *source, GError **error)
{
  build_autofd int dest_fd = -1;

  if (source->type == HUTCH_SOURCE_PATCH)
    return build_patch_apply (mdir, source, error);
  dest_fd = open_dest (mdir, source, error);
  if (dest_fd < 0)
    return FALSE;
  switch (source->type)
    {
      case HUTCH_SOURCE_FILE:
        return put_file (mdir, source, dest_fd, error);
      case HUTCH_SOURCE_DIR:
        return put_dir (mdir, source, dest_fd, error);
      case HUTCH_SOURCE_ARCHIVE:
        return build_archive_extract (mdir, source, dest_fd, error);
      case HUTCH_SOURCE_SCRIPT:
        return put_script (source, dest_fd, error);
      case HUTCH_SOURCE_INLINE:
        return put_inline (source, dest_fd, error);
      case HUTCH_SOURCE_PATCH:
        break;
    }
  g_assert_not_reached ();
}

/**
 * build_sources_fetch:
 *
 * Puts the sources of @mdir's module for this arch into its directory.
 */
gboolean
build_sources_fetch (const BuildModuleDir *mdir, GError **error)
{
  GPtrArray *sources = mdir->module->sources;

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      const HutchManifestSource *source = g_ptr_array_index (sources, i);
      if (!build_arch_enabled ((const char *const *)source->only_arches,
                               (const char *const *)source->skip_arches, mdir->ctx->arch))
        continue;
      if (!put_source (mdir, source, error))
        return FALSE;
    }
  return TRUE;
}
