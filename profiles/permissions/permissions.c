/* One layer of permissions, and how layers stack.
 *
 * What this defends against: a later layer that means to take something
 * away (a user's `app override --nosocket=x11`) silently failing to, and a
 * layer that says nothing taking away what lower layers gave.  So a layer
 * records what it *decides*, not only what it grants:
 *
 *   shared, sockets, devices, features
 *       two bitmasks per kind: the bits the layer decides, and among them
 *       the bits it grants.  Merging replaces the decided bits only.
 *   filesystems
 *       entries keyed by (base, subpath).  An entry replaces the same entry
 *       of lower layers, whatever its mode; a RESET entry ("!xdg-music")
 *       takes that one entry away and nothing else ("!home" leaves "~/src").
 *       "!host" is special: it takes away *every* filesystem lower layers
 *       granted (as Flatpak's --nofilesystem=host:reset), and the layer's own
 *       entries then apply on top.  Within one layer, "!host" drops the
 *       entries listed before it.
 *   persistent
 *       relative paths; "!PATH" in a key file takes one away.
 *   environment, bus policies
 *       NAME → value; a later layer's value replaces the earlier one; an
 *       unset variable and a NONE policy take the lower layers' away.
 *   seccomp
 *       the profile: the latest layer that names one wins.  Rules: appended
 *       in layer order; a rule already present moves to the end instead of
 *       appearing twice, which means the same since a profile is read in
 *       order (a later `allow X` drops earlier `deny X` either way).
 *   resources
 *       per field, the latest layer that sets it wins.
 *
 * Merging is associative: (A + B) + C gives the layer A + (B + C) gives, so
 * that stored overrides (changes merged into what was stored) mean what
 * the sequence of `app override` commands meant.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "permissions-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"

typedef struct
{
  guint bit;
  const char *name;
} FlagName;

static const FlagName share_names[] = {
  { HUTCH_SHARE_NETWORK, "network" },
  { HUTCH_SHARE_IPC, "ipc" },
  { 0, NULL },
};

static const FlagName socket_names[] = {
  { HUTCH_SOCKET_X11, "x11" },
  { HUTCH_SOCKET_FALLBACK_X11, "fallback-x11" },
  { HUTCH_SOCKET_WAYLAND, "wayland" },
  { HUTCH_SOCKET_PULSEAUDIO, "pulseaudio" },
  { HUTCH_SOCKET_PIPEWIRE, "pipewire" },
  { HUTCH_SOCKET_SESSION_BUS, "session-bus" },
  { HUTCH_SOCKET_SYSTEM_BUS, "system-bus" },
  { HUTCH_SOCKET_SSH_AUTH, "ssh-auth" },
  { HUTCH_SOCKET_PCSC, "pcsc" },
  { HUTCH_SOCKET_CUPS, "cups" },
  { HUTCH_SOCKET_GPG_AGENT, "gpg-agent" },
  { 0, NULL },
};

static const FlagName device_names[] = {
  { HUTCH_DEVICE_DRI, "dri" }, { HUTCH_DEVICE_INPUT, "input" }, { HUTCH_DEVICE_KVM, "kvm" },
  { HUTCH_DEVICE_SHM, "shm" }, { HUTCH_DEVICE_ALL, "all" },     { 0, NULL },
};

static const FlagName feature_names[] = {
  { HUTCH_FEATURE_DEVEL, "devel" },
  { HUTCH_FEATURE_MULTIARCH, "multiarch" },
  { HUTCH_FEATURE_BLUETOOTH, "bluetooth" },
  { HUTCH_FEATURE_PER_APP_DEV_SHM, "per-app-dev-shm" },
  { 0, NULL },
};

static const FlagName *const flag_names[HUTCH_N_FLAGS] = {
  share_names,
  socket_names,
  device_names,
  feature_names,
};

/* The key of each kind in [Context]. */
const char *
hutch_flags_kind_name (HutchFlagsKind kind)
{
  static const char *const names[HUTCH_N_FLAGS] = { "shared", "sockets", "devices", "features" };

  g_return_val_if_fail (kind < HUTCH_N_FLAGS, NULL);
  return names[kind];
}

const char *
hutch_flag_to_string (HutchFlagsKind kind, guint bit)
{
  g_return_val_if_fail (kind < HUTCH_N_FLAGS, NULL);

  for (const FlagName *n = flag_names[kind]; n->name != NULL; n++)
    if (n->bit == bit)
      return n->name;
  return NULL;
}

