/* The current branch of an app: the one `app run ID` runs when several
 * are installed and no --branch is given, and the only one whose
 * launchers, icons and D-Bus services are exported (an app has one set of
 * exports).  Recorded per installation as INSTALLATION/app/ID/.current, a
 * symbolic link to ARCH/BRANCH (a name no arch can have, so listings of
 * the arches skip it).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

/* The current arch and branch of the app @id in @installation_dir, both
 * validated; FALSE if none is recorded (or what is recorded is not valid). */
gboolean hutch_current_get (const char *installation_dir,
                            const char *id,
                            char **out_arch,
                            char **out_branch);

/* Is @ref the current branch of its app, or has the app none? */
gboolean hutch_current_is_or_none (const char *installation_dir, const HutchRef *ref);

/* Makes @ref (an app) the current branch of its app, atomically. */
gboolean hutch_current_set (const char *installation_dir, const HutchRef *ref, GError **error);

/* Forgets the app's current branch. */
gboolean hutch_current_clear (const char *installation_dir, const char *id, GError **error);

G_END_DECLS
