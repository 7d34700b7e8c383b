/* The machine's apt sources (/etc/apt/sources.list and sources.list.d/,
 * one-line and deb822 formats), turned into mmdebstrap's MIRROR
 * arguments, so that a runtime is built from the archive this machine
 * uses (a local mirror, a proxy, a snapshot) unless --mirror says else.
 *
 * Defends against: misreading a file the packager did not write for us.
 * Only enabled "deb" entries count; deb-src, disabled stanzas, options
 * other than signed-by and unparsable lines are skipped, never guessed
 * at.  Nothing here is passed through a shell: each entry becomes one
 * argument.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include <string.h>

void
hutch_apt_source_free (HutchAptSource *source)
{
  if (source == NULL)
    return;
  g_free (source->uri);
  g_free (source->suite);
  g_free (source->components);
  g_free (source->signed_by);
  g_free (source);
}

static void
add_source (GPtrArray *sources, const char *uri, const char *suite, const char *components,
            const char *signed_by)
{
  HutchAptSource *source = g_new0 (HutchAptSource, 1);

  source->uri = g_strdup (uri);
  source->suite = g_strdup (suite);
  source->components = g_strdup (components);
  source->signed_by = signed_by != NULL && signed_by[0] == '/' ? g_strdup (signed_by) : NULL;
  g_ptr_array_add (sources, source);
}

/* Words of @line, split at blanks; "[…]" options are one word. */
static GPtrArray *
split_words (const char *line)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  while (*(p += strspn (p, " \t")) != '\0')
    {
      gsize len = p[0] == '[' && strchr (p, ']') != NULL ? (gsize)(strchr (p, ']') - p + 1)
                                                         : strcspn (p, " \t");
      g_ptr_array_add (words, g_strndup (p, len));
      p += len;
    }
  return words;
}

/* signed-by=… in a one-line entry's "[…]" options. */
static char *
find_signed_by (const char *options)
{
  g_autofree char *inner = g_strndup (options + 1, strlen (options) - 2);
  g_auto (GStrv) parts = g_strsplit_set (inner, " \t", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_has_prefix (parts[i], "signed-by="))
      return g_strdup (parts[i] + strlen ("signed-by="));
  return NULL;
}

static void
parse_list_line (const char *line, GPtrArray *sources)
{
  g_autoptr (GPtrArray) words = split_words (line);
  g_autofree char *signed_by = NULL;
  g_autofree char *components = NULL;
  guint i = 1;

  if (words->len < 4 || strcmp (g_ptr_array_index (words, 0), "deb") != 0)
    return;
  if (((const char *)g_ptr_array_index (words, 1))[0] == '[')
    signed_by = find_signed_by (g_ptr_array_index (words, i++));
  if (words->len < i + 3)
    return;
  g_ptr_array_add (words, NULL);
  components = g_strjoinv (" ", (char **)words->pdata + i + 2);
  add_source (sources, g_ptr_array_index (words, i), g_ptr_array_index (words, i + 1), components,
              signed_by);
}

void
hutch_apt_sources_parse_list (const char *text, GPtrArray *sources)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      lines[i][strcspn (lines[i], "#")] = '\0';
      parse_list_line (lines[i], sources);
    }
}

/* The fields of one deb822 stanza, keys in lower case. */
static void
add_stanza (GHashTable *fields, GPtrArray *sources)
{
  const char *types = g_hash_table_lookup (fields, "types");
  const char *enabled = g_hash_table_lookup (fields, "enabled");
  const char *components = g_hash_table_lookup (fields, "components");
  g_auto (GStrv) type_list = NULL, uris = NULL, suites = NULL;

  if (types == NULL || g_hash_table_lookup (fields, "uris") == NULL
      || g_hash_table_lookup (fields, "suites") == NULL
      || (enabled != NULL && g_ascii_strcasecmp (enabled, "no") == 0))
    return;
  type_list = g_strsplit_set (types, " \t", -1);
  if (!g_strv_contains ((const char *const *)type_list, "deb"))
    return;
  uris = g_strsplit_set (g_hash_table_lookup (fields, "uris"), " \t", -1);
  suites = g_strsplit_set (g_hash_table_lookup (fields, "suites"), " \t", -1);
  for (guint u = 0; uris[u] != NULL; u++)
    for (guint s = 0; suites[s] != NULL; s++)
      if (uris[u][0] != '\0' && suites[s][0] != '\0')
        add_source (sources, uris[u], suites[s], components != NULL ? components : "main",
                    g_hash_table_lookup (fields, "signed-by"));
}

