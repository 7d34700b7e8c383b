/* The sandbox plan: from an app's merged permissions to the operations
 * hutch-launch performs.
 *
 * Building a plan is a pure function of (runtime files, app files, the
 * merged permissions, the user's environment): the user's environment comes
 * in a HutchHostEnv, and the little I/O the plan needs (does this socket
 * exist? what is in ~/.Xauthority?) goes through its callbacks, so that
 * table-driven tests can check the exact operations each permission
 * produces with no namespaces and no files.  hutch_sandbox_plan_to_args()
 * then renders the plan as hutch-launch's argument list.
 *
 * Each host integration (X11, Wayland, PulseAudio, PipeWire, D-Bus, ssh and
 * gpg agents, PC/SC, CUPS) lives in a file of its own, host-*.c, and adds
 * its operations through the functions below.
 *
 * Defends against: a granted path whose symbolic links the app planted on an
 * earlier launch (under the app's own data directory: such sources are
 * marked BENEATH and opened with openat2(RESOLVE_BENEATH) by the caller and
 * passed to hutch-launch by fd); grants of reserved paths (refused when the
 * permissions were parsed, checked again here); the app rewriting its own
 * overrides (the installations' directories are hidden in every sandbox).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-permissions.h"

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* The XDG user directories, in the order of the HUTCH_FS_BASE_XDG_* user
 * dirs (desktop … videos). */
#define HUTCH_N_XDG_USER_DIRS 8

/* Protections a test may switch off (HUTCH_DEBUG_DISABLE, see app(1)) to
 * show that its check can fail. */
typedef enum
{
  HUTCH_PLAN_DEBUG_NO_HIDE = 1 << 0,    /* installations stay visible */
  HUTCH_PLAN_DEBUG_NO_BENEATH = 1 << 1, /* sources under the app's data follow symlinks */
  HUTCH_PLAN_DEBUG_SHOW_APPS = 1 << 2,  /* home shows the other apps' data in ~/.var/app */
} HutchPlanDebug;

/* What the plan needs to know about the user's session. */
typedef struct
{
  uid_t uid;
  gid_t gid;
  const char *user_name;
  const char *hostname;        /* the kernel's: X11 cookies are looked up by it */
  const char *home;            /* $HOME */
  const char *runtime_dir;     /* $XDG_RUNTIME_DIR on the host, or NULL */
  const char *xdg_config_home; /* the host user's, for xdg-config grants */
  const char *xdg_cache_home;
  const char *xdg_data_home;
  const char *xdg_state_home;
  const char *xdg_user_dirs[HUTCH_N_XDG_USER_DIRS]; /* NULL when not set */
  const char *const *installation_dirs; /* hidden in the sandbox; NULL-terminated */
  const char *const *environ;  /* the caller's environment, NAME=VALUE, NULL-terminated */
  HutchPlanDebug debug_disable;

  /* I/O, replaceable by tests.  user_data is passed back. */
  gboolean (*path_exists) (const char *path, gpointer user_data);
  gboolean (*is_socket) (const char *path, gpointer user_data);
  GBytes *(*read_file) (const char *path, gpointer user_data); /* NULL if unreadable */
  gpointer user_data;
} HutchHostEnv;

/* Fill @env from the process: getenv, the GLib user directories, real I/O.
 * The strings belong to GLib or the environment.  The XDG user directories
 * (Downloads…) are left unset: reading them costs a file, so
 * hutch_host_env_init_user_dirs() does it when a grant needs them. */
void hutch_host_env_init (HutchHostEnv *env);
void hutch_host_env_init_user_dirs (HutchHostEnv *env);
/* The value of NAME in env->environ, or NULL. */
const char *hutch_host_env_getenv (const HutchHostEnv *env, const char *name);

typedef enum
{
  HUTCH_PLAN_BIND,         /* source → dest, read-write */
  HUTCH_PLAN_RO_BIND,      /* read-only */
  HUTCH_PLAN_DEV_BIND,     /* with device nodes */
  HUTCH_PLAN_TMPFS,        /* dest */
  HUTCH_PLAN_DIR,          /* dest, with perms */
  HUTCH_PLAN_SYMLINK,      /* target (source) at dest */
  HUTCH_PLAN_RO_DATA,      /* data as a read-only file at dest */
  HUTCH_PLAN_PROC,         /* dest */
  HUTCH_PLAN_DEV,          /* dest */
  HUTCH_PLAN_REMOUNT_RO,   /* dest */
} HutchPlanOpKind;

typedef enum
{
  HUTCH_PLAN_FLAG_TRY = 1 << 0,     /* skip if the source is missing */
  HUTCH_PLAN_FLAG_BENEATH = 1 << 1, /* source is base_dir + subpath, opened so that no
                                       symlink leaves base_dir; passed by fd */
  HUTCH_PLAN_FLAG_CREATE = 1 << 2,  /* make the source directory on the host first */
  HUTCH_PLAN_FLAG_GRANT = 1 << 3,   /* a filesystem grant: opened by the caller, checked
                                       against the protected directories, passed by fd */
} HutchPlanFlags;

typedef struct
{
  HutchPlanOpKind kind;
  HutchPlanFlags flags;
  char *source;   /* host path (BENEATH: the base directory), or a symlink's target */
  char *subpath;  /* BENEATH: the path under source */
  char *dest;     /* path in the sandbox */
  GBytes *data;   /* RO_DATA */
  guint perms;    /* DIR, RO_DATA; 0 for the default */
} HutchPlanOp;

