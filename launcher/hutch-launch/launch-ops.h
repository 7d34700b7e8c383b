/* hutch-launch: the file-system operations of the command line. */
#pragma once

#include "launch-plan.h"

#include <stddef.h>

/* While the sandbox is built: the host's root, where sources are resolved,
 * the new root, where destinations are, and the sources, opened before the
 * new root was mounted (it covers the host's /tmp). */
struct fs_roots
{
  int oldroot;
  int newroot;
  int *sources;   /* per operation: an O_PATH fd on its source, or -1 */
  int console;    /* the caller's terminal for --dev, or -1 */
};

/* Open the sources of every operation, relative to roots->oldroot, into
 * roots->sources (an array of plan->cfg->n_ops). */
void open_op_sources (const struct launch_plan *plan, struct fs_roots *roots);

/* Apply operation number @index of the plan. */
void apply_op (const struct launch_plan *plan, const struct fs_roots *roots, size_t index);

/* --dev DEST: a minimal /dev (launch-dev.c); @host_dev is the host's /dev. */
void setup_dev (const struct fs_roots *roots, int host_dev, const char *dest);
