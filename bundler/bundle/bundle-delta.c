/* libostree's static delta from nothing to a commit, as one file: the
 * bytes of a bundle.
 *
 * libostree writes the superblock with its parts inline when asked
 * ("inline-parts") to the file named by "filename", Hutch's metadata
 * first, and the commit's detached metadata (its signatures) with it.  No
 * fallback objects ("min-fallback-size" 0: every object is in the file)
 * and a fixed byte order (little-endian), so that the machine that writes
 * a bundle does not change it.
 *
 * Defends against: a bundle that differs each time it is made.  libostree
 * stamps the superblock with the time of writing; that stamp is then
 * overwritten with the commit's own time (8 bytes at a fixed place: the
 * layout does not change), which `app install --bundle` requires.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include "hutch-bundle.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static GVariant *
delta_params (const char *path)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "filename", g_variant_new_bytestring (path));
  g_variant_builder_add (&builder, "{sv}", "inline-parts", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&builder, "{sv}", "min-fallback-size", g_variant_new_uint32 (0));
  g_variant_builder_add (&builder, "{sv}", "endianness", g_variant_new_uint32 (G_LITTLE_ENDIAN));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* Where the superblock's timestamp lies in the file open on @fd. */
static gboolean
find_timestamp (int fd, const char *path, goffset *out_offset, GError **error)
{
  g_autoptr (GMappedFile) mapped = g_mapped_file_new_from_fd (fd, FALSE, error);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GVariant) superblock = NULL;
  g_autoptr (GVariant) timestamp = NULL;
  const guint8 *start, *at;

  if (mapped == NULL)
    return FALSE;
  bytes = g_mapped_file_get_bytes (mapped);
  superblock = g_variant_ref_sink (
      g_variant_new_from_bytes (G_VARIANT_TYPE (HUTCH_BUNDLE_SUPERBLOCK_TYPE), bytes, FALSE));
  timestamp = g_variant_get_child_value (superblock, 1);
  start = g_bytes_get_data (bytes, NULL);
  at = g_variant_get_data (timestamp);
  if (start == NULL || at == NULL || at < start || at + 8 > start + g_bytes_get_size (bytes))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("libostree wrote “%s” in a layout Hutch does not know"), path);
      return FALSE;
    }
  *out_offset = at - start;
  return TRUE;
}

static gboolean
set_timestamp (const char *path, guint64 timestamp, GError **error)
{
  guint64 big_endian = GUINT64_TO_BE (timestamp);
  goffset offset = 0;
  int fd = open (path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  gboolean ok;

  if (fd < 0)
    return hutch_set_file_error (error, errno, _ ("cannot open “%s”"), path);
  ok = find_timestamp (fd, path, &offset, error);
  if (ok
      && (pwrite (fd, &big_endian, sizeof big_endian, offset) != sizeof big_endian
          || fsync (fd) < 0))
    ok = hutch_set_file_error (error, errno, _ ("cannot write “%s”"), path);
  close (fd);
  return ok;
}

gboolean
hutch_bundle_write_delta (const HutchBundleSource *source, GVariant *metadata, const char *path,
                          GError **error)
{
  g_autoptr (GVariant) params = delta_params (path);

  if (!ostree_repo_static_delta_generate (source->repo, OSTREE_STATIC_DELTA_GENERATE_OPT_MAJOR,
                                          NULL, source->commit, metadata, params, NULL, error))
    {
      g_prefix_error (error, _ ("cannot write the delta of %s: "), source->commit);
      return FALSE;
    }
  return set_timestamp (path, source->timestamp, error);
}
