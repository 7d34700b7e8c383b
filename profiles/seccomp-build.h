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

/* What a rule compiled here rather than by libseccomp tests. */
typedef enum
{
  HUTCH_SECCOMP_BUILD_UNLESS_IN,  /* deny unless @arg is one of @values */
  HUTCH_SECCOMP_BUILD_IF_ANY_BIT, /* deny if @arg has a bit of @mask */
} HutchSeccompBuildOwnKind;

/* A rule compiled here rather than by libseccomp: deny syscall @nr (this
 * ABI's own number) with @errnum when its argument @arg, compared whole
 * (@wide) or by its low 32 bits, passes the test of @kind.  libseccomp
 * says "not in a set" as blocks covering the complement and "any of these
 * bits" as one rule per bit, dozens of instructions where this takes one
 * comparison per value, or one per half of the mask. */
typedef struct
{
  HutchSeccompBuildOwnKind kind;
  int nr;
  int errnum;
  unsigned int arg;
  int wide;
  uint64_t mask;   /* IF_ANY_BIT: never 0 in the bits compared */
  size_t n_values; /* UNLESS_IN; 0: every call is denied */
  uint64_t values[HUTCH_SECCOMP_BUILD_MAX_VALUES];
} HutchSeccompBuildOwn;

typedef struct
{
  uint32_t token; /* SCMP_ARCH_* */
  const HutchSeccompBuildRule *rules;
  size_t n_rules;
  const HutchSeccompBuildOwn *own; /* checked before the rules */
  size_t n_own;
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
