/* The BPF half of compiling a seccomp profile: rules that are ready
 * (expanded, checked and ordered by seccomp-compile.c) go into one
 * libseccomp filter per ABI, which is exported and linked into one program
 * behind a guard of our own for its ABI and the rules this file compiles
 * itself (`unless ARG in SET`, `if ARG & MASK`).  Plain C, no GLib: this
 * runs in a forked child.
 *
 * What this defends against: a call through an ABI the filter does not
 * know.  Every ABI gets its own filter with its own syscall numbers (rules
 * name the native number, libseccomp translates it), and the bad-arch
 * action kills the process.  And a filter the kernel spends long on: it
 * converts and JIT-compiles every instruction at each launch, and
 * libseccomp says "not in a set" or "any of these bits" in dozens of
 * instructions where a rule compiled here takes one per value or two.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-build.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static scmp_filter_ctx
new_abi_filter (uint32_t token, int *rc)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);

  if (ctx == NULL)
    {
      *rc = -ENOMEM; /* the only way seccomp_init() fails */
      return NULL;
    }
  if (token != seccomp_arch_native ())
    {
      if ((*rc = seccomp_arch_add (ctx, token)) < 0
          || (*rc = seccomp_arch_remove (ctx, SCMP_ARCH_NATIVE)) < 0)
        goto fail;
    }
  if ((*rc = seccomp_attr_set (ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0
      /* a binary tree of syscall numbers: fewer instructions run per call */
      || (*rc = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0)
    goto fail;
  return ctx;

fail:
  seccomp_release (ctx);
  return NULL;
}

static scmp_filter_ctx
build_abi (const HutchSeccompBuildAbi *abi, HutchSeccompBuildResult *result)
{
  scmp_filter_ctx ctx = new_abi_filter (abi->token, &result->rc);

  if (ctx == NULL)
    {
      result->status = HUTCH_SECCOMP_BUILD_FAILED_INIT;
      return NULL;
    }
  for (size_t i = 0; i < abi->n_rules; i++)
    {
      const HutchSeccompBuildRule *rule = &abi->rules[i];

      result->rc = seccomp_rule_add_array (ctx, SCMP_ACT_ERRNO ((unsigned int)rule->errnum),
                                           rule->nr, rule->n_cmps, rule->cmps);
      if (result->rc < 0)
        {
          result->status = HUTCH_SECCOMP_BUILD_FAILED_RULE;
          result->rule = (unsigned int)i;
          seccomp_release (ctx);
          return NULL;
        }
    }
  return ctx;
}

/* Exports @ctx into a buffer of *@n instructions (malloc'd). */
static struct sock_filter *
export_program (scmp_filter_ctx ctx, size_t *n, HutchSeccompBuildResult *result)
{
  int fd = memfd_create ("hutch-seccomp-abi", MFD_CLOEXEC);
  struct sock_filter *insns = NULL;
  off_t size;

  result->status = HUTCH_SECCOMP_BUILD_FAILED_EXPORT;
  if (fd < 0)
    {
      result->rc = -errno;
      return NULL;
    }
  if ((result->rc = seccomp_export_bpf (ctx, fd)) < 0)
    goto out;
  size = lseek (fd, 0, SEEK_END);
  if (size <= 0 || size % (off_t)sizeof (struct sock_filter) != 0)
    {
      result->rc = -EINVAL;
      goto out;
    }
  if ((insns = malloc ((size_t)size)) == NULL)
    {
      result->rc = -ENOMEM;
      goto out;
    }
  if (pread (fd, insns, (size_t)size, 0) != size)
    {
      result->rc = -EIO;
      free (insns);
      insns = NULL;
      goto out;
    }
  *n = (size_t)size / sizeof (struct sock_filter);
  result->status = HUTCH_SECCOMP_BUILD_OK;

out:
  close (fd);
  return insns;
}

/* How the kernel tells one ABI's calls apart: by the arch field, and on
 * x86-64 also by the x32 bit of the syscall number. */
typedef struct
{
  uint32_t audit_arch;
  int x32_bit; /* -1: not looked at, 0: must be clear, 1: must be set */
} AbiMatch;

#define X32_SYSCALL_BIT 0x40000000u

static AbiMatch
abi_match (uint32_t token)
{
  AbiMatch m = { token, -1 }; /* SCMP_ARCH_* are AUDIT_ARCH_* values */

  if (token == SCMP_ARCH_X86_64)
    m.x32_bit = 0;
  else if (token == SCMP_ARCH_X32)
    m = (AbiMatch){ SCMP_ARCH_X86_64, 1 };
  return m;
}

static size_t
guard_length (AbiMatch m)
{
  return m.x32_bit < 0 ? 3 : 6;
}

static struct sock_filter
insn (uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
  struct sock_filter i = { code, jt, jf, k };

  return i;
}

/* Writes the guard in front of @len instructions of an ABI: calls of
 * another ABI jump over both. */
static struct sock_filter *
write_guard (struct sock_filter *out, AbiMatch m, size_t len)
{
  uint32_t rest = (uint32_t)(guard_length (m) - 3 + len);

  *out++ = insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof (struct seccomp_data, arch));
  *out++ = insn (BPF_JMP | BPF_JEQ | BPF_K, 1, 0, m.audit_arch);
  *out++ = insn (BPF_JMP | BPF_JA, 0, 0, rest);
  if (m.x32_bit < 0)
    return out;
  rest -= 3;
  *out++ = insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof (struct seccomp_data, nr));
  *out++ = insn (BPF_JMP | BPF_JSET | BPF_K, m.x32_bit ? 1 : 0, m.x32_bit ? 0 : 1,
                 X32_SYSCALL_BIT);
  *out++ = insn (BPF_JMP | BPF_JA, 0, 0, rest);
  return out;
}

