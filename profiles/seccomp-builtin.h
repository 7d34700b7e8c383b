/* The seccomp filters compiled into hutch-launch at build time.
 *
 * seccomp-gen compiles profiles/seccomp/base.seccomp and default.seccomp
 * when Hutch is built, for every ABI the target's kernel accepts, and
 * writes them out as the arrays declared here (seccomp-builtin.c), so that
 * starting a sandbox costs no compilation.  Plain C: no GLib, no libseccomp.
 *
 * hutch_seccomp_base is loaded into every sandbox; hutch_seccomp_default is
 * loaded too unless the caller passes a filter of its own.
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
