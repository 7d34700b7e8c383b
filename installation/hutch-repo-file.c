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

#define GROUP "Flatpak Repo"
#define GPG_KEY_MAX_LENGTH (128 * 1024)

void
hutch_repo_file_free (HutchRepoFile *file)
{
  if (file == NULL)
    return;
  g_free (file->url);
  g_clear_pointer (&file->gpg_key, g_bytes_unref);
  g_free (file->title);
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

/* Reads KEY, which must be there if @required; NULL otherwise. */
static char *
get_value (GKeyFile *keyfile, const char *text, const char *filename, const char *key,
           gboolean required, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  char *value;

  if (!required && !g_key_file_has_key (keyfile, GROUP, key, NULL))
    return NULL;
  value = hutch_keyfile_get_string (keyfile, GROUP, key, &local_error);
  if (value != NULL)
    return value;
  g_propagate_error (error, g_steal_pointer (&local_error));
  hutch_keyfile_prefix_error (error, HUTCH_ERROR_FAILED, text, filename, GROUP, key);
  return NULL;
}

HutchRepoFile *
hutch_repo_file_parse (const char *data, gsize len, const char *filename, GError **error)
{
  /* NUL-terminated, for the line finder of messages (a NUL inside is an
   * error of hutch_keyfile_load_text()). */
  g_autofree char *text = g_malloc (len + 1);
  g_autoptr (GKeyFile) keyfile = NULL;
  g_autoptr (HutchRepoFile) file = g_new0 (HutchRepoFile, 1);
  g_autofree char *key = NULL;
  g_autoptr (GError) local_error = NULL;

  memcpy (text, data, len);
  text[len] = '\0';
  keyfile = hutch_keyfile_load_text (text, len, filename, HUTCH_ERROR_FAILED, error);
  if (keyfile == NULL)
    return NULL;
  if (!g_key_file_has_group (keyfile, GROUP))
    {
      g_autofree char *quoted = hutch_quote_untrusted (filename);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("%s: no [%s] group: not a .flatpakrepo file"), quoted, GROUP);
      return NULL;
    }
  file->url = get_value (keyfile, text, filename, "Url", TRUE, error);
  if (file->url == NULL)
    return NULL;
  if (!hutch_url_is_valid (file->url, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      hutch_keyfile_prefix_error (error, HUTCH_ERROR_FAILED, text, filename, GROUP, "Url");
      return NULL;
    }
  key = get_value (keyfile, text, filename, "GPGKey", FALSE, &local_error);
  if (key == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (key != NULL && (file->gpg_key = decode_key (key, &local_error)) == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      hutch_keyfile_prefix_error (error, HUTCH_ERROR_FAILED, text, filename, GROUP, "GPGKey");
      return NULL;
    }
  file->title = get_value (keyfile, text, filename, "Title", FALSE, NULL);
  return g_steal_pointer (&file);
}
