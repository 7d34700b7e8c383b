/* Seccomp profiles: reading files and texts line by line, includes, `allow`,
 * and the canonical form of a profile.
 *
 * What this defends against: an app's extra rules are untrusted text.  The
 * loader bounds what it reads (file size, line length, rule count, include
 * depth), refuses include cycles, reads includes only from the directory it
 * was given and only by plain names (no '/', no ".."), and never reads
 * anything but regular files.  The grammar of a line is in seccomp-parse.c.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "installation/hutch-i18n.h"

#define SUFFIX ".seccomp"

struct _HutchSeccompProfile
{
  GPtrArray *rules; /* of HutchSeccompRule, in the order written */
};

typedef struct
{
  HutchSeccompProfile *profile;
  const char *include_dir; /* NULL: includes are refused */
  GPtrArray *stack;        /* names of the profiles being read, outermost first */
} Loader;

G_DEFINE_QUARK (hutch - seccomp - error - quark, hutch_seccomp_error)

HutchSeccompProfile *
hutch_seccomp_profile_new (void)
{
  HutchSeccompProfile *profile = g_new0 (HutchSeccompProfile, 1);

  profile->rules = g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_seccomp_rule_free);
  return profile;
}

void
hutch_seccomp_profile_free (HutchSeccompProfile *profile)
{
  g_ptr_array_unref (profile->rules);
  g_free (profile);
}

guint
hutch_seccomp_profile_get_n_rules (HutchSeccompProfile *profile)
{
  return profile->rules->len;
}

const HutchSeccompRule *
hutch_seccomp_profile_get_rule (HutchSeccompProfile *profile, guint i)
{
  g_return_val_if_fail (i < profile->rules->len, NULL);
  return g_ptr_array_index (profile->rules, i);
}

/* `allow SYSCALL`: drops the denies of SYSCALL written so far. */
static void
profile_allow (HutchSeccompProfile *profile, const char *syscall)
{
  guint i = 0;

  while (i < profile->rules->len)
    {
      HutchSeccompRule *rule = g_ptr_array_index (profile->rules, i);

      if (strcmp (rule->syscall, syscall) == 0)
        g_ptr_array_remove_index (profile->rules, i);
      else
        i++;
    }
}

static gboolean
set_error_from_errno (GError **error, int saved_errno)
{
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

/* Reads all of @fd, a regular file, if it holds at most
 * HUTCH_SECCOMP_MAX_FILE_SIZE bytes. */
static gboolean
read_fd_limited (int fd, char **contents, gsize *length, GError **error)
{
  g_autofree char *buf = NULL;
  gsize len = 0;
  struct stat st;

  if (fstat (fd, &st) != 0)
    return set_error_from_errno (error, errno);
  if (!S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _ ("not a regular file"));
      return FALSE;
    }
  buf = g_malloc (HUTCH_SECCOMP_MAX_FILE_SIZE + 1);
  while (len <= HUTCH_SECCOMP_MAX_FILE_SIZE)
    {
      ssize_t n = read (fd, buf + len, HUTCH_SECCOMP_MAX_FILE_SIZE + 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_error_from_errno (error, errno);
      if (n == 0)
        break;
      len += (gsize)n;
    }
  if (len > HUTCH_SECCOMP_MAX_FILE_SIZE)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("larger than %d bytes"), HUTCH_SECCOMP_MAX_FILE_SIZE);
      return FALSE;
    }
  *contents = g_steal_pointer (&buf);
  *length = len;
  return TRUE;
}

static gboolean
read_limited (const char *path, char **contents, gsize *length, GError **error)
{
  /* O_NONBLOCK: a FIFO planted where a profile is expected must not hang us. */
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  gboolean ok;

  if (fd < 0)
    return set_error_from_errno (error, errno);
  ok = read_fd_limited (fd, contents, length, error);
  close (fd);
  return ok;
}

/* "a" for "a.seccomp", the name includes use. */
static char *
profile_name_from_file (const char *file)
{
  if (g_str_has_suffix (file, SUFFIX) && strlen (file) > strlen (SUFFIX))
    return g_strndup (file, strlen (file) - strlen (SUFFIX));
  return g_strdup (file);
}

static gboolean load_text (Loader *loader, const char *file, const char *data, gsize len,
                           GError **error);

