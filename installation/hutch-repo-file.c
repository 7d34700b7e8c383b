/* See hutch-repo-file.h.
 *
 * Defends against: a file from the web that is not what it says.  The
 * text is read as key-file text with hutch-keyfile.c's checks (UTF-8, no
 * NUL, bounded by the caller); the URL must be one Hutch can use; the key
 * must be base64 and nothing else (GLib's decoder would skip other
 * characters silently) and bounded; every message quotes the file escaped.
 * Whether the key is a key is for GPG to say when it is imported.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-repo-file.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-keyfile.h"
#include "hutch-ref.h"

#include <string.h>

#define REPO_GROUP "Flatpak Repo"
#define REF_GROUP "Flatpak Ref"
#define GPG_KEY_MAX_LENGTH (128 * 1024)

void
hutch_repo_file_free (HutchRepoFile *file)
{
  if (file == NULL)
    return;
  g_free (file->url);
  g_clear_pointer (&file->gpg_key, g_bytes_unref);
  g_free (file->title);
  g_clear_pointer (&file->ref, hutch_ref_free);
  g_free (file->suggested_remote);
  g_free (file->runtime_repo);
  g_free (file);
}

/* Base64 and nothing else: padding only at the end, two "=" at most. */
static gboolean
is_base64 (const char *text)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  gsize len = strlen (text), data = strspn (text, alphabet);

  if (len == 0 || len % 4 != 0 || len > GPG_KEY_MAX_LENGTH || len - data > 2)
    return FALSE;
  return strspn (text + data, "=") == len - data;
}

/* The GPGKey value, decoded, or NULL (with *@error set if it is bad). */
static GBytes *
decode_key (const char *value, GError **error)
{
  gsize n = 0;
  guchar *data;

  if (!is_base64 (value))
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("not a key in base64 (A–Z, a–z, 0–9, “+”, “/”, then “=”)"));
      return NULL;
    }
  data = g_base64_decode (value, &n);
  return g_bytes_new_take (data, n);
}

/* A file being parsed. */
typedef struct
{
  GKeyFile *keyfile;
  const char *text; /* NUL-terminated */
  const char *filename;
  const char *group;
} Parse;

/* Makes *@error (which says what is wrong with KEY's value) name the
 * file, line, group and key; returns FALSE. */
static gboolean
fail_at (const Parse *p, const char *key, GError **error)
{
  hutch_keyfile_prefix_error (error, HUTCH_ERROR_FAILED, p->text, p->filename, p->group, key);
  return FALSE;
}

/* Reads KEY, which must be there if @required; NULL otherwise. */
static char *
get_value (const Parse *p, const char *key, gboolean required, GError **error)
{
  char *value;

  if (!required && !g_key_file_has_key (p->keyfile, p->group, key, NULL))
    return NULL;
  value = hutch_keyfile_get_string (p->keyfile, p->group, key, error);
  if (value == NULL)
    fail_at (p, key, error);
  return value;
}

