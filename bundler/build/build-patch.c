/* Patch sources: applied with the SDK's patch(1) inside a sandbox.
 *
 *   patch -pN --batch --forward --no-backup-if-mismatch [options] -i PATCH
 *
 * run in the source's dest below the module's directory.  --forward makes
 * a patch that is already applied (or reversed) fail instead of undoing
 * it; --batch never asks on the terminal.
 *
 * Defends against: a patch that writes outside the module's sources
 * ("+++ ../../.bashrc", or through a link the sources hold): patch runs in
 * a sandbox in which the module's directory is the only writable place,
 * and the patch file is a sha256-checked private copy, read-only.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>

#define PATCH_DIR "/run/patch"

static char **
patch_argv (const HutchManifestSource *source, const char *file)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, g_strdup ("patch"));
  g_ptr_array_add (argv, g_strdup_printf ("-p%u", source->patch_strip));
  g_ptr_array_add (argv, g_strdup ("--batch"));
  g_ptr_array_add (argv, g_strdup ("--forward"));
  g_ptr_array_add (argv, g_strdup ("--no-backup-if-mismatch"));
  for (gsize i = 0; source->patch_options != NULL && source->patch_options[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (source->patch_options[i]));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup (file));
  g_ptr_array_add (argv, NULL);
  return (char **)g_ptr_array_free (argv, FALSE);
}

/**
 * build_patch_apply:
 *
 * Applies the patch of @source to @mdir's sources, in its dest.
 */
gboolean
build_patch_apply (const BuildModuleDir *mdir, const HutchManifestSource *source, GError **error)
{
  g_autofree char *name = NULL, *copy = NULL, *file = NULL, *cwd = NULL, *what = NULL;
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) local_error = NULL;
  build_autofd int dest_fd = -1;
  const char *const env[] = { "PATH=/usr/bin", "LANG=C.UTF-8", NULL };
  BuildSandbox sandbox;
  BuildBind binds[2];
  int status = 0;

  /* dest must be a directory below the module's, reached without links. */
  dest_fd = build_mkdir_beneath (mdir->dir_fd, source->dest, &local_error);
  if (dest_fd < 0)
    return build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &source->where, _ ("dest: %s"),
                           local_error->message);
  copy = build_fetch_staged (mdir->ctx, source, "patch", &name, error);
  if (copy == NULL)
    return FALSE;
  file = g_build_filename (PATCH_DIR, name, NULL);
  cwd = g_build_filename (mdir->sandbox_dir, source->dest, NULL);
  argv = patch_argv (source, file);
  binds[0] = (BuildBind){ mdir->dir, mdir->sandbox_dir, TRUE };
  binds[1] = (BuildBind){ copy, file, FALSE };
  build_sandbox_init (&sandbox, mdir->ctx);
  sandbox.binds = binds;
  sandbox.n_binds = G_N_ELEMENTS (binds);
  sandbox.home = mdir->sandbox_dir;
  sandbox.cwd = cwd;
  sandbox.env = env;
  what = g_strdup_printf (_ ("applying %s"), name);
  if (!build_run_step (mdir->ctx, mdir->module->name, &sandbox, what, (const char *const *)argv,
                       &status, error))
    return FALSE;
  if (status == 0)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
               /* TRANSLATORS: the module, the patch's file name, the exit status */
               _ ("module “%s”: applying %s failed with exit status %d"), mdir->module->name, name,
               status);
  return FALSE;
}
