/* Hutch's permission model: what an app may reach outside its sandbox.
 *
 * A HutchPermissions is one *layer* of decisions.  An app's metadata is the
 * first layer; the global overrides, the app's overrides and the flags of
 * `app run` are later layers; hutch_permissions_merge() applies a layer on
 * top of the result so far, later layers winning.  A layer only holds what
 * it decides: a socket it neither grants nor revokes is left to the layers
 * below.
 *
 * The keys and values are Flatpak's wherever the meaning is the same
 * ([Context] shared, sockets, devices, features, filesystems, persistent;
 * [Environment]; [Session Bus Policy], [System Bus Policy]), so that
 * packagers' metadata carries over.  Hutch adds [Seccomp] (profile, rules)
 * and [Resources] (memory-max, pids-max, cpu-weight, nofile).
 *
 * Defends against: a malformed or hostile metadata file widening a sandbox.
 * Every value is validated when it is parsed; reserved paths (/, /usr, /app,
 * /proc, /dev, /sys, /run/user/UID itself, …) cannot be granted; an unknown
 * key is warned about and ignored, an invalid value is an error naming the
 * file, the line and the key, and nothing of a file with an error is used.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HUTCH_SHARE_NETWORK = 1 << 0,
  HUTCH_SHARE_IPC = 1 << 1,
} HutchShares;

typedef enum
{
  HUTCH_SOCKET_X11 = 1 << 0,
  HUTCH_SOCKET_FALLBACK_X11 = 1 << 1, /* X11 only if there is no Wayland */
  HUTCH_SOCKET_WAYLAND = 1 << 2,
  HUTCH_SOCKET_PULSEAUDIO = 1 << 3,
  HUTCH_SOCKET_PIPEWIRE = 1 << 4,
  HUTCH_SOCKET_SESSION_BUS = 1 << 5,  /* unfiltered: the whole session bus */
  HUTCH_SOCKET_SYSTEM_BUS = 1 << 6,
  HUTCH_SOCKET_SSH_AUTH = 1 << 7,
  HUTCH_SOCKET_PCSC = 1 << 8,
  HUTCH_SOCKET_CUPS = 1 << 9,
  HUTCH_SOCKET_GPG_AGENT = 1 << 10,
} HutchSockets;

typedef enum
{
  HUTCH_DEVICE_DRI = 1 << 0,
  HUTCH_DEVICE_INPUT = 1 << 1,
  HUTCH_DEVICE_KVM = 1 << 2,
  HUTCH_DEVICE_SHM = 1 << 3,
  HUTCH_DEVICE_ALL = 1 << 4,
} HutchDevices;

typedef enum
{
  HUTCH_FEATURE_DEVEL = 1 << 0,           /* ptrace and perf: the devel seccomp profile */
  HUTCH_FEATURE_MULTIARCH = 1 << 1,       /* 32-bit programs (PER_LINUX32 is always allowed) */
  HUTCH_FEATURE_BLUETOOTH = 1 << 2,       /* AF_BLUETOOTH sockets */
  HUTCH_FEATURE_PER_APP_DEV_SHM = 1 << 3, /* /dev/shm shared by the app's instances */
} HutchFeatures;

/* What a filesystems entry grants.  RESET is the "!" of metadata and
 * --nofilesystem: it takes away what lower layers granted for exactly that
 * entry (same base, same subpath: "!home" leaves "~/src").  "!host" is the
 * exception: it takes away *every* filesystem lower layers granted, as
 * Flatpak's --nofilesystem=host:reset, and entries listed before it in the
 * same layer; the layer's later entries then apply on top. */
typedef enum
{
  HUTCH_FS_RESET,
  HUTCH_FS_READ_ONLY,  /* ":ro" */
  HUTCH_FS_READ_WRITE, /* ":rw", the default */
  HUTCH_FS_CREATE,     /* ":create": read-write, the host directory is made if missing */
} HutchFsMode;

