/* Entering a running sandbox (launch-enter.c). */
#pragma once

#include <sys/types.h>

/* Run @argv (NULL-terminated) in the sandbox whose pid 1 is @pid1 (as the
 * caller sees it), with its command's environment and restrictions; return
 * its exit status.  Exits with status 125 if it cannot. */
int hutch_launch_enter (pid_t pid1, char **argv);
