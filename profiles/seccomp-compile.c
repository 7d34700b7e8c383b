/* Compiling a seccomp profile into one classic BPF program.
 *
 * What this defends against: a filter that denies less than its profile
 * says, and a profile that makes the compiler hang.
 *
 * - Another ABI.  A process may call the kernel through every syscall ABI
 *   the kernel accepts (on x86_64: x86_64, x32, and i386 through int 0x80),
 *   each with its own syscall numbers.  The filter covers all of them and a
 *   call through any other ABI kills the process (seccomp-build.c).
 * - Conditions that the filter would check differently from the kernel
 *   (the upper half of 32-bit arguments, 32-bit ABIs, "not in a set"):
 *   seccomp-expand.c turns each condition into comparisons that mean on
 *   each ABI what the profile says, and `unless` and `&` rules are compiled by
 *   seccomp-build.c itself, one comparison per value or half of the mask.
 * - Time.  libseccomp builds a decision tree in which a rule may be copied
 *   under every branch of every other rule of its syscall: its time grows
 *   with the product of the rules, and some profiles of a few lines keep it
 *   busy for minutes.  Rules are fed to it in the order it handles best
 *   (compare_rules()), at most HUTCH_SECCOMP_MAX_FILTER_RULES per ABI, and
 *   it runs in a child process that the kernel kills after
 *   HUTCH_SECCOMP_MAX_COMPILE_SECONDS of CPU time: an app's profile can
 *   make its own launch fail, never hang.
 * - Size.  A program the kernel would refuse (more than BPF_MAXINSNS
 *   instructions) is an error here, not at launch.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-private.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "installation/hutch-i18n.h"
#include "seccomp-build.h"

typedef struct
{
  guint32 token;
  const char *name;
  HutchSeccompAbiKind kind;
} AbiInfo;

static const AbiInfo abi_infos[] = {
  { SCMP_ARCH_X86_64, "x86_64", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_X32, "x32", HUTCH_SECCOMP_ABI_X32 },
  { SCMP_ARCH_X86, "x86", HUTCH_SECCOMP_ABI_32 },
  { SCMP_ARCH_AARCH64, "aarch64", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_ARM, "arm", HUTCH_SECCOMP_ABI_32 },
  { SCMP_ARCH_PPC64, "ppc64", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_PPC64LE, "ppc64le", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_PPC, "ppc", HUTCH_SECCOMP_ABI_32 },
  { SCMP_ARCH_S390X, "s390x", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_S390, "s390", HUTCH_SECCOMP_ABI_32 },
  { SCMP_ARCH_MIPS64, "mips64", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_MIPSEL64, "mipsel64", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_MIPS64N32, "mips64n32", HUTCH_SECCOMP_ABI_X32 },
  { SCMP_ARCH_MIPSEL64N32, "mipsel64n32", HUTCH_SECCOMP_ABI_X32 },
  { SCMP_ARCH_MIPS, "mips", HUTCH_SECCOMP_ABI_32 },
  { SCMP_ARCH_MIPSEL, "mipsel", HUTCH_SECCOMP_ABI_32 },
  { SCMP_ARCH_PARISC64, "parisc64", HUTCH_SECCOMP_ABI_64 },
  { SCMP_ARCH_PARISC, "parisc", HUTCH_SECCOMP_ABI_32 },
  { SCMP_ARCH_RISCV64, "riscv64", HUTCH_SECCOMP_ABI_64 },
};

static const AbiInfo *
find_abi (guint32 token)
{
  for (gsize i = 0; i < G_N_ELEMENTS (abi_infos); i++)
    {
      if (abi_infos[i].token == token)
        return &abi_infos[i];
    }
  return NULL;
}

const char *
hutch_seccomp_abi_name (guint32 abi)
{
  const AbiInfo *info = find_abi (abi);

  return info != NULL ? info->name : NULL;
}

guint
hutch_seccomp_get_abis (guint32 arch, guint32 abis[HUTCH_SECCOMP_MAX_ABIS])
{
  if (find_abi (arch) == NULL)
    return 0;
  abis[0] = arch;
  if (arch == SCMP_ARCH_X86_64)
    {
      abis[1] = SCMP_ARCH_X32;
      abis[2] = SCMP_ARCH_X86;
      return 3;
    }
  if (arch == SCMP_ARCH_AARCH64)
    {
      abis[1] = SCMP_ARCH_ARM;
      return 2;
    }
  return 1;
}

gboolean
hutch_seccomp_syscall_is_known (const char *name)
{
  return seccomp_syscall_resolve_name (name) != __NR_SCMP_ERROR;
}

/* libseccomp numbers the calls that i386, s390 and others multiplex through
 * socketcall(2) and ipc(2) from __PNR_socket down to __PNR_shmctl, and
 * rewrites rules on them for those architectures; any other negative
 * number is a syscall this ABI does not have. */
