/* Masked refs: apps and runtimes that `app update` leaves as they are and
 * `app install` will not install (nor as the runtime an app needs), until
 * the user unmasks them: the way to keep a version gone back to with
 * `app update --commit`, as Flatpak's masks do.
 *
 * A pattern is ID[/ARCH[/BRANCH]], each part made of the characters of
 * IDs, arches and branches and of '*' (any run of them); a missing part
 * matches anything.  Patterns are kept one per line in
 * INSTALLATION/masked.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

gboolean hutch_mask_pattern_is_valid (const char *pattern, GError **error);

/* The installation's patterns (a GPtrArray of strings), in the order they
 * were added; invalid lines of the file are errors naming the file and
 * line.  An installation with no file has none. */
GPtrArray *hutch_mask_load (const char *installation_dir, GError **error);

/* Replaces the installation's patterns, atomically. */
gboolean hutch_mask_save (const char *installation_dir, GPtrArray *patterns, GError **error);

/* The first of @patterns that @ref matches, or NULL. */
const char *hutch_mask_match (GPtrArray *patterns, const HutchRef *ref);

G_END_DECLS
