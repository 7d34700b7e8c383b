/* hutch-launch: run a command in a new sandbox, without setuid and without a
 * daemon.  This file starts the sandbox and its monitor; see the other
 * launch-*.c files for the sandbox itself and hutch-launch(1) for the
 * interface.  hutch_launch_run() is all of hutch-launch's main(), so that
 * `app run` can launch without executing another program.
 */
#include "launch-run.h"
#include "launch-options.h"
#include "launch-plan.h"
#include "launch-util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* hutch-launch is safe because it holds no privilege the caller lacks. */
static void
refuse_privileged (void)
{
  if (getuid () != geteuid () || getgid () != getegid () || getauxval (AT_SECURE) != 0)
    die (N_("refusing to run setuid, setgid or with file capabilities"));
}

static unsigned long
clone_flags (const struct launch_config *cfg)
{
  unsigned long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWCGROUP | SIGCHLD;

  if (!(cfg->debug_off & DEBUG_OFF_PIDNS))
    flags |= CLONE_NEWPID;
  if (!cfg->share_ipc)
    flags |= CLONE_NEWIPC;
  /* No CLONE_NEWNET: see launch-netns.c. */
  return flags;
}

enum { NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_UTS, NS_USER, N_NAMESPACES };
static const char *const namespace_names[N_NAMESPACES] = {
  [NS_CGROUP] = "cgroup", [NS_IPC] = "ipc", [NS_MNT] = "mnt", [NS_NET] = "net",
  [NS_PID] = "pid", [NS_UTS] = "uts", [NS_USER] = "user",
};

/* Inode numbers of pid 1's namespaces, read while the monitor may still look
 * at pid 1 (before it joins the sandbox's user namespace). */
static void
read_namespaces (const struct launch_config *cfg, pid_t pid, unsigned long inodes[N_NAMESPACES])
{
  for (size_t i = 0; i < N_NAMESPACES; i++)
    {
      char path[64];
      struct stat st;

      inodes[i] = 0;
      snprintf (path, sizeof path, "/proc/%d/ns/%s", (int) pid, namespace_names[i]);
      if ((cfg->info_fd >= 0 || cfg->json_status_fd >= 0) && stat (path, &st) == 0)
        inodes[i] = (unsigned long) st.st_ino;
    }
}

/* { "child-pid": N, "cgroup-namespace": INODE, … } as bubblewrap writes it. */
static void
report_started (const struct launch_config *cfg, pid_t pid, const unsigned long inodes[N_NAMESPACES])
{
  char json[1024];
  size_t len;

  if (cfg->info_fd < 0 && cfg->json_status_fd < 0)
    return;
  len = (size_t) snprintf (json, sizeof json, "{ \"child-pid\": %d", (int) pid);
  for (size_t i = 0; i < N_NAMESPACES && len < sizeof json; i++)
    if (inodes[i] != 0)
      len += (size_t) snprintf (json + len, sizeof json - len, ", \"%s-namespace\": %lu",
                                namespace_names[i], inodes[i]);
  if (len < sizeof json)
    len += (size_t) snprintf (json + len, sizeof json - len, " }\n");
  if (len >= sizeof json)
    len = sizeof json - 1;
  if (cfg->info_fd >= 0)
    {
      (void) write_all (cfg->info_fd, json, len);
      close (cfg->info_fd);
    }
  if (cfg->json_status_fd >= 0)
    (void) write_all (cfg->json_status_fd, json, len);
}

/* Sort @fds in place and drop negative ones; returns how many remain. */
static size_t
sort_fds (int *fds, size_t n)
{
  size_t kept = 0;

  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && fds[j - 1] > fds[j]; j--)
      {
        int t = fds[j];
        fds[j] = fds[j - 1];
        fds[j - 1] = t;
      }
  for (size_t i = 0; i < n; i++)
    if (fds[i] >= 0)
      fds[kept++] = fds[i];
  return kept;
}

static void
die_with_caller (void)
{
  pid_t caller = getppid ();

  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    die_errno (N_("cannot set the parent-death signal"));
  if (getppid () != caller)
    _exit (EXIT_SETUP_FAILED);
}

