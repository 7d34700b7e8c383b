/* hutch_bundle_header_parse(): a valid superblock is read as it was
 * written; each check refuses what it should, with its message; damage
 * anywhere outside the parts' payloads (one byte changed, bytes cut off or
 * added) never gets through; and hutch_bundle_delta_key() names parts as
 * libostree does.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-test-util.h"

#include "hutch-bundle.h"
#include "hutch-error.h"

#include <string.h>

static HutchBundleHeader *
parse (GBytes *bytes, GError **error)
{
  return hutch_bundle_header_parse (bytes, error);
}

static void
test_valid (void)
{
  BundleTestSpec spec;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchBundleHeader) header = NULL;
  g_autofree char *commit = NULL;

  bundle_test_spec_init (&spec);
  spec.origin_url = "https://example.org/repo";
  spec.n_parts = 3;
  bytes = bundle_test_superblock (&spec);
  commit = bundle_test_commit (&spec);
  header = parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (header->ref->id, ==, "org.test.Hello");
  g_assert_cmpstr (header->ref->branch, ==, "master");
  g_assert_cmpstr (header->commit, ==, commit);
  g_assert_cmpstr (header->metadata, ==, spec.metadata);
  g_assert_cmpstr (header->origin_url, ==, spec.origin_url);
  g_assert_cmpuint (header->timestamp, ==, spec.timestamp);
  g_assert_cmpuint (header->n_parts, ==, 3);
  g_assert_null (header->signatures);
  g_assert_null (header->detached);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (bytes, NULL), "hutch.bundle.version"));
}

static void
test_signed (void)
{
  BundleTestSpec spec;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchBundleHeader) header = NULL;

  bundle_test_spec_init (&spec);
  spec.signed_ = TRUE;
  bytes = bundle_test_superblock (&spec);
  header = parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (header->signatures);
  g_assert_nonnull (header->detached);
}

/* One change each to an otherwise valid superblock. */
typedef enum
{
  CHANGE_VERSION,
  CHANGE_BAD_REF,
  CHANGE_OTHER_METADATA,
  CHANGE_WIDER_METADATA,
  CHANGE_NO_BINDING,
  CHANGE_OTHER_BINDING,
  CHANGE_TIME,
  CHANGE_WRONG_TO,
  CHANGE_FROM,
  CHANGE_FALLBACK,
  CHANGE_NOT_INLINE,
  CHANGE_NO_PARTS,
  CHANGE_COMPRESSION,
  CHANGE_PART_CHECKSUM,
  CHANGE_UNKNOWN_KEY,
  CHANGE_TWICE,
  CHANGE_URL,
  CHANGE_URL_SPACE,
} Change;

typedef struct
{
  const char *name;
  Change change;
  const char *message; /* a part of the expected message */
} Refusal;

static const Refusal refusals[] = {
  { "version", CHANGE_VERSION, "format 2" },
  { "bad-ref", CHANGE_BAD_REF, "invalid ref" },
  { "other-metadata", CHANGE_OTHER_METADATA, "differs from the metadata its commit carries" },
  { "wider-metadata", CHANGE_WIDER_METADATA, "differs from the metadata its commit carries" },
  { "no-binding", CHANGE_NO_BINDING, "ostree.ref-binding" },
  { "other-binding", CHANGE_OTHER_BINDING, "not made for app/org.test.Hello" },
  { "time", CHANGE_TIME, "disagree on the commit's time" },
  { "wrong-to", CHANGE_WRONG_TO, "is not the commit" },
  { "from", CHANGE_FROM, "delta from another commit" },
  { "fallback", CHANGE_FALLBACK, "incomplete" },
  { "not-inline", CHANGE_NOT_INLINE, "part 1 of the delta is missing" },
  { "no-parts", CHANGE_NO_PARTS, "no part of a delta" },
  { "compression", CHANGE_COMPRESSION, "compressed in an unknown way" },
  { "part-checksum", CHANGE_PART_CHECKSUM, "checksum does not match" },
  { "unknown-key", CHANGE_UNKNOWN_KEY, "unknown key, “hutch.bundle.more-permissions”" },
  { "twice", CHANGE_TWICE, "twice" },
  { "url", CHANGE_URL, "not a URL Hutch can use" },
  { "url-space", CHANGE_URL_SPACE, "not a URL Hutch can use" },
};

