/* hutch-launch: pid 1 of the sandbox and the monitor outside it.
 *
 * Defends against: zombies piling up in the sandbox (pid 1 reaps every
 * orphan), signals meant for the command getting lost (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to hutch-launch are passed on),
 * and exit statuses that lie (the command's status passes through, 128+N
 * when a signal N killed it).
 *
 * Signals the terminal sends (si_code SI_KERNEL) already reach the command,
 * which is in the same process group, so they are not passed on twice;
 * after --new-session the command has left that group, and the monitor
 * passes them on.
 */
#include "launch-plan.h"
#include "launch-util.h"

#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>
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

noreturn void
reap_until_command_exits (const struct launch_plan *plan, pid_t command)
{
  bool reap_all = !plan_off (plan, DEBUG_OFF_REAPER);

  /* pid 1 keeps nothing of the caller's and cannot be inspected. */
  close_fds_except (NULL, 0);
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    die_errno (N_("cannot make pid 1 non-dumpable"));
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
              _exit (status_to_exit_code (status));
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

int
monitor_sandbox (const struct launch_plan *plan, pid_t pid1)
{
  for (;;)
    {
      siginfo_t info;
      int sig = wait_signal (plan, &info);

      if (sig == SIGCHLD)
        {
          int status;
          pid_t pid = waitpid (pid1, &status, WNOHANG);
          if (pid < 0)
            die_errno (N_("cannot wait for the sandbox"));
          if (pid == pid1)
            {
              int code = status_to_exit_code (status);
              write_exit_status (plan->cfg->json_status_fd, code);
              return code;
            }
        }
      else if (info.si_code != SI_KERNEL || plan->cfg->new_session)
        kill (pid1, sig);
    }
}
