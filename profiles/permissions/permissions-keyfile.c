/* A layer of permissions as key-file groups: [Context], [Environment],
 * [Session Bus Policy], [System Bus Policy], [Seccomp], [Resources].
 *
 * What this defends against: a hostile or broken file widening a sandbox.
 * Every value goes through the grammar of permissions-values.c or
 * filesystem.c; the first bad value is an error naming FILE:LINE, the group
 * and the key, and nothing of that file is used (the layer is built apart
 * and merged only when the whole file is good).  Unknown groups and keys are
 * warnings, so that metadata written for a newer Hutch, or for Flatpak,
 * still runs, with what this Hutch does not know left out.
 *
 * Lists ("sockets=x11;wayland;") are read in order and each item may start
 * with "!" to revoke; in [Context], "unset-environment" lists variables to
 * unset, and wins over [Environment] (as in Flatpak, whose older versions
 * read an empty value as "unset"; in Hutch an empty value is an empty
 * value).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "permissions-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "seccomp-profile.h"

#define GROUP_CONTEXT     "Context"
#define GROUP_ENVIRONMENT "Environment"
#define GROUP_SESSION_BUS "Session Bus Policy"
#define GROUP_SYSTEM_BUS  "System Bus Policy"
#define GROUP_SECCOMP     "Seccomp"
#define GROUP_RESOURCES   "Resources"

#define KEY_FILESYSTEMS       "filesystems"
#define KEY_PERSISTENT        "persistent"
#define KEY_UNSET_ENVIRONMENT "unset-environment"
#define KEY_PROFILE           "profile"
#define KEY_RULES             "rules"

static const char *const permission_groups[] = {
  GROUP_CONTEXT,    GROUP_ENVIRONMENT, GROUP_SESSION_BUS,
  GROUP_SYSTEM_BUS, GROUP_SECCOMP,     GROUP_RESOURCES,
};

typedef struct
{
  HutchPermissions *layer;
  GKeyFile *keyfile;
  const char *text;
  const char *filename;
  int error_code;
  GPtrArray *warnings;
  gboolean packaged; /* an app's metadata, not the user's overrides */
} Loader;

static gboolean
fail_at (Loader *l, const char *group, const char *key, GError **error)
{
  hutch_keyfile_prefix_error (error, l->error_code, l->text, l->filename, group, key);
  return FALSE;
}

/* The keys of @group, each once (GKeyFile lists a repeated key again). */
static GPtrArray *
get_keys (GKeyFile *keyfile, const char *group)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++)
    if (g_hash_table_add (seen, keys[i]))
      g_ptr_array_add (result, g_strdup (keys[i]));
  return result;
}

/* One item of a list: "!" and the rest. */
static const char *
split_negation (const char *item, gboolean *negated)
{
  *negated = item[0] == '!';
  return *negated ? item + 1 : item;
}

static gboolean
load_list_item (Loader *l, const char *key, const char *item, GError **error)
{
  gboolean negated;
  const char *name = split_negation (item, &negated);
  g_autofree char *path = NULL;
  guint bit;

  for (guint kind = 0; kind < HUTCH_N_FLAGS; kind++)
    {
      if (strcmp (key, hutch_flags_kind_name (kind)) != 0)
        continue;
      if (!hutch_flag_parse (kind, name, &bit, error))
        return FALSE;
      hutch_permissions_set_flag (l->layer, kind, bit, !negated);
      return TRUE;
    }
  if (strcmp (key, KEY_FILESYSTEMS) == 0)
    {
      HutchFilesystem *fs = hutch_filesystem_parse (item, error);
      if (fs == NULL)
        return FALSE;
      hutch_permissions_take_filesystem (l->layer, fs);
      return TRUE;
    }
  if (strcmp (key, KEY_PERSISTENT) == 0)
    {
      path = hutch_persistent_parse (name, error);
      if (path == NULL)
        return FALSE;
      hutch_permissions_set_persistent (l->layer, path, !negated);
      return TRUE;
    }
  g_assert (strcmp (key, KEY_UNSET_ENVIRONMENT) == 0);
  if (!hutch_env_name_validate (item, error))
    return FALSE;
  hutch_permissions_set_env (l->layer, item, NULL);
  return TRUE;
}

static gboolean
is_context_list (const char *key)
{
  for (guint kind = 0; kind < HUTCH_N_FLAGS; kind++)
    if (strcmp (key, hutch_flags_kind_name (kind)) == 0)
      return TRUE;
  return strcmp (key, KEY_FILESYSTEMS) == 0 || strcmp (key, KEY_PERSISTENT) == 0
         || strcmp (key, KEY_UNSET_ENVIRONMENT) == 0;
}

