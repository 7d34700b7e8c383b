/* build-options: the manifest's top-level ones and a module's, merged into
 * what one module's build uses.
 *
 * flatpak-builder's rules, so that its manifests build the same: compiler
 * and linker flags accumulate from the outside in (top, then module), and
 * a layer with *-override drops what came before it; prefix and libdir are
 * the innermost that is set; env entries of the module replace the top's of
 * the same name; argument lists (config-opts, make-args…) and path
 * additions accumulate; the network is shared if any layer's build-args
 * has --share=network.  Pure: no I/O.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include <string.h>

#define DEFAULT_PREFIX "/app"

/* *@acc, then @add, joined by @sep; an override starts again from @add. */
static void
accumulate (char **acc, const char *add, gboolean override, const char *sep)
{
  char *joined;

  if (override)
    g_clear_pointer (acc, g_free);
  if (add == NULL || add[0] == '\0')
    return;
  joined = *acc != NULL ? g_strconcat (*acc, sep, add, NULL) : g_strdup (add);
  g_free (*acc);
  *acc = joined;
}

static void
innermost (char **acc, const char *value)
{
  if (value != NULL)
    {
      g_free (*acc);
      *acc = g_strdup (value);
    }
}

static char **
concat_strv (char **acc, const char *const *add)
{
  GPtrArray *out = g_ptr_array_new ();

  for (gsize i = 0; acc != NULL && acc[i] != NULL; i++)
    g_ptr_array_add (out, acc[i]);
  for (gsize i = 0; add != NULL && add[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (add[i]));
  g_ptr_array_add (out, NULL);
  g_free (acc); /* its strings moved to @out */
  return (char **)g_ptr_array_free (out, FALSE);
}

/**
 * build_environ_merge:
 * @env: (transfer full): KEY=VALUE strings
 * @add: (nullable): more of them
 *
 * Entries of @add replace those of @env with the same KEY; entries with no
 * KEY are skipped (the parser refuses them).
 *
 * Returns: (transfer full): @env, changed
 */
char **
build_environ_merge (char **env, const char *const *add)
{
  for (gsize i = 0; add != NULL && add[i] != NULL; i++)
    {
      const char *eq = strchr (add[i], '=');
      g_autofree char *key = NULL;
      if (eq == NULL || eq == add[i])
        continue;
      key = g_strndup (add[i], (gsize)(eq - add[i]));
      env = g_environ_setenv (env, key, eq + 1, TRUE);
    }
  return env;
}

static void
merge_layer (HutchBuildOptions *out, const HutchBuildOptions *layer)
{
  accumulate (&out->cflags, layer->cflags, layer->cflags_override, " ");
  accumulate (&out->cxxflags, layer->cxxflags, layer->cxxflags_override, " ");
  accumulate (&out->cppflags, layer->cppflags, layer->cppflags_override, " ");
  accumulate (&out->ldflags, layer->ldflags, layer->ldflags_override, " ");
  innermost (&out->prefix, layer->prefix);
  innermost (&out->libdir, layer->libdir);
  accumulate (&out->append_path, layer->append_path, FALSE, ":");
  accumulate (&out->prepend_path, layer->prepend_path, FALSE, ":");
  accumulate (&out->append_ld_library_path, layer->append_ld_library_path, FALSE, ":");
  accumulate (&out->prepend_ld_library_path, layer->prepend_ld_library_path, FALSE, ":");
  accumulate (&out->append_pkg_config_path, layer->append_pkg_config_path, FALSE, ":");
  accumulate (&out->prepend_pkg_config_path, layer->prepend_pkg_config_path, FALSE, ":");
  out->env = build_environ_merge (out->env, (const char *const *)layer->env);
  out->config_opts = concat_strv (out->config_opts, (const char *const *)layer->config_opts);
  out->make_args = concat_strv (out->make_args, (const char *const *)layer->make_args);
  out->make_install_args
      = concat_strv (out->make_install_args, (const char *const *)layer->make_install_args);
  out->network
      = out->network || layer->network
        || (layer->build_args != NULL
            && g_strv_contains ((const char *const *)layer->build_args, "--share=network"));
}

/**
 * build_options_merge:
 * @top: (nullable): the manifest's build-options
 * @module: (nullable): the module's
 *
 * Returns: (transfer full): the options one module builds with
 */
HutchBuildOptions *
build_options_merge (const HutchBuildOptions *top, const HutchBuildOptions *module)
{
  HutchBuildOptions *out = g_new0 (HutchBuildOptions, 1);

  out->env = g_new0 (char *, 1);
  if (top != NULL)
    merge_layer (out, top);
  if (module != NULL)
    merge_layer (out, module);
  if (out->prefix == NULL)
    out->prefix = g_strdup (DEFAULT_PREFIX);
  out->config_opts = concat_strv (out->config_opts, NULL);
  out->make_args = concat_strv (out->make_args, NULL);
  out->make_install_args = concat_strv (out->make_install_args, NULL);
  return out;
}
