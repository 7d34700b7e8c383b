/* Tests of the seccomp profile compiler: the verdict of compiled filters,
 * evaluated by a BPF interpreter on every ABI, against what the profile
 * says; `:32` masking; the decomposition of `unless`; compile errors.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <linux/audit.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <signal.h>
#include <unistd.h>

#include "bpf-eval.h"
#include "seccomp-private.h"
#include "seccomp-test-util.h"

#define HI(x) ((guint64)(x) << 32)

static gboolean
native_is_x86_64 (void)
{
  return seccomp_arch_native () == SCMP_ARCH_X86_64;
}

/* Profile text, ABI, call → verdict */
static const struct
{
  const char *profile;
  guint32 abi; /* 0: native */
  const char *syscall;
  guint64 args[6];
  guint32 verdict;
} verdict_cases[] = {
  /* plain denies, errno */
  { "deny ptrace", 0, "ptrace", { 0 }, DENY (EPERM) },
  { "deny ptrace", 0, "getpid", { 0 }, VERDICT_ALLOW },
  { "deny clone3 errno=ENOSYS", 0, "clone3", { 0 }, DENY (ENOSYS) },
  { "deny ptrace errno=4094", 0, "ptrace", { 0 }, DENY (4094) },
  { "deny ptrace\nallow ptrace", 0, "ptrace", { 0 }, VERDICT_ALLOW },
  { "deny ptrace\nallow ptrace\ndeny ptrace errno=ESRCH", 0, "ptrace", { 0 }, DENY (ESRCH) },
  /* an unconditional deny decides the errno */
  { "deny ioctl errno=EACCES if arg1 == 5\ndeny ioctl errno=ENOTTY",
    0,
    "ioctl",
    { 0, 5 },
    DENY (ENOTTY) },
  { "deny ioctl errno=ENOTTY\ndeny ioctl errno=EACCES if arg1 == 5",
    0,
    "ioctl",
    { 0, 5 },
    DENY (ENOTTY) },
  /* the example of profiles/README.md */
  { "include strict\nallow io_uring_setup\n"
    "deny ioctl errno=ENOTTY if arg1:32 in TIOCSCTTY,TIOCSETD\n"
    "deny prctl if arg0:32 == PR_SET_MM\n",
    0,
    "ioctl",
    { 0, TIOCSETD | HI (1) },
    DENY (ENOTTY) },

  /* comparisons on 64-bit arguments */
  { "deny ioctl if arg1 == 5", 0, "ioctl", { 0, 5 }, DENY (EPERM) },
  { "deny ioctl if arg1 == 5", 0, "ioctl", { 0, 5 | HI (1) }, VERDICT_ALLOW },
  { "deny ioctl if arg1 != 5", 0, "ioctl", { 0, 5 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 != 5", 0, "ioctl", { 0, 6 }, DENY (EPERM) },
  { "deny ioctl if arg1 < 5", 0, "ioctl", { 0, 4 }, DENY (EPERM) },
  { "deny ioctl if arg1 < 5", 0, "ioctl", { 0, 5 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 <= 5", 0, "ioctl", { 0, 5 }, DENY (EPERM) },
  { "deny ioctl if arg1 > 5", 0, "ioctl", { 0, HI (1) }, DENY (EPERM) },
  { "deny ioctl if arg1 > 5", 0, "ioctl", { 0, 5 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 >= 5", 0, "ioctl", { 0, 5 }, DENY (EPERM) },
  { "deny ioctl if arg2 & 0xf0 == 0x30", 0, "ioctl", { 0, 0, 0x3f }, DENY (EPERM) },
  { "deny ioctl if arg2 & 0xf0 == 0x30", 0, "ioctl", { 0, 0, 0x4f }, VERDICT_ALLOW },
  { "deny ioctl if arg2 & 0x11", 0, "ioctl", { 0, 0, 0x10 }, DENY (EPERM) },
  { "deny ioctl if arg2 & 0x11", 0, "ioctl", { 0, 0, 0x01 }, DENY (EPERM) },
  { "deny ioctl if arg2 & 0x11", 0, "ioctl", { 0, 0, 0x0e }, VERDICT_ALLOW },
  { "deny ioctl if arg2 in 1,3", 0, "ioctl", { 0, 0, 3 }, DENY (EPERM) },
  { "deny ioctl if arg2 in 1,3", 0, "ioctl", { 0, 0, 2 }, VERDICT_ALLOW },
  { "deny ioctl if arg0 == 1 and arg1 == 2", 0, "ioctl", { 1, 2 }, DENY (EPERM) },
  { "deny ioctl if arg0 == 1 and arg1 == 2", 0, "ioctl", { 1, 3 }, VERDICT_ALLOW },
  { "deny ioctl if arg0 in 1,2 and arg1 in 3,4", 0, "ioctl", { 2, 4 }, DENY (EPERM) },
  { "deny ioctl if arg0 in 1,2 and arg1 in 3,4", 0, "ioctl", { 3, 4 }, VERDICT_ALLOW },

  /* :32 ignores the upper half, whatever it holds */
  { "deny ioctl if arg1:32 == TIOCSTI", 0, "ioctl", { 0, TIOCSTI }, DENY (EPERM) },
  { "deny ioctl if arg1:32 == TIOCSTI", 0, "ioctl", { 0, TIOCSTI | HI (1) }, DENY (EPERM) },
  { "deny ioctl if arg1:32 == TIOCSTI",
    0,
    "ioctl",
    { 0, TIOCSTI | HI (0xffffffff) },
    DENY (EPERM) },
  { "deny ioctl if arg1:32 == TIOCSTI", 0, "ioctl", { 0, TIOCSTI + 1 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 == TIOCSTI", 0, "ioctl", { 0, TIOCSTI | HI (1) }, VERDICT_ALLOW },
  { "deny ioctl if arg1:32 != 7", 0, "ioctl", { 0, 7 | HI (9) }, VERDICT_ALLOW },
  { "deny ioctl if arg1:32 != 7", 0, "ioctl", { 0, HI (7) }, DENY (EPERM) },
  { "deny ioctl if arg1:32 < 7", 0, "ioctl", { 0, 6 | HI (9) }, DENY (EPERM) },
  { "deny ioctl if arg1:32 < 7", 0, "ioctl", { 0, 7 | HI (9) }, VERDICT_ALLOW },
  { "deny ioctl if arg1:32 >= 0x80000000", 0, "ioctl", { 0, HI (1) }, VERDICT_ALLOW },
  { "deny ioctl if arg1:32 >= 0x80000000", 0, "ioctl", { 0, 0xffffffff }, DENY (EPERM) },
  { "deny ioctl if arg1:32 in 1,2", 0, "ioctl", { 0, 2 | HI (2) }, DENY (EPERM) },
  { "deny ioctl if arg1:32 & 0x80000000", 0, "ioctl", { 0, HI (0x80000000) }, VERDICT_ALLOW },

  /* unless */
  { "deny personality unless arg0:32 in PER_LINUX,PER_LINUX32,0xffffffff",
    0,
    "personality",
    { PER_LINUX32 | HI (0xdeadbeef) },
    VERDICT_ALLOW },
  { "deny personality unless arg0:32 in PER_LINUX,PER_LINUX32,0xffffffff",
    0,
    "personality",
    { 0xffffffff },
    VERDICT_ALLOW },
  { "deny personality unless arg0:32 in PER_LINUX,PER_LINUX32,0xffffffff",
    0,
    "personality",
    { ADDR_NO_RANDOMIZE },
    DENY (EPERM) },
  { "deny personality unless arg0:32 in PER_LINUX,PER_LINUX32,0xffffffff",
    0,
    "personality",
    { ADDR_NO_RANDOMIZE | HI (1) },
    DENY (EPERM) },
  { "deny personality unless arg0:32 in PER_LINUX,PER_LINUX32,0xffffffff",
    0,
    "personality",
    { 0xfffffffe },
    DENY (EPERM) },
  { "deny personality unless arg0 in 0,8", 0, "personality", { HI (1) }, DENY (EPERM) },
  { "deny personality unless arg0 in 0,8", 0, "personality", { 8 }, VERDICT_ALLOW },
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in AF_UNIX,AF_INET",
    0,
    "socket",
    { AF_UNIX | HI (3) },
    VERDICT_ALLOW },
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in AF_UNIX,AF_INET",
    0,
    "socket",
    { AF_PACKET | HI (3) },
    DENY (EAFNOSUPPORT) },

  /* the other ABIs of x86_64 */
  { "deny personality unless arg0:32 in 0,8,0xffffffff",
    SCMP_ARCH_X86,
    "personality",
    { 8 },
    VERDICT_ALLOW },
  { "deny personality unless arg0:32 in 0,8,0xffffffff",
    SCMP_ARCH_X86,
    "personality",
    { 9 },
    DENY (EPERM) },
  { "deny personality unless arg0:32 in 0,8,0xffffffff",
    SCMP_ARCH_X32,
    "personality",
    { 8 | HI (5) },
    VERDICT_ALLOW },
  { "deny personality unless arg0:32 in 0,8,0xffffffff",
    SCMP_ARCH_X32,
    "personality",
    { 9 },
    DENY (EPERM) },
  { "deny ioctl if arg1:32 == TIOCSTI",
    SCMP_ARCH_X32,
    "ioctl",
    { 0, TIOCSTI | HI (1) },
    DENY (EPERM) },
  { "deny ioctl if arg1:32 == TIOCSTI", SCMP_ARCH_X86, "ioctl", { 0, TIOCSTI }, DENY (EPERM) },
  /* a value i386 cannot hold never matches there (and is not truncated) */
  { "deny ioctl if arg1 == 0x100000005", SCMP_ARCH_X86, "ioctl", { 0, 5 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 != 0x100000005", SCMP_ARCH_X86, "ioctl", { 0, 5 }, DENY (EPERM) },
  { "deny ioctl if arg1 < 0x100000005", SCMP_ARCH_X86, "ioctl", { 0, 0xffffffff }, DENY (EPERM) },
  { "deny ioctl if arg1 > 0x100000005", SCMP_ARCH_X86, "ioctl", { 0, 0xffffffff }, VERDICT_ALLOW },
  { "deny ioctl if arg1 & 0x100000000", SCMP_ARCH_X86, "ioctl", { 0, 0xffffffff }, VERDICT_ALLOW },
  { "deny ioctl if arg1 in 1,0x100000000", SCMP_ARCH_X86, "ioctl", { 0, 0 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 in 1,0x100000000", SCMP_ARCH_X86, "ioctl", { 0, 1 }, DENY (EPERM) },
  { "deny ioctl unless arg1 in 1,0x100000000", SCMP_ARCH_X86, "ioctl", { 0, 1 }, VERDICT_ALLOW },
  { "deny ioctl unless arg1 in 1,0x100000000", SCMP_ARCH_X86, "ioctl", { 0, 0 }, DENY (EPERM) },
  /* x32 sees the low half only: a 64-bit condition denies more, never less */
  { "deny ioctl if arg1 > 5", SCMP_ARCH_X32, "ioctl", { 0, HI (1) }, DENY (EPERM) },
  { "deny ioctl if arg1 > 5", SCMP_ARCH_X32, "ioctl", { 0, 1 }, DENY (EPERM) },
  { "deny ioctl unless arg1 in 1,2", SCMP_ARCH_X32, "ioctl", { 0, 1 | HI (1) }, DENY (EPERM) },
  { "deny ioctl if arg1 == 5", SCMP_ARCH_X32, "ioctl", { 0, 6 }, VERDICT_ALLOW },
  /* `unless` rules are compiled by seccomp-build.c: whole 64-bit values,
   * several on one syscall, and next to a rule libseccomp compiles */
  { "deny ioctl unless arg1 in 0x100000005", 0, "ioctl", { 0, 5 }, DENY (EPERM) },
  { "deny ioctl unless arg1 in 0x100000005", 0, "ioctl", { 0, HI (1) | 5 }, VERDICT_ALLOW },
  { "deny ioctl unless arg1 in 0x100000005", 0, "ioctl", { 0, HI (2) | 5 }, DENY (EPERM) },
  { "deny ioctl unless arg1 in 1", SCMP_ARCH_X32, "ioctl", { 0, 1 }, VERDICT_ALLOW },
  { "deny ioctl unless arg1 in 0x100000000", SCMP_ARCH_X86, "ioctl", { 0, 0 }, DENY (EPERM) },
  { "deny personality unless arg0:32 in 0,8\ndeny personality errno=EACCES unless arg0:32 in 8",
    0, "personality", { 0 }, DENY (EACCES) },
  { "deny personality unless arg0:32 in 0,8\ndeny personality errno=EACCES unless arg0:32 in 8",
    0, "personality", { 8 }, VERDICT_ALLOW },
  { "deny personality unless arg0:32 in 0,8\ndeny personality errno=EACCES unless arg0:32 in 8",
    SCMP_ARCH_X86, "personality", { 3 }, DENY (EPERM) },
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in 1,2\ndeny socket if arg1:32 == 3",
    0, "socket", { 2, 3 }, DENY (EPERM) },
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in 1,2\ndeny socket if arg1:32 == 3",
    0, "socket", { 1, 1 }, VERDICT_ALLOW },
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in 1,2\ndeny socket if arg1:32 == 3",
    SCMP_ARCH_X32, "socket", { 5, 3 }, DENY (EAFNOSUPPORT) },
  /* `&` rules are compiled by seccomp-build.c too: one JSET per half of
   * the mask, the upper half only where the register has one */
  { "deny clone if arg0 & 0x10000000|0x20000", 0, "clone", { 0x20000 }, DENY (EPERM) },
  { "deny clone if arg0 & 0x10000000|0x20000", 0, "clone", { 0x0fffffff & ~0x20000 },
    VERDICT_ALLOW },
  { "deny clone if arg0 & 0x10000000|0x20000", 0, "clone", { HI (0xffffffff) }, VERDICT_ALLOW },
  { "deny ioctl if arg1 & 0x100000001", 0, "ioctl", { 0, HI (1) }, DENY (EPERM) },
  { "deny ioctl if arg1 & 0x100000001", 0, "ioctl", { 0, 1 }, DENY (EPERM) },
  { "deny ioctl if arg1 & 0x100000001", 0, "ioctl", { 0, HI (2) | 2 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 & 0x100000001", SCMP_ARCH_X32, "ioctl", { 0, HI (1) }, DENY (EPERM) },
  { "deny ioctl if arg1 & 0x100000001", SCMP_ARCH_X32, "ioctl", { 0, HI (2) | 2 }, VERDICT_ALLOW },
  { "deny ioctl if arg1 & 0x100000001", SCMP_ARCH_X86, "ioctl", { 0, 1 }, DENY (EPERM) },
  { "deny ioctl if arg1 & 0x100000001", SCMP_ARCH_X86, "ioctl", { 0, 2 }, VERDICT_ALLOW },
  { "deny ioctl if arg1:32 & 0x80000000", SCMP_ARCH_X32, "ioctl", { 0, HI (0x80000000) },
    VERDICT_ALLOW },
  { "deny ioctl if arg1:32 & 0x80000000", SCMP_ARCH_X32, "ioctl", { 0, 0x80000000 }, DENY (EPERM) },
  { "deny unshare errno=EACCES if arg0 & 0x40000000", SCMP_ARCH_X86, "unshare", { 0x40000000 },
    DENY (EACCES) },
  /* two rules on one argument, one exact and one widened: found by the
   * random test below */
  { "deny ioctl errno=EACCES unless arg3:32 in 0x8a48c4c7,0x80000000,0x21\n"
    "deny ioctl errno=EACCES if arg5:32 & 0x61261731 == 0x1021700 and arg3 in 0x99ca98e458f02561",
    SCMP_ARCH_X32,
    "ioctl",
    { 0x8e467a1daa0d6e01, 0x1eeb9d8494d181fb, G_MAXUINT64, 0x99ca98e458f02561, 0xfffffffe, 0x23 },
    DENY (EACCES) },

  /* syscalls that exist on some ABIs only */
  { "deny vm86", SCMP_ARCH_X86, "vm86", { 0 }, DENY (EPERM) },
  { "deny vm86", SCMP_ARCH_X86_64, "getpid", { 0 }, VERDICT_ALLOW },
  { "deny umount", SCMP_ARCH_X86, "umount", { 0 }, DENY (EPERM) },
  { "deny socketcall errno=ENOSYS", SCMP_ARCH_X86, "socketcall", { 1 }, DENY (ENOSYS) },
  /* i386 socket() is a real syscall too (359), not only socketcall */
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in AF_UNIX",
    SCMP_ARCH_X86,
    "socket",
    { AF_INET },
    DENY (EAFNOSUPPORT) },
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in AF_UNIX",
    SCMP_ARCH_X86,
    "socket",
    { AF_UNIX },
    VERDICT_ALLOW },
};

static void
test_verdicts (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (verdict_cases); i++)
    {
      g_autoptr (GBytes) program = NULL;
      guint32 abi = verdict_cases[i].abi ? verdict_cases[i].abi : seccomp_arch_native ();

      if (abi != seccomp_arch_native () && !native_is_x86_64 ())
        continue;
      g_test_message ("%s: %s on %s", verdict_cases[i].profile, verdict_cases[i].syscall,
                      hutch_seccomp_abi_name (abi));
      program = test_compile (verdict_cases[i].profile);
      g_assert_cmphex (test_verdict (program, abi, verdict_cases[i].syscall, verdict_cases[i].args),
                       ==, verdict_cases[i].verdict);
    }
}

/* Calls through an ABI the filter was not made for kill the process. */
static void
test_bad_arch (void)
{
  g_autoptr (GBytes) program = test_compile ("deny ptrace");
  struct seccomp_data data = { .nr = 0, .arch = AUDIT_ARCH_S390X };
  guint32 abis[] = { seccomp_arch_native () };
  g_autoptr (HutchSeccompProfile) profile = test_parse ("deny ptrace", NULL, NULL);
  g_autoptr (GBytes) native_only = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmphex (bpf_eval_bytes (program, &data, NULL), ==, VERDICT_KILL);

  if (!native_is_x86_64 ())
    return;
  native_only = hutch_seccomp_profile_compile (profile, abis, 1, &error);
  g_assert_no_error (error);
  data.arch = AUDIT_ARCH_I386;
  g_assert_cmphex (bpf_eval_bytes (native_only, &data, NULL), ==, VERDICT_KILL);
  /* x32 shares x86_64's AUDIT_ARCH: its calls are told apart by number */
  data.arch = AUDIT_ARCH_X86_64;
  data.nr = 0x40000000 | 39;
  g_assert_cmphex (bpf_eval_bytes (native_only, &data, NULL), ==, VERDICT_KILL);
  data.nr = 39;
  g_assert_cmphex (bpf_eval_bytes (native_only, &data, NULL), ==, VERDICT_ALLOW);
}

/* What a rule means, for a call whose argument registers hold @args (the
 * kernel's view): the reference the compiled filters are held to. */
static gboolean
cond_holds (const HutchSeccompCond *c, guint64 arg)
{
  guint64 v = c->low32 ? arg & G_MAXUINT32 : arg;
  gboolean member = FALSE;

  for (guint i = 0; i < c->n_values; i++)
    member |= c->values[i] == v;
  switch (c->cmp)
    {
      case HUTCH_SECCOMP_CMP_EQ:
        return v == c->value;
      case HUTCH_SECCOMP_CMP_NE:
        return v != c->value;
      case HUTCH_SECCOMP_CMP_LT:
        return v < c->value;
      case HUTCH_SECCOMP_CMP_LE:
        return v <= c->value;
      case HUTCH_SECCOMP_CMP_GT:
        return v > c->value;
      case HUTCH_SECCOMP_CMP_GE:
        return v >= c->value;
      case HUTCH_SECCOMP_CMP_MASKED_EQ:
        return (v & c->mask) == c->value;
      case HUTCH_SECCOMP_CMP_ANY_BIT:
        return (v & c->mask) != 0;
      case HUTCH_SECCOMP_CMP_IN:
        return member;
      case HUTCH_SECCOMP_CMP_NOT_IN:
        return !member;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
rule_holds (const HutchSeccompRule *rule, const guint64 args[6])
{
  for (guint i = 0; i < rule->n_conds; i++)
    {
      if (!cond_holds (&rule->conds[i], args[rule->conds[i].arg]))
        return FALSE;
    }
  return TRUE;
}

static const guint64 interesting[] = {
  0,
  1,
  2,
  7,
  8,
  0xff,
  0x7fffffff,
  0x80000000,
  0xfffffffe,
  0xffffffff,
  G_GUINT64_CONSTANT (0x100000000),
  G_GUINT64_CONSTANT (0x100000001),
  G_GUINT64_CONSTANT (0xffffffff00000000),
  G_GUINT64_CONSTANT (0x8000000000000000),
  G_MAXUINT64,
};

static guint64
random_value (GRand *rand, gboolean low32)
{
  guint64 v;

  switch (g_rand_int_range (rand, 0, 4))
    {
      case 0:
        v = interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))];
        break;
      case 1:
        v = (guint64)g_rand_int_range (rand, 0, 40);
        break;
      case 2:
        v = g_rand_int (rand);
        break;
      default:
        v = (guint64)g_rand_int (rand) << 32 | g_rand_int (rand);
        break;
    }
  return low32 ? v & G_MAXUINT32 : v;
}

static void
append_random_values (GString *s, GRand *rand, gboolean low32)
{
  int n = g_rand_int_range (rand, 1, 5);

  for (int i = 0; i < n; i++)
    g_string_append_printf (s, "%s0x%" G_GINT64_MODIFIER "x", i ? "," : "",
                            random_value (rand, low32));
}

/* One random condition, valid for the parser, on @arg. */
static void
append_random_cond (GString *s, GRand *rand, guint arg, gboolean low32)
{
  static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
  guint64 max = low32 ? G_MAXUINT32 : G_MAXUINT64;
  int kind = g_rand_int_range (rand, 0, 4);
  guint64 mask
      = random_value (rand, low32) | (G_GUINT64_CONSTANT (1) << g_rand_int_range (rand, 0, 32));
  const char *op = ops[g_rand_int_range (rand, 0, G_N_ELEMENTS (ops))];
  guint64 v = random_value (rand, low32);

  g_string_append_printf (s, "arg%u%s ", arg, low32 ? ":32" : "");
  if (kind == 0)
    {
      if ((strcmp (op, "<") == 0 && v == 0) || (strcmp (op, ">") == 0 && v == max))
        op = "==";
      g_string_append_printf (s, "%s 0x%" G_GINT64_MODIFIER "x", op, v);
    }
  else if (kind == 1)
    g_string_append_printf (s, "& 0x%" G_GINT64_MODIFIER "x == 0x%" G_GINT64_MODIFIER "x", mask,
                            v & mask);
  else if (kind == 2)
    g_string_append_printf (s, "& 0x%" G_GINT64_MODIFIER "x", mask);
  else
    {
      g_string_append (s, "in ");
      append_random_values (s, rand, low32);
    }
}

static char *
random_profile (GRand *rand)
{
  GString *s = g_string_new (NULL);
  int n_rules = g_rand_int_range (rand, 1, 4);

  for (int r = 0; r < n_rules; r++)
    {
      gboolean unless = g_rand_boolean (rand);
      guint used = 0;

      g_string_append (s, "deny ioctl errno=EACCES");
      if (unless)
        {
          gboolean low32 = g_rand_boolean (rand);
          g_string_append_printf (s, " unless arg%d%s in ", g_rand_int_range (rand, 0, 6),
                                  low32 ? ":32" : "");
          append_random_values (s, rand, low32);
        }
      else
        {
          int n_conds = g_rand_int_range (rand, 1, 4);
          for (int c = 0; c < n_conds; c++)
            {
              guint arg = (guint)g_rand_int_range (rand, 0, 6);
              if (used & 1u << arg)
                continue;
              used |= 1u << arg;
              g_string_append (s, c == 0 ? " if " : " and ");
              append_random_cond (s, rand, arg, g_rand_boolean (rand));
            }
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* Arguments near the profile's own values, with garbage above 32 bits. */
static void
random_args (GRand *rand, HutchSeccompProfile *profile, guint64 args[6])
{
  for (guint i = 0; i < 6; i++)
    args[i] = random_value (rand, FALSE);
  for (guint r = 0; r < hutch_seccomp_profile_get_n_rules (profile); r++)
    {
      const HutchSeccompRule *rule = hutch_seccomp_profile_get_rule (profile, r);

      for (guint c = 0; c < rule->n_conds; c++)
        {
          const HutchSeccompCond *cond = &rule->conds[c];
          guint64 base = cond->n_values
                             ? cond->values[g_rand_int_range (rand, 0, (gint32)cond->n_values)]
                             : cond->value;

          if (g_rand_boolean (rand))
            continue;
          if (cond->cmp == HUTCH_SECCOMP_CMP_MASKED_EQ && g_rand_boolean (rand))
            base |= random_value (rand, FALSE) & ~cond->mask;
          args[cond->arg] = base + (guint64)g_rand_int_range (rand, -1, 2);
          if (cond->low32 && g_rand_boolean (rand))
            args[cond->arg] = (args[cond->arg] & G_MAXUINT32) | (guint64)g_rand_int (rand) << 32;
        }
    }
}

static gboolean
all_low32 (HutchSeccompProfile *profile)
{
  for (guint r = 0; r < hutch_seccomp_profile_get_n_rules (profile); r++)
    {
      const HutchSeccompRule *rule = hutch_seccomp_profile_get_rule (profile, r);

      for (guint c = 0; c < rule->n_conds; c++)
        {
          if (!rule->conds[c].low32)
            return FALSE;
        }
    }
  return TRUE;
}

/* A compilation that hangs fails the test, naming the profile. */
static const char *volatile current_profile;

static void
on_alarm (int sig)
{
  static const char message[] = "Bail out! compiling this profile hangs:\n";

  (void)!write (STDOUT_FILENO, message, sizeof message - 1);
  (void)!write (STDOUT_FILENO, current_profile, strlen (current_profile));
  _exit (1);
}

/* Random profiles, random calls: the compiled filter must deny exactly
 * when a rule holds (x32 with 64-bit arguments: at least then). */
static void
test_random_against_reference (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint32 abis[HUTCH_SECCOMP_MAX_ABIS];
  guint n_abis = hutch_seccomp_get_abis (seccomp_arch_native (), abis);
  int n_profiles = g_test_slow () ? 2000 : 300;
  int n_too_large = 0;
  gint64 slowest = 0;
  g_autofree char *slowest_text = NULL;

  signal (SIGALRM, on_alarm);

  for (int p = 0; p < n_profiles; p++)
    {
      g_autofree char *text = random_profile (rand);
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchSeccompProfile) profile = test_parse (text, NULL, &error);
      g_autoptr (GBytes) program = NULL;
      gint64 start;

      g_assert_no_error (error);
      current_profile = text;
      alarm (20);
      start = g_get_monotonic_time ();
      program = hutch_seccomp_profile_compile (profile, NULL, 0, &error);
      if (g_get_monotonic_time () - start > slowest)
        {
          slowest = g_get_monotonic_time () - start;
          g_free (slowest_text);
          slowest_text = g_strdup (text);
        }
      if (g_error_matches (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT))
        {
          g_test_message ("too large: %s", text);
          n_too_large++;
          continue;
        }
      alarm (0);
      g_assert_no_error (error);

      for (int call = 0; call < 200; call++)
        {
          guint64 args[6];
          gboolean expected = FALSE;

          random_args (rand, profile, args);
          for (guint a = 0; a < n_abis; a++)
            {
              gboolean narrow = abis[a] == SCMP_ARCH_X86 || abis[a] == SCMP_ARCH_ARM;
              guint64 seen[6];
              guint32 verdict;

              for (guint i = 0; i < 6; i++)
                seen[i] = narrow ? args[i] & G_MAXUINT32 : args[i];
              expected = FALSE;
              for (guint r = 0; r < hutch_seccomp_profile_get_n_rules (profile); r++)
                expected |= rule_holds (hutch_seccomp_profile_get_rule (profile, r), seen);
              verdict = test_verdict (program, abis[a], "ioctl", seen);
              if (abis[a] == SCMP_ARCH_X32 && !all_low32 (profile) && !expected)
                continue; /* over-approximated */
              if (verdict != (expected ? DENY (EACCES) : VERDICT_ALLOW))
                g_error ("%s on %s: args 0x%" G_GINT64_MODIFIER "x 0x%" G_GINT64_MODIFIER
                         "x 0x%" G_GINT64_MODIFIER "x 0x%" G_GINT64_MODIFIER
                         "x 0x%" G_GINT64_MODIFIER "x 0x%" G_GINT64_MODIFIER "x: verdict 0x%x",
                         text, hutch_seccomp_abi_name (abis[a]), seen[0], seen[1], seen[2], seen[3],
                         seen[4], seen[5], verdict);
            }
        }
    }
  g_test_message ("slowest compilation: %" G_GINT64_FORMAT " µs for\n%s", slowest, slowest_text);
  /* a few 64-bit `unless` need more than the kernel takes, most fit */
  g_assert_cmpint (n_too_large, <, n_profiles / 10);
}

/* `unless` over every value near the edges of its blocks. */
static void
test_unless_exhaustive (void)
{
  g_autoptr (GBytes) program
      = test_compile ("deny personality unless arg0:32 in 0,8,0x20008,0xffffffff");
  guint32 native = seccomp_arch_native ();

  for (guint64 hi = 0; hi < 3; hi++)
    {
      for (guint bit = 0; bit < 32; bit++)
        {
          for (gint64 delta = -2; delta <= 2; delta++)
            {
              guint64 low = ((G_GUINT64_CONSTANT (1) << bit) + (guint64)delta) & G_MAXUINT32;
              guint64 args[6] = { low | hi << 32 | (hi ? G_GUINT64_CONSTANT (0xf0) << 56 : 0) };
              gboolean allowed = low == 0 || low == 8 || low == 0x20008 || low == 0xffffffff;

              g_assert_cmphex (test_verdict (program, native, "personality", args), ==,
                               allowed ? VERDICT_ALLOW : DENY (EPERM));
            }
        }
    }
  for (guint64 low = 0; low < 0x20010; low++)
    {
      guint64 args[6] = { low | G_GUINT64_CONSTANT (0x1234) << 32 };
      gboolean allowed = low == 0 || low == 8 || low == 0x20008;

      g_assert_cmphex (test_verdict (program, native, "personality", args), ==,
                       allowed ? VERDICT_ALLOW : DENY (EPERM));
    }
}

static void
assert_compile_error (const char *text, int code, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = test_parse (text, NULL, &error);
  g_autoptr (GBytes) program = NULL;

  g_assert_no_error (error);
  program = hutch_seccomp_profile_compile (profile, NULL, 0, &error);
  g_assert_null (program);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_compile_errors (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *message = NULL;
  guint32 bogus_abi = 0x1234;
  g_autoptr (HutchSeccompProfile) profile = test_parse ("deny ptrace", NULL, NULL);
  g_autoptr (GError) error = NULL;
  guint32 twice[] = { seccomp_arch_native (), seccomp_arch_native () };

  assert_compile_error ("deny ioctl if arg1 == 1\ndeny ioctl errno=EACCES if arg1 in 1,2",
                        HUTCH_SECCOMP_ERROR_COMPILE,
                        "test.seccomp:2: another rule for “ioctl” has the same conditions and a "
                        "different errno");

  /* 32 × 32 alternatives is the most one rule may expand to */
  g_string_append (text, "deny ioctl if arg1 in 0");
  for (int i = 1; i < 32; i++)
    g_string_append_printf (text, ",%d", i);
  g_string_append (text, " and arg2 in 0");
  for (int i = 1; i < 32; i++)
    g_string_append_printf (text, ",%d", i);
  g_string_append (text, " and arg3 in 1,2\n");
  message = g_strdup_printf ("test.seccomp:1: the profile needs more than 1024 filter rules on %s",
                             hutch_seccomp_abi_name (seccomp_arch_native ()));
  assert_compile_error (text->str, HUTCH_SECCOMP_ERROR_LIMIT, message);

  /* too many instructions for the kernel */
  g_string_truncate (text, 0);
  for (int i = 0; i < 1000; i++)
    g_string_append_printf (text, "deny ioctl if arg1 == 0x%x00000001 and arg3 == %d\n", i * 3 + 1,
                            i);
  assert_compile_error (text->str, HUTCH_SECCOMP_ERROR_LIMIT,
                        "the filter does not fit in the kernel's limit of 4096 instructions");

  g_assert_null (hutch_seccomp_profile_compile (profile, &bogus_abi, 1, &error));
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE);
  g_assert_cmpstr (error->message, ==, "unsupported architecture 0x1234");
  g_clear_error (&error);

  g_assert_null (hutch_seccomp_profile_compile (profile, twice, 2, &error));
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE);
  g_clear_error (&error);
}

static void
spin (void)
{
  for (volatile guint64 i = 0;; i++)
    ;
}

static void
crash (void)
{
  raise (SIGTERM);
}

/* However long libseccomp would take, compiling ends. */
static void
test_compile_time_limit (void)
{
  g_autoptr (HutchSeccompProfile) profile = test_parse ("deny ptrace", NULL, NULL);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  hutch_seccomp_test_child_hook = spin;
  g_assert_null (hutch_seccomp_profile_compile (profile, NULL, 0, &error));
  hutch_seccomp_test_child_hook = NULL;
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "the profile is too complex: libseccomp needs more than 2 seconds for it");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_clear_error (&error);

  hutch_seccomp_test_child_hook = crash;
  g_assert_null (hutch_seccomp_profile_compile (profile, NULL, 0, &error));
  hutch_seccomp_test_child_hook = NULL;
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_COMPILE);
  g_assert_true (g_str_has_prefix (error->message, "compiling the filter failed"));
}

static void
test_abis (void)
{
  guint32 abis[HUTCH_SECCOMP_MAX_ABIS];

  g_assert_cmpuint (hutch_seccomp_get_abis (SCMP_ARCH_X86_64, abis), ==, 3);
  g_assert_cmphex (abis[0], ==, SCMP_ARCH_X86_64);
  g_assert_cmphex (abis[1], ==, SCMP_ARCH_X32);
  g_assert_cmphex (abis[2], ==, SCMP_ARCH_X86);
  g_assert_cmpuint (hutch_seccomp_get_abis (SCMP_ARCH_AARCH64, abis), ==, 2);
  g_assert_cmphex (abis[1], ==, SCMP_ARCH_ARM);
  g_assert_cmpuint (hutch_seccomp_get_abis (SCMP_ARCH_RISCV64, abis), ==, 1);
  g_assert_cmpuint (hutch_seccomp_get_abis (0x1234, abis), ==, 0);
  g_assert_cmpstr (hutch_seccomp_abi_name (SCMP_ARCH_X32), ==, "x32");
  g_assert_null (hutch_seccomp_abi_name (0x1234));

  /* compiling for another machine's ABIs works too */
  {
    g_autoptr (HutchSeccompProfile) profile
        = test_parse ("deny personality unless arg0:32 in 0,8\ndeny vm86\n", NULL, NULL);
    g_autoptr (GError) error = NULL;
    guint n = hutch_seccomp_get_abis (SCMP_ARCH_AARCH64, abis);
    g_autoptr (GBytes) program = hutch_seccomp_profile_compile (profile, abis, n, &error);
    guint64 args[6] = { 9 | HI (1) };

    g_assert_no_error (error);
    g_assert_cmphex (test_verdict (program, SCMP_ARCH_AARCH64, "personality", args), ==,
                     DENY (EPERM));
    g_assert_cmphex (test_verdict (program, SCMP_ARCH_ARM, "personality", args), ==, DENY (EPERM));
    args[0] = 8 | HI (1);
    g_assert_cmphex (test_verdict (program, SCMP_ARCH_AARCH64, "personality", args), ==,
                     VERDICT_ALLOW);
  }
}

/* An empty profile still checks the ABI, and allows everything else. */
static void
test_empty (void)
{
  g_autoptr (GBytes) program = test_compile ("# nothing\n");
  guint64 args[6] = { 0 };

  g_assert_cmphex (test_verdict (program, seccomp_arch_native (), "ptrace", args), ==,
                   VERDICT_ALLOW);
  g_assert_cmpuint (g_bytes_get_size (program), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/seccomp/compile/verdicts", test_verdicts);
  g_test_add_func ("/seccomp/compile/bad-arch", test_bad_arch);
  g_test_add_func ("/seccomp/compile/random", test_random_against_reference);
  g_test_add_func ("/seccomp/compile/unless-exhaustive", test_unless_exhaustive);
  g_test_add_func ("/seccomp/compile/errors", test_compile_errors);
  g_test_add_func ("/seccomp/compile/time-limit", test_compile_time_limit);
  g_test_add_func ("/seccomp/compile/abis", test_abis);
  g_test_add_func ("/seccomp/compile/empty", test_empty);
  return g_test_run ();
}
