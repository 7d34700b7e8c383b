/* "build-options", at the top of a manifest and in modules.
 *
 * What this defends against: build options reach the build sandbox as
 * environment variables and command-line arguments.  Environment names
 * are checked (no "=" smuggled into a name, no empty one), every value is
 * typed, and "build-args" (flatpak-builder's permissions for the build
 * sandbox) can only turn on the network: anything else there is reported
 * and ignored, never granted.
 *
 * "env" keeps the manifest's order (a later variable may refer to an
 * earlier one).  "arch" holds options per architecture: the one for the
 * machine's (hutch_get_arch()) is applied over the others, as
 * flatpak-builder does (flags appended unless overridden, paths joined,
 * lists appended, env by name); the others are checked just as strictly,
 * then reported as not applied.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <string.h>

#include "hutch-i18n.h"
#include "hutch-ref.h"

#define BUILD_ARG_NETWORK "--share=network"

static gboolean
read_env (ManifestFile *file, const ManifestJsonNode *object, const char *field, gpointer target,
          GError **error)
{
  HutchBuildOptions *options = target;
  g_autoptr (GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  const ManifestJsonNode *name, *value;

  if (!manifest_expect_type (file, object, field, MANIFEST_JSON_OBJECT, error))
    return FALSE;
  for (name = manifest_json_first (file->doc, object); name != NULL;
       name = manifest_json_next (file->doc, value))
    {
      g_autofree char *member = manifest_field_member (field, name->text);
      GError *local_error = NULL;

      value = manifest_json_next (file->doc, name);
      if (!manifest_check_env_name (name->text, &local_error))
        return manifest_fail_with (file, name, member, local_error, error);
      if (!manifest_expect_type (file, value, member, MANIFEST_JSON_STRING, error))
        return FALSE;
      g_ptr_array_add (env, g_strconcat (name->text, "=", value->text, NULL));
    }
  g_ptr_array_add (env, NULL);
  options->env = (char **)g_ptr_array_free (g_steal_pointer (&env), FALSE);
  return TRUE;
}

static gboolean
refuse_nested_arch (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                    gpointer target, GError **error)
{
  return manifest_fail (file, value, field, error, _ ("“arch” cannot be nested in “arch”"));
}

#define OPTION(name, kind, member, check)                                                          \
  MANIFEST_KEY_AT (HutchBuildOptions, name, kind, member, check)

static const ManifestKey option_keys[] = {
  OPTION ("cflags", MANIFEST_KEY_STRING, cflags, NULL),
  OPTION ("cflags-override", MANIFEST_KEY_BOOLEAN, cflags_override, NULL),
  OPTION ("cxxflags", MANIFEST_KEY_STRING, cxxflags, NULL),
  OPTION ("cxxflags-override", MANIFEST_KEY_BOOLEAN, cxxflags_override, NULL),
  OPTION ("cppflags", MANIFEST_KEY_STRING, cppflags, NULL),
  OPTION ("cppflags-override", MANIFEST_KEY_BOOLEAN, cppflags_override, NULL),
  OPTION ("ldflags", MANIFEST_KEY_STRING, ldflags, NULL),
  OPTION ("ldflags-override", MANIFEST_KEY_BOOLEAN, ldflags_override, NULL),
  OPTION ("prefix", MANIFEST_KEY_STRING, prefix, manifest_check_absolute_path),
  OPTION ("libdir", MANIFEST_KEY_STRING, libdir, manifest_check_text),
  OPTION ("append-path", MANIFEST_KEY_STRING, append_path, NULL),
  OPTION ("prepend-path", MANIFEST_KEY_STRING, prepend_path, NULL),
  OPTION ("append-ld-library-path", MANIFEST_KEY_STRING, append_ld_library_path, NULL),
  OPTION ("prepend-ld-library-path", MANIFEST_KEY_STRING, prepend_ld_library_path, NULL),
  OPTION ("append-pkg-config-path", MANIFEST_KEY_STRING, append_pkg_config_path, NULL),
  OPTION ("prepend-pkg-config-path", MANIFEST_KEY_STRING, prepend_pkg_config_path, NULL),
  OPTION ("build-args", MANIFEST_KEY_STRV, build_args, NULL),
  OPTION ("config-opts", MANIFEST_KEY_STRV, config_opts, NULL),
  OPTION ("make-args", MANIFEST_KEY_STRV, make_args, NULL),
  OPTION ("make-install-args", MANIFEST_KEY_STRV, make_install_args, NULL),
  OPTION ("strip", MANIFEST_KEY_BOOLEAN, strip, NULL),
  OPTION ("no-debuginfo", MANIFEST_KEY_BOOLEAN, no_debuginfo, NULL),
  MANIFEST_KEY_HANDLER ("env", read_env),
  { "secret-env", MANIFEST_KEY_IGNORED },
  { "secret-opts", MANIFEST_KEY_IGNORED },
  { "test-args", MANIFEST_KEY_IGNORED },
  { "no-debuginfo-compression", MANIFEST_KEY_IGNORED },
  { NULL },
};

/* "arch" at the top of build-options is read after the rest; inside an
 * arch's options it is an error. */
