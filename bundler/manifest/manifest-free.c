/* Freeing the manifest model of hutch-manifest.h.
 *
 * Every string and list in the model is owned by the struct that holds
 * it; freeing a NULL pointer is a no-op everywhere, so a model half
 * filled when the parser stopped at an error is freed the same way.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

void
hutch_build_options_free (HutchBuildOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->cflags);
  g_free (options->cxxflags);
  g_free (options->cppflags);
  g_free (options->ldflags);
  g_free (options->prefix);
  g_free (options->libdir);
  g_free (options->append_path);
  g_free (options->prepend_path);
  g_free (options->append_ld_library_path);
  g_free (options->prepend_ld_library_path);
  g_free (options->append_pkg_config_path);
  g_free (options->prepend_pkg_config_path);
  g_strfreev (options->env);
  g_strfreev (options->build_args);
  g_strfreev (options->config_opts);
  g_strfreev (options->make_args);
  g_strfreev (options->make_install_args);
  g_free (options);
}

void
manifest_source_free (HutchManifestSource *source)
{
  if (source == NULL)
    return;
  manifest_location_clear (&source->where);
  g_free (source->path);
  g_free (source->url);
  g_free (source->sha256);
  g_free (source->dest);
  g_free (source->dest_filename);
  g_strfreev (source->commands);
  g_free (source->contents);
  g_free (source->archive_type);
  g_strfreev (source->patch_options);
  g_strfreev (source->skip);
  g_strfreev (source->only_arches);
  g_strfreev (source->skip_arches);
  g_clear_pointer (&source->base_dir, g_ref_string_release);
  g_free (source);
}

void
manifest_module_free (HutchManifestModule *module)
{
  if (module == NULL)
    return;
  manifest_location_clear (&module->where);
  g_free (module->name);
  g_free (module->subdir);
  g_strfreev (module->config_opts);
  g_strfreev (module->make_args);
  g_strfreev (module->make_install_args);
  g_strfreev (module->build_commands);
  g_strfreev (module->post_install);
  g_strfreev (module->cleanup);
  g_strfreev (module->only_arches);
  g_strfreev (module->skip_arches);
  hutch_build_options_free (module->build_options);
  g_clear_pointer (&module->sources, g_ptr_array_unref);
  g_clear_pointer (&module->modules, g_ptr_array_unref);
  g_free (module);
}

void
hutch_manifest_free (HutchManifest *manifest)
{
  if (manifest == NULL)
    return;
  g_free (manifest->path);
  g_free (manifest->id);
  g_free (manifest->branch);
  g_free (manifest->runtime);
  g_free (manifest->runtime_version);
  g_free (manifest->sdk);
  manifest_location_clear (&manifest->runtime_where);
  manifest_location_clear (&manifest->sdk_where);
  g_free (manifest->command);
  g_strfreev (manifest->finish_args);
  g_free (manifest->metadata_context);
  hutch_build_options_free (manifest->build_options);
  g_strfreev (manifest->cleanup);
  g_strfreev (manifest->cleanup_commands);
  g_free (manifest->rename_desktop_file);
  g_free (manifest->rename_icon);
  g_free (manifest->rename_appdata_file);
  g_clear_pointer (&manifest->modules, g_ptr_array_unref);
  g_clear_pointer (&manifest->warnings, g_ptr_array_unref);
  g_free (manifest->base_dir);
  g_free (manifest);
}
