/* The top of a manifest, and the public entry points of the parser.
 *
 * What this defends against: a manifest is untrusted input (a stranger's
 * repository).  It is read bounded (HUTCH_MANIFEST_MAX_SIZE), parsed by
 * manifest-json.c, then each key is checked by the tables here and in the
 * files named for them; nothing of a manifest with an error is returned.
 * The app's ID, runtime and SDK become parts of refs and paths and are
 * validated as strictly as refs from a repository (hutch-ref.h).  Keys
 * that would change what is built or granted if ignored ("build-runtime":
 * true, a base app, a metadata file) are errors; keys that are merely of
 * no use to Hutch are warnings.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <stdlib.h>
#include <string.h>

#include "hutch-i18n.h"

static gboolean
read_branch (ManifestFile *file, const ManifestJsonNode *value, const char *field, gpointer target,
             GError **error)
{
  HutchManifest *manifest = target;
  GError *local_error = NULL;

  if (!manifest_expect_type (file, value, field, MANIFEST_JSON_STRING, error))
    return FALSE;
  if (!manifest_check_branch (value->text, &local_error))
    return manifest_fail_with (file, value, field, local_error, error);
  /* "branch" wins over "default-branch", whatever their order. */
  if (manifest->branch != NULL && !manifest->branch_is_default)
    return TRUE;
  g_free (manifest->branch);
  manifest->branch = g_strdup (value->text);
  manifest->branch_is_default = FALSE;
  return TRUE;
}

static gboolean
read_default_branch (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                     gpointer target, GError **error)
{
  HutchManifest *manifest = target;
  gboolean had_branch = manifest->branch != NULL;

  if (!read_branch (file, value, field, target, error))
    return FALSE;
  if (!had_branch)
    manifest->branch_is_default = TRUE;
  return TRUE;
}

/* "runtime" and "sdk": an ID, and where it was written. */
static gboolean
read_runtime_id (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                 char **out_id, HutchManifestLocation *out_where, GError **error)
{
  GError *local_error = NULL;

  if (!manifest_expect_type (file, value, field, MANIFEST_JSON_STRING, error))
    return FALSE;
  if (!manifest_check_runtime_id (value->text, &local_error))
    return manifest_fail_with (file, value, field, local_error, error);
  g_free (*out_id);
  *out_id = g_strdup (value->text);
  manifest_location_clear (out_where);
  manifest_location_init (out_where, file, value, field);
  return TRUE;
}

static gboolean
read_runtime (ManifestFile *file, const ManifestJsonNode *value, const char *field, gpointer target,
              GError **error)
{
  HutchManifest *manifest = target;

  return read_runtime_id (file, value, field, &manifest->runtime, &manifest->runtime_where, error);
}

static gboolean
read_sdk (ManifestFile *file, const ManifestJsonNode *value, const char *field, gpointer target,
          GError **error)
{
  HutchManifest *manifest = target;

  return read_runtime_id (file, value, field, &manifest->sdk, &manifest->sdk_where, error);
}

/* Keys whose value true asks for a build Hutch does not do. */
static gboolean
read_refused_if_true (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                      gpointer target, GError **error)
{
  if (!manifest_expect_type (file, value, field, MANIFEST_JSON_TRUE, error))
    return FALSE;
  if (value->type == MANIFEST_JSON_TRUE)
    return manifest_fail (file, value, field, error, "%s",
                          _ ("only apps are built from manifests; build runtimes with "
                             "“hutch-bundler runtime”"));
  return TRUE;
}

static gboolean
read_base (ManifestFile *file, const ManifestJsonNode *value, const char *field, gpointer target,
           GError **error)
{
  return manifest_fail (file, value, field, error, "%s",
                        _ ("base apps are not supported: /app is built from the modules alone"));
}

static gboolean
read_metadata (ManifestFile *file, const ManifestJsonNode *value, const char *field,
               gpointer target, GError **error)
{
  return manifest_fail (file, value, field, error, "%s",
                        _ ("a metadata file is not supported: permissions come from "
                           "“finish-args” only"));
}

