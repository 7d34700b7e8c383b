/* Running sandboxes: `app run` registers each one, `app ps`, `app kill`
 * and `app enter` find them. */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct
{
  int id;           /* the monitor's pid (the `app run` process): unique while it lives */
  char *dir;        /* $XDG_RUNTIME_DIR/hutch/instances/ID */
  char *app_id;
  char *commit;
  pid_t child_pid;  /* the sandbox's pid 1, as the host sees it; 0 until known */
  int lock_fd;      /* registering only: held (flock LOCK_EX) by the monitor */
  int info_fd;      /* registering only: hutch-launch writes its --info-fd JSON here */
  int env_fd;       /* registering only: and the command's environment here (--env-fd) */
} HutchInstance;

void hutch_instance_free (HutchInstance *instance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchInstance, hutch_instance_free)

/* Register this process as the monitor of a sandbox of @app_id at @commit
 * that runs under the seccomp program on @seccomp_fd (-1: hutch-launch's
 * default; the fd's offset does not move).  Pass lock_fd with --hold-fd,
 * info_fd with --info-fd and env_fd with --env-fd to hutch-launch. */
HutchInstance *hutch_instance_register (const char *app_id, const char *commit, int seccomp_fd,
                                        GError **error);

/* What app enter needs to run a command in @instance's sandbox: the
 * environment its command started with, and an fd of its seccomp program
 * (-1 for the default). */
gboolean hutch_instance_load_enter (const HutchInstance *instance, char ***out_envp,
                                    int *out_seccomp_fd, GError **error);

/* The live instances, oldest first; the directories of dead ones are
 * removed on the way. */
GPtrArray *hutch_instances_list (void);

/* @what, as a user gives it to app kill or app enter, names @instance:
 * its number, or its app's ID. */
gboolean hutch_instance_matches (const HutchInstance *instance, const char *what);

G_END_DECLS