static gboolean
load_list (Loader *l, const char *group, const char *key, GError **error)
{
  g_auto (GStrv) items = hutch_keyfile_get_string_list (l->keyfile, group, key, error);

  if (items == NULL)
    return fail_at (l, group, key, error);
  for (gsize i = 0; items[i] != NULL; i++)
    {
      /* "a;;b" has an empty item; so has a lone ";". */
      if (items[i][0] == '\0')
        continue;
      if (!load_list_item (l, key, items[i], error))
        return fail_at (l, group, key, error);
    }
  return TRUE;
}

/* [Context], but unset-environment, which comes after [Environment]. */
static gboolean
load_context (Loader *l, GError **error)
{
  g_autoptr (GPtrArray) keys = get_keys (l->keyfile, GROUP_CONTEXT);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (strcmp (key, KEY_UNSET_ENVIRONMENT) == 0)
        continue;
      if (!is_context_list (key))
        hutch_keyfile_warn_unknown_key (l->warnings, l->text, l->filename, GROUP_CONTEXT, key);
      else if (!load_list (l, GROUP_CONTEXT, key, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_environment (Loader *l, GError **error)
{
  g_autoptr (GPtrArray) keys = get_keys (l->keyfile, GROUP_ENVIRONMENT);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = g_ptr_array_index (keys, i);
      g_autofree char *value = NULL;

      if (!hutch_env_name_validate (name, error))
        return fail_at (l, GROUP_ENVIRONMENT, name, error);
      value = hutch_keyfile_get_string (l->keyfile, GROUP_ENVIRONMENT, name, error);
      if (value == NULL || !hutch_env_value_validate (value, error))
        return fail_at (l, GROUP_ENVIRONMENT, name, error);
      hutch_permissions_set_env (l->layer, name, value);
    }
  if (g_key_file_has_key (l->keyfile, GROUP_CONTEXT, KEY_UNSET_ENVIRONMENT, NULL))
    return load_list (l, GROUP_CONTEXT, KEY_UNSET_ENVIRONMENT, error);
  return TRUE;
}

static gboolean
load_bus (Loader *l, gboolean system_bus, GError **error)
{
  const char *group = system_bus ? GROUP_SYSTEM_BUS : GROUP_SESSION_BUS;
  g_autoptr (GPtrArray) keys = get_keys (l->keyfile, group);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = g_ptr_array_index (keys, i);
      g_autofree char *value = NULL;
      HutchBusPolicy policy;

      if (!hutch_bus_name_validate (name, error))
        return fail_at (l, group, name, error);
      value = hutch_keyfile_get_string (l->keyfile, group, name, error);
      if (value == NULL)
        return fail_at (l, group, name, error);
      if (!hutch_bus_policy_parse (value, &policy, error))
        return fail_at (l, group, name, error);
      hutch_permissions_set_bus_policy (l->layer, system_bus, name, policy);
    }
  return TRUE;
}

static gboolean
load_seccomp_rules (Loader *l, GError **error)
{
  g_auto (GStrv) rules
      = hutch_keyfile_get_string_list (l->keyfile, GROUP_SECCOMP, KEY_RULES, error);

  if (rules == NULL)
    return fail_at (l, GROUP_SECCOMP, KEY_RULES, error);
  /* A profile holds no more; and each rule is run through the parser. */
  if (g_strv_length (rules) > HUTCH_SECCOMP_MAX_RULES)
    {
      g_set_error (error, HUTCH_ERROR, l->error_code, _ ("more than %d rules"),
                   HUTCH_SECCOMP_MAX_RULES);
      return fail_at (l, GROUP_SECCOMP, KEY_RULES, error);
    }
  for (gsize i = 0; rules[i] != NULL; i++)
    {
      if (rules[i][0] == '\0')
        continue;
      if (!hutch_seccomp_rule_validate (rules[i], error))
        return fail_at (l, GROUP_SECCOMP, KEY_RULES, error);
      hutch_permissions_add_seccomp_rule (l->layer, rules[i]);
    }
  return TRUE;
}

static gboolean
load_seccomp (Loader *l, GError **error)
{
  g_autoptr (GPtrArray) keys = get_keys (l->keyfile, GROUP_SECCOMP);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *value = NULL;
      g_autofree char *profile = NULL;

      if (strcmp (key, KEY_RULES) == 0)
        {
          if (!load_seccomp_rules (l, error))
            return FALSE;
          continue;
        }
      if (strcmp (key, KEY_PROFILE) != 0)
        {
          hutch_keyfile_warn_unknown_key (l->warnings, l->text, l->filename, GROUP_SECCOMP, key);
          continue;
        }
      value = hutch_keyfile_get_string (l->keyfile, GROUP_SECCOMP, key, error);
      if (value == NULL)
        return fail_at (l, GROUP_SECCOMP, key, error);
      profile = hutch_seccomp_profile_parse (value, error);
      if (profile == NULL)
        return fail_at (l, GROUP_SECCOMP, key, error);
      /* A path names a file on the host, perhaps one the app can write
       * (its data directory): it would choose its own next filter. */
      if (l->packaged && profile[0] == '/')
        {
          g_autofree char *quoted = hutch_quote_untrusted (profile);
          g_set_error (error, HUTCH_ERROR, l->error_code,
                       _("“%s”: an app's metadata can only name a profile (default, strict, "
                         "devel), not a file"),
                       quoted);
          return fail_at (l, GROUP_SECCOMP, key, error);
        }
      hutch_permissions_set_seccomp_profile (l->layer, profile);
    }
  return TRUE;
}

