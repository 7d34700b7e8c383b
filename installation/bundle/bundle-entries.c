/* The metadata of a bundle's superblock (a{sv}): Hutch's keys, the keys
 * libostree writes, the delta's parts and the commit's detached metadata.
 *
 * Defends against: keys nobody checks (an unknown key, or one given twice,
 * is an error: two readers could pick different copies), values of the
 * wrong type, a part that is not inline (libostree would look for it in a
 * file beside the bundle), and, through the bounds of hutch-bundle.h,
 * a header too large to check.  A part's payload is not read here: its
 * framing is checked (bundle-framing.c) and its compression byte; libostree
 * checks every object it holds against its checksum.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include "hutch-i18n.h"

#include <string.h>

/* More parts than this is no bundle Hutch writes (libostree's parts hold
 * up to 32 MB each). */
#define MAX_PARTS 65536

#define PART_TYPE "(yay)"

static void
unref_part (gpointer part)
{
  if (part != NULL)
    g_variant_unref (part);
}

void
hutch_bundle_entries_clear (HutchBundleEntries *entries)
{
  g_clear_pointer (&entries->detached, g_variant_unref);
  g_clear_pointer (&entries->parts, g_ptr_array_unref);
}

char *
hutch_bundle_delta_key (const char *commit, const char *name)
{
  guint8 bytes[32];
  g_autofree char *b64 = NULL;
  char *p;

  g_return_val_if_fail (hutch_checksum_is_valid (commit, NULL), NULL);

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8)((g_ascii_xdigit_value (commit[2 * i]) << 4)
                        | g_ascii_xdigit_value (commit[2 * i + 1]));
  /* OSTree's modified base64: "_" for "/", no "=" padding. */
  b64 = g_base64_encode (bytes, sizeof bytes);
  for (p = b64; *p != '\0' && *p != '='; p++)
    if (*p == '/')
      *p = '_';
  *p = '\0';
  return g_strdup_printf ("deltas/%.2s/%s/%s", b64, b64 + 2, name);
}

/* The number of the part @key names, if it names one of the delta to the
 * commit whose keys start with @prefix. */
static gboolean
part_number (const char *key, const char *prefix, guint *out)
{
  const char *rest;
  guint64 n;
  char canonical[16];

  if (!g_str_has_prefix (key, prefix))
    return FALSE;
  rest = key + strlen (prefix);
  if (!g_ascii_string_to_unsigned (rest, 10, 0, MAX_PARTS - 1, &n, NULL))
    return FALSE;
  /* "7", not "07" nor "+7": the key libostree looks up. */
  g_snprintf (canonical, sizeof canonical, "%" G_GUINT64_FORMAT, n);
  if (strcmp (rest, canonical) != 0)
    return FALSE;
  *out = (guint)n;
  return TRUE;
}

static gboolean
read_part (GVariant *value, guint index, HutchBundleEntries *out, GError **error)
{
  g_autoptr (GVariant) part = g_variant_get_variant (value);
  const guint8 *data = g_variant_get_data (part);
  gsize size = g_variant_get_size (part);

  /* A (yay) is in normal form whatever its bytes, if it has the y; the
   * variant around it must end with nothing but "\0(yay)". */
  if (!g_variant_is_of_type (part, G_VARIANT_TYPE (PART_TYPE)) || size < 1 || data == NULL
      || data != g_variant_get_data (value)
      || g_variant_get_size (value) != size + 1 + strlen (PART_TYPE))
    return hutch_bundle_fail (error, _ ("part %u of the delta is damaged"), index);
  /* Uncompressed, or xz: what libostree writes and reads. */
  if (data[0] != 0 && data[0] != 'x')
    return hutch_bundle_fail (error, _ ("part %u of the delta is compressed in an unknown way"),
                              index);
  if (index >= out->parts->len)
    g_ptr_array_set_size (out->parts, index + 1);
  g_ptr_array_index (out->parts, index) = g_steal_pointer (&part);
  out->payload_size += size;
  return TRUE;
}

static gboolean
wrong_type (const char *key, GError **error)
{
  return hutch_bundle_fail (error, _ ("the value of “%s” in its header has the wrong type"), key);
}

