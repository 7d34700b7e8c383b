/* A classic BPF interpreter for seccomp programs, for tests: it runs a
 * compiled filter on a made-up syscall, without the kernel.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* Runs the @len instructions at @insns on @data; returns the SECCOMP_RET_*
 * value.  A malformed program (a jump or load out of bounds, no return)
 * fails the test.  @n_run, if not NULL, counts the instructions run. */
guint32 bpf_eval (const struct sock_filter *insns, gsize len, const struct seccomp_data *data,
                  guint *n_run);

/* The same on a program held in @program (struct sock_filter[]). */
guint32 bpf_eval_bytes (GBytes *program, const struct seccomp_data *data, guint *n_run);