static gboolean
load_resources (Loader *l, GError **error)
{
  g_autoptr (GPtrArray) keys = get_keys (l->keyfile, GROUP_RESOURCES);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *value = NULL;
      HutchResource which = 0;
      gint64 n;

      while (which < HUTCH_N_RESOURCES && strcmp (key, hutch_resource_name (which)) != 0)
        which++;
      if (which == HUTCH_N_RESOURCES)
        {
          hutch_keyfile_warn_unknown_key (l->warnings, l->text, l->filename, GROUP_RESOURCES, key);
          continue;
        }
      value = hutch_keyfile_get_string (l->keyfile, GROUP_RESOURCES, key, error);
      if (value == NULL)
        return fail_at (l, GROUP_RESOURCES, key, error);
      if (!hutch_resource_parse (which, value, &n, error))
        return fail_at (l, GROUP_RESOURCES, key, error);
      hutch_permissions_set_resource (l->layer, which, n);
    }
  return TRUE;
}

static gboolean
is_permission_group (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (permission_groups); i++)
    if (strcmp (group, permission_groups[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
hutch_permissions_load_keyfile_full (HutchPermissions *perms, GKeyFile *keyfile, const char *text,
                                     const char *filename,
                                     gboolean (*is_other_group) (const char *group), int error_code,
                                     gboolean packaged, GPtrArray *warnings, GError **error)
{
  g_autoptr (HutchPermissions) layer = hutch_permissions_new ();
  g_autoptr (GPtrArray) local_warnings = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  Loader l = { layer,      keyfile,        text, filename != NULL ? filename : "?",
               error_code, local_warnings, packaged };

  g_return_val_if_fail (perms != NULL && keyfile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!load_context (&l, error) || !load_environment (&l, error) || !load_bus (&l, FALSE, error)
      || !load_bus (&l, TRUE, error) || !load_seccomp (&l, error) || !load_resources (&l, error))
    return FALSE;

  for (gsize i = 0; groups[i] != NULL; i++)
    {
      if (!is_permission_group (groups[i])
          && (is_other_group == NULL || !is_other_group (groups[i])))
        hutch_keyfile_warn_unknown_key (local_warnings, text, l.filename, groups[i], NULL);
    }
  hutch_permissions_merge (perms, layer);
  /* Nothing of a file with an error is used, its warnings neither. */
  for (guint i = 0; warnings != NULL && i < local_warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (local_warnings, i)));
  return TRUE;
}

gboolean
hutch_permissions_load_keyfile (HutchPermissions *perms, GKeyFile *keyfile, const char *text,
                                const char *filename, GPtrArray *warnings, GError **error)
{
  return hutch_permissions_load_keyfile_full (perms, keyfile, text, filename, NULL,
                                              HUTCH_ERROR_INVALID_PROFILE, FALSE, warnings, error);
}

static void
set_list (GKeyFile *keyfile, const char *group, const char *key, GPtrArray *items)
{
  if (items->len > 0)
    g_key_file_set_string_list (keyfile, group, key, (const char *const *)items->pdata, items->len);
}

/* By path, whether kept or revoked. */
static gint
compare_persistent (gconstpointer a, gconstpointer b)
{
  const char *pa = *(char *const *)a, *pb = *(char *const *)b;

  return strcmp (pa + (pa[0] == '!'), pb + (pb[0] == '!'));
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* The keys of @table, sorted. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static void
save_context (const HutchPermissions *perms, GKeyFile *keyfile)
{
  g_autoptr (GPtrArray) filesystems = hutch_permissions_get_filesystem_entries (perms);
  g_autoptr (GPtrArray) persistent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) unset = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint kind = 0; kind < HUTCH_N_FLAGS; kind++)
    {
      g_ptr_array_set_size (items, 0);
      for (guint bit = 1; bit != 0 && bit <= perms->decided[kind]; bit <<= 1)
        if (perms->decided[kind] & bit)
          g_ptr_array_add (items, g_strconcat ((perms->flags[kind] & bit) ? "" : "!",
                                               hutch_flag_to_string (kind, bit), NULL));
      set_list (keyfile, GROUP_CONTEXT, hutch_flags_kind_name (kind), items);
    }

  g_ptr_array_set_size (items, 0);
  if (perms->filesystems_reset)
    g_ptr_array_add (items, g_strdup ("!host"));
  for (guint i = 0; i < filesystems->len; i++)
    g_ptr_array_add (items, hutch_filesystem_to_string (g_ptr_array_index (filesystems, i)));
  set_list (keyfile, GROUP_CONTEXT, KEY_FILESYSTEMS, items);

  g_hash_table_iter_init (&iter, perms->persistent);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (persistent, g_strconcat (GPOINTER_TO_INT (value) ? "" : "!", key, NULL));
  g_ptr_array_sort (persistent, compare_persistent);
  set_list (keyfile, GROUP_CONTEXT, KEY_PERSISTENT, persistent);

  hutch_permissions_get_environment (perms, NULL, &unset);
  set_list (keyfile, GROUP_CONTEXT, KEY_UNSET_ENVIRONMENT, unset);
}

static void
save_others (const HutchPermissions *perms, GKeyFile *keyfile)
{
  g_autoptr (GPtrArray) names = sorted_keys (perms->env);
  GPtrArray *rules = perms->seccomp_rules;

  for (guint i = 0; i < names->len; i++)
    {
      const char *value = g_hash_table_lookup (perms->env, g_ptr_array_index (names, i));
      if (value != NULL)
        g_key_file_set_string (keyfile, GROUP_ENVIRONMENT, g_ptr_array_index (names, i), value);
    }

  for (guint bus = 0; bus < G_N_ELEMENTS (perms->bus); bus++)
    {
      g_autoptr (GPtrArray) bus_names = sorted_keys (perms->bus[bus]);

      for (guint i = 0; i < bus_names->len; i++)
        {
          const char *name = g_ptr_array_index (bus_names, i);
          HutchBusPolicy policy = GPOINTER_TO_INT (g_hash_table_lookup (perms->bus[bus], name));
          g_key_file_set_string (keyfile, bus ? GROUP_SYSTEM_BUS : GROUP_SESSION_BUS, name,
                                 hutch_bus_policy_to_string (policy));
        }
    }

  if (perms->seccomp_profile != NULL)
    g_key_file_set_string (keyfile, GROUP_SECCOMP, KEY_PROFILE, perms->seccomp_profile);
  if (rules->len > 1)
    g_key_file_set_string_list (keyfile, GROUP_SECCOMP, KEY_RULES,
                                (const char *const *)rules->pdata, rules->len - 1);

  for (guint i = 0; i < HUTCH_N_RESOURCES; i++)
    {
      g_autofree char *value = NULL;

      if (perms->resources[i] < 0)
        continue;
      value = hutch_resource_to_string (i, perms->resources[i]);
      g_key_file_set_string (keyfile, GROUP_RESOURCES, hutch_resource_name (i), value);
    }
}

/**
 * hutch_permissions_save_keyfile:
 *
 * Replaces the permission groups of @keyfile (other groups, such as
 * metadata's [Application], stay) by what @perms decides, in a stable
 * order: groups and keys as load reads them, list items in the order of
 * their names' tables or sorted.
 */
void
hutch_permissions_save_keyfile (const HutchPermissions *perms, GKeyFile *keyfile)
{
  g_return_if_fail (perms != NULL && keyfile != NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (permission_groups); i++)
    g_key_file_remove_group (keyfile, permission_groups[i], NULL);
  save_context (perms, keyfile);
  save_others (perms, keyfile);
}

GKeyFile *
hutch_permissions_to_keyfile (const HutchPermissions *perms)
{
  GKeyFile *keyfile = g_key_file_new ();

  hutch_permissions_save_keyfile (perms, keyfile);
  return keyfile;
}