static const ManifestKey top_arch_key[] = {
  { "arch", MANIFEST_KEY_DONE },
  { NULL },
};
static const ManifestKey nested_arch_key[] = {
  MANIFEST_KEY_HANDLER ("arch", refuse_nested_arch),
  { NULL },
};

/* Only --share=network means something for the build sandbox. */
static void
read_build_args (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                 HutchBuildOptions *options)
{
  const ManifestJsonNode *array = manifest_json_lookup (file->doc, object, "build-args");
  const ManifestJsonNode *item = array != NULL ? manifest_json_first (file->doc, array) : NULL;
  g_autofree char *args_field = manifest_field_member (field, "build-args");

  for (guint i = 0; item != NULL; item = manifest_json_next (file->doc, item), i++)
    {
      g_autofree char *item_field = manifest_field_index (args_field, i);
      g_autofree char *quoted = NULL;

      if (strcmp (item->text, BUILD_ARG_NETWORK) == 0)
        {
          options->network = TRUE;
          continue;
        }
      quoted = manifest_quote (item->text);
      manifest_warn (file, item, item_field,
                     _ ("“%s” ignored: builds only get “--share=network” from build-args"), quoted);
    }
}

static HutchBuildOptions *
read_options_object (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                     const ManifestKey *arch_key, GError **error)
{
  const ManifestKey *const tables[] = { arch_key, option_keys, NULL };
  g_autoptr (HutchBuildOptions) options = g_new0 (HutchBuildOptions, 1);

  if (!manifest_expect_type (file, object, field, MANIFEST_JSON_OBJECT, error)
      || !manifest_read_object (file, object, field, tables, options, error))
    return NULL;
  read_build_args (file, object, field, options);
  return g_steal_pointer (&options);
}

/* CFLAGS and the like: appended, or replaced if @more_override. */
static void
merge_flags (char **flags, gboolean *override, const char *more, gboolean more_override)
{
  char *merged;

  if (more_override)
    merged = g_strdup (more);
  else if (more != NULL && *flags != NULL)
    merged = g_strconcat (*flags, " ", more, NULL);
  else
    merged = g_strdup (more != NULL ? more : *flags);
  g_free (*flags);
  *flags = merged;
  *override = *override || more_override;
}

static void
merge_string (char **value, const char *more)
{
  if (more == NULL)
    return;
  g_free (*value);
  *value = g_strdup (more);
}

/* A search path: @more after (or before, if @prepend) what is there. */
static void
merge_search_path (char **value, const char *more, gboolean prepend)
{
  char *merged;

  if (more == NULL || *value == NULL)
    {
      merge_string (value, more);
      return;
    }
  merged = prepend ? g_strconcat (more, ":", *value, NULL) : g_strconcat (*value, ":", more, NULL);
  g_free (*value);
  *value = merged;
}

static void
merge_strv (char ***list, char **more)
{
  g_autoptr (GPtrArray) merged = g_ptr_array_new ();

  if (more == NULL)
    return;
  for (gsize i = 0; *list != NULL && (*list)[i] != NULL; i++)
    g_ptr_array_add (merged, g_strdup ((*list)[i]));
  for (gsize i = 0; more[i] != NULL; i++)
    g_ptr_array_add (merged, g_strdup (more[i]));
  g_ptr_array_add (merged, NULL);
  g_strfreev (*list);
  *list = (char **)g_ptr_array_free (g_steal_pointer (&merged), FALSE);
}

