/* Tests of compiled seccomp filters in the kernel: a child process loads
 * the filters (as hutch-launch does: base, then default or an app's) and
 * makes real syscalls, with garbage in the upper halves of 32-bit
 * arguments, through the native ABI and, on x86_64, through i386's int 0x80
 * and x32.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccomp-builtin.h"
#include "seccomp-test-util.h"

#define HI(x) ((guint64)(x) << 32)

typedef enum
{
  VIA_NATIVE,
  VIA_I386, /* int 0x80 */
  VIA_X32,  /* syscall number | __X32_SYSCALL_BIT */
} Via;

#define KILLED G_MININT /* the child died of a signal */

static long
call_via (Via via, long nr, const guint64 args[6])
{
#if defined(__x86_64__)
  if (via == VIA_I386)
    {
      long ret;

      __asm__ volatile("int $0x80"
                       : "=a"(ret)
                       : "a"(nr), "b"(args[0]), "c"(args[1]), "d"(args[2]), "S"(args[3]),
                         "D"(args[4])
                       : "memory", "r8", "r9", "r10", "r11");
      if (ret < 0 && ret > -4096)
        {
          errno = (int)-ret;
          return -1;
        }
      return ret;
    }
  if (via == VIA_X32)
    nr |= 0x40000000;
#endif
  return syscall (nr, args[0], args[1], args[2], args[3], args[4], args[5]);
}

static void
load_filter (const struct sock_filter *insns, gsize len)
{
  struct sock_fprog prog = { (unsigned short)len, (struct sock_filter *)insns };

  if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
    _exit (100 + errno);
}

/* Loads @programs in a child, makes the call, returns its result: a value
 * >= 0, -errno, or KILLED. */
static int
run_call (const struct hutch_bpf_program *const *programs, Via via, long nr, const guint64 args[6])
{
  int fds[2];
  pid_t pid;
  int status;
  int result = KILLED;

  g_assert_no_errno (pipe2 (fds, O_CLOEXEC));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      long r;

      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        _exit (99);
      for (guint i = 0; programs[i] != NULL; i++)
        load_filter (programs[i]->insns, programs[i]->len);
      r = call_via (via, nr, args);
      if (r == 0 && nr == SYS_clone)
        _exit (0); /* the new child */
      result = r < 0 ? -errno : (int)MIN (r, G_MAXINT);
      if (write (fds[1], &result, sizeof result) != sizeof result)
        _exit (98);
      _exit (0);
    }
  close (fds[1]);
  if (read (fds[0], &result, sizeof result) != sizeof result)
    result = KILLED;
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) >= 100)
    g_error ("loading the filter failed: %s", g_strerror (WEXITSTATUS (status) - 100));
  if (WIFSIGNALED (status))
    result = KILLED;
  return result;
}

static gboolean
have_seccomp (void)
{
  static const struct sock_filter allow[] = { BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
  static const struct hutch_bpf_program prog = { allow, 1 };
  static const struct hutch_bpf_program *const programs[] = { &prog, NULL };
  guint64 args[6] = { 0 };

  if (run_call (programs, VIA_NATIVE, SYS_getpid, args) < 0)
    {
      g_test_skip ("seccomp filters cannot be loaded here");
      return FALSE;
    }
  return TRUE;
}

static gboolean
have_i386 (void)
{
#if defined(__x86_64__)
  static const struct hutch_bpf_program *const none[] = { NULL };
  guint64 args[6] = { 0 };

  return run_call (none, VIA_I386, 20 /* getpid */, args) > 0;
#else
  return FALSE;
#endif
}

/* base and default, stacked as hutch-launch loads them */
static const struct hutch_bpf_program *const builtin[] = {
  &hutch_seccomp_base,
  &hutch_seccomp_default,
  NULL,
};

typedef struct
{
  const char *syscall;
  guint64 args[6];
  int expected; /* >= 0: any success; < 0: -errno */
} Call;

#define OK 0

static void
check_calls (const struct hutch_bpf_program *const *programs, guint32 abi, Via via,
             const Call *calls, gsize n_calls)
{
  for (gsize i = 0; i < n_calls; i++)
    {
      int nr = test_syscall_nr (abi, calls[i].syscall);
      int r;

      if (nr < 0)
        continue;
      g_test_message ("%s via %s", calls[i].syscall, hutch_seccomp_abi_name (abi));
      r = run_call (programs, via, nr & ~0x40000000, calls[i].args);
      if (calls[i].expected == OK)
        g_assert_cmpint (r, >=, 0);
      else
        g_assert_cmpint (r, ==, calls[i].expected);
    }
}

static void
test_builtin_native (void)
{
  int null_fd;
  Call calls[] = {
    { "getpid", { 0 }, OK },
    { "unshare", { CLONE_NEWUSER }, -EPERM },
    { "unshare", { CLONE_NEWNET | HI (0xffff) }, -EPERM },
    { "unshare", { 0 }, OK },
    { "clone", { CLONE_NEWUSER | SIGCHLD }, -EPERM },
    { "clone", { SIGCHLD }, OK },
    { "clone3", { 0, 0 }, -ENOSYS },
    { "setns", { 999, 0 }, -EPERM },
    { "mount", { 0, 0, 0, 0, 0 }, -EPERM },
    { "chroot", { 0 }, -EPERM },
    { "fsopen", { 0, 0 }, -EPERM },
    { "ioctl", { 0, TIOCSTI, 0 }, -EPERM },
    { "ioctl", { 0, TIOCSTI | HI (1), 0 }, -EPERM },
    { "ioctl", { 0, TIOCLINUX | HI (0xffffffff), 0 }, -EPERM },
    { "ioctl", { 0, TIOCGWINSZ, 0 }, -ENOTTY },
    { "personality", { 0xffffffff }, OK },
    { "personality", { PER_LINUX | HI (0xdeadbeef) }, OK },
    { "personality", { ADDR_NO_RANDOMIZE }, -EPERM },
    { "personality", { READ_IMPLIES_EXEC | HI (0xffffffff) }, -EPERM },
    { "socket", { AF_UNIX, SOCK_STREAM, 0 }, OK },
    { "socket", { AF_UNIX | HI (1), SOCK_STREAM, 0 }, OK },
    { "socket", { AF_PACKET, SOCK_RAW, 0 }, -EAFNOSUPPORT },
    { "socket", { AF_PACKET | HI (1), SOCK_RAW, 0 }, -EAFNOSUPPORT },
    { "socket", { AF_UNIX + HI (1) - 1, SOCK_STREAM, 0 }, -EAFNOSUPPORT },
    { "ptrace", { 0 }, -EPERM },
    { "keyctl", { 0 }, -EPERM },
    { "bpf", { 0 }, -EPERM },
  };

  if (!have_seccomp ())
    return;
  null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC);
  g_assert_cmpint (null_fd, >=, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      if (strcmp (calls[i].syscall, "ioctl") == 0)
        calls[i].args[0] = (guint64)null_fd;
    }
  check_calls (builtin, seccomp_arch_native (), VIA_NATIVE, calls, G_N_ELEMENTS (calls));
  close (null_fd);
}

