/* What the files of bundler/build/ share; not for other callers.
 *
 * The pure parts (merging build-options, the environment, the command
 * lines of each buildsystem, the sandbox plan, cleanup patterns) take plain
 * data and return plain data, for the unit tests; the rest does the I/O.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-build.h"
#include "hutch-deploy.h"
#include "hutch-manifest.h"
#include "hutch-sandbox-plan.h"

#include <glib.h>
#include <sys/stat.h>
#include <unistd.h>

G_BEGIN_DECLS

/* Where a module's directory appears in the sandbox: /run/build/NAME. */
#define BUILD_SANDBOX_ROOT "/run/build"
/* The out-of-tree build directory of meson, cmake and autotools with
 * "builddir": a subdirectory of the module's (or its subdir's). */
#define BUILD_SUBDIR_NAME "_hutch_build"

/* One build, from start to end. */
typedef struct
{
  const HutchManifest *manifest;
  const HutchBuildSettings *settings;
  char *arch;
  guint jobs;
  char *builddir;  /* absolute */
  char *files_dir; /* BUILDDIR/files */
  char *state_dir; /* absolute */
  char *launcher;
  HutchDeploy *sdk;
  HutchDeploy *runtime;
  char *sdk_etc;   /* the SDK's files/etc, or NULL */
  int sdk_hold_fd; /* keeps `app update` from removing the SDK while it builds */
  int lock_fd;     /* one build per state directory at a time */
  gint64 source_date;
  guint n_modules; /* to build, for the progress */
  guint module_index;
  GPtrArray *cleanups; /* BuildCleanup, per module */
} BuildContext;

void build_context_clear (BuildContext *ctx);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BuildContext, build_context_clear)

/* build-module.c: does an only-arches/skip-arches pair let @arch build? */
gboolean build_arch_enabled (const char *const *only_arches, const char *const *skip_arches,
                             const char *arch);

/* build-options.c: the top-level and the module's build-options, merged:
 * flags concatenated (top first) unless a later one overrides, prefix (never
 * NULL: default /app) and libdir the module's if set, path additions
 * joined, env the module's over the top's, argument lists concatenated,
 * network if either asks.  Of the result, the *_override flags,
 * build_args, strip and no_debuginfo mean nothing. */
HutchBuildOptions *build_options_merge (const HutchBuildOptions *top,
                                        const HutchBuildOptions *module);
char **build_environ_merge (char **env, const char *const *add);

/* build-env.c: the environment of a build step, "KEY=VALUE" in order. */
typedef struct
{
  const char *app_id;
  const char *arch;
  guint jobs;
  gint64 source_date;
  const char *module_dir; /* in the sandbox: /run/build/NAME */
} BuildEnvInfo;

const char *build_env_multiarch (const char *arch); /* "x86_64-linux-gnu", or NULL */
char **build_env_compose (const BuildEnvInfo *info, const HutchBuildOptions *options);

/* build-buildsystem.c: the commands that build a module. */
typedef enum
{
  BUILD_STEP_AUTOGEN,
  BUILD_STEP_CONFIGURE,
  BUILD_STEP_BUILD,
  BUILD_STEP_INSTALL,
  BUILD_STEP_COMMANDS, /* simple's build-commands */
  BUILD_STEP_POST_INSTALL,
} BuildStepKind;

typedef struct
{
  BuildStepKind kind;
  char **argv;
  char *cwd; /* in the sandbox */
} BuildStep;

void build_step_free (BuildStep *step);
const char *build_step_describe (BuildStepKind kind); /* translated */
const char *build_buildsystem_name (HutchBuildSystem buildsystem);

/* What the module's sources hold, looked at before planning. */
typedef struct
{
  gboolean has_configure;
  const char *autogen; /* the script to run if there is no configure, or NULL */
} BuildProbe;

gboolean build_buildsystem_uses_builddir (const HutchManifestModule *module);
gboolean build_buildsystem_check (const HutchManifestModule *module, GError **error);
/* The module's steps (BuildStep), post-install included.  @source_dir is
 * where the module's sources are in the sandbox, subdir applied. */
