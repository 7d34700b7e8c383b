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
} HutchInstance;

void hutch_instance_free (HutchInstance *instance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchInstance, hutch_instance_free)

/* Register this process as the monitor of a sandbox of @app_id at @commit.
 * Pass lock_fd with --hold-fd and info_fd with --info-fd to hutch-launch. */
HutchInstance *hutch_instance_register (const char *app_id, const char *commit, GError **error);

/* The live instances, oldest first; the directories of dead ones are
 * removed on the way. */
GPtrArray *hutch_instances_list (void);

/* @what, as a user gives it to app kill or app enter, names @instance:
 * its number, or its app's ID. */
gboolean hutch_instance_matches (const HutchInstance *instance, const char *what);

G_END_DECLS
