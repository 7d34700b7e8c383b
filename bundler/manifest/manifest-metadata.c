/* The app's metadata, as the build exports it.
 *
 * What this defends against: metadata that says something other than the
 * manifest, or differs between two builds of the same manifest (builds
 * are reproducible, and the metadata is part of the commit).  The text is
 * made by GKeyFile, which escapes values, in a fixed order: [Application]
 * with name, runtime, sdk and command, then the permission groups exactly
 * as hutch_permissions_save_keyfile() wrote them from finish-args.
 * Everything in it was validated when the manifest was parsed, so
 * hutch_metadata_parse() reads it back.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include "hutch-ref.h"

#define GROUP_APPLICATION "Application"

char *
hutch_manifest_to_metadata (const HutchManifest *manifest, const char *arch)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *runtime = NULL;
  g_autofree char *sdk = NULL;
  g_autofree char *application = NULL;

  g_return_val_if_fail (manifest != NULL, NULL);

  if (arch == NULL)
    arch = hutch_get_arch ();
  g_return_val_if_fail (hutch_arch_is_valid (arch, NULL), NULL);
  runtime = g_strdup_printf ("%s/%s/%s", manifest->runtime, arch, manifest->runtime_version);
  sdk = g_strdup_printf ("%s/%s/%s", manifest->sdk, arch, manifest->runtime_version);
  g_key_file_set_string (keyfile, GROUP_APPLICATION, "name", manifest->id);
  g_key_file_set_string (keyfile, GROUP_APPLICATION, "runtime", runtime);
  g_key_file_set_string (keyfile, GROUP_APPLICATION, "sdk", sdk);
  g_key_file_set_string (keyfile, GROUP_APPLICATION, "command", manifest->command);
  application = g_key_file_to_data (keyfile, NULL, NULL);
  if (manifest->metadata_context == NULL || manifest->metadata_context[0] == '\0')
    return g_steal_pointer (&application);
  return g_strconcat (application, "\n", manifest->metadata_context, NULL);
}
