/* The symbolic names a seccomp profile may use for values (CLONE_NEWUSER,
 * TIOCSTI, AF_INET…) and for errno (EPERM…).  Every value comes from the
 * system headers of the machine the profile is compiled on, never from a
 * number typed here, so that a profile means what the kernel means.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-private.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>

typedef struct
{
  const char *name;
  guint64 value;
} Constant;

/* clang-format off */
#define C(x) { #x, (guint64) (x) }
/* clang-format on */

static const Constant constants[] = {
  /* clone(2), unshare(2), setns(2) flags */
  C (CLONE_VM),
  C (CLONE_FS),
  C (CLONE_FILES),
  C (CLONE_SIGHAND),
#ifdef CLONE_PIDFD
  C (CLONE_PIDFD),
#endif
  C (CLONE_PTRACE),
  C (CLONE_VFORK),
  C (CLONE_PARENT),
  C (CLONE_THREAD),
  C (CLONE_NEWNS),
  C (CLONE_SYSVSEM),
  C (CLONE_SETTLS),
  C (CLONE_PARENT_SETTID),
  C (CLONE_CHILD_CLEARTID),
  C (CLONE_DETACHED),
  C (CLONE_UNTRACED),
  C (CLONE_CHILD_SETTID),
  C (CLONE_NEWCGROUP),
  C (CLONE_NEWUTS),
  C (CLONE_NEWIPC),
  C (CLONE_NEWUSER),
  C (CLONE_NEWPID),
  C (CLONE_NEWNET),
  C (CLONE_IO),
#ifdef CLONE_NEWTIME
  C (CLONE_NEWTIME),
#endif

  /* ioctl(2) requests on terminals and files */
  C (TIOCSTI),
  C (TIOCLINUX),
  C (TIOCCONS),
  C (TIOCSCTTY),
  C (TIOCNOTTY),
  C (TIOCSETD),
  C (TIOCGETD),
  C (TIOCGWINSZ),
  C (TIOCSWINSZ),
  C (TIOCGPGRP),
  C (TIOCSPGRP),
  C (TIOCGSID),
  C (TIOCEXCL),
  C (TIOCNXCL),
  C (TIOCMGET),
  C (TIOCMSET),
  C (TIOCVHANGUP),
  C (TIOCGPTN),
  C (TIOCSPTLCK),
#ifdef TIOCGEXCL
  C (TIOCGEXCL),
#endif
#ifdef TIOCGPTPEER
  C (TIOCGPTPEER),
#endif
  C (TCGETS),
  C (TCSETS),
  C (TCSETSW),
  C (TCSETSF),
  C (TCFLSH),
  C (TCXONC),
  C (TCSBRK),
  C (FIONREAD),
  C (FIONBIO),
  C (FIOCLEX),
  C (FIONCLEX),
  C (FIOASYNC),

  /* personality(2) */
  C (PER_LINUX),
  C (PER_LINUX_32BIT),
  C (PER_LINUX32),
  C (PER_BSD),
  C (UNAME26),
  C (ADDR_NO_RANDOMIZE),
  C (FDPIC_FUNCPTRS),
  C (MMAP_PAGE_ZERO),
  C (ADDR_COMPAT_LAYOUT),
  C (READ_IMPLIES_EXEC),
  C (ADDR_LIMIT_32BIT),
  C (SHORT_INODE),
  C (WHOLE_SECONDS),
  C (STICKY_TIMEOUTS),
  C (ADDR_LIMIT_3GB),

  /* socket(2) domains and types, netlink protocols */
  C (AF_UNSPEC),
  C (AF_UNIX),
  C (AF_LOCAL),
  C (AF_INET),
  C (AF_INET6),
  C (AF_NETLINK),
  C (AF_PACKET),
  C (AF_BLUETOOTH),
  C (AF_CAN),
  C (AF_KEY),
  C (AF_APPLETALK),
  C (AF_AX25),
  C (AF_X25),
  C (AF_IPX),
  C (AF_LLC),
  C (AF_TIPC),
  C (AF_RDS),
  C (AF_PPPOX),
  C (AF_ATMPVC),
  C (AF_ATMSVC),
  C (AF_ALG),
  C (AF_NFC),
  C (AF_VSOCK),
#ifdef AF_QIPCRTR
  C (AF_QIPCRTR),
#endif
#ifdef AF_XDP
  C (AF_XDP),
#endif
  C (SOCK_STREAM),
  C (SOCK_DGRAM),
  C (SOCK_RAW),
  C (SOCK_RDM),
  C (SOCK_SEQPACKET),
  C (SOCK_PACKET),
  C (SOCK_NONBLOCK),
  C (SOCK_CLOEXEC),
  C (NETLINK_ROUTE),
  C (NETLINK_SOCK_DIAG),
  C (NETLINK_XFRM),
  C (NETLINK_SELINUX),
  C (NETLINK_AUDIT),
  C (NETLINK_NETFILTER),
  C (NETLINK_KOBJECT_UEVENT),
  C (NETLINK_GENERIC),
  C (NETLINK_CONNECTOR),

  /* fcntl(2) commands and open(2) flags */
  C (F_DUPFD),
  C (F_DUPFD_CLOEXEC),
  C (F_GETFD),
  C (F_SETFD),
  C (F_GETFL),
  C (F_SETFL),
  C (F_GETLK),
  C (F_SETLK),
  C (F_SETLKW),
  C (F_OFD_GETLK),
  C (F_OFD_SETLK),
  C (F_OFD_SETLKW),
  C (F_GETOWN),
  C (F_SETOWN),
  C (F_GETOWN_EX),
  C (F_SETOWN_EX),
  C (F_GETSIG),
  C (F_SETSIG),
  C (F_SETLEASE),
  C (F_GETLEASE),
  C (F_NOTIFY),
  C (F_SETPIPE_SZ),
  C (F_GETPIPE_SZ),
  C (F_ADD_SEALS),
  C (F_GET_SEALS),
  C (FD_CLOEXEC),
  C (O_RDONLY),
  C (O_WRONLY),
  C (O_RDWR),
  C (O_ACCMODE),
  C (O_CREAT),
  C (O_EXCL),
  C (O_NOCTTY),
  C (O_TRUNC),
  C (O_APPEND),
  C (O_NONBLOCK),
  C (O_SYNC),
  C (O_DIRECT),
  C (O_DIRECTORY),
  C (O_NOFOLLOW),
  C (O_CLOEXEC),
  C (O_PATH),
  C (O_TMPFILE),

  /* prctl(2) options */
  C (PR_SET_PDEATHSIG),
  C (PR_GET_PDEATHSIG),
  C (PR_GET_DUMPABLE),
  C (PR_SET_DUMPABLE),
  C (PR_GET_KEEPCAPS),
  C (PR_SET_KEEPCAPS),
  C (PR_SET_NAME),
  C (PR_GET_NAME),
  C (PR_GET_SECCOMP),
  C (PR_SET_SECCOMP),
  C (PR_CAPBSET_READ),
  C (PR_CAPBSET_DROP),
  C (PR_GET_SECUREBITS),
  C (PR_SET_SECUREBITS),
  C (PR_SET_TIMERSLACK),
  C (PR_GET_TIMERSLACK),
  C (PR_SET_MM),
  C (PR_SET_PTRACER),
  C (PR_SET_CHILD_SUBREAPER),
  C (PR_GET_CHILD_SUBREAPER),
  C (PR_SET_NO_NEW_PRIVS),
  C (PR_GET_NO_NEW_PRIVS),
  C (PR_SET_THP_DISABLE),
  C (PR_GET_THP_DISABLE),
  C (PR_CAP_AMBIENT),
  C (PR_GET_SPECULATION_CTRL),
  C (PR_SET_SPECULATION_CTRL),
#ifdef PR_SET_IO_FLUSHER
  C (PR_SET_IO_FLUSHER),
#endif
#ifdef PR_SET_SYSCALL_USER_DISPATCH
  C (PR_SET_SYSCALL_USER_DISPATCH),
#endif
#ifdef PR_SCHED_CORE
  C (PR_SCHED_CORE),
#endif
#ifdef PR_SET_VMA
  C (PR_SET_VMA),
#endif
#ifdef PR_SET_MDWE
  C (PR_SET_MDWE),
#endif

  /* mmap(2), mprotect(2), memfd_create(2) */
  C (PROT_NONE),
  C (PROT_READ),
  C (PROT_WRITE),
  C (PROT_EXEC),
  C (MAP_SHARED),
  C (MAP_PRIVATE),
  C (MAP_FIXED),
  C (MAP_ANONYMOUS),
  C (MAP_GROWSDOWN),
  C (MAP_HUGETLB),
  C (MAP_FIXED_NOREPLACE),
  C (MFD_CLOEXEC),
  C (MFD_ALLOW_SEALING),
  C (MFD_HUGETLB),
#ifdef MFD_NOEXEC_SEAL
  C (MFD_NOEXEC_SEAL),
  C (MFD_EXEC),
#endif
};