/* Syscall numbers libseccomp has no name for on an x86 ABI are newer than
 * the filter: no rule can name them, and a profile that denies a family of
 * calls cannot have meant to allow a newer member of it (open_tree_attr,
 * of the mount API, say).  They get ENOSYS, as on a kernel without them,
 * which the C library expects.  At most two ranges: above the last number
 * below 512, and above the last of all (x32 has a block of its own at 512).
 * Other architectures number private calls far above their table (ARM's
 * set_tls): they keep libseccomp's default. */
typedef struct
{
  uint32_t lo, hi;
} NrRange;

static size_t
unknown_ranges (uint32_t token, NrRange ranges[2])
{
  uint32_t base = token == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0;
  uint32_t last_low = 0, last = 0;
  size_t n = 0;

  if (token != SCMP_ARCH_X86_64 && token != SCMP_ARCH_X32 && token != SCMP_ARCH_X86)
    return 0;
  for (uint32_t nr = 0; nr < 1024; nr++)
    {
      char *name = seccomp_syscall_resolve_num_arch (token, (int)(base + nr));
      if (name == NULL)
        continue;
      free (name);
      last = nr;
      if (nr < 512)
        last_low = nr;
    }
  if (last == 0)
    return 0;
  if (last > last_low && last_low < 511)
    ranges[n++] = (NrRange){ base + last_low + 1, base + 511 };
  /* x86_64 calls with the x32 bit are x32's, behind their own guard; -1
   * is a call a tracer cancelled (its return value stays the tracer's). */
  ranges[n++] = (NrRange){ base + last + 1,
                           token == SCMP_ARCH_X86_64 ? X32_SYSCALL_BIT - 1 : UINT32_MAX - 1 };
  return n;
}

/* ld nr, jge, jgt, ret for each range */
#define UNKNOWN_RANGE_LENGTH 4

static struct sock_filter *
write_unknown (struct sock_filter *out, const NrRange *ranges, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      *out++ = insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof (struct seccomp_data, nr));
      *out++ = insn (BPF_JMP | BPF_JGE | BPF_K, 0, 2, ranges[i].lo);
      *out++ = insn (BPF_JMP | BPF_JGT | BPF_K, 1, 0, ranges[i].hi);
      *out++ = insn (BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS);
    }
  return out;
}

