/* The JSON reader of manifest-json.h: tokenizer and tree in one pass.
 *
 * What this defends against: a manifest is untrusted text, and this is
 * the first code that touches it.  So:
 *
 *   - the input is bounded (HUTCH_MANIFEST_MAX_SIZE) and checked to be
 *     UTF-8 without NUL bytes before anything else reads it, so every
 *     string handed on is valid UTF-8;
 *   - nesting is bounded (HUTCH_MANIFEST_MAX_DEPTH), which bounds the
 *     recursion of this parser and of everything that walks the tree;
 *   - memory is bounded by the input: the strings buffer is allocated once
 *     at the input's size (a decoded string is never longer than its JSON
 *     text) and every node stands for at least one byte of input;
 *   - "\u0000" and unpaired surrogates are refused, so no decoded string
 *     holds a NUL byte or encodes a surrogate;
 *   - a key given twice in one object is an error (which one would win is
 *     exactly the kind of ambiguity an attacker hides a permission in),
 *     found in time linear in the object's size.
 *
 * Comments (slash-star … star-slash and double-slash to the end of the
 * line) are white space, as json-glib, and so flatpak-builder, accept
 * them.  Trailing commas are not JSON, and json-glib refuses them too.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"

/* Objects with more keys than this find duplicates through a hash table. */
#define LINEAR_KEY_SEARCH_MAX 8

struct _ManifestJsonDoc
{
  GArray *nodes; /* ManifestJsonNode; [0] is unused, so that 0 means "none" */
  char *strings; /* the decoded strings, each NUL-terminated */
};

/* One level of the path to the value being read, for messages: in an
 * object the key, in an array the index; NO_STEP between members, where a
 * message is about the container itself. */
typedef struct
{
  const char *key; /* NULL in an array */
  guint index;
} PathStep;

#define NO_INDEX G_MAXUINT

typedef struct
{
  const char *data;
  gsize len;
  gsize pos;
  guint line;
  gsize line_start; /* offset of the current line's first byte */
  const char *filename;
  ManifestJsonDoc *doc;
  gsize strings_used;
  guint depth; /* containers entered */
  PathStep path[HUTCH_MANIFEST_MAX_DEPTH + 1];
} Parser;

static gboolean parse_value (Parser *p, guint32 *out, GError **error);

static ManifestJsonNode *
node_at (Parser *p, guint32 index)
{
  return &g_array_index (p->doc->nodes, ManifestJsonNode, index);
}

static guint
column_of (Parser *p, gsize pos)
{
  return (guint)(pos - p->line_start) + 1;
}

/* The field of the value being read, as in messages: the path down to
 * @depth containers, or to the first that is between members. */
static char *
path_to_field (Parser *p, guint depth)
{
  g_autofree char *field = g_strdup ("");

  for (guint i = 0; i < depth && (p->path[i].key != NULL || p->path[i].index != NO_INDEX); i++)
    {
      char *longer = p->path[i].key != NULL ? manifest_field_member (field, p->path[i].key)
                                            : manifest_field_index (field, p->path[i].index);
      g_free (field);
      field = longer;
    }
  return g_steal_pointer (&field);
}

static gboolean fail_at (Parser *p, guint line, guint column, GError **error, const char *format,
                         ...) G_GNUC_PRINTF (5, 6);

/* Sets @error about the value being read at (@line, @column). */
static gboolean
fail_at (Parser *p, guint line, guint column, GError **error, const char *format, ...)
{
  g_autofree char *field = path_to_field (p, p->depth);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  manifest_set_error (error, p->filename, line, column, field, "%s", message);
  return FALSE;
}

/* The character at the current position, escaped for a message. */
static char *
quote_current (Parser *p)
{
  const char *at = p->data + p->pos;
  g_autofree char *one = g_strndup (at, (gsize)(g_utf8_next_char (at) - at));

  return manifest_quote (one);
}

