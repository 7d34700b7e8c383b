/* Helpers shared by the seccomp profile tests.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <linux/seccomp.h>

#include "seccomp-profile.h"

/* Verdicts, as bpf_eval() and the kernel give them. */
#define VERDICT_ALLOW SECCOMP_RET_ALLOW
#define VERDICT_KILL  SECCOMP_RET_KILL_PROCESS
#define DENY(e)       (SECCOMP_RET_ERRNO | (e))

/* Parses @text as "test.seccomp", includes from @include_dir (may be NULL). */
HutchSeccompProfile *test_parse (const char *text, const char *include_dir, GError **error);

/* Parses @text (includes from the shipped profiles) and compiles it for
 * the native ABIs; fails the test on error. */
GBytes *test_compile (const char *text);

/* What the filter @program does with @syscall(@args) called through @abi (a
 * SCMP_ARCH_* token; x32 calls carry the x32 bit in their number). */
guint32 test_verdict (GBytes *program, guint32 abi, const char *syscall, const guint64 args[6]);

/* Number of @syscall on @abi as the kernel sees it, or -1 if it has none. */
int test_syscall_nr (guint32 abi, const char *syscall);

/* The path of the shipped profiles, profiles/seccomp in the source tree. */
const char *test_profiles_dir (void);
