/* The metadata of an app or a runtime, and the override files.
 *
 * Metadata is a key file as Flatpak's: [Application] (name, runtime, sdk,
 * command) or [Runtime] (name, runtime… for runtimes), then the permission
 * groups of hutch-permissions.h.  It comes from the signed commit, so what
 * `app install` shows is what `app run` enforces.
 *
 * Overrides are key files with the permission groups only, stored where
 * the sandboxed app cannot write them (hutch-paths.h: the installation's
 * overrides/ directory, which `app run` hides from every sandbox).
 *
 * Defends against: untrusted metadata crashing the parser or smuggling in a
 * wider sandbox.  Errors name file, line and key; sizes are bounded.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-keyfile.h"
#include "hutch-permissions.h"
#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

#define HUTCH_METADATA_MAX_SIZE (256 * 1024)

typedef struct
{
  HutchRefKind kind;        /* [Application] or [Runtime] */
  char *name;               /* the ID, validated */
  char *runtime;            /* "ID/ARCH/BRANCH", validated; NULL for a runtime without one */
  char *sdk;                /* "ID/ARCH/BRANCH" or NULL */
  char *command;            /* the default command; NULL for runtimes */
  HutchPermissions *permissions; /* the metadata's own layer */
  GKeyFile *keyfile;        /* everything, for /.hutch-info and extensions */
} HutchMetadata;

/* Parse @len bytes of metadata at @data (no NUL needed at the end);
 * @filename names it in messages.  Errors are HUTCH_ERROR_INVALID_METADATA
 * "FILE:LINE: [GROUP] KEY: what is wrong".  @warnings as for
 * hutch_permissions_load_keyfile(); Flatpak's [Extension …], [ExtensionOf]
 * and [Build] groups are kept in @keyfile without a warning. */
HutchMetadata *hutch_metadata_parse (const char *data,
                                     gsize len,
                                     const char *filename,
                                     GPtrArray *warnings,
                                     GError **error);
/* Reads at most HUTCH_METADATA_MAX_SIZE bytes of the regular file @path
 * (G_FILE_ERROR if it cannot), then as hutch_metadata_parse(). */
HutchMetadata *hutch_metadata_load (const char *path, GPtrArray *warnings, GError **error);
void hutch_metadata_free (HutchMetadata *metadata);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchMetadata, hutch_metadata_free)

/* Overrides.  @installation_dir is a user or system installation
 * (hutch-paths.h); @app_id NULL means the global overrides.  A missing file
 * is an empty layer. */
HutchPermissions *hutch_overrides_load (const char *installation_dir,
                                        const char *app_id,
                                        GPtrArray *warnings,
                                        GError **error);
/* Add @changes on top of what is stored and store the result, atomically
 * (mode 0600, the directory 0700).  A stored file with an error is an
 * error, and is left as it is. */
gboolean hutch_overrides_update (const char *installation_dir,
                                 const char *app_id,
                                 const HutchPermissions *changes,
                                 GError **error);
gboolean hutch_overrides_reset (const char *installation_dir, const char *app_id, GError **error);

/* The permissions an app runs with: @metadata's layer, then the system
 * installation's global and app overrides, then the user installation's
 * (either dir may be NULL), then @run_flags (may be NULL). */
HutchPermissions *hutch_permissions_for_app (const HutchMetadata *metadata,
                                             const char *system_dir,
                                             const char *user_dir,
                                             const HutchPermissions *run_flags,
                                             GPtrArray *warnings,
                                             GError **error);

G_END_DECLS
