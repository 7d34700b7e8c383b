/* Entering a running sandbox (launch-enter.c). */
#pragma once

#include <sys/types.h>

/* For tests only, to show what the protections stop. */
enum
{
  HUTCH_ENTER_KEEP_DUMPABLE = 1 << 0, /* the process entering stays dumpable */
  HUTCH_ENTER_TEST_STOP = 1 << 1,     /* it stops (SIGSTOP) between dropping its
                                         capabilities and loading its filters */
};

/* Run @argv (NULL-terminated) in the sandbox whose pid 1 is @pid1 (as the
 * caller sees it), with the environment @envp (what hutch-launch --env-fd
 * wrote when it started the sandbox), under the base filter and the
 * seccomp program on @seccomp_fd (what the sandbox was started with; -1 for
 * hutch-launch's default); return its exit status.  Exits with status 125
 * if it cannot.  @test_flags: 0, or HUTCH_ENTER_* for tests. */
int hutch_launch_enter (pid_t pid1, char **argv, char **envp, int seccomp_fd, int test_flags);
