/* Parts of the app plan, shared between plan-*.c files. */
#pragma once

#include "hutch-sandbox-plan.h"

/* Whether @path is @dir or below it (as text). */
gboolean hutch_plan_path_is_below (const char *path, const char *dir);

/* Whether what the grant @op opened (@fd) leads into a protected directory
 * of @plan, or around one where the plan's tmpfs would not hide it: that
 * directory (newly allocated), else NULL.  @real_dirs: the protected
 * directories (then the apps directory, or NULL) as the kernel resolves
 * them, from hutch_plan_real_protected_dirs(). (plan-protect.c) */
char *hutch_plan_grant_reaches (const HutchSandboxPlan *plan, const HutchPlanOp *op, int fd,
                                GPtrArray *real_dirs);
GPtrArray *hutch_plan_real_protected_dirs (const HutchSandboxPlan *plan);

/* ~/.var/app/ID on the host, which is also its path in the sandbox. */
char *hutch_plan_app_data_dir (const HutchAppLaunch *launch, const HutchHostEnv *env);

/* The granted filesystems (plan-filesystems.c). */
gboolean hutch_plan_add_filesystems (HutchSandboxPlan *plan, const HutchAppLaunch *launch,
                                     const HutchHostEnv *env, GError **error);

/* persistent=: ~/.var/app/ID/PATH bound on ~/PATH. */
gboolean hutch_plan_add_persistent (HutchSandboxPlan *plan, const HutchAppLaunch *launch,
                                    const HutchHostEnv *env, GError **error);

/* A tmpfs over each Hutch installation that a bind made visible. */
void hutch_plan_hide_installations (HutchSandboxPlan *plan, const HutchHostEnv *env);
