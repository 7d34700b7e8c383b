/* Rewriting the desktop files and D-Bus service files an app exports.
 *
 * What this defends against: the text comes from the app's deploy, and the
 * host's desktop and session bus act on it outside any sandbox.  An app
 * must not get a command run on the host, must not be launched outside its
 * sandbox, must not confuse the parsers that read the exported file, and
 * must not pass for another app.  So:
 *
 *   - Every command is rewritten to `BINDIR/app run --branch=B --arch=A
 *     --command=CMD ID ARG…`: CMD is one argument glued to its option, so
 *     it is never taken for an option of `app`, and `app` stops parsing
 *     options at ID, so ARG… all go to the app.
 *   - An Exec value is parsed exactly (Desktop Entry Specification, "The
 *     Exec key": double quotes with \" \` \$ \\ escapes; single quotes and
 *     backslashes outside quotes as GLib's launcher also accepts them), then
 *     every argument is quoted again on output the way the specification
 *     says.  Field codes pass through only where they are unambiguous: never
 *     as the command, never inside an argument that needs quoting; %F, %U
 *     and %i only as whole arguments; deprecated codes (%d %D %n %N %v %m)
 *     are dropped, unknown ones refused.  What fails to parse is refused.
 *   - Only [Desktop Entry] (first, Type=Application) and the [Desktop
 *     Action …] groups its Actions= lists are kept: other groups (Unity's
 *     shortcut groups, say) may carry commands some desktop would run.
 *     TryExec and Path name things inside the sandbox, X-…Exec…/X-…Script…
 *     keys are hooks that run host programs, localized Exec keys are not in
 *     the specification but some parser may read them, X-Hutch and
 *     X-Flatpak would let an app claim another identity, X-KDE-SubstituteUID
 *     and X-KDE-Username have KDE ask for another user's password (root's)
 *     to run the command as that user: all are removed.
 *   - No argument may be $NAME or contain ${NAME}: systemd, which some
 *     launchers start apps with, replaces those with the host's
 *     environment.
 *     Icon is kept only if it names one of the app's own icons.
 *   - Input and output are valid UTF-8 without control characters (but
 *     newlines), with bounded lines, only the specification's escape
 *     sequences in values, no group and no key twice (GKeyFile
 *     keeps duplicate keys and other parsers pick another one than it
 *     does).  The output is parsed again and checked: every Exec in it runs
 *     `app run` for this app.
 *   - A D-Bus service file is written anew with only Name (which must be
 *     the file's name) and the rewritten Exec: dbus-daemon does not
 *     unescape values and splits Exec like a shell, so arguments are single-
 *     quoted.  SystemdService, User and AssumedAppArmorLabel are dropped.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-exports.h"

#include "hutch-error.h"
#include "hutch-exports-private.h"
#include "hutch-i18n.h"

#include <string.h>

#define DESKTOP_GROUP       "Desktop Entry"
#define ACTION_GROUP_PREFIX "Desktop Action "
#define DBUS_GROUP          "D-BUS Service"

/* Output lines may grow: quoting and key-file escaping at most triple an
 * argument, and the `app run` prefix is added. */
#define MAX_OUTPUT_LINE (4 * HUTCH_EXPORTS_MAX_LINE + 4096)

/* Characters the Desktop Entry Specification reserves: an argument with
 * one of them must be quoted. */
static gboolean
is_reserved (char c)
{
  return c != '\0' && strchr (" \t\n\"'\\><~|&;$*?#()`", c) != NULL;
}

static gboolean
needs_quoting (const char *arg)
{
  if (*arg == '\0')
    return TRUE;
  for (const char *p = arg; *p != '\0'; p++)
    if (is_reserved (*p))
      return TRUE;
  return FALSE;
}

/* Field codes other than %%, in an argument as hutch_desktop_exec_parse()
 * returns it (where every '%' starts a two-character sequence). */
