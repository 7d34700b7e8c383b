/* hutch-launch: the system calls newer than some C libraries.
 *
 * glibc 2.36 declares the new mount API (open_tree, move_mount, fsopen,
 * fsconfig, fsmount, mount_setattr) and close_range.  musl, which
 * hutch-launch is built with when it is available (its start-up does not
 * query the CPU dozens of times, as glibc's does), declares none of them:
 * there they are thin wrappers of syscall(2), with the kernel's own
 * constants from <linux/mount.h>.
 */
#pragma once

#include <sys/mount.h>
#include <unistd.h>

#ifndef __GLIBC__
#include <linux/mount.h>
#include <sys/syscall.h>

static inline int
open_tree (int dfd, const char *path, unsigned flags)
{
  return (int) syscall (SYS_open_tree, dfd, path, flags);
}

static inline int
move_mount (int from_dfd, const char *from, int to_dfd, const char *to, unsigned flags)
{
  return (int) syscall (SYS_move_mount, from_dfd, from, to_dfd, to, flags);
}

static inline int
fsopen (const char *fstype, unsigned flags)
{
  return (int) syscall (SYS_fsopen, fstype, flags);
}

static inline int
fsconfig (int fd, unsigned cmd, const char *key, const void *value, int aux)
{
  return (int) syscall (SYS_fsconfig, fd, cmd, key, value, aux);
}

static inline int
fsmount (int fd, unsigned flags, unsigned attrs)
{
  return (int) syscall (SYS_fsmount, fd, flags, attrs);
}

static inline int
mount_setattr (int dfd, const char *path, unsigned flags, struct mount_attr *attr, size_t size)
{
  return (int) syscall (SYS_mount_setattr, dfd, path, flags, attr, size);
}

static inline int
close_range (unsigned first, unsigned last, int flags)
{
  return (int) syscall (SYS_close_range, first, last, flags);
}
#endif