typedef struct
{
  GPtrArray *ops;      /* HutchPlanOp, in order */
  GPtrArray *setenv;   /* "NAME=VALUE", the command's environment on top of the caller's */
  GPtrArray *unsetenv; /* NAME */
  gboolean clearenv;   /* start from an empty environment */
  gboolean share_net;
  gboolean share_ipc;
  char *chdir;
  char *seccomp_profile;     /* NULL: hutch-launch's built-in default */
  GPtrArray *seccomp_rules;  /* extra rules, profile-language lines */
  HutchResources resources;
  GPtrArray *warnings;       /* translated, for the user: a socket granted but absent… */
  /* Where no grant may lead (the installations, the running instances),
   * nor around which unless the plan hides them at the right place
   * (hutch_sandbox_plan_open_fds() checks what each grant opened). */
  GPtrArray *protected_dirs;
  char *apps_dir; /* ~/.var/app, hidden around (not inside); NULL if not hidden */
} HutchSandboxPlan;

HutchSandboxPlan *hutch_sandbox_plan_new (void);
void hutch_sandbox_plan_free (HutchSandboxPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchSandboxPlan, hutch_sandbox_plan_free)

/* Operations, for the host-*.c integrations. */
HutchPlanOp *hutch_plan_add (HutchSandboxPlan *plan, HutchPlanOpKind kind, const char *source,
                             const char *dest);
/* A bind of @base/@subpath opened beneath @base (HUTCH_PLAN_FLAG_BENEATH). */
HutchPlanOp *hutch_plan_add_beneath (HutchSandboxPlan *plan, HutchPlanOpKind kind,
                                     const char *base, const char *subpath, const char *dest);
void hutch_plan_add_data (HutchSandboxPlan *plan, GBytes *data, const char *dest);
void hutch_plan_setenv (HutchSandboxPlan *plan, const char *name, const char *value);
void hutch_plan_unsetenv (HutchSandboxPlan *plan, const char *name);
void hutch_plan_warn (HutchSandboxPlan *plan, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* A read-only bind of the host's @source (a socket) at @dest; if @source
 * lies under a writable grant, where the app may have swapped it for a
 * symlink, it is opened beneath that grant, as a grant nested in it is
 * (plan-filesystems.c). */
HutchPlanOp *hutch_plan_add_host_bind (HutchSandboxPlan *plan, const char *source,
                                       const char *dest);

/* The sandbox's own XDG_RUNTIME_DIR: /run/user/UID. */
char *hutch_plan_runtime_dir (const HutchHostEnv *env);

/* Everything an app launch needs. */
typedef struct
{
  const char *app_id;
  const char *app_files;      /* deploy's files/, mounted at /app; NULL for a runtime alone */
  const char *runtime_files;  /* runtime deploy's files/, mounted at /usr */
  const char *info;           /* the content of /.hutch-info */
  const char *const *command; /* argv to run inside */
  const HutchPermissions *permissions; /* merged */
  const char *cwd;            /* absolute; NULL: the caller's directory if the
                               * sandbox has it, else home (hutch-launch's default) */
} HutchAppLaunch;

HutchSandboxPlan *hutch_sandbox_plan_for_app (const HutchAppLaunch *launch,
                                              const HutchHostEnv *env,
                                              GError **error);

/* The host integrations, one per file (host-*.c).  Each adds what its
 * permission needs, or a warning when the host has nothing to give. */
void hutch_host_x11 (HutchSandboxPlan *plan, const HutchHostEnv *env, gboolean fallback_only,
                     gboolean has_wayland);
/* TRUE if it granted the Wayland socket. */
gboolean hutch_host_wayland (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_pulseaudio (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_pipewire (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_session_bus (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_system_bus (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_ssh_agent (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_gpg_agent (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_pcsc (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_cups (HutchSandboxPlan *plan, const HutchHostEnv *env);
void hutch_host_devices (HutchSandboxPlan *plan, const HutchHostEnv *env, guint devices);

/* Render @plan as hutch-launch options (the command last, after "--").  BENEATH
 * sources and data need file descriptors: with @fds NULL (tests) they are
 * rendered symbolically ("--bind-fd BENEATH:/base/sub DEST", "--ro-bind-data
 * DATA:N DEST"); otherwise hutch_sandbox_plan_open_fds() must have filled @fds. */
GPtrArray *hutch_sandbox_plan_to_args (const HutchSandboxPlan *plan, const GArray *fds,
                                       const char *const *command);

/* Tests only (HUTCH_PLAN_DEBUG_NO_BENEATH): pass BENEATH sources by path. */
void hutch_sandbox_plan_debug_no_beneath (HutchSandboxPlan *plan);

/* Make the host directories of CREATE grants, and open what the plan passes
 * by fd (BENEATH sources, data), in plan order, for
 * hutch_sandbox_plan_to_args().  A TRY source that is missing, or that
 * leads out of its base (with a warning added to @warnings, if not NULL),
 * gets -1: that operation is left out. */
GArray *hutch_sandbox_plan_open_fds (const HutchSandboxPlan *plan, GPtrArray *warnings,
                                     GError **error);

G_END_DECLS
