/* hutch-launch: turning the parsed configuration into the plan the child
 * follows, with every allocation and check done before clone().
 *
 * Defends against: a --seccomp program that is not one (its size must be a
 * whole number of BPF instructions, at most the kernel's limit), and file
 * descriptors named on the command line that are not open.
 */
#include "launch-plan.h"
#include "launch-util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

#define MAX_BPF_INSNS 4096

static bool PRINTF_LIKE (2, 3)
fail (struct launch_error *error, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (error->message, sizeof error->message, tr (fmt), ap);
  va_end (ap);
  return false;
}

static bool
fd_is_open (int fd)
{
  return fcntl (fd, F_GETFD) >= 0;
}

static int
compare_ints (const void *a, const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return (x > y) - (x < y);
}

static bool
check_fds (struct launch_config *cfg, struct launch_error *error)
{
  size_t n = 0;

  if (cfg->n_keep_fds > 1)
    qsort (cfg->keep_fds, cfg->n_keep_fds, sizeof (int), compare_ints);
  for (size_t i = 0; i < cfg->n_keep_fds; i++)
    {
      if (!fd_is_open (cfg->keep_fds[i]))
        return fail (error, N_("--keep-fd: file descriptor %d is not open"), cfg->keep_fds[i]);
      if (n == 0 || cfg->keep_fds[n - 1] != cfg->keep_fds[i])
        cfg->keep_fds[n++] = cfg->keep_fds[i];
    }
  cfg->n_keep_fds = n;
  for (size_t i = 0; i < cfg->n_hold_fds; i++)
    if (!fd_is_open (cfg->hold_fds[i]))
      return fail (error, N_("--hold-fd: file descriptor %d is not open"), cfg->hold_fds[i]);
  if (cfg->info_fd >= 0 && !fd_is_open (cfg->info_fd))
    return fail (error, N_("--info-fd: file descriptor %d is not open"), cfg->info_fd);
  if (cfg->json_status_fd >= 0 && !fd_is_open (cfg->json_status_fd))
    return fail (error, N_("--json-status-fd: file descriptor %d is not open"), cfg->json_status_fd);
  if (cfg->env_fd >= 0 && !fd_is_open (cfg->env_fd))
    return fail (error, N_("--env-fd: file descriptor %d is not open"), cfg->env_fd);
  for (size_t i = 0; i < cfg->n_ops; i++)
    if (cfg->ops[i].fd >= 0 && !fd_is_open (cfg->ops[i].fd))
      return fail (error, N_("file descriptor %d for “%s” is not open"), cfg->ops[i].fd,
                   cfg->ops[i].dest);
  return true;
}

bool
launch_read_seccomp_program (int fd, struct sock_fprog *prog, struct launch_error *error)
{
  size_t cap = MAX_BPF_INSNS * sizeof (struct sock_filter) + 1, len = 0;
  char *buf = malloc (cap);

  if (buf == NULL)
    return fail (error, N_("out of memory"));
  for (;;)
    {
      ssize_t n = read (fd, buf + len, cap - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          free (buf);
          return fail (error, N_("--seccomp: cannot read file descriptor %d: %s"), fd,
                       describe_errno (errsv));
        }
      if (n == 0 || (len += (size_t) n) == cap)
        break;
    }
  close (fd);
  if (len == 0 || len % sizeof (struct sock_filter) != 0 || len == cap)
    {
      free (buf);
      return fail (error, N_("--seccomp: file descriptor %d does not hold a BPF program "
                             "(%zu bytes; expected a multiple of %zu, at most %d instructions)"),
                   fd, len, sizeof (struct sock_filter), MAX_BPF_INSNS);
    }
  prog->len = (unsigned short) (len / sizeof (struct sock_filter));
  prog->filter = (struct sock_filter *) buf;
  return true;
}

/* Sources are looked up after the root has changed: make relative ones
 * absolute now, from the caller's directory. */
static bool
absolute_sources (struct launch_config *cfg, const char *cwd, struct launch_error *error)
{
  for (size_t i = 0; i < cfg->n_ops; i++)
    {
      struct launch_op *op = &cfg->ops[i];
      char *abs;

      if (op->kind != OP_BIND || op->source[0] == '/')
        continue;
      if (cwd == NULL)
        return fail (error, N_("“%s” is relative and the current directory is unknown"), op->source);
      if (asprintf (&abs, "%s/%s", cwd, op->source) < 0)
        return fail (error, N_("out of memory"));
      op->source = abs; /* freed at exit */
    }
  return true;
}

/* An fd's object cannot be bound from the sandbox's mount namespace, a copy
 * of the caller's: record its path and identity now; pid 1 opens the path in
 * its copy, without following symbolic links, and binds it only if it is the
 * same file (launch-ops.c). */
