/* Runtimes: a merged /usr with its /etc, from Debian packages (mmdebstrap)
 * or from the host's own programs, committed as runtime/ID/ARCH/BRANCH.
 * What `hutch-bundler runtime` calls, step by step, so that it can show
 * where it is; nothing here prints.
 *
 * A runtime is staged as a small root file system in a work directory:
 *
 *   ROOT/usr/   becomes the runtime's files/ (mounted at /usr by `app run`)
 *   ROOT/etc/   becomes files/etc (mounted at /etc), without secrets, with
 *               an ld.so.cache made for this tree, and with an empty file
 *               of each name `app run` binds over (plan-app.c)
 *
 * and then moved into a build directory (bundler-export.h) with its
 * metadata and exported.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-ref.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *suite;           /* bookworm, trixie, stable… */
  const char *const *packages; /* more packages, or NULL */
  const char *mirror;          /* an archive's URL, or NULL: the machine's apt sources */
  gboolean sdk;                /* add compilers and build tools */
  const char *arch;            /* Hutch's name (x86_64…); NULL: this machine's */
} HutchDebianOptions;

/* Checks what a Debian root needs before anything is downloaded:
 * mmdebstrap and tar, and, when not root, newuidmap and a subordinate UID
 * and GID range of the user (mmdebstrap's unshare mode). */
gboolean hutch_runtime_debian_check (const HutchDebianOptions *options, GError **error);

/* Builds a Debian root with mmdebstrap into the empty directory @root:
 * its usr/ and etc/ only, a precomputed ld.so.cache and, if fontconfig is
 * in it, a font cache in /usr/lib/fontconfig/cache.  mmdebstrap reports
 * its progress on stderr. */
gboolean hutch_runtime_stage_debian (const HutchDebianOptions *options, const char *root,
                                     GError **error);

/* Copies @programs (found in PATH unless they hold a "/"), the shared
 * libraries they need and the dynamic loader into @root in a merged-/usr
 * layout, plus busybox and its applet links if the host has busybox, and
 * makes an ld.so.cache for them.  *@out_n_files (may be NULL) is the
 * number of files copied. */
gboolean hutch_runtime_stage_from_host (const char *const *programs, const char *root,
                                        guint *out_n_files, GError **error);

/* Turns the staged @root into the build directory @builddir (which must
 * not exist): removes secrets from etc/, adds the placeholders, moves
 * usr/ to files/ and etc/ to files/etc, and writes the metadata of
 * @ref (a runtime ref; with an SDK's sdk= key if @sdk). */
gboolean hutch_runtime_finish (const char *root, const char *builddir, const HutchRef *ref,
                               gboolean sdk, GError **error);

/* A new, private work directory under $TMPDIR, and its removal (whatever
 * modes its contents have; no symbolic link is followed). */
char *hutch_runtime_make_work_dir (GError **error);
gboolean hutch_runtime_remove_tree (const char *path, GError **error);

G_END_DECLS