static gboolean
syscall_exists_on (const AbiInfo *abi, const char *name)
{
  int nr = seccomp_syscall_resolve_name_arch (abi->token, name);

  return nr >= 0 || (nr <= __PNR_socket && nr >= __PNR_shmctl);
}

static int
compare_cmps (const void *a, const void *b)
{
  const struct scmp_arg_cmp *x = a, *y = b;

  return (int)x->arg - (int)y->arg;
}

/* Appends to @rules one rule for every combination of @alternatives, one
 * comparison from each. */
static void
add_product (GArray *rules, const HutchSeccompRule *rule, GArray **alternatives, guint n)
{
  guint pos[G_N_ELEMENTS (rule->conds)] = { 0 };
  guint k;

  do
    {
      HutchSeccompBuildRule r
          = { seccomp_syscall_resolve_name (rule->syscall), rule->errnum, n, { { 0 } }, rule };

      for (guint i = 0; i < n; i++)
        r.cmps[i] = g_array_index (alternatives[i], struct scmp_arg_cmp, pos[i]);
      qsort (r.cmps, n, sizeof r.cmps[0], compare_cmps);
      g_array_append_val (rules, r);

      /* the next combination, the last condition fastest */
      for (k = n; k > 0; k--)
        {
          if (++pos[k - 1] < alternatives[k - 1]->len)
            break;
          pos[k - 1] = 0;
        }
    }
  while (k > 0);
}

/* `deny SYSCALL unless ARG in SET` and `deny SYSCALL if ARG & MASK` as
 * rules of seccomp-build.c's own, if @rule is one of them and SYSCALL has
 * a number of its own on @abi (a call that libseccomp rewrites into a
 * multiplexer such as i386's socketcall is left to libseccomp).  The
 * filter reads the argument as the kernel hands it: a 32-bit ABI's
 * registers hold 32 bits (a larger value never matches, a mask's upper
 * half never has a bit set); x32's hold 64, which this compares whole,
 * unlike libseccomp. */
static gboolean
plan_own (const AbiInfo *abi, const HutchSeccompRule *rule, HutchSeccompBuildOwn *out)
{
  const HutchSeccompCond *c = &rule->conds[0];
  int nr = seccomp_syscall_resolve_name_arch (abi->token, rule->syscall);

  if (rule->n_conds != 1 || nr < 0
      || (c->cmp != HUTCH_SECCOMP_CMP_NOT_IN && c->cmp != HUTCH_SECCOMP_CMP_ANY_BIT))
    return FALSE;
  memset (out, 0, sizeof *out);
  out->nr = nr;
  out->errnum = rule->errnum;
  out->arg = c->arg;
  out->wide = abi->kind != HUTCH_SECCOMP_ABI_32 && !c->low32;
  if (c->cmp == HUTCH_SECCOMP_CMP_ANY_BIT)
    {
      out->kind = HUTCH_SECCOMP_BUILD_IF_ANY_BIT;
      out->mask = out->wide ? c->mask : c->mask & G_MAXUINT32;
      /* no bit left to test: the rule never matches, libseccomp skips it */
      return out->mask != 0;
    }
  out->kind = HUTCH_SECCOMP_BUILD_UNLESS_IN;
  for (guint i = 0; i < c->n_values && i < G_N_ELEMENTS (out->values); i++)
    {
      if (out->wide || c->values[i] <= G_MAXUINT32)
        out->values[out->n_values++] = c->values[i];
    }
  return TRUE;
}

