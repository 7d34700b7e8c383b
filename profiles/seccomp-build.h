/* The libseccomp half of compiling a seccomp profile: plain C, no GLib, so
 * that it can run in a child process forked from a threaded program (see
 * seccomp-compile.c for why it does).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* One libseccomp rule: deny syscall @nr (native number) with @errnum when
 * all @n_cmps comparisons hold. */
typedef struct
{
  int nr;
  int errnum;
  unsigned int n_cmps;
  struct scmp_arg_cmp cmps[6];
  const void *origin; /* the HutchSeccompRule it came from, for messages */
} HutchSeccompBuildRule;

#define HUTCH_SECCOMP_BUILD_MAX_ABIS   4
#define HUTCH_SECCOMP_BUILD_MAX_VALUES 64

/* A rule compiled here rather than by libseccomp: deny syscall @nr (this
 * ABI's own number) with @errnum unless argument @arg is one of @values,
 * compared whole (@wide) or by its low 32 bits.  libseccomp can only say
 * "not in a set" as blocks covering the complement, dozens of comparisons
 * where this takes one per value. */
typedef struct
{
  int nr;
  int errnum;
  unsigned int arg;
  int wide;
  size_t n_values; /* 0: every call is denied */
  uint64_t values[HUTCH_SECCOMP_BUILD_MAX_VALUES];
} HutchSeccompBuildUnless;

typedef struct
{
  uint32_t token; /* SCMP_ARCH_* */
  const HutchSeccompBuildRule *rules;
  size_t n_rules;
  const HutchSeccompBuildUnless *unless; /* checked before the rules */
  size_t n_unless;
} HutchSeccompBuildAbi;

typedef enum
{
  HUTCH_SECCOMP_BUILD_OK,
  HUTCH_SECCOMP_BUILD_FAILED_INIT,   /* seccomp_init, seccomp_arch_*, seccomp_attr_set */
  HUTCH_SECCOMP_BUILD_FAILED_RULE,   /* seccomp_rule_add_array */
  HUTCH_SECCOMP_BUILD_TOO_LARGE,     /* the program does not fit in max_insns */
  HUTCH_SECCOMP_BUILD_FAILED_EXPORT, /* seccomp_export_bpf */
} HutchSeccompBuildStatus;

typedef struct
{
  HutchSeccompBuildStatus status;
  int rc;            /* libseccomp's negative errno */
  unsigned int abi;  /* index of the ABI that failed */
  unsigned int rule; /* index of the rule that failed, in that ABI */
} HutchSeccompBuildResult;

/* Builds one filter covering @n_abis ABIs (calls through any other ABI
 * kill the process, calls no rule denies are allowed) and writes it to @fd
 * as struct sock_filter[] of at most @max_insns instructions.  At most
 * HUTCH_SECCOMP_BUILD_MAX_ABIS ABIs.  Calls nothing but libseccomp and libc. */
HutchSeccompBuildResult hutch_seccomp_build_filter (const HutchSeccompBuildAbi *abis, size_t n_abis,
                                                    size_t max_insns, int fd);