gboolean
hutch_flag_parse (HutchFlagsKind kind, const char *name, guint *bit, GError **error)
{
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (kind < HUTCH_N_FLAGS, FALSE);

  for (const FlagName *n = flag_names[kind]; n->name != NULL; n++)
    {
      if (strcmp (n->name, name) == 0)
        {
          *bit = n->bit;
          return TRUE;
        }
      g_string_append_printf (all, "%s%s", all->len > 0 ? ", " : "", n->name);
    }

  quoted = hutch_quote_untrusted (name);
  switch (kind)
    {
      case HUTCH_FLAGS_SHARED:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                     _ ("“%s” is not a share (%s)"), quoted, all->str);
        break;
      case HUTCH_FLAGS_SOCKETS:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                     _ ("“%s” is not a socket (%s)"), quoted, all->str);
        break;
      case HUTCH_FLAGS_DEVICES:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                     _ ("“%s” is not a device (%s)"), quoted, all->str);
        break;
      case HUTCH_FLAGS_FEATURES:
      case HUTCH_N_FLAGS:
      default:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                     _ ("“%s” is not a feature (%s)"), quoted, all->str);
        break;
    }
  return FALSE;
}

const char *
hutch_share_to_string (HutchShares share)
{
  return hutch_flag_to_string (HUTCH_FLAGS_SHARED, share);
}

const char *
hutch_socket_to_string (HutchSockets socket)
{
  return hutch_flag_to_string (HUTCH_FLAGS_SOCKETS, socket);
}

const char *
hutch_device_to_string (HutchDevices device)
{
  return hutch_flag_to_string (HUTCH_FLAGS_DEVICES, device);
}

const char *
hutch_feature_to_string (HutchFeatures feature)
{
  return hutch_flag_to_string (HUTCH_FLAGS_FEATURES, feature);
}

/* Filesystem entries are keyed by their base and subpath. */
static guint
filesystem_hash (gconstpointer p)
{
  const HutchFilesystem *fs = p;

  return g_str_hash (fs->subpath) * 31 + (guint)fs->base;
}

static gboolean
filesystem_equal (gconstpointer a, gconstpointer b)
{
  const HutchFilesystem *fa = a, *fb = b;

  return fa->base == fb->base && strcmp (fa->subpath, fb->subpath) == 0;
}

static HutchFilesystem *
filesystem_copy (const HutchFilesystem *fs)
{
  HutchFilesystem *copy = g_new0 (HutchFilesystem, 1);

  copy->base = fs->base;
  copy->subpath = g_strdup (fs->subpath);
  copy->mode = fs->mode;
  return copy;
}

HutchPermissions *
hutch_permissions_new (void)
{
  HutchPermissions *perms = g_new0 (HutchPermissions, 1);

  perms->filesystems = g_hash_table_new_full (filesystem_hash, filesystem_equal,
                                              (GDestroyNotify)hutch_filesystem_free, NULL);
  perms->persistent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  perms->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (perms->bus); i++)
    perms->bus[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  perms->seccomp_rules = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (perms->seccomp_rules, NULL);
  for (guint i = 0; i < HUTCH_N_RESOURCES; i++)
    perms->resources[i] = -1;
  return perms;
}

void
hutch_permissions_free (HutchPermissions *perms)
{
  if (perms == NULL)
    return;
  g_hash_table_unref (perms->filesystems);
  g_hash_table_unref (perms->persistent);
  g_hash_table_unref (perms->env);
  for (guint i = 0; i < G_N_ELEMENTS (perms->bus); i++)
    g_hash_table_unref (perms->bus[i]);
  g_free (perms->seccomp_profile);
  g_ptr_array_unref (perms->seccomp_rules);
  g_free (perms);
}

HutchPermissions *
hutch_permissions_copy (const HutchPermissions *perms)
{
  HutchPermissions *copy = hutch_permissions_new ();

  g_return_val_if_fail (perms != NULL, copy);

  /* A layer merged onto an empty one is that layer. */
  hutch_permissions_merge (copy, perms);
  return copy;
}

void
hutch_permissions_set_flag (HutchPermissions *perms, HutchFlagsKind kind, guint bit, gboolean grant)
{
  g_return_if_fail (kind < HUTCH_N_FLAGS);

  perms->decided[kind] |= bit;
  if (grant)
    perms->flags[kind] |= bit;
  else
    perms->flags[kind] &= ~bit;
}

/* Takes @fs.  "!host" empties the layer's filesystems and remembers to
 * empty the lower layers' when merged. */
void
hutch_permissions_take_filesystem (HutchPermissions *perms, HutchFilesystem *fs)
{
  if (fs->base == HUTCH_FS_BASE_HOST && fs->mode == HUTCH_FS_RESET)
    {
      perms->filesystems_reset = TRUE;
      g_hash_table_remove_all (perms->filesystems);
      hutch_filesystem_free (fs);
      return;
    }
  /* Replaces (and frees) an equal entry. */
  g_hash_table_add (perms->filesystems, fs);
}

