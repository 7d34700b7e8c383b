/* Synthetic bundle superblocks: see bundle-test-util.h.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-test-util.h"

#include "hutch-bundle.h"

#include <string.h>

#define TEST_METADATA                                                                              \
  "[Application]\nname=org.test.Hello\nruntime=org.test.Platform/x86_64/stable\ncommand=hello\n"

void
bundle_test_spec_init (BundleTestSpec *spec)
{
  *spec = (BundleTestSpec){ 0 };
  spec->version = HUTCH_BUNDLE_FORMAT_VERSION;
  spec->ref = "app/org.test.Hello/x86_64/master";
  spec->metadata = TEST_METADATA;
  spec->timestamp = 1700000000;
  spec->n_parts = 1;
  spec->n_inline = G_MAXUINT;
  spec->compression = 'x';
}

GVariant *
bundle_test_bytes (const guint8 *data, gsize len)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, len, 1);
}

GVariant *
bundle_test_checksum (const char *hex)
{
  guint8 bytes[32];

  for (guint i = 0; i < 32; i++)
    bytes[i] = (guint8)((g_ascii_xdigit_value (hex[2 * i]) << 4)
                        | g_ascii_xdigit_value (hex[2 * i + 1]));
  return bundle_test_bytes (bytes, sizeof bytes);
}

static GVariant *
commit_v (const BundleTestSpec *spec)
{
  static const guint8 tree[32] = { 1, 2, 3 };
  GVariantBuilder metadata;
  const char *binding = spec->binding != NULL ? spec->binding : spec->ref;

  g_variant_builder_init (&metadata, G_VARIANT_TYPE_VARDICT);
  if (binding[0] != '\0')
    {
      const char *bindings[] = { binding, NULL };
      g_variant_builder_add (&metadata, "{sv}", "ostree.ref-binding",
                             g_variant_new_strv (bindings, -1));
    }
  g_variant_builder_add (&metadata, "{sv}", "xa.metadata",
                         g_variant_new_string (spec->commit_metadata != NULL ? spec->commit_metadata
                                                                             : spec->metadata));
  return g_variant_ref_sink (g_variant_new (
      "(@a{sv}@ay@a(say)sst@ay@ay)", g_variant_builder_end (&metadata), bundle_test_bytes (NULL, 0),
      g_variant_new_array (G_VARIANT_TYPE ("(say)"), NULL, 0), "Export org.test.Hello", "",
      GUINT64_TO_BE (spec->timestamp), bundle_test_bytes (tree, 32), bundle_test_bytes (tree, 32)));
}

char *
bundle_test_commit (const BundleTestSpec *spec)
{
  g_autoptr (GVariant) commit = commit_v (spec);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, g_variant_get_data (commit),
                                      g_variant_get_size (commit));
}

/* Part @i's payload: a compression byte and a few bytes. */
static GVariant *
part_v (const BundleTestSpec *spec, guint i)
{
  guint8 payload[16];

  memset (payload, 'a' + i, sizeof payload);
  return g_variant_ref_sink (
      g_variant_new ("(y@ay)", spec->compression, bundle_test_bytes (payload, sizeof payload)));
}

static GVariant *
part_header_v (const BundleTestSpec *spec, guint i)
{
  g_autoptr (GVariant) part = part_v (spec, i);
  guint8 objects[33] = { 1 };
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, g_variant_get_data (part),
                                                      g_variant_get_size (part));

  if (spec->bad_part_checksum)
    sum[0] = sum[0] == '0' ? '1' : '0';
  return g_variant_new ("(u@aytt@ay)", 0, bundle_test_checksum (sum),
                        GUINT64_TO_LE (g_variant_get_size (part)), GUINT64_TO_LE (1000),
                        bundle_test_bytes (objects, sizeof objects));
}

static GVariant *
metadata_v (const BundleTestSpec *spec, const char *commit)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_VERSION,
                         g_variant_new_uint32 (spec->version));
  g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_REF, g_variant_new_string (spec->ref));
  g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_METADATA,
                         g_variant_new_string (spec->metadata));
  if (spec->origin_url != NULL)
    g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_ORIGIN_URL,
                           g_variant_new_string (spec->origin_url));
  if (spec->extra_key != NULL)
    g_variant_builder_add (&builder, "{sv}", spec->extra_key, g_variant_new_string ("x"));
  g_variant_builder_add (&builder, "{sv}", "ostree.endianness", g_variant_new_byte ('l'));
  for (guint i = 0; i < MIN (spec->n_parts, spec->n_inline); i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autofree char *key = hutch_bundle_delta_key (commit, number);
      g_variant_builder_add (&builder, "{sv}", key, part_v (spec, i));
    }
  if (spec->signed_)
    {
      g_autofree char *key = hutch_bundle_delta_key (commit, "commitmeta");
      const guint8 signature[] = "not really a signature";
      GVariant *sigs = g_variant_new_array (
          G_VARIANT_TYPE ("ay"), (GVariant *[]){ bundle_test_bytes (signature, sizeof signature) },
          1);
      GVariantBuilder detached;
      g_variant_builder_init (&detached, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&detached, "{sv}", "ostree.gpgsigs", sigs);
      g_variant_builder_add (&builder, "{sv}", key, g_variant_builder_end (&detached));
    }
  return g_variant_builder_end (&builder);
}

GBytes *
bundle_test_superblock (const BundleTestSpec *spec)
{
  g_autoptr (GVariant) commit = commit_v (spec);
  g_autofree char *checksum = bundle_test_commit (spec);
  g_autofree char *to = g_strdup (checksum);
  GVariantBuilder headers, fallbacks;
  g_autoptr (GVariant) superblock = NULL;
  static const guint8 other[32] = { 7 };

  if (spec->wrong_to)
    to[0] = to[0] == '0' ? '1' : '0';
  g_variant_builder_init (&headers, G_VARIANT_TYPE ("a(uayttay)"));
  for (guint i = 0; i < spec->n_parts; i++)
    g_variant_builder_add_value (&headers, part_header_v (spec, i));
  g_variant_builder_init (&fallbacks, G_VARIANT_TYPE ("a(yaytt)"));
  if (spec->fallback)
    g_variant_builder_add (&fallbacks, "(y@aytt)", 1, bundle_test_bytes (other, 32), (guint64)1,
                           (guint64)1);
  superblock = g_variant_ref_sink (g_variant_new (
      "(@a{sv}t@ay@ay@" HUTCH_BUNDLE_COMMIT_TYPE "@ay@a(uayttay)@a(yaytt))", metadata_v (spec, to),
      GUINT64_TO_BE (spec->superblock_time != 0 ? spec->superblock_time : spec->timestamp),
      spec->from_commit ? bundle_test_bytes (other, 32) : bundle_test_bytes (NULL, 0),
      bundle_test_checksum (to), commit, bundle_test_bytes (NULL, 0),
      g_variant_builder_end (&headers), g_variant_builder_end (&fallbacks)));
  return g_variant_get_data_as_bytes (superblock);
}