static gboolean
has_field_code (const char *arg)
{
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;
      if (p[1] != '%')
        return TRUE;
      p++;
    }
  return FALSE;
}

/* UTF-8 without control characters, but tabs (separators, checked later). */
static gboolean
check_exec_chars (const char *exec, GError **error)
{
  if (!g_utf8_validate (exec, -1, NULL))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the command line is not valid UTF-8"));
      return FALSE;
    }
  for (const char *p = exec; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c != '\t' && g_unichar_iscntrl (c))
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       _("the command line contains a control character (U+%04X)"), c);
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads one argument at *@pp, undoing the quoting, into @arg. */
static gboolean
split_one (const char **pp, GString *arg, GError **error)
{
  const char *p = *pp;

  while (*p != '\0' && *p != ' ' && *p != '\t')
    {
      if (*p == '"')
        {
          for (p++; *p != '"'; p++)
            {
              if (*p == '\0')
                {
                  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                               _("the command line has an unterminated “\"”"));
                  return FALSE;
                }
              if (*p == '\\' && p[1] != '\0' && strchr ("\"`$\\", p[1]) != NULL)
                p++;
              g_string_append_c (arg, *p);
            }
          p++;
        }
      else if (*p == '\'')
        {
          const char *close = strchr (p + 1, '\'');
          if (close == NULL)
            {
              g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("the command line has an unterminated “'”"));
              return FALSE;
            }
          g_string_append_len (arg, p + 1, close - (p + 1));
          p = close + 1;
        }
      else if (*p == '\\')
        {
          if (p[1] == '\0')
            {
              g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("the command line ends with “\\”"));
              return FALSE;
            }
          g_string_append_c (arg, p[1]);
          p += 2;
        }
      else
        g_string_append_c (arg, *p++);
    }
  *pp = p;
  return TRUE;
}

static gboolean
field_code_error (const char *code, GError **error)
{
  g_autofree char *one = NULL;
  g_autofree char *quoted = NULL;

  if (*code == '\0')
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the command line has a lone “%%” (write “%%%%” for a percent sign)"));
      return FALSE;
    }
  one = g_utf8_substring (code, 0, 1);
  quoted = hutch_quote_untrusted (one);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("the command line has an unknown field code “%%%s”"), quoted);
  return FALSE;
}

/* What systemd, which some launchers start apps with (dbus-broker, KDE),
 * replaces with the host's environment in a command line: ${NAME} anywhere
 * in an argument, and $NAME as a whole argument.  Refused: the app would
 * receive those values. */
static gboolean
check_no_expansion (const char *arg, GError **error)
{
  g_autofree char *quoted = NULL;
  gboolean whole = arg[0] == '$' && arg[1] != '\0'
                   && strspn (arg + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789_") == strlen (arg + 1);

  if (!whole && strstr (arg, "${") == NULL)
    return TRUE;
  quoted = hutch_quote_untrusted (arg);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("the argument “%s” would be replaced with a variable of the host's "
                 "environment by launchers that use systemd"),
               quoted);
  return FALSE;
}

/* Checks the field codes of @raw (quoting undone), drops deprecated ones,
 * and adds what remains to @args, unless it was only deprecated codes. */
