/* D-Bus server addresses, as the D-Bus specification defines them
 * ("Server Addresses"):
 *
 *   address  = entry *( ";" entry )          tried in order by clients
 *   entry    = transport ":" [ pair *( "," pair ) ]
 *   pair     = key "=" value
 *
 * where a value's bytes outside [-0-9A-Za-z_/.\*] must be written %XX (two
 * hex digits).  Hutch needs one thing from an address: the path of the Unix
 * socket a client would connect to, which it then binds into a sandbox.
 *
 * Defends against: a malformed $DBUS_SESSION_BUS_ADDRESS or
 * $DBUS_SYSTEM_BUS_ADDRESS making Hutch bind something other than the bus
 * the user's own clients reach.  The whole address is checked before any
 * entry is used (as libdbus does); an escape must be complete and must not
 * decode to NUL (which would cut the path short); a byte that must be
 * escaped but is not, a duplicate key, a pair without "=" are errors; an
 * entry that mixes path= with another kind of socket is never used; the
 * path must be absolute.  Error messages quote the address through
 * hutch_escape_for_terminal().
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

typedef struct
{
  char *transport;
  GHashTable *keys; /* key → unescaped value */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->transport);
  g_clear_pointer (&entry->keys, g_hash_table_unref);
  g_free (entry);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_free)

static gboolean
is_optionally_escaped (char c)
{
  return g_ascii_isalnum (c) || strchr ("-_/\\*.", c) != NULL;
}

char *
hutch_dbus_address_escape_value (const char *value)
{
  GString *out = g_string_sized_new (strlen (value));

  for (const char *p = value; *p != '\0'; p++)
    {
      if (is_optionally_escaped (*p))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02x", (guint)(guchar)*p);
    }
  return g_string_free (out, FALSE);
}

/* Every error names the whole address and what is wrong with it. */
static void set_syntax_error (GError **error, const char *address, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
set_syntax_error (GError **error, const char *address, const char *format, ...)
{
  g_autofree char *quoted = hutch_host_quote (address);
  g_autofree char *what = NULL;
  va_list ap;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  /* TRANSLATORS: the first %s is a D-Bus address, the second what is wrong with it. */
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("“%s” is not a valid D-Bus address: %s"),
               quoted, what);
}

static char *
unescape_value (const char *address, const char *value, gsize len, GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];

      if (is_optionally_escaped (c))
        g_string_append_c (out, c);
      else if (c == '%')
        {
          int high, low;

          if (len - i < 3 || (high = g_ascii_xdigit_value (value[i + 1])) < 0
              || (low = g_ascii_xdigit_value (value[i + 2])) < 0)
            {
              set_syntax_error (error, address, _ ("a “%%” is not followed by two hex digits"));
              return NULL;
            }
          if (high == 0 && low == 0)
            {
              set_syntax_error (error, address, _ ("a value contains %%00 (a NUL byte)"));
              return NULL;
            }
          g_string_append_c (out, (char)(high << 4 | low));
          i += 2;
        }
      else
        {
          g_autofree char *byte = NULL;

          if (g_ascii_isprint (c))
            byte = g_strdup_printf ("%c", c);
          else
            byte = g_strdup_printf ("\\x%02x", (guint)(guchar)c);

          /* TRANSLATORS: %s is a character, or a byte written \xNN. */
          set_syntax_error (error, address, _ ("“%s” must be written as a %%-escape in a value"),
                            byte);
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One entry, "transport:key=value,…", of @address. */
static Entry *
parse_entry (const char *address, const char *text, GError **error)
{
  g_autoptr (Entry) entry = g_new0 (Entry, 1);
  const char *colon = strchr (text, ':');
  const char *p;

  entry->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (colon == NULL || colon == text)
    {
      set_syntax_error (error, address,
                        _ ("an entry does not start with a transport name and “:”"));
      return NULL;
    }
  entry->transport = g_strndup (text, (gsize)(colon - text));

  for (p = colon + 1; *p != '\0';)
    {
      gsize len = strcspn (p, ",");
      const char *eq = memchr (p, '=', len);
      g_autofree char *key = NULL;
      char *value;

      if (eq == NULL || eq == p)
        {
          set_syntax_error (error, address, _ ("an entry has a part that is not key=value"));
          return NULL;
        }
      key = g_strndup (p, (gsize)(eq - p));
      if (g_hash_table_contains (entry->keys, key))
        {
          g_autofree char *quoted = hutch_host_quote (key);

          set_syntax_error (error, address, _ ("the key “%s” appears twice in an entry"), quoted);
          return NULL;
        }
      value = unescape_value (address, eq + 1, len - (gsize)(eq + 1 - p), error);
      if (value == NULL)
        return NULL;
      g_hash_table_insert (entry->keys, g_steal_pointer (&key), value);

      p += len;
      if (*p == ',')
        {
          p++;
          if (*p == '\0')
            {
              set_syntax_error (error, address, _ ("an entry ends with “,”"));
              return NULL;
            }
        }
    }
  return g_steal_pointer (&entry);
}

/* The socket path of a usable entry, or NULL. */
static const char *
entry_unix_path (const Entry *entry)
{
  static const char *const other_kinds[] = { "abstract", "dir", "tmpdir", "runtime" };
  const char *path;

  if (strcmp (entry->transport, "unix") != 0)
    return NULL;
  path = g_hash_table_lookup (entry->keys, "path");
  if (path == NULL || !g_path_is_absolute (path))
    return NULL;
  /* A client cannot tell which one is meant: libdbus refuses the entry. */
  for (gsize i = 0; i < G_N_ELEMENTS (other_kinds); i++)
    if (g_hash_table_contains (entry->keys, other_kinds[i]))
      return NULL;
  return path;
}

char *
hutch_dbus_address_unix_path (const char *address, GError **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  g_auto (GStrv) texts = NULL;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The whole address first: a client that meets a syntax error uses none
   * of it. */
  texts = g_strsplit (address, ";", -1);
  for (gsize i = 0; texts[i] != NULL; i++)
    {
      Entry *entry;

      if (texts[i][0] == '\0')
        continue;
      entry = parse_entry (address, texts[i], error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  if (entries->len == 0)
    {
      set_syntax_error (error, address, _ ("it has no entry"));
      return NULL;
    }

  /* Clients try the entries in order.  Those a sandbox cannot be given are
   * skipped: the entries of one address are ways to the same bus. */
  for (guint i = 0; i < entries->len; i++)
    {
      const char *path = entry_unix_path (g_ptr_array_index (entries, i));

      if (path != NULL)
        return g_strdup (path);
    }

  {
    g_autofree char *quoted = hutch_host_quote (address);

    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                 /* TRANSLATORS: %s is a D-Bus address; keep unix:path= and tcp: as they are. */
                 _ ("the D-Bus address “%s” has no unix:path= entry with an absolute path "
                    "(abstract sockets, tcp: and the other transports cannot be given to a "
                    "sandbox)"),
                 quoted);
  }
  return NULL;
}