static int
start_sandbox (struct launch_plan *plan)
{
  const struct launch_config *cfg = plan->cfg;
  int alive[2], status[2], netns_socks[2];
  int *keep;
  size_t n_keep;
  unsigned long inodes[N_NAMESPACES];
  pid_t pid;

  if (pipe2 (alive, O_CLOEXEC) < 0 || pipe2 (status, O_CLOEXEC) < 0)
    die_errno (N_("cannot create a pipe"));
  /* Also with --share-net: closing it tells pid 1 that the monitor is done
   * with its /proc entries (pid 1 then makes them inaccessible). */
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, netns_socks) < 0)
    die_errno (N_("cannot create a socket pair"));
  if (sigprocmask (SIG_BLOCK, &plan->handled, &plan->caller_mask) < 0)
    die_errno (N_("cannot block signals"));
  pid = (pid_t) syscall (SYS_clone, clone_flags (cfg), NULL, NULL, NULL, NULL);
  if (pid < 0)
    {
      if (errno == EPERM || errno == ENOSPC || errno == EINVAL)
        die_errno (N_("cannot create the sandbox's namespaces (are unprivileged user "
                      "namespaces disabled?)"));
      die_errno (N_("cannot create the sandbox's namespaces"));
    }
  if (pid == 0)
    {
      close (alive[1]);
      close (status[0]);
      close (netns_socks[0]);
      plan->alive_fd = alive[0];
      launch_plan_set_status_fd (plan, status[1]);
      plan->netns_sock = netns_socks[1];
      sandbox_main (plan);
    }
  /* The monitor stays outside the sandbox, unfiltered, and joins its user
   * namespace for a moment (netns_create_for_sandbox()): nothing there may
   * trace it or read its memory (the caller's environment). */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    die_errno (N_("cannot make the monitor non-dumpable"));
  close (alive[0]);
  close (status[1]);
  plan->status_fd = status[0];
  close (netns_socks[1]);
  plan->netns_sock = netns_socks[0];
  read_namespaces (cfg, pid, inodes);
  if (cfg->share_net)
    close (plan->netns_sock);
  else
    inodes[NS_NET] = netns_create_for_sandbox (plan, pid);
  report_started (cfg, pid, inodes);
  /* The monitor keeps the pipes to and from pid 1, the status fd and the
   * --hold-fd ones. */
  keep = calloc (3 + cfg->n_hold_fds, sizeof (int));
  if (keep == NULL)
    die (N_("out of memory"));
  keep[0] = alive[1];
  keep[1] = status[0];
  keep[2] = cfg->json_status_fd;
  if (cfg->n_hold_fds > 0)
    memcpy (keep + 3, cfg->hold_fds, cfg->n_hold_fds * sizeof (int));
  n_keep = sort_fds (keep, 3 + cfg->n_hold_fds);
  close_fds_except (keep, n_keep);
  free (keep);
  return monitor_sandbox (plan, pid);
}

/* --env-fd: the command's environment, each NAME=VALUE ended by a NUL,
 * in one write (a launch pays for every system call). */
static void
write_environment (int fd, char *const *envp)
{
  size_t size = 0;
  size_t at = 0;
  char *buf;

  for (size_t i = 0; envp[i] != NULL; i++)
    size += strlen (envp[i]) + 1;
  buf = malloc (size + 1);
  if (buf == NULL)
    die (N_("out of memory"));
  for (size_t i = 0; envp[i] != NULL; i++)
    {
      size_t len = strlen (envp[i]) + 1;
      memcpy (buf + at, envp[i], len);
      at += len;
    }
  if (!write_all (fd, buf, size))
    die_errno (N_("cannot write the environment to file descriptor %d"), fd);
  free (buf);
  close (fd);
}

/* The configuration and the plan live as long as the process: every
 * process that returns from here exits right after (which LeakSanitizer
 * sees too, since they stay reachable). */
static struct launch_config run_cfg;
static struct launch_plan run_plan;

int
hutch_launch_run (int argc, char **argv)
{
  struct launch_error error;

  refuse_privileged ();
  i18n_prepare ();
  if (!launch_config_parse (&run_cfg, argc, argv, &error))
    die_message (error.message);
  if (run_cfg.show_help)
    {
      launch_print_help (STDOUT_FILENO);
      return 0;
    }
  if (run_cfg.show_version)
    {
      printf ("hutch-launch %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (!launch_plan_prepare (&run_plan, &run_cfg, &error))
    die_message (error.message);
  if (run_cfg.env_fd >= 0)
    write_environment (run_cfg.env_fd, run_plan.envp);
  if (run_cfg.die_with_parent)
    die_with_caller ();
  return start_sandbox (&run_plan);
}
