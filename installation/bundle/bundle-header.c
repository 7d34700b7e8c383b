/* hutch_bundle_header_parse(): what a bundle's superblock says, checked
 * before anything of it is imported.  See hutch-bundle.h for the format
 * and the list of checks; this file takes the superblock apart in order.
 *
 * Defends against: a damaged or forged file reaching libostree or a path
 * (the ref passes hutch-ref.h here), work without bound (the file and the
 * header are bounded before anything is walked; the payloads are never
 * walked byte by byte), and a bundle that is not a plain delta from
 * nothing to one commit (a source commit, prerequisites or fallback
 * objects would make libostree look elsewhere).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

/* The members of the superblock. */
enum
{
  SB_METADATA,
  SB_TIMESTAMP,
  SB_FROM,
  SB_TO,
  SB_COMMIT,
  SB_PREREQUISITES,
  SB_PARTS,
  SB_FALLBACKS,
  SB_N_MEMBERS
};

/* The version of a delta part that libostree writes and reads. */
#define PART_VERSION 0
/* A part's list of objects: a type byte and a SHA-256 each. */
#define OBJECT_ENTRY_SIZE 33

void
hutch_bundle_header_free (HutchBundleHeader *header)
{
  if (header == NULL)
    return;
  hutch_ref_free (header->ref);
  g_free (header->commit);
  g_free (header->metadata);
  g_free (header->origin_url);
  g_clear_pointer (&header->commit_data, g_bytes_unref);
  g_clear_pointer (&header->signatures, g_bytes_unref);
  g_clear_pointer (&header->detached, g_variant_unref);
  g_free (header);
}

static gboolean
damaged (GError **error)
{
  return hutch_bundle_fail (error, _ ("its header is damaged (not in GVariant normal form)"));
}

/* Members other than the metadata: bounded, then in normal form. */
static gboolean
check_members (GVariant *superblock, guint64 *header_size, GError **error)
{
  for (guint i = SB_TIMESTAMP; i < SB_N_MEMBERS; i++)
    {
      g_autoptr (GVariant) member = g_variant_get_child_value (superblock, i);
      *header_size += g_variant_get_size (member);
      if (*header_size > HUTCH_BUNDLE_HEADER_MAX_SIZE)
        return hutch_bundle_fail (error, _ ("its header is larger than %d MiB"),
                                  HUTCH_BUNDLE_HEADER_MAX_SIZE / (1024 * 1024));
      if (!g_variant_is_normal_form (member))
        return damaged (error);
    }
  return TRUE;
}

