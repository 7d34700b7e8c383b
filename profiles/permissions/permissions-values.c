/* The grammar of permission values other than filesystems: bus names and
 * policies, environment variables, persistent paths, seccomp profiles and
 * rules, resource limits.
 *
 * What this defends against: untrusted metadata reaching the D-Bus proxy,
 * the environment, a path under ~/.var/app, the seccomp compiler or a
 * cgroup with text they would misread.  Each value is checked against a
 * small grammar and bounded; numbers are parsed without sign, whitespace or
 * overflow; a seccomp rule is run through the seccomp profile parser itself
 * so that a bad one is an error where it was written, not at launch.
 * Messages quote untrusted text only escaped and cut short.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "permissions-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "seccomp-profile.h"

/* The D-Bus specification's limit. */
#define BUS_NAME_MAX_LENGTH     255
#define ENV_NAME_MAX_LENGTH     255
#define SECCOMP_NAME_MAX_LENGTH 64
#define PATH_MAX_LENGTH         4096
#define PIDS_MAX_LIMIT          4194304 /* the kernel's PID_MAX_LIMIT */
#define CPU_WEIGHT_MAX          10000   /* cgroup v2 cpu.weight */
#define NOFILE_MAX              1048576 /* the kernel's default fs.nr_open */

char *
hutch_find_control_char (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        return g_strdup_printf (c < 0x80 ? "\\x%02x" : "\\u%04x", (guint)c);
    }
  return NULL;
}

#define fail(error, ...) hutch_fail ((error), HUTCH_ERROR_INVALID_PROFILE, __VA_ARGS__)

/* Why @name is not a well-known bus name (without a trailing ".*"), or NULL. */
static const char *
bus_name_problem (const char *name)
{
  guint n_elements = 1;
  gboolean at_element_start = TRUE;

  if (name[0] == '\0')
    return _ ("it is empty");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (at_element_start)
            return _ ("an element is empty");
          n_elements++;
          at_element_start = TRUE;
          continue;
        }
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return _ ("only A–Z, a–z, 0–9, “_”, “-” and “.” are allowed, and “.*” at the end");
      if (at_element_start && g_ascii_isdigit (*p))
        return _ ("an element starts with a digit");
      at_element_start = FALSE;
    }
  if (at_element_start)
    return _ ("an element is empty");
  if (n_elements < 2)
    return _ ("it needs at least two elements");
  return NULL;
}

/* A well-known name ("org.example.App"), or all the names below one
 * ("org.example.App.*"); not a unique name (":1.42"). */
gboolean
hutch_bus_name_validate (const char *name, GError **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *too_long = NULL;
  const char *problem;

  if (strlen (name) > BUS_NAME_MAX_LENGTH)
    problem = too_long = g_strdup_printf (_ ("it is longer than %d bytes"), BUS_NAME_MAX_LENGTH);
  else
    {
      if (g_str_has_suffix (name, ".*"))
        prefix = g_strndup (name, strlen (name) - 2);
      problem = bus_name_problem (prefix != NULL ? prefix : name);
    }
  if (problem == NULL)
    return TRUE;
  quoted = hutch_quote_untrusted (name);
  return fail (error, _ ("“%s” is not a D-Bus name: %s"), quoted, problem);
}

static const char *const bus_policy_names[] = { "none", "see", "talk", "own" };

gboolean
hutch_bus_policy_parse (const char *value, HutchBusPolicy *policy, GError **error)
{
  g_autofree char *quoted = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bus_policy_names); i++)
    {
      if (strcmp (value, bus_policy_names[i]) == 0)
        {
          *policy = (HutchBusPolicy)i;
          return TRUE;
        }
    }
  quoted = hutch_quote_untrusted (value);
  return fail (error, _ ("“%s” is not a bus policy (see, talk, own or none)"), quoted);
}

const char *
hutch_bus_policy_to_string (HutchBusPolicy policy)
{
  g_return_val_if_fail ((guint)policy < G_N_ELEMENTS (bus_policy_names), NULL);
  return bus_policy_names[policy];
}