GPtrArray *build_buildsystem_plan (const HutchManifestModule *module, const HutchBuildOptions *options,
                                   const BuildProbe *probe, const char *source_dir, guint jobs,
                                   GError **error);

/* build-sandbox.c: the sandbox of a step. */
typedef struct
{
  const char *source; /* host path */
  const char *dest;   /* in the sandbox */
  gboolean writable;
} BuildBind;

typedef struct
{
  const char *sdk_files;  /* host path, mounted at /usr */
  const char *sdk_etc;    /* host path mounted at /etc, or NULL: a minimal /etc */
  const char *app_files;  /* host path mounted read-write at /app, or NULL */
  const BuildBind *binds; /* more, in order */
  guint n_binds;
  const char *home; /* $HOME in the sandbox, for /etc/passwd */
  const char *cwd;
  const char *const *env; /* the whole environment */
  gboolean network;
  const char *user_name; /* for the minimal /etc/passwd */
  guint uid, gid;
} BuildSandbox;

HutchSandboxPlan *build_sandbox_plan (const BuildSandbox *sandbox);
/* Runs @argv in @sandbox through @launcher with the caller's stdout and
 * stderr; *@out_status gets its exit status (128+N for signal N). */
gboolean build_sandbox_run (const char *launcher, const BuildSandbox *sandbox,
                            const char *const *argv, int *out_status, GError **error);
/* The sandbox of @ctx's SDK, its identity fields filled. */
void build_sandbox_init (BuildSandbox *sandbox, const BuildContext *ctx);

/* build-fs.c: the file system, never following a symbolic link out of
 * where it starts.  Every fd is O_CLOEXEC. */
int build_open_beneath (int dir_fd, const char *path, int flags, GError **error);
int build_mkdir_beneath (int dir_fd, const char *path, GError **error);
gboolean build_name_is_safe (const char *name);
int build_create_at (int dir_fd, const char *name, mode_t mode, GError **error);
gboolean build_write_all (int fd, const char *name, const void *data, gsize len, GError **error);
gboolean build_write_at (int dir_fd, const char *name, const void *data, gsize len, mode_t mode,
                         GError **error);
gboolean build_empty_dir (const char *path, GError **error);
/* @path, if it exists, is a directory and not a symbolic link. */
gboolean build_check_real_dir (const char *path, GError **error);
gboolean build_ensure_empty_dir (const char *base, const char *rel, GError **error);
typedef enum
{
  BUILD_FS_OPEN,
  BUILD_FS_READ,
  BUILD_FS_WRITE,
  BUILD_FS_MAKE,
  BUILD_FS_REMOVE,
  BUILD_FS_RENAME,
  BUILD_FS_SET_TIME,
  BUILD_FS_UNPACK,
} BuildFsOp;
gboolean build_fs_error (GError **error, int errsv, BuildFsOp op, const char *path);

static inline void
build_close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}
static inline int
build_steal_fd (int *fd)
{
  int out = *fd;

  *fd = -1;
  return out;
}
/* An fd closed when it goes out of scope; never close one by hand. */
#define build_autofd __attribute__ ((cleanup (build_close_fd)))

/* build-walk.c: every entry below a directory, children before their
 * directory, in name order; symbolic links are entries, never followed. */
typedef struct
{
  int dir_fd; /* the directory that holds the entry */
  const char *name;
  const char *path; /* relative to the top */
  const struct stat *st;
} BuildWalkEntry;

typedef struct
{
  gboolean (*skip) (const BuildWalkEntry *entry, gpointer user_data); /* before, may be NULL */
  gboolean (*visit) (const BuildWalkEntry *entry, gpointer user_data, GError **error);
  gpointer user_data;
} BuildWalker;

gboolean build_walk (int top_fd, const BuildWalker *walker, GError **error);
GPtrArray *build_list_dir (int fd, const char *path, GError **error);

