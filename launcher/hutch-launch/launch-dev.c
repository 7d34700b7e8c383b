/* hutch-launch: --dev, a minimal /dev.
 *
 * Defends against: access to the host's disks, memory and other devices.
 * Only the harmless character devices are bound from the host (null, zero,
 * full, random, urandom, tty, and the caller's terminal as console); ptys come
 * from a new devpts instance, so the sandbox cannot reach the host's other
 * terminals.
 */
#include "launch-fs.h"
#include "launch-ops.h"
#include "launch-syscalls.h"
#include "launch-util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const host_devices[] = { "null", "zero", "full", "random", "urandom", "tty" };

static const char *const dev_links[][2] = {
  { "fd", "/proc/self/fd" },
  { "stdin", "/proc/self/fd/0" },
  { "stdout", "/proc/self/fd/1" },
  { "stderr", "/proc/self/fd/2" },
  { "ptmx", "pts/ptmx" },
};

/* Bind the host's device @src (an O_PATH fd) on a new file @name in the
 * directory @dev.  Device nodes cannot be executed and have no setuid bit:
 * the binds need no mount flags. */
static void
bind_device (int src, int dev, const char *name, const char *dest)
{
  int tree;

  if (mknodat (dev, name, S_IFREG | 0444, 0) < 0)
    die_errno (N_("cannot create the mount point “%s/%s”"), dest, name);
  tree = fs_clone_tree (src, false);
  if (tree < 0 || move_mount (tree, "", dev, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
    die_errno (N_("cannot bind a device on “%s/%s”"), dest, name);
  close (tree);
}

static void
mount_devpts (int dev, const char *dest)
{
  static const char *const options[] = {
    "newinstance", NULL, "ptmxmode", "0666", "mode", "0620", NULL,
  };
  int mnt, mp;

  if (mkdirat (dev, "pts", 0755) < 0)
    die_errno (N_("cannot create the directory “%s/%s”"), dest, "pts");
  mnt = fs_new_mount ("devpts", options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
  mp = openat (dev, "pts", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (mnt < 0 || mp < 0 || fs_attach (mnt, mp) < 0)
    die_errno (N_("cannot mount %s on “%s/%s”"), "devpts", dest, "pts");
  close (mp);
  close (mnt);
}

void
setup_dev (const struct fs_roots *roots, int host_dev, const char *dest)
{
  static const char *const options[] = { "mode", "0755", NULL };
  int mnt, mp;

  mnt = fs_new_mount ("tmpfs", options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
  if (mnt < 0)
    die_errno (N_("cannot mount %s on “%s”"), "tmpfs", dest);
  mp = fs_mountpoint (roots->newroot, dest, true);
  if (mp < 0)
    die_errno (N_("cannot create the mount point “%s”"), dest);
  if (fs_attach (mnt, mp) < 0)
    die_errno (N_("cannot mount %s on “%s”"), "tmpfs", dest);
  close (mp);

  /* The attached mount's fd is the new /dev's root directory. */
  for (size_t i = 0; i < sizeof host_devices / sizeof host_devices[0]; i++)
    {
      int src = openat (host_dev, host_devices[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
      if (src < 0)
        die_errno (N_("cannot open the host's “/dev/%s”"), host_devices[i]);
      bind_device (src, mnt, host_devices[i], dest);
      close (src);
    }
  for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
    if (symlinkat (dev_links[i][1], mnt, dev_links[i][0]) < 0)
      die_errno (N_("cannot create the symbolic link “%s/%s”"), dest, dev_links[i][0]);
  if (mkdirat (mnt, "shm", 01777) < 0 || fchmodat (mnt, "shm", 01777, 0) < 0)
    die_errno (N_("cannot create the directory “%s/%s”"), dest, "shm");
  mount_devpts (mnt, dest);
  if (roots->console >= 0)
    bind_device (roots->console, mnt, "console", dest);
  close (mnt);
}
