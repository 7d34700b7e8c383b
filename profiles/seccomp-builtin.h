/* The seccomp filters compiled into hutch-launch at build time.
 *
 * seccomp-gen compiles profiles/seccomp/base.seccomp and default.seccomp
 * when Hutch is built, for every ABI the target's kernel accepts, and
 * writes them out as the arrays declared here (seccomp-builtin.c), so that
 * starting a sandbox costs no compilation.  Plain C: no GLib, no libseccomp.
 *
 * hutch_seccomp_base_default holds the rules of both in one program: it is
 * what hutch-launch loads unless the caller passes a filter of its own, in
 * which case it loads hutch_seccomp_base and the caller's filter.  (One
 * program costs the kernel less to load than two: each is checked and
 * JIT-compiled.)  hutch_seccomp_default alone is for tests.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <linux/filter.h>

struct hutch_bpf_program
{
  const struct sock_filter *insns;
  unsigned short len;
};

extern const struct hutch_bpf_program hutch_seccomp_base;
extern const struct hutch_bpf_program hutch_seccomp_default;
extern const struct hutch_bpf_program hutch_seccomp_base_default;