void
hutch_permissions_set_persistent (HutchPermissions *perms, const char *path, gboolean keep)
{
  g_hash_table_replace (perms->persistent, g_strdup (path), GINT_TO_POINTER (keep));
}

void
hutch_permissions_set_env (HutchPermissions *perms, const char *name, const char *value)
{
  g_hash_table_replace (perms->env, g_strdup (name), g_strdup (value));
}

void
hutch_permissions_set_bus_policy (HutchPermissions *perms, gboolean system_bus, const char *name,
                                  HutchBusPolicy policy)
{
  g_hash_table_replace (perms->bus[system_bus ? 1 : 0], g_strdup (name), GINT_TO_POINTER (policy));
}

void
hutch_permissions_set_seccomp_profile (HutchPermissions *perms, const char *profile)
{
  g_free (perms->seccomp_profile);
  perms->seccomp_profile = g_strdup (profile);
}

void
hutch_permissions_add_seccomp_rule (HutchPermissions *perms, const char *rule)
{
  GPtrArray *rules = perms->seccomp_rules;

  /* The last element is the terminating NULL. */
  for (guint i = 0; i + 1 < rules->len; i++)
    {
      if (strcmp (g_ptr_array_index (rules, i), rule) == 0)
        {
          g_ptr_array_remove_index (rules, i);
          break;
        }
    }
  g_ptr_array_index (rules, rules->len - 1) = g_strdup (rule);
  g_ptr_array_add (rules, NULL);
}

void
hutch_permissions_set_resource (HutchPermissions *perms, HutchResource which, gint64 value)
{
  g_return_if_fail (which < HUTCH_N_RESOURCES);
  perms->resources[which] = value;
}

static void
merge_strings (GHashTable *base, GHashTable *layer)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, layer);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (base, g_strdup (key), g_strdup (value));
}

static void
merge_ints (GHashTable *base, GHashTable *layer)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, layer);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (base, g_strdup (key), value);
}

void
hutch_permissions_merge (HutchPermissions *base, const HutchPermissions *layer)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (base != NULL && layer != NULL);
  g_return_if_fail (base != layer);

  for (guint k = 0; k < HUTCH_N_FLAGS; k++)
    {
      base->flags[k] = (base->flags[k] & ~layer->decided[k]) | layer->flags[k];
      base->decided[k] |= layer->decided[k];
    }

  if (layer->filesystems_reset)
    {
      base->filesystems_reset = TRUE;
      g_hash_table_remove_all (base->filesystems);
    }
  g_hash_table_iter_init (&iter, layer->filesystems);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (base->filesystems, filesystem_copy (key));

  merge_ints (base->persistent, layer->persistent);
  merge_strings (base->env, layer->env);
  for (guint i = 0; i < G_N_ELEMENTS (base->bus); i++)
    merge_ints (base->bus[i], layer->bus[i]);

  if (layer->seccomp_profile != NULL)
    hutch_permissions_set_seccomp_profile (base, layer->seccomp_profile);
  for (guint i = 0; i + 1 < layer->seccomp_rules->len; i++)
    hutch_permissions_add_seccomp_rule (base, g_ptr_array_index (layer->seccomp_rules, i));

  for (guint i = 0; i < HUTCH_N_RESOURCES; i++)
    if (layer->resources[i] >= 0)
      base->resources[i] = layer->resources[i];
}

void
hutch_permissions_make_sandboxed (HutchPermissions *perms)
{
  g_autoptr (GPtrArray) rules = NULL;

  g_return_if_fail (perms != NULL);

  /* Multiarch stays, as in Flatpak: the app's 32-bit programs run. */
  for (guint k = 0; k < HUTCH_N_FLAGS; k++)
    perms->flags[k] &= k == HUTCH_FLAGS_FEATURES ? HUTCH_FEATURE_MULTIARCH : 0;
  g_hash_table_remove_all (perms->filesystems);
  g_hash_table_remove_all (perms->persistent);
  for (guint i = 0; i < G_N_ELEMENTS (perms->bus); i++)
    g_hash_table_remove_all (perms->bus[i]);
  if (g_strcmp0 (perms->seccomp_profile, "strict") != 0)
    hutch_permissions_set_seccomp_profile (perms, NULL);
  /* Only "deny" rules, which narrow the filter, stay. */
  rules = g_steal_pointer (&perms->seccomp_rules);
  perms->seccomp_rules = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (perms->seccomp_rules, NULL);
  for (guint i = 0; i + 1 < rules->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rules, i), "deny "))
      hutch_permissions_add_seccomp_rule (perms, g_ptr_array_index (rules, i));
}

