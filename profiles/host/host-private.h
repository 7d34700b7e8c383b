/* Internals of the host integrations (host-*.c), shared between them and
 * exposed to their unit tests and fuzz targets: the parsers of host formats
 * (Xauthority files, D-Bus addresses) and small helpers.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-sandbox-plan.h"

#include <glib.h>

G_BEGIN_DECLS

/* ---- Xauthority files (host-xauth.c) ----
 *
 * An Xauthority file is a sequence of records, each
 *
 *   family   u16, big-endian
 *   address  u16 length (big-endian), then that many bytes
 *   number   the same: the display number as ASCII decimal ("0")
 *   name     the same: the protocol ("MIT-MAGIC-COOKIE-1")
 *   data     the same: the secret
 *
 * with nothing between records and nothing after the last. */

#define HUTCH_XAUTH_FAMILY_LOCAL 256   /* a Unix socket on the host named by address */
#define HUTCH_XAUTH_FAMILY_WILD  65535 /* any address */

typedef struct
{
  guint16 family;
  GBytes *address;
  GBytes *number;
  GBytes *name;
  GBytes *data;
} HutchXauthEntry;

void hutch_xauth_entry_free (HutchXauthEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchXauthEntry, hutch_xauth_entry_free)

/* The complete records of @xauthority, in order (HutchXauthEntry, never
 * NULL).  Parsing stops at the first record that is cut short (a length
 * running past the end): as in libXau, the records before it are kept and
 * nothing after it is read.  @out_complete (optional) tells whether every
 * byte of @xauthority belonged to a complete record. */
GPtrArray *hutch_xauth_parse (GBytes *xauthority, gboolean *out_complete);

/* @entries (HutchXauthEntry) in the file format. */
GBytes *hutch_xauth_write (const GPtrArray *entries);

/* The records of @xauthority that let a client in the sandbox authenticate
 * to display @display_number of this host, with their number rewritten to
 * @new_number, as a new file; NULL if there is none.  Kept: the records whose
 * number is exactly @display_number and whose family is FamilyWild, or
 * FamilyLocal with an address equal to @hostname (NULL: no FamilyLocal
 * record is kept).  See host-xauth.c for why the others go. */
GBytes *hutch_xauth_filter (GBytes *xauthority, const char *display_number, const char *hostname,
                            const char *new_number);

/* ---- D-Bus addresses (host-dbus-address.c) ---- */

/* The socket path of the first "unix:path=…" entry of the D-Bus server
 * address @address (entries separated by ';', values %-unescaped), or NULL
 * with an error (HUTCH_ERROR_FAILED) if @address is malformed or none of its
 * entries is a Unix socket with a path (abstract sockets, tcp:, …).  The
 * path is absolute and free of NUL bytes. */
char *hutch_dbus_address_unix_path (const char *address, GError **error);

/* @value escaped as the value of a key in a D-Bus address. */
char *hutch_dbus_address_escape_value (const char *value);

/* ---- Helpers for the host-*.c files (host-common.c) ---- */

/* $NAME in @env, or NULL when unset or empty. */
const char *hutch_host_getenv (const HutchHostEnv *env, const char *name);

/* @text, escaped so that it is safe in a message printed on a terminal.
 * Everything a warning quotes from the user's environment goes through it. */
char *hutch_host_quote (const char *text);

/* Warn that socket @what ("x11") was granted but variable @name is not set. */
void hutch_host_warn_unset (HutchSandboxPlan *plan, const char *what, const char *name);

/* The host socket @name of socket @what ("wayland"): @name itself if it is
 * absolute, else @name in @dir; NULL, with a warning that $XDG_RUNTIME_DIR
 * is not set, if @name is relative and @dir is NULL. */
char *hutch_host_socket_path (HutchSandboxPlan *plan, const char *what, const char *name,
                              const char *dir);

/* Bind the host socket @source read-only at @dest in the sandbox, or warn
 * that socket @what was granted but @source is no socket.  Returns whether
 * the bind was added. */
gboolean hutch_host_bind_socket (HutchSandboxPlan *plan, const HutchHostEnv *env, const char *what,
                                 const char *source, const char *dest);

G_END_DECLS
