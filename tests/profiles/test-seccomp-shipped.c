/* Tests of the shipped seccomp profiles: each compiles, each means what its
 * comments say on every ABI, and the filters embedded in hutch-launch are
 * exactly base.seccomp and default.seccomp compiled now.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/socket.h>

#include "bpf-eval.h"
#include "seccomp-builtin.h"
#include "seccomp-test-util.h"

#define HI(x) ((guint64)(x) << 32)

static GBytes *
compile_shipped (const char *names)
{
  g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) parts = g_strsplit (names, "+", -1); /* "a+b": both, in one filter */
  GBytes *program;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      hutch_seccomp_profile_load_named (profile, test_profiles_dir (), parts[i], &error);
      g_assert_no_error (error);
    }
  program = hutch_seccomp_profile_compile (profile, NULL, 0, &error);
  g_assert_no_error (error);
  return program;
}

static void
test_all_compile (void)
{
  static const char *const names[] = { "base", "default", "strict", "devel" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GBytes) program = compile_shipped (names[i]);

      g_test_message ("%s.seccomp: %" G_GSIZE_FORMAT " instructions", names[i],
                      g_bytes_get_size (program) / sizeof (struct sock_filter));
    }
}

static void
assert_same_program (const struct hutch_bpf_program *builtin, const char *name)
{
  g_autoptr (GBytes) program = compile_shipped (name);
  gsize size;
  const void *data = g_bytes_get_data (program, &size);

  g_assert_cmpuint (builtin->len, ==, size / sizeof (struct sock_filter));
  g_assert_cmpmem (builtin->insns, builtin->len * sizeof (struct sock_filter), data, size);
}

static void
test_builtin (void)
{
  assert_same_program (&hutch_seccomp_base, "base");
  assert_same_program (&hutch_seccomp_default, "default");
  assert_same_program (&hutch_seccomp_base_default, "base+default");
}

#define ANY_ABI 0

