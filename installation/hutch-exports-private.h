/* Helpers shared by hutch-exports.c and hutch-exports-desktop.c; not for
 * other callers.  Untrusted text reaches messages only through
 * hutch_quote_untrusted() (hutch-ref.h), which escapes control characters and cuts it short.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <unistd.h>

G_BEGIN_DECLS

void hutch_exports_warn (GPtrArray *warnings, const char *format, ...) G_GNUC_PRINTF (2, 3);
gboolean hutch_exports_name_has_prefix (const char *name, const char *prefix, gboolean allow_dash);

static inline void
hutch_exports_close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* An fd closed when it goes out of scope; never close one by hand. */
#define hutch_autofd __attribute__ ((cleanup (hutch_exports_close_fd)))

G_END_DECLS
