/* One module: its sources into a fresh directory, its buildsystem's steps
 * in sandboxes, and a record of what it installed for the cleanup.
 *
 * The module's directory is STATE/build/NAME, emptied first, and
 * /run/build/NAME in the sandbox (also $HOME and FLATPAK_BUILDER_BUILDDIR).
 * Steps run in order; the first that fails ends the build with an error
 * naming the module, the step and its exit status.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>

/* What runs if a module has no configure: flatpak-builder's order. */
static const char *const autogen_scripts[]
    = { "autogen.sh", "autogen", "bootstrap", "bootstrap.sh" };

gboolean
build_arch_enabled (const char *const *only_arches, const char *const *skip_arches,
                    const char *arch)
{
  if (only_arches != NULL && only_arches[0] != NULL && !g_strv_contains (only_arches, arch))
    return FALSE;
  return skip_arches == NULL || !g_strv_contains (skip_arches, arch);
}

void
build_report (const BuildContext *ctx, const char *module, const char *step)
{
  if (ctx->settings->progress != NULL)
    ctx->settings->progress (ctx->module_index, ctx->n_modules, module, step,
                             ctx->settings->progress_data);
}

/**
 * build_run_step:
 * @who: the module, for the progress
 * @what: the step, for the progress ("meson: configuring")
 * @out_status: (out): the exit status of @argv
 *
 * Runs @argv in @sandbox.  An exit status other than 0 is not an error
 * here: the caller reports it, naming the step in a whole sentence that a
 * translator can order.
 */
gboolean
build_run_step (const BuildContext *ctx, const char *who, const BuildSandbox *sandbox,
                const char *what, const char *const *argv, int *out_status, GError **error)
{
  build_report (ctx, who, what);
  return build_sandbox_run (ctx->launcher, sandbox, argv, out_status, error);
}

/* The error of a buildsystem's step that exited with @status. */
static gboolean
fail_step (const char *module, const char *system, BuildStepKind kind, int status, GError **error)
{
  switch (kind)
    {
      case BUILD_STEP_AUTOGEN:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                     /* TRANSLATORS: the module, its buildsystem ("meson"), the exit status */
                     _ ("module “%s”: %s: running autogen failed with exit status %d"), module,
                     system, status);
        break;
      case BUILD_STEP_CONFIGURE:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                     /* TRANSLATORS: the module, its buildsystem ("meson"), the exit status */
                     _ ("module “%s”: %s: configuring failed with exit status %d"), module, system,
                     status);
        break;
      case BUILD_STEP_BUILD:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                     /* TRANSLATORS: the module, its buildsystem ("meson"), the exit status */
                     _ ("module “%s”: %s: building failed with exit status %d"), module, system,
                     status);
        break;
      case BUILD_STEP_INSTALL:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                     /* TRANSLATORS: the module, its buildsystem ("meson"), the exit status */
                     _ ("module “%s”: %s: installing failed with exit status %d"), module, system,
                     status);
        break;
      case BUILD_STEP_COMMANDS:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                     /* TRANSLATORS: the module, its buildsystem ("simple"), the exit status */
                     _ ("module “%s”: %s: running build-commands failed with exit status %d"),
                     module, system, status);
        break;
      case BUILD_STEP_POST_INSTALL:
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                     /* TRANSLATORS: the module, its buildsystem ("meson"), the exit status */
                     _ ("module “%s”: %s: running post-install failed with exit status %d"), module,
                     system, status);
        break;
      default:
        g_assert_not_reached ();
    }
  return FALSE;
}