static gboolean
fail_unexpected (Parser *p, const char *expected, GError **error)
{
  g_autofree char *found = NULL;

  if (p->pos >= p->len)
    return fail_at (p, p->line, column_of (p, p->pos), error,
                    /* TRANSLATORS: %s says what was expected, such as "“,” or “]”" */
                    _ ("unexpected end of file; expected %s"), expected);
  found = quote_current (p);
  /* TRANSLATORS: the first %s is the character found, the second what was expected */
  return fail_at (p, p->line, column_of (p, p->pos), error, _ ("unexpected “%s”; expected %s"),
                  found, expected);
}

/* Counts the line break at @newline. */
static void
advance_line (Parser *p, gsize newline)
{
  p->line++;
  p->line_start = newline + 1;
}

static gboolean
skip_comment (Parser *p, GError **error)
{
  guint line = p->line, column = column_of (p, p->pos);

  if (p->data[p->pos + 1] == '/')
    {
      while (p->pos < p->len && p->data[p->pos] != '\n')
        p->pos++;
      return TRUE;
    }
  for (p->pos += 2; p->pos + 1 < p->len; p->pos++)
    {
      if (p->data[p->pos] == '*' && p->data[p->pos + 1] == '/')
        {
          p->pos += 2;
          return TRUE;
        }
      if (p->data[p->pos] == '\n')
        advance_line (p, p->pos);
    }
  p->pos = p->len;
  return fail_at (p, line, column, error, _ ("unterminated comment"));
}

/* Skips white space and comments. */
static gboolean
skip_space (Parser *p, GError **error)
{
  while (p->pos < p->len)
    {
      char c = p->data[p->pos];

      if (c == '\n')
        advance_line (p, p->pos++);
      else if (c == ' ' || c == '\t' || c == '\r')
        p->pos++;
      else if (c == '/' && p->pos + 1 < p->len
               && (p->data[p->pos + 1] == '/' || p->data[p->pos + 1] == '*'))
        {
          if (!skip_comment (p, error))
            return FALSE;
        }
      else
        break;
    }
  return TRUE;
}

static guint32
add_node (Parser *p, ManifestJsonType type, guint line, guint column)
{
  ManifestJsonNode node = { type, line, column, 0, 0, NULL };

  g_array_append_val (p->doc->nodes, node);
  return p->doc->nodes->len - 1;
}

/* Reads the four hex digits after "\u" at the current position. */
static gboolean
read_hex4 (Parser *p, gunichar *out)
{
  gunichar value = 0;

  if (p->pos + 6 > p->len || p->data[p->pos] != '\\' || p->data[p->pos + 1] != 'u')
    return FALSE;
  for (gsize i = p->pos + 2; i < p->pos + 6; i++)
    {
      int digit = g_ascii_xdigit_value (p->data[i]);
      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar)digit;
    }
  p->pos += 6;
  *out = value;
  return TRUE;
}

/* A "\uXXXX" escape, or two for a surrogate pair, at the current position. */
static gboolean
parse_unicode_escape (Parser *p, char **dest, GError **error)
{
  guint column = column_of (p, p->pos);
  gunichar c, low;

  if (!read_hex4 (p, &c))
    return fail_at (p, p->line, column, error, _ ("“\\u” must be followed by four hex digits"));
  if (c == 0)
    return fail_at (p, p->line, column, error, _ ("“\\u0000” (a NUL character) is not allowed"));
  if (c >= 0xdc00 && c <= 0xdfff)
    return fail_at (p, p->line, column, error,
                    _ ("“\\u%04x” is a low surrogate without a high surrogate before it"), c);
  if (c >= 0xd800 && c <= 0xdbff)
    {
      gsize saved = p->pos;
      if (!read_hex4 (p, &low) || low < 0xdc00 || low > 0xdfff)
        {
          p->pos = saved;
          return fail_at (p, p->line, column, error,
                          _ ("“\\u%04x” is a high surrogate without a low surrogate after it"), c);
        }
      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
    }
  *dest += g_unichar_to_utf8 (c, *dest);
  return TRUE;
}

