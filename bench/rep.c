/* rep N COMMAND [ARG...]: run COMMAND N times, one after the other, and fail
 * at the first run that does not exit 0.  One timed sample of N launches
 * measures a launch of a millisecond with a clock of any resolution. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  long n;

  if (argc < 3 || (n = strtol (argv[1], NULL, 10)) <= 0)
    {
      fprintf (stderr, "usage: rep N COMMAND [ARG...]\n");
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
          execvp (argv[2], argv + 2);
          perror (argv[2]);
          _exit (127);
        }
      if (waitpid (pid, &status, 0) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          fprintf (stderr, "rep: run %ld of %s: status 0x%x\n", i, argv[2], status);
          return 1;
        }
    }
  return 0;
}