static gboolean
read_finish_args (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                  gpointer target, GError **error)
{
  return manifest_read_finish_args (file, value, field, target, error);
}

static gboolean
read_modules (ManifestFile *file, const ManifestJsonNode *value, const char *field, gpointer target,
              GError **error)
{
  HutchManifest *manifest = target;

  return manifest_read_modules (file, value, field, 1, manifest->modules, error);
}

#define TOP(name, kind, member, check) MANIFEST_KEY_AT (HutchManifest, name, kind, member, check)
#define TOP_CUSTOM(name, handler)      MANIFEST_KEY_HANDLER (name, handler)

static const ManifestKey top_keys[] = {
  TOP ("id", MANIFEST_KEY_STRING, id, manifest_check_app_id),
  TOP ("app-id", MANIFEST_KEY_STRING, id, manifest_check_app_id),
  TOP_CUSTOM ("branch", read_branch),
  TOP_CUSTOM ("default-branch", read_default_branch),
  TOP_CUSTOM ("runtime", read_runtime),
  TOP ("runtime-version", MANIFEST_KEY_STRING, runtime_version, manifest_check_branch),
  TOP_CUSTOM ("sdk", read_sdk),
  TOP ("command", MANIFEST_KEY_STRING, command, manifest_check_text),
  TOP_CUSTOM ("finish-args", read_finish_args),
  TOP ("build-options", MANIFEST_KEY_BUILD_OPTIONS, build_options, NULL),
  TOP ("cleanup", MANIFEST_KEY_STRV, cleanup, NULL),
  TOP ("cleanup-commands", MANIFEST_KEY_STRV, cleanup_commands, NULL),
  TOP ("rename-desktop-file", MANIFEST_KEY_STRING, rename_desktop_file, manifest_check_filename),
  TOP ("rename-icon", MANIFEST_KEY_STRING, rename_icon, manifest_check_filename),
  TOP ("rename-appdata-file", MANIFEST_KEY_STRING, rename_appdata_file, manifest_check_filename),
  TOP ("copy-icon", MANIFEST_KEY_BOOLEAN, copy_icon, NULL),
  TOP_CUSTOM ("build-runtime", read_refused_if_true),
  TOP_CUSTOM ("build-extension", read_refused_if_true),
  TOP_CUSTOM ("base", read_base),
  TOP_CUSTOM ("metadata", read_metadata),
  TOP_CUSTOM ("modules", read_modules),
  { "sdk-extensions", MANIFEST_KEY_IGNORED },
  { "add-extensions", MANIFEST_KEY_IGNORED },
  { "add-build-extensions", MANIFEST_KEY_IGNORED },
  { "platform-extensions", MANIFEST_KEY_IGNORED },
  { "inherit-extensions", MANIFEST_KEY_IGNORED },
  { "inherit-sdk-extensions", MANIFEST_KEY_IGNORED },
  { "separate-locales", MANIFEST_KEY_IGNORED },
  { "appstream-compose", MANIFEST_KEY_IGNORED },
  { "appdata-license", MANIFEST_KEY_IGNORED },
  { "tags", MANIFEST_KEY_IGNORED },
  { "desktop-file-name-prefix", MANIFEST_KEY_IGNORED },
  { "desktop-file-name-suffix", MANIFEST_KEY_IGNORED },
  { "rename-mime-file", MANIFEST_KEY_IGNORED },
  { "rename-mime-icons", MANIFEST_KEY_IGNORED },
  { "cleanup-platform", MANIFEST_KEY_IGNORED },
  { "cleanup-platform-commands", MANIFEST_KEY_IGNORED },
  { "prepare-platform-commands", MANIFEST_KEY_IGNORED },
  { "metadata-platform", MANIFEST_KEY_IGNORED },
  { "writable-sdk", MANIFEST_KEY_IGNORED },
  { "collection-id", MANIFEST_KEY_IGNORED },
  { "extension-tag", MANIFEST_KEY_IGNORED },
  { "token-type", MANIFEST_KEY_IGNORED },
  { "runtime-commit", MANIFEST_KEY_IGNORED },
  { "sdk-commit", MANIFEST_KEY_IGNORED },
  { "var", MANIFEST_KEY_IGNORED },
  { "base-version", MANIFEST_KEY_IGNORED },
  { "base-commit", MANIFEST_KEY_IGNORED },
  { "base-extensions", MANIFEST_KEY_IGNORED },
  { NULL },
};