/* One escape sequence, at the backslash. */
static gboolean
parse_escape (Parser *p, char **dest, GError **error)
{
  static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
  char c = p->pos + 1 < p->len ? p->data[p->pos + 1] : '\0';
  g_autofree char *quoted = NULL;

  if (c == 'u')
    return parse_unicode_escape (p, dest, error);
  for (gsize i = 0; c != '\0' && i + 1 < sizeof escapes; i += 2)
    {
      if (escapes[i] == c)
        {
          *(*dest)++ = escapes[i + 1];
          p->pos += 2;
          return TRUE;
        }
    }
  if (p->pos + 1 >= p->len)
    return fail_at (p, p->line, column_of (p, p->pos), error, _ ("unterminated string"));
  p->pos++;
  quoted = quote_current (p);
  return fail_at (p, p->line, column_of (p, p->pos - 1), error,
                  _ ("“\\%s” is not a JSON escape sequence"), quoted);
}

/* A string at the opening quote; *@out points into the strings buffer. */
static gboolean
parse_string (Parser *p, const char **out, GError **error)
{
  guint line = p->line, column = column_of (p, p->pos);
  char *start = p->doc->strings + p->strings_used;
  char *dest = start;

  p->pos++;
  for (;;)
    {
      guchar c;

      if (p->pos >= p->len)
        return fail_at (p, line, column, error, _ ("unterminated string"));
      c = (guchar)p->data[p->pos];
      if (c == '"')
        break;
      if (c < 0x20)
        return fail_at (p, p->line, column_of (p, p->pos), error,
                        _ ("the control character \\x%02x must be escaped in a string"), c);
      if (c == '\\')
        {
          if (!parse_escape (p, &dest, error))
            return FALSE;
          continue;
        }
      *dest++ = (char)c;
      p->pos++;
    }
  p->pos++;
  *dest++ = '\0';
  p->strings_used = (gsize)(dest - p->doc->strings);
  *out = start;
  return TRUE;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '+' || c == '-';
}

static gsize
skip_digits (Parser *p, gsize pos)
{
  while (pos < p->len && g_ascii_isdigit (p->data[pos]))
    pos++;
  return pos;
}

/* The end of the number starting at p->pos by JSON's grammar, or 0. */
static gsize
scan_number (Parser *p)
{
  gsize pos = p->pos, digits;

  if (pos < p->len && p->data[pos] == '-')
    pos++;
  if (pos < p->len && p->data[pos] == '0')
    pos++;
  else if ((digits = skip_digits (p, pos)) > pos)
    pos = digits;
  else
    return 0;
  if (pos < p->len && p->data[pos] == '.')
    {
      if ((digits = skip_digits (p, pos + 1)) == pos + 1)
        return 0;
      pos = digits;
    }
  if (pos < p->len && (p->data[pos] == 'e' || p->data[pos] == 'E'))
    {
      pos++;
      if (pos < p->len && (p->data[pos] == '+' || p->data[pos] == '-'))
        pos++;
      if ((digits = skip_digits (p, pos)) == pos)
        return 0;
      pos = digits;
    }
  /* "01", "1x", "1.": one token that is not a number. */
  if (pos < p->len && is_word_char (p->data[pos]))
    return 0;
  return pos;
}

static gboolean
parse_number (Parser *p, guint32 *out, GError **error)
{
  gsize end = scan_number (p);
  guint column = column_of (p, p->pos);
  char *text = p->doc->strings + p->strings_used;

  if (end == 0)
    return fail_at (p, p->line, column, error, _ ("invalid number"));
  memcpy (text, p->data + p->pos, end - p->pos);
  text[end - p->pos] = '\0';
  p->strings_used += end - p->pos + 1;
  *out = add_node (p, MANIFEST_JSON_NUMBER, p->line, column);
  node_at (p, *out)->text = text;
  p->pos = end;
  return TRUE;
}

