/* The libseccomp half of compiling a seccomp profile: rules that are ready
 * (expanded, checked and ordered by seccomp-compile.c) go into one
 * libseccomp filter per ABI, merged and exported.  Plain C, no GLib: this
 * runs in a forked child.
 *
 * What this defends against: a call through an ABI the filter does not
 * know.  Every ABI gets its own filter with its own syscall numbers (rules
 * name the native number, libseccomp translates it), and the bad-arch
 * action kills the process.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-build.h"

#include <errno.h>
#include <linux/filter.h>
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

/* Exporting a program the kernel would refuse anyway can take libseccomp
 * very long once merged with others (its long-jump fixups): measure each
 * ABI's alone first. */
static int
check_size (scmp_filter_ctx ctx, size_t max_insns, HutchSeccompBuildResult *result)
{
  int fd = memfd_create ("hutch-seccomp-check", MFD_CLOEXEC);
  off_t size;

  if (fd < 0)
    {
      result->rc = -errno;
      result->status = HUTCH_SECCOMP_BUILD_FAILED_EXPORT;
      return -1;
    }
  result->rc = seccomp_export_bpf (ctx, fd);
  size = lseek (fd, 0, SEEK_END);
  close (fd);
  if (result->rc < 0)
    {
      result->status = HUTCH_SECCOMP_BUILD_FAILED_EXPORT;
      return -1;
    }
  if (size < 0 || (size_t)size / sizeof (struct sock_filter) > max_insns)
    {
      result->status = HUTCH_SECCOMP_BUILD_TOO_LARGE;
      return -1;
    }
  return 0;
}

HutchSeccompBuildResult
hutch_seccomp_build_filter (const HutchSeccompBuildAbi *abis, size_t n_abis, size_t max_insns,
                            int fd)
{
  HutchSeccompBuildResult result = { HUTCH_SECCOMP_BUILD_OK, 0, 0, 0 };
  scmp_filter_ctx merged = NULL;

  for (size_t i = 0; i < n_abis; i++)
    {
      scmp_filter_ctx ctx;

      result.abi = (unsigned int)i;
      if ((ctx = build_abi (&abis[i], &result)) == NULL)
        goto out;
      if (n_abis > 1 && check_size (ctx, max_insns, &result) < 0)
        {
          seccomp_release (ctx);
          goto out;
        }
      if (merged == NULL)
        merged = ctx;
      else if ((result.rc = seccomp_merge (merged, ctx)) < 0)
        {
          /* on failure, seccomp_merge() leaves both filters to us */
          seccomp_release (ctx);
          result.status = HUTCH_SECCOMP_BUILD_FAILED_MERGE;
          goto out;
        }
    }
  if (merged != NULL && (result.rc = seccomp_export_bpf (merged, fd)) < 0)
    result.status = HUTCH_SECCOMP_BUILD_FAILED_EXPORT;

out:
  if (merged != NULL)
    seccomp_release (merged);
  return result;
}
