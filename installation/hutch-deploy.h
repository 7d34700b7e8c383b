/* Finding what is deployed: the active commit of an app or runtime in the
 * user's or the system installation.
 *
 * Layout (hutch-paths.h): INSTALLATION/KIND/ID/ARCH/BRANCH/COMMIT/{files,metadata}
 * and INSTALLATION/KIND/ID/ARCH/BRANCH/active, a symlink to COMMIT.
 *
 * Defends against: a deploy directory that is not what it claims (the active
 * link must name a valid checksum in the same directory; nothing follows
 * it elsewhere).  No libostree: this is on the launch path.
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
  HutchRef *ref;            /* complete: the branch that was found */
  char *installation_dir;   /* where it was found */
  gboolean system;          /* the system installation */
  char *commit;             /* the active commit's checksum */
  char *deploy_dir;         /* INSTALLATION/KIND/ID/ARCH/BRANCH/COMMIT */
  char *files_dir;          /* deploy_dir/files */
  char *metadata_path;      /* deploy_dir/metadata */
} HutchDeploy;

void hutch_deploy_free (HutchDeploy *deploy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchDeploy, hutch_deploy_free)

/* The active deploy of @kind @id for @arch (NULL: this machine's) and
 * @branch (NULL: the only branch installed; if there are several, an app's
 * current branch (hutch-current.h), else an error), looked up in
 * @installation_dirs in order (NULL: the user's installation, then the
 * system's).  HUTCH_ERROR_NOT_INSTALLED if there is none. */
HutchDeploy *hutch_deploy_find (HutchRefKind kind,
                                const char *id,
                                const char *arch,
                                const char *branch,
                                const char *const *installation_dirs,
                                GError **error);

/* Deploys in use.  `app run` holds a shared lock (flock LOCK_SH) on an fd
 * of each deploy directory it runs (the app's and the runtime's) for as
 * long as the sandbox lives; `app update` and `app uninstall` remove an
 * old deploy only if they get an exclusive lock on it without waiting.
 * Returns the fd (O_CLOEXEC, O_DIRECTORY), or -1 with @error set. */
int hutch_deploy_hold (const char *deploy_dir, GError **error);
/* TRUE if no sandbox holds @deploy_dir; then @deploy_dir stays locked
 * through the returned fd (*fd_out) until the caller closes it. */
gboolean hutch_deploy_is_unused (const char *deploy_dir, int *fd_out);

/* The active deploy of a complete @ref in @installation_dir. */
HutchDeploy *hutch_deploy_lookup (const char *installation_dir, const HutchRef *ref, GError **error);

/* Every KIND/ID/ARCH/BRANCH directory of @kind in @installation_dir whose
 * names are valid, deployed or not: a GPtrArray of HutchRef, sorted by ID,
 * then arch, then branch. */
GPtrArray *hutch_deploy_list_refs (const char *installation_dir, HutchRefKind kind);
/* The active deploys of those refs, in that order: a GPtrArray of
 * HutchDeploy. */
GPtrArray *hutch_deploy_list (const char *installation_dir, HutchRefKind kind);

G_END_DECLS