static void
test_builtin_i386 (void)
{
  Call calls[] = {
    { "getpid", { 0 }, OK },
    { "unshare", { CLONE_NEWUSER }, -EPERM },
    { "personality", { 0xffffffff }, OK },
    { "personality", { ADDR_NO_RANDOMIZE }, -EPERM },
    { "socketcall", { 1, 0 }, -ENOSYS },
    { "socket", { AF_UNIX, SOCK_STREAM, 0 }, OK },
    { "socket", { AF_PACKET, SOCK_RAW, 0 }, -EAFNOSUPPORT },
    { "ioctl", { 0, TIOCSTI, 0 }, -EPERM },
    { "mount", { 0 }, -EPERM },
    { "umount", { 0 }, -EPERM },
    { "ptrace", { 0 }, -EPERM },
    { "vm86", { 0 }, -EPERM },
  };

  if (seccomp_arch_native () != SCMP_ARCH_X86_64)
    {
      g_test_skip ("not x86_64");
      return;
    }
  if (!have_seccomp ())
    return;
  if (!have_i386 ())
    {
      g_test_skip ("this kernel runs no i386 code");
      return;
    }
  check_calls (builtin, SCMP_ARCH_X86, VIA_I386, calls, G_N_ELEMENTS (calls));
}

/* Even where the kernel runs no x32 code, seccomp sees x32 calls first. */
static void
test_builtin_x32 (void)
{
  Call calls[] = {
    { "unshare", { CLONE_NEWUSER }, -EPERM },
    { "personality", { ADDR_NO_RANDOMIZE | HI (1) }, -EPERM },
    { "socket", { AF_PACKET | HI (1), SOCK_RAW, 0 }, -EAFNOSUPPORT },
    { "ioctl", { 0, TIOCSTI | HI (1), 0 }, -EPERM },
    { "mount", { 0 }, -EPERM },
  };

  if (seccomp_arch_native () != SCMP_ARCH_X86_64)
    {
      g_test_skip ("not x86_64");
      return;
    }
  if (!have_seccomp ())
    return;
  check_calls (builtin, SCMP_ARCH_X32, VIA_X32, calls, G_N_ELEMENTS (calls));
}

/* A filter compiled at run time works in the kernel too, stacked on base:
 * an app's profile cannot take back what base denies. */
static void
test_app_profile (void)
{
  g_autoptr (GBytes) program
      = test_compile ("deny ioctl errno=ENOTTY if arg1:32 == FIONREAD\nallow ioctl\nallow mount\n"
                      "deny getppid errno=4000\n");
  gsize size;
  const struct sock_filter *insns = g_bytes_get_data (program, &size);
  const struct hutch_bpf_program app = { insns, (unsigned short)(size / sizeof *insns) };
  const struct hutch_bpf_program *const programs[] = { &hutch_seccomp_base, &app, NULL };
  Call calls[] = {
    { "getppid", { 0 }, -4000 },
    { "mount", { 0 }, -EPERM },
    { "ioctl", { 0, TIOCSTI | HI (1), 0 }, -EPERM },
  };

  if (!have_seccomp ())
    return;
  check_calls (programs, seccomp_arch_native (), VIA_NATIVE, calls, G_N_ELEMENTS (calls));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/seccomp/kernel/builtin-native", test_builtin_native);
  g_test_add_func ("/seccomp/kernel/builtin-i386", test_builtin_i386);
  g_test_add_func ("/seccomp/kernel/builtin-x32", test_builtin_x32);
  g_test_add_func ("/seccomp/kernel/app-profile", test_app_profile);
  return g_test_run ();
}
