/* Shared by the files of libhutch_ostree; not for its users. */
#pragma once

#include "hutch-ostree.h"

G_BEGIN_DECLS

/* Set @error to "MESSAGE: strerror(@errsv)" in G_IO_ERROR (ENOSPC is
 * G_IO_ERROR_NO_SPACE); returns FALSE. */
gboolean hutch_ostree_fail_errno (GError **error, int errsv, const char *format, ...)
  G_GNUC_PRINTF (3, 4);
/* Prefix *@error with "MESSAGE: "; returns FALSE. */
gboolean hutch_ostree_prefix_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Runs @sync_func on the directory @path: fsync(), so that a rename in it
 * survives a crash, or syncfs(), so that everything on its file system
 * does. */
gboolean hutch_ostree_sync_dir (const char *path, int (*sync_func) (int fd), GError **error);
int hutch_ostree_compare_strings (gconstpointer a, gconstpointer b);

char *hutch_installation_get_tmp_dir (HutchInstallation *self);
/* The remotes whose refs/remotes/REMOTE/ holds @ref, sorted. */
GPtrArray *hutch_installation_list_origins (HutchInstallation *self,
                                            const HutchRef *ref,
                                            GError **error);

/* The xa.metadata of @commit, which the repository holds, after checking
 * the commit's ref binding against @ref and the size of the text. */
char *hutch_ostree_commit_get_metadata (OstreeRepo *repo,
                                        const HutchRef *ref,
                                        const char *commit,
                                        guint64 *out_timestamp,
                                        GError **error);

G_END_DECLS
