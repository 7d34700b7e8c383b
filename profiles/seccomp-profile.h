/* Hutch's seccomp profiles: the `*.seccomp` text format, its parser and its
 * compiler to classic BPF (through libseccomp).
 *
 * A profile is an ordered list of deny rules.  `allow SYSCALL` is applied
 * while parsing: it drops the earlier denies of SYSCALL, so a parsed profile
 * holds denies only.  Several sources can be loaded into one profile, in
 * order (a named profile, then an app's extra rules): an `allow` in a later
 * source drops denies of an earlier one.
 *
 * The text format is documented for packagers in profiles/README.md.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HUTCH_SECCOMP_ERROR (hutch_seccomp_error_quark ())
GQuark hutch_seccomp_error_quark (void);

typedef enum
{
  HUTCH_SECCOMP_ERROR_SYNTAX,  /* a malformed line, an unknown name, a bad value */
  HUTCH_SECCOMP_ERROR_INCLUDE, /* an include that is missing, unreadable, forbidden or cyclic */
  HUTCH_SECCOMP_ERROR_LIMIT,   /* one of the size limits below was exceeded */
  HUTCH_SECCOMP_ERROR_COMPILE, /* libseccomp refused the filter, or it does not fit */
} HutchSeccompError;

/* Limits.  Per-app rules are untrusted text: every size is bounded. */
#define HUTCH_SECCOMP_MAX_FILE_SIZE       (64 * 1024) /* bytes in one file or text */
#define HUTCH_SECCOMP_MAX_LINE_LENGTH     1024        /* bytes in one line */
#define HUTCH_SECCOMP_MAX_RULES           2048        /* deny rules in one profile */
#define HUTCH_SECCOMP_MAX_VALUES          64          /* values in one `in` list */
#define HUTCH_SECCOMP_MAX_INCLUDE_DEPTH   8           /* nested includes */
#define HUTCH_SECCOMP_MAX_FILTER_RULES    1024        /* libseccomp rules per ABI */
#define HUTCH_SECCOMP_MAX_COMPILE_SECONDS 2           /* CPU time libseccomp may take */
#define HUTCH_SECCOMP_MAX_ABIS            4

typedef enum
{
  HUTCH_SECCOMP_CMP_EQ,        /* arg == value */
  HUTCH_SECCOMP_CMP_NE,        /* arg != value */
  HUTCH_SECCOMP_CMP_LT,        /* arg < value */
  HUTCH_SECCOMP_CMP_LE,        /* arg <= value */
  HUTCH_SECCOMP_CMP_GT,        /* arg > value */
  HUTCH_SECCOMP_CMP_GE,        /* arg >= value */
  HUTCH_SECCOMP_CMP_MASKED_EQ, /* (arg & mask) == value */
  HUTCH_SECCOMP_CMP_ANY_BIT,   /* (arg & mask) != 0 */
  HUTCH_SECCOMP_CMP_IN,        /* arg is one of values */
  HUTCH_SECCOMP_CMP_NOT_IN,    /* arg is none of values (`unless ARG in …`) */
} HutchSeccompCmp;

/* One condition on one syscall argument.  All numbers are unsigned 64-bit;
 * with @low32 (written `argN:32`) only the low 32 bits of the argument are
 * compared, and every value and mask fits in 32 bits. */
typedef struct
{
  guint arg;      /* 0 to 5 */
  gboolean low32; /* argN:32 */
  HutchSeccompCmp cmp;
  guint64 mask;    /* MASKED_EQ, ANY_BIT; never 0 */
  guint64 value;   /* EQ to GE, MASKED_EQ */
  guint64 *values; /* IN, NOT_IN: sorted, without duplicates */
  guint n_values;  /* IN, NOT_IN: 1 to HUTCH_SECCOMP_MAX_VALUES */
} HutchSeccompCond;

/* `deny SYSCALL errno=ERRNUM if CONDS[0] and CONDS[1] …`: a call of SYSCALL
 * for which every condition holds fails with ERRNUM.  No two conditions
 * test the same argument; a NOT_IN condition is always alone. */
typedef struct
{
  char *syscall;
  int errnum;    /* 1 to 4094 */
  guint n_conds; /* 0 to 6 */
  HutchSeccompCond conds[6];
  char *file; /* where it was written, for messages */
  guint line;
} HutchSeccompRule;

typedef struct _HutchSeccompProfile HutchSeccompProfile;

HutchSeccompProfile *hutch_seccomp_profile_new (void);
void hutch_seccomp_profile_free (HutchSeccompProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchSeccompProfile, hutch_seccomp_profile_free)

/* Appends the rules of the file at @path.  `include NAME` reads
 * NAME.seccomp in the same directory. */
gboolean hutch_seccomp_profile_load_file (HutchSeccompProfile *profile, const char *path,
                                          GError **error);

/* Appends the rules of @dir/@name.seccomp (@name: letters, digits, '-', '_'). */
gboolean hutch_seccomp_profile_load_named (HutchSeccompProfile *profile, const char *dir,
                                           const char *name, GError **error);

/* Appends the rules of @len bytes of text at @data, named @display_name in
 * messages.  `include NAME` reads @include_dir/NAME.seccomp; with
 * @include_dir NULL an include is an error. */
gboolean hutch_seccomp_profile_load_data (HutchSeccompProfile *profile, const char *display_name,
                                          const char *data, gsize len, const char *include_dir,
                                          GError **error);

guint hutch_seccomp_profile_get_n_rules (HutchSeccompProfile *profile);
const HutchSeccompRule *hutch_seccomp_profile_get_rule (HutchSeccompProfile *profile, guint i);

/* The rules in canonical form: one `deny` line per rule, numbers in hex.
 * Parsing the result gives the same rules again; it is what a cache of
 * compiled filters should hash. */
char *hutch_seccomp_profile_to_string (HutchSeccompProfile *profile);

/* ABIs are libseccomp's SCMP_ARCH_* tokens.  Fills @abis with @arch and
 * every other ABI a kernel of that architecture accepts (x86_64: x86_64,
 * x32, x86; aarch64: aarch64, arm); returns how many, or 0 if Hutch does not
 * know @arch. */
guint hutch_seccomp_get_abis (guint32 arch, guint32 abis[HUTCH_SECCOMP_MAX_ABIS]);
const char *hutch_seccomp_abi_name (guint32 abi);

/* Compiles @profile into one filter covering the @n_abis ABIs at @abis
 * (NULL: the native architecture's, as hutch_seccomp_get_abis() gives).
 * Calls on any other ABI kill the process; calls no rule denies are
 * allowed.  Returns the program as an array of `struct sock_filter`, ready
 * for seccomp(SECCOMP_SET_MODE_FILTER) or hutch-launch --seccomp FD. */
GBytes *hutch_seccomp_profile_compile (HutchSeccompProfile *profile, const guint32 *abis,
                                       gsize n_abis, GError **error);

/* The compiled filter of @profile (a name in @profiles_dir or an absolute
 * path) with @rules (profile-language lines, may be NULL) appended, from
 * @cache_dir if it is there, else compiled and stored there.  Returns a
 * read-only fd on the program, or -1 with @error set.  @display_name names
 * the rules in messages. (seccomp-cache.c) */
int hutch_seccomp_cache_open (const char *cache_dir,
                              const char *profiles_dir,
                              const char *profile,
                              const char *const *rules,
                              const char *display_name,
                              GError **error);

G_END_DECLS
