/* hutch-launch: everything the sandbox needs, prepared before clone().
 *
 * The child never allocates: it works from this plan, built by the parent
 * from the parsed configuration (relative sources made absolute, the
 * environment built, seccomp programs read, fds checked).
 */
#pragma once

#include "launch-options.h"

#include <linux/filter.h>
#include <signal.h>
#include <spawn.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#define MAX_SECCOMP_PROGRAMS 8

struct launch_plan
{
  struct launch_config *cfg;
  char **envp;              /* the command's environment */
  char **argv;              /* the command's argv (argv[0] from --argv0) */
  const char *caller_cwd;   /* where the caller was, tried as the default directory */
  const char *tty_path;     /* the caller's terminal, bound on /dev/console */
  uid_t outer_uid;
  gid_t outer_gid;
  sigset_t caller_mask;     /* signal mask to restore before exec */
  sigset_t handled;         /* signals pid 1 and the monitor wait for */
  int alive_fd;             /* read end of a pipe the parent holds open */
  int status_fd;            /* pid 1: write end of the pipe that reports the command's status;
                               the monitor: its read end */
  int netns_sock;           /* socket pair end passing the network namespace (or, with
                               --share-net, only telling pid 1 that the monitor is done
                               with its /proc entries) */
  int *pid1_keep;           /* pid 1: the fds it keeps when the command starts (--keep-fd
                               and status_fd), sorted */
  size_t n_pid1_keep;
  posix_spawnattr_t spawn_attr; /* how pid 1 starts the command */
  int *source_fds;          /* one per operation, filled by pid 1 */
  struct sock_fprog seccomp[MAX_SECCOMP_PROGRAMS]; /* from --seccomp FD */
  size_t n_seccomp;
};

static inline bool
plan_off (const struct launch_plan *plan, unsigned what)
{
  return (plan->cfg->debug_off & what) != 0;
}

/* Build @plan from @cfg; false with a translated message in @error. */
bool launch_plan_prepare (struct launch_plan *plan, struct launch_config *cfg,
                          struct launch_error *error);

/* pid 1: @status_fd is the write end of the status pipe; it stays open
 * with the --keep-fd ones when the command starts (it is close-on-exec). */
void launch_plan_set_status_fd (struct launch_plan *plan, int status_fd);

/* Close every fd from 3 up, except the sorted, deduplicated @keep. */
void close_fds_except (const int *keep, size_t n_keep);

/* The sandbox's pid 1, started by clone(): sets up and never returns. */
noreturn void sandbox_main (const struct launch_plan *plan);

/* Parts of the set-up, in the order sandbox_main() runs them. */
void setup_id_maps (const struct launch_plan *plan);
void setup_filesystem (const struct launch_plan *plan);
void setup_network (const struct launch_plan *plan);
void setup_lock_down (const struct launch_plan *plan);

/* no_new_privs, no capabilities, the base filter and @program (NULL: the
 * default filter): for a process that joins an existing sandbox
 * (launch-enter.c). */
void lock_down_entered (const struct sock_fprog *program, bool test_stop);

/* Read a compiled seccomp program (as --seccomp FD does) and close @fd. */
bool launch_read_seccomp_program (int fd, struct sock_fprog *prog, struct launch_error *error);

/* Empty the effective, permitted and inheritable capability sets; -1 on
 * failure. */
int drop_capability_sets (void);
pid_t spawn_command (const struct launch_plan *plan);
noreturn void reap_until_command_exits (const struct launch_plan *plan, pid_t command);

/* Network namespace (launch-netns.c).  The monitor creates it in parallel
 * with pid 1's set-up and returns its inode number (0 if it left the job to
 * pid 1); pid 1 enters it, or creates it if it got none. */
unsigned long netns_create_for_sandbox (const struct launch_plan *plan, pid_t pid1);
void netns_enter (const struct launch_plan *plan);
/* With --share-net: pid 1 waits until the monitor is done with its /proc
 * entries. */
void netns_wait_for_monitor (const struct launch_plan *plan);

/* The parent's side: wait for pid 1 and return the exit status to use. */
int monitor_sandbox (const struct launch_plan *plan, pid_t pid1);