/* Where a filesystems entry points. */
typedef enum
{
  HUTCH_FS_BASE_HOST,         /* "host": the host's files; its /usr, /lib… under /run/host */
  HUTCH_FS_BASE_HOST_OS,      /* "host-os": the host's /usr, /lib… under /run/host */
  HUTCH_FS_BASE_HOST_ETC,     /* "host-etc": the host's /etc at /run/host/etc */
  HUTCH_FS_BASE_HOME,         /* "home" or "~" */
  HUTCH_FS_BASE_HOME_PATH,    /* "~/PATH" */
  HUTCH_FS_BASE_ABSOLUTE,     /* "/PATH" */
  HUTCH_FS_BASE_XDG_DESKTOP,  /* "xdg-desktop[/PATH]", and so on for the user dirs */
  HUTCH_FS_BASE_XDG_DOCUMENTS,
  HUTCH_FS_BASE_XDG_DOWNLOAD,
  HUTCH_FS_BASE_XDG_MUSIC,
  HUTCH_FS_BASE_XDG_PICTURES,
  HUTCH_FS_BASE_XDG_PUBLIC_SHARE,
  HUTCH_FS_BASE_XDG_TEMPLATES,
  HUTCH_FS_BASE_XDG_VIDEOS,
  HUTCH_FS_BASE_XDG_CONFIG,   /* "xdg-config[/PATH]": $XDG_CONFIG_HOME */
  HUTCH_FS_BASE_XDG_CACHE,
  HUTCH_FS_BASE_XDG_DATA,
  HUTCH_FS_BASE_XDG_STATE,
  HUTCH_FS_BASE_XDG_RUN,      /* "xdg-run/PATH": $XDG_RUNTIME_DIR/PATH (a PATH is required) */
} HutchFsBase;

/* One filesystems entry, parsed and validated.  @subpath is relative (no
 * leading '/'), normalized (no "." or ".." components, no empty ones,
 * no trailing '/', no ':' and no control characters), "" for the base
 * itself; for ABSOLUTE it is the path without its leading '/'. */
typedef struct
{
  HutchFsBase base;
  char *subpath;
  HutchFsMode mode;
} HutchFilesystem;

typedef enum
{
  HUTCH_BUS_POLICY_NONE, /* revokes what a lower layer gave */
  HUTCH_BUS_POLICY_SEE,
  HUTCH_BUS_POLICY_TALK,
  HUTCH_BUS_POLICY_OWN,
} HutchBusPolicy;

/* [Resources]: -1 when this layer does not decide. */
typedef struct
{
  gint64 memory_max; /* bytes; "512M", "2G", a number of bytes, or "max" (= 0: no limit) */
  gint64 pids_max;   /* 1.. or "max" (0) */
  gint64 cpu_weight; /* 1..10000, the cgroup v2 scale */
  gint64 nofile;     /* RLIMIT_NOFILE, 1..1048576 */
} HutchResources;

typedef struct _HutchPermissions HutchPermissions;

HutchPermissions *hutch_permissions_new (void);
HutchPermissions *hutch_permissions_copy (const HutchPermissions *perms);
void hutch_permissions_free (HutchPermissions *perms);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchPermissions, hutch_permissions_free)

/* Apply @layer on top of @base, @layer winning where it decides. */
void hutch_permissions_merge (HutchPermissions *base, const HutchPermissions *layer);

/* `app run --sandbox`, as Flatpak's: takes every grant away from @perms
 * (shares, sockets, devices, features but multiarch, file systems, persist
 * paths, bus names), and the seccomp choices that could loosen the default
 * filter (a profile other than "strict", "allow" rules).  The environment
 * and the resource limits stay. */
void hutch_permissions_make_sandboxed (HutchPermissions *perms);

/* Reading a layer from a key file ([Context], [Environment], the bus
 * policies, [Seccomp], [Resources]) and merging it onto @perms.  @text is
 * the file's content as read, NUL-terminated (used to find the line of a
 * bad key for the message; may be NULL), @filename names it in messages.
 * [Context] also takes Flatpak's "unset-environment" list, which wins over
 * [Environment].  Unknown keys and unknown groups are reported through
 * @warnings (one translated line each, "FILE:LINE: …"; may be NULL), not
 * errors.  On error (HUTCH_ERROR_INVALID_PROFILE, "FILE:LINE: [GROUP] KEY:
 * what is wrong") @perms and @warnings are unchanged. */
gboolean hutch_permissions_load_keyfile (HutchPermissions *perms,
                                         GKeyFile *keyfile,
                                         const char *text,
                                         const char *filename,
                                         GPtrArray *warnings,
                                         GError **error);