/* true, false or null, or an error about the word at the position. */
static gboolean
parse_literal (Parser *p, guint32 *out, GError **error)
{
  static const struct
  {
    const char *word;
    ManifestJsonType type;
  } literals[] = {
    { "true", MANIFEST_JSON_TRUE },
    { "false", MANIFEST_JSON_FALSE },
    { "null", MANIFEST_JSON_NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i].word);

      if (p->len - p->pos >= n && memcmp (p->data + p->pos, literals[i].word, n) == 0
          && (p->pos + n == p->len || !is_word_char (p->data[p->pos + n])))
        {
          *out = add_node (p, literals[i].type, p->line, column_of (p, p->pos));
          p->pos += n;
          return TRUE;
        }
    }
  return fail_unexpected (p, _ ("a value"), error);
}

/* Checks that the key @key_node (not linked yet) is not already a key of
 * @object, which has @n_keys keys so far; @seen is a key → node index
 * table made once the object grows past LINEAR_KEY_SEARCH_MAX keys. */
static gboolean
check_duplicate (Parser *p, guint32 object, guint n_keys, GHashTable **seen, guint32 key_node,
                 GError **error)
{
  const char *key = node_at (p, key_node)->text;
  guint32 first = 0;

  if (n_keys > LINEAR_KEY_SEARCH_MAX && *seen == NULL)
    {
      *seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint32 k = node_at (p, object)->first; k != 0;
           k = node_at (p, node_at (p, k)->next)->next)
        g_hash_table_insert (*seen, (gpointer)node_at (p, k)->text, GUINT_TO_POINTER (k));
    }
  if (*seen != NULL)
    first = GPOINTER_TO_UINT (g_hash_table_lookup (*seen, key));
  else
    for (guint32 k = node_at (p, object)->first; k != 0 && first == 0;
         k = node_at (p, node_at (p, k)->next)->next)
      if (strcmp (node_at (p, k)->text, key) == 0)
        first = k;
  if (first != 0)
    {
      const ManifestJsonNode *before = node_at (p, first);
      const ManifestJsonNode *again = node_at (p, key_node);
      g_autofree char *quoted = manifest_quote (key);

      return fail_at (p, again->line, again->column, error,
                      _ ("the key “%s” is given twice (first at line %u, column %u)"), quoted,
                      before->line, before->column);
    }
  if (*seen != NULL)
    g_hash_table_insert (*seen, (gpointer)key, GUINT_TO_POINTER (key_node));
  return TRUE;
}

/* Appends @child to the children of @parent after @last (0: first child). */
static void
link_child (Parser *p, guint32 parent, guint32 last, guint32 child)
{
  if (last == 0)
    node_at (p, parent)->first = child;
  else
    node_at (p, last)->next = child;
}

/* After a member or element: "," (then not the closing bracket) or the
 * closing bracket.  *@done is set at the closing bracket. */
static gboolean
parse_separator (Parser *p, char close, gboolean *done, GError **error)
{
  if (!skip_space (p, error))
    return FALSE;
  if (p->pos < p->len && p->data[p->pos] == close)
    {
      p->pos++;
      *done = TRUE;
      return TRUE;
    }
  if (p->pos >= p->len || p->data[p->pos] != ',')
    return fail_unexpected (p, close == '}' ? _ ("“,” or “}”") : _ ("“,” or “]”"), error);
  p->pos++;
  if (!skip_space (p, error))
    return FALSE;
  if (p->pos < p->len && p->data[p->pos] == close)
    return fail_at (p, p->line, column_of (p, p->pos), error,
                    close == '}' ? _ ("a comma before “}” (trailing commas are not JSON)")
                                 : _ ("a comma before “]” (trailing commas are not JSON)"));
  *done = FALSE;
  return TRUE;
}

static void
set_step (Parser *p, const char *key, guint index)
{
  p->path[p->depth - 1].key = key;
  p->path[p->depth - 1].index = index;
}