static bool
record_bind_fds (struct launch_config *cfg, struct launch_error *error)
{
  for (size_t i = 0; i < cfg->n_ops; i++)
    {
      struct launch_op *op = &cfg->ops[i];
      char link[64], target[4096];
      struct stat st;
      ssize_t len;

      if (op->kind != OP_BIND_FD)
        continue;
      snprintf (link, sizeof link, "/proc/self/fd/%d", op->fd);
      len = readlink (link, target, sizeof target - 1);
      if (len <= 0 || fstat (op->fd, &st) < 0)
        return fail (error, N_("file descriptor %d for “%s”: %s"), op->fd, op->dest,
                     describe_errno (errno));
      target[len] = '\0';
      if (target[0] != '/' || strstr (target, " (deleted)") != NULL)
        return fail (error, N_("file descriptor %d for “%s” is not a file or directory of the "
                               "file system (%s)"), op->fd, op->dest, target);
      op->source = strdup (target); /* freed at exit */
      if (op->source == NULL)
        return fail (error, N_("out of memory"));
      op->fd_dev = st.st_dev;
      op->fd_ino = st.st_ino;
    }
  return true;
}

static const char *
find_tty (void)
{
  static char name[256];

  for (int fd = 0; fd <= 2; fd++)
    if (isatty (fd) && ttyname_r (fd, name, sizeof name) == 0 && strncmp (name, "/dev/", 5) == 0)
      return name;
  return NULL;
}

static bool
build_argv (struct launch_plan *plan, struct launch_error *error)
{
  char **command = plan->cfg->command;
  size_t n = 0;

  while (command[n] != NULL)
    n++;
  plan->argv = calloc (n + 1, sizeof (char *));
  if (plan->argv == NULL)
    return fail (error, N_("out of memory"));
  memcpy (plan->argv, command, n * sizeof (char *));
  if (plan->cfg->argv0 != NULL)
    plan->argv[0] = (char *) plan->cfg->argv0;
  return true;
}

/* The command starts with the caller's signal mask (pid 1 blocks the
 * signals it waits for) and, with --new-session, in a session of its own. */
static bool
prepare_spawn (struct launch_plan *plan, struct launch_error *error)
{
  short flags = POSIX_SPAWN_SETSIGMASK;
  sigset_t mask;

  if (plan->cfg->new_session)
    flags |= POSIX_SPAWN_SETSID;
  /* The caller's mask: start_sandbox() blocks the handled signals later. */
  if (sigprocmask (SIG_BLOCK, NULL, &mask) < 0)
    return fail (error, N_("cannot read the signal mask: %s"), describe_errno (errno));
  if (posix_spawnattr_init (&plan->spawn_attr) != 0
      || posix_spawnattr_setflags (&plan->spawn_attr, flags) != 0
      || posix_spawnattr_setsigmask (&plan->spawn_attr, &mask) != 0)
    return fail (error, N_("out of memory"));
  return true;
}

void
launch_plan_set_status_fd (struct launch_plan *plan, int status_fd)
{
  const struct launch_config *cfg = plan->cfg;
  size_t n = 0, i = 0;

  plan->status_fd = status_fd;
  for (; i < cfg->n_keep_fds && cfg->keep_fds[i] < status_fd; i++)
    plan->pid1_keep[n++] = cfg->keep_fds[i];
  plan->pid1_keep[n++] = status_fd;
  for (; i < cfg->n_keep_fds; i++)
    plan->pid1_keep[n++] = cfg->keep_fds[i];
  plan->n_pid1_keep = n;
}

bool
launch_plan_prepare (struct launch_plan *plan, struct launch_config *cfg,
                     struct launch_error *error)
{
  char *cwd = getcwd (NULL, 0);

  memset (plan, 0, sizeof *plan);
  plan->cfg = cfg;
  plan->alive_fd = -1;
  plan->status_fd = -1;
  plan->netns_sock = -1;
  plan->outer_uid = getuid ();
  plan->outer_gid = getgid ();
  plan->caller_cwd = cwd;
  plan->tty_path = find_tty ();
  if (cfg->n_seccomp_fds > MAX_SECCOMP_PROGRAMS)
    return fail (error, N_("--seccomp: at most %d programs"), MAX_SECCOMP_PROGRAMS);
  if (!check_fds (cfg, error) || !absolute_sources (cfg, cwd, error)
      || !record_bind_fds (cfg, error) || !build_argv (plan, error))
    return false;
  for (size_t i = 0; i < cfg->n_seccomp_fds; i++)
    if (!launch_read_seccomp_program (cfg->seccomp_fds[i], &plan->seccomp[plan->n_seccomp++], error))
      return false;
  plan->envp = launch_config_build_env (cfg, environ);
  plan->source_fds = calloc (cfg->n_ops + 1, sizeof (int));
  plan->pid1_keep = calloc (cfg->n_keep_fds + 1, sizeof (int));
  if (plan->envp == NULL || plan->source_fds == NULL || plan->pid1_keep == NULL)
    return fail (error, N_("out of memory"));
  sigemptyset (&plan->handled);
  sigaddset (&plan->handled, SIGCHLD);
  sigaddset (&plan->handled, SIGINT);
  sigaddset (&plan->handled, SIGTERM);
  sigaddset (&plan->handled, SIGHUP);
  sigaddset (&plan->handled, SIGQUIT);
  sigaddset (&plan->handled, SIGUSR1);
  sigaddset (&plan->handled, SIGUSR2);
  return prepare_spawn (plan, error);
}
