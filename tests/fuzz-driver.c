/* Replay driver for Hutch's fuzz targets.
 *
 * Every fuzz target defines LLVMFuzzerTestOneInput().  Built with clang and
 * -fsanitize=fuzzer (meson -Dfuzzing=true), libFuzzer supplies main() and
 * explores inputs.  In ordinary builds this file supplies main() instead: it
 * feeds each file named on the command line (or each file of each directory
 * named) to the target once, so the seed corpus runs as a regular test under
 * `meson test` and under the sanitizers in CI.
 *
 * Output is TAP: one line per input.  A crash is a failed test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int n_tests;

static int
run_file (const char *path)
{
  FILE *f = fopen (path, "rbe");
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0, n;

  if (f == NULL)
    {
      printf ("not ok %d - %s: %s\n", ++n_tests, path, strerror (errno));
      return 1;
    }
  do
    {
      if (len == cap)
        {
          cap = cap ? cap * 2 : 4096;
          buf = realloc (buf, cap);
          if (buf == NULL)
            abort ();
        }
      n = fread (buf + len, 1, cap - len, f);
      len += n;
    }
  while (n > 0);
  fclose (f);
  LLVMFuzzerTestOneInput (buf, len);
  free (buf);
  printf ("ok %d - %s\n", ++n_tests, path);
  return 0;
}

static int
run_path (const char *path)
{
  struct stat st;
  struct dirent **names;
  int n, failed = 0;

  if (stat (path, &st) != 0 || !S_ISDIR (st.st_mode))
    return run_file (path);
  n = scandir (path, &names, NULL, alphasort);
  if (n < 0)
    {
      printf ("not ok %d - %s: %s\n", ++n_tests, path, strerror (errno));
      return 1;
    }
  for (int i = 0; i < n; i++)
    {
      if (names[i]->d_name[0] != '.')
        {
          char *child;
          if (asprintf (&child, "%s/%s", path, names[i]->d_name) < 0)
            abort ();
          failed |= run_path (child);
          free (child);
        }
      free (names[i]);
    }
  free (names);
  return failed;
}

int
main (int argc, char **argv)
{
  int failed = 0;

  for (int i = 1; i < argc; i++)
    failed |= run_path (argv[i]);
  printf ("1..%d\n", n_tests);
  return failed;
}