/* "KEY": VALUE, at the key. */
static gboolean
parse_member (Parser *p, guint32 object, guint n_keys, GHashTable **seen, guint32 *last,
              GError **error)
{
  guint line = p->line, column = column_of (p, p->pos);
  const char *key;
  guint32 key_node, value;

  if (p->pos >= p->len || p->data[p->pos] != '"')
    return fail_unexpected (p, _ ("a key (a string in double quotes)"), error);
  if (!parse_string (p, &key, error))
    return FALSE;
  key_node = add_node (p, MANIFEST_JSON_STRING, line, column);
  node_at (p, key_node)->text = key;
  if (!check_duplicate (p, object, n_keys, seen, key_node, error))
    return FALSE;
  if (!skip_space (p, error))
    return FALSE;
  if (p->pos >= p->len || p->data[p->pos] != ':')
    return fail_unexpected (p, _ ("“:”"), error);
  p->pos++;
  set_step (p, key, 0);
  if (!parse_value (p, &value, error))
    return FALSE;
  set_step (p, NULL, NO_INDEX);
  link_child (p, object, *last, key_node);
  node_at (p, key_node)->next = value;
  *last = value;
  return TRUE;
}

/* An object, after its "{". */
static gboolean
parse_object (Parser *p, guint32 object, GError **error)
{
  g_autoptr (GHashTable) seen = NULL;
  gboolean done = FALSE;
  guint32 last = 0;

  if (!skip_space (p, error))
    return FALSE;
  if (p->pos < p->len && p->data[p->pos] == '}')
    {
      p->pos++;
      return TRUE;
    }
  for (guint n = 0; !done; n++)
    if (!parse_member (p, object, n, &seen, &last, error)
        || !parse_separator (p, '}', &done, error))
      return FALSE;
  return TRUE;
}

