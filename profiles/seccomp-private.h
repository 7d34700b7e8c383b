/* Internal helpers shared by the seccomp profile parser and compiler.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "seccomp-profile.h"

G_BEGIN_DECLS

/* seccomp-consts.c: the symbolic names a profile may use. */
gboolean hutch_seccomp_lookup_constant (const char *name, guint64 *value);
gboolean hutch_seccomp_lookup_errno (const char *name, int *value);
const char *hutch_seccomp_errno_name (int value);

/* seccomp-compile.c: TRUE if libseccomp knows @name on some architecture. */
gboolean hutch_seccomp_syscall_is_known (const char *name);

/* seccomp-parse.c: one line of a profile. */
typedef enum
{
  HUTCH_SECCOMP_LINE_EMPTY,   /* blank or comment */
  HUTCH_SECCOMP_LINE_DENY,    /* rule is set */
  HUTCH_SECCOMP_LINE_ALLOW,   /* name is the syscall */
  HUTCH_SECCOMP_LINE_INCLUDE, /* name is the profile */
} HutchSeccompLineKind;

typedef struct
{
  HutchSeccompLineKind kind;
  HutchSeccompRule *rule;
  char *name;
} HutchSeccompLine;

/* Parses the @len bytes at @text (one line, without its newline), line
 * @line_no of @file (a GRefString, kept by the rule).  Never reads past
 * @len.  On error, @out is left empty. */
gboolean hutch_seccomp_parse_line (const char *file, guint line_no, const char *text, gsize len,
                                   HutchSeccompLine *out, GError **error);
void hutch_seccomp_line_clear (HutchSeccompLine *line);

/* seccomp-expand.c: a condition as libseccomp comparisons. */
typedef enum
{
  HUTCH_SECCOMP_ABI_64,  /* 64-bit registers, compared whole */
  HUTCH_SECCOMP_ABI_32,  /* 32-bit registers */
  HUTCH_SECCOMP_ABI_X32, /* 64-bit registers; libseccomp compares their low half only */
} HutchSeccompAbiKind;

typedef enum
{
  HUTCH_SECCOMP_COND_NEVER,  /* no call matches: the rule vanishes on this ABI */
  HUTCH_SECCOMP_COND_ALWAYS, /* every call matches: the condition vanishes */
  HUTCH_SECCOMP_COND_SOME,   /* the calls that match one of the comparisons */
} HutchSeccompCondResult;

/* Appends to @atoms (of struct scmp_arg_cmp) comparisons, one of which
 * holds exactly when @cond does on an ABI of @kind (on x32, for a 64-bit
 * argument: at least when it does). */
HutchSeccompCondResult hutch_seccomp_expand_cond (HutchSeccompAbiKind kind,
                                                  const HutchSeccompCond *cond, GArray *atoms);

/* seccomp-compile.c: for tests only, called in the forked child before it
 * builds the filter (to make it hang or crash). */
extern void (*hutch_seccomp_test_child_hook) (void);

void hutch_seccomp_rule_free (HutchSeccompRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchSeccompRule, hutch_seccomp_rule_free)

G_END_DECLS
