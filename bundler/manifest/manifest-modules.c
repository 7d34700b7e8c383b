/* "modules": what the bundler builds, in order, nested modules first.
 *
 * What this defends against: a module's name becomes a directory of the
 * build (so it must be one file name), its subdir a path inside its
 * sources (relative, no ".."), its arches parts of names; an unknown
 * buildsystem is an error rather than a guess.  A module may be given as
 * the name of a JSON file (manifest-files.c reads it with the same checks
 * and limits); modules nest at most HUTCH_MANIFEST_MAX_DEPTH deep,
 * counting across files, which bounds this recursion however the files
 * include each other.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <string.h>

#include "hutch-i18n.h"

static const struct
{
  const char *name;
  HutchBuildSystem buildsystem;
} buildsystems[] = {
  { "autotools", HUTCH_BUILDSYSTEM_AUTOTOOLS },     { "cmake", HUTCH_BUILDSYSTEM_CMAKE },
  { "cmake-ninja", HUTCH_BUILDSYSTEM_CMAKE_NINJA }, { "meson", HUTCH_BUILDSYSTEM_MESON },
  { "simple", HUTCH_BUILDSYSTEM_SIMPLE },           { "qmake", HUTCH_BUILDSYSTEM_QMAKE },
};

static gboolean
read_buildsystem (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                  gpointer target, GError **error)
{
  HutchManifestModule *module = target;
  g_autofree char *quoted = NULL;

  if (!manifest_expect_type (file, value, field, MANIFEST_JSON_STRING, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (buildsystems); i++)
    if (strcmp (buildsystems[i].name, value->text) == 0)
      {
        module->buildsystem = buildsystems[i].buildsystem;
        return TRUE;
      }
  quoted = manifest_quote (value->text);
  return manifest_fail (file, value, field, error,
                        _ ("“%s” is not a build system (autotools, cmake, cmake-ninja, meson, "
                           "simple or qmake)"),
                        quoted);
}

/* flatpak-builder's older spelling of "buildsystem": "cmake", used only
 * if @applies (there is no "buildsystem"). */
static gboolean
read_cmake (ManifestFile *file, const ManifestJsonNode *value, const char *field,
            HutchManifestModule *module, gboolean applies, GError **error)
{
  if (!manifest_expect_type (file, value, field, MANIFEST_JSON_TRUE, error))
    return FALSE;
  if (applies && value->type == MANIFEST_JSON_TRUE)
    module->buildsystem = HUTCH_BUILDSYSTEM_CMAKE;
  return TRUE;
}

static gboolean
read_module_sources (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                     gpointer target, GError **error)
{
  HutchManifestModule *module = target;

  return manifest_read_sources (file, value, field, module->sources, error);
}

#define MODULE(name, kind, member, check)                                                          \
  MANIFEST_KEY_AT (HutchManifestModule, name, kind, member, check)

static const ManifestKey module_keys[] = {
  MODULE ("name", MANIFEST_KEY_STRING, name, manifest_check_filename),
  MODULE ("disabled", MANIFEST_KEY_BOOLEAN, disabled, NULL),
  MANIFEST_KEY_HANDLER ("buildsystem", read_buildsystem),
  MODULE ("builddir", MANIFEST_KEY_BOOLEAN, builddir, NULL),
  MODULE ("subdir", MANIFEST_KEY_STRING, subdir, manifest_check_path),
  MODULE ("config-opts", MANIFEST_KEY_STRV, config_opts, NULL),
  MODULE ("make-args", MANIFEST_KEY_STRV, make_args, NULL),
  MODULE ("make-install-args", MANIFEST_KEY_STRV, make_install_args, NULL),
  MODULE ("build-commands", MANIFEST_KEY_STRV, build_commands, NULL),
  MODULE ("post-install", MANIFEST_KEY_STRV, post_install, NULL),
  MODULE ("cleanup", MANIFEST_KEY_STRV, cleanup, NULL),
  MODULE ("only-arches", MANIFEST_KEY_STRV, only_arches, manifest_check_arch),
  MODULE ("skip-arches", MANIFEST_KEY_STRV, skip_arches, manifest_check_arch),
  MODULE ("no-autogen", MANIFEST_KEY_BOOLEAN, no_autogen, NULL),
  MODULE ("build-options", MANIFEST_KEY_BUILD_OPTIONS, build_options, NULL),
  MANIFEST_KEY_HANDLER ("sources", read_module_sources),
  { "modules", MANIFEST_KEY_DONE },
  { "cmake", MANIFEST_KEY_DONE },
  { "rm-configure", MANIFEST_KEY_IGNORED },
  { "no-parallel-make", MANIFEST_KEY_IGNORED },
  { "install-rule", MANIFEST_KEY_IGNORED },
  { "no-make-install", MANIFEST_KEY_IGNORED },
  { "no-python-timestamp-fix", MANIFEST_KEY_IGNORED },
  { "ensure-writable", MANIFEST_KEY_IGNORED },
  { "cleanup-platform", MANIFEST_KEY_IGNORED },
  { "run-tests", MANIFEST_KEY_IGNORED },
  { "test-rule", MANIFEST_KEY_IGNORED },
  { "test-commands", MANIFEST_KEY_IGNORED },
  { "secret-opts", MANIFEST_KEY_IGNORED },
  { "secret-env", MANIFEST_KEY_IGNORED },
  { NULL },
};

