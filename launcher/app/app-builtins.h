/* The subcommands of `app`, one file each (app-builtin-*.c). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes the arguments after `app`, starting with its own name, and
 * returns the exit status. */
int hutch_app_run (int argc, char **argv);
int hutch_app_override (int argc, char **argv);
int hutch_app_info (int argc, char **argv);
int hutch_app_list (int argc, char **argv);
int hutch_app_ps (int argc, char **argv);
int hutch_app_kill (int argc, char **argv);
int hutch_app_enter (int argc, char **argv);

/* Helpers shared by the subcommands (app-common.c). */

/* app's whole command line, as main() got it. */
extern char **hutch_app_argv;

/* Print "app: error: MESSAGE" and return the exit status for a failure. */
int hutch_app_fail (const GError *error);
/* Print a warning line. */
void hutch_app_warn (const char *message);
/* Print the warnings collected by a parser. */
void hutch_app_warn_all (GPtrArray *warnings);
/* Where Hutch's seccomp profiles are: $HUTCH_PROFILES_DIR (for tests run
 * from the source tree) or the installed ones. */
const char *hutch_app_profiles_dir (void);
/* The user's and the system's installation dirs, NULL-terminated. */
const char *const *hutch_app_installation_dirs (void);
/* Whether $HUTCH_DEBUG_DISABLE (tests only, see app(1)) lists @name. */
gboolean hutch_app_debug_disabled (const char *name);

/* A GOptionGroup for the permission flags of `app override` and `app run`:
 * each flag is applied to @layer (hutch-permissions.h). */
typedef struct _HutchPermissions HutchPermissions;
GOptionGroup *hutch_app_permission_options (HutchPermissions *layer);

G_END_DECLS