/* profile, ABI, call → verdict */
static const struct
{
  const char *profile;
  guint32 abi;
  const char *syscall;
  guint64 args[6];
  guint32 verdict;
} cases[] = {
  { "base", ANY_ABI, "unshare", { CLONE_NEWUSER }, DENY (EPERM) },
  { "base", ANY_ABI, "unshare", { CLONE_NEWNS | CLONE_FILES }, DENY (EPERM) },
  { "base", ANY_ABI, "unshare", { CLONE_NEWNET | HI (0xffffffff) }, DENY (EPERM) },
  { "base", ANY_ABI, "unshare", { CLONE_NEWTIME }, DENY (EPERM) },
  { "base", ANY_ABI, "unshare", { CLONE_FILES | CLONE_FS | CLONE_SYSVSEM }, VERDICT_ALLOW },
  { "base", ANY_ABI, "clone", { CLONE_NEWUSER | SIGCHLD }, DENY (EPERM) },
  { "base", ANY_ABI, "clone", { CLONE_NEWPID | CLONE_VM | HI (1) }, DENY (EPERM) },
  { "base",
    ANY_ABI,
    "clone",
    { CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM
      | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID },
    VERDICT_ALLOW },
  { "base", ANY_ABI, "clone", { SIGCHLD }, VERDICT_ALLOW },
  { "base", ANY_ABI, "clone3", { 0 }, DENY (ENOSYS) },
  { "base", ANY_ABI, "setns", { 3, 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "mount", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "umount2", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "pivot_root", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "chroot", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "open_tree", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "move_mount", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "fsopen", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "fsmount", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "mount_setattr", { 0 }, DENY (EPERM) },
  { "base", ANY_ABI, "ioctl", { 0, TIOCSTI }, DENY (EPERM) },
  { "base", ANY_ABI, "ioctl", { 0, TIOCSTI | HI (1) }, DENY (EPERM) },
  { "base", ANY_ABI, "ioctl", { 0, TIOCLINUX | HI (0x80000000) }, DENY (EPERM) },
  { "base", ANY_ABI, "ioctl", { 0, TIOCGWINSZ }, VERDICT_ALLOW },
  { "base", ANY_ABI, "ptrace", { 0 }, VERDICT_ALLOW },
  { "base", SCMP_ARCH_X86, "umount", { 0 }, DENY (EPERM) },

  { "default", ANY_ABI, "keyctl", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "ptrace", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "perf_event_open", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "bpf", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "userfaultfd", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "personality", { PER_LINUX }, VERDICT_ALLOW },
  { "default", ANY_ABI, "personality", { PER_LINUX32 | HI (0xdead) }, VERDICT_ALLOW },
  { "default", ANY_ABI, "personality", { 0xffffffff }, VERDICT_ALLOW },
  { "default", ANY_ABI, "personality", { ADDR_NO_RANDOMIZE }, DENY (EPERM) },
  { "default", ANY_ABI, "personality", { READ_IMPLIES_EXEC | HI (1) }, DENY (EPERM) },
  { "default", ANY_ABI, "personality", { 0xfffffffe }, DENY (EPERM) },
  { "default", ANY_ABI, "init_module", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "kexec_load", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "reboot", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "open_by_handle_at", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "mbind", { 0 }, DENY (EPERM) },
  { "default", ANY_ABI, "socket", { AF_UNIX, SOCK_STREAM }, VERDICT_ALLOW },
  { "default", ANY_ABI, "socket", { AF_INET6 | HI (7), SOCK_DGRAM }, VERDICT_ALLOW },
  { "default", ANY_ABI, "socket", { AF_NETLINK, SOCK_RAW }, VERDICT_ALLOW },
  { "default", ANY_ABI, "socket", { AF_PACKET, SOCK_RAW }, DENY (EAFNOSUPPORT) },
  { "default", ANY_ABI, "socket", { AF_BLUETOOTH | HI (1) }, DENY (EAFNOSUPPORT) },
  { "default", ANY_ABI, "socket", { AF_UNIX + HI (1) - 1 }, DENY (EAFNOSUPPORT) },
  { "default", ANY_ABI, "socket", { AF_VSOCK }, DENY (EAFNOSUPPORT) },
  { "default", ANY_ABI, "mount", { 0 }, VERDICT_ALLOW }, /* base's job */
  { "default", SCMP_ARCH_X86, "socketcall", { 1 }, DENY (ENOSYS) },
  { "default", SCMP_ARCH_X86, "vm86", { 0 }, DENY (EPERM) },
  { "default", SCMP_ARCH_X86, "vm86old", { 0 }, DENY (EPERM) },
  { "default", SCMP_ARCH_X86_64, "iopl", { 0 }, DENY (EPERM) },
  { "default", SCMP_ARCH_X86_64, "modify_ldt", { 0 }, DENY (EPERM) },

  { "strict", ANY_ABI, "io_uring_setup", { 0 }, DENY (EPERM) },
  { "strict", ANY_ABI, "process_vm_readv", { 0 }, DENY (EPERM) },
  { "strict", ANY_ABI, "pidfd_getfd", { 0 }, DENY (EPERM) },
  { "strict", ANY_ABI, "ptrace", { 0 }, DENY (EPERM) },
  { "strict", ANY_ABI, "socket", { AF_PACKET }, DENY (EAFNOSUPPORT) },
  { "strict", ANY_ABI, "landlock_create_ruleset", { 0 }, VERDICT_ALLOW },

  { "devel", ANY_ABI, "ptrace", { 0 }, VERDICT_ALLOW },
  { "devel", ANY_ABI, "perf_event_open", { 0 }, VERDICT_ALLOW },
  { "devel", ANY_ABI, "keyctl", { 0 }, DENY (EPERM) },
  { "devel", ANY_ABI, "personality", { ADDR_NO_RANDOMIZE }, DENY (EPERM) },
};

static void
test_verdicts (void)
{
  guint32 abis[HUTCH_SECCOMP_MAX_ABIS];
  guint n_abis = hutch_seccomp_get_abis (seccomp_arch_native (), abis);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) program = compile_shipped (cases[i].profile);

      for (guint a = 0; a < n_abis; a++)
        {
          if (cases[i].abi != ANY_ABI && cases[i].abi != abis[a])
            continue;
          if (test_syscall_nr (abis[a], cases[i].syscall) < 0)
            continue; /* not on this ABI */
          g_test_message ("%s: %s on %s", cases[i].profile, cases[i].syscall,
                          hutch_seccomp_abi_name (abis[a]));
          g_assert_cmphex (test_verdict (program, abis[a], cases[i].syscall, cases[i].args), ==,
                           cases[i].verdict);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/seccomp/shipped/compile", test_all_compile);
  g_test_add_func ("/seccomp/shipped/builtin", test_builtin);
  g_test_add_func ("/seccomp/shipped/verdicts", test_verdicts);
  return g_test_run ();
}
