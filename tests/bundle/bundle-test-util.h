/* Synthetic bundle superblocks for the parser's tests: a valid one by
 * default, each field changeable, so that each check is shown to refuse
 * exactly what it should.  Built with GLib's GVariant builders: the
 * result is in normal form unless a test breaks it afterwards.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 version;             /* HUTCH_BUNDLE_FORMAT_VERSION */
  const char *ref;             /* app/org.test.Hello/ARCH/master */
  const char *metadata;        /* what the bundle shows */
  const char *commit_metadata; /* the commit's xa.metadata (default: @metadata) */
  const char *binding;         /* the commit's ref binding (default: @ref; "" for none) */
  const char *origin_url;      /* NULL: none */
  const char *extra_key;       /* an additional key of the metadata, or NULL */
  guint64 timestamp;           /* the commit's */
  guint64 superblock_time;     /* the superblock's (default: @timestamp) */
  guint n_parts;               /* parts in the header (default 1) */
  guint n_inline;              /* of which inline (default: all) */
  guint8 compression;          /* of the parts: 'x' */
  gboolean bad_part_checksum;
  gboolean wrong_to;    /* "to" is not the commit's checksum */
  gboolean from_commit; /* a delta from another commit */
  gboolean fallback;    /* one fallback object */
  gboolean signed_;     /* detached metadata with a (fake) signature */
} BundleTestSpec;

/* An "ay" of @len bytes; an "ay" of the 32 bytes of the checksum @hex. */
GVariant *bundle_test_bytes (const guint8 *data, gsize len);
GVariant *bundle_test_checksum (const char *hex);

/* The defaults above. */
void bundle_test_spec_init (BundleTestSpec *spec);

/* The superblock @spec describes, serialized. */
GBytes *bundle_test_superblock (const BundleTestSpec *spec);

/* The commit checksum of @spec's commit. */
char *bundle_test_commit (const BundleTestSpec *spec);

G_END_DECLS