/* Writing a layer back, as `app override` stores it: only what the layer
 * decides, in a stable order (the same layer always gives the same text).
 * The permission groups of @keyfile are replaced; other groups stay. */
void hutch_permissions_save_keyfile (const HutchPermissions *perms, GKeyFile *keyfile);

/* One command-line permission flag of `app override` / `app run`:
 * @option is the name without its dashes ("filesystem", "nofilesystem",
 * "socket", "nosocket", "share", "unshare", "device", "nodevice", "allow",
 * "disallow" (features), "env", "unset-env", "persist", "talk-name",
 * "no-talk-name", "own-name", "see-name", "system-talk-name",
 * "system-no-talk-name", "system-own-name", "system-see-name",
 * "seccomp-profile", "seccomp-rule", "memory-max", "pids-max",
 * "cpu-weight", "nofile").  Values have the key file's syntax, except that
 * none may start with "!" (revoking has options of its own) and
 * --nofilesystem takes no suffix.  Returns FALSE with
 * G_OPTION_ERROR_UNKNOWN_OPTION if @option is not one of them, and
 * G_OPTION_ERROR_BAD_VALUE "--OPTION: what is wrong" for a bad @value; on
 * error @perms is unchanged. */
gboolean hutch_permissions_apply_option (HutchPermissions *perms,
                                         const char *option,
                                         const char *value,
                                         GError **error);

/* Accessors for the sandbox plan and for `app info --show-permissions`. */
gboolean hutch_permissions_has_share (const HutchPermissions *perms, HutchShares share);
gboolean hutch_permissions_has_socket (const HutchPermissions *perms, HutchSockets socket);
gboolean hutch_permissions_has_device (const HutchPermissions *perms, HutchDevices device);
gboolean hutch_permissions_has_feature (const HutchPermissions *perms, HutchFeatures feature);
/* The granted filesystems (RESET entries dropped), in a stable order: by
 * base, then by subpath.  Copies, freed with the array. */
GPtrArray *hutch_permissions_get_filesystems (const HutchPermissions *perms);
/* Relative paths under the app's data dir, sorted; freed with the array. */
GPtrArray *hutch_permissions_get_persistent (const HutchPermissions *perms);
/* NAME=VALUE strings to set and NAME strings to unset, sorted; new arrays,
 * either pointer may be NULL. */
void hutch_permissions_get_environment (const HutchPermissions *perms,
                                        GPtrArray **set,
                                        GPtrArray **unset);
/* Bus name (or name.*) → GINT_TO_POINTER (HutchBusPolicy), NONE entries
 * dropped; a new table. */
GHashTable *hutch_permissions_get_bus_policy (const HutchPermissions *perms, gboolean system_bus);
/* The seccomp profile name or absolute path (NULL: the default) and the
 * extra rules, in the order given, NULL-terminated (owned by @perms). */
const char *hutch_permissions_get_seccomp_profile (const HutchPermissions *perms);
const char *const *hutch_permissions_get_seccomp_rules (const HutchPermissions *perms);
HutchResources hutch_permissions_get_resources (const HutchPermissions *perms);

/* The layer as key-file text, as `app info --show-permissions` prints it. */
char *hutch_permissions_to_string (const HutchPermissions *perms);

/* Names, for messages and for the key-file values. */
const char *hutch_socket_to_string (HutchSockets socket);
const char *hutch_device_to_string (HutchDevices device);
const char *hutch_feature_to_string (HutchFeatures feature);
const char *hutch_share_to_string (HutchShares share);
/* "xdg-download/Music:ro", "~/src", "/srv/data:create", "!home" */
char *hutch_filesystem_to_string (const HutchFilesystem *fs);
/* Parse one filesystems value ("xdg-download/Music:ro"); @error
 * (HUTCH_ERROR_INVALID_PROFILE) quotes it and says what is wrong.  A ':'
 * always starts the suffix: a path containing ':' cannot be granted. */
HutchFilesystem *hutch_filesystem_parse (const char *value, GError **error);
void hutch_filesystem_free (HutchFilesystem *fs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchFilesystem, hutch_filesystem_free)

G_END_DECLS
