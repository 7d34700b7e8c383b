/* rep [-f FD=PATH]... [-s MS -o FILE] N COMMAND [ARG...]: run COMMAND N
 * times, one after the other, and fail at the first run that does not exit
 * 0.  One timed sample of N launches measures a launch of a millisecond with
 * a clock of any resolution.
 *
 * -f FD=PATH opens PATH read-only as descriptor FD in each child before it
 * execs, so that every launch reads a file from its start (bwrap --seccomp FD
 * reads its descriptor to the end) without a shell in between.
 *
 * -s MS -o FILE: spaced launches, what one click costs on an idle machine:
 * sleeps MS milliseconds before each run and writes each run's wall time,
 * from fork to the end of waitpid, in seconds to FILE, one per line. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

  while (nanosleep (&ts, &ts) < 0)
    ;
}

int
main (int argc, char **argv)
{
  struct open_file files[MAX_FILES];
  int n_files = 0;
  int arg = 1;
  long n, space_ms = -1;
  FILE *out = NULL;

  while (arg + 1 < argc && argv[arg][0] == '-')
    {
      const char *opt = argv[arg], *value = argv[arg + 1];

      if (strcmp (opt, "-f") == 0)
        {
          if (n_files == MAX_FILES || parse_open (value, &files[n_files]) < 0)
            {
              fprintf (stderr, "rep: bad -f %s (FD=PATH, FD from 3, at most %d)\n", value,
                       MAX_FILES);
              return 2;
            }
          n_files++;
        }
      else if (strcmp (opt, "-s") == 0)
        space_ms = strtol (value, NULL, 10);
      else if (strcmp (opt, "-o") == 0)
        {
          if ((out = fopen (value, "we")) == NULL) /* not inherited by the runs */
            {
              perror (value);
              return 2;
            }
        }
      else
        break;
      arg += 2;
    }
  if (argc - arg < 2 || (n = strtol (argv[arg], NULL, 10)) <= 0 || (space_ms < 0) != (out == NULL))
    {
      fprintf (stderr, "usage: rep [-f FD=PATH]... [-s MS -o FILE] N COMMAND [ARG...]\n");
      return 2;
    }
  for (long i = 0; i < n; i++)
    {
      int status;
      double start;
      pid_t pid;

      if (out != NULL)
        sleep_ms (space_ms);
      start = now ();
      pid = fork ();

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
      if (out != NULL)
        fprintf (out, "%.9f\n", now () - start);
    }
  return out != NULL && fclose (out) != 0 ? 1 : 0;
}
