/* Internals of the permission model, shared by the files of
 * profiles/permissions/ only.
 *
 * The grammar of each value lives in one place (permissions-values.c,
 * filesystem.c) and is used by both the key-file reader and the
 * command-line options, so that `filesystems=…` in metadata and
 * `--filesystem=…` accept exactly the same text.  Validators fail with a
 * bare, translated message in HUTCH_ERROR_INVALID_PROFILE ("“x12” is not a
 * socket (…)"); their callers prefix it with where the value came from.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-metadata.h"
#include "hutch-permissions.h"

#include <glib.h>

G_BEGIN_DECLS

/* The four bitmask permissions of [Context]. */
typedef enum
{
  HUTCH_FLAGS_SHARED,
  HUTCH_FLAGS_SOCKETS,
  HUTCH_FLAGS_DEVICES,
  HUTCH_FLAGS_FEATURES,
  HUTCH_N_FLAGS,
} HutchFlagsKind;

/* The fields of [Resources], in the order they are written. */
typedef enum
{
  HUTCH_RESOURCE_MEMORY_MAX,
  HUTCH_RESOURCE_PIDS_MAX,
  HUTCH_RESOURCE_CPU_WEIGHT,
  HUTCH_RESOURCE_NOFILE,
  HUTCH_N_RESOURCES,
} HutchResource;

/* One layer.  Everything a layer does not mention is absent from it. */
struct _HutchPermissions
{
  /* Per kind: the granted bits, and the bits the layer decides (granted
   * or revoked).  granted ⊆ decided. */
  guint flags[HUTCH_N_FLAGS];
  guint decided[HUTCH_N_FLAGS];

  /* "!host": everything lower layers granted in filesystems is dropped
   * before this layer's entries apply. */
  gboolean filesystems_reset;
  /* HutchFilesystem (its base and subpath are the key) → itself; RESET
   * entries take away the same entry of lower layers. */
  GHashTable *filesystems;
  GHashTable *persistent;   /* relative path → GINT_TO_POINTER (TRUE: keep, FALSE: revoked) */
  GHashTable *env;          /* NAME → value, or NULL: unset */
  GHashTable *bus[2];       /* [0] session, [1] system: name → GINT_TO_POINTER (HutchBusPolicy) */
  char *seccomp_profile;    /* NULL: not decided */
  GPtrArray *seccomp_rules; /* char *, in order, always NULL-terminated */
  gint64 resources[HUTCH_N_RESOURCES]; /* -1: not decided */
};

/* permissions.c: names and setters. */
const char *hutch_flags_kind_name (HutchFlagsKind kind);
const char *hutch_flag_to_string (HutchFlagsKind kind, guint bit);
gboolean hutch_flag_parse (HutchFlagsKind kind, const char *name, guint *bit, GError **error);
void hutch_permissions_set_flag (HutchPermissions *perms, HutchFlagsKind kind, guint bit,
                                 gboolean grant);
void hutch_permissions_take_filesystem (HutchPermissions *perms, HutchFilesystem *fs);
void hutch_permissions_set_persistent (HutchPermissions *perms, const char *path, gboolean keep);
void hutch_permissions_set_env (HutchPermissions *perms, const char *name, const char *value);
void hutch_permissions_set_bus_policy (HutchPermissions *perms, gboolean system_bus,
                                       const char *name, HutchBusPolicy policy);
void hutch_permissions_set_seccomp_profile (HutchPermissions *perms, const char *profile);
void hutch_permissions_add_seccomp_rule (HutchPermissions *perms, const char *rule);
void hutch_permissions_set_resource (HutchPermissions *perms, HutchResource which, gint64 value);
/* hutch_permissions_get_filesystems() with the RESET entries kept. */
GPtrArray *hutch_permissions_get_filesystem_entries (const HutchPermissions *perms);

/* permissions-values.c: the grammar of values other than filesystems. */
/* The first C0 or C1 control character (or DEL) of the UTF-8 @text,
 * escaped as in messages (\x1b, \u0085), or NULL if there is none. */
char *hutch_find_control_char (const char *text);
gboolean hutch_bus_name_validate (const char *name, GError **error);
gboolean hutch_bus_policy_parse (const char *value, HutchBusPolicy *policy, GError **error);
const char *hutch_bus_policy_to_string (HutchBusPolicy policy);
gboolean hutch_env_name_validate (const char *name, GError **error);
gboolean hutch_env_value_validate (const char *value, GError **error);
char *hutch_persistent_parse (const char *value, GError **error);
char *hutch_seccomp_profile_parse (const char *value, GError **error);
gboolean hutch_seccomp_rule_validate (const char *rule, GError **error);
const char *hutch_resource_name (HutchResource which);
gboolean hutch_resource_parse (HutchResource which, const char *value, gint64 *out, GError **error);
char *hutch_resource_to_string (HutchResource which, gint64 value);

/* filesystem.c: a relative path, normalized ("a//./b/" → "a/b"); "" for
 * an empty one if @allow_empty.  ".." and control characters are refused. */
char *hutch_subpath_normalize (const char *path, gboolean allow_empty, GError **error);

/* permissions-keyfile.c */
/* Everything of @perms written as load_keyfile() reads it, in a fresh
 * key file (the same layer always gives the same text). */
GKeyFile *hutch_permissions_to_keyfile (const HutchPermissions *perms);
/* hutch_permissions_load_keyfile(), where groups for which @is_other_group
 * returns TRUE belong to the caller (metadata's [Application]…) and are
 * neither read nor warned about.  @packaged: the file is an app's metadata,
 * which may not name host files (a seccomp profile by path). */
gboolean hutch_permissions_load_keyfile_full (HutchPermissions *perms, GKeyFile *keyfile,
                                              const char *text, const char *filename,
                                              gboolean (*is_other_group) (const char *group),
                                              int error_code, gboolean packaged,
                                              GPtrArray *warnings, GError **error);

G_END_DECLS
