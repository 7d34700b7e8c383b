/* The metadata of an app or a runtime.
 *
 * What this defends against: metadata comes from a repository, signed or
 * not by someone the user trusts to package, never to widen a sandbox
 * behind their back.  It is bounded (HUTCH_METADATA_MAX_SIZE), must be
 * UTF-8 without NUL bytes, and must hold exactly one of [Application] and
 * [Runtime]; the ID and the refs in it are validated as strictly as refs
 * from the command line (hutch-ref.h), the command must be printable
 * text; every permission is validated by permissions-keyfile.c.  An error
 * names FILE:LINE, the group and the key; unknown keys and groups are
 * warnings.  [Extension …], [ExtensionOf] and [Build] are Flatpak's and
 * are kept in the key file without a warning.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "permissions-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"

#define GROUP_APPLICATION "Application"
#define GROUP_RUNTIME     "Runtime"

typedef struct
{
  const char *text; /* NUL-terminated */
  const char *filename;
  GKeyFile *keyfile;
  const char *group;
  GPtrArray *warnings;
} Parser;

void
hutch_metadata_free (HutchMetadata *metadata)
{
  if (metadata == NULL)
    return;
  g_free (metadata->name);
  g_free (metadata->runtime);
  g_free (metadata->sdk);
  g_free (metadata->command);
  g_clear_pointer (&metadata->permissions, hutch_permissions_free);
  g_clear_pointer (&metadata->keyfile, g_key_file_unref);
  g_free (metadata);
}

static gboolean
is_metadata_group (const char *group)
{
  return strcmp (group, GROUP_APPLICATION) == 0 || strcmp (group, GROUP_RUNTIME) == 0
         || strcmp (group, "ExtensionOf") == 0 || strcmp (group, "Build") == 0
         || g_str_has_prefix (group, "Extension ");
}

static gboolean
fail_at (Parser *p, const char *key, GError **error)
{
  hutch_keyfile_prefix_error (error, HUTCH_ERROR_INVALID_METADATA, p->text, p->filename, p->group,
                              key);
  return FALSE;
}

/* "ID/ARCH/BRANCH", each part as strict as in a ref. */
static gboolean
validate_runtime_ref (const char *value, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (value, "/", -1);
  g_autoptr (HutchRef) ref = NULL;
  g_autofree char *quoted = NULL;

  if (g_strv_length (parts) == 3)
    {
      ref = hutch_ref_new (HUTCH_REF_KIND_RUNTIME, parts[0], parts[1], parts[2], error);
      return ref != NULL;
    }
  quoted = hutch_quote_untrusted (value);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF, _ ("“%s” is not ID/ARCH/BRANCH"),
               quoted);
  return FALSE;
}

static gboolean
validate_id (const char *id, HutchRefKind kind, GError **error)
{
  g_autoptr (HutchRef) ref = NULL;

  if (kind == HUTCH_REF_KIND_APP)
    return hutch_id_is_valid (id, error);
  /* For the message about a *runtime* ID; the arch and branch are good. */
  ref = hutch_ref_new (HUTCH_REF_KIND_RUNTIME, id, "x", "x", error);
  return ref != NULL;
}

static gboolean
validate_command (const char *value, GError **error)
{
  g_autofree char *control = NULL;

  if (value[0] == '\0')
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                           _ ("the command is empty"));
      return FALSE;
    }
  control = hutch_find_control_char (value);
  if (control == NULL)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
               _ ("the command contains the control character %s"), control);
  return FALSE;
}

/* The value of @key in the parser's group in *@value, NULL if it is
 * optional and missing. */
static gboolean
get_value (Parser *p, const char *key, gboolean required, char **value, GError **error)
{
  *value = NULL;
  if (!g_key_file_has_key (p->keyfile, p->group, key, NULL))
    {
      if (!required)
        return TRUE;
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA, _ ("the key “%s” is missing"),
                   key);
      return fail_at (p, NULL, error);
    }
  *value = hutch_keyfile_get_string (p->keyfile, p->group, key, error);
  if (*value == NULL)
    return fail_at (p, key, error);
  return TRUE;
}