/* Appends the libseccomp rules of @rule on @abi to @rules, or the rule
 * seccomp-build.c compiles itself to @own. */
static gboolean
expand_rule (const AbiInfo *abi, const HutchSeccompRule *rule, GArray *rules, GArray *own,
             GError **error)
{
  HutchSeccompBuildOwn own_rule;
  GArray *alternatives[G_N_ELEMENTS (rule->conds)] = { NULL };
  guint n_alternatives = 0;
  guint64 n_rules = 1;
  gboolean ok = TRUE;

  if (!syscall_exists_on (abi, rule->syscall))
    return TRUE;
  if (plan_own (abi, rule, &own_rule))
    {
      g_array_append_val (own, own_rule);
      return TRUE;
    }

  for (guint i = 0; i < rule->n_conds; i++)
    {
      GArray *atoms = g_array_new (FALSE, FALSE, sizeof (struct scmp_arg_cmp));
      HutchSeccompCondResult r = hutch_seccomp_expand_cond (abi->kind, &rule->conds[i], atoms);

      if (r != HUTCH_SECCOMP_COND_SOME)
        g_array_unref (atoms);
      if (r == HUTCH_SECCOMP_COND_NEVER)
        goto out;
      if (r == HUTCH_SECCOMP_COND_SOME)
        {
          alternatives[n_alternatives++] = atoms;
          /* a factor is at most 65 * 64: saturate before anything overflows */
          n_rules = MIN (n_rules * atoms->len, G_MAXUINT32);
        }
    }

  if (n_rules > HUTCH_SECCOMP_MAX_FILTER_RULES - rules->len)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("%s:%u: the profile needs more than %d filter rules on %s"), rule->file,
                   rule->line, HUTCH_SECCOMP_MAX_FILTER_RULES, abi->name);
      ok = FALSE;
      goto out;
    }
  add_product (rules, rule, alternatives, n_alternatives);

out:
  for (guint i = 0; i < n_alternatives; i++)
    g_array_unref (alternatives[i]);
  return ok;
}

/* By syscall, then by the list of arguments compared, lowest first, a
 * prefix before what it prefixes.  libseccomp slows down most when a rule
 * testing a lower argument comes after rules testing higher ones. */
static int
compare_rules (gconstpointer a, gconstpointer b)
{
  const HutchSeccompBuildRule *x = a, *y = b;

  if (x->nr != y->nr)
    return x->nr < y->nr ? -1 : 1;
  for (guint i = 0; i < x->n_cmps && i < y->n_cmps; i++)
    {
      if (x->cmps[i].arg != y->cmps[i].arg)
        return (int)x->cmps[i].arg - (int)y->cmps[i].arg;
    }
  return (int)x->n_cmps - (int)y->n_cmps;
}

/* What one ABI's filter is made of. */
typedef struct
{
  GArray *rules;  /* of HutchSeccompBuildRule, for libseccomp */
  GArray *own;    /* of HutchSeccompBuildOwn, compiled by seccomp-build.c */
} AbiPlan;

static void
abi_plan_free (AbiPlan *plan)
{
  g_array_unref (plan->rules);
  g_array_unref (plan->own);
  g_free (plan);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbiPlan, abi_plan_free)

/* The rules of @profile on @abi, the libseccomp ones in the order to add
 * them. */
static AbiPlan *
plan_abi (HutchSeccompProfile *profile, const AbiInfo *abi, GError **error)
{
  g_autoptr (AbiPlan) plan = g_new0 (AbiPlan, 1);

  plan->rules = g_array_new (FALSE, FALSE, sizeof (HutchSeccompBuildRule));
  plan->own = g_array_new (FALSE, FALSE, sizeof (HutchSeccompBuildOwn));
  for (guint r = 0; r < hutch_seccomp_profile_get_n_rules (profile); r++)
    {
      if (!expand_rule (abi, hutch_seccomp_profile_get_rule (profile, r), plan->rules,
                        plan->own, error))
        return NULL;
    }
  /* stable: rules comparing the same arguments keep the order written */
  g_array_sort (plan->rules, compare_rules);
  return g_steal_pointer (&plan);
}

