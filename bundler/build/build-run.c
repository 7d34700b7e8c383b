/* hutch_build_run(): a whole build, in order.
 *
 *   0. count the modules to build, refusing a buildsystem none can build
 *   1. find the SDK and the runtime (the user's installation, then the
 *      system's) and hold the SDK's deploy for the build's length
 *   2. the sources' date (and every local source opened once: a missing
 *      one, or a url without a mirror, is reported before BUILDDIR is
 *      touched)
 *   3. BUILDDIR emptied (--force-clean) and marked incomplete
 *   4. the modules, nested ones first, skipping disabled ones and those
 *      not for this arch
 *   5. the modules' cleanups, the top-level cleanup, cleanup-commands
 *   6. renames, export/, metadata
 *   7. every time clamped to the sources' date; the marker removed
 *
 * Any failure stops the build where it is and leaves the marker.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

void
build_context_clear (BuildContext *ctx)
{
  g_clear_pointer (&ctx->arch, g_free);
  g_clear_pointer (&ctx->builddir, g_free);
  g_clear_pointer (&ctx->files_dir, g_free);
  g_clear_pointer (&ctx->state_dir, g_free);
  g_clear_pointer (&ctx->launcher, g_free);
  g_clear_pointer (&ctx->sdk, hutch_deploy_free);
  g_clear_pointer (&ctx->runtime, hutch_deploy_free);
  g_clear_pointer (&ctx->sdk_etc, g_free);
  g_clear_pointer (&ctx->cleanups, g_ptr_array_unref);
  build_close_fd (&ctx->sdk_hold_fd);
  build_close_fd (&ctx->lock_fd);
}

static char *
find_launcher (const HutchBuildSettings *settings)
{
  const char *env = g_getenv ("HUTCH_LAUNCH");

  if (settings->launcher != NULL)
    return g_strdup (settings->launcher);
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (HUTCH_BINDIR, "hutch-launch", NULL);
}

static void
init_context (BuildContext *ctx, const HutchManifest *manifest, const HutchBuildSettings *settings)
{
  g_autofree char *cwd = g_get_current_dir ();

  ctx->manifest = manifest;
  ctx->settings = settings;
  ctx->arch = g_strdup (settings->arch != NULL ? settings->arch : hutch_get_arch ());
  ctx->jobs = settings->jobs > 0 ? settings->jobs : g_get_num_processors ();
  ctx->builddir = g_canonicalize_filename (settings->builddir, cwd);
  ctx->files_dir = g_build_filename (ctx->builddir, "files", NULL);
  ctx->state_dir = g_canonicalize_filename (
      settings->state_dir != NULL ? settings->state_dir : ".hutch-bundler", cwd);
  ctx->launcher = find_launcher (settings);
  ctx->sdk_hold_fd = -1;
  ctx->lock_fd = -1;
  ctx->cleanups = g_ptr_array_new_with_free_func ((GDestroyNotify)build_cleanup_free);
}

/* The runtime @id at the manifest's runtime-version, or a clear error
 * about the manifest's @field (written at @written, if known) naming the
 * ref and how to install it. */
