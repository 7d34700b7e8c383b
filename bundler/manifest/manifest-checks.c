/* Checks of the string values of a manifest.
 *
 * What this defends against: a manifest naming files outside its own
 * directory or outside the build directory ("../../.ssh/id_rsa",
 * "/etc/shadow", "a/../../b"), names that are not one file name where one
 * is written ("x/../../y" as a dest-filename), control characters that
 * would reach a terminal or a key file, and IDs, branches and arches that
 * later become parts of refs and paths.  The checks are lexical: a path
 * that passes can still meet a symbolic link, so whoever opens it opens
 * it beneath its directory (the build does, and manifest-files.c does
 * for the files a manifest includes).
 *
 * Each check fails with a bare message quoting the value; the caller adds
 * where it was written.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <limits.h>
#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

#define URL_MAX 8192

#define fail(error, ...) hutch_fail ((error), HUTCH_ERROR_INVALID_MANIFEST, __VA_ARGS__)

static gboolean
has_control_char (const char *value)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* What every name and path must be: not empty, printable, bounded.
 * @quoted is @value as quoted in messages. */
static gboolean
check_text (const char *value, const char *quoted, gsize max, GError **error)
{
  if (value[0] == '\0')
    return fail (error, "%s", _ ("it is empty"));
  if (strlen (value) > max)
    return fail (error, _ ("“%s” is longer than %zu bytes"), quoted, max);
  if (has_control_char (value))
    return fail (error, _ ("“%s” contains a control character"), quoted);
  return TRUE;
}

/* The elements of the relative path @rel (@value, or its end): none may
 * be "..", "." or empty. */
static gboolean
check_elements (const char *rel, const char *quoted, GError **error)
{
  g_auto (GStrv) elements = g_strsplit (rel, "/", -1);

  for (gsize i = 0; elements[i] != NULL; i++)
    {
      if (strcmp (elements[i], "..") == 0)
        return fail (error, _ ("“%s” leads out of its directory (“..”)"), quoted);
      if (strcmp (elements[i], ".") == 0)
        return fail (error, _ ("“%s” has a “.” element"), quoted);
      if (elements[i][0] == '\0')
        return fail (error, _ ("“%s” has an empty element (“//”, or “/” at the end)"), quoted);
    }
  return TRUE;
}

gboolean
manifest_check_path (const char *value, GError **error)
{
  g_autofree char *quoted = manifest_quote (value);

  if (!check_text (value, quoted, PATH_MAX, error))
    return FALSE;
  if (value[0] == '/')
    return fail (error,
                 _ ("“%s” is an absolute path; paths are relative to the manifest's directory"),
                 quoted);
  return check_elements (value, quoted, error);
}

gboolean
manifest_check_absolute_path (const char *value, GError **error)
{
  g_autofree char *quoted = manifest_quote (value);

  if (!check_text (value, quoted, PATH_MAX, error))
    return FALSE;
  if (value[0] != '/')
    return fail (error, _ ("“%s” must be an absolute path"), quoted);
  return value[1] == '\0' || check_elements (value + 1, quoted, error);
}

gboolean
manifest_check_filename (const char *value, GError **error)
{
  g_autofree char *quoted = manifest_quote (value);

  if (!check_text (value, quoted, NAME_MAX, error))
    return FALSE;
  if (strchr (value, '/') != NULL)
    return fail (error, _ ("“%s” must be a file name, without “/”"), quoted);
  if (strcmp (value, ".") == 0 || strcmp (value, "..") == 0)
    return fail (error, _ ("“%s” is not a file name"), quoted);
  return TRUE;
}

gboolean
manifest_check_app_id (const char *value, GError **error)
{
  return hutch_id_is_valid (value, error);
}

gboolean
manifest_check_runtime_id (const char *value, GError **error)
{
  /* hutch_ref_new() has the runtime's wording; the arch and branch are good. */
  g_autoptr (HutchRef) ref = hutch_ref_new (HUTCH_REF_KIND_RUNTIME, value, "x", "x", error);

  return ref != NULL;
}

gboolean
manifest_check_branch (const char *value, GError **error)
{
  return hutch_branch_is_valid (value, error);
}

gboolean
manifest_check_arch (const char *value, GError **error)
{
  return hutch_arch_is_valid (value, error);
}

gboolean
manifest_check_text (const char *value, GError **error)
{
  g_autofree char *quoted = manifest_quote (value);

  return check_text (value, quoted, PATH_MAX, error);
}

static gboolean
is_url_scheme (const char *start, const char *end)
{
  if (start == end || !g_ascii_isalpha (*start))
    return FALSE;
  for (const char *p = start; p < end; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* SCHEME://REST, without white space or control characters. */
gboolean
manifest_check_url (const char *value, GError **error)
{
  g_autofree char *quoted = manifest_quote (value);
  const char *colon = strstr (value, "://");

  if (!check_text (value, quoted, URL_MAX, error))
    return FALSE;
  if (colon == NULL || colon[3] == '\0' || !is_url_scheme (value, colon))
    return fail (error, _ ("“%s” is not a URL (SCHEME://…)"), quoted);
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return fail (error, _ ("“%s” contains white space; write it as %%20"), quoted);
  return TRUE;
}

gboolean
manifest_check_sha256 (const char *value, GError **error)
{
  g_autofree char *quoted = manifest_quote (value);
  gsize len = strlen (value);

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (value[i]))
      len = 0;
  if (len != 64)
    return fail (error, _ ("“%s” is not a SHA-256 checksum (64 hex digits)"), quoted);
  return TRUE;
}

gboolean
manifest_check_env_name (const char *value, GError **error)
{
  g_autofree char *quoted = manifest_quote (value);
  gboolean ok = value[0] != '\0' && !g_ascii_isdigit (value[0]);

  for (const char *p = value; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '_';
  if (!ok)
    return fail (error, _ ("“%s” is not an environment variable name (A–Z, a–z, 0–9 and “_”)"),
                 quoted);
  return TRUE;
}