/* Where the halves of argument @arg are in struct seccomp_data. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LOW(arg)  ((uint32_t)(offsetof (struct seccomp_data, args) + 8 * (arg)))
#define ARG_HIGH(arg) (ARG_LOW (arg) + 4)
#else
#define ARG_HIGH(arg) ((uint32_t)(offsetof (struct seccomp_data, args) + 8 * (arg)))
#define ARG_LOW(arg)  (ARG_HIGH (arg) + 4)
#endif

/* The halves of an IF_ANY_BIT rule's mask that are compared: 1 or 2. */
static size_t
any_bit_parts (const HutchSeccompBuildOwn *r, uint32_t offsets[2], uint32_t masks[2])
{
  size_t n = 0;

  if (r->wide && (uint32_t)(r->mask >> 32) != 0)
    {
      offsets[n] = ARG_HIGH (r->arg);
      masks[n++] = (uint32_t)(r->mask >> 32);
    }
  if ((uint32_t)r->mask != 0)
    {
      offsets[n] = ARG_LOW (r->arg);
      masks[n++] = (uint32_t)r->mask;
    }
  return n;
}

static size_t
own_length (const HutchSeccompBuildOwn *r)
{
  uint32_t offsets[2], masks[2];

  /* ld nr, jeq, ja; then the test; ret */
  if (r->kind == HUTCH_SECCOMP_BUILD_IF_ANY_BIT)
    return 3 + 2 * any_bit_parts (r, offsets, masks) + 1; /* per half: ld, jset */
  /* per value: ld high, jeq, ld low, jeq, ja (or one ld low, then jeq, ja) */
  return 3 + (r->wide ? 5 * r->n_values : 1 + 2 * r->n_values) + 1;
}

/* One rule of our own: calls of another syscall, and calls that pass the
 * test, jump to its end (the next rule, or the ABI's program). */
static struct sock_filter *
write_own (struct sock_filter *out, const HutchSeccompBuildOwn *r)
{
  uint32_t end = (uint32_t)own_length (r); /* relative to the block's first instruction */
  uint32_t pos = 0;
  uint32_t offsets[2], masks[2];
  size_t n_parts;

#define EMIT(i) (out[pos] = (i), pos++)
#define TO_END  (end - pos - 1) /* a jump from the instruction at pos */
#define TO_RET  (end - pos - 2) /* a jump from pos to the ret, the last instruction */
  EMIT (insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof (struct seccomp_data, nr)));
  EMIT (insn (BPF_JMP | BPF_JEQ | BPF_K, 1, 0, (uint32_t)r->nr));
  EMIT (insn (BPF_JMP | BPF_JA, 0, 0, TO_END));
  if (r->kind == HUTCH_SECCOMP_BUILD_IF_ANY_BIT)
    {
      n_parts = any_bit_parts (r, offsets, masks);
      for (size_t i = 0; i < n_parts; i++)
        {
          EMIT (insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, offsets[i]));
          /* a bit set: to the ret; none: on to the other half, or past the ret */
          if (i + 1 < n_parts)
            EMIT (insn (BPF_JMP | BPF_JSET | BPF_K, (uint8_t)TO_RET, 0, masks[i]));
          else
            EMIT (insn (BPF_JMP | BPF_JSET | BPF_K, 0, 1, masks[i]));
        }
    }
  else
    {
      if (!r->wide)
        EMIT (insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_LOW (r->arg)));
      for (size_t i = 0; i < r->n_values; i++)
        {
          if (r->wide)
            {
              EMIT (insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_HIGH (r->arg)));
              EMIT (insn (BPF_JMP | BPF_JEQ | BPF_K, 0, 3, (uint32_t)(r->values[i] >> 32)));
              EMIT (insn (BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_LOW (r->arg)));
            }
          EMIT (insn (BPF_JMP | BPF_JEQ | BPF_K, 0, 1, (uint32_t)r->values[i]));
          EMIT (insn (BPF_JMP | BPF_JA, 0, 0, TO_END));
        }
    }
  EMIT (insn (BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | ((uint32_t)r->errnum & SECCOMP_RET_DATA)));
#undef TO_RET
#undef TO_END
#undef EMIT
  return out + pos;
}