static gboolean
set_build_error (const HutchSeccompBuildAbi *abis, HutchSeccompBuildResult result, GError **error)
{
  const char *abi_name = hutch_seccomp_abi_name (abis[result.abi].token);
  const HutchSeccompRule *rule;

  if (result.status == HUTCH_SECCOMP_BUILD_TOO_LARGE)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("the filter does not fit in the kernel's limit of %d instructions"),
                   BPF_MAXINSNS);
      return FALSE;
    }
  if (result.status != HUTCH_SECCOMP_BUILD_FAILED_RULE)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                   _ ("libseccomp cannot make a filter for %s: %s"), abi_name,
                   g_strerror (-result.rc));
      return FALSE;
    }
  rule = abis[result.abi].rules[result.rule].origin;
  if (result.rc == -EEXIST)
    g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                 _ ("%s:%u: another rule for “%s” has the same conditions and a different errno"),
                 rule->file, rule->line, rule->syscall);
  else
    g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                 _ ("%s:%u: libseccomp refused the rule for “%s” on %s: %s"), rule->file,
                 rule->line, rule->syscall, abi_name, g_strerror (-result.rc));
  return FALSE;
}

G_STATIC_ASSERT (HUTCH_SECCOMP_MAX_ABIS <= HUTCH_SECCOMP_BUILD_MAX_ABIS);
G_STATIC_ASSERT (HUTCH_SECCOMP_MAX_VALUES <= HUTCH_SECCOMP_BUILD_MAX_VALUES);

void (*hutch_seccomp_test_child_hook) (void) = NULL;

/* In a forked child: no GLib from here on, it may hold a lock of another
 * thread of the parent. */
static void G_GNUC_NORETURN
build_in_child (const HutchSeccompBuildAbi *abis, gsize n_abis, int out_fd, int result_fd)
{
  struct rlimit cpu = { HUTCH_SECCOMP_MAX_COMPILE_SECONDS, HUTCH_SECCOMP_MAX_COMPILE_SECONDS };
  struct rlimit core = { 0, 0 };
  HutchSeccompBuildResult result;

  /* soft == hard: SIGKILL at the limit, and no core file */
  if (setrlimit (RLIMIT_CPU, &cpu) != 0 || setrlimit (RLIMIT_CORE, &core) != 0)
    _exit (1);
  if (hutch_seccomp_test_child_hook != NULL)
    hutch_seccomp_test_child_hook ();
  result = hutch_seccomp_build_filter (abis, n_abis, BPF_MAXINSNS, out_fd);
  if (write (result_fd, &result, sizeof result) != sizeof result)
    _exit (1);
  _exit (0);
}

/* Waits for the child and reads its result; FALSE if it died first. */
static gboolean
wait_for_child (pid_t pid, int result_fd, HutchSeccompBuildResult *result, int *status)
{
  gsize got = 0;

  while (got < sizeof *result)
    {
      ssize_t n = read (result_fd, (char *)result + got, sizeof *result - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize)n;
    }
  *status = 0;
  while (waitpid (pid, status, 0) < 0 && errno == EINTR)
    ;
  return got == sizeof *result;
}

static gboolean
build_filter (const HutchSeccompBuildAbi *abis, gsize n_abis, int out_fd, GError **error)
{
  HutchSeccompBuildResult result;
  int fds[2];
  int status;
  pid_t pid;
  gboolean finished;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                   _ ("cannot create a pipe: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  pid = fork ();
  if (pid == 0)
    build_in_child (abis, n_abis, out_fd, fds[1]);
  close (fds[1]);
  if (pid < 0)
    {
      int saved_errno = errno;
      close (fds[0]);
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                   _ ("cannot fork to compile the filter: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  finished = wait_for_child (pid, fds[0], &result, &status);
  close (fds[0]);

  if (!finished && WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("the profile is too complex: libseccomp needs more than %d seconds for it"),
                   HUTCH_SECCOMP_MAX_COMPILE_SECONDS);
      return FALSE;
    }
  if (!finished)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                   _ ("compiling the filter failed (status 0x%x)"), (guint)status);
      return FALSE;
    }
  if (result.status != HUTCH_SECCOMP_BUILD_OK)
    return set_build_error (abis, result, error);
  return TRUE;
}

