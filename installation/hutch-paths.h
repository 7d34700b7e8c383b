/* Where installations, deployments and per-app data live.
 *
 * Every function returns a newly allocated absolute path (free it with
 * g_free()); none of them touches the file system.  Parts that come from a
 * repository reach a path only after validation: path builders take a
 * HutchRef, which they check again, or validate their string arguments.
 * See hutch-paths.c for the layout.
 */
#pragma once

#include <glib.h>

#include "hutch-ref.h"

G_BEGIN_DECLS

char *hutch_get_user_installation_dir (void);
char *hutch_get_system_installation_dir (void);
char *hutch_get_app_data_dir (const char *app_id, GError **error);

char *hutch_installation_get_repo_dir (const char *installation_dir);
char *hutch_installation_get_exports_dir (const char *installation_dir);
char *hutch_installation_get_overrides_dir (const char *installation_dir);
char *hutch_installation_get_global_overrides_file (const char *installation_dir);
char *hutch_installation_get_app_overrides_file (const char *installation_dir,
                                                 const char *app_id,
                                                 GError **error);

char *hutch_installation_get_kind_dir (const char *installation_dir, HutchRefKind kind);
char *hutch_installation_get_branches_dir (const char *installation_dir, const HutchRef *ref);
char *hutch_installation_get_deploy_dir (const char *installation_dir, const HutchRef *ref);
char *hutch_installation_get_active_link (const char *installation_dir, const HutchRef *ref);
char *hutch_installation_get_commit_dir (const char *installation_dir,
                                         const HutchRef *ref,
                                         const char *commit,
                                         GError **error);

G_END_DECLS
