/* hutch-launch: the file-system operations of the command line. */
#pragma once

#include "launch-plan.h"

#include <stddef.h>

/* The two roots while the sandbox is built: the host's (the old root, where
 * sources are resolved) and the new one (where destinations are). */
struct fs_roots
{
  int oldroot;
  int newroot;
};

/* Apply operation number @index of the plan. */
void apply_op (const struct launch_plan *plan, const struct fs_roots *roots, size_t index);

/* --dev DEST: a minimal /dev (launch-dev.c). */
void setup_dev (const struct launch_plan *plan, const struct fs_roots *roots, const char *dest);