/* A string value, borrowed from @inner (which the superblock keeps). */
static gboolean
read_string (GVariant *inner, const char *key, const char **out, GError **error)
{
  if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_STRING))
    return wrong_type (key, error);
  *out = g_variant_get_string (inner, NULL);
  return TRUE;
}

/* One of the keys that are not parts. */
static gboolean
read_known (const char *key, GVariant *inner, const char *commitmeta_key, HutchBundleEntries *out,
            GError **error)
{
  if (strcmp (key, HUTCH_BUNDLE_KEY_VERSION) == 0)
    {
      if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
        return wrong_type (key, error);
      out->version = g_variant_get_uint32 (inner);
      return TRUE;
    }
  if (strcmp (key, HUTCH_BUNDLE_KEY_REF) == 0)
    return read_string (inner, key, &out->ref, error);
  if (strcmp (key, HUTCH_BUNDLE_KEY_METADATA) == 0)
    return read_string (inner, key, &out->metadata, error);
  if (strcmp (key, HUTCH_BUNDLE_KEY_ORIGIN_URL) == 0)
    return read_string (inner, key, &out->origin_url, error);
  if (strcmp (key, "ostree.endianness") == 0)
    {
      if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_BYTE))
        return wrong_type (key, error);
      out->endianness = g_variant_get_byte (inner);
      return TRUE;
    }
  if (strcmp (key, commitmeta_key) == 0)
    {
      if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_VARDICT))
        return wrong_type (key, error);
      out->detached = g_variant_ref (inner);
      return TRUE;
    }
  {
    g_autofree char *cut = hutch_quote_untrusted (key);
    return hutch_bundle_fail (error, _ ("its header holds an unknown key, “%s”"), cut);
  }
}

/* One {sv} of the metadata. */
static gboolean
read_entry (GVariant *entry, const char *prefix, const char *commitmeta_key, GHashTable *seen,
            HutchBundleEntries *out, GError **error)
{
  g_autoptr (GVariant) key_v = g_variant_get_child_value (entry, 0);
  g_autoptr (GVariant) value = g_variant_get_child_value (entry, 1);
  g_autoptr (GVariant) inner = NULL;
  const char *key;
  guint index;

  if (!hutch_bundle_framing_is_normal (entry) || !g_variant_is_normal_form (key_v))
    return hutch_bundle_fail (error, _ ("its header is damaged (not in GVariant normal form)"));
  key = g_variant_get_string (key_v, NULL);
  if (!g_hash_table_add (seen, (gpointer)key))
    {
      g_autofree char *cut = hutch_quote_untrusted (key);
      return hutch_bundle_fail (error, _ ("its header holds the key “%s” twice"), cut);
    }
  out->header_size += g_variant_get_size (key_v);
  if (part_number (key, prefix, &index))
    return read_part (value, index, out, error);
  out->header_size += g_variant_get_size (value);
  if (out->header_size > HUTCH_BUNDLE_HEADER_MAX_SIZE || !g_variant_is_normal_form (value))
    return hutch_bundle_fail (error, _ ("its header is damaged (not in GVariant normal form)"));
  inner = g_variant_get_variant (value);
  return read_known (key, inner, commitmeta_key, out, error);
}

gboolean
hutch_bundle_entries_read (GVariant *dict, const char *commit, HutchBundleEntries *out,
                           GError **error)
{
  g_autofree char *prefix = hutch_bundle_delta_key (commit, "");
  g_autofree char *commitmeta_key = hutch_bundle_delta_key (commit, "commitmeta");
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize n;

  *out = (HutchBundleEntries){ 0 };
  out->parts = g_ptr_array_new_with_free_func (unref_part);
  if (!hutch_bundle_framing_is_normal (dict))
    return hutch_bundle_fail (error, _ ("its header is damaged (not in GVariant normal form)"));
  n = g_variant_n_children (dict);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (dict, i);
      if (!read_entry (entry, prefix, commitmeta_key, seen, out, error))
        return FALSE;
    }
  return TRUE;
}
