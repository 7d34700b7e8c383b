/* Reading key files from untrusted text, and saying where a problem is.
 *
 * What this defends against: metadata, override and repository files are
 * untrusted.
 * Reads are bounded and refuse anything but regular files (a FIFO planted
 * in their place must not hang `app run`); the text must be UTF-8 without
 * NUL bytes, which GKeyFile would otherwise cut values at silently; and
 * every message that quotes the file escapes what it quotes, so a file
 * cannot drive the user's terminal.
 *
 * Messages name FILE:LINE.  GKeyFile does not keep line numbers, so
 * hutch_keyfile_find_line() finds them again in the raw text, following
 * GKeyFile's own reading of it: leading whitespace is skipped, lines
 * starting with '#' are comments, "[GROUP]" may be followed by whitespace,
 * "KEY = VALUE" may have spaces around '=', a key that appears twice is the
 * last one (as GKeyFile's value is), and a group may appear several times.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

/* Warnings about one file, at most; then one that says there are more. */
#define MAX_WARNINGS 32

typedef struct
{
  const char *start; /* the line without its leading whitespace */
  gsize len;         /* without the line end ("\n" or "\r\n") */
  guint number;
} Line;

/* Steps @line to the next line of @text; FALSE at the end. */
static gboolean
next_line (const char **text, Line *line)
{
  const char *p = *text;
  const char *end;

  if (*p == '\0')
    return FALSE;
  end = strchr (p, '\n');
  if (end == NULL)
    end = p + strlen (p);
  *text = *end == '\n' ? end + 1 : end;
  if (end > p && end[-1] == '\r')
    end--;
  while (p < end && g_ascii_isspace (*p))
    p++;
  line->start = p;
  line->len = (gsize)(end - p);
  line->number++;
  return TRUE;
}

static gboolean
line_is_comment (const Line *line)
{
  return line->len == 0 || line->start[0] == '#';
}

/* The name of the group a "[NAME]" line opens, or FALSE. */
static gboolean
line_group (const Line *line, const char **name, gsize *name_len)
{
  const char *close;

  if (line->len < 2 || line->start[0] != '[')
    return FALSE;
  close = memchr (line->start, ']', line->len);
  if (close == NULL)
    return FALSE;
  for (const char *p = close + 1; p < line->start + line->len; p++)
    if (*p != ' ' && *p != '\t')
      return FALSE;
  *name = line->start + 1;
  *name_len = (gsize)(close - *name);
  return TRUE;
}

