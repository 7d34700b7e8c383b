/* Single-file bundles: one app or runtime commit in one file, made by
 * `hutch-bundler build-bundle` and installed by `app install --bundle`.
 *
 * The format is OSTree's own static delta from nothing to the commit,
 * written as one file with its parts inline: the file is the delta's
 * superblock, a GVariant of type HUTCH_BUNDLE_SUPERBLOCK_TYPE:
 *
 *   a{sv}  metadata, in this order:
 *            hutch.bundle.version     u   HUTCH_BUNDLE_FORMAT_VERSION
 *            hutch.bundle.ref         s   KIND/ID/ARCH/BRANCH
 *            hutch.bundle.metadata    s   the commit's xa.metadata, shown
 *                                         before anything is imported
 *            hutch.bundle.origin-url  s   optional: where the packager
 *                                         publishes the repository
 *          then what libostree adds:
 *            ostree.endianness        y   'l' or 'B'
 *            deltas/TO/N              v   part N of the delta, (yay)
 *            deltas/TO/commitmeta     a{sv} optional: the commit's
 *                                         detached metadata, with its GPG
 *                                         signatures (ostree.gpgsigs)
 *   t      the commit's timestamp, big-endian (libostree writes the time
 *          of writing; the bundler puts the commit's, so that a commit
 *          always gives the same bytes)
 *   ay     from: empty
 *   ay     to: the commit's checksum
 *   (...)  the commit object
 *   ay     prerequisite deltas: empty
 *   a(...) the parts' headers
 *   a(...) fallback objects: none
 *
 * (TO is the commit's checksum in OSTree's modified base64, split after
 * two characters.)  The file starts with the bytes "hutch.bundle.version",
 * which tells a Hutch bundle from anything else.
 *
 * Defends against a bundle that lies or was damaged: hutch_bundle_open()
 * reads at most HUTCH_BUNDLE_MAX_SIZE bytes of a regular file and checks,
 * before anything is imported, that
 *   - everything but the parts' payloads (at most HUTCH_BUNDLE_HEADER_MAX_SIZE
 *     bytes) is in GVariant normal form (g_variant_is_normal_form()), and
 *     so is the framing around the payloads (bundle-framing.c: checking
 *     the payloads' bytes one by one would take half a minute a GiB, and
 *     any byte is normal there);
 *   - the ref, ID, arch and branch pass hutch-ref.h;
 *   - the commit object hashes to the commit checksum, is bound to the
 *     ref (ostree.ref-binding), its time is the superblock's, and its
 *     xa.metadata is the metadata the bundle shows;
 *   - every part is inline (libostree would otherwise read a file beside
 *     the bundle), there is no fallback object and no prerequisite, and no
 *     key is unknown.
 * Every object the parts hold is then checked against its checksum by
 * libostree as it is imported (installation/ostree/ostree-bundle.c).
 *
 * GLib only: the fuzz target (tests/bundle/fuzz-bundle-header.c) links it.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

#define HUTCH_BUNDLE_FORMAT_VERSION 1

#define HUTCH_BUNDLE_KEY_VERSION    "hutch.bundle.version"
#define HUTCH_BUNDLE_KEY_REF        "hutch.bundle.ref"
#define HUTCH_BUNDLE_KEY_METADATA   "hutch.bundle.metadata"
#define HUTCH_BUNDLE_KEY_ORIGIN_URL "hutch.bundle.origin-url"

/* The type of an OSTree static delta's superblock. */
#define HUTCH_BUNDLE_COMMIT_TYPE     "(a{sv}aya(say)sstayay)"
#define HUTCH_BUNDLE_SUPERBLOCK_TYPE "(a{sv}tayay" HUTCH_BUNDLE_COMMIT_TYPE "aya(uayttay)a(yaytt))"

/* Bounds: the file, everything in it but the parts' payloads, and the
 * metadata text (as HUTCH_METADATA_MAX_SIZE).  (The origin URL is bounded
 * by hutch_url_is_valid().) */
#define HUTCH_BUNDLE_MAX_SIZE          (G_GUINT64_CONSTANT (4) << 30)
#define HUTCH_BUNDLE_HEADER_MAX_SIZE   (16 * 1024 * 1024)
#define HUTCH_BUNDLE_METADATA_MAX_SIZE (256 * 1024)

/* What a bundle's superblock says, checked (see above). */
typedef struct
{
  HutchRef *ref;
  char *commit;     /* the commit's checksum */
  char *metadata;   /* the app's or runtime's metadata (= the commit's xa.metadata) */
  char *origin_url; /* or NULL */
  guint64 timestamp;
  GBytes *commit_data; /* the commit object, serialized: what a GPG signature signs */
  GBytes *signatures;  /* the GPG signatures (ostree.gpgsigs, one after the other), or NULL */
  GVariant *detached;  /* the commit's detached metadata (a{sv}), or NULL */
  guint n_parts;
  guint64 payload_size; /* bytes of the parts' payloads */
} HutchBundleHeader;

void hutch_bundle_header_free (HutchBundleHeader *header);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchBundleHeader, hutch_bundle_header_free)

/* Checks @superblock (untrusted bytes: a whole bundle file) and returns
 * what it says.  Errors are HUTCH_ERROR_INVALID_BUNDLE, translated, with
 * any text from the bundle escaped; they do not name the file. */
HutchBundleHeader *hutch_bundle_header_parse (GBytes *superblock, GError **error);

/* "deltas/XX/YYY…/@name": a key of the superblock's metadata, for the
 * delta from nothing to @commit (a valid checksum); @name is a part's
 * number or "commitmeta". */
char *hutch_bundle_delta_key (const char *commit, const char *name);

/* An open bundle file. */
typedef struct
{
  char *path; /* as given */
  int fd;     /* O_RDONLY | O_CLOEXEC, of the file that was checked */
  GMappedFile *mapped;
  HutchBundleHeader *header;
} HutchBundle;

/* Opens @path (a regular file of at most HUTCH_BUNDLE_MAX_SIZE bytes),
 * maps it and parses its superblock.  Errors start with "@path: ". */
HutchBundle *hutch_bundle_open (const char *path, GError **error);
void hutch_bundle_free (HutchBundle *bundle);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchBundle, hutch_bundle_free)

G_END_DECLS
