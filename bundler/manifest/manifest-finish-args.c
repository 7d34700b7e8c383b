/* "finish-args": the app's permissions, as flatpak build-finish options.
 *
 * What this defends against: the metadata granting something other than
 * what the packager wrote, or more.  Each argument goes through
 * hutch_permissions_apply_option(), the same grammar `app override` and
 * the metadata reader use, so "--filesystem=…" here means exactly what
 * "filesystems=…" means in the exported metadata.  Flatpak options Hutch
 * cannot express are errors when dropping them would change what the app
 * is granted or runs (--metadata, --extension, --command…), and warnings
 * when they are harmless (--require-version); an unknown option is an
 * error, never silently dropped.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <string.h>

#include "hutch-i18n.h"
#include "hutch-permissions.h"

/* flatpak build-finish options that are not permissions. */
static const struct
{
  const char *name;
  gboolean harmless; /* a warning, not an error */
  const char *why;
} unsupported[] = {
  { "require-version", TRUE, N_ ("Hutch does not check Flatpak versions") },
  { "command", FALSE, N_ ("set “command” in the manifest instead") },
  { "runtime", FALSE, N_ ("set “runtime” and “runtime-version” in the manifest instead") },
  { "sdk", FALSE, N_ ("set “sdk” in the manifest instead") },
  { "metadata", FALSE, N_ ("Hutch writes the metadata from the manifest's keys only") },
  { "extension", FALSE, N_ ("Hutch has no extensions") },
  { "remove-extension", FALSE, N_ ("Hutch has no extensions") },
  { "extension-priority", FALSE, N_ ("Hutch has no extensions") },
  { "add-policy", FALSE, N_ ("Hutch has no portal policies in metadata") },
  { "remove-policy", FALSE, N_ ("Hutch has no portal policies in metadata") },
  { "env-fd", FALSE, N_ ("use --env=NAME=VALUE") },
  { "no-exports", FALSE, N_ ("Hutch always exports the app's desktop files") },
};

/* A build-finish option that is not a permission: a warning if it is
 * harmless, else an error.  FALSE with @error unset: not one of them. */
static gboolean
check_unsupported (ManifestFile *file, const ManifestJsonNode *node, const char *field,
                   const char *name, gboolean *handled, GError **error)
{
  *handled = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (unsupported); i++)
    {
      if (strcmp (unsupported[i].name, name) != 0)
        continue;
      *handled = TRUE;
      if (unsupported[i].harmless)
        {
          /* TRANSLATORS: %s is an option name, then why it is ignored */
          manifest_warn (file, node, field, _ ("--%s ignored: %s"), name, _ (unsupported[i].why));
          return TRUE;
        }
      return manifest_fail (file, node, field, error,
                            _ ("--%s is not supported: it would change what the app is granted "
                               "or runs; %s"),
                            name, _ (unsupported[i].why));
    }
  return TRUE;
}

/* One argument, "--NAME=VALUE", applied to @perms. */
static gboolean
apply_finish_arg (ManifestFile *file, const ManifestJsonNode *node, const char *field,
                  HutchPermissions *perms, GError **error)
{
  const char *arg = node->text;
  const char *eq = strchr (arg, '=');
  g_autofree char *name = NULL;
  const char *value = eq != NULL ? eq + 1 : NULL;
  GError *local_error = NULL;
  gboolean handled;

  if (!g_str_has_prefix (arg, "--") || arg[2] == '\0' || arg[2] == '=')
    {
      g_autofree char *quoted = manifest_quote (arg);
      return manifest_fail (file, node, field, error, _ ("“%s” is not an option (--NAME=VALUE)"),
                            quoted);
    }
  name = eq != NULL ? g_strndup (arg + 2, (gsize)(eq - arg - 2)) : g_strdup (arg + 2);
  if (!check_unsupported (file, node, field, name, &handled, error))
    return FALSE;
  if (handled)
    return TRUE;
  /* Flatpak's way of revoking every filesystem is Hutch's "!host". */
  if (strcmp (name, "nofilesystem") == 0 && g_strcmp0 (value, "host:reset") == 0)
    value = "host";
  if (!hutch_permissions_apply_option (perms, name, value, &local_error))
    return manifest_fail_with (file, node, field, local_error, error);
  /* What app install would refuse in the metadata (hutch-metadata(5)). */
  if (strcmp (name, "seccomp-profile") == 0 && value != NULL && value[0] == '/')
    {
      g_autofree char *quoted = manifest_quote (value);
      return manifest_fail (file, node, field, error,
                            _ ("“%s”: an app's metadata can only name a profile (default, "
                               "strict, devel), not a file"),
                            quoted);
    }
  return TRUE;
}

gboolean
manifest_read_finish_args (ManifestFile *file, const ManifestJsonNode *array, const char *field,
                           HutchManifest *manifest, GError **error)
{
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_auto (GStrv) args = manifest_read_strv (file, array, field, NULL, error);
  guint i = 0;

  if (args == NULL)
    return FALSE;
  for (const ManifestJsonNode *item = manifest_json_first (file->doc, array); item != NULL;
       item = manifest_json_next (file->doc, item), i++)
    {
      g_autofree char *item_field = manifest_field_index (field, i);

      if (!apply_finish_arg (file, item, item_field, perms, error))
        return FALSE;
    }
  hutch_permissions_save_keyfile (perms, keyfile);
  g_free (manifest->metadata_context);
  manifest->metadata_context = g_key_file_to_data (keyfile, NULL, NULL);
  g_strfreev (manifest->finish_args);
  manifest->finish_args = g_steal_pointer (&args);
  return TRUE;
}