/* POSIX's portable names: [A-Za-z_][A-Za-z0-9_]*. */
gboolean
hutch_env_name_validate (const char *name, GError **error)
{
  gboolean ok
      = name[0] != '\0' && !g_ascii_isdigit (name[0]) && strlen (name) <= ENV_NAME_MAX_LENGTH;
  g_autofree char *quoted = NULL;

  for (const char *p = name; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '_';
  if (ok)
    return TRUE;
  quoted = hutch_quote_untrusted (name);
  return fail (error,
               _ ("“%s” is not an environment variable name (A–Z, a–z, 0–9 and “_”, not starting "
                  "with a digit, at most %d bytes)"),
               quoted, ENV_NAME_MAX_LENGTH);
}

gboolean
hutch_env_value_validate (const char *value, GError **error)
{
  g_autofree char *quoted = hutch_quote_untrusted (value);
  g_autofree char *plain = NULL;
  g_autofree char *control = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    return fail (error, _ ("“%s” is not valid UTF-8"), quoted);
  /* Tabs and newlines are written as \t and \n in key files; other
   * controls would not read back as they were, and have no business in
   * the environment of a desktop app. */
  plain = g_strdelimit (g_strdup (value), "\t\n", ' ');
  control = hutch_find_control_char (plain);
  if (control != NULL)
    return fail (error, _ ("“%s” contains the control character %s"), quoted, control);
  return TRUE;
}

/* A path relative to the app's data directory: "~/.var/app/ID/PATH"
 * appears at "~/PATH" in the sandbox. */
char *
hutch_persistent_parse (const char *value, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *quoted = hutch_quote_untrusted (value);
  char *path;

  if (value[0] == '/')
    {
      fail (error, _ ("“%s” is not a relative path"), quoted);
      return NULL;
    }
  /* "!PATH" revokes PATH in a key file. */
  if (value[0] == '!')
    {
      fail (error, _ ("“%s”: a persistent path cannot start with “!”"), quoted);
      return NULL;
    }
  if (strlen (value) > PATH_MAX_LENGTH)
    {
      fail (error, _ ("“%s” is longer than %d bytes"), quoted, PATH_MAX_LENGTH);
      return NULL;
    }
  path = hutch_subpath_normalize (value, FALSE, &local_error);
  if (path == NULL)
    fail (error, _ ("“%s” is not a valid path: %s"), quoted, local_error->message);
  /* "./!x" is "!x" once normalized, and would be saved as a revocation. */
  else if (path[0] == '!')
    {
      fail (error, _ ("“%s”: a persistent path cannot start with “!”"), quoted);
      g_clear_pointer (&path, g_free);
    }
  return path;
}

/* A profile name ("strict") or the absolute path of a profile file. */
char *
hutch_seccomp_profile_parse (const char *value, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *subpath = NULL;
  g_autofree char *quoted = hutch_quote_untrusted (value);
  gboolean ok = value[0] != '\0' && strlen (value) <= SECCOMP_NAME_MAX_LENGTH;

  if (value[0] == '/')
    {
      if (strlen (value) > PATH_MAX_LENGTH)
        {
          fail (error, _ ("“%s” is longer than %d bytes"), quoted, PATH_MAX_LENGTH);
          return NULL;
        }
      subpath = hutch_subpath_normalize (value + 1, FALSE, &local_error);
      if (subpath == NULL)
        {
          fail (error, _ ("“%s” is not a valid path: %s"), quoted, local_error->message);
          return NULL;
        }
      return g_strconcat ("/", subpath, NULL);
    }
  for (const char *p = value; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '-' || *p == '_';
  if (!ok)
    {
      fail (error,
            _ ("“%s” is not a seccomp profile: a name (A–Z, a–z, 0–9, “-” and “_”, at most %d "
               "bytes) or an absolute path"),
            quoted, SECCOMP_NAME_MAX_LENGTH);
      return NULL;
    }
  return g_strdup (value);
}

/* One line of the seccomp profile language, checked by its own parser
 * (without includes). */
gboolean
hutch_seccomp_rule_validate (const char *rule, GError **error)
{
  static const char display_name[] = "rule";
  g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *quoted = hutch_quote_untrusted (rule);
  g_autofree char *control = NULL;
  g_autofree char *untabbed = NULL;
  const char *message;

  if (strchr (rule, '\n') != NULL || strchr (rule, '\r') != NULL)
    return fail (error, _ ("“%s”: a rule is one line"), quoted);
  /* The parser takes anything in a comment; a rule is also stored in key
   * files and shown to the user. */
  if (!g_utf8_validate (rule, -1, NULL))
    return fail (error, _ ("“%s” is not valid UTF-8"), quoted);
  untabbed = g_strdelimit (g_strdup (rule), "\t", ' ');
  control = hutch_find_control_char (untabbed);
  if (control != NULL)
    return fail (error, _ ("“%s”: a rule contains the control character %s"), quoted, control);
  if (rule[strspn (rule, " \t")] == '\0')
    return fail (error, _ ("a rule is empty"));
  if (hutch_seccomp_profile_load_data (profile, display_name, rule, strlen (rule), NULL,
                                       &local_error))
    return TRUE;

  /* "rule:1: unknown syscall …": the line is always 1. */
  message = local_error->message;
  if (g_str_has_prefix (message, "rule:1: "))
    message += strlen ("rule:1: ");
  /* TRANSLATORS: a value (a filesystem, a seccomp rule), and what is wrong with it */
  return fail (error, _ ("“%s”: %s"), quoted, message);
}

static const char *const resource_names[HUTCH_N_RESOURCES] = {
  "memory-max",
  "pids-max",
  "cpu-weight",
  "nofile",
};

const char *
hutch_resource_name (HutchResource which)
{
  g_return_val_if_fail (which < HUTCH_N_RESOURCES, NULL);
  return resource_names[which];
}

/* Decimal digits only, at most @max; no sign, no space, no overflow. */
static gboolean
parse_number (const char *text, gsize len, guint64 max, guint64 *out)
{
  guint64 n = 0;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      if (n > (max - (guint64)(text[i] - '0')) / 10)
        return FALSE;
      n = n * 10 + (guint64)(text[i] - '0');
    }
  *out = n;
  return TRUE;
}

static gboolean
parse_memory (const char *value, gint64 *out)
{
  static const char units[] = "KMGT";
  gsize len = strlen (value);
  guint shift = 0;
  guint64 n;

  if (strcmp (value, "max") == 0)
    {
      *out = 0;
      return TRUE;
    }
  if (len > 0 && strchr (units, value[len - 1]) != NULL)
    {
      shift = 10 * (guint)(strchr (units, value[len - 1]) - units + 1);
      len--;
    }
  if (!parse_number (value, len, (guint64)G_MAXINT64 >> shift, &n) || n == 0)
    return FALSE;
  *out = (gint64)(n << shift);
  return TRUE;
}

gboolean
hutch_resource_parse (HutchResource which, const char *value, gint64 *out, GError **error)
{
  g_autofree char *quoted = hutch_quote_untrusted (value);
  guint64 n;

  g_return_val_if_fail (which < HUTCH_N_RESOURCES, FALSE);

  switch (which)
    {
      case HUTCH_RESOURCE_MEMORY_MAX:
        if (parse_memory (value, out))
          return TRUE;
        return fail (error,
                     _ ("“%s” is not a memory size (a number of bytes, optionally followed by K, "
                        "M, G or T, or “max”)"),
                     quoted);
      case HUTCH_RESOURCE_PIDS_MAX:
        if (strcmp (value, "max") == 0)
          n = 0;
        else if (!parse_number (value, strlen (value), PIDS_MAX_LIMIT, &n) || n == 0)
          return fail (error, _ ("“%s” is not a number of processes from 1 to %d, or “max”"),
                       quoted, PIDS_MAX_LIMIT);
        break;
      case HUTCH_RESOURCE_CPU_WEIGHT:
        if (!parse_number (value, strlen (value), CPU_WEIGHT_MAX, &n) || n == 0)
          return fail (error, _ ("“%s” is not a CPU weight from 1 to %d"), quoted, CPU_WEIGHT_MAX);
        break;
      case HUTCH_RESOURCE_NOFILE:
      case HUTCH_N_RESOURCES:
      default:
        if (!parse_number (value, strlen (value), NOFILE_MAX, &n) || n == 0)
          return fail (error, _ ("“%s” is not a number of open files from 1 to %d"), quoted,
                       NOFILE_MAX);
        break;
    }
  *out = (gint64)n;
  return TRUE;
}

/* As hutch_resource_parse() reads it: "max", "512M", "1000". */
char *
hutch_resource_to_string (HutchResource which, gint64 value)
{
  static const char units[] = "TGMK";

  if (value == 0 && (which == HUTCH_RESOURCE_MEMORY_MAX || which == HUTCH_RESOURCE_PIDS_MAX))
    return g_strdup ("max");
  if (which == HUTCH_RESOURCE_MEMORY_MAX)
    {
      for (guint i = 0; i < 4; i++)
        {
          guint shift = 10 * (4 - i);
          if ((value & ((G_GINT64_CONSTANT (1) << shift) - 1)) == 0)
            return g_strdup_printf ("%" G_GINT64_FORMAT "%c", value >> shift, units[i]);
        }
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}