/* The delta goes from nothing to one commit, needing nothing else. */
static char *
read_target (GVariant *superblock, GError **error)
{
  g_autoptr (GVariant) from = g_variant_get_child_value (superblock, SB_FROM);
  g_autoptr (GVariant) to = g_variant_get_child_value (superblock, SB_TO);
  g_autoptr (GVariant) prerequisites = g_variant_get_child_value (superblock, SB_PREREQUISITES);
  g_autoptr (GVariant) fallbacks = g_variant_get_child_value (superblock, SB_FALLBACKS);
  const guint8 *bytes = g_variant_get_data (to);
  GString *hex;

  if (g_variant_get_size (from) != 0 || g_variant_get_size (prerequisites) != 0)
    {
      hutch_bundle_fail (error, _ ("it is a delta from another commit, not a whole commit"));
      return NULL;
    }
  if (g_variant_n_children (fallbacks) != 0)
    {
      hutch_bundle_fail (error, _ ("it is incomplete: it leaves objects to be downloaded"));
      return NULL;
    }
  if (g_variant_get_size (to) != 32)
    {
      hutch_bundle_fail (error, _ ("it names no commit"));
      return NULL;
    }
  hex = g_string_new (NULL);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/* TRUE if @part's bytes hash to @checksum (32 bytes). */
static gboolean
part_matches (GVariant *part, GVariant *checksum)
{
  g_autoptr (GChecksum) sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (sha256, g_variant_get_data (part), g_variant_get_size (part));
  g_checksum_get_digest (sha256, digest, &len);
  return len == sizeof digest && memcmp (digest, g_variant_get_data (checksum), len) == 0;
}

/* Every part's header is one libostree reads, and its payload is inline,
 * of the size and SHA-256 the header gives.  (libostree does not check
 * an inline part's checksum; this does, so that a damaged payload is
 * refused before anything of it is imported.) */
static gboolean
check_parts (GVariant *superblock, const HutchBundleEntries *entries, GError **error)
{
  g_autoptr (GVariant) headers = g_variant_get_child_value (superblock, SB_PARTS);
  gsize n = g_variant_n_children (headers);

  if (n == 0)
    return hutch_bundle_fail (error, _ ("it holds no part of a delta"));
  if (entries->parts->len > n)
    return hutch_bundle_fail (error, _ ("it holds a part the delta does not list"));
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) checksum = NULL, objects = NULL;
      GVariant *part = i < entries->parts->len ? g_ptr_array_index (entries->parts, i) : NULL;
      guint32 version;
      guint64 size;

      g_variant_get_child (headers, i, "(u@aytt@ay)", &version, &checksum, &size, NULL, &objects);
      size = entries->endianness == 'B' ? GUINT64_FROM_BE (size) : GUINT64_FROM_LE (size);
      if (version != PART_VERSION || g_variant_get_size (checksum) != 32
          || g_variant_get_size (objects) % OBJECT_ENTRY_SIZE != 0)
        return hutch_bundle_fail (error, _ ("the header of part %u of the delta is damaged"),
                                  (guint)i);
      if (part == NULL)
        return hutch_bundle_fail (error, _ ("part %u of the delta is missing"), (guint)i);
      if (size != g_variant_get_size (part) || !part_matches (part, checksum))
        return hutch_bundle_fail (error,
                                  _ ("part %u of the delta is damaged: its checksum does "
                                     "not match"),
                                  (guint)i);
    }
  return TRUE;
}

/* Hutch's own keys: present, known version, valid ref and bounded text. */
static gboolean
check_entries (const HutchBundleEntries *entries, HutchRef **out_ref, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (entries->version == 0)
    return hutch_bundle_fail (error, _ ("it names no format version"));
  if (entries->version != HUTCH_BUNDLE_FORMAT_VERSION)
    return hutch_bundle_fail (error,
                              _ ("it is in format %u; this version of Hutch reads format %d"),
                              entries->version, HUTCH_BUNDLE_FORMAT_VERSION);
  if (entries->ref == NULL || entries->metadata == NULL)
    return hutch_bundle_fail (error, _ ("it names no ref or no metadata"));
  if (entries->endianness != 'l' && entries->endianness != 'B')
    return hutch_bundle_fail (error, _ ("its header is damaged (no byte order)"));
  if (strlen (entries->metadata) > HUTCH_BUNDLE_METADATA_MAX_SIZE)
    return hutch_bundle_fail (error, _ ("its metadata is larger than %d bytes"),
                              HUTCH_BUNDLE_METADATA_MAX_SIZE);
  if (entries->origin_url != NULL && !hutch_url_is_valid (entries->origin_url, &local_error))
    return hutch_bundle_fail (error, _ ("the repository URL it names is not valid: %s"),
                              local_error->message);
  *out_ref = hutch_ref_parse (entries->ref, &local_error);
  if (*out_ref == NULL)
    return hutch_bundle_fail (error, _ ("it names an invalid ref: %s"), local_error->message);
  return TRUE;
}

/* The GPG signatures in the detached metadata (ostree.gpgsigs, aay), one
 * after the other as GnuPG reads them, or NULL if there are none. */
