/* hutch-launch: run a command in a new sandbox.  See launch-run.c. */
#include "launch-run.h"

int
main (int argc, char **argv)
{
  return hutch_launch_run (argc, argv);
}