/* What an app cannot do without. */
static gboolean
check_required (ManifestFile *file, const ManifestJsonNode *root, HutchManifest *manifest,
                GError **error)
{
  const struct
  {
    const char *key;
    const char *value;
  } required[] = {
    { "id", manifest->id },
    { "runtime", manifest->runtime },
    { "sdk", manifest->sdk },
    { "command", manifest->command },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (required); i++)
    if (required[i].value == NULL)
      return manifest_fail_missing (file, root, "", required[i].key, error);
  return TRUE;
}

static gboolean
read_manifest (ManifestFile *file, HutchManifest *manifest, GError **error)
{
  const ManifestKey *const tables[] = { top_keys, NULL };
  const ManifestJsonNode *root = manifest_json_root (file->doc);

  if (root->type != MANIFEST_JSON_OBJECT)
    return manifest_fail (file, root, NULL, error, _ ("a manifest must be a JSON object, not %s"),
                          manifest_json_type_name (root->type));
  if (!manifest_read_object (file, root, "", tables, manifest, error)
      || !check_required (file, root, manifest, error))
    return FALSE;
  if (manifest->runtime_version == NULL)
    manifest->runtime_version = g_strdup ("master");
  if (manifest->metadata_context == NULL)
    manifest->metadata_context = g_strdup ("");
  return TRUE;
}

static void
loader_clear (ManifestLoader *loader)
{
  g_free (loader->base_dir);
  g_free (loader->real_base_dir);
  g_clear_pointer (&loader->including, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ManifestLoader, loader_clear)

/* hutch_manifest_parse(), where @real_path is the manifest's canonical
 * path if it was read from a file (so that including itself is a cycle). */
static HutchManifest *
parse_manifest (const char *data, gsize len, const char *filename, const char *base_dir,
                const char *real_path, GError **error)
{
  g_autoptr (HutchManifest) manifest = g_new0 (HutchManifest, 1);
  g_auto (ManifestLoader) loader
      = { manifest, g_strdup (base_dir), NULL, g_ptr_array_new_with_free_func (g_free) };
  g_autoptr (ManifestFile) file = manifest_file_new (&loader, filename, "");

  manifest->path = g_strdup (filename);
  manifest->base_dir = g_strdup (base_dir);
  manifest->modules = g_ptr_array_new_with_free_func ((GDestroyNotify)manifest_module_free);
  manifest->warnings = g_ptr_array_new_with_free_func (g_free);
  loader.total_size = len;
  if (real_path != NULL)
    {
      file->real_path = g_strdup (real_path);
      g_ptr_array_add (loader.including, g_strdup (real_path));
    }
  file->doc = manifest_json_parse (data, len, filename, error);
  if (file->doc == NULL || !read_manifest (file, manifest, error))
    return NULL;
  return g_steal_pointer (&manifest);
}

HutchManifest *
hutch_manifest_parse (const char *data, gsize len, const char *filename, const char *base_dir,
                      GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_manifest (data, len, filename, base_dir, NULL, error);
}

HutchManifest *
hutch_manifest_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base_dir = NULL;
  g_autofree char *real_path = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!manifest_read_file (path, &data, &len, error))
    return NULL;
  base_dir = g_path_get_dirname (path);
  real_path = realpath (path, NULL);
  return parse_manifest (data, len, path, base_dir, real_path, error);
}
