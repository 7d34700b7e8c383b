/* hutch-launch: the sandbox's network namespace.
 *
 * Defends against: a sandbox reaching the host's network, its listening
 * sockets on 127.0.0.1 or its abstract Unix sockets (X11, D-Bus): without
 * --share-net the sandbox has a network namespace of its own, with only the
 * loopback interface, up.
 *
 * Creating a network namespace costs the kernel about half a millisecond,
 * the biggest single cost of a launch.  So the monitor process creates it
 * while pid 1 builds the file system on the other CPU: it joins the
 * sandbox's user namespace (it owns it, so it may), unshares the network
 * namespace, brings lo up and passes the namespace's fd to pid 1 over a
 * socket pair.  If the monitor cannot (say, it runs chrooted), it passes
 * nothing and pid 1 creates the namespace itself.
 */
#include "launch-plan.h"
#include "launch-util.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int
bring_loopback_up (void)
{
  struct ifreq ifr = { .ifr_name = "lo" };
  int s = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int r = -1;

  if (s < 0)
    return -1;
  if (ioctl (s, SIOCGIFFLAGS, &ifr) == 0)
    {
      ifr.ifr_flags |= IFF_UP;
      r = ioctl (s, SIOCSIFFLAGS, &ifr);
    }
  close (s);
  return r;
}

static void
send_fd (int sock, int fd)
{
  char data = 'n';
  struct iovec iov = { .iov_base = &data, .iov_len = 1 };
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int))];
  } control;
  struct msghdr msg = {
    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf,
  };
  struct cmsghdr *cmsg = CMSG_FIRSTHDR (&msg);

  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cmsg), &fd, sizeof (int));
  while (sendmsg (sock, &msg, MSG_NOSIGNAL) < 0 && errno == EINTR)
    ;
}

/* -1 if the peer closed the socket without sending an fd. */
static int
receive_fd (int sock)
{
  char data;
  struct iovec iov = { .iov_base = &data, .iov_len = 1 };
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int))];
  } control;
  struct msghdr msg = {
    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf,
  };
  struct cmsghdr *cmsg;
  ssize_t n;
  int fd;

  while ((n = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
    ;
  cmsg = n > 0 ? CMSG_FIRSTHDR (&msg) : NULL;
  if (cmsg == NULL || cmsg->cmsg_type != SCM_RIGHTS || cmsg->cmsg_len != CMSG_LEN (sizeof (int)))
    return -1;
  memcpy (&fd, CMSG_DATA (cmsg), sizeof (int));
  return fd;
}

unsigned long
netns_create_for_sandbox (const struct launch_plan *plan, pid_t pid1)
{
  char path[64];
  struct stat st;
  unsigned long inode = 0;
  int userns, netns;

  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) pid1);
  userns = open (path, O_RDONLY | O_CLOEXEC);
  if (userns < 0 || setns (userns, CLONE_NEWUSER) < 0 || unshare (CLONE_NEWNET) < 0
      || bring_loopback_up () < 0)
    {
      /* pid 1 will try itself and report what fails. */
      if (userns >= 0)
        close (userns);
      close (plan->netns_sock);
      return 0;
    }
  close (userns);
  netns = open ("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (netns >= 0)
    {
      if (fstat (netns, &st) == 0)
        inode = (unsigned long) st.st_ino;
      send_fd (plan->netns_sock, netns);
      close (netns);
    }
  close (plan->netns_sock);
  /* The monitor needs no privilege in the sandbox's user namespace. */
  drop_capability_sets ();
  return inode;
}

void
netns_enter (const struct launch_plan *plan)
{
  int netns = receive_fd (plan->netns_sock);

  close (plan->netns_sock);
  if (netns >= 0)
    {
      if (setns (netns, CLONE_NEWNET) < 0)
        die_errno (N_("cannot enter the sandbox's network namespace"));
      close (netns);
      return;
    }
  if (unshare (CLONE_NEWNET) < 0)
    die_errno (N_("cannot create the sandbox's network namespace"));
  if (bring_loopback_up () < 0)
    die_errno (N_("cannot set up the loopback interface"));
}

void
netns_wait_for_monitor (const struct launch_plan *plan)
{
  char byte;

  /* The monitor only closes its end: a read returns 0 (or an error if the
   * monitor died, which kills pid 1 anyway). */
  while (read (plan->netns_sock, &byte, 1) < 0 && errno == EINTR)
    ;
  close (plan->netns_sock);
}