/* build-copy.c: copying sources. */
gboolean build_copy_data (int in_fd, int out_fd, GChecksum *checksum, const char *name,
                          GError **error);
gboolean build_copy_tree (int src_fd, int dst_fd, const char *const *skip,
                          const struct stat *exclude, guint n_exclude, GError **error);

/* build-fetch.c: errors about a place in the manifest; the local file of
 * a source; that of a file, archive or patch source, copied
 * to @dst_fd/@name with its sha256 checked before anything uses it. */
gboolean build_fetch_source (const BuildContext *ctx, const HutchManifestSource *source, int dst_fd,
                             const char *name, GError **error);
gboolean build_error_at (GError **error, int code, const HutchManifestLocation *where,
                         const char *format, ...) G_GNUC_PRINTF (4, 5);
int build_open_source (const BuildContext *ctx, const HutchManifestSource *source, int flags,
                       GError **error);
char *build_fetch_staged (const BuildContext *ctx, const HutchManifestSource *source,
                          const char *what, char **out_name, GError **error);
/* The file name a file, archive or patch source has (from path or url). */
char *build_source_basename (const HutchManifestSource *source);

/* build-sources.c, build-archive.c, build-patch.c: a module's sources
 * put into its directory. */
typedef struct
{
  BuildContext *ctx;
  const HutchManifestModule *module;
  const char *dir;         /* host path of the module's directory */
  const char *sandbox_dir; /* /run/build/NAME */
  int dir_fd;
} BuildModuleDir;

gboolean build_sources_fetch (const BuildModuleDir *mdir, GError **error);
gboolean build_archive_extract (const BuildModuleDir *mdir, const HutchManifestSource *source,
                                int dest_fd, GError **error);
gboolean build_patch_apply (const BuildModuleDir *mdir, const HutchManifestSource *source,
                            GError **error);
/* A staging directory in STATE/tmp, made empty. */
char *build_make_tmp_dir (const BuildContext *ctx, const char *what, GError **error);
/* Reports @what as the progress of the module @who, then runs @argv in
 * @sandbox; *@out_status gets its exit status.  A status other than 0 is
 * the caller's to report, in one whole sentence that names the step. */
gboolean build_run_step (const BuildContext *ctx, const char *who, const BuildSandbox *sandbox,
                         const char *what, const char *const *argv, int *out_status,
                         GError **error);

/* build-module.c */
gboolean build_module (BuildContext *ctx, const HutchManifestModule *module, GError **error);
void build_report (const BuildContext *ctx, const char *module, const char *step);

/* build-cleanup.c */
typedef struct
{
  char **patterns;
  GHashTable *installed; /* paths under /app the module added */
} BuildCleanup;

void build_cleanup_free (BuildCleanup *cleanup);
gboolean build_cleanup_match (const char *pattern, const char *path);
GHashTable *build_cleanup_snapshot (const char *files_dir, GError **error);
BuildCleanup *build_cleanup_new (const char *const *patterns, GHashTable *before,
                                 GHashTable *after);
gboolean build_cleanup_apply (const char *files_dir, const BuildCleanup *cleanup, GError **error);
gboolean build_cleanup_run_commands (BuildContext *ctx, GError **error);

/* build-finish.c and build-exports.c */
gboolean build_finish_rename (const BuildContext *ctx, GError **error);
gboolean build_finish_exports (const BuildContext *ctx, GError **error);
char *build_finish_set_icon (const char *desktop, gsize len, const char *old, const char *icon,
                             GError **error);

/* build-date.c */
gboolean build_date_of_sources (const BuildContext *ctx, gint64 *out_date, GError **error);
gboolean build_date_clamp (int top_fd, gint64 date, GError **error);

/* build-dirs.c */
guint build_dirs_own (const BuildContext *ctx, struct stat own[2]);
gboolean build_dirs_prepare (BuildContext *ctx, GError **error);
gboolean build_dirs_mark_complete (BuildContext *ctx, GError **error);

G_END_DECLS