gboolean
hutch_permissions_has_share (const HutchPermissions *perms, HutchShares share)
{
  return (perms->flags[HUTCH_FLAGS_SHARED] & share) != 0;
}

gboolean
hutch_permissions_has_socket (const HutchPermissions *perms, HutchSockets socket)
{
  return (perms->flags[HUTCH_FLAGS_SOCKETS] & socket) != 0;
}

gboolean
hutch_permissions_has_device (const HutchPermissions *perms, HutchDevices device)
{
  return (perms->flags[HUTCH_FLAGS_DEVICES] & device) != 0;
}

gboolean
hutch_permissions_has_feature (const HutchPermissions *perms, HutchFeatures feature)
{
  return (perms->flags[HUTCH_FLAGS_FEATURES] & feature) != 0;
}

static gint
compare_filesystems (gconstpointer a, gconstpointer b)
{
  const HutchFilesystem *fa = *(HutchFilesystem *const *)a;
  const HutchFilesystem *fb = *(HutchFilesystem *const *)b;

  if (fa->base != fb->base)
    return fa->base < fb->base ? -1 : 1;
  return strcmp (fa->subpath, fb->subpath);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

static GPtrArray *
get_filesystems (const HutchPermissions *perms, gboolean with_resets)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify)hutch_filesystem_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, perms->filesystems);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const HutchFilesystem *fs = key;
      if (with_resets || fs->mode != HUTCH_FS_RESET)
        g_ptr_array_add (result, filesystem_copy (fs));
    }
  g_ptr_array_sort (result, compare_filesystems);
  return result;
}

/* Returns: (transfer full) (element-type HutchFilesystem): copies, freed
 * with the array. */
GPtrArray *
hutch_permissions_get_filesystems (const HutchPermissions *perms)
{
  return get_filesystems (perms, FALSE);
}

GPtrArray *
hutch_permissions_get_filesystem_entries (const HutchPermissions *perms)
{
  return get_filesystems (perms, TRUE);
}

/* Returns: (transfer full) (element-type utf8) */
GPtrArray *
hutch_permissions_get_persistent (const HutchPermissions *perms)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, perms->persistent);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value))
      g_ptr_array_add (result, g_strdup (key));
  g_ptr_array_sort (result, compare_strings);
  return result;
}

/* @set and @unset: (out) (optional) (transfer full) (element-type utf8) */
void
hutch_permissions_get_environment (const HutchPermissions *perms, GPtrArray **set,
                                   GPtrArray **unset)
{
  g_autoptr (GPtrArray) to_set = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) to_unset = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, perms->env);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (value != NULL)
        g_ptr_array_add (to_set, g_strconcat (key, "=", value, NULL));
      else
        g_ptr_array_add (to_unset, g_strdup (key));
    }
  g_ptr_array_sort (to_set, compare_strings);
  g_ptr_array_sort (to_unset, compare_strings);
  if (set != NULL)
    *set = g_steal_pointer (&to_set);
  if (unset != NULL)
    *unset = g_steal_pointer (&to_unset);
}

/* Returns: (transfer full): a new table, name → GINT_TO_POINTER (policy) */
GHashTable *
hutch_permissions_get_bus_policy (const HutchPermissions *perms, gboolean system_bus)
{
  GHashTable *result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, perms->bus[system_bus ? 1 : 0]);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value) != HUTCH_BUS_POLICY_NONE)
      g_hash_table_insert (result, g_strdup (key), value);
  return result;
}

const char *
hutch_permissions_get_seccomp_profile (const HutchPermissions *perms)
{
  return perms->seccomp_profile;
}

/* Returns: (transfer none) (array zero-terminated=1): valid until @perms
 * changes */
const char *const *
hutch_permissions_get_seccomp_rules (const HutchPermissions *perms)
{
  return (const char *const *)perms->seccomp_rules->pdata;
}

HutchResources
hutch_permissions_get_resources (const HutchPermissions *perms)
{
  HutchResources r;

  r.memory_max = perms->resources[HUTCH_RESOURCE_MEMORY_MAX];
  r.pids_max = perms->resources[HUTCH_RESOURCE_PIDS_MAX];
  r.cpu_weight = perms->resources[HUTCH_RESOURCE_CPU_WEIGHT];
  r.nofile = perms->resources[HUTCH_RESOURCE_NOFILE];
  return r;
}

char *
hutch_permissions_to_string (const HutchPermissions *perms)
{
  g_autoptr (GKeyFile) keyfile = hutch_permissions_to_keyfile (perms);

  return g_key_file_to_data (keyfile, NULL, NULL);
}
