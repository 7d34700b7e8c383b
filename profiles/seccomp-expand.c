/* Turning one condition of a seccomp profile into the comparisons
 * libseccomp can add, for one ABI.
 *
 * What this defends against: a condition that the filter checks
 * differently from the kernel, which is how seccomp filters are slipped
 * past, and a libseccomp that hangs.
 *
 * - Garbage in the upper half.  The kernel reads some arguments as 32-bit
 *   ints (ioctl's request, personality's persona, socket's domain) while
 *   seccomp sees 64-bit registers: `ioctl(fd, TIOCSTI | 1UL << 32)` is
 *   TIOCSTI to the kernel.  A condition on `argN:32` compares the low 32
 *   bits only, through a mask, so the upper half changes nothing.
 * - "Not in a set", which libseccomp cannot say in one rule.  Mostly
 *   seccomp-build.c compares it itself (plan_own() in
 *   seccomp-compile.c); where it cannot (a syscall libseccomp rewrites
 *   into a multiplexer), `unless ARG in SET` becomes here the complement of
 *   SET cut into aligned power-of-two blocks, each one comparison
 *   `(arg & ~(size - 1)) == start`.
 * - 32-bit ABIs.  libseccomp compares only the low 32 bits there.  On i386
 *   and arm the registers are 32 bits wide, so a value that needs more can
 *   never match: a condition is reduced to what it means for 32-bit values
 *   rather than truncated (`arg0 == 0x100000005` must not match 5).  On x32
 *   the registers are 64 bits wide but libseccomp still sees only their
 *   low half: a condition on a 64-bit argument is widened there to every
 *   call whose low half could match (denying more, never less).  With
 *   `argN:32` x32 is exact.
 * - libseccomp 2.5 loops forever adding rules such as {arg1 > 5, arg4 == 7}
 *   and {arg1 > 5, arg4 == 0x100000007}: any ordering or != next to a later
 *   argument whose upper halves differ.  Only == and masked == ever reach
 *   it: orderings are cut into blocks too.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-private.h"

#include <seccomp.h>
#include <string.h>

#define NEVER  HUTCH_SECCOMP_COND_NEVER
#define ALWAYS HUTCH_SECCOMP_COND_ALWAYS
#define SOME   HUTCH_SECCOMP_COND_SOME

/* How one argument is seen on one ABI. */
typedef struct
{
  GArray *atoms; /* of struct scmp_arg_cmp */
  guint arg;
  guint64 domain; /* the bits the filter compares: G_MAXUINT32 or G_MAXUINT64 */
  gboolean mask;  /* ==: mask with @domain (a 32-bit view of a 64-bit register) */
} View;

static void
add_atom (View *v, enum scmp_compare op, guint64 a, guint64 b)
{
  struct scmp_arg_cmp atom = { v->arg, op, a, b };

  for (guint i = 0; i < v->atoms->len; i++)
    {
      if (memcmp (&g_array_index (v->atoms, struct scmp_arg_cmp, i), &atom, sizeof atom) == 0)
        return;
    }
  g_array_append_val (v->atoms, atom);
}

/* arg == @value; @value is within the domain */
static void
add_value (View *v, guint64 value)
{
  if (v->mask)
    add_atom (v, SCMP_CMP_MASKED_EQ, v->domain, value);
  else
    add_atom (v, SCMP_CMP_EQ, value, 0);
}

static HutchSeccompCondResult
add_values (View *v, const guint64 *values, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      if (values[i] <= v->domain)
        add_value (v, values[i]);
    }
  return v->atoms->len > 0 ? SOME : NEVER;
}

/* Largest 2^k - 1 that is <= @x. */
static guint64
all_ones_below (guint64 x)
{
  guint64 ones = 0;

  while (ones < x && (ones << 1 | 1) <= x)
    ones = ones << 1 | 1;
  return ones;
}

/* The values @lo to @hi (inclusive, within the domain) as aligned
 * power-of-two blocks: at most two per bit of the domain. */
static HutchSeccompCondResult
add_range (View *v, guint64 lo, guint64 hi)
{
  if (lo == 0 && hi == v->domain)
    return ALWAYS;
  for (;;)
    {
      /* size - 1 of the largest aligned block at @lo that ends by @hi */
      guint64 align = lo != 0 ? (lo & -lo) - 1 : v->domain;
      guint64 span = all_ones_below (MIN (align, hi - lo));

      if (span == 0)
        add_value (v, lo);
      else
        add_atom (v, SCMP_CMP_MASKED_EQ, v->domain & ~span, lo);
      if (hi - lo == span)
        return SOME;
      lo += span + 1;
    }
}

/* The values of the domain that are not in @values (sorted, unique). */
static HutchSeccompCondResult
add_complement (View *v, const guint64 *values, guint n)
{
  guint64 lo = 0;

  for (guint i = 0; i < n && values[i] <= v->domain; i++)
    {
      if (values[i] > lo && add_range (v, lo, values[i] - 1) == ALWAYS)
        return ALWAYS;
      if (values[i] == v->domain)
        return v->atoms->len > 0 ? SOME : NEVER;
      lo = values[i] + 1;
    }
  return add_range (v, lo, v->domain);
}