/* clang-format off: one line a change reads best. */
static void
apply_change (BundleTestSpec *s, Change change)
{
  switch (change)
    {
      case CHANGE_VERSION:
        s->version = 2;
        break;
      case CHANGE_BAD_REF:
        s->ref = s->binding = "app/org.test/../x/x86_64/master";
        break;
      case CHANGE_OTHER_METADATA:
        s->commit_metadata = "[Application]\nname=org.test.Hello\n";
        break;
      case CHANGE_WIDER_METADATA:
        /* The attack: the bundle shows more than its commit grants. */
        s->commit_metadata = s->metadata;
        s->metadata
            = "[Application]\nname=org.test.Hello\nruntime=org.test.Platform/x86_64/stable\n"
              "command=hello\n[Context]\nfilesystems=host;\n";
        break;
      case CHANGE_NO_BINDING:
        s->binding = "";
        break;
      case CHANGE_OTHER_BINDING:
        s->binding = "app/org.test.Other/x86_64/master";
        break;
      case CHANGE_TIME:
        s->superblock_time = s->timestamp + 1;
        break;
      case CHANGE_WRONG_TO:
        s->wrong_to = TRUE;
        break;
      case CHANGE_FROM:
        s->from_commit = TRUE;
        break;
      case CHANGE_FALLBACK:
        s->fallback = TRUE;
        break;
      case CHANGE_NOT_INLINE:
        s->n_parts = 2;
        s->n_inline = 1;
        break;
      case CHANGE_NO_PARTS:
        s->n_parts = 0;
        break;
      case CHANGE_COMPRESSION:
        s->compression = 'z';
        break;
      case CHANGE_PART_CHECKSUM:
        s->bad_part_checksum = TRUE;
        break;
      case CHANGE_UNKNOWN_KEY:
        s->extra_key = "hutch.bundle.more-permissions";
        break;
      case CHANGE_TWICE:
        s->extra_key = HUTCH_BUNDLE_KEY_REF;
        break;
      case CHANGE_URL:
        s->origin_url = "javascript:alert(1)";
        break;
      case CHANGE_URL_SPACE:
        s->origin_url = "https://example.org/a b";
        break;
    }
}
/* clang-format on */

static void
test_refusal (gconstpointer data)
{
  const Refusal *refusal = data;
  BundleTestSpec spec;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchBundleHeader) header = NULL;

  bundle_test_spec_init (&spec);
  apply_change (&spec, refusal->change);
  bytes = bundle_test_superblock (&spec);
  header = parse (bytes, &error);
  g_assert_null (header);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE);
  if (strstr (error->message, refusal->message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, refusal->message);
}

static void
test_not_a_bundle (void)
{
  const char *inputs[] = { "", "hutch", "hutch.bundle.version", "ref\0flatpak", "\177ELF" };
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (inputs[i], strlen (inputs[i]));
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchBundleHeader) header = parse (bytes, &error);
      g_assert_null (header);
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE);
      g_assert_nonnull (strstr (error->message, "not a Hutch bundle"));
    }
}

typedef struct
{
  gsize start;
  gsize end;
} Range;

static void
add_range (GArray *ranges, GBytes *bytes, GVariant *value)
{
  const guint8 *base = g_bytes_get_data (bytes, NULL);
  Range range;

  range.start = (const guint8 *)g_variant_get_data (value) - base;
  range.end = range.start + g_variant_get_size (value);
  g_array_append_val (ranges, range);
}

/* The bytes of @bytes a change to which the header check cannot see:
 * each part header's uncompressed size and list of objects (libostree
 * checks both while it imports); the commit's detached metadata, which
 * holds the signatures (GPG checks them; a bundle whose signatures are
 * damaged out of recognition is an unsigned bundle, installed only with a
 * warning and never with --gpg-import); and the origin URL, which nothing
 * signs: a hint that is shown, never acted on (see app(1)). */
static GArray *
unchecked_ranges (GBytes *bytes)
{
  g_autoptr (GVariant) superblock = g_variant_ref_sink (
      g_variant_new_from_bytes (G_VARIANT_TYPE (HUTCH_BUNDLE_SUPERBLOCK_TYPE), bytes, TRUE));
  g_autoptr (GVariant) headers = g_variant_get_child_value (superblock, 6);
  g_autoptr (GVariant) metadata = g_variant_get_child_value (superblock, 0);
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  GVariantIter iter;
  const char *key;
  GVariant *value;

  for (gsize i = 0; i < g_variant_n_children (headers); i++)
    {
      g_autoptr (GVariant) header = g_variant_get_child_value (headers, i);
      g_autoptr (GVariant) usize = g_variant_get_child_value (header, 3);
      g_autoptr (GVariant) objects = g_variant_get_child_value (header, 4);
      add_range (ranges, bytes, usize);
      add_range (ranges, bytes, objects);
    }
  g_variant_iter_init (&iter, metadata);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (strcmp (key, HUTCH_BUNDLE_KEY_ORIGIN_URL) == 0 || g_str_has_suffix (key, "/commitmeta"))
        add_range (ranges, bytes, value);
      g_variant_unref (value);
    }
  return ranges;
}