static gboolean
add_arg (GPtrArray *args, const char *raw, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean dropped = FALSE, standalone = FALSE;
  guint n_codes = 0;

  if (strchr (raw, '\t') != NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("an argument of the command line contains a tab"));
      return FALSE;
    }
  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '%')
        g_string_append_c (out, *p);
      else if (p[1] == '%')
        g_string_append (out, "%%");
      else if (p[1] != '\0' && strchr ("fFuUick", p[1]) != NULL)
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, p[1]);
          n_codes++;
          standalone |= strchr ("FUi", p[1]) != NULL;
        }
      else if (p[1] != '\0' && strchr ("dDnNvm", p[1]) != NULL)
        dropped = TRUE;
      else
        return field_code_error (p + 1, error);
      if (*p == '%')
        p++;
    }
  if (standalone && (n_codes > 1 || out->len != 2))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the field codes %%F, %%U and %%i must stand alone as an argument"));
      return FALSE;
    }
  if (n_codes > 0 && needs_quoting (out->str))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("a field code is in an argument that needs quoting"));
      return FALSE;
    }
  if (dropped && out->len == 0)
    return TRUE;
  g_ptr_array_add (args, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

/**
 * hutch_desktop_exec_parse:
 * @exec: the value of an Exec key, key-file escapes already undone (as
 *   g_key_file_get_string() returns it); untrusted
 * @error: return location for a %HUTCH_ERROR_FAILED error
 *
 * Splits a desktop file's command line into arguments and undoes their
 * quoting.  In the arguments returned, '%' always starts a two-character
 * sequence: "%%" for a percent sign, or one of the field codes %f %F %u %U
 * %i %c %k; deprecated field codes are gone.  No argument contains a
 * control character.
 *
 * Returns: (transfer full): the arguments, at least one, or %NULL
 */
char **
hutch_desktop_exec_parse (const char *exec, GError **error)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  const char *p = exec;

  g_return_val_if_fail (exec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_exec_chars (exec, error))
    return NULL;
  for (;;)
    {
      g_autoptr (GString) arg = g_string_new (NULL);

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      /* GLib's launcher would take the rest for a shell comment. */
      if (*p == '#')
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       _("an argument of the command line starts with an unquoted “#”"));
          return NULL;
        }
      if (!split_one (&p, arg, error) || !add_arg (args, arg->str, error))
        return NULL;
      if (args->len > HUTCH_EXPORTS_MAX_EXEC_ARGS)
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       _("the command line has more than %d arguments"),
                       HUTCH_EXPORTS_MAX_EXEC_ARGS);
          return NULL;
        }
    }
  if (args->len == 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("the command line is empty"));
      return NULL;
    }
  g_ptr_array_add (args, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&args), FALSE);
}

/**
 * hutch_desktop_exec_quote:
 * @args: arguments as hutch_desktop_exec_parse() returns them
 *
 * Joins @args into an Exec value (before key-file escaping, which
 * g_key_file_set_string() adds): arguments with reserved characters are
 * double-quoted, with '"', '`', '$' and '\' escaped.  Percent signs and
 * field codes are left as they are.
 *
 * Returns: (transfer full): the command line
 */
