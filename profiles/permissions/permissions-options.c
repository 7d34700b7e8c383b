/* The permission flags of `app run` and `app override`.
 *
 * What this defends against: a flag meaning something else than the same
 * text in metadata.  Every flag goes through the grammar the key-file
 * reader uses (permissions-values.c, filesystem.c); a flag only adds a
 * decision to the layer it is applied to, and a bad value changes nothing.
 * Revoking has flags of its own (--nosocket=x11, --nofilesystem=home):
 * a value starting with "!" is refused rather than read twice over.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "permissions-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"

typedef enum
{
  OPTION_FLAG,       /* kind, grant */
  OPTION_FILESYSTEM, /* grant: FALSE for --nofilesystem */
  OPTION_ENV,
  OPTION_UNSET_ENV,
  OPTION_PERSIST,
  OPTION_BUS, /* system_bus, policy */
  OPTION_SECCOMP_PROFILE,
  OPTION_SECCOMP_RULE,
  OPTION_RESOURCE, /* resource */
} OptionType;

typedef struct
{
  const char *name;
  OptionType type;
  gboolean grant;
  HutchFlagsKind kind;
  gboolean system_bus;
  HutchBusPolicy policy;
  HutchResource resource;
} Option;

static const Option options[] = {
  { "share", OPTION_FLAG, TRUE, HUTCH_FLAGS_SHARED },
  { "unshare", OPTION_FLAG, FALSE, HUTCH_FLAGS_SHARED },
  { "socket", OPTION_FLAG, TRUE, HUTCH_FLAGS_SOCKETS },
  { "nosocket", OPTION_FLAG, FALSE, HUTCH_FLAGS_SOCKETS },
  { "device", OPTION_FLAG, TRUE, HUTCH_FLAGS_DEVICES },
  { "nodevice", OPTION_FLAG, FALSE, HUTCH_FLAGS_DEVICES },
  { "allow", OPTION_FLAG, TRUE, HUTCH_FLAGS_FEATURES },
  { "disallow", OPTION_FLAG, FALSE, HUTCH_FLAGS_FEATURES },
  { "filesystem", OPTION_FILESYSTEM, TRUE },
  { "nofilesystem", OPTION_FILESYSTEM, FALSE },
  { "env", OPTION_ENV },
  { "unset-env", OPTION_UNSET_ENV },
  { "persist", OPTION_PERSIST },
  { "see-name", OPTION_BUS, .policy = HUTCH_BUS_POLICY_SEE },
  { "talk-name", OPTION_BUS, .policy = HUTCH_BUS_POLICY_TALK },
  { "own-name", OPTION_BUS, .policy = HUTCH_BUS_POLICY_OWN },
  { "no-talk-name", OPTION_BUS, .policy = HUTCH_BUS_POLICY_NONE },
  { "system-see-name", OPTION_BUS, .system_bus = TRUE, .policy = HUTCH_BUS_POLICY_SEE },
  { "system-talk-name", OPTION_BUS, .system_bus = TRUE, .policy = HUTCH_BUS_POLICY_TALK },
  { "system-own-name", OPTION_BUS, .system_bus = TRUE, .policy = HUTCH_BUS_POLICY_OWN },
  { "system-no-talk-name", OPTION_BUS, .system_bus = TRUE, .policy = HUTCH_BUS_POLICY_NONE },
  { "seccomp-profile", OPTION_SECCOMP_PROFILE },
  { "seccomp-rule", OPTION_SECCOMP_RULE },
  { "memory-max", OPTION_RESOURCE, .resource = HUTCH_RESOURCE_MEMORY_MAX },
  { "pids-max", OPTION_RESOURCE, .resource = HUTCH_RESOURCE_PIDS_MAX },
  { "cpu-weight", OPTION_RESOURCE, .resource = HUTCH_RESOURCE_CPU_WEIGHT },
  { "nofile", OPTION_RESOURCE, .resource = HUTCH_RESOURCE_NOFILE },
};

/* --nofilesystem=home: the entry of --filesystem, without suffix, as RESET. */
static HutchFilesystem *
parse_nofilesystem (const char *value, GError **error)
{
  HutchFilesystem *fs;

  if (strchr (value, ':') != NULL)
    {
      g_autofree char *quoted = hutch_quote_untrusted (value);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                   _ ("“%s”: no suffix (:ro, :rw or :create) when revoking"), quoted);
      return NULL;
    }
  fs = hutch_filesystem_parse (value, error);
  if (fs != NULL)
    fs->mode = HUTCH_FS_RESET;
  return fs;
}

