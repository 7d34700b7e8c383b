/* Cleanup: removing what the app does not need (headers, static
 * libraries, documentation) after every module is built.
 *
 * Patterns follow flatpak-builder's manifests: a pattern that starts with
 * "/" is a path below /app ("/include", "/share/man", or "/lib/" then
 * "*.a"); any
 * other pattern matches at any depth, usually a base name ("*.la").  Each
 * element is a glob (fnmatch(3), a star also matches a leading dot), and a
 * match on a directory takes all it holds.
 *
 * A module's cleanup removes only what that module installed: the tree of
 * /app is listed before and after its steps, and the difference recorded.
 * Cleanups are applied after the last module, so that a later module may
 * still use an earlier one's headers; then the top-level cleanup applies
 * to everything, then cleanup-commands run in a sandbox.
 *
 * Defends against: removal that follows a symbolic link out of /app
 * (build-walk.c never enters links; a link is removed as a link).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>

/* @parts without empty elements ("a//b", leading and trailing "/"). */
static GPtrArray *
split_path (const char *path)
{
  g_auto (GStrv) raw = g_strsplit (path, "/", -1);
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; raw[i] != NULL; i++)
    if (raw[i][0] != '\0')
      g_ptr_array_add (parts, g_strdup (raw[i]));
  return parts;
}

/* The elements of @pattern match those of @path from @start on. */
static gboolean
match_at (GPtrArray *pattern, GPtrArray *path, guint start)
{
  if (start + pattern->len > path->len)
    return FALSE;
  for (guint i = 0; i < pattern->len; i++)
    if (fnmatch (g_ptr_array_index (pattern, i), g_ptr_array_index (path, start + i), 0) != 0)
      return FALSE;
  return TRUE;
}

/**
 * build_cleanup_match:
 * @pattern: a cleanup pattern
 * @path: a path below /app, relative ("lib/libfoo.a")
 *
 * Returns: whether @pattern takes @path (itself, or a directory above it)
 */
gboolean
build_cleanup_match (const char *pattern, const char *path)
{
  g_autoptr (GPtrArray) pattern_parts = split_path (pattern);
  g_autoptr (GPtrArray) path_parts = split_path (path);

  if (pattern_parts->len == 0)
    return FALSE;
  if (pattern[0] == '/')
    return match_at (pattern_parts, path_parts, 0);
  for (guint start = 0; start < path_parts->len; start++)
    if (match_at (pattern_parts, path_parts, start))
      return TRUE;
  return FALSE;
}

void
build_cleanup_free (BuildCleanup *cleanup)
{
  if (cleanup == NULL)
    return;
  g_strfreev (cleanup->patterns);
  g_clear_pointer (&cleanup->installed, g_hash_table_unref);
  g_free (cleanup);
}

static gboolean
add_path (const BuildWalkEntry *entry, gpointer user_data, GError **error)
{
  g_hash_table_add (user_data, g_strdup (entry->path));
  return TRUE;
}

/**
 * build_cleanup_snapshot:
 *
 * Returns: (transfer full): the set of paths below @files_dir
 */
GHashTable *
build_cleanup_snapshot (const char *files_dir, GError **error)
{
  g_autoptr (GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  build_autofd int fd = open (files_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  const BuildWalker walker = { NULL, add_path, paths };

  if (fd < 0)
    {
      build_fs_error (error, errno, BUILD_FS_OPEN, files_dir);
      return NULL;
    }
  if (!build_walk (fd, &walker, error))
    return NULL;
  return g_steal_pointer (&paths);
}

/**
 * build_cleanup_new:
 * @patterns: a module's cleanup patterns
 * @before: paths in /app before the module's steps
 * @after: after them
 *
 * Returns: (transfer full): @patterns, to apply to what is in @after only
 */
BuildCleanup *
build_cleanup_new (const char *const *patterns, GHashTable *before, GHashTable *after)
{
  BuildCleanup *cleanup = g_new0 (BuildCleanup, 1);
  GHashTableIter iter;
  gpointer path;

  cleanup->patterns = g_strdupv ((char **)patterns);
  cleanup->installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    if (!g_hash_table_contains (before, path))
      g_hash_table_add (cleanup->installed, g_strdup (path));
  return cleanup;
}

static gboolean
remove_matching (const BuildWalkEntry *entry, gpointer user_data, GError **error)
{
  const BuildCleanup *cleanup = user_data;
  gboolean dir = S_ISDIR (entry->st->st_mode);

  if (cleanup->installed != NULL && !g_hash_table_contains (cleanup->installed, entry->path))
    return TRUE;
  for (gsize i = 0; cleanup->patterns[i] != NULL; i++)
    {
      if (!build_cleanup_match (cleanup->patterns[i], entry->path))
        continue;
      /* A directory keeps what another module put there. */
      if (unlinkat (entry->dir_fd, entry->name, dir ? AT_REMOVEDIR : 0) < 0 && errno != ENOENT
          && !(dir && (errno == ENOTEMPTY || errno == EEXIST)))
        return build_fs_error (error, errno, BUILD_FS_REMOVE, entry->path);
      return TRUE;
    }
  return TRUE;
}

/**
 * build_cleanup_apply:
 * @cleanup: patterns, and the paths they may take (NULL: every path)
 *
 * Removes what @cleanup's patterns match below @files_dir.
 */
gboolean
build_cleanup_apply (const char *files_dir, const BuildCleanup *cleanup, GError **error)
{
  build_autofd int fd = open (files_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  const BuildWalker walker = { NULL, remove_matching, (gpointer)cleanup };

  if (fd < 0)
    return build_fs_error (error, errno, BUILD_FS_OPEN, files_dir);
  return build_walk (fd, &walker, error);
}

/**
 * build_cleanup_run_commands:
 *
 * Runs the manifest's cleanup-commands in a build sandbox (/app writable,
 * the working directory /app).
 */
gboolean
build_cleanup_run_commands (BuildContext *ctx, GError **error)
{
  char **commands = ctx->manifest->cleanup_commands;
  g_autoptr (HutchBuildOptions) options = NULL;
  g_autofree char *home = NULL;
  g_auto (GStrv) env = NULL;
  const char *sandbox_home = BUILD_SANDBOX_ROOT "/cleanup-commands";
  BuildSandbox sandbox;
  BuildBind bind;

  if (commands == NULL || commands[0] == NULL)
    return TRUE;
  home = build_make_tmp_dir (ctx, "cleanup-commands", error);
  if (home == NULL)
    return FALSE;
  options = build_options_merge (ctx->manifest->build_options, NULL);
  env = build_env_compose (
      &(BuildEnvInfo){ ctx->manifest->id, ctx->arch, ctx->jobs, ctx->source_date, sandbox_home },
      options);
  bind = (BuildBind){ home, sandbox_home, TRUE };
  build_sandbox_init (&sandbox, ctx);
  sandbox.app_files = ctx->files_dir;
  sandbox.binds = &bind;
  sandbox.n_binds = 1;
  sandbox.home = sandbox_home;
  sandbox.cwd = "/app";
  sandbox.env = (const char *const *)env;
  sandbox.network = options->network;
  for (gsize i = 0; commands[i] != NULL; i++)
    {
      const char *const argv[] = { "/bin/sh", "-c", commands[i], NULL };
      int status = 0;
      if (!build_run_step (ctx, "cleanup-commands", &sandbox, _ ("running cleanup-commands"), argv,
                           &status, error))
        return FALSE;
      if (status != 0)
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED,
                       _ ("running cleanup-commands failed with exit status %d"), status);
          return FALSE;
        }
    }
  return TRUE;
}
