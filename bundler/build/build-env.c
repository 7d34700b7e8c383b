/* The environment of a build step.
 *
 * The sandbox starts with an empty environment (nothing of the packager's
 * session leaks into a build: no tokens, no proxies, no locale surprises)
 * and gets, in this order, each stage able to replace the one before:
 *
 *   1. defaults: PATH, LD_LIBRARY_PATH, PKG_CONFIG_PATH and ACLOCAL_PATH
 *      that look in /app before /usr (multiarch directories included),
 *      LANG=C.UTF-8
 *   2. the build-options' env entries
 *   3. CFLAGS, CXXFLAGS, CPPFLAGS, LDFLAGS from the build-options
 *   4. prepend-* and append-* additions around PATH, LD_LIBRARY_PATH and
 *      PKG_CONFIG_PATH as they are then
 *   5. what the build is, which a manifest cannot change: HOME (the
 *      module's directory, the only writable place besides /app and /tmp),
 *      SOURCE_DATE_EPOCH, and FLATPAK_ID, FLATPAK_ARCH, FLATPAK_DEST,
 *      FLATPAK_BUILDER_N_JOBS, FLATPAK_BUILDER_BUILDDIR with their HUTCH_*
 *      twins, so that build scripts written for flatpak-builder work.
 *
 * Pure: no I/O.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include <string.h>

static const struct
{
  const char *arch;
  const char *triplet;
} multiarch[] = {
  { "x86_64", "x86_64-linux-gnu" },       { "aarch64", "aarch64-linux-gnu" },
  { "i386", "i386-linux-gnu" },           { "arm", "arm-linux-gnueabihf" },
  { "ppc64le", "powerpc64le-linux-gnu" }, { "riscv64", "riscv64-linux-gnu" },
  { "s390x", "s390x-linux-gnu" },         { "loongarch64", "loongarch64-linux-gnu" },
};

/**
 * build_env_multiarch:
 * @arch: a Hutch arch name
 *
 * Returns: Debian's multiarch triplet for @arch (lib/TRIPLET), or %NULL
 */
const char *
build_env_multiarch (const char *arch)
{
  for (gsize i = 0; i < G_N_ELEMENTS (multiarch); i++)
    if (strcmp (multiarch[i].arch, arch) == 0)
      return multiarch[i].triplet;
  return NULL;
}

static char *
pkg_config_path (const char *arch)
{
  const char *triplet = build_env_multiarch (arch);
  GString *path = g_string_new ("/app/lib/pkgconfig");

  if (triplet != NULL)
    g_string_append_printf (path, ":/app/lib/%s/pkgconfig", triplet);
  g_string_append (path, ":/app/share/pkgconfig:/usr/lib/pkgconfig");
  if (triplet != NULL)
    g_string_append_printf (path, ":/usr/lib/%s/pkgconfig", triplet);
  g_string_append (path, ":/usr/share/pkgconfig");
  return g_string_free (path, FALSE);
}

static char **
set_defaults (char **env, const char *arch)
{
  g_autofree char *pkg = pkg_config_path (arch);

  env = g_environ_setenv (env, "PATH", "/app/bin:/usr/bin", TRUE);
  env = g_environ_setenv (env, "LD_LIBRARY_PATH", "/app/lib", TRUE);
  env = g_environ_setenv (env, "PKG_CONFIG_PATH", pkg, TRUE);
  env = g_environ_setenv (env, "ACLOCAL_PATH", "/app/share/aclocal", TRUE);
  return g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
}

static char **
set_if (char **env, const char *key, const char *value)
{
  return value != NULL ? g_environ_setenv (env, key, value, TRUE) : env;
}

/* @key becomes PREPEND:VALUE:APPEND, empty parts left out. */
static char **
surround (char **env, const char *key, const char *prepend, const char *append)
{
  const char *parts[3] = { prepend, g_environ_getenv (env, key), append };
  g_autoptr (GString) value = g_string_new (NULL);

  if (prepend == NULL && append == NULL)
    return env;
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (value->len > 0)
        g_string_append_c (value, ':');
      g_string_append (value, parts[i]);
    }
  return g_environ_setenv (env, key, value->str, TRUE);
}

static char **
set_identity (char **env, const BuildEnvInfo *info)
{
  g_autofree char *jobs = g_strdup_printf ("%u", info->jobs);
  g_autofree char *date = g_strdup_printf ("%" G_GINT64_FORMAT, info->source_date);
  const struct
  {
    const char *suffix;
    const char *value;
  } twins[] = {
    { "ID", info->app_id },
    { "ARCH", info->arch },
    { "DEST", "/app" },
    { "BUILDER_N_JOBS", jobs },
    { "BUILDER_BUILDDIR", info->module_dir },
  };

  env = g_environ_setenv (env, "HOME", info->module_dir, TRUE);
  env = g_environ_setenv (env, "SOURCE_DATE_EPOCH", date, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (twins); i++)
    {
      g_autofree char *flatpak = g_strconcat ("FLATPAK_", twins[i].suffix, NULL);
      g_autofree char *hutch = g_strconcat ("HUTCH_", twins[i].suffix, NULL);
      env = g_environ_setenv (env, flatpak, twins[i].value, TRUE);
      env = g_environ_setenv (env, hutch, twins[i].value, TRUE);
    }
  return env;
}

/**
 * build_env_compose:
 * @info: what the build is
 * @options: the module's merged build-options
 *
 * Returns: (transfer full): the step's whole environment, KEY=VALUE
 */
char **
build_env_compose (const BuildEnvInfo *info, const HutchBuildOptions *options)
{
  char **env = g_new0 (char *, 1);

  env = set_defaults (env, info->arch);
  env = build_environ_merge (env, (const char *const *)options->env);
  env = set_if (env, "CFLAGS", options->cflags);
  env = set_if (env, "CXXFLAGS", options->cxxflags);
  env = set_if (env, "CPPFLAGS", options->cppflags);
  env = set_if (env, "LDFLAGS", options->ldflags);
  env = surround (env, "PATH", options->prepend_path, options->append_path);
  env = surround (env, "LD_LIBRARY_PATH", options->prepend_ld_library_path,
                  options->append_ld_library_path);
  env = surround (env, "PKG_CONFIG_PATH", options->prepend_pkg_config_path,
                  options->append_pkg_config_path);
  return set_identity (env, info);
}
