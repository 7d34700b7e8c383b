/* Translation macros for Hutch's GLib code.
 *
 * Include this instead of <glib/gi18n.h>: it binds _() and N_() to Hutch's
 * own text domain (GETTEXT_PACKAGE, from config.h), so that library code
 * linked into any binary finds its translations.  main() still calls
 * setlocale() and bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR).
 */
#pragma once

#ifndef GETTEXT_PACKAGE
#error "GETTEXT_PACKAGE is not defined: config.h must be included (meson passes -include config.h)"
#endif

#include <glib/gi18n-lib.h>
