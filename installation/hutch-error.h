/* Hutch's GError domain, shared by every GLib-based part of the project.
 *
 * Library code reports failures a caller can handle as GErrors in this
 * domain (or in G_IO_ERROR when the file system fails); it never prints.
 * Messages are translated and already safe to print on a terminal: any
 * untrusted text they quote went through hutch_escape_for_terminal().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HUTCH_ERROR (hutch_error_quark ())

/**
 * HutchError:
 * @HUTCH_ERROR_FAILED: anything else; the message says what
 * @HUTCH_ERROR_INVALID_ID: an application or runtime ID is malformed
 * @HUTCH_ERROR_INVALID_REF: a ref (app/ID/ARCH/BRANCH) or a user's partial ref is malformed
 * @HUTCH_ERROR_INVALID_ARCH: an architecture name is malformed
 * @HUTCH_ERROR_INVALID_BRANCH: a branch name is malformed
 * @HUTCH_ERROR_INVALID_CHECKSUM: an OSTree commit checksum is not 64 lowercase hex digits
 * @HUTCH_ERROR_NOT_FOUND: no such app, runtime, remote or branch
 * @HUTCH_ERROR_ALREADY_INSTALLED: the ref is installed already
 * @HUTCH_ERROR_NOT_INSTALLED: the ref is not installed
 * @HUTCH_ERROR_INVALID_METADATA: an app's or runtime's metadata is malformed
 * @HUTCH_ERROR_INVALID_PROFILE: a permission profile or override is malformed
 * @HUTCH_ERROR_PERMISSION_DENIED: the operation is not allowed
 * @HUTCH_ERROR_INVALID_MANIFEST: a bundler manifest is malformed
 * @HUTCH_ERROR_BUILD_FAILED: a build step of the bundler failed
 * @HUTCH_ERROR_INVALID_BUNDLE: a single-file bundle is malformed or does not verify
 *
 * Error codes of the %HUTCH_ERROR domain.  New codes go at the end so that
 * the numbers stay stable.
 */
typedef enum
{
  HUTCH_ERROR_FAILED,
  HUTCH_ERROR_INVALID_ID,
  HUTCH_ERROR_INVALID_REF,
  HUTCH_ERROR_INVALID_ARCH,
  HUTCH_ERROR_INVALID_BRANCH,
  HUTCH_ERROR_INVALID_CHECKSUM,
  HUTCH_ERROR_NOT_FOUND,
  HUTCH_ERROR_ALREADY_INSTALLED,
  HUTCH_ERROR_NOT_INSTALLED,
  HUTCH_ERROR_INVALID_METADATA,
  HUTCH_ERROR_INVALID_PROFILE,
  HUTCH_ERROR_PERMISSION_DENIED,
  HUTCH_ERROR_INVALID_MANIFEST,
  HUTCH_ERROR_BUILD_FAILED,
  HUTCH_ERROR_INVALID_BUNDLE,
} HutchError;

GQuark hutch_error_quark (void);

/* Sets @error (may be NULL) to @code of HUTCH_ERROR with the message
 * @format makes; returns FALSE, for `return hutch_fail (…);`.  A library
 * whose errors all have one code defines its own fail() over this. */
gboolean hutch_fail (GError **error, HutchError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

G_END_DECLS
