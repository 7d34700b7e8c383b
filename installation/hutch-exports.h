/* Desktop integration: the files an installed app shows the host desktop.
 *
 * When an app is installed or updated, its launchers (.desktop files), icons
 * and D-Bus session services are copied from its deploy into
 * INSTALLATION/exports/share/ (hutch_installation_get_exports_dir()), which
 * data/hutch.sh and data/60-hutch.conf add to $XDG_DATA_DIRS.  On the way,
 * every command in them is rewritten to run the app in its sandbox:
 *
 *   Exec=CMD ARG…  →  Exec=BINDIR/app run --branch=B --arch=A --command=CMD ID ARG…
 *
 * Defends against: an app (its deploy is a tree the app's publisher
 * controls) that would run a program on the host outside its sandbox, take
 * over another app's launcher, icon or D-Bus name, make Hutch read or write
 * outside the deploy and the exports through symbolic links, or put
 * control characters and unbounded text in files the desktop parses.  See
 * hutch-exports.c (the file system) and hutch-exports-desktop.c (the
 * rewriting) for the rules.
 *
 * No libostree, no GIO: this code is linked by programs on the launch path
 * (DESIGN.md, invariant 6).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "hutch-deploy.h"
#include "hutch-ref.h"

G_BEGIN_DECLS

/* Bounds on what an app may export, in bytes and in files. */
#define HUTCH_EXPORTS_MAX_DESKTOP_SIZE (1024 * 1024)
#define HUTCH_EXPORTS_MAX_SERVICE_SIZE (64 * 1024)
#define HUTCH_EXPORTS_MAX_ICON_SIZE    (4 * 1024 * 1024)
#define HUTCH_EXPORTS_MAX_LINE         16384
#define HUTCH_EXPORTS_MAX_ENTRIES      4096 /* looked at per directory */
#define HUTCH_EXPORTS_MAX_FILES        1024 /* exported per app */
#define HUTCH_EXPORTS_MAX_EXEC_ARGS    1024

/**
 * HutchExportKind:
 * @HUTCH_EXPORT_DESKTOP: a launcher, share/applications/ID.desktop
 * @HUTCH_EXPORT_ICON: an icon, share/icons/hicolor/SIZE/apps/ID.{png,svg,svgz}
 * @HUTCH_EXPORT_SERVICE: a D-Bus service, share/dbus-1/services/ID.service
 *
 * What an exported file is; it decides the extensions its name may have.
 */
typedef enum
{
  HUTCH_EXPORT_DESKTOP,
  HUTCH_EXPORT_ICON,
  HUTCH_EXPORT_SERVICE,
} HutchExportKind;

char *hutch_exports_get_app_bin (void);
gboolean hutch_exports_name_is_for_app (HutchExportKind kind, const char *name, const char *app_id);

gboolean hutch_exports_update (const char *installation_dir, const HutchDeploy *deploy,
                               GError **error);
gboolean hutch_exports_update_full (const char *installation_dir, const HutchDeploy *deploy,
                                    const char *app_bin, GPtrArray *warnings, GError **error);
gboolean hutch_exports_remove (const char *installation_dir, const HutchRef *ref, GError **error);

/* The rewriting itself (hutch-exports-desktop.c): pure functions on text,
 * public for the tests and the fuzz targets. */

/**
 * HutchExportTarget:
 * @ref: the app, a complete and valid app ref
 * @app_bin: the absolute path of `app`, as the exported commands run it
 */
typedef struct
{
  const HutchRef *ref;
  const char *app_bin;
} HutchExportTarget;

char **hutch_desktop_exec_parse (const char *exec, GError **error);
char *hutch_desktop_exec_quote (const char *const *args);
char *hutch_desktop_exec_rewrite (const HutchExportTarget *target, const char *exec,
                                  GError **error);
char *hutch_exports_rewrite_desktop_file (const HutchExportTarget *target, const char *data,
                                          gsize size, GPtrArray *warnings, GError **error);
char *hutch_exports_rewrite_dbus_service (const HutchExportTarget *target, const char *name,
                                          const char *data, gsize size, GError **error);

G_END_DECLS
