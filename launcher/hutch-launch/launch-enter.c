/* Entering a running sandbox: a new process in the namespaces of the
 * sandbox whose pid 1 is PID, with the environment its command started
 * with, under the same restrictions as the sandbox's own processes.
 *
 * Defends against: a process that joins a sandbox with more than the
 * sandbox's processes have.  After setns() the new process holds every
 * capability in the sandbox's user namespace; before it runs anything it
 * sets no_new_privs, drops every capability (bounding set included, with
 * locked securebits) and loads the base filter and the sandbox's own (the
 * caller gives the program the sandbox was started with, or none for the
 * default), as hutch-launch does for a sandbox it starts.  It keeps no fd
 * of the caller but 0, 1 and 2.  Also against the sandbox steering what
 * runs there: the environment is the caller's record of the command's
 * (hutch-launch --env-fd), not what the command's /proc/PID/environ says
 * now (the app can rewrite that, LD_PRELOAD included); and against pid
 * reuse: the command is held by a pidfd, checked to be pid 1's child once
 * held, and its namespaces are joined through that pidfd.  And against the
 * sandbox taking the new process over before its filter is loaded: it
 * shows up in the sandbox's /proc as soon as it is forked, and once its
 * capabilities are gone, a dumpable process of the same user could be
 * stopped there, traced, or written through /proc/PID/mem (it holds the
 * caller's terminal, and a copy of the caller's memory): this process
 * makes itself non-dumpable before it joins, and the child stays so until
 * it runs the command, filters loaded.
 */
#include "launch-enter.h"
#include "launch-plan.h"
#include "launch-util.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static const struct
{
  const char *name;
  int type;
} namespaces[] = {
  { "user", CLONE_NEWUSER }, { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC },
  { "uts", CLONE_NEWUTS },   { "net", CLONE_NEWNET },       { "pid", CLONE_NEWPID },
  { "mnt", CLONE_NEWNS },
};

#define N_NAMESPACES (sizeof namespaces / sizeof namespaces[0])

/* The parent and start time of process @pid (from /proc/PID/stat). */
static bool
read_stat (const char *pid, int *ppid, unsigned long long *start)
{
  char path[300], buf[1024], *close_paren;
  FILE *f;
  size_t n;

  snprintf (path, sizeof path, "/proc/%s/stat", pid);
  f = fopen (path, "re");
  if (f == NULL)
    return false;
  n = fread (buf, 1, sizeof buf - 1, f);
  fclose (f);
  buf[n] = '\0';
  /* pid (comm) state ppid … field 22 is the start time */
  close_paren = strrchr (buf, ')');
  return close_paren != NULL
         && sscanf (close_paren + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                                     "%*d %*d %*d %*d %llu", ppid, start) == 2;
}

/* The sandbox's command: the oldest child of pid 1.  pid 1 is not dumpable
 * (its /proc entries are closed to us), the command is, and it lives in
 * the same namespaces. */
static pid_t
find_command (pid_t pid1)
{
  DIR *proc = opendir ("/proc");
  struct dirent *e;
  pid_t found = 0;
  unsigned long long found_start = 0;

  if (proc == NULL)
    return 0;
  while ((e = readdir (proc)) != NULL)
    {
      int ppid;
      unsigned long long start;

      if (e->d_name[0] < '1' || e->d_name[0] > '9' || !read_stat (e->d_name, &ppid, &start)
          || ppid != pid1)
        continue;
      if (found == 0 || start < found_start)
        {
          found = (pid_t) atoi (e->d_name);
          found_start = start;
        }
    }
  closedir (proc);
  return found;
}

/* A pidfd of the command of pid 1's sandbox, checked to be pid 1's child
 * after it was opened (the pid could have been reused before). */
static int
open_command (pid_t pid1, pid_t *out_pid)
{
  pid_t command = find_command (pid1);
  char name[32];
  int ppid, fd;
  unsigned long long start;

  /* A sandbox that is starting: pid 1 runs the command in a moment (two
   * seconds at most, 10 ms at a time). */
  for (int tries = 0; command <= 0 && tries < 200 && (kill (pid1, 0) == 0 || errno == EPERM);
       tries++)
    {
      struct timespec pause = { 0, 10 * 1000 * 1000 };
      nanosleep (&pause, NULL);
      command = find_command (pid1);
    }
  if (command <= 0)
    die (N_("cannot find the command of the sandbox of process %d"), (int) pid1);
  fd = (int) syscall (SYS_pidfd_open, command, 0);
  if (fd < 0)
    die_errno (N_("cannot open process %d"), (int) command);
  snprintf (name, sizeof name, "%d", (int) command);
  if (!read_stat (name, &ppid, &start) || ppid != pid1)
    die (N_("cannot find the command of the sandbox of process %d"), (int) pid1);
  *out_pid = command;
  return fd;
}

/* The namespaces of @command that are not already ours (the network
 * namespace of a sandbox with --share-net, say: joining that one would
 * need privileges over the host's). */
static int
namespaces_to_join (pid_t command)
{
  int flags = 0;

  for (size_t i = 0; i < N_NAMESPACES; i++)
    {
      char theirs[64], ours[64];
      struct stat a, b;

      snprintf (theirs, sizeof theirs, "/proc/%d/ns/%s", (int) command, namespaces[i].name);
      snprintf (ours, sizeof ours, "/proc/self/ns/%s", namespaces[i].name);
      if (stat (theirs, &a) < 0)
        die_errno (N_("cannot open “%s”"), theirs);
      if (stat (ours, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
        flags |= namespaces[i].type;
    }
  return flags;
}

int
hutch_launch_enter (pid_t pid1, char **argv, char **envp, int seccomp_fd, int test_flags)
{
  struct sock_fprog program = { 0 };
  struct launch_error error;
  int command, flags;
  pid_t command_pid, child;
  int status;

  if (seccomp_fd >= 0 && !launch_read_seccomp_program (seccomp_fd, &program, &error))
    die_message (error.message);
  command = open_command (pid1, &command_pid);
  flags = namespaces_to_join (command_pid);
  if (!(test_flags & HUTCH_ENTER_KEEP_DUMPABLE) && prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    die_errno (N_("cannot make the process non-dumpable"));
  /* All at once, through the pidfd: the process cannot be another one. */
  if (setns (command, flags) < 0)
    die_errno (N_("cannot enter the namespaces of process %d"), (int) pid1);
  close (command);
  /* A pid namespace applies to children only. */
  child = fork ();
  if (child < 0)
    die_errno (N_("cannot start the command"));
  if (child == 0)
    {
      const char *home = NULL;
      lock_down_entered (seccomp_fd >= 0 ? &program : NULL,
                         (test_flags & HUTCH_ENTER_TEST_STOP) != 0);
      close_fds_except (NULL, 0);
      for (size_t i = 0; envp[i] != NULL; i++)
        if (strncmp (envp[i], "HOME=", 5) == 0)
          home = envp[i] + 5;
      if (home == NULL || chdir (home) < 0)
        (void) chdir ("/");
      environ = envp;
      execvp (argv[0], argv);
      die_with_code (errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE, errno,
                     N_("cannot run “%s”"), argv[0]);
    }
  while (waitpid (child, &status, 0) < 0)
    if (errno != EINTR)
      die_errno (N_("cannot wait for the command"));
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}