/* "NAME=VALUE" lists: a name of @more replaces the same name in place. */
static void
merge_env (char ***env, char **more)
{
  g_autoptr (GPtrArray) merged = g_ptr_array_new_with_free_func (g_free);

  if (more == NULL)
    return;
  for (gsize i = 0; *env != NULL && (*env)[i] != NULL; i++)
    g_ptr_array_add (merged, g_strdup ((*env)[i]));
  for (gsize i = 0; more[i] != NULL; i++)
    {
      gsize name_len = (gsize)(strchr (more[i], '=') - more[i]) + 1;
      guint j;

      for (j = 0; j < merged->len; j++)
        if (strncmp (g_ptr_array_index (merged, j), more[i], name_len) == 0)
          break;
      if (j < merged->len)
        {
          g_free (g_ptr_array_index (merged, j));
          g_ptr_array_index (merged, j) = g_strdup (more[i]);
        }
      else
        g_ptr_array_add (merged, g_strdup (more[i]));
    }
  g_ptr_array_add (merged, NULL);
  g_strfreev (*env);
  *env = (char **)g_ptr_array_free (g_steal_pointer (&merged), FALSE);
}

/* Applies the options for this machine's architecture @more. */
static void
apply_arch (HutchBuildOptions *options, const HutchBuildOptions *more)
{
  merge_flags (&options->cflags, &options->cflags_override, more->cflags, more->cflags_override);
  merge_flags (&options->cxxflags, &options->cxxflags_override, more->cxxflags,
               more->cxxflags_override);
  merge_flags (&options->cppflags, &options->cppflags_override, more->cppflags,
               more->cppflags_override);
  merge_flags (&options->ldflags, &options->ldflags_override, more->ldflags,
               more->ldflags_override);
  merge_string (&options->prefix, more->prefix);
  merge_string (&options->libdir, more->libdir);
  merge_search_path (&options->append_path, more->append_path, FALSE);
  merge_search_path (&options->prepend_path, more->prepend_path, TRUE);
  merge_search_path (&options->append_ld_library_path, more->append_ld_library_path, FALSE);
  merge_search_path (&options->prepend_ld_library_path, more->prepend_ld_library_path, TRUE);
  merge_search_path (&options->append_pkg_config_path, more->append_pkg_config_path, FALSE);
  merge_search_path (&options->prepend_pkg_config_path, more->prepend_pkg_config_path, TRUE);
  merge_env (&options->env, more->env);
  merge_strv (&options->build_args, more->build_args);
  merge_strv (&options->config_opts, more->config_opts);
  merge_strv (&options->make_args, more->make_args);
  merge_strv (&options->make_install_args, more->make_install_args);
  options->strip = options->strip || more->strip;
  options->no_debuginfo = options->no_debuginfo || more->no_debuginfo;
  options->network = options->network || more->network;
}

/* "arch": { "ARCH": { options }, … } */
static gboolean
read_arches (ManifestFile *file, const ManifestJsonNode *object, const char *field,
             HutchBuildOptions *options, GError **error)
{
  const ManifestJsonNode *arches = manifest_json_lookup (file->doc, object, "arch");
  g_autofree char *arches_field = manifest_field_member (field, "arch");
  const ManifestJsonNode *name, *value;

  if (arches == NULL)
    return TRUE;
  if (!manifest_expect_type (file, arches, arches_field, MANIFEST_JSON_OBJECT, error))
    return FALSE;
  for (name = manifest_json_first (file->doc, arches); name != NULL;
       name = manifest_json_next (file->doc, value))
    {
      g_autofree char *member = manifest_field_member (arches_field, name->text);
      g_autoptr (HutchBuildOptions) for_arch = NULL;
      GError *local_error = NULL;

      value = manifest_json_next (file->doc, name);
      if (!manifest_check_arch (name->text, &local_error))
        return manifest_fail_with (file, name, member, local_error, error);
      for_arch = read_options_object (file, value, member, nested_arch_key, error);
      if (for_arch == NULL)
        return FALSE;
      if (strcmp (name->text, hutch_get_arch ()) == 0)
        apply_arch (options, for_arch);
      else
        manifest_warn (file, name, member, _ ("applies to %s only; not used on %s"), name->text,
                       hutch_get_arch ());
    }
  return TRUE;
}

gboolean
manifest_read_build_options (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                             HutchBuildOptions **out, GError **error)
{
  g_autoptr (HutchBuildOptions) options
      = read_options_object (file, value, field, top_arch_key, error);

  if (options == NULL || !read_arches (file, value, field, options, error))
    return FALSE;
  *out = g_steal_pointer (&options);
  return TRUE;
}