/* Reads KEY if it is there (*@value is NULL if not); FALSE on an error. */
static gboolean
get_optional (const Parse *p, const char *key, char **value, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  *value = get_value (p, key, FALSE, &local_error);
  if (*value == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Url, GPGKey and Title, into @file. */
static gboolean
parse_remote (const Parse *p, HutchRepoFile *file, GError **error)
{
  g_autofree char *key = NULL;

  file->url = get_value (p, "Url", TRUE, error);
  if (file->url == NULL)
    return FALSE;
  if (!hutch_url_is_valid (file->url, error))
    return fail_at (p, "Url", error);
  if (!get_optional (p, "GPGKey", &key, error))
    return FALSE;
  if (key != NULL && (file->gpg_key = decode_key (key, error)) == NULL)
    return fail_at (p, "GPGKey", error);
  file->title = get_value (p, "Title", FALSE, NULL);
  return TRUE;
}

/* The @len bytes at @data as a key file, which must have the group @group
 * (@what names the kind of file in messages); *@text: them NUL-terminated. */
static GKeyFile *
load (const char *data, gsize len, const char *filename, const char *group, const char *what,
      char **text, GError **error)
{
  g_autoptr (GKeyFile) keyfile = hutch_keyfile_load_text (data, len, filename,
                                                          HUTCH_ERROR_FAILED, text, error);

  if (keyfile == NULL)
    return NULL;
  if (!g_key_file_has_group (keyfile, group))
    {
      g_autofree char *quoted = hutch_quote_untrusted (filename);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("%s: no [%s] group: not a %s file"),
                   quoted, group, what);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

/* Name, Branch and IsRuntime, into @file->ref. */
static gboolean
parse_ref (const Parse *p, HutchRepoFile *file, GError **error)
{
  g_autofree char *name = get_value (p, "Name", TRUE, error);
  g_autofree char *branch = NULL, *is_runtime = NULL;
  HutchRefKind kind = HUTCH_REF_KIND_APP;

  if (name == NULL)
    return FALSE;
  if (!hutch_id_is_valid (name, error))
    return fail_at (p, "Name", error);
  if (!get_optional (p, "Branch", &branch, error))
    return FALSE;
  if (branch != NULL && !hutch_branch_is_valid (branch, error))
    return fail_at (p, "Branch", error);
  /* As GKeyFile reads a boolean, which Flatpak uses for it. */
  if (!get_optional (p, "IsRuntime", &is_runtime, error))
    return FALSE;
  if (is_runtime != NULL && (strcmp (is_runtime, "true") == 0 || strcmp (is_runtime, "1") == 0))
    kind = HUTCH_REF_KIND_RUNTIME;
  else if (is_runtime != NULL && strcmp (is_runtime, "false") != 0
           && strcmp (is_runtime, "0") != 0)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("not true or false"));
      return fail_at (p, "IsRuntime", error);
    }
  file->ref = hutch_ref_new (kind, name, hutch_get_arch (), branch != NULL ? branch : "master",
                             error);
  return file->ref != NULL;
}

/* RuntimeRepo, if there, into @file: the URL of a .flatpakrepo file, which
 * `app install --from` downloads. */
static gboolean
parse_runtime_repo (const Parse *p, HutchRepoFile *file, GError **error)
{
  const char *url;

  if (!get_optional (p, "RuntimeRepo", &file->runtime_repo, error))
    return FALSE;
  if ((url = file->runtime_repo) == NULL)
    return TRUE;
  if (!hutch_url_is_valid (url, error))
    return fail_at (p, "RuntimeRepo", error);
  if (g_ascii_strncasecmp (url, "http://", 7) != 0 && g_ascii_strncasecmp (url, "https://", 8) != 0)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("not an http:// or https:// URL"));
      return fail_at (p, "RuntimeRepo", error);
    }
  return TRUE;
}

/* A .flatpakref (@is_ref) or .flatpakrepo file. */
static HutchRepoFile *
parse_file (const char *data, gsize len, const char *filename, gboolean is_ref, GError **error)
{
  const char *group = is_ref ? REF_GROUP : REPO_GROUP;
  g_autofree char *text = NULL;
  g_autoptr (GKeyFile) keyfile = load (data, len, filename, group,
                                       is_ref ? ".flatpakref" : ".flatpakrepo", &text, error);
  g_autoptr (HutchRepoFile) file = g_new0 (HutchRepoFile, 1);
  Parse p = { keyfile, text, filename, group };

  if (keyfile == NULL || (is_ref && !parse_ref (&p, file, error))
      || !parse_remote (&p, file, error))
    return NULL;
  if (is_ref)
    {
      file->suggested_remote = get_value (&p, "SuggestRemoteName", FALSE, NULL);
      if (!parse_runtime_repo (&p, file, error))
        return NULL;
    }
  return g_steal_pointer (&file);
}

HutchRepoFile *
hutch_repo_file_parse (const char *data, gsize len, const char *filename, GError **error)
{
  return parse_file (data, len, filename, FALSE, error);
}

HutchRepoFile *
hutch_ref_file_parse (const char *data, gsize len, const char *filename, GError **error)
{
  return parse_file (data, len, filename, TRUE, error);
}
