/* rep [-f FD=PATH]... N COMMAND [ARG...]: run COMMAND N times, one after the
 * other, and fail at the first run that does not exit 0.  One timed sample
 * of N launches measures a launch of a millisecond with a clock of any
 * resolution.
 *
 * -f FD=PATH opens PATH read-only as descriptor FD in each child before it
 * execs, so that every launch reads a file from its start (bwrap --seccomp FD
 * reads its descriptor to the end) without a shell in between. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FILES 8

struct open_file
{
  int fd;
  const char *path;
};

static int
parse_open (const char *spec, struct open_file *out)
{
  char *end;
  long fd = strtol (spec, &end, 10);

  if (end == spec || *end != '=' || fd < 3 || fd > 1000 || end[1] == '\0')
    return -1;
  out->fd = (int) fd;
  out->path = end + 1;
  return 0;
}

/* In the child: opens every -f file on its descriptor. */
static void
open_files (const struct open_file *files, int n_files)
{
  for (int i = 0; i < n_files; i++)
    {
      int fd = open (files[i].path, O_RDONLY);

      if (fd < 0 || (fd != files[i].fd && (dup2 (fd, files[i].fd) < 0 || close (fd) < 0)))
        {
          perror (files[i].path);
          _exit (127);
        }
    }
}

int
main (int argc, char **argv)
{
  struct open_file files[MAX_FILES];
  int n_files = 0;
  int arg = 1;
  long n;

  while (arg + 1 < argc && strcmp (argv[arg], "-f") == 0)
    {
      if (n_files == MAX_FILES || parse_open (argv[arg + 1], &files[n_files]) < 0)
        {
          fprintf (stderr, "rep: bad -f %s (FD=PATH, FD from 3, at most %d)\n", argv[arg + 1],
                   MAX_FILES);
          return 2;
        }
      n_files++;
      arg += 2;
    }
  if (argc - arg < 2 || (n = strtol (argv[arg], NULL, 10)) <= 0)
    {
      fprintf (stderr, "usage: rep [-f FD=PATH]... N COMMAND [ARG...]\n");
      return 2;
    }
  for (long i = 0; i < n; i++)
    {
      int status;
      pid_t pid = fork ();

      if (pid < 0)
        {
          perror ("rep: fork");
          return 1;
        }
      if (pid == 0)
        {
          open_files (files, n_files);
          execvp (argv[arg + 1], argv + arg + 1);
          perror (argv[arg + 1]);
          _exit (127);
        }
      if (waitpid (pid, &status, 0) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          fprintf (stderr, "rep: run %ld of %s: status 0x%x\n", i, argv[arg + 1], status);
          return 1;
        }
    }
  return 0;
}