static size_t
abi_length (const HutchSeccompBuildAbi *abi, size_t program_len, size_t n_unknown)
{
  size_t len = guard_length (abi_match (abi->token)) + UNKNOWN_RANGE_LENGTH * n_unknown
               + program_len;

  for (size_t i = 0; i < abi->n_own; i++)
    len += own_length (&abi->own[i]);
  return len;
}

/* One program per ABI, each behind its guard and its own rules, then
 * the bad-arch kill.  Rather than seccomp_merge(): libseccomp 2.5 gets
 * calls wrong in merged x86_64 and x32 filters whose rules overlap on one
 * argument. */
static int
link_programs (const HutchSeccompBuildAbi *abis, struct sock_filter **programs,
               const size_t *lens, size_t n_abis, size_t max_insns, int fd)
{
  size_t total = 1;
  struct sock_filter *linked, *out;
  NrRange unknown[HUTCH_SECCOMP_BUILD_MAX_ABIS][2];
  size_t n_unknown[HUTCH_SECCOMP_BUILD_MAX_ABIS];
  ssize_t written;

  for (size_t i = 0; i < n_abis; i++)
    {
      n_unknown[i] = unknown_ranges (abis[i].token, unknown[i]);
      total += abi_length (&abis[i], lens[i], n_unknown[i]);
    }
  if (total > max_insns)
    return HUTCH_SECCOMP_BUILD_TOO_LARGE;
  if ((out = linked = calloc (total, sizeof *linked)) == NULL)
    return HUTCH_SECCOMP_BUILD_FAILED_EXPORT;
  for (size_t i = 0; i < n_abis; i++)
    {
      AbiMatch m = abi_match (abis[i].token);

      out = write_guard (out, m, abi_length (&abis[i], lens[i], n_unknown[i]) - guard_length (m));
      out = write_unknown (out, unknown[i], n_unknown[i]);
      for (size_t u = 0; u < abis[i].n_own; u++)
        out = write_own (out, &abis[i].own[u]);
      memcpy (out, programs[i], lens[i] * sizeof *out);
      out += lens[i];
    }
  *out = insn (BPF_RET | BPF_K, 0, 0, SECCOMP_RET_KILL_PROCESS);
  written = write (fd, linked, total * sizeof *linked);
  free (linked);
  return written == (ssize_t)(total * sizeof *linked) ? HUTCH_SECCOMP_BUILD_OK
                                                      : HUTCH_SECCOMP_BUILD_FAILED_EXPORT;
}

HutchSeccompBuildResult
hutch_seccomp_build_filter (const HutchSeccompBuildAbi *abis, size_t n_abis, size_t max_insns,
                            int fd)
{
  HutchSeccompBuildResult result = { HUTCH_SECCOMP_BUILD_OK, 0, 0, 0 };
  struct sock_filter *programs[HUTCH_SECCOMP_BUILD_MAX_ABIS] = { NULL };
  size_t lens[HUTCH_SECCOMP_BUILD_MAX_ABIS] = { 0 };

  if (n_abis == 0 || n_abis > HUTCH_SECCOMP_BUILD_MAX_ABIS)
    {
      result.status = HUTCH_SECCOMP_BUILD_FAILED_INIT;
      result.rc = -EINVAL;
      return result;
    }
  for (size_t i = 0; i < n_abis; i++)
    {
      scmp_filter_ctx ctx;

      result.abi = (unsigned int)i;
      if ((ctx = build_abi (&abis[i], &result)) == NULL)
        goto out;
      programs[i] = export_program (ctx, &lens[i], &result);
      seccomp_release (ctx);
      if (programs[i] == NULL)
        goto out;
      if (lens[i] > max_insns)
        {
          result.status = HUTCH_SECCOMP_BUILD_TOO_LARGE;
          goto out;
        }
    }
  result.status = link_programs (abis, programs, lens, n_abis, max_insns, fd);
  if (result.status == HUTCH_SECCOMP_BUILD_FAILED_EXPORT)
    result.rc = -EIO;

out:
  for (size_t i = 0; i < n_abis; i++)
    free (programs[i]);
  return result;
}