static void
warn_unknown_keys (Parser *p, gboolean is_app)
{
  static const char *const known_keys[] = { "name", "runtime", "sdk",
                                            /* Flatpak's, of no use to Hutch */
                                            "required-flatpak", "tags", NULL };
  g_auto (GStrv) keys = g_key_file_get_keys (p->keyfile, p->group, NULL, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!g_hash_table_add (seen, keys[i]) || g_strv_contains (known_keys, keys[i]))
        continue;
      /* A runtime has no command of its own. */
      if (!is_app || strcmp (keys[i], "command") != 0)
        hutch_keyfile_warn_unknown_key (p->warnings, p->text, p->filename, p->group, keys[i]);
    }
}

static gboolean
parse_main_group (Parser *p, HutchMetadata *metadata, GError **error)
{
  gboolean is_app = metadata->kind == HUTCH_REF_KIND_APP;

  if (!get_value (p, "name", TRUE, &metadata->name, error))
    return FALSE;
  if (!validate_id (metadata->name, metadata->kind, error))
    return fail_at (p, "name", error);

  if (!get_value (p, "runtime", is_app, &metadata->runtime, error))
    return FALSE;
  if (metadata->runtime != NULL && !validate_runtime_ref (metadata->runtime, error))
    return fail_at (p, "runtime", error);

  if (!get_value (p, "sdk", FALSE, &metadata->sdk, error))
    return FALSE;
  if (metadata->sdk != NULL && !validate_runtime_ref (metadata->sdk, error))
    return fail_at (p, "sdk", error);

  if (is_app)
    {
      if (!get_value (p, "command", TRUE, &metadata->command, error))
        return FALSE;
      if (!validate_command (metadata->command, error))
        return fail_at (p, "command", error);
    }
  warn_unknown_keys (p, is_app);
  return TRUE;
}

/* Which of [Application] and [Runtime]: exactly one. */
static gboolean
find_main_group (Parser *p, HutchMetadata *metadata, GError **error)
{
  gboolean app = g_key_file_has_group (p->keyfile, GROUP_APPLICATION);
  gboolean runtime = g_key_file_has_group (p->keyfile, GROUP_RUNTIME);

  if (app && runtime)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                           _ ("metadata must have [Application] or [Runtime], not both"));
      p->group = GROUP_RUNTIME;
      return fail_at (p, NULL, error);
    }
  if (!app && !runtime)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _ ("%s: no [Application] or [Runtime] group"), p->filename);
      return FALSE;
    }
  metadata->kind = app ? HUTCH_REF_KIND_APP : HUTCH_REF_KIND_RUNTIME;
  p->group = app ? GROUP_APPLICATION : GROUP_RUNTIME;
  return TRUE;
}

HutchMetadata *
hutch_metadata_parse (const char *data, gsize len, const char *filename, GPtrArray *warnings,
                      GError **error)
{
  g_autoptr (HutchMetadata) metadata = g_new0 (HutchMetadata, 1);
  g_autoptr (GPtrArray) local_warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  Parser p = { NULL, filename, NULL, NULL, local_warnings };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > HUTCH_METADATA_MAX_SIZE)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA, _ ("%s: larger than %d bytes"),
                   filename, HUTCH_METADATA_MAX_SIZE);
      return NULL;
    }
  metadata->keyfile = hutch_keyfile_load_text (data != NULL ? data : "", len, filename,
                                               HUTCH_ERROR_INVALID_METADATA, &text, error);
  if (metadata->keyfile == NULL)
    return NULL;
  p.text = text;
  p.keyfile = metadata->keyfile;

  if (!find_main_group (&p, metadata, error) || !parse_main_group (&p, metadata, error))
    return NULL;
  metadata->permissions = hutch_permissions_new ();
  if (!hutch_permissions_load_keyfile_full (metadata->permissions, metadata->keyfile, text,
                                            filename, is_metadata_group,
                                            HUTCH_ERROR_INVALID_METADATA, TRUE, local_warnings,
                                            error))
    return NULL;
  /* Only a file that is used has warnings worth reading. */
  for (guint i = 0; warnings != NULL && i < local_warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (local_warnings, i)));
  return g_steal_pointer (&metadata);
}

HutchMetadata *
hutch_metadata_load (const char *path, GPtrArray *warnings, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (!hutch_read_file_bounded (path, HUTCH_METADATA_MAX_SIZE, HUTCH_ERROR_INVALID_METADATA,
                                &data, &len, error))
    return NULL;
  return hutch_metadata_parse (data, len, path, warnings, error);
}