static gboolean
in_ranges (GArray *ranges, gsize offset)
{
  for (guint i = 0; i < ranges->len; i++)
    if (offset >= g_array_index (ranges, Range, i).start
        && offset < g_array_index (ranges, Range, i).end)
      return TRUE;
  return FALSE;
}

/* Each byte of a valid superblock changed two ways (one bit flipped; set
 * to 0x55, which makes a zero padding byte non-zero: GLib would read the
 * same values, but the bytes are not in normal form): every change
 * outside the unchecked ranges is refused, and nothing crashes. */
static void
test_every_byte (void)
{
  BundleTestSpec spec;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GArray) unchecked = NULL;
  gsize size = 0;
  const guint8 *data;

  bundle_test_spec_init (&spec);
  spec.signed_ = TRUE;
  spec.origin_url = "https://example.org/repo";
  spec.n_parts = 2;
  bytes = bundle_test_superblock (&spec);
  unchecked = unchecked_ranges (bytes);
  data = g_bytes_get_data (bytes, &size);
  for (gsize i = 0; i < size; i++)
    for (guint how = 0; how < 2; how++)
      {
        g_autofree guint8 *copy = g_malloc (size);
        g_autoptr (GBytes) changed = NULL;
        g_autoptr (GError) error = NULL;
        g_autoptr (HutchBundleHeader) header = NULL;

        memcpy (copy, data, size);
        copy[i] = how == 0 ? copy[i] ^ 0x01 : 0x55;
        if (copy[i] == data[i])
          continue;
        changed = g_bytes_new (copy, size);
        header = parse (changed, &error);
        if (header != NULL && !in_ranges (unchecked, i))
          g_error ("byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " changed from 0x%02x to 0x%02x "
                   "was accepted",
                   i, size, data[i], copy[i]);
      }
}

static void
test_cut_and_grown (void)
{
  BundleTestSpec spec;
  g_autoptr (GBytes) bytes = NULL;
  gsize size = 0;
  const guint8 *data;

  bundle_test_spec_init (&spec);
  bytes = bundle_test_superblock (&spec);
  data = g_bytes_get_data (bytes, &size);
  for (gsize len = 0; len < size + 9; len++)
    {
      g_autofree guint8 *copy = g_malloc0 (len + 1);
      g_autoptr (GBytes) changed = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchBundleHeader) header = NULL;

      if (len == size)
        continue;
      memcpy (copy, data, MIN (len, size));
      changed = g_bytes_new (copy, len);
      header = parse (changed, &error);
      if (header != NULL)
        g_error ("a superblock of %" G_GSIZE_FORMAT " bytes instead of %" G_GSIZE_FORMAT
                 " was accepted",
                 len, size);
    }
}

static void
test_delta_key (void)
{
  /* The key libostree 2022.7 wrote for this commit (tests/bundle's
   * first bundle, looked at with GLib). */
  g_autofree char *key = hutch_bundle_delta_key (
      "360f9aff5730e30d43ae41d3b60dad00e02ea237d978fa84740c42a083ec7603", "0");

  g_assert_cmpstr (key, ==, "deltas/Ng/+a_1cw4w1DrkHTtg2tAOAuojfZePqEdAxCoIPsdgM/0");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bundle/header/valid", test_valid);
  g_test_add_func ("/bundle/header/signed", test_signed);
  g_test_add_func ("/bundle/header/not-a-bundle", test_not_a_bundle);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bundle/header/refused/%s", refusals[i].name);
      g_test_add_data_func (path, &refusals[i], test_refusal);
    }
  g_test_add_func ("/bundle/header/every-byte", test_every_byte);
  g_test_add_func ("/bundle/header/cut-and-grown", test_cut_and_grown);
  g_test_add_func ("/bundle/header/delta-key", test_delta_key);
  return g_test_run ();
}
