/* hutch-launch: the sandbox's pid 1, from clone() to the command's start.
 *
 * Defends against: a sandbox that outlives hutch-launch (pid 1 dies with its
 * parent), a command that reads or writes pid 1's memory (pid 1 is
 * non-dumpable before the command starts), mounts that propagate back to
 * the host (every mount is made private before anything is mounted), and a
 * root that still reaches the host (the new root is built on a tmpfs and
 * the old root is detached).
 */
#include "launch-fs.h"
#include "launch-ops.h"
#include "launch-plan.h"
#include "launch-syscalls.h"
#include "launch-util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Where the new root is mounted while it is built.  It covers the host's
 * /tmp, so every source is opened before (open_op_sources()). */
#define NEWROOT_MOUNTPOINT "/tmp"

static void
write_proc_file (const char *path, const char *content)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT && strcmp (path, "/proc/self/setgroups") == 0)
    return; /* kernels before 3.19 */
  if (fd < 0 || !write_all (fd, content, strlen (content)))
    die_errno (N_("cannot write “%s”"), path);
  close (fd);
}

void
setup_id_maps (const struct launch_plan *plan)
{
  const struct launch_config *cfg = plan->cfg;
  char line[64];

  write_proc_file ("/proc/self/setgroups", "deny");
  snprintf (line, sizeof line, "%lu %lu 1\n",
            cfg->uid >= 0 ? (unsigned long) cfg->uid : (unsigned long) plan->outer_uid,
            (unsigned long) plan->outer_uid);
  write_proc_file ("/proc/self/uid_map", line);
  snprintf (line, sizeof line, "%lu %lu 1\n",
            cfg->gid >= 0 ? (unsigned long) cfg->gid : (unsigned long) plan->outer_gid,
            (unsigned long) plan->outer_gid);
  write_proc_file ("/proc/self/gid_map", line);
}

/* Die with the parent; if it is already gone (it died between clone() and
 * now), the pipe it holds open reports a hang-up. */
static void
die_with_parent (const struct launch_plan *plan)
{
  struct pollfd pfd = { .fd = plan->alive_fd, .events = POLLIN };

  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    die_errno (N_("cannot set the parent-death signal"));
  if (poll (&pfd, 1, 0) != 0)
    _exit (EXIT_SETUP_FAILED);
  close (plan->alive_fd);
}

/* The host's root stays the root while the new one is built on a tmpfs;
 * destinations are resolved inside the new root only (launch-fs.c). */
static void
prepare_roots (const struct launch_plan *plan, struct fs_roots *roots)
{
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    die_errno (N_("cannot make the mounts private"));
  roots->oldroot = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (roots->oldroot < 0)
    die_errno (N_("cannot prepare the new root"));
  roots->sources = plan->source_fds;
  open_op_sources (plan, roots);
  if (mount ("tmpfs", NEWROOT_MOUNTPOINT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
    die_errno (N_("cannot mount %s on “%s”"), "tmpfs", NEWROOT_MOUNTPOINT);
  roots->newroot = open (NEWROOT_MOUNTPOINT, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (roots->newroot < 0)
    die_errno (N_("cannot prepare the new root"));
}

/* Make the new root the root and detach the host's (with the rootfs
 * protection off, for tests, stay in the host's root). */
static void
enter_new_root (const struct launch_plan *plan, const struct fs_roots *roots)
{
  if (!plan_off (plan, DEBUG_OFF_READONLY) && fs_set_attrs (roots->newroot, MOUNT_ATTR_RDONLY, false) < 0)
    die_errno (N_("cannot make the new root read-only"));
  if (plan_off (plan, DEBUG_OFF_ROOTFS))
    {
      /* The host's root as it is, /tmp uncovered. */
      if (umount2 (NEWROOT_MOUNTPOINT, MNT_DETACH) < 0 || chdir ("/") < 0)
        die_errno (N_("cannot change the root"));
      return;
    }
  if (fchdir (roots->newroot) < 0 || syscall (SYS_pivot_root, ".", ".") < 0)
    die_errno (N_("cannot change the root"));
  if (umount2 (".", MNT_DETACH) < 0 || chdir ("/") < 0)
    die_errno (N_("cannot detach the old root"));
}

void
setup_filesystem (const struct launch_plan *plan)
{
  struct fs_roots roots;

  prepare_roots (plan, &roots);
  for (size_t i = 0; i < plan->cfg->n_ops; i++)
    apply_op (plan, &roots, i);
  enter_new_root (plan, &roots);
  if (roots.console >= 0)
    close (roots.console);
  close (roots.oldroot);
  close (roots.newroot);
}

void
setup_network (const struct launch_plan *plan)
{
  const struct launch_config *cfg = plan->cfg;

  if (cfg->hostname != NULL && sethostname (cfg->hostname, strlen (cfg->hostname)) < 0)
    die_errno (N_("cannot set the host name"));
  if (cfg->share_net)
    netns_wait_for_monitor (plan);
  else
    netns_enter (plan);
}

/* From here on the command and everything it starts share pid 1's
 * namespaces: pid 1's memory (a copy of the caller's, with its whole
 * environment) must be closed to them before the first of them runs.  The
 * monitor is done with pid 1's /proc entries by now (setup_network()
 * waited for it). */
static void
make_undumpable (const struct launch_plan *plan)
{
  if (!plan_off (plan, DEBUG_OFF_DUMPABLE) && prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    die_errno (N_("cannot make pid 1 non-dumpable"));
}

noreturn void
sandbox_main (const struct launch_plan *plan)
{
  pid_t command;

  die_with_parent (plan);
  setup_id_maps (plan);
  setup_filesystem (plan);
  setup_network (plan);
  make_undumpable (plan);
  setup_lock_down (plan);
  command = spawn_command (plan);
  reap_until_command_exits (plan, command);
}
