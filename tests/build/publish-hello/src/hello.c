/* A C app for the end-to-end test: says hello and shows the lines of
 * /.hutch-info that prove where it runs. */
#include <stdio.h>
#include <string.h>

int
main (void)
{
  char line[512];
  FILE *info = fopen ("/.hutch-info", "r");

  printf ("hello from a manifest\n");
  while (info != NULL && fgets (line, sizeof line, info) != NULL)
    if (strncmp (line, "app-ref=", 8) == 0 || strncmp (line, "runtime=", 8) == 0)
      fputs (line, stdout);
  return 0;
}
