/* hutch-test-probe: small checks run INSIDE a sandbox by the shell tests.
 *
 *   probe syscall ABI NAME [ARG...]   make syscall NAME through ABI (native,
 *                                     x32 or i386) and print the errno name
 *   probe syscalls ABI SPEC...        the same for each SPEC, "NAME[:ARG,ARG…]"
 *                                     (prefix "raw:" for --raw), each in a
 *                                     child process; prints "SPEC RESULT" lines
 *   probe loopback                    listen on 127.0.0.1 and connect to it
 *   probe tiocsti                     push a character into the terminal on
 *                                     fd 0, plainly and with high bits set
 *   probe fds                         list open fds above 2
 *   probe write PATH                  try to create and write PATH
 *   probe euid                        print the effective uid
 *   probe pid1                        open pid 1's memory and environment
 *   probe listen PORTFILE             serve "hello" on 127.0.0.1, port in PORTFILE
 *   probe connect PORT                connect to 127.0.0.1:PORT, print what came
 *   probe unix-listen PATH            serve "hello" on the Unix socket PATH
 *   probe unix-connect PATH           connect to the Unix socket PATH, print what came
 *
 * How "syscall" tells a seccomp denial from the kernel's own answer: before
 * the call, the probe installs a filter of its own that returns
 * SECCOMP_RET_TRACE for exactly that (ABI, number).  With no tracer attached
 * the kernel then fails the call with ENOSYS without running it.  When
 * filters disagree the most restrictive action wins, and ERRNO beats TRACE:
 * so if the sandbox's filter denies the call we see its errno (EPERM…), and
 * if it does not we see ENOSYS.  Nothing dangerous is ever executed, and the
 * check works for syscalls that would fail anyway for lack of privilege.
 * (Use --raw to skip the probe's filter, for calls whose expected errno is
 * itself ENOSYS, like clone3.)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_SYSCALL_BIT 0x40000000

static const char *
errno_name (int e)
{
  static const struct { int e; const char *name; } names[] = {
    { 0, "OK" }, { EPERM, "EPERM" }, { ENOSYS, "ENOSYS" }, { EACCES, "EACCES" },
    { EINVAL, "EINVAL" }, { EFAULT, "EFAULT" }, { EBADF, "EBADF" }, { ENOENT, "ENOENT" },
    { EROFS, "EROFS" }, { ENOTTY, "ENOTTY" }, { EIO, "EIO" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
    { ESRCH, "ESRCH" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { ENOTDIR, "ENOTDIR" }, { EEXIST, "EEXIST" }, { ENETUNREACH, "ENETUNREACH" },
    { ECONNREFUSED, "ECONNREFUSED" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
  };
  static char buf[32];

  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].e == e)
      return names[i].name;
  snprintf (buf, sizeof buf, "errno%d", e);
  return buf;
}

static int
install_trace_filter (unsigned audit_arch, unsigned nr)
{
  struct sock_filter insns[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, audit_arch, 0, 3),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_TRACE),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = { .len = sizeof insns / sizeof insns[0], .filter = insns };

  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return -1;
  return (int) syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* A 32-bit system call from 64-bit code: int $0x80 uses the i386 table and
 * seccomp sees AUDIT_ARCH_I386. */
static long
syscall_i386 (unsigned nr, const unsigned long a[6])
{
  long ret;
  register unsigned long r_ebp __asm__ ("rbp") = a[5];

  (void) r_ebp;
  __asm__ volatile ("push %%rbp\n\t"
                    "mov %7, %%rbp\n\t"
                    "int $0x80\n\t"
                    "pop %%rbp"
                    : "=a"(ret)
                    : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4]), "g"(a[5])
                    : "memory", "cc", "r8", "r9", "r10", "r11");
  return ret;
}

