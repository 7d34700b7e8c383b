/* hutch-launch's whole main(), for hutch-launch itself and for `app run`. */
#pragma once

/* Parse @argv as hutch-launch's command line, run the sandbox, and return
 * the exit status to use.  Exits by itself (status 125) on a failure of
 * hutch-launch. */
int hutch_launch_run (int argc, char **argv);