/* The values x of the domain with `x CMP value` (!=, <, <=, >, >=). */
static HutchSeccompCondResult
add_ordering (View *v, HutchSeccompCmp cmp, guint64 value)
{
  guint64 max = v->domain;

  switch (cmp)
    {
      case HUTCH_SECCOMP_CMP_NE:
        if (value > max)
          return ALWAYS;
        if (value > 0)
          add_range (v, 0, value - 1);
        if (value < max)
          add_range (v, value + 1, max);
        return SOME;
      case HUTCH_SECCOMP_CMP_LT:
        return value == 0 ? NEVER : add_range (v, 0, MIN (value - 1, max));
      case HUTCH_SECCOMP_CMP_LE:
        return add_range (v, 0, MIN (value, max));
      case HUTCH_SECCOMP_CMP_GT:
        return value >= max ? NEVER : add_range (v, value + 1, max);
      case HUTCH_SECCOMP_CMP_GE:
        return value > max ? NEVER : add_range (v, value, max);
      default:
        g_assert_not_reached ();
    }
}

static HutchSeccompCondResult
add_bits (View *v, guint64 mask)
{
  for (guint bit = 0; bit < 64; bit++)
    {
      guint64 b = G_GUINT64_CONSTANT (1) << bit;

      if (mask & v->domain & b)
        add_atom (v, SCMP_CMP_MASKED_EQ, b, b);
    }
  return v->atoms->len > 0 ? SOME : NEVER;
}

/* Exact: every bit of the domain is compared, and the argument has no
 * other bits (a 32-bit register) or they do not count (argN:32). */
static HutchSeccompCondResult
expand_exact (View *v, const HutchSeccompCond *c)
{
  switch (c->cmp)
    {
      case HUTCH_SECCOMP_CMP_EQ:
        return add_values (v, &c->value, 1);
      case HUTCH_SECCOMP_CMP_MASKED_EQ:
        if (c->value > v->domain)
          return NEVER;
        if ((c->mask & v->domain) == 0)
          return ALWAYS; /* then value is 0 */
        add_atom (v, SCMP_CMP_MASKED_EQ, c->mask & v->domain, c->value);
        return SOME;
      case HUTCH_SECCOMP_CMP_ANY_BIT:
        return add_bits (v, c->mask);
      case HUTCH_SECCOMP_CMP_IN:
        return add_values (v, c->values, c->n_values);
      case HUTCH_SECCOMP_CMP_NOT_IN:
        return add_complement (v, c->values, c->n_values);
      default:
        return add_ordering (v, c->cmp, c->value);
    }
}

/* x32, a 64-bit argument: match every call whose low half could belong to
 * a matching value. */
static HutchSeccompCondResult
expand_low_half_only (View *v, const HutchSeccompCond *c)
{
  guint64 low_values[HUTCH_SECCOMP_MAX_VALUES];
  guint64 low;

  switch (c->cmp)
    {
      case HUTCH_SECCOMP_CMP_EQ:
        low = c->value & G_MAXUINT32;
        return add_values (v, &low, 1);
      case HUTCH_SECCOMP_CMP_IN:
        for (guint i = 0; i < c->n_values; i++)
          low_values[i] = c->values[i] & G_MAXUINT32;
        return add_values (v, low_values, c->n_values);
      case HUTCH_SECCOMP_CMP_MASKED_EQ:
        if ((c->mask & G_MAXUINT32) == 0)
          return ALWAYS;
        add_atom (v, SCMP_CMP_MASKED_EQ, c->mask & G_MAXUINT32, c->value & G_MAXUINT32);
        return SOME;
      case HUTCH_SECCOMP_CMP_ANY_BIT:
        return c->mask > G_MAXUINT32 ? ALWAYS : add_bits (v, c->mask);
      case HUTCH_SECCOMP_CMP_LT:
      case HUTCH_SECCOMP_CMP_LE:
        /* x < value < 2^32 means the upper half is 0 and low < value */
        return c->value >= G_MAXUINT32 ? ALWAYS : add_ordering (v, c->cmp, c->value);
      default: /* !=, >, >=, not in: some upper half always matches */
        return ALWAYS;
    }
}

HutchSeccompCondResult
hutch_seccomp_expand_cond (HutchSeccompAbiKind kind, const HutchSeccompCond *cond, GArray *atoms)
{
  View v = { atoms, cond->arg, G_MAXUINT32, FALSE };

  g_return_val_if_fail (atoms->len == 0, NEVER);

  switch (kind)
    {
      case HUTCH_SECCOMP_ABI_64:
        if (cond->low32)
          v.mask = TRUE;
        else
          v.domain = G_MAXUINT64;
        return expand_exact (&v, cond);
      case HUTCH_SECCOMP_ABI_32:
        return expand_exact (&v, cond);
      case HUTCH_SECCOMP_ABI_X32:
        return cond->low32 ? expand_exact (&v, cond) : expand_low_half_only (&v, cond);
      default:
        g_assert_not_reached ();
    }
}
