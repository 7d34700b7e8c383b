/* Helpers shared by the seccomp profile tests.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-test-util.h"

#include <linux/audit.h>
#include <seccomp.h>
#include <string.h>

#include "bpf-eval.h"

HutchSeccompProfile *
test_parse (const char *text, const char *include_dir, GError **error)
{
  g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();

  if (!hutch_seccomp_profile_load_data (profile, "test.seccomp", text, strlen (text), include_dir,
                                        error))
    return NULL;
  return g_steal_pointer (&profile);
}

GBytes *
test_compile (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = test_parse (text, test_profiles_dir (), &error);
  GBytes *program;

  g_assert_no_error (error);
  program = hutch_seccomp_profile_compile (profile, NULL, 0, &error);
  g_assert_no_error (error);
  return program;
}

int
test_syscall_nr (guint32 abi, const char *syscall)
{
  int nr;

  /* libseccomp names i386's socketcall(SYS_SOCKET, …) so, but since Linux
   * 4.3 socket() is a syscall of its own there too (and the one libc uses) */
  if (abi == SCMP_ARCH_X86 && strcmp (syscall, "socket") == 0)
    return 359;
  nr = seccomp_syscall_resolve_name_arch (abi, syscall);

  return nr >= 0 ? nr : -1;
}

guint32
test_verdict (GBytes *program, guint32 abi, const char *syscall, const guint64 args[6])
{
  struct seccomp_data data = { 0 };
  int nr = test_syscall_nr (abi, syscall);

  g_assert_cmpint (nr, >=, 0);
  data.nr = nr;
  data.arch = abi == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : abi;
  for (guint i = 0; i < 6; i++)
    {
      /* 32-bit ABIs: the kernel zero-extends the registers */
      data.args[i]
          = abi == SCMP_ARCH_X86 || abi == SCMP_ARCH_ARM ? (args[i] & G_MAXUINT32) : args[i];
    }
  return bpf_eval_bytes (program, &data, NULL);
}

const char *
test_profiles_dir (void)
{
  return HUTCH_TEST_PROFILES_DIR;
}
