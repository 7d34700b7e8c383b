/* hutch-launch: starting the command inside the finished sandbox.
 *
 * Defends against: file descriptors of the caller leaking into the sandbox
 * (pid 1 closes everything above 2 except --keep-fd and its own
 * close-on-exec status pipe before the command starts, so the command
 * inherits exactly the --keep-fd ones), and a command name that
 * starts with '-' being taken for an option (the command is never parsed).
 *
 * The command is started with posix_spawn(), which shares pid 1's memory
 * until the exec instead of copying its page tables as fork() would.
 */
#include "launch-plan.h"
#include "launch-syscalls.h"
#include "launch-util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

void
close_fds_except (const int *keep, size_t n_keep)
{
  unsigned from = 3;

  for (size_t i = 0; i < n_keep; i++)
    {
      unsigned fd = (unsigned) keep[i];
      if (fd < from)
        continue;
      if (fd > from && close_range (from, fd - 1, 0) < 0)
        die_errno (N_("cannot close file descriptors"));
      from = fd + 1;
    }
  if (close_range (from, ~0U, 0) < 0)
    die_errno (N_("cannot close file descriptors"));
}

/* The caller's directory if the sandbox has it, else $HOME, else "/". */
static void
enter_directory (const struct launch_plan *plan)
{
  const char *home = getenv ("HOME"); /* environ is the command's by now */

  if (plan->cfg->chdir_path != NULL)
    {
      if (chdir (plan->cfg->chdir_path) < 0)
        die_errno (N_("cannot change to the directory “%s”"), plan->cfg->chdir_path);
      return;
    }
  if (plan->caller_cwd != NULL && chdir (plan->caller_cwd) == 0)
    return;
  if (home != NULL && chdir (home) == 0)
    return;
  if (chdir ("/") < 0)
    die_errno (N_("cannot change to the directory “%s”"), "/");
}

static void
pass_kept_fds (const struct launch_plan *plan)
{
  const struct launch_config *cfg = plan->cfg;

  if (!plan_off (plan, DEBUG_OFF_CLOSE_FDS))
    close_fds_except (plan->pid1_keep, plan->n_pid1_keep);
  for (size_t i = 0; i < cfg->n_keep_fds; i++)
    if (fcntl (cfg->keep_fds[i], F_SETFD, 0) < 0)
      die_errno (N_("cannot pass file descriptor %d"), cfg->keep_fds[i]);
}

pid_t
spawn_command (const struct launch_plan *plan)
{
  const char *file = plan->cfg->command[0];
  pid_t pid;
  int err;

  /* posix_spawnp() searches the PATH of environ: make it the command's. */
  environ = plan->envp;
  enter_directory (plan);
  pass_kept_fds (plan);
  err = posix_spawnp (&pid, file, NULL, &plan->spawn_attr, plan->argv, plan->envp);
  if (err != 0)
    die_with_code (err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE, err,
                   N_("cannot run “%s”"), file);
  return pid;
}
