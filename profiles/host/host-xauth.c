/* Xauthority files: reading, filtering for one display, writing.
 *
 * The user's Xauthority file holds the secrets ("cookies") of every X
 * display the user has used, here and on other machines whose home
 * directory this is (NFS).  A sandbox granted X11 gets a new file holding
 * only the records a client needs for the one display it is given.
 *
 * Defends against: an app learning the cookies of the user's other displays
 * or of other machines' displays (they would open them to it over TCP or by
 * abstract socket when the network is shared, or on another machine);
 * a malformed file (truncated, garbage, lengths past the end) crashing the
 * parser or sneaking bytes into the new file: every length is checked
 * against what is left, a record cut short ends the parse, and the new file
 * is written from the parsed fields, never copied.
 *
 * Which records a client uses: for a display reached by Unix socket, libxcb
 * and libXau look up the display's number as a decimal string and the family
 * FamilyLocal with this machine's host name (gethostname()) as the address;
 * a FamilyWild record matches any address.  A record with an empty number
 * matches every display: it is not kept, since it would give the sandbox the
 * key to the user's other displays too.  FamilyLocal records whose address
 * is another host name belong to other machines and are not kept either.
 * Kept records keep their family and address: the sandbox has the host's
 * host name (hutch-launch's UTS namespace starts as a copy of the host's and
 * the plan names none), so libxcb inside looks up the same address.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include <string.h>

void
hutch_xauth_entry_free (HutchXauthEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->address, g_bytes_unref);
  g_clear_pointer (&entry->number, g_bytes_unref);
  g_clear_pointer (&entry->name, g_bytes_unref);
  g_clear_pointer (&entry->data, g_bytes_unref);
  g_free (entry);
}

/* A cursor over the file's bytes; pos <= size always. */
typedef struct
{
  GBytes *bytes;
  const guint8 *data;
  gsize size;
  gsize pos;
} Reader;

static gboolean
read_u16 (Reader *r, guint16 *out)
{
  if (r->size - r->pos < 2)
    return FALSE;
  *out = (guint16)((guint)r->data[r->pos] << 8 | r->data[r->pos + 1]);
  r->pos += 2;
  return TRUE;
}

/* A u16 length and that many bytes. */
static gboolean
read_counted (Reader *r, GBytes **out)
{
  guint16 len;

  if (!read_u16 (r, &len) || r->size - r->pos < len)
    return FALSE;
  *out = g_bytes_new_from_bytes (r->bytes, r->pos, len);
  r->pos += len;
  return TRUE;
}

static HutchXauthEntry *
read_entry (Reader *r)
{
  g_autoptr (HutchXauthEntry) entry = g_new0 (HutchXauthEntry, 1);

  if (!read_u16 (r, &entry->family) || !read_counted (r, &entry->address)
      || !read_counted (r, &entry->number) || !read_counted (r, &entry->name)
      || !read_counted (r, &entry->data))
    return NULL;
  return g_steal_pointer (&entry);
}

GPtrArray *
hutch_xauth_parse (GBytes *xauthority, gboolean *out_complete)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_xauth_entry_free);
  Reader r = { xauthority, NULL, 0, 0 };

  g_return_val_if_fail (xauthority != NULL, entries);

  r.data = g_bytes_get_data (xauthority, &r.size);
  while (r.pos < r.size)
    {
      gsize start = r.pos;
      HutchXauthEntry *entry = read_entry (&r);

      if (entry == NULL)
        {
          /* Where the record cut short began: its bytes are not part of
           * the complete ones. */
          r.pos = start;
          break;
        }
      g_ptr_array_add (entries, entry);
    }
  if (out_complete != NULL)
    *out_complete = r.pos == r.size;
  return entries;
}

static void
append_u16 (GByteArray *out, gsize value)
{
  guint8 be[2] = { (guint8)(value >> 8), (guint8)value };

  g_assert (value <= G_MAXUINT16);
  g_byte_array_append (out, be, 2);
}

static void
append_counted (GByteArray *out, GBytes *field)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (field, &len);

  append_u16 (out, len);
  if (len > 0)
    g_byte_array_append (out, data, len);
}

GBytes *
hutch_xauth_write (const GPtrArray *entries)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      const HutchXauthEntry *entry = g_ptr_array_index (entries, i);

      append_u16 (out, entry->family);
      append_counted (out, entry->address);
      append_counted (out, entry->number);
      append_counted (out, entry->name);
      append_counted (out, entry->data);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
bytes_equal_str (GBytes *bytes, const char *str)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  return len == strlen (str) && (len == 0 || memcmp (data, str, len) == 0);
}

static gboolean
entry_is_for (const HutchXauthEntry *entry, const char *display_number, const char *hostname)
{
  if (!bytes_equal_str (entry->number, display_number))
    return FALSE;
  switch (entry->family)
    {
      case HUTCH_XAUTH_FAMILY_WILD:
        return TRUE;
      case HUTCH_XAUTH_FAMILY_LOCAL:
        return hostname != NULL && bytes_equal_str (entry->address, hostname);
      default:
        return FALSE;
    }
}

GBytes *
hutch_xauth_filter (GBytes *xauthority, const char *display_number, const char *hostname,
                    const char *new_number)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GPtrArray) kept = NULL;

  g_return_val_if_fail (xauthority != NULL, NULL);
  g_return_val_if_fail (display_number != NULL && display_number[0] != '\0', NULL);
  g_return_val_if_fail (new_number != NULL && strlen (new_number) <= G_MAXUINT16, NULL);

  entries = hutch_xauth_parse (xauthority, NULL);
  kept = g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_xauth_entry_free);
  for (guint i = 0; i < entries->len; i++)
    {
      const HutchXauthEntry *entry = g_ptr_array_index (entries, i);
      HutchXauthEntry *copy;

      if (!entry_is_for (entry, display_number, hostname))
        continue;
      copy = g_new0 (HutchXauthEntry, 1);
      copy->family = entry->family;
      copy->address = g_bytes_ref (entry->address);
      copy->number = g_bytes_new (new_number, strlen (new_number));
      copy->name = g_bytes_ref (entry->name);
      copy->data = g_bytes_ref (entry->data);
      g_ptr_array_add (kept, copy);
    }
  if (kept->len == 0)
    return NULL;
  return hutch_xauth_write (kept);
}