static BuildProbe
probe_sources (int dir_fd)
{
  BuildProbe probe = { 0 };
  struct stat st;

  /* AT_SYMLINK_NOFOLLOW: a link there is the sources' own, and is looked
   * at in the sandbox; followed here it would tell the build whether a
   * path exists on the host. */
  probe.has_configure = fstatat (dir_fd, "configure", &st, AT_SYMLINK_NOFOLLOW) == 0;
  for (gsize i = 0; probe.autogen == NULL && i < G_N_ELEMENTS (autogen_scripts); i++)
    if (fstatat (dir_fd, autogen_scripts[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
      probe.autogen = autogen_scripts[i];
  return probe;
}

/* The module's sources after subdir: its fd and its path in the sandbox. */
static int
open_source_dir (const BuildModuleDir *mdir, char **sandbox_path, GError **error)
{
  const char *subdir = mdir->module->subdir;
  g_autoptr (GError) local_error = NULL;
  int fd = build_open_beneath (mdir->dir_fd, subdir != NULL ? subdir : "", O_RDONLY | O_DIRECTORY,
                               &local_error);

  if (fd < 0)
    {
      build_error_at (error, HUTCH_ERROR_BUILD_FAILED, &mdir->module->where, _ ("subdir: %s"),
                      local_error->message);
      return -1;
    }
  *sandbox_path = g_build_filename (mdir->sandbox_dir, subdir, NULL);
  return fd;
}

static GPtrArray *
plan_steps (const BuildModuleDir *mdir, const HutchBuildOptions *options, GError **error)
{
  g_autofree char *source_dir = NULL;
  build_autofd int source_fd = open_source_dir (mdir, &source_dir, error);
  BuildProbe probe;

  if (source_fd < 0)
    return NULL;
  probe = probe_sources (source_fd);
  if (build_buildsystem_uses_builddir (mdir->module))
    {
      build_autofd int fd = build_mkdir_beneath (source_fd, BUILD_SUBDIR_NAME, error);
      if (fd < 0)
        return NULL;
    }
  return build_buildsystem_plan (mdir->module, options, &probe, source_dir, mdir->ctx->jobs, error);
}

static gboolean
run_steps (const BuildModuleDir *mdir, GPtrArray *steps, const HutchBuildOptions *options,
           GError **error)
{
  const BuildContext *ctx = mdir->ctx;
  const BuildEnvInfo info
      = { ctx->manifest->id, ctx->arch, ctx->jobs, ctx->source_date, mdir->sandbox_dir };
  g_auto (GStrv) env = build_env_compose (&info, options);
  const BuildBind bind = { mdir->dir, mdir->sandbox_dir, TRUE };
  const char *system = build_buildsystem_name (mdir->module->buildsystem);
  BuildSandbox sandbox;

  build_sandbox_init (&sandbox, ctx);
  sandbox.app_files = ctx->files_dir;
  sandbox.binds = &bind;
  sandbox.n_binds = 1;
  sandbox.home = mdir->sandbox_dir;
  sandbox.env = (const char *const *)env;
  sandbox.network = options->network;
  for (guint i = 0; i < steps->len; i++)
    {
      const BuildStep *step = g_ptr_array_index (steps, i);
      g_autofree char *what = g_strdup_printf ("%s: %s", system, build_step_describe (step->kind));
      int status = 0;
      sandbox.cwd = step->cwd;
      if (!build_run_step (mdir->ctx, mdir->module->name, &sandbox, what,
                           (const char *const *)step->argv, &status, error))
        return FALSE;
      if (status != 0)
        return fail_step (mdir->module->name, system, step->kind, status, error);
    }
  return TRUE;
}

static gboolean
build_in_dir (BuildModuleDir *mdir, GError **error)
{
  const HutchManifestModule *module = mdir->module;
  BuildContext *ctx = mdir->ctx;
  g_autoptr (HutchBuildOptions) options
      = build_options_merge (ctx->manifest->build_options, module->build_options);
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (GHashTable) before = NULL, after = NULL;

  build_report (ctx, module->name, _ ("preparing sources"));
  if (!build_sources_fetch (mdir, error))
    return FALSE;
  steps = plan_steps (mdir, options, error);
  if (steps == NULL)
    return FALSE;
  before = build_cleanup_snapshot (ctx->files_dir, error);
  if (before == NULL || !run_steps (mdir, steps, options, error))
    return FALSE;
  after = build_cleanup_snapshot (ctx->files_dir, error);
  if (after == NULL)
    return FALSE;
  if (module->cleanup != NULL && module->cleanup[0] != NULL)
    g_ptr_array_add (ctx->cleanups,
                     build_cleanup_new ((const char *const *)module->cleanup, before, after));
  return TRUE;
}

/**
 * build_module:
 *
 * Builds @module (not the modules it holds: the caller builds those
 * first) into ctx->files_dir.
 */
gboolean
build_module (BuildContext *ctx, const HutchManifestModule *module, GError **error)
{
  g_autofree char *rel = g_build_filename ("build", module->name, NULL);
  g_autofree char *dir = g_build_filename (ctx->state_dir, rel, NULL);
  g_autofree char *sandbox_dir = g_build_filename (BUILD_SANDBOX_ROOT, module->name, NULL);
  build_autofd int dir_fd = -1;
  BuildModuleDir mdir = { ctx, module, dir, sandbox_dir, -1 };

  if (!build_name_is_safe (module->name))
    return build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &module->where,
                           _ ("name must be one file name"));
  if (!build_ensure_empty_dir (ctx->state_dir, rel, error))
    return FALSE;
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, dir);
  mdir.dir_fd = dir_fd;
  return build_in_dir (&mdir, error);
}