static gboolean
is_blank (const char *line)
{
  return line[strspn (line, " \t\r")] == '\0';
}

void
hutch_apt_sources_parse_deb822 (const char *text, GPtrArray *sources)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *key = NULL;

  for (guint i = 0;; i++)
    {
      const char *line = lines[i];
      const char *colon;

      if (line == NULL || is_blank (line))
        {
          add_stanza (fields, sources);
          g_hash_table_remove_all (fields);
          g_clear_pointer (&key, g_free);
          if (line == NULL)
            break;
        }
      else if (line[0] == ' ' || line[0] == '\t')
        {
          /* A folded field goes on: "Suites: a\n b".  (A Signed-By key
           * block goes on too, and then is no path: it is not used.) */
          const char *value = key != NULL ? g_hash_table_lookup (fields, key) : NULL;
          if (value != NULL)
            g_hash_table_replace (fields, g_strdup (key),
                                  g_strstrip (g_strconcat (value, " ", line, NULL)));
        }
      else if (line[0] != '#' && (colon = strchr (line, ':')) != NULL)
        {
          g_free (key);
          key = g_strstrip (g_ascii_strdown (line, colon - line));
          g_hash_table_replace (fields, g_strdup (key), g_strstrip (g_strdup (colon + 1)));
        }
    }
}

static void
read_file (const char *path, gboolean deb822, GPtrArray *sources)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  if (deb822)
    hutch_apt_sources_parse_deb822 (text, sources);
  else
    hutch_apt_sources_parse_list (text, sources);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
hutch_apt_sources_read (const char *dir)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_apt_source_free);
  g_autofree char *list = g_build_filename (dir != NULL ? dir : "/etc/apt", "sources.list", NULL);
  g_autofree char *parts = g_strconcat (list, ".d", NULL);
  g_autoptr (GDir) d = g_dir_open (parts, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  read_file (list, FALSE, sources);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".list") || g_str_has_suffix (name, ".sources"))
      g_ptr_array_add (names, g_strdup (name));
  /* In apt's order: by name. */
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (parts, g_ptr_array_index (names, i), NULL);
      read_file (path, g_str_has_suffix (path, ".sources"), sources);
    }
  return sources;
}

/* @suite itself, or its -updates or -security suite. */
static gboolean
is_suite_of (const char *candidate, const char *suite)
{
  static const char *const extra[] = { "", "-updates", "-security", "/updates" };

  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      g_autofree char *name = g_strconcat (suite, extra[i], NULL);
      if (strcmp (candidate, name) == 0)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
hutch_apt_sources_mirrors_for (GPtrArray *sources, const char *suite)
{
  GPtrArray *mirrors = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sources->len; i++)
    {
      const HutchAptSource *s = g_ptr_array_index (sources, i);
      g_autofree char *options = s->signed_by != NULL
                                     ? g_strdup_printf ("[signed-by=%s] ", s->signed_by)
                                     : g_strdup ("");
      if (is_suite_of (s->suite, suite))
        g_ptr_array_add (
            mirrors, g_strdup_printf ("deb %s%s %s %s", options, s->uri, s->suite, s->components));
    }
  /* Another release than this machine's: from the same archive. */
  for (guint i = 0; mirrors->len == 0 && i < sources->len; i++)
    {
      const HutchAptSource *s = g_ptr_array_index (sources, i);
      if (strpbrk (s->suite, "-/") == NULL)
        g_ptr_array_add (mirrors, g_strdup (s->uri));
    }
  return mirrors;
}