/* The key of a "KEY = VALUE" line, or FALSE. */
static gboolean
line_key (const Line *line, const char **key, gsize *key_len)
{
  const char *eq = memchr (line->start, '=', line->len);
  const char *end = eq;

  if (eq == NULL || eq == line->start)
    return FALSE;
  while (end > line->start && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  *key = line->start;
  *key_len = (gsize)(end - line->start);
  return TRUE;
}

static gboolean
span_equal (const char *span, gsize len, const char *str)
{
  return strlen (str) == len && memcmp (span, str, len) == 0;
}

guint
hutch_keyfile_find_line (const char *text, const char *group, const char *key)
{
  Line line = { NULL, 0, 0 };
  gboolean in_group = FALSE;
  guint found = 0;
  const char *name;
  gsize name_len;

  g_return_val_if_fail (group != NULL, 0);

  if (text == NULL)
    return 0;
  while (next_line (&text, &line))
    {
      if (line_is_comment (&line))
        continue;
      if (line_group (&line, &name, &name_len))
        {
          in_group = span_equal (name, name_len, group);
          if (in_group && key == NULL)
            return line.number;
          continue;
        }
      if (in_group && key != NULL && line_key (&line, &name, &name_len)
          && span_equal (name, name_len, key))
        found = line.number;
    }
  return found;
}

/* As GKeyFile wants them: a group name is not empty and holds no '[',
 * ']' or control character. */
static gboolean
group_name_is_valid (const char *name, gsize len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (name[i] == '[' || name[i] == ']' || g_ascii_iscntrl (name[i]))
      return FALSE;
  return TRUE;
}

/* A key is "NAME" or "NAME[LOCALE]"; NAME does not start with a space. */
static gboolean
key_is_valid (const char *key, gsize len)
{
  gsize i = 0;

  while (i < len && key[i] != '[' && key[i] != ']')
    i++;
  if (i == 0 || key[0] == ' ')
    return FALSE;
  if (i == len)
    return TRUE;
  if (key[i] != '[')
    return FALSE;
  for (i++; i < len && (g_ascii_isalnum (key[i]) || strchr ("-_.@", key[i]) != NULL); i++)
    ;
  return i + 1 == len && key[i] == ']';
}

/* The first line GKeyFile cannot make sense of, and why; 0 if none. */
static guint
find_bad_line (const char *text, const char **problem)
{
  Line line = { NULL, 0, 0 };
  gboolean seen_group = FALSE;
  const char *name;
  gsize name_len;

  while (next_line (&text, &line))
    {
      if (line_is_comment (&line))
        continue;
      if (line_group (&line, &name, &name_len))
        {
          seen_group = TRUE;
          if (group_name_is_valid (name, name_len))
            continue;
          *problem = _ ("this group name is not valid");
        }
      else if (!line_key (&line, &name, &name_len))
        *problem = _ ("this line is not a [group], a key=value pair or a comment");
      else if (!seen_group)
        *problem = _ ("a key=value pair comes before the first [group]");
      else if (!key_is_valid (name, name_len))
        *problem = _ ("this key is not valid");
      else
        continue;
      return line.number;
    }
  return 0;
}

static guint
line_of_offset (const char *text, gsize offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

GKeyFile *
hutch_keyfile_load_text (const char *text, gsize len, const char *filename, int error_code,
                         char **out_text, GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *copy = NULL;
  const char *nul = memchr (text, '\0', len);
  const char *end = NULL;
  const char *problem = NULL;
  g_autofree char *escaped = NULL;
  guint line;

  if (nul != NULL)
    {
      g_set_error (error, HUTCH_ERROR, error_code, _ ("%s:%u: the file contains a NUL byte"),
                   filename, line_of_offset (text, (gsize)(nul - text)));
      return NULL;
    }
  if (!g_utf8_validate (text, (gssize)len, &end))
    {
      g_set_error (error, HUTCH_ERROR, error_code, _ ("%s:%u: the file is not valid UTF-8"),
                   filename, line_of_offset (text, (gsize)(end - text)));
      return NULL;
    }
  if (g_key_file_load_from_data (keyfile, text, len, G_KEY_FILE_NONE, &local_error))
    {
      if (out_text != NULL)
        *out_text = g_strndup (text, len);
      return g_steal_pointer (&keyfile);
    }

  copy = g_strndup (text, len);
  line = find_bad_line (copy, &problem);
  if (line > 0)
    {
      g_set_error (error, HUTCH_ERROR, error_code, "%s:%u: %s", filename, line, problem);
      return NULL;
    }
  escaped = hutch_escape_for_terminal (local_error->message, HUTCH_ESCAPE_FLAGS_NONE);
  g_set_error (error, HUTCH_ERROR, error_code, "%s: %s", filename, escaped);
  return NULL;
}

/* Errors are "PATH: why".  Reads at most @max_size + 1 bytes: one more
 * than @max_size is a file too large. */
gboolean
hutch_read_file_bounded (const char *path, gsize max_size, int error_code, char **contents,
                         gsize *length, GError **error)
{
  /* O_NONBLOCK: opening a FIFO must not block. */
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  g_autofree char *buf = NULL;
  gsize len = 0;
  struct stat st;

  if (fd < 0)
    return hutch_set_file_error (error, errno, "%s", path);
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("%s: not a regular file"),
                   path);
      return FALSE;
    }
  buf = g_malloc (max_size + 2);
  while (len < max_size + 1)
    {
      gssize n = read (fd, buf + len, max_size + 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          close (fd);
          return hutch_set_file_error (error, errsv, "%s", path);
        }
      if (n == 0)
        break;
      len += (gsize)n;
    }
  close (fd);
  if (len > max_size)
    {
      g_set_error (error, HUTCH_ERROR, error_code, _ ("%s: larger than %d bytes"), path,
                   (int)max_size);
      return FALSE;
    }
  buf[len] = '\0';
  *contents = g_steal_pointer (&buf);
  *length = len;
  return TRUE;
}