static gboolean
apply_env (HutchPermissions *perms, const char *value, GError **error)
{
  const char *eq = strchr (value, '=');
  g_autofree char *name = NULL;

  if (eq == NULL)
    {
      g_autofree char *quoted = hutch_quote_untrusted (value);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE, _ ("“%s” is not NAME=VALUE"),
                   quoted);
      return FALSE;
    }
  name = g_strndup (value, (gsize)(eq - value));
  if (!hutch_env_name_validate (name, error) || !hutch_env_value_validate (eq + 1, error))
    return FALSE;
  hutch_permissions_set_env (perms, name, eq + 1);
  return TRUE;
}

/* Applies @option to the layer @perms. */
static gboolean
apply (HutchPermissions *perms, const Option *option, const char *value, GError **error)
{
  g_autofree char *parsed = NULL;
  HutchFilesystem *fs;
  guint bit;
  gint64 n;

  switch (option->type)
    {
      case OPTION_FLAG:
        if (!hutch_flag_parse (option->kind, value, &bit, error))
          return FALSE;
        hutch_permissions_set_flag (perms, option->kind, bit, option->grant);
        return TRUE;
      case OPTION_FILESYSTEM:
        fs = option->grant ? hutch_filesystem_parse (value, error)
                           : parse_nofilesystem (value, error);
        if (fs == NULL)
          return FALSE;
        hutch_permissions_take_filesystem (perms, fs);
        return TRUE;
      case OPTION_ENV:
        return apply_env (perms, value, error);
      case OPTION_UNSET_ENV:
        if (!hutch_env_name_validate (value, error))
          return FALSE;
        hutch_permissions_set_env (perms, value, NULL);
        return TRUE;
      case OPTION_PERSIST:
        if ((parsed = hutch_persistent_parse (value, error)) == NULL)
          return FALSE;
        hutch_permissions_set_persistent (perms, parsed, TRUE);
        return TRUE;
      case OPTION_BUS:
        if (!hutch_bus_name_validate (value, error))
          return FALSE;
        hutch_permissions_set_bus_policy (perms, option->system_bus, value, option->policy);
        return TRUE;
      case OPTION_SECCOMP_PROFILE:
        if ((parsed = hutch_seccomp_profile_parse (value, error)) == NULL)
          return FALSE;
        hutch_permissions_set_seccomp_profile (perms, parsed);
        return TRUE;
      case OPTION_SECCOMP_RULE:
        if (!hutch_seccomp_rule_validate (value, error))
          return FALSE;
        hutch_permissions_add_seccomp_rule (perms, value);
        return TRUE;
      case OPTION_RESOURCE:
      default:
        if (!hutch_resource_parse (option->resource, value, &n, error))
          return FALSE;
        hutch_permissions_set_resource (perms, option->resource, n);
        return TRUE;
    }
}

/**
 * hutch_permissions_apply_option:
 *
 * Besides the options of hutch-permissions.h, "system-see-name".  Errors:
 * %G_OPTION_ERROR_UNKNOWN_OPTION, or %G_OPTION_ERROR_BAD_VALUE with a
 * message "--OPTION: what is wrong".  On error @perms is unchanged.
 */
gboolean
hutch_permissions_apply_option (HutchPermissions *perms, const char *option, const char *value,
                                GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *quoted = NULL;
  const Option *found = NULL;

  g_return_val_if_fail (perms != NULL && option != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (options) && found == NULL; i++)
    if (strcmp (options[i].name, option) == 0)
      found = &options[i];

  quoted = hutch_escape_for_terminal (option, HUTCH_ESCAPE_FLAGS_NONE);
  if (found == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                   _ ("--%s is not a permission option"), quoted);
      return FALSE;
    }
  if (value == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("--%s needs a value"),
                   quoted);
      return FALSE;
    }
  if (value[0] == '!')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--%s: a value cannot start with “!”; to revoke, use the option's "
                      "opposite (--nosocket, --nofilesystem, --unset-env…)"),
                   quoted);
      return FALSE;
    }
  if (!apply (perms, found, value, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s: %s", quoted,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
