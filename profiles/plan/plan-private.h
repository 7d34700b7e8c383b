/* Parts of the app plan, shared between plan-*.c files. */
#pragma once

#include "hutch-sandbox-plan.h"

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