/* "a → b → a" */
static char *
describe_cycle (Loader *loader, guint first, const char *name)
{
  GString *s = g_string_new (NULL);

  for (guint i = first; i < loader->stack->len; i++)
    {
      g_string_append (s, g_ptr_array_index (loader->stack, i));
      g_string_append (s, " → ");
    }
  g_string_append (s, name);
  return g_string_free (s, FALSE);
}

static gboolean
load_include (Loader *loader, const char *file, guint line_no, const char *name, GError **error)
{
  g_autofree char *basename = g_strconcat (name, SUFFIX, NULL);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GRefString) included = NULL;
  gsize len;
  gboolean ok;

  if (loader->include_dir == NULL)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_INCLUDE,
                   _ ("%s:%u: include is not allowed here"), file, line_no);
      return FALSE;
    }
  for (guint i = 0; i < loader->stack->len; i++)
    {
      if (strcmp (g_ptr_array_index (loader->stack, i), name) == 0)
        {
          g_autofree char *cycle = describe_cycle (loader, i, name);
          g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_INCLUDE,
                       _ ("%s:%u: include cycle: %s"), file, line_no, cycle);
          return FALSE;
        }
    }
  if (loader->stack->len > HUTCH_SECCOMP_MAX_INCLUDE_DEPTH)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("%s:%u: includes nested more than %d deep"), file, line_no,
                   HUTCH_SECCOMP_MAX_INCLUDE_DEPTH);
      return FALSE;
    }

  path = g_build_filename (loader->include_dir, basename, NULL);
  if (!read_limited (path, &data, &len, &local_error))
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR,
                   g_error_matches (local_error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT)
                       ? HUTCH_SECCOMP_ERROR_LIMIT
                       : HUTCH_SECCOMP_ERROR_INCLUDE,
                   _ ("%s:%u: cannot include “%s”: %s"), file, line_no, name, local_error->message);
      return FALSE;
    }

  included = g_ref_string_new_intern (basename);
  g_ptr_array_add (loader->stack, g_strdup (name));
  ok = load_text (loader, included, data, len, error);
  g_ptr_array_remove_index (loader->stack, loader->stack->len - 1);
  return ok;
}

static gboolean
apply_line (Loader *loader, const char *file, guint line_no, HutchSeccompLine *line, GError **error)
{
  switch (line->kind)
    {
      case HUTCH_SECCOMP_LINE_EMPTY:
        return TRUE;

      case HUTCH_SECCOMP_LINE_DENY:
        if (loader->profile->rules->len >= HUTCH_SECCOMP_MAX_RULES)
          {
            g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                         _ ("%s:%u: more than %d rules"), file, line_no, HUTCH_SECCOMP_MAX_RULES);
            return FALSE;
          }
        g_ptr_array_add (loader->profile->rules, g_steal_pointer (&line->rule));
        return TRUE;

      case HUTCH_SECCOMP_LINE_ALLOW:
        profile_allow (loader->profile, line->name);
        return TRUE;

      case HUTCH_SECCOMP_LINE_INCLUDE:
        return load_include (loader, file, line_no, line->name, error);

      default:
        g_assert_not_reached ();
    }
}

/* @file is a GRefString: the rules keep it. */
static gboolean
load_text (Loader *loader, const char *file, const char *data, gsize len, GError **error)
{
  gsize pos = 0;
  guint line_no = 0;

  if (len > HUTCH_SECCOMP_MAX_FILE_SIZE)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("%s: larger than %d bytes"), file, HUTCH_SECCOMP_MAX_FILE_SIZE);
      return FALSE;
    }

  while (pos < len)
    {
      const char *start = data + pos;
      const char *newline = memchr (start, '\n', len - pos);
      gsize line_len = newline != NULL ? (gsize)(newline - start) : len - pos;
      HutchSeccompLine line = { 0 };
      gboolean ok;

      line_no++;
      ok = hutch_seccomp_parse_line (file, line_no, start, line_len, &line, error)
           && apply_line (loader, file, line_no, &line, error);
      hutch_seccomp_line_clear (&line);
      if (!ok)
        return FALSE;
      pos += line_len + 1;
    }
  return TRUE;
}

gboolean
hutch_seccomp_profile_load_data (HutchSeccompProfile *profile, const char *display_name,
                                 const char *data, gsize len, const char *include_dir,
                                 GError **error)
{
  g_autoptr (GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GRefString) file = g_ref_string_new_intern (display_name);
  Loader loader = { profile, include_dir, stack };

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_ptr_array_add (stack, profile_name_from_file (display_name));
  return load_text (&loader, file, data, len, error);
}

