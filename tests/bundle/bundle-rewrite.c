/* bundle-rewrite: a test helper that rewrites a bundle the way an attacker
 * or a damaged disk would, and re-serializes it with GVariant (so that the
 * result is in normal form: only the change is wrong).
 *
 *   bundle-rewrite IN OUT [OPTION…]
 *     --metadata=FILE      the metadata the bundle shows becomes FILE's text
 *     --commit-metadata    the commit's xa.metadata too (the commit object
 *                          then no longer hashes to the checksum named)
 *     --rename-commit      name the changed commit by its new checksum, and
 *                          rename the parts' keys to match: a consistent
 *                          bundle of another, unsigned-for commit
 *     --flip-payload=N     flip a bit of byte N of part 0's payload
 *     --fix-part-checksum  recompute the parts' sizes and checksums
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-test-util.h"
#include "hutch-bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  char *metadata;
  gboolean commit_metadata;
  gboolean rename_commit;
  gint64 flip_payload;
  gboolean fix_part_checksum;
} Rewrite;

static char *
hex_of (GVariant *bytes)
{
  const guint8 *data = g_variant_get_data (bytes);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < g_variant_get_size (bytes); i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

/* The commit with its xa.metadata replaced. */
static GVariant *
rewrite_commit (GVariant *commit, const char *metadata)
{
  g_autoptr (GVariant) old_metadata = g_variant_get_child_value (commit, 0);
  GVariantDict dict;
  GVariantBuilder builder;

  g_variant_dict_init (&dict, old_metadata);
  g_variant_dict_insert (&dict, "xa.metadata", "s", metadata);
  g_variant_builder_init (&builder, G_VARIANT_TYPE (HUTCH_BUNDLE_COMMIT_TYPE));
  g_variant_builder_add_value (&builder, g_variant_dict_end (&dict));
  for (gsize i = 1; i < g_variant_n_children (commit); i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (commit, i);
      g_variant_builder_add_value (&builder, child);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static GVariant *
flip (GVariant *part, gint64 offset)
{
  gsize size = g_variant_get_size (part);
  g_autofree guint8 *data = g_malloc (size);

  memcpy (data, g_variant_get_data (part), size);
  data[1 + MIN ((gsize)offset, size - 2)] ^= 0x10;
  return g_variant_new ("(y@ay)", data[0], bundle_test_bytes (data + 1, size - 1));
}

/* The metadata dict, with the changes. */
static GVariant *
rewrite_dict (GVariant *dict, const Rewrite *rw, const char *old_to, const char *new_to,
              GPtrArray *parts)
{
  g_autofree char *old_prefix = hutch_bundle_delta_key (old_to, "");
  g_autofree char *new_prefix = hutch_bundle_delta_key (new_to, "");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autofree char *new_key = g_str_has_prefix (key, old_prefix)
                                     ? g_strconcat (new_prefix, key + strlen (old_prefix), NULL)
                                     : g_strdup (key);
      if (rw->metadata != NULL && strcmp (key, HUTCH_BUNDLE_KEY_METADATA) == 0)
        {
          g_variant_unref (value);
          value = g_variant_ref_sink (g_variant_new_string (rw->metadata));
        }
      if (g_str_has_prefix (key, old_prefix)
          && g_variant_is_of_type (value, G_VARIANT_TYPE ("(yay)")))
        {
          if (rw->flip_payload >= 0 && g_str_has_suffix (key, "/0"))
            {
              GVariant *flipped = g_variant_ref_sink (flip (value, rw->flip_payload));
              g_variant_unref (value);
              value = flipped;
            }
          g_ptr_array_add (parts, g_variant_ref (value));
        }
      g_variant_builder_add (&builder, "{sv}", new_key, value);
      g_variant_unref (value);
    }
  return g_variant_builder_end (&builder);
}

/* The parts' headers, with sizes and checksums of @parts if asked. */
static GVariant *
rewrite_headers (GVariant *headers, const Rewrite *rw, GPtrArray *parts)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(uayttay)"));
  for (gsize i = 0; i < g_variant_n_children (headers); i++)
    {
      g_autoptr (GVariant) checksum = NULL, objects = NULL;
      guint32 version;
      guint64 size, usize;

      g_variant_get_child (headers, i, "(u@aytt@ay)", &version, &checksum, &size, &usize, &objects);
      if (rw->fix_part_checksum && i < parts->len)
        {
          GVariant *part = g_ptr_array_index (parts, i);
          g_autofree char *sum = g_compute_checksum_for_data (
              G_CHECKSUM_SHA256, g_variant_get_data (part), g_variant_get_size (part));
          g_variant_unref (checksum);
          checksum = g_variant_ref_sink (bundle_test_checksum (sum));
          size = GUINT64_TO_LE (g_variant_get_size (part));
        }
      g_variant_builder_add (&builder, "(u@aytt@ay)", version, checksum, size, usize, objects);
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
rewrite (GVariant *sb, const Rewrite *rw)
{
  g_autoptr (GVariant) dict = g_variant_get_child_value (sb, 0);
  g_autoptr (GVariant) time_v = g_variant_get_child_value (sb, 1);
  g_autoptr (GVariant) from = g_variant_get_child_value (sb, 2);
  g_autoptr (GVariant) to = g_variant_get_child_value (sb, 3);
  g_autoptr (GVariant) commit = g_variant_get_child_value (sb, 4);
  g_autoptr (GVariant) prerequisites = g_variant_get_child_value (sb, 5);
  g_autoptr (GVariant) headers = g_variant_get_child_value (sb, 6);
  g_autoptr (GVariant) fallbacks = g_variant_get_child_value (sb, 7);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  g_autofree char *old_to = hex_of (to);
  g_autofree char *new_to = g_strdup (old_to);
  GVariant *new_dict;

  if (rw->commit_metadata)
    {
      GVariant *changed = rewrite_commit (commit, rw->metadata);
      g_variant_unref (commit);
      commit = changed;
    }
  if (rw->rename_commit)
    {
      g_free (new_to);
      new_to = g_compute_checksum_for_data (G_CHECKSUM_SHA256, g_variant_get_data (commit),
                                            g_variant_get_size (commit));
    }
  new_dict = rewrite_dict (dict, rw, old_to, new_to, parts);
  return g_variant_ref_sink (
      g_variant_new ("(@a{sv}@t@ay@ay@" HUTCH_BUNDLE_COMMIT_TYPE "@ay@a(uayttay)@a(yaytt))",
                     new_dict, time_v, from, bundle_test_checksum (new_to), commit, prerequisites,
                     rewrite_headers (headers, rw, parts), fallbacks));
}

int
main (int argc, char **argv)
{
  Rewrite rw = { .flip_payload = -1 };
  char *metadata_file = NULL;
  const GOptionEntry entries[] = {
    { "metadata", 0, 0, G_OPTION_ARG_FILENAME, &metadata_file, "Show this metadata", "FILE" },
    { "commit-metadata", 0, 0, G_OPTION_ARG_NONE, &rw.commit_metadata, "Change the commit's too",
      NULL },
    { "rename-commit", 0, 0, G_OPTION_ARG_NONE, &rw.rename_commit,
      "Name the commit by its new checksum", NULL },
    { "flip-payload", 0, 0, G_OPTION_ARG_INT64, &rw.flip_payload, "Flip a byte of part 0", "N" },
    { "fix-part-checksum", 0, 0, G_OPTION_ARG_NONE, &rw.fix_part_checksum,
      "Recompute part checksums", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("IN OUT");
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GVariant) sb = NULL;
  g_autoptr (GVariant) out = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      fprintf (stderr, "usage: bundle-rewrite IN OUT [OPTION…]\n");
      return 2;
    }
  if ((metadata_file != NULL && !g_file_get_contents (metadata_file, &rw.metadata, NULL, &error))
      || !g_file_get_contents (argv[1], &data, &len, &error))
    {
      fprintf (stderr, "bundle-rewrite: %s\n", error->message);
      return 1;
    }
  sb = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE (HUTCH_BUNDLE_SUPERBLOCK_TYPE),
                                                    data, len, FALSE, NULL, NULL));
  out = rewrite (sb, &rw);
  if (!g_file_set_contents (argv[2], g_variant_get_data (out), g_variant_get_size (out), &error))
    {
      fprintf (stderr, "bundle-rewrite: %s\n", error->message);
      return 1;
    }
  g_free (metadata_file);
  g_free (rw.metadata);
  return 0;
}