char *
hutch_desktop_exec_quote (const char *const *args)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (args != NULL, NULL);

  for (guint i = 0; args[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      if (!needs_quoting (args[i]))
        {
          g_string_append (s, args[i]);
          continue;
        }
      g_string_append_c (s, '"');
      for (const char *p = args[i]; *p != '\0'; p++)
        {
          if (strchr ("\"`$\\", *p) != NULL)
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  return g_string_free (s, FALSE);
}

static gboolean
target_is_sound (const HutchExportTarget *target)
{
  return target != NULL && target->ref != NULL && target->ref->kind == HUTCH_REF_KIND_APP
         && hutch_ref_validate (target->ref, NULL) && target->app_bin != NULL
         && g_path_is_absolute (target->app_bin) && g_utf8_validate (target->app_bin, -1, NULL)
         && strchr (target->app_bin, '=') == NULL;
}

/* @prefix and @text, every '%' of @text doubled: a literal Exec argument. */
static char *
exec_literal (const char *prefix, const char *text)
{
  GString *s = g_string_new (prefix);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%')
        g_string_append_c (s, '%');
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/* The `app run` arguments before --command, as Exec arguments. */
static GPtrArray *
run_prefix_args (const HutchExportTarget *target)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, exec_literal ("", target->app_bin));
  g_ptr_array_add (args, g_strdup ("run"));
  g_ptr_array_add (args, exec_literal ("--branch=", target->ref->branch));
  g_ptr_array_add (args, exec_literal ("--arch=", target->ref->arch));
  return args;
}

/* @exec, as parsed again, runs `app run … --command=… ID` for @target. */
static gboolean
exec_runs_target (const HutchExportTarget *target, const char *exec)
{
  g_autoptr (GPtrArray) prefix = run_prefix_args (target);
  g_auto (GStrv) args = hutch_desktop_exec_parse (exec, NULL);
  g_autofree char *id = exec_literal ("", target->ref->id);

  if (args == NULL || g_strv_length (args) < prefix->len + 2)
    return FALSE;
  for (guint i = 0; i < prefix->len; i++)
    if (strcmp (args[i], g_ptr_array_index (prefix, i)) != 0)
      return FALSE;
  return g_str_has_prefix (args[prefix->len], "--command=") && !has_field_code (args[prefix->len])
         && strcmp (args[prefix->len + 1], id) == 0;
}

/**
 * hutch_desktop_exec_rewrite:
 * @target: the app and where `app` is
 * @exec: an Exec value, key-file escapes undone; untrusted
 * @error: return location for a %HUTCH_ERROR_FAILED error
 *
 * `CMD ARG…` becomes `APP run --branch=B --arch=A --command=CMD ID ARG…`.
 * CMD must be a plain program: no field code, no '=' (the specification
 * forbids it in the program's name).
 *
 * Returns: (transfer full): the new Exec value, or %NULL
 */
char *
hutch_desktop_exec_rewrite (const HutchExportTarget *target, const char *exec, GError **error)
{
  g_auto (GStrv) args = NULL;
  g_autoptr (GPtrArray) out = NULL;

  g_return_val_if_fail (target_is_sound (target), NULL);
  g_return_val_if_fail (exec != NULL, NULL);

  args = hutch_desktop_exec_parse (exec, error);
  if (args == NULL)
    return NULL;
  if (has_field_code (args[0]))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the command line's program is a field code"));
      return NULL;
    }
  if (args[0][0] == '\0' || strchr (args[0], '=') != NULL)
    {
      g_autofree char *quoted = hutch_quote_untrusted (args[0]);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("“%s” is not a program name"),
                   quoted);
      return NULL;
    }
  for (guint i = 0; args[i] != NULL; i++)
    if (!check_no_expansion (args[i], error))
      return NULL;
  out = run_prefix_args (target);
  g_ptr_array_add (out, g_strconcat ("--command=", args[0], NULL));
  g_ptr_array_add (out, exec_literal ("", target->ref->id));
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (args[i]));
  g_ptr_array_add (out, NULL);
  return hutch_desktop_exec_quote ((const char *const *)out->pdata);
}

/* Only the escape sequences of the Desktop Entry Specification: \s \n \t
 * \r \\ and, if @list, \; (in lists). */