static int
do_syscall (int argc, char **argv)
{
  bool raw = false;
  const char *abi, *name;
  unsigned long a[6] = { 0 };
  uint32_t arch;
  unsigned audit_arch;
  int nr;
  long ret;

  if (argc > 0 && strcmp (argv[0], "--raw") == 0)
    {
      raw = true;
      argc--, argv++;
    }
  if (argc < 2 || argc > 8)
    {
      fprintf (stderr, "usage: probe syscall [--raw] native|x32|i386 NAME [ARG...]\n");
      return 2;
    }
  abi = argv[0];
  name = argv[1];
  for (int i = 2; i < argc; i++)
    a[i - 2] = strtoul (argv[i], NULL, 0);
  if (strcmp (abi, "native") == 0)
    arch = SCMP_ARCH_NATIVE, audit_arch = AUDIT_ARCH_X86_64;
  else if (strcmp (abi, "x32") == 0)
    arch = SCMP_ARCH_X32, audit_arch = AUDIT_ARCH_X86_64;
  else if (strcmp (abi, "i386") == 0)
    arch = SCMP_ARCH_X86, audit_arch = AUDIT_ARCH_I386;
  else
    {
      fprintf (stderr, "probe: unknown ABI %s\n", abi);
      return 2;
    }
  /* "#NUMBER" names a syscall by its number on that ABI (without the x32
   * bit), for calls libseccomp does not know under a name there. */
  if (name[0] == '#')
    nr = (int) strtol (name + 1, NULL, 0) | (arch == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0);
  else
    nr = seccomp_syscall_resolve_name_arch (arch, name);
  if (nr < 0)
    {
      printf ("NOSUCHCALL\n");
      return 0;
    }
  if (!raw && install_trace_filter (audit_arch, (unsigned) nr) < 0)
    {
      perror ("probe: installing the trace filter");
      return 2;
    }
  if (arch == SCMP_ARCH_X86)
    {
      ret = syscall_i386 ((unsigned) nr, a);
      errno = ret < 0 && ret > -4096 ? (int) -ret : 0;
    }
  else
    {
      errno = 0;
      ret = syscall (nr, a[0], a[1], a[2], a[3], a[4], a[5]);
      if (ret >= 0)
        errno = 0;
    }
  printf ("%s\n", errno_name (errno));
  return 0;
}

/* "raw:NAME:1,2" → argv for do_syscall(). */
static int
do_syscall_spec (const char *abi, const char *spec)
{
  char buf[256], *args[10], *p;
  int n = 0;

  snprintf (buf, sizeof buf, "%s", spec);
  p = buf;
  if (strncmp (p, "raw:", 4) == 0)
    {
      args[n++] = (char *) "--raw";
      p += 4;
    }
  args[n++] = (char *) abi;
  args[n++] = p;
  p = strchr (p, ':');
  if (p != NULL)
    {
      *p++ = '\0';
      for (char *tok = strtok (p, ","); tok != NULL && n < 10; tok = strtok (NULL, ","))
        args[n++] = tok;
    }
  printf ("%s ", spec);
  fflush (stdout);
  return do_syscall (n, args);
}

