/* GVariant normal form of a container's framing, without looking at its
 * children's contents.
 *
 * g_variant_is_normal_form() visits every element of an array, one byte
 * of an "ay" at a time: about 33 seconds a GiB here.  A bundle's parts
 * are byte arrays of up to gigabytes, and any byte is normal in them; what
 * can be abnormal around them is the framing: where the children start
 * and end, the padding between them and the framing offsets.  This file
 * checks exactly that, following the GVariant specification's rules for
 * normal form, and requires GLib to read each child where the rules put
 * it, so that what Hutch checks and what libostree later reads (through
 * GLib) are the same bytes.
 *
 * Defends against: a bundle that says one thing to one reader and another
 * to the next (non-canonical offsets, overlapping or out-of-order
 * children, bytes hidden in padding or after the last child).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include <string.h>

/* Where a child lies in its container's bytes. */
typedef struct
{
  gsize start;
  gsize end;
} Span;

/* The size of a framing offset in a container of @size bytes. */
static gsize
offset_size_for (gsize size)
{
  if (size > G_MAXUINT32)
    return 8;
  if (size > G_MAXUINT16)
    return 4;
  if (size > G_MAXUINT8)
    return 2;
  return size > 0 ? 1 : 0;
}

static gsize
read_offset (const guint8 *p, gsize offset_size)
{
  gsize value = 0;

  for (gsize i = 0; i < offset_size; i++)
    value |= (gsize)p[i] << (8 * i);
  return value;
}

static gsize
align_up (gsize pos, gsize alignment)
{
  return (pos + alignment - 1) & ~(alignment - 1);
}

static gsize
type_alignment (const GVariantType *type)
{
  gsize alignment = 1;

  switch (g_variant_type_peek_string (type)[0])
    {
      case 'n':
      case 'q':
        return 2;
      case 'i':
      case 'u':
      case 'h':
        return 4;
      case 'x':
      case 't':
      case 'd':
      case 'v':
        return 8;
      case 'a':
      case 'm':
        return type_alignment (g_variant_type_element (type));
      case '(':
      case '{':
        for (const GVariantType *m = g_variant_type_first (type); m != NULL;
             m = g_variant_type_next (m))
          alignment = MAX (alignment, type_alignment (m));
        return alignment;
      default:
        return 1;
    }
}

/* The size of every value of @type, if they all have one. */
static gboolean
type_fixed_size (const GVariantType *type, gsize *out_size)
{
  gsize pos = 0, alignment = 1, size = 0;

  switch (g_variant_type_peek_string (type)[0])
    {
      case 'b':
      case 'y':
        *out_size = 1;
        return TRUE;
      case 'n':
      case 'q':
        *out_size = 2;
        return TRUE;
      case 'i':
      case 'u':
      case 'h':
        *out_size = 4;
        return TRUE;
      case 'x':
      case 't':
      case 'd':
        *out_size = 8;
        return TRUE;
      case '(':
      case '{':
        for (const GVariantType *m = g_variant_type_first (type); m != NULL;
             m = g_variant_type_next (m))
          {
            gsize a = type_alignment (m);
            if (!type_fixed_size (m, &size))
              return FALSE;
            pos = align_up (pos, a) + size;
            alignment = MAX (alignment, a);
          }
        /* The unit tuple takes one byte. */
        *out_size = pos == 0 ? 1 : align_up (pos, alignment);
        return TRUE;
      default:
        return FALSE;
    }
}

static gboolean
is_zero (const guint8 *data, gsize from, gsize to)
{
  for (gsize i = from; i < to; i++)
    if (data[i] != 0)
      return FALSE;
  return TRUE;
}

/* The spans of the elements of an array, or NULL. */
static GArray *
array_spans (const guint8 *data, gsize size, const GVariantType *element)
{
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gsize os = offset_size_for (size), fixed = 0, last_end, n, prev = 0;
  gsize alignment = type_alignment (element);

  if (type_fixed_size (element, &fixed))
    {
      if (size % fixed != 0)
        return NULL;
      for (gsize pos = 0; pos < size; pos += fixed)
        g_array_append_val (spans, ((Span){ pos, pos + fixed }));
      return g_steal_pointer (&spans);
    }
  if (size == 0)
    return g_steal_pointer (&spans);
  if (size < os)
    return NULL;
  last_end = read_offset (data + size - os, os);
  if (last_end > size || (size - last_end) % os != 0)
    return NULL;
  n = (size - last_end) / os;
  if (n == 0)
    return NULL;
  for (gsize i = 0; i < n; i++)
    {
      gsize start = align_up (prev, alignment);
      gsize end = read_offset (data + last_end + i * os, os);
      if (start > end || end > last_end || !is_zero (data, prev, start))
        return NULL;
      g_array_append_val (spans, ((Span){ start, end }));
      prev = end;
    }
  return g_steal_pointer (&spans);
}

/* The spans of the members of a tuple or dict entry, or NULL. */
static GArray *
tuple_spans (const guint8 *data, gsize size, const GVariantType *type)
{
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gsize os = offset_size_for (size), n_framing = 0, used = 0, pos = 0, fixed;
  gsize body_end;

  for (const GVariantType *m = g_variant_type_first (type); m != NULL; m = g_variant_type_next (m))
    if (!type_fixed_size (m, &fixed) && g_variant_type_next (m) != NULL)
      n_framing++;
  if (n_framing * os > size)
    return NULL;
  body_end = size - n_framing * os;
  for (const GVariantType *m = g_variant_type_first (type); m != NULL; m = g_variant_type_next (m))
    {
      gsize start = align_up (pos, type_alignment (m)), end;
      if (type_fixed_size (m, &fixed))
        end = start + fixed;
      else if (g_variant_type_next (m) == NULL)
        end = body_end;
      else
        end = read_offset (data + size - (++used) * os, os);
      if (start > end || end > body_end || !is_zero (data, pos, MIN (start, body_end)))
        return NULL;
      g_array_append_val (spans, ((Span){ start, end }));
      pos = end;
    }
  /* Nothing after the last member but the framing offsets. */
  return pos == body_end ? g_steal_pointer (&spans) : NULL;
}

gboolean
hutch_bundle_framing_is_normal (GVariant *container)
{
  const GVariantType *type = g_variant_get_type (container);
  const guint8 *data = g_variant_get_data (container);
  gsize size = g_variant_get_size (container);
  g_autoptr (GArray) spans = NULL;

  if (size > 0 && data == NULL)
    return FALSE;
  if (g_variant_type_is_array (type))
    spans = array_spans (data, size, g_variant_type_element (type));
  else if (g_variant_type_is_tuple (type) || g_variant_type_is_dict_entry (type))
    {
      gsize fixed;
      /* Fixed-size tuples have no framing; none is checked with this. */
      if (type_fixed_size (type, &fixed))
        return FALSE;
      spans = tuple_spans (data, size, type);
    }
  if (spans == NULL || spans->len != g_variant_n_children (container))
    return FALSE;
  /* GLib must read each child where the rules put it. */
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);
      g_autoptr (GVariant) child = g_variant_get_child_value (container, i);
      gsize child_size = g_variant_get_size (child);

      if (child_size != span->end - span->start)
        return FALSE;
      if (child_size > 0 && (const guint8 *)g_variant_get_data (child) != data + span->start)
        return FALSE;
    }
  return TRUE;
}