/* An array, after its "[". */
static gboolean
parse_array (Parser *p, guint32 array, GError **error)
{
  gboolean done = FALSE;
  guint32 last = 0, child;

  if (!skip_space (p, error))
    return FALSE;
  if (p->pos < p->len && p->data[p->pos] == ']')
    {
      p->pos++;
      return TRUE;
    }
  for (guint i = 0; !done; i++)
    {
      set_step (p, NULL, i);
      if (!parse_value (p, &child, error))
        return FALSE;
      set_step (p, NULL, NO_INDEX);
      link_child (p, array, last, child);
      last = child;
      if (!parse_separator (p, ']', &done, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_container (Parser *p, ManifestJsonType type, guint32 *out, GError **error)
{
  gboolean ok;

  if (p->depth >= HUTCH_MANIFEST_MAX_DEPTH)
    return fail_at (p, p->line, column_of (p, p->pos), error, _ ("nested deeper than %d levels"),
                    HUTCH_MANIFEST_MAX_DEPTH);
  *out = add_node (p, type, p->line, column_of (p, p->pos));
  p->pos++;
  p->depth++;
  set_step (p, NULL, NO_INDEX);
  ok = type == MANIFEST_JSON_OBJECT ? parse_object (p, *out, error) : parse_array (p, *out, error);
  p->depth--;
  return ok;
}

static gboolean
parse_value (Parser *p, guint32 *out, GError **error)
{
  guint line, column;
  const char *text;
  char c;

  if (!skip_space (p, error))
    return FALSE;
  if (p->pos >= p->len)
    return fail_unexpected (p, _ ("a value"), error);
  c = p->data[p->pos];
  if (c == '{')
    return parse_container (p, MANIFEST_JSON_OBJECT, out, error);
  if (c == '[')
    return parse_container (p, MANIFEST_JSON_ARRAY, out, error);
  if (c == '-' || g_ascii_isdigit (c))
    return parse_number (p, out, error);
  if (c != '"')
    return parse_literal (p, out, error);
  line = p->line;
  column = column_of (p, p->pos);
  if (!parse_string (p, &text, error))
    return FALSE;
  *out = add_node (p, MANIFEST_JSON_STRING, line, column);
  node_at (p, *out)->text = text;
  return TRUE;
}

/* The input must be UTF-8 without NUL bytes: after this, every string is. */
static gboolean
check_encoding (Parser *p, GError **error)
{
  const char *end = NULL;

  if (g_utf8_validate_len (p->data, p->len, &end))
    return TRUE;
  /* Find the line and column of the bad byte. */
  for (p->pos = 0; p->data + p->pos < end; p->pos++)
    if (p->data[p->pos] == '\n')
      advance_line (p, p->pos);
  if (*end == '\0')
    return fail_at (p, p->line, column_of (p, p->pos), error, _ ("a NUL byte"));
  return fail_at (p, p->line, column_of (p, p->pos), error, _ ("invalid UTF-8 (the byte \\x%02x)"),
                  (guchar)*end);
}

ManifestJsonDoc *
manifest_json_parse (const char *data, gsize len, const char *filename, GError **error)
{
  g_autoptr (ManifestJsonDoc) doc = NULL;
  Parser p = { data != NULL ? data : "", len, 0, 1, 0, filename };
  guint32 root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > HUTCH_MANIFEST_MAX_SIZE)
    {
      manifest_set_error (error, filename, 0, 0, NULL, _ ("larger than %d bytes"),
                          HUTCH_MANIFEST_MAX_SIZE);
      return NULL;
    }
  if (!check_encoding (&p, error))
    return NULL;
  p.pos = 0;
  p.line = 1;
  p.line_start = 0;
  doc = g_new0 (ManifestJsonDoc, 1);
  doc->nodes = g_array_sized_new (FALSE, TRUE, sizeof (ManifestJsonNode), 64);
  /* Every decoded string, with its NUL, fits in the bytes of its text. */
  doc->strings = g_malloc (len + 1);
  p.doc = doc;
  add_node (&p, MANIFEST_JSON_NULL, 0, 0);
  /* A byte-order mark is not JSON text, but editors write one. */
  if (len >= 3 && memcmp (p.data, "\xef\xbb\xbf", 3) == 0)
    p.pos = 3;
  if (!parse_value (&p, &root, error) || !skip_space (&p, error))
    return NULL;
  if (p.pos < p.len)
    {
      fail_unexpected (&p, _ ("the end of the file after the value"), error);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

void
manifest_json_doc_free (ManifestJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_array_unref (doc->nodes);
  g_free (doc->strings);
  g_free (doc);
}

const ManifestJsonNode *
manifest_json_root (const ManifestJsonDoc *doc)
{
  return &g_array_index (doc->nodes, ManifestJsonNode, 1);
}

static const ManifestJsonNode *
node_or_null (const ManifestJsonDoc *doc, guint32 index)
{
  return index != 0 ? &g_array_index (doc->nodes, ManifestJsonNode, index) : NULL;
}

const ManifestJsonNode *
manifest_json_first (const ManifestJsonDoc *doc, const ManifestJsonNode *node)
{
  return node_or_null (doc, node->first);
}

const ManifestJsonNode *
manifest_json_next (const ManifestJsonDoc *doc, const ManifestJsonNode *node)
{
  return node_or_null (doc, node->next);
}

const ManifestJsonNode *
manifest_json_lookup (const ManifestJsonDoc *doc, const ManifestJsonNode *object, const char *key)
{
  g_return_val_if_fail (object->type == MANIFEST_JSON_OBJECT, NULL);

  for (const ManifestJsonNode *k = manifest_json_first (doc, object); k != NULL;
       k = manifest_json_next (doc, manifest_json_next (doc, k)))
    if (strcmp (k->text, key) == 0)
      return manifest_json_next (doc, k);
  return NULL;
}

const char *
manifest_json_type_name (ManifestJsonType type)
{
  switch (type)
    {
      case MANIFEST_JSON_NULL:
        return _ ("null");
      case MANIFEST_JSON_FALSE:
      case MANIFEST_JSON_TRUE:
        return _ ("a boolean");
      case MANIFEST_JSON_NUMBER:
        return _ ("a number");
      case MANIFEST_JSON_STRING:
        return _ ("a string");
      case MANIFEST_JSON_ARRAY:
        return _ ("an array");
      case MANIFEST_JSON_OBJECT:
      default:
        return _ ("an object");
    }
}
