/* Reading a JSON object of a manifest against a table of its keys.
 *
 * What this defends against: a value of the wrong type read as something
 * else (a number taken for a string, a string for a list), and keys
 * silently dropped.  Every value is checked against the type its key
 * wants before it is stored, every string through the key's check; a key
 * no table knows is a warning naming it, never silently ignored, and so
 * is a key Flatpak knows that Hutch does not use.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <string.h>

#include "hutch-i18n.h"

gboolean
manifest_expect_type (const ManifestFile *file, const ManifestJsonNode *node, const char *field,
                      ManifestJsonType type, GError **error)
{
  gboolean is_boolean = node->type == MANIFEST_JSON_TRUE || node->type == MANIFEST_JSON_FALSE;
  const char *found;

  if (node->type == type || (type == MANIFEST_JSON_TRUE && is_boolean))
    return TRUE;
  /* One whole message for each type wanted; %s is the type found. */
  found = manifest_json_type_name (node->type);
  switch (type)
    {
      case MANIFEST_JSON_TRUE:
        /* TRANSLATORS: %s is the JSON type found: "null", "a number", "a string"… */
        return manifest_fail (file, node, field, error, _ ("must be true or false, not %s"), found);
      case MANIFEST_JSON_NUMBER:
        /* TRANSLATORS: %s is the JSON type found: "null", "a boolean", "a string"… */
        return manifest_fail (file, node, field, error, _ ("must be a number, not %s"), found);
      case MANIFEST_JSON_STRING:
        /* TRANSLATORS: %s is the JSON type found: "null", "a boolean", "a number"… */
        return manifest_fail (file, node, field, error, _ ("must be a string, not %s"), found);
      case MANIFEST_JSON_ARRAY:
        /* TRANSLATORS: %s is the JSON type found: "null", "a string", "an object"… */
        return manifest_fail (file, node, field, error, _ ("must be an array, not %s"), found);
      case MANIFEST_JSON_OBJECT:
        /* TRANSLATORS: %s is the JSON type found: "null", "a string", "an array"… */
        return manifest_fail (file, node, field, error, _ ("must be an object, not %s"), found);
      case MANIFEST_JSON_NULL:
      case MANIFEST_JSON_FALSE:
      default:
        break;
    }
  g_assert_not_reached ();
}

gboolean
manifest_fail_missing (const ManifestFile *file, const ManifestJsonNode *object, const char *field,
                       const char *key, GError **error)
{
  g_autofree char *key_field = manifest_field_member (field, key);

  return manifest_fail (file, object, key_field, error, _ ("this key is required"));
}

const ManifestJsonNode *
manifest_require (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                  const char *key, GError **error)
{
  const ManifestJsonNode *value = manifest_json_lookup (file->doc, object, key);

  if (value == NULL)
    manifest_fail_missing (file, object, field, key, error);
  return value;
}

static gboolean
check_string (ManifestFile *file, const ManifestJsonNode *value, const char *field,
              ManifestCheck check, GError **error)
{
  GError *local_error = NULL;

  if (!manifest_expect_type (file, value, field, MANIFEST_JSON_STRING, error))
    return FALSE;
  if (check != NULL && !check (value->text, &local_error))
    return manifest_fail_with (file, value, field, local_error, error);
  return TRUE;
}

char **
manifest_read_strv (ManifestFile *file, const ManifestJsonNode *array, const char *field,
                    ManifestCheck check, GError **error)
{
  g_autoptr (GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  guint i = 0;

  if (!manifest_expect_type (file, array, field, MANIFEST_JSON_ARRAY, error))
    return NULL;
  for (const ManifestJsonNode *item = manifest_json_first (file->doc, array); item != NULL;
       item = manifest_json_next (file->doc, item), i++)
    {
      g_autofree char *item_field = manifest_field_index (field, i);

      if (!check_string (file, item, item_field, check, error))
        return NULL;
      g_ptr_array_add (strings, g_strdup (item->text));
    }
  g_ptr_array_add (strings, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&strings), FALSE);
}

static gboolean
read_uint (ManifestFile *file, const ManifestJsonNode *value, const char *field, guint *out,
           GError **error)
{
  guint64 n;

  if (!manifest_expect_type (file, value, field, MANIFEST_JSON_NUMBER, error))
    return FALSE;
  if (!g_ascii_isdigit (value->text[0])
      || !g_ascii_string_to_unsigned (value->text, 10, 0, MANIFEST_UINT_MAX, &n, NULL))
    return manifest_fail (file, value, field, error, _ ("must be a whole number from 0 to %d"),
                          MANIFEST_UINT_MAX);
  *out = (guint)n;
  return TRUE;
}

/* One member whose key is in a table. */
static gboolean
read_member (ManifestFile *file, const ManifestKey *key, const ManifestJsonNode *value,
             const char *field, gpointer target, GError **error)
{
  gpointer slot = G_STRUCT_MEMBER_P (target, key->offset);

  switch (key->kind)
    {
      case MANIFEST_KEY_STRING:
        if (!check_string (file, value, field, key->check, error))
          return FALSE;
        /* Two names for one thing ("id" and "app-id"): one only. */
        if (*(char **)slot != NULL)
          return manifest_fail (file, value, field, error,
                                _ ("means the same as a key given before; give only one"));
        *(char **)slot = g_strdup (value->text);
        return TRUE;
      case MANIFEST_KEY_BOOLEAN:
        if (!manifest_expect_type (file, value, field, MANIFEST_JSON_TRUE, error))
          return FALSE;
        *(gboolean *)slot = value->type == MANIFEST_JSON_TRUE;
        return TRUE;
      case MANIFEST_KEY_STRV:
        g_strfreev (*(char ***)slot);
        *(char ***)slot = manifest_read_strv (file, value, field, key->check, error);
        return *(char ***)slot != NULL;
      case MANIFEST_KEY_UINT:
        return read_uint (file, value, field, (guint *)slot, error);
      case MANIFEST_KEY_BUILD_OPTIONS:
        return manifest_read_build_options (file, value, field, (HutchBuildOptions **)slot, error);
      case MANIFEST_KEY_CUSTOM:
        return key->handler (file, value, field, target, error);
      case MANIFEST_KEY_DONE:
      case MANIFEST_KEY_IGNORED:
      default:
        return TRUE;
    }
}

static const ManifestKey *
find_key (const ManifestKey *const *tables, const char *name)
{
  for (gsize t = 0; tables[t] != NULL; t++)
    for (const ManifestKey *key = tables[t]; key->name != NULL; key++)
      if (strcmp (key->name, name) == 0)
        return key;
  return NULL;
}

gboolean
manifest_read_object (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                      const ManifestKey *const *tables, gpointer target, GError **error)
{
  const ManifestJsonNode *name, *value;

  for (name = manifest_json_first (file->doc, object); name != NULL;
       name = manifest_json_next (file->doc, value))
    {
      const ManifestKey *key = find_key (tables, name->text);
      g_autofree char *member = manifest_field_member (field, name->text);

      value = manifest_json_next (file->doc, name);
      if (key != NULL && key->kind == MANIFEST_KEY_IGNORED)
        manifest_warn (file, name, member, _ ("not supported by Hutch, ignored"));
      else if (key == NULL && g_str_has_prefix (name->text, "x-"))
        manifest_warn (file, name, member, _ ("an extension key, ignored"));
      else if (key == NULL)
        manifest_warn (file, name, member, _ ("unknown key, ignored"));
      else if (!read_member (file, key, value, member, target, error))
        return FALSE;
    }
  return TRUE;
}