gboolean
hutch_seccomp_profile_load_file (HutchSeccompProfile *profile, const char *path, GError **error)
{
  g_autofree char *display_name = g_filename_display_basename (path);
  g_autofree char *include_dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!read_limited (path, &data, &len, &local_error))
    {
      g_autofree char *display_path = g_filename_display_name (path);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display_path);
      return FALSE;
    }
  return hutch_seccomp_profile_load_data (profile, display_name, data, len, include_dir, error);
}

gboolean
hutch_seccomp_profile_load_named (HutchSeccompProfile *profile, const char *dir, const char *name,
                                  GError **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (dir != NULL && name != NULL, FALSE);

  for (const char *c = name; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
        {
          g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_SYNTAX,
                       _ ("“%s” is not a profile name (letters, digits, - and _)"), name);
          return FALSE;
        }
    }
  if (*name == '\0')
    {
      g_set_error_literal (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_SYNTAX,
                           _ ("empty profile name"));
      return FALSE;
    }
  basename = g_strconcat (name, SUFFIX, NULL);
  path = g_build_filename (dir, basename, NULL);
  return hutch_seccomp_profile_load_file (profile, path, error);
}

static void
append_value_list (GString *s, const HutchSeccompCond *cond)
{
  for (guint i = 0; i < cond->n_values; i++)
    g_string_append_printf (s, "%s0x%" G_GINT64_MODIFIER "x", i ? "," : "", cond->values[i]);
}

static void
append_cond (GString *s, const HutchSeccompCond *cond)
{
  static const char *const ops[] = {
    [HUTCH_SECCOMP_CMP_EQ] = "==", [HUTCH_SECCOMP_CMP_NE] = "!=", [HUTCH_SECCOMP_CMP_LT] = "<",
    [HUTCH_SECCOMP_CMP_LE] = "<=", [HUTCH_SECCOMP_CMP_GT] = ">",  [HUTCH_SECCOMP_CMP_GE] = ">=",
  };

  g_string_append_printf (s, "arg%u%s ", cond->arg, cond->low32 ? ":32" : "");
  switch (cond->cmp)
    {
      case HUTCH_SECCOMP_CMP_EQ:
      case HUTCH_SECCOMP_CMP_NE:
      case HUTCH_SECCOMP_CMP_LT:
      case HUTCH_SECCOMP_CMP_LE:
      case HUTCH_SECCOMP_CMP_GT:
      case HUTCH_SECCOMP_CMP_GE:
        g_string_append_printf (s, "%s 0x%" G_GINT64_MODIFIER "x", ops[cond->cmp], cond->value);
        break;
      case HUTCH_SECCOMP_CMP_MASKED_EQ:
        g_string_append_printf (s, "& 0x%" G_GINT64_MODIFIER "x == 0x%" G_GINT64_MODIFIER "x",
                                cond->mask, cond->value);
        break;
      case HUTCH_SECCOMP_CMP_ANY_BIT:
        g_string_append_printf (s, "& 0x%" G_GINT64_MODIFIER "x", cond->mask);
        break;
      case HUTCH_SECCOMP_CMP_IN:
      case HUTCH_SECCOMP_CMP_NOT_IN:
        g_string_append (s, "in ");
        append_value_list (s, cond);
        break;
      default:
        g_assert_not_reached ();
    }
}

char *
hutch_seccomp_profile_to_string (HutchSeccompProfile *profile)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < profile->rules->len; i++)
    {
      const HutchSeccompRule *rule = g_ptr_array_index (profile->rules, i);
      const char *errno_name = hutch_seccomp_errno_name (rule->errnum);

      g_string_append_printf (s, "deny %s", rule->syscall);
      if (errno_name != NULL)
        g_string_append_printf (s, " errno=%s", errno_name);
      else
        g_string_append_printf (s, " errno=%d", rule->errnum);
      for (guint j = 0; j < rule->n_conds; j++)
        {
          if (rule->conds[j].cmp == HUTCH_SECCOMP_CMP_NOT_IN)
            g_string_append (s, " unless ");
          else
            g_string_append (s, j == 0 ? " if " : " and ");
          append_cond (s, &rule->conds[j]);
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