static gboolean
escapes_are_valid (const char *raw, gboolean list)
{
  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        continue;
      p++;
      if (*p == '\0' || strchr (list ? "sntr\\;" : "sntr\\", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Every value has valid escape sequences.  GLib's parser, in the host's
 * desktop too, takes a bad one for garbage and two of them for a bug of its
 * own (it sets a GError twice, and warns). */
static gboolean
check_escapes (GKeyFile *key_file, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);

      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *raw = g_key_file_get_value (key_file, groups[i], keys[j], NULL);
          if (raw != NULL && !escapes_are_valid (raw, TRUE))
            {
              g_autofree char *quoted = hutch_quote_untrusted (keys[j]);
              g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("the value of %s has an invalid escape sequence"), quoted);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* A string value, or NULL if it is missing or has a bad escape sequence.
 * (Checked here: g_key_file_get_string() returns what it made of a bad one
 * along with an error, and sets that error twice if there are two.) */
static char *
get_string (GKeyFile *key_file, const char *group, const char *key)
{
  g_autofree char *raw = g_key_file_get_value (key_file, group, key, NULL);

  if (raw == NULL || !escapes_are_valid (raw, FALSE))
    return NULL;
  return g_key_file_get_string (key_file, group, key, NULL);
}

/* A key's name without its [locale]; *@localized tells if it had one. */
static char *
key_base (const char *key, gboolean *localized)
{
  gsize len = strcspn (key, "[");

  *localized = key[len] == '[';
  return g_strndup (key, len);
}

/* Valid UTF-8, no control characters but newlines, lines of at most
 * @max_line bytes, no group twice and no key twice in a group. */
static gboolean
check_key_file_text (const char *data, gsize size, gsize max_line, GError **error)
{
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *end = data + size;
  guint line_no = 0;

  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("it is not valid UTF-8 text"));
      return FALSE;
    }
  for (const char *line = data; line < end; line++)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *eol = nl != NULL ? nl : end;
      g_autofree char *name = NULL;

      line_no++;
      if ((gsize)(eol - line) > max_line)
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       _("line %u is longer than %zu bytes"), line_no, (size_t) max_line);
          return FALSE;
        }
      for (const char *p = line; p < eol; p = g_utf8_next_char (p))
        if (g_unichar_iscntrl (g_utf8_get_char (p)))
          {
            g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                         _("line %u contains a control character (U+%04X)"), line_no,
                         g_utf8_get_char (p));
            return FALSE;
          }
      while (line < eol && *line == ' ')
        line++;
      if (line < eol && *line == '[')
        {
          const char *close = g_strrstr_len (line, eol - line, "]");
          name = g_strndup (line + 1, close != NULL ? close - (line + 1) : eol - (line + 1));
          g_hash_table_remove_all (keys);
          if (!g_hash_table_add (groups, g_steal_pointer (&name)))
            {
              g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("line %u starts a group that came before"), line_no);
              return FALSE;
            }
        }
      else if (line < eol && *line != '#' && memchr (line, '=', eol - line) != NULL)
        {
          const char *eq = memchr (line, '=', eol - line);
          while (eq > line && eq[-1] == ' ')
            eq--;
          if (!g_hash_table_add (keys, g_strndup (line, eq - line)))
            {
              g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("line %u sets a key that was set before in its group"), line_no);
              return FALSE;
            }
        }
      line = eol;
    }
  return TRUE;
}

/* Loads @data after check_key_file_text(). */
static GKeyFile *
load_key_file (const char *data, gsize size, GKeyFileFlags flags, GError **error)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;

  if (!check_key_file_text (data, size, HUTCH_EXPORTS_MAX_LINE, error))
    return NULL;
  if (!g_key_file_load_from_data (key_file, data, size, flags, &local_error))
    {
      g_autofree char *quoted = hutch_quote_untrusted (local_error->message);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, "%s", quoted);
      return NULL;
    }
  return g_steal_pointer (&key_file);
}

/* Icon=: kept if it names one of the app's icons (exported with its ID as
 * a prefix), dropped otherwise: a path is outside the sandbox's view, and
 * another name would borrow another app's icon. */
static void
check_icon (GKeyFile *key_file, const char *group, const char *key, const char *app_id,
            GPtrArray *warnings)
{
  g_autofree char *icon = get_string (key_file, group, key);
  g_autofree char *quoted = NULL;

  if (icon != NULL && hutch_id_is_valid (icon, NULL)
      && hutch_exports_name_has_prefix (icon, app_id, TRUE))
    return;
  quoted = hutch_quote_untrusted (icon != NULL ? icon : "");
  hutch_exports_warn (warnings, _("%s=%s is not one of the app's icons: removed"), key, quoted);
  g_key_file_remove_key (key_file, group, key, NULL);
}

