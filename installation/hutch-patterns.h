/* Patterns of refs an installation keeps, one list per purpose:
 *
 *   masked  apps and runtimes that `app update` leaves as they are and
 *           `app install` will not install (nor as the runtime an app
 *           needs), until the user unmasks them: the way to keep a version
 *           gone back to with `app update --commit`, as Flatpak's masks do;
 *   pinned  runtimes that `app uninstall --unused` keeps although no app
 *           uses them, as Flatpak's pins do: a runtime installed by name is
 *           pinned.
 *
 * A pattern is ID[/ARCH[/BRANCH]], each part made of the characters of
 * IDs, arches and branches and of '*' (any run of them); a missing part
 * matches anything.  Patterns are kept one per line in INSTALLATION/masked
 * and INSTALLATION/pinned.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HUTCH_PATTERNS_MASKED,
  HUTCH_PATTERNS_PINNED,
} HutchPatternsKind;

gboolean hutch_pattern_is_valid (const char *pattern, GError **error);

/* The installation's patterns of @kind (a GPtrArray of strings), in the
 * order they were added; invalid lines of the file are errors naming the
 * file and line.  An installation with no file has none. */
GPtrArray *hutch_patterns_load (const char *installation_dir, HutchPatternsKind kind,
                                GError **error);

/* Replaces the installation's patterns of @kind, atomically. */
gboolean hutch_patterns_save (const char *installation_dir, HutchPatternsKind kind,
                              GPtrArray *patterns, GError **error);

/* The first of @patterns that @ref matches, or NULL. */
const char *hutch_patterns_match (GPtrArray *patterns, const HutchRef *ref);

/* "ID/ARCH/BRANCH": the pattern that matches @ref alone. */
char *hutch_pattern_for_ref (const HutchRef *ref);

G_END_DECLS