static int
do_syscalls (int argc, char **argv)
{
  if (argc < 2)
    return 2;
  for (int i = 1; i < argc; i++)
    {
      int status;
      pid_t pid = fork ();
      if (pid < 0)
        return 2;
      if (pid == 0)
        {
          int r = do_syscall_spec (argv[0], argv[i]);
          fflush (stdout);
          _exit (r);
        }
      if (waitpid (pid, &status, 0) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        printf ("%s probe-failed\n", argv[i]);
      fflush (stdout);
    }
  return 0;
}

static int
do_loopback (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int l = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int c = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (l < 0 || c < 0 || bind (l, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (l, 1) < 0
      || getsockname (l, (struct sockaddr *) &addr, &len) < 0
      || connect (c, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      printf ("%s\n", errno_name (errno));
      return 0;
    }
  printf ("OK\n");
  return 0;
}

static int
do_listen (const char *portfile)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int l = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  FILE *f;

  if (l < 0 || bind (l, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (l, 8) < 0
      || getsockname (l, (struct sockaddr *) &addr, &len) < 0)
    {
      perror ("probe: listen");
      return 2;
    }
  f = fopen (portfile, "we");
  if (f == NULL || fprintf (f, "%u\n", (unsigned) ntohs (addr.sin_port)) < 0 || fclose (f) != 0)
    return 2;
  for (;;)
    {
      int c = accept4 (l, NULL, NULL, SOCK_CLOEXEC);
      if (c >= 0)
        {
          (void) write (c, "hello\n", 6);
          close (c);
        }
    }
}

static int
do_connect (const char *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  char buf[64] = "";
  int c = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ssize_t n;

  addr.sin_port = htons ((uint16_t) atoi (port));
  if (c < 0 || connect (c, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      printf ("%s\n", errno_name (errno));
      return 0;
    }
  n = read (c, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = '\0';
  printf ("OK %s", buf);
  return 0;
}

static int
do_unix_listen (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int l = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  snprintf (addr.sun_path, sizeof addr.sun_path, "%s", path);
  if (l < 0 || bind (l, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (l, 8) < 0)
    {
      perror ("probe: unix-listen");
      return 2;
    }
  for (;;)
    {
      int c = accept4 (l, NULL, NULL, SOCK_CLOEXEC);
      if (c >= 0)
        {
          (void) write (c, "hello\n", 6);
          close (c);
        }
    }
}

static int
do_unix_connect (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char buf[64] = "";
  int c = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ssize_t n;

  snprintf (addr.sun_path, sizeof addr.sun_path, "%s", path);
  if (c < 0 || connect (c, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      printf ("%s\n", errno_name (errno));
      return 0;
    }
  n = read (c, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = '\0';
  printf ("OK %s", buf);
  return 0;
}

static int
do_tiocsti (void)
{
  char c = ' ';
  int plain = ioctl (0, TIOCSTI, &c) < 0 ? errno : 0;
  int high = syscall (SYS_ioctl, 0, (unsigned long) TIOCSTI | (1UL << 32), &c) < 0 ? errno : 0;
  int linux_ = ioctl (0, TIOCLINUX, &c) < 0 ? errno : 0;

  printf ("TIOCSTI=%s TIOCSTI_HIGH=%s TIOCLINUX=%s\n", errno_name (plain), errno_name (high),
          errno_name (linux_));
  return 0;
}

static int
do_fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;
  int self;

  if (d == NULL)
    {
      perror ("probe: /proc/self/fd");
      return 2;
    }
  self = dirfd (d);
  while ((e = readdir (d)) != NULL)
    {
      int fd = atoi (e->d_name);
      if (e->d_name[0] != '.' && fd > 2 && fd != self)
        printf ("%d\n", fd);
    }
  closedir (d);
  return 0;
}

static int
do_write (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (fd < 0 || write (fd, "x", 1) != 1)
    {
      printf ("%s\n", errno_name (errno));
      return 0;
    }
  close (fd);
  printf ("OK\n");
  return 0;
}

/* "mem=R environ=R", R being OK or the errno of opening /proc/1/FILE. */
static int
do_pid1 (void)
{
  static const char *const files[] = { "mem", "environ" };

  for (size_t i = 0; i < 2; i++)
    {
      char path[32];
      int fd;

      snprintf (path, sizeof path, "/proc/1/%s", files[i]);
      fd = open (path, O_RDONLY | O_CLOEXEC);
      printf ("%s%s=%s", i > 0 ? " " : "", files[i], fd >= 0 ? "OK" : errno_name (errno));
      if (fd >= 0)
        close (fd);
    }
  printf ("\n");
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "syscall") == 0)
    return do_syscall (argc - 2, argv + 2);
  if (argc >= 2 && strcmp (argv[1], "syscalls") == 0)
    return do_syscalls (argc - 2, argv + 2);
  if (argc == 2 && strcmp (argv[1], "loopback") == 0)
    return do_loopback ();
  if (argc == 2 && strcmp (argv[1], "tiocsti") == 0)
    return do_tiocsti ();
  if (argc == 2 && strcmp (argv[1], "fds") == 0)
    return do_fds ();
  if (argc == 3 && strcmp (argv[1], "unix-listen") == 0)
    return do_unix_listen (argv[2]);
  if (argc == 3 && strcmp (argv[1], "unix-connect") == 0)
    return do_unix_connect (argv[2]);
  if (argc == 3 && strcmp (argv[1], "listen") == 0)
    return do_listen (argv[2]);
  if (argc == 3 && strcmp (argv[1], "connect") == 0)
    return do_connect (argv[2]);
  if (argc == 2 && strcmp (argv[1], "euid") == 0)
    return printf ("%u\n", (unsigned) geteuid ()) < 0;
  if (argc == 3 && strcmp (argv[1], "write") == 0)
    return do_write (argv[2]);
  if (argc == 2 && strcmp (argv[1], "pid1") == 0)
    return do_pid1 ();
  fprintf (stderr, "usage: probe syscall|tiocsti|fds|write ...\n");
  return 2;
}
