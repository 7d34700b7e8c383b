/* hutch-launch: pid 1 of the sandbox and the monitor outside it.
 *
 * Defends against: zombies piling up in the sandbox (pid 1 reaps every
 * orphan), signals meant for the command getting lost (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to hutch-launch are passed on),
 * and exit statuses that lie (the command's status passes through, 128+N
 * when a signal N killed it).
 *
 * As soon as the command has exited, pid 1 writes its exit status to a pipe
 * and exits; the monitor exits with that status at once, without waiting
 * for the kernel to tear the sandbox's namespaces down (which takes longer
 * than most commands: a third of a millisecond).  If pid 1 dies without
 * reporting (a set-up failure, a signal), the monitor takes pid 1's own
 * status.
 *
 * Signals the terminal sends (si_code SI_KERNEL) already reach the command,
 * which is in the same process group, so they are not passed on twice;
 * after --new-session the command has left that group, and the monitor
 * passes them on.
 */
#include "launch-plan.h"
#include "launch-util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

static int
status_to_exit_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return EXIT_SETUP_FAILED;
}

static int
wait_signal (const struct launch_plan *plan, siginfo_t *info)
{
  for (;;)
    {
      int sig = sigwaitinfo (&plan->handled, info);
      if (sig >= 0)
        return sig;
      if (errno != EINTR)
        die_errno (N_("cannot wait for signals"));
    }
}

static noreturn void
report_and_exit (const struct launch_plan *plan, int code)
{
  (void) write_all (plan->status_fd, &code, sizeof code);
  _exit (code);
}

noreturn void
reap_until_command_exits (const struct launch_plan *plan, pid_t command)
{
  bool reap_all = !plan_off (plan, DEBUG_OFF_REAPER);

  /* pid 1 keeps nothing of the caller's (and was made non-dumpable before
   * the command started, launch-sandbox.c). */
  close_fds_except (&plan->status_fd, 1);
  for (;;)
    {
      siginfo_t info;
      int sig = wait_signal (plan, &info);

      if (sig == SIGCHLD)
        {
          int status;
          pid_t pid;
          while ((pid = waitpid (reap_all ? -1 : command, &status, WNOHANG)) > 0)
            if (pid == command)
              report_and_exit (plan, status_to_exit_code (status));
        }
      else if (info.si_code != SI_KERNEL)
        kill (command, sig);
    }
}

static void
write_exit_status (int fd, int code)
{
  char json[64];
  int len;

  if (fd < 0)
    return;
  len = snprintf (json, sizeof json, "{ \"exit-code\": %d }\n", code);
  (void) write_all (fd, json, (size_t) len);
}

/* The status pid 1 reported, or -1 at end of file (pid 1 died without). */
static int
read_reported_status (int fd)
{
  int code;
  ssize_t n;

  while ((n = read (fd, &code, sizeof code)) < 0 && errno == EINTR)
    ;
  return n == (ssize_t) sizeof code ? code : -1;
}

/* A signal for the monitor: SIGCHLD from pid 1, or one to pass on.  Returns
 * pid 1's exit status once it is dead, else -1. */
static int
handle_signal (const struct launch_plan *plan, pid_t pid1, const struct signalfd_siginfo *si)
{
  if (si->ssi_signo == SIGCHLD)
    {
      int status;
      pid_t pid = waitpid (pid1, &status, WNOHANG);
      if (pid < 0)
        die_errno (N_("cannot wait for the sandbox"));
      return pid == pid1 ? status_to_exit_code (status) : -1;
    }
  if (si->ssi_code != SI_KERNEL || plan->cfg->new_session)
    kill (pid1, (int) si->ssi_signo);
  return -1;
}

int
monitor_sandbox (const struct launch_plan *plan, pid_t pid1)
{
  struct pollfd fds[2] = {
    { .fd = plan->status_fd, .events = POLLIN },
    { .fd = signalfd (-1, &plan->handled, SFD_CLOEXEC), .events = POLLIN },
  };
  int code = -1;

  if (fds[1].fd < 0)
    die_errno (N_("cannot wait for signals"));
  while (code < 0)
    {
      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          die_errno (N_("cannot wait for the sandbox"));
        }
      if (fds[0].revents != 0)
        {
          code = read_reported_status (fds[0].fd);
          fds[0].fd = -1; /* reported or gone: SIGCHLD decides from now on */
        }
      if (code < 0 && fds[1].revents != 0)
        {
          struct signalfd_siginfo si;
          if (read (fds[1].fd, &si, sizeof si) == (ssize_t) sizeof si)
            code = handle_signal (plan, pid1, &si);
        }
    }
  write_exit_status (plan->cfg->json_status_fd, code);
  return code;
}
