/* Shared by the files of libhutch_bundle; not for its users.
 *
 *   bundle-framing.c     GVariant normal form of a container's framing
 *   bundle-header.c      hutch_bundle_header_parse(): the superblock
 *   bundle-entries.c     the superblock's metadata: keys, parts, signatures
 *   bundle-commit.c      the commit object the bundle carries
 *   bundle-file.c        hutch_bundle_open(): the file, bounded and mapped
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-bundle.h"
#include "hutch-error.h"

G_BEGIN_DECLS

/* ---- bundle-framing.c ---- */

/* TRUE if @container (a tuple, a dict entry or an array, untrusted) is
 * laid out as GVariant's normal form lays it out: each child where GLib
 * reads it, in order, zero padding between children, framing offsets of
 * the minimal size and nothing else.  The children's own contents are
 * not looked at: check them apart (g_variant_is_normal_form()). */
gboolean hutch_bundle_framing_is_normal (GVariant *container);

/* ---- bundle-entries.c ---- */

/* What the superblock's metadata (a{sv}) holds. */
typedef struct
{
  guint32 version;
  const char *ref; /* borrowed from the superblock, as the rest */
  const char *metadata;
  const char *origin_url;
  guint8 endianness;
  GVariant *detached; /* owned; or NULL */
  GPtrArray *parts;   /* owned: GVariant (yay) by part number, NULL where missing */
  guint64 header_size;
  guint64 payload_size;
} HutchBundleEntries;

void hutch_bundle_entries_clear (HutchBundleEntries *entries);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HutchBundleEntries, hutch_bundle_entries_clear)

/* Reads @dict, the superblock's metadata, for the delta to @commit: every
 * key known, none twice, every value of its type and in normal form (a
 * part's payload excepted, see hutch-bundle.h). */
gboolean hutch_bundle_entries_read (GVariant *dict, const char *commit, HutchBundleEntries *out,
                                    GError **error);

/* ---- bundle-commit.c ---- */

/* Checks the commit object @commit_v against its checksum @commit, the
 * ref @ref, the superblock's @timestamp and the bundle's @metadata. */
gboolean hutch_bundle_check_commit (GVariant *commit_v, const char *commit, const HutchRef *ref,
                                    guint64 timestamp, const char *metadata, GError **error);

/* ---- bundle-header.c ---- */

/* Sets @error to HUTCH_ERROR_INVALID_BUNDLE with the message @format;
 * returns FALSE. */
#define hutch_bundle_fail(error, ...) hutch_fail ((error), HUTCH_ERROR_INVALID_BUNDLE, __VA_ARGS__)

G_END_DECLS