char *
hutch_keyfile_location (const char *text, const char *filename, const char *group, const char *key)
{
  guint line = hutch_keyfile_find_line (text, group, key);

  /* A key we cannot find: its group is the next best place. */
  if (line == 0 && key != NULL)
    line = hutch_keyfile_find_line (text, group, NULL);
  if (line == 0)
    return g_strdup (filename);
  return g_strdup_printf ("%s:%u", filename, line);
}

/* GKeyFile's messages quote the raw value, and vary with its version:
 * say what is wrong ourselves. */
static void
set_value_error (GError **error)
{
  g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                       _ ("the value cannot be read: it has an invalid escape sequence or is not "
                          "UTF-8"));
}

char *
hutch_keyfile_get_string (GKeyFile *keyfile, const char *group, const char *key, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (keyfile, group, key, &local_error);

  if (local_error != NULL)
    {
      set_value_error (error);
      return NULL;
    }
  return g_steal_pointer (&value);
}

char **
hutch_keyfile_get_string_list (GKeyFile *keyfile, const char *group, const char *key,
                               GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) value = g_key_file_get_string_list (keyfile, group, key, NULL, &local_error);

  if (local_error != NULL)
    {
      set_value_error (error);
      return NULL;
    }
  /* An empty value is an empty list. */
  if (value == NULL)
    value = g_new0 (char *, 1);
  return g_steal_pointer (&value);
}

void
hutch_keyfile_prefix_error (GError **error, int code, const char *text, const char *filename,
                            const char *group, const char *key)
{
  g_autofree char *location = NULL;
  g_autofree char *escaped_group = NULL;
  g_autofree char *escaped_key = NULL;
  GError *old;

  if (error == NULL || *error == NULL)
    return;
  old = *error;
  *error = NULL;
  location = hutch_keyfile_location (text, filename, group, key);
  escaped_group = hutch_escape_for_terminal (group, HUTCH_ESCAPE_FLAGS_NONE);
  escaped_key = hutch_escape_for_terminal (key, HUTCH_ESCAPE_FLAGS_NONE);
  if (key != NULL)
    g_set_error (error, HUTCH_ERROR, code, "%s: [%s] %s: %s", location, escaped_group, escaped_key,
                 old->message);
  else
    g_set_error (error, HUTCH_ERROR, code, "%s: [%s]: %s", location, escaped_group, old->message);
  g_error_free (old);
}

void
hutch_keyfile_warn_unknown_key (GPtrArray *warnings, const char *text, const char *filename,
                                const char *group, const char *key)
{
  g_autofree char *location = NULL;
  g_autofree char *quoted_group = NULL;
  g_autofree char *quoted_key = NULL;

  if (warnings == NULL || warnings->len > MAX_WARNINGS)
    return;
  /* Each line is found by a scan of the text: bound the work a file of
   * many unknown keys makes, and the reading it asks of the user. */
  if (warnings->len == MAX_WARNINGS)
    {
      g_ptr_array_add (warnings,
                       g_strdup_printf (_ ("%s: more unknown keys and groups, ignored"), filename));
      return;
    }
  location = hutch_keyfile_location (text, filename, group, key);
  quoted_group = hutch_quote_untrusted (group);
  if (key == NULL)
    {
      g_ptr_array_add (warnings, g_strdup_printf (_ ("%s: unknown group [%s], ignored"), location,
                                                  quoted_group));
      return;
    }
  quoted_key = hutch_quote_untrusted (key);
  g_ptr_array_add (warnings, g_strdup_printf (_ ("%s: unknown key “%s” in group [%s], ignored"),
                                              location, quoted_key, quoted_group));
}
