/* Resource limits of an app (app-resources.c). */
#pragma once

#include "hutch-permissions.h"

#include <glib.h>

/* Apply @res to this process before it launches the sandbox.  May execute
 * @argv (app's whole command line) again under systemd-run (then it does
 * not return).  Limits that
 * cannot be applied are warned about in @warnings; a failure to set one that
 * can is an error. */
gboolean hutch_app_apply_resources (const HutchResources *res,
                                    const char *app_id,
                                    char **argv,
                                    GPtrArray *warnings,
                                    GError **error);