static gboolean
read_signatures (GVariant *detached, GBytes **out, GError **error)
{
  g_autoptr (GVariant) signatures = NULL;
  g_autoptr (GByteArray) all = NULL;
  gsize n;

  *out = NULL;
  if (detached == NULL)
    return TRUE;
  signatures = g_variant_lookup_value (detached, "ostree.gpgsigs", NULL);
  if (signatures == NULL)
    return TRUE;
  n = g_variant_is_of_type (signatures, G_VARIANT_TYPE ("aay")) ? g_variant_n_children (signatures)
                                                                : 0;
  if (n == 0)
    return hutch_bundle_fail (error, _ ("its signatures are damaged"));
  all = g_byte_array_new ();
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) signature = g_variant_get_child_value (signatures, i);
      g_byte_array_append (all, g_variant_get_data (signature), g_variant_get_size (signature));
    }
  *out = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  return TRUE;
}

/* The steps after the magic bytes, on the superblock variant. */
static HutchBundleHeader *
parse_superblock (GVariant *superblock, GError **error)
{
  g_autoptr (HutchBundleHeader) header = g_new0 (HutchBundleHeader, 1);
  g_auto (HutchBundleEntries) entries = { 0 };
  g_autoptr (GVariant) dict = g_variant_get_child_value (superblock, SB_METADATA);
  g_autoptr (GVariant) time_v = g_variant_get_child_value (superblock, SB_TIMESTAMP);
  g_autoptr (GVariant) commit_v = g_variant_get_child_value (superblock, SB_COMMIT);
  guint64 header_size = 0;

  if (!hutch_bundle_framing_is_normal (superblock))
    {
      damaged (error);
      return NULL;
    }
  if (!check_members (superblock, &header_size, error)
      || (header->commit = read_target (superblock, error)) == NULL
      || !hutch_bundle_entries_read (dict, header->commit, &entries, error))
    return NULL;
  if (header_size + entries.header_size > HUTCH_BUNDLE_HEADER_MAX_SIZE)
    {
      hutch_bundle_fail (error, _ ("its header is larger than %d MiB"),
                         HUTCH_BUNDLE_HEADER_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  header->timestamp = GUINT64_FROM_BE (g_variant_get_uint64 (time_v));
  if (!check_entries (&entries, &header->ref, error)
      || !hutch_bundle_check_commit (commit_v, header->commit, header->ref, header->timestamp,
                                     entries.metadata, error)
      || !check_parts (superblock, &entries, error)
      || !read_signatures (entries.detached, &header->signatures, error))
    return NULL;
  header->metadata = g_strdup (entries.metadata);
  header->origin_url = g_strdup (entries.origin_url);
  header->commit_data = g_variant_get_data_as_bytes (commit_v);
  header->detached = g_steal_pointer (&entries.detached);
  header->n_parts = entries.parts->len;
  header->payload_size = entries.payload_size;
  return g_steal_pointer (&header);
}

HutchBundleHeader *
hutch_bundle_header_parse (GBytes *superblock, GError **error)
{
  static const char magic[] = HUTCH_BUNDLE_KEY_VERSION;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (superblock, &size);
  g_autoptr (GVariant) variant = NULL;

  if (size > HUTCH_BUNDLE_MAX_SIZE)
    {
      hutch_bundle_fail (error, _ ("it is larger than %d GiB"), (int)(HUTCH_BUNDLE_MAX_SIZE >> 30));
      return NULL;
    }
  /* The first key, with its NUL: in the first bytes of every bundle. */
  if (size < sizeof magic || memcmp (data, magic, sizeof magic) != 0)
    {
      hutch_bundle_fail (error, _ ("it is not a Hutch bundle"));
      return NULL;
    }
  variant = g_variant_ref_sink (
      g_variant_new_from_bytes (G_VARIANT_TYPE (HUTCH_BUNDLE_SUPERBLOCK_TYPE), superblock, FALSE));
  return parse_superblock (variant, error);
}
