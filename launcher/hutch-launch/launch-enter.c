/* Entering a running sandbox: a new process in the namespaces of the
 * sandbox whose pid 1 is PID, with the command's environment, under the
 * same restrictions as the sandbox's own processes.
 *
 * Defends against: a process that joins a sandbox with more than the
 * sandbox's processes have.  After setns() the new process holds every
 * capability in the sandbox's user namespace; before it runs anything it
 * sets no_new_privs, drops every capability (bounding set included, with
 * locked securebits) and loads the base and default seccomp filters, as
 * hutch-launch does for a sandbox it starts.  It keeps no fd of the caller
 * but 0, 1 and 2.
 */
#include "launch-enter.h"
#include "launch-plan.h"
#include "launch-util.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const struct
{
  const char *name;
  int type;
} namespaces[] = {
  /* The user namespace first: it gives the rights to join the others. */
  { "user", CLONE_NEWUSER }, { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC },
  { "uts", CLONE_NEWUTS },   { "net", CLONE_NEWNET },       { "pid", CLONE_NEWPID },
  /* Last: it changes the root and the directory to the sandbox's. */
  { "mnt", CLONE_NEWNS },
};

#define N_NAMESPACES (sizeof namespaces / sizeof namespaces[0])

/* The sandbox's command: the oldest child of pid 1.  pid 1 is not dumpable
 * (its /proc entries are closed to us), the command is, and it lives in
 * the same namespaces.  Found by the parent pid in /proc/N/stat. */
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
      char path[300], buf[1024], *close_paren;
      int ppid;
      unsigned long long start;
      FILE *f;
      size_t n;

      if (e->d_name[0] < '1' || e->d_name[0] > '9')
        continue;
      snprintf (path, sizeof path, "/proc/%s/stat", e->d_name);
      f = fopen (path, "re");
      if (f == NULL)
        continue;
      n = fread (buf, 1, sizeof buf - 1, f);
      fclose (f);
      buf[n] = '\0';
      /* pid (comm) state ppid … field 22 is the start time */
      close_paren = strrchr (buf, ')');
      if (close_paren == NULL
          || sscanf (close_paren + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                                      "%*d %*d %*d %*d %llu", &ppid, &start) != 2
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

/* The environment of process @pid, as NAME=VALUE strings, or NULL. */
static char **
read_environ (pid_t pid)
{
  char path[64], *data = NULL, **env;
  size_t len = 0, n = 0;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/environ", (int) pid);
  f = fopen (path, "re");
  if (f == NULL)
    return NULL;
  for (;;)
    {
      char buf[4096];
      size_t got = fread (buf, 1, sizeof buf, f);
      char *more = got > 0 ? realloc (data, len + got + 1) : data;
      if (got == 0)
        break;
      if (more == NULL)
        die (N_("out of memory"));
      data = more;
      memcpy (data + len, buf, got);
      len += got;
    }
  fclose (f);
  if (data == NULL)
    return NULL;
  data[len] = '\0';
  env = calloc (len + 2, sizeof (char *));
  if (env == NULL)
    die (N_("out of memory"));
  for (size_t off = 0; off < len; off += strlen (data + off) + 1)
    env[n++] = data + off;
  env[n] = NULL;
  return env;
}

int
hutch_launch_enter (pid_t pid1, char **argv)
{
  int fds[N_NAMESPACES];
  pid_t command = find_command (pid1);
  char **env = command > 0 ? read_environ (command) : NULL;
  pid_t child;
  int status;

  if (env == NULL)
    die (N_("cannot find the command of the sandbox of process %d"), (int) pid1);
  for (size_t i = 0; i < N_NAMESPACES; i++)
    {
      char path[64];
      snprintf (path, sizeof path, "/proc/%d/ns/%s", (int) command, namespaces[i].name);
      fds[i] = open (path, O_RDONLY | O_CLOEXEC);
      if (fds[i] < 0)
        die_errno (N_("cannot open “%s”"), path);
    }
  for (size_t i = 0; i < N_NAMESPACES; i++)
    if (setns (fds[i], namespaces[i].type) < 0)
      die_errno (N_("cannot enter the %s namespace of process %d"), namespaces[i].name, (int) pid1);
  /* A pid namespace applies to children only. */
  child = fork ();
  if (child < 0)
    die_errno (N_("cannot start the command"));
  if (child == 0)
    {
      const char *home = NULL;
      lock_down_default ();
      close_fds_except (NULL, 0);
      for (size_t i = 0; env[i] != NULL; i++)
        if (strncmp (env[i], "HOME=", 5) == 0)
          home = env[i] + 5;
      if (home == NULL || chdir (home) < 0)
        (void) chdir ("/");
      environ = env;
      execvp (argv[0], argv);
      die_with_code (errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE, errno,
                     N_("cannot run “%s”"), argv[0]);
    }
  while (waitpid (child, &status, 0) < 0)
    if (errno != EINTR)
      die_errno (N_("cannot wait for the command"));
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}