/* Keys no exported desktop file may keep (see the top of this file). */
static gboolean
key_is_removed (const char *base, gboolean localized)
{
  g_autofree char *lower = g_ascii_strdown (base, -1);

  if (strcmp (base, "Exec") == 0)
    return localized;
  return strcmp (base, "TryExec") == 0 || strcmp (base, "Path") == 0
         || g_str_has_prefix (base, "X-Hutch") || g_str_has_prefix (base, "X-Flatpak")
         || strcmp (base, "X-KDE-SubstituteUID") == 0 || strcmp (base, "X-KDE-Username") == 0
         || (g_str_has_prefix (base, "X-")
             && (strstr (lower, "exec") != NULL || strstr (lower, "script") != NULL));
}

/* Rewrites the Exec of @group and removes or checks its other keys. */
static gboolean
rewrite_group (GKeyFile *key_file, const char *group, const HutchExportTarget *target,
               gboolean exec_optional, GPtrArray *warnings, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (key_file, group, NULL, NULL);
  g_autoptr (GError) local_error = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *new_exec = NULL;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      gboolean localized;
      g_autofree char *base = key_base (keys[i], &localized);

      if (key_is_removed (base, localized))
        g_key_file_remove_key (key_file, group, keys[i], NULL);
      else if (strcmp (base, "Icon") == 0)
        check_icon (key_file, group, keys[i], target->ref->id, warnings);
    }
  if (!g_key_file_has_key (key_file, group, "Exec", NULL))
    {
      if (exec_optional)
        return TRUE;
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("[%s] has no Exec key"), group);
      return FALSE;
    }
  exec = get_string (key_file, group, "Exec");
  if (exec == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the Exec key of [%s] has an invalid escape sequence"), group);
      return FALSE;
    }
  new_exec = hutch_desktop_exec_rewrite (target, exec, &local_error);
  if (new_exec == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the Exec key of [%s] is invalid: %s"), group, local_error->message);
      return FALSE;
    }
  g_key_file_set_string (key_file, group, "Exec", new_exec);
  return TRUE;
}

/* Rewrites each action group that Actions= lists and drops the others;
 * an action without a command (unless the app is D-Bus activated) goes. */
static gboolean
rewrite_actions (GKeyFile *key_file, const HutchExportTarget *target, gboolean dbus_activatable,
                 GPtrArray *warnings, GError **error)
{
  g_auto (GStrv) actions
      = g_key_file_get_string_list (key_file, DESKTOP_GROUP, "Actions", NULL, NULL);
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    {
      g_autofree char *group = g_strconcat (ACTION_GROUP_PREFIX, actions[i], NULL);
      g_autoptr (GError) local_error = NULL;

      if (*actions[i] == '\0' || !g_key_file_has_group (key_file, group)
          || g_ptr_array_find_with_equal_func (kept, actions[i], g_str_equal, NULL))
        continue;
      if (!rewrite_group (key_file, group, target, dbus_activatable, warnings, &local_error))
        {
          hutch_exports_warn (warnings, _("action skipped: %s"), local_error->message);
          g_key_file_remove_group (key_file, group, NULL);
          continue;
        }
      g_ptr_array_add (kept, g_strdup (actions[i]));
    }
  if (actions != NULL && kept->len == 0)
    g_key_file_remove_key (key_file, DESKTOP_GROUP, "Actions", NULL);
  else if (actions != NULL && kept->len != g_strv_length (actions))
    g_key_file_set_string_list (key_file, DESKTOP_GROUP, "Actions",
                                (const char *const *)kept->pdata, kept->len);
  return TRUE;
}

/* Removes every group but [Desktop Entry] and its listed actions'. */
static void
remove_other_groups (GKeyFile *key_file, GPtrArray *warnings)
{
  g_auto (GStrv) groups = g_key_file_get_groups (key_file, NULL);
  g_auto (GStrv) actions
      = g_key_file_get_string_list (key_file, DESKTOP_GROUP, "Actions", NULL, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *action = g_str_has_prefix (groups[i], ACTION_GROUP_PREFIX)
                               ? groups[i] + strlen (ACTION_GROUP_PREFIX)
                               : NULL;
      g_autofree char *quoted = NULL;

      if (strcmp (groups[i], DESKTOP_GROUP) == 0
          || (action != NULL && actions != NULL
              && g_strv_contains ((const char *const *)actions, action)))
        continue;
      quoted = hutch_quote_untrusted (groups[i]);
      hutch_exports_warn (warnings, _("group [%s] removed"), quoted);
      g_key_file_remove_group (key_file, groups[i], NULL);
    }
}