static HutchDeploy *
find_runtime (const BuildContext *ctx, const char *id, const char *field,
              const HutchManifestLocation *written, GError **error)
{
  const HutchManifest *m = ctx->manifest;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *ref = NULL;
  HutchManifestLocation where = { m->path, 0, 0, (char *)field };
  HutchDeploy *deploy;

  if (written->file != NULL)
    where = *written;

  if (id == NULL)
    {
      build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &where, _ ("no %s is given"), field);
      return NULL;
    }
  deploy = hutch_deploy_find (HUTCH_REF_KIND_RUNTIME, id, ctx->arch, m->runtime_version,
                              ctx->settings->installation_dirs, &local_error);
  if (deploy != NULL)
    return deploy;
  if (!g_error_matches (local_error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  ref = g_strdup_printf ("runtime/%s/%s/%s", id, ctx->arch, m->runtime_version);
  build_error_at (error, HUTCH_ERROR_NOT_INSTALLED, &where,
                  _ ("%s is not installed, for the user or system-wide; install it with "
                     "“app install REMOTE %s”"),
                  ref, ref);
  return NULL;
}

static gboolean
find_sdk (BuildContext *ctx, GError **error)
{
  g_autofree char *etc = NULL;
  struct stat st;

  ctx->sdk = find_runtime (ctx, ctx->manifest->sdk, "sdk", &ctx->manifest->sdk_where, error);
  if (ctx->sdk == NULL)
    return FALSE;
  ctx->runtime
      = find_runtime (ctx, ctx->manifest->runtime, "runtime", &ctx->manifest->runtime_where, error);
  if (ctx->runtime == NULL)
    return FALSE;
  ctx->sdk_hold_fd = hutch_deploy_hold (ctx->sdk->deploy_dir, error);
  if (ctx->sdk_hold_fd < 0)
    return FALSE;
  /* The SDK's own /etc, if it has one: a directory, not a symlink, which
   * its packager could point at a directory of the host's (it is bound by
   * path); without it, a tmpfs. */
  etc = g_build_filename (ctx->sdk->files_dir, "etc", NULL);
  if (lstat (etc, &st) == 0 && S_ISDIR (st.st_mode))
    ctx->sdk_etc = g_steal_pointer (&etc);
  return TRUE;
}

static gboolean
module_enabled (const BuildContext *ctx, const HutchManifestModule *module)
{
  return !module->disabled
         && build_arch_enabled ((const char *const *)module->only_arches,
                                (const char *const *)module->skip_arches, ctx->arch);
}

/* Counts the modules to build, and refuses what none could build, before
 * anything is built. */
static gboolean
check_modules (const BuildContext *ctx, GPtrArray *modules, guint *n, GError **error)
{
  for (guint i = 0; modules != NULL && i < modules->len; i++)
    {
      const HutchManifestModule *module = g_ptr_array_index (modules, i);
      if (!module_enabled (ctx, module))
        continue;
      if (!build_buildsystem_check (module, error)
          || !check_modules (ctx, module->modules, n, error))
        return FALSE;
      (*n)++;
    }
  return TRUE;
}

static gboolean
build_modules (BuildContext *ctx, GPtrArray *modules, GError **error)
{
  for (guint i = 0; modules != NULL && i < modules->len; i++)
    {
      const HutchManifestModule *module = g_ptr_array_index (modules, i);
      if (!module_enabled (ctx, module))
        continue;
      if (!build_modules (ctx, module->modules, error))
        return FALSE;
      ctx->module_index++;
      if (!build_module (ctx, module, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
clean_up (BuildContext *ctx, GError **error)
{
  const char *const *top = (const char *const *)ctx->manifest->cleanup;

  for (guint i = 0; i < ctx->cleanups->len; i++)
    if (!build_cleanup_apply (ctx->files_dir, g_ptr_array_index (ctx->cleanups, i), error))
      return FALSE;
  if (top != NULL && top[0] != NULL)
    {
      BuildCleanup all = { (char **)top, NULL };
      if (!build_cleanup_apply (ctx->files_dir, &all, error))
        return FALSE;
    }
  return build_cleanup_run_commands (ctx, error);
}

static gboolean
write_metadata (const BuildContext *ctx, GError **error)
{
  g_autofree char *metadata = hutch_manifest_to_metadata (ctx->manifest, ctx->arch);
  build_autofd int fd = open (ctx->builddir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, ctx->builddir);
  return build_write_at (fd, "metadata", metadata, strlen (metadata), 0644, error);
}

/**
 * hutch_build_run:
 *
 * See hutch-build.h.
 */
gboolean
hutch_build_run (const HutchManifest *manifest, const HutchBuildSettings *settings,
                 gint64 *out_source_date, GError **error)
{
  g_auto (BuildContext) ctx = { 0 };

  g_return_val_if_fail (manifest != NULL && settings != NULL && settings->builddir != NULL, FALSE);

  init_context (&ctx, manifest, settings);
  if (!check_modules (&ctx, manifest->modules, &ctx.n_modules, error) || !find_sdk (&ctx, error)
      || !build_date_of_sources (&ctx, &ctx.source_date, error)
      || !build_dirs_prepare (&ctx, error))
    return FALSE;
  if (!build_modules (&ctx, manifest->modules, error) || !clean_up (&ctx, error)
      || !build_finish_rename (&ctx, error) || !build_finish_exports (&ctx, error)
      || !write_metadata (&ctx, error) || !build_dirs_mark_complete (&ctx, error))
    return FALSE;
  if (out_source_date != NULL)
    *out_source_date = ctx.source_date;
  return TRUE;
}