typedef struct
{
  const char *name;
  int value;
} ErrnoName;

/* clang-format off */
#define E(x) { #x, x }
/* clang-format on */

/* The errno values a denial may report.  ENOTSUP equals EOPNOTSUPP on
 * Linux; the first name of a value is the one printed back. */
static const ErrnoName errno_names[] = {
  E (EPERM),         E (ENOENT),     E (ESRCH),        E (EINTR),           E (EIO),
  E (ENXIO),         E (E2BIG),      E (ENOEXEC),      E (EBADF),           E (ECHILD),
  E (EAGAIN),        E (ENOMEM),     E (EACCES),       E (EFAULT),          E (EBUSY),
  E (EEXIST),        E (EXDEV),      E (ENODEV),       E (ENOTDIR),         E (EISDIR),
  E (EINVAL),        E (ENFILE),     E (EMFILE),       E (ENOTTY),          E (ETXTBSY),
  E (EFBIG),         E (ENOSPC),     E (ESPIPE),       E (EROFS),           E (EMLINK),
  E (EPIPE),         E (EDOM),       E (ERANGE),       E (ENOSYS),          E (ENAMETOOLONG),
  E (ENOTEMPTY),     E (ELOOP),      E (ENOMSG),       E (ENODATA),         E (EOVERFLOW),
  E (ENOTSOCK),      E (EPROTOTYPE), E (ENOPROTOOPT),  E (EPROTONOSUPPORT), E (ESOCKTNOSUPPORT),
  E (EOPNOTSUPP),    E (ENOTSUP),    E (EPFNOSUPPORT), E (EAFNOSUPPORT),    E (EADDRINUSE),
  E (EADDRNOTAVAIL), E (ENETDOWN),   E (ENETUNREACH),  E (ECONNREFUSED),    E (ECONNRESET),
  E (ETIMEDOUT),     E (ECANCELED),  E (ENOKEY),       E (EKEYREJECTED),    E (ENOMEDIUM),
  E (EDQUOT),
};

gboolean
hutch_seccomp_lookup_constant (const char *name, guint64 *value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (constants); i++)
    {
      if (strcmp (constants[i].name, name) == 0)
        {
          *value = constants[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
hutch_seccomp_lookup_errno (const char *name, int *value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (errno_names); i++)
    {
      if (strcmp (errno_names[i].name, name) == 0)
        {
          *value = errno_names[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
hutch_seccomp_errno_name (int value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (errno_names); i++)
    {
      if (errno_names[i].value == value)
        return errno_names[i].name;
    }
  return NULL;
}