/* The output, parsed again: every command runs this app in its sandbox. */
static gboolean
verify_desktop_output (const char *data, gsize size, const HutchExportTarget *target,
                       GError **error)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *start = NULL;
  g_autofree char *mark = NULL;
  g_auto (GStrv) groups = NULL;

  if (!check_key_file_text (data, size, MAX_OUTPUT_LINE, error))
    return FALSE;
  if (!g_key_file_load_from_data (key_file, data, size, G_KEY_FILE_NONE, NULL))
    goto bad;
  start = g_key_file_get_start_group (key_file);
  mark = get_string (key_file, DESKTOP_GROUP, "X-Hutch");
  if (g_strcmp0 (start, DESKTOP_GROUP) != 0 || g_strcmp0 (mark, target->ref->id) != 0)
    goto bad;
  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);
      if (strcmp (groups[i], DESKTOP_GROUP) != 0
          && !g_str_has_prefix (groups[i], ACTION_GROUP_PREFIX))
        goto bad;
      for (guint j = 0; keys[j] != NULL; j++)
        {
          gboolean localized;
          g_autofree char *base = key_base (keys[j], &localized);
          g_autofree char *exec = NULL;

          if (strcmp (base, "TryExec") == 0 || (localized && strcmp (base, "Exec") == 0))
            goto bad;
          if (strcmp (keys[j], "Exec") != 0)
            continue;
          exec = get_string (key_file, groups[i], keys[j]);
          if (exec == NULL || !exec_runs_target (target, exec))
            goto bad;
        }
    }
  return TRUE;

bad:
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("the rewritten desktop file does not pass its own checks"));
  return FALSE;
}

/**
 * hutch_exports_rewrite_desktop_file:
 * @target: the app and where `app` is
 * @data: the desktop file's contents, untrusted
 * @size: its length in bytes
 * @warnings: (nullable): where to add messages about what was dropped
 * @error: return location for a %HUTCH_ERROR_FAILED error: the file must
 *   not be exported
 *
 * The desktop file as the host may see it: see the top of this file.
 * Comments and translations are kept.
 *
 * Returns: (transfer full): the new contents, or %NULL
 */