static gboolean
read_all_at_start (int fd, void *data, gsize len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = pread (fd, (char *)data + done, len - done, (off_t)done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize)n;
    }
  return TRUE;
}

static GBytes *
read_program (int fd, GError **error)
{
  off_t size = lseek (fd, 0, SEEK_END);
  g_autofree void *program = NULL;

  if (size <= 0 || size % sizeof (struct sock_filter) != 0)
    {
      g_set_error_literal (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                           _ ("libseccomp exported no valid program"));
      return NULL;
    }
  if ((gsize)size / sizeof (struct sock_filter) > BPF_MAXINSNS)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("the filter does not fit in the kernel's limit of %d instructions"),
                   BPF_MAXINSNS);
      return NULL;
    }
  program = g_malloc ((gsize)size);
  if (!read_all_at_start (fd, program, (gsize)size))
    {
      g_set_error_literal (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                           _ ("cannot read the compiled filter back"));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&program), (gsize)size);
}

/* Checks @abis, and plans the rules of each. */
static GPtrArray *
plan (HutchSeccompProfile *profile, const guint32 *abis, gsize n_abis, GError **error)
{
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify)abi_plan_free);

  if (n_abis == 0)
    {
      g_set_error_literal (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                           _ ("this architecture is not supported"));
      return NULL;
    }
  for (gsize i = 0; i < n_abis; i++)
    {
      const AbiInfo *abi = find_abi (abis[i]);
      AbiPlan *abi_plan;

      if (abi == NULL)
        {
          g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                       _ ("unsupported architecture 0x%x"), abis[i]);
          return NULL;
        }
      for (gsize j = 0; j < i; j++)
        {
          if (abis[j] == abis[i])
            {
              g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                           _ ("architecture %s is listed twice"), abi->name);
              return NULL;
            }
        }
      if ((abi_plan = plan_abi (profile, abi, error)) == NULL)
        return NULL;
      g_ptr_array_add (plans, abi_plan);
    }
  return g_steal_pointer (&plans);
}

GBytes *
hutch_seccomp_profile_compile (HutchSeccompProfile *profile, const guint32 *abis, gsize n_abis,
                               GError **error)
{
  guint32 native_abis[HUTCH_SECCOMP_MAX_ABIS];
  HutchSeccompBuildAbi build_abis[HUTCH_SECCOMP_MAX_ABIS];
  g_autoptr (GPtrArray) plans = NULL;
  GBytes *program;
  int fd;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (abis == NULL)
    {
      n_abis = hutch_seccomp_get_abis (seccomp_arch_native (), native_abis);
      abis = native_abis;
    }
  g_return_val_if_fail (n_abis <= HUTCH_SECCOMP_MAX_ABIS, NULL);
  if ((plans = plan (profile, abis, n_abis, error)) == NULL)
    return NULL;
  for (gsize i = 0; i < n_abis; i++)
    {
      const AbiPlan *p = g_ptr_array_index (plans, i);
      build_abis[i] = (HutchSeccompBuildAbi){
        abis[i],
        (HutchSeccompBuildRule *)(void *)p->rules->data,
        p->rules->len,
        (HutchSeccompBuildOwn *)(void *)p->own->data,
        p->own->len,
      };
    }

  if ((fd = memfd_create ("hutch-seccomp", MFD_CLOEXEC)) < 0)
    {
      int saved_errno = errno;
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE,
                   _ ("cannot create a memfd: %s"), g_strerror (saved_errno));
      return NULL;
    }
  program = build_filter (build_abis, n_abis, fd, error) ? read_program (fd, error) : NULL;
  close (fd);
  return program;
}