static HutchManifestModule *read_module (ManifestFile *file, const ManifestJsonNode *node,
                                         const char *field, guint depth, GError **error);

/* A module given as the name of a file holding its object. */
static HutchManifestModule *
read_module_file (ManifestFile *file, const ManifestJsonNode *node, const char *field, guint depth,
                  GError **error)
{
  g_autoptr (ManifestFile) included = manifest_include (file, node, field, error);

  if (included == NULL)
    return NULL;
  if (!manifest_expect_type (included, manifest_json_root (included->doc), field,
                             MANIFEST_JSON_OBJECT, error))
    return NULL;
  return read_module (included, manifest_json_root (included->doc), field, depth, error);
}

static HutchManifestModule *
read_module (ManifestFile *file, const ManifestJsonNode *node, const char *field, guint depth,
             GError **error)
{
  const ManifestKey *const tables[] = { module_keys, NULL };
  g_autoptr (HutchManifestModule) module = NULL;
  const ManifestJsonNode *cmake, *modules;

  if (node->type == MANIFEST_JSON_STRING)
    return read_module_file (file, node, field, depth, error);
  if (!manifest_expect_type (file, node, field, MANIFEST_JSON_OBJECT, error))
    return NULL;
  module = g_new0 (HutchManifestModule, 1);
  manifest_location_init (&module->where, file, node, field);
  module->sources = g_ptr_array_new_with_free_func ((GDestroyNotify)manifest_source_free);
  module->modules = g_ptr_array_new_with_free_func ((GDestroyNotify)manifest_module_free);
  if (!manifest_read_object (file, node, field, tables, module, error))
    return NULL;
  if (module->name == NULL)
    {
      manifest_fail_missing (file, node, field, "name", error);
      return NULL;
    }
  /* "cmake" only counts without "buildsystem", whatever their order. */
  if ((cmake = manifest_json_lookup (file->doc, node, "cmake")) != NULL)
    {
      g_autofree char *cmake_field = manifest_field_member (field, "cmake");
      if (!read_cmake (file, cmake, cmake_field, module,
                       manifest_json_lookup (file->doc, node, "buildsystem") == NULL, error))
        return NULL;
    }
  if ((modules = manifest_json_lookup (file->doc, node, "modules")) != NULL)
    {
      g_autofree char *modules_field = manifest_field_member (field, "modules");
      if (!manifest_read_modules (file, modules, modules_field, depth + 1, module->modules, error))
        return NULL;
    }
  return g_steal_pointer (&module);
}

gboolean
manifest_read_modules (ManifestFile *file, const ManifestJsonNode *array, const char *field,
                       guint depth, GPtrArray *modules, GError **error)
{
  guint i = 0;

  if (!manifest_expect_type (file, array, field, MANIFEST_JSON_ARRAY, error))
    return FALSE;
  if (depth > HUTCH_MANIFEST_MAX_DEPTH)
    return manifest_fail (file, array, field, error, _ ("modules nested deeper than %d levels"),
                          HUTCH_MANIFEST_MAX_DEPTH);
  for (const ManifestJsonNode *item = manifest_json_first (file->doc, array); item != NULL;
       item = manifest_json_next (file->doc, item), i++)
    {
      g_autofree char *item_field = manifest_field_index (field, i);
      HutchManifestModule *module = read_module (file, item, item_field, depth, error);

      if (module == NULL)
        return FALSE;
      g_ptr_array_add (modules, module);
    }
  return TRUE;
}