char *
hutch_exports_rewrite_desktop_file (const HutchExportTarget *target, const char *data, gsize size,
                                    GPtrArray *warnings, GError **error)
{
  g_autoptr (GKeyFile) key_file = NULL;
  g_autofree char *start = NULL;
  g_autofree char *type = NULL;
  g_autofree char *out = NULL;
  gboolean dbus_activatable;
  gsize out_size;

  g_return_val_if_fail (target_is_sound (target), NULL);
  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (size > HUTCH_EXPORTS_MAX_DESKTOP_SIZE)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("it is larger than %d bytes"),
                   HUTCH_EXPORTS_MAX_DESKTOP_SIZE);
      return NULL;
    }
  key_file
      = load_key_file (data, size, G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, error);
  if (key_file == NULL)
    return NULL;
  if (!check_escapes (key_file, error))
    return NULL;
  start = g_key_file_get_start_group (key_file);
  type = get_string (key_file, DESKTOP_GROUP, "Type");
  if (g_strcmp0 (start, DESKTOP_GROUP) != 0 || g_strcmp0 (type, "Application") != 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("it does not start with a [Desktop Entry] group of Type=Application"));
      return NULL;
    }
  dbus_activatable = g_key_file_get_boolean (key_file, DESKTOP_GROUP, "DBusActivatable", NULL);
  remove_other_groups (key_file, warnings);
  if (!rewrite_group (key_file, DESKTOP_GROUP, target, dbus_activatable, warnings, error)
      || !rewrite_actions (key_file, target, dbus_activatable, warnings, error))
    return NULL;
  g_key_file_set_string (key_file, DESKTOP_GROUP, "X-Hutch", target->ref->id);
  out = g_key_file_to_data (key_file, &out_size, NULL);
  if (!verify_desktop_output (out, out_size, target, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* Arguments for a shell-like parser (dbus-daemon's, GLib's): plain ones
 * as they are, the others in single quotes. */
static void
append_shell_quoted (GString *s, const char *arg)
{
  gboolean plain = *arg != '\0';

  for (const char *p = arg; *p != '\0' && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("_./=:,@+%-", *p) != NULL;
  if (plain)
    {
      g_string_append (s, arg);
      return;
    }
  g_string_append_c (s, '\'');
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (s, "'\\''");
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
}

static char *
service_exec (const HutchExportTarget *target, char **argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  g_ptr_array_add (args, g_strdup (target->app_bin));
  g_ptr_array_add (args, g_strdup ("run"));
  g_ptr_array_add (args, g_strconcat ("--branch=", target->ref->branch, NULL));
  g_ptr_array_add (args, g_strconcat ("--arch=", target->ref->arch, NULL));
  g_ptr_array_add (args, g_strconcat ("--command=", argv[0], NULL));
  g_ptr_array_add (args, g_strdup (target->ref->id));
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  for (guint i = 0; i < args->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      append_shell_quoted (s, g_ptr_array_index (args, i));
    }
  return g_string_free (s, FALSE);
}

/**
 * hutch_exports_rewrite_dbus_service:
 * @target: the app and where `app` is
 * @name: the bus name the file must be for: its file name without
 *   ".service", which the caller checked is the app's
 * @data: the service file's contents, untrusted
 * @size: its length in bytes
 * @error: return location for a %HUTCH_ERROR_FAILED error
 *
 * A new service file for @name whose Exec runs the app's command in its
 * sandbox.  Everything else in @data is dropped.
 *
 * Returns: (transfer full): the new contents, or %NULL
 */
char *
hutch_exports_rewrite_dbus_service (const HutchExportTarget *target, const char *name,
                                    const char *data, gsize size, GError **error)
{
  g_autoptr (GKeyFile) key_file = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *service_name = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *new_exec = NULL;
  g_auto (GStrv) argv = NULL;
  int argc;

  g_return_val_if_fail (target_is_sound (target), NULL);
  g_return_val_if_fail (name != NULL && hutch_id_is_valid (name, NULL), NULL);

  if (size > HUTCH_EXPORTS_MAX_SERVICE_SIZE)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("it is larger than %d bytes"),
                   HUTCH_EXPORTS_MAX_SERVICE_SIZE);
      return NULL;
    }
  key_file = load_key_file (data, size, G_KEY_FILE_NONE, error);
  if (key_file == NULL)
    return NULL;
  /* dbus-daemon reads values as they are, without unescaping. */
  service_name = g_key_file_get_value (key_file, DBUS_GROUP, "Name", NULL);
  if (g_strcmp0 (service_name, name) != 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("its Name is not %s, the name of the file"), name);
      return NULL;
    }
  exec = g_key_file_get_value (key_file, DBUS_GROUP, "Exec", NULL);
  if (exec == NULL || !g_shell_parse_argv (exec, &argc, &argv, &local_error)
      || argc > HUTCH_EXPORTS_MAX_EXEC_ARGS || argv[0][0] == '\0')
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("its Exec key is missing or invalid"));
      return NULL;
    }
  for (int i = 0; i < argc; i++)
    if (!check_no_expansion (argv[i], error))
      return NULL;
  new_exec = service_exec (target, argv);
  return g_strdup_printf ("[" DBUS_GROUP "]\nName=%s\nExec=%s\n", name, new_exec);
}
