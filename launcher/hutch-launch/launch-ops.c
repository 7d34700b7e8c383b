/* hutch-launch: the file-system operations, applied in command-line order
 * to the new root.
 *
 * Defends against: a bind that leaves device nodes or setuid programs usable
 * (every bind is nosuid, and nodev unless --dev-bind), a read-only bind that
 * leaves writable mounts below it (read-only is applied recursively with
 * mount_setattr), and a sandbox that sees the host's /proc/sys or
 * /proc/sysrq-trigger writable.
 */
#include "launch-ops.h"
#include "launch-fs.h"
#include "launch-syscalls.h"
#include "launch-util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned
bind_attrs (const struct launch_plan *plan, unsigned op_flags)
{
  unsigned attrs = 0;

  if (!(op_flags & OP_FLAG_DEVICES))
    attrs |= MOUNT_ATTR_NODEV;
  if (!plan_off (plan, DEBUG_OFF_NOSUID))
    attrs |= MOUNT_ATTR_NOSUID;
  if ((op_flags & OP_FLAG_READONLY) && !plan_off (plan, DEBUG_OFF_READONLY))
    attrs |= MOUNT_ATTR_RDONLY;
  return attrs;
}

/* Mount the detached copy @tree (from fs_clone_tree()) on @dest with
 * @attrs. */
static void
attach_tree (const struct fs_roots *roots, int tree, const char *what, const char *dest,
             unsigned attrs)
{
  struct stat st;
  int mp;

  if (fstat (tree, &st) < 0 || fs_set_attrs (tree, attrs, true) < 0)
    die_errno (N_("cannot bind “%s” on “%s”"), what, dest);
  mp = fs_mountpoint (roots->newroot, dest, S_ISDIR (st.st_mode));
  if (mp < 0)
    die_errno (N_("cannot create the mount point “%s”"), dest);
  if (fs_attach (tree, mp) < 0)
    die_errno (N_("cannot bind “%s” on “%s”"), what, dest);
  close (mp);
}

/* Mount a copy of the tree at @src_fd on @dest with @attrs. */
static void
bind_fd (const struct fs_roots *roots, int src_fd, const char *what, const char *dest,
         unsigned attrs)
{
  int tree = fs_clone_tree (src_fd, true);

  if (tree < 0)
    die_errno (N_("cannot bind “%s” on “%s”"), what, dest);
  attach_tree (roots, tree, what, dest, attrs);
  close (tree);
}

/* A bind's source is copied (with the mounts below it) when it is opened,
 * before the new root is mounted over the host's /tmp: a copy taken later
 * of a source that holds /tmp (/tmp itself, a `host` grant) would hold the
 * sandbox's own root, writable, instead of the host's files. */
static int
clone_source (int src, const struct launch_op *op)
{
  int tree = fs_clone_tree (src, true);

  if (tree < 0)
    die_errno (N_("cannot bind “%s” on “%s”"), op->source, op->dest);
  close (src);
  return tree;
}

/* The object of --bind-fd, reopened by its path in the sandbox's mount
 * namespace (see record_bind_fds()): the same inode or nothing. */
static int
open_bind_fd_source (const struct fs_roots *roots, const struct launch_op *op)
{
  struct open_how how = {
    .flags = O_PATH | O_CLOEXEC,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
  };
  struct stat st;
  int fd = (int) syscall (SYS_openat2, roots->oldroot, op->source, &how, sizeof how);

  if (fd < 0)
    die_errno (N_("cannot bind file descriptor %d (“%s”) on “%s”"), op->fd, op->source, op->dest);
  if (fstat (fd, &st) < 0 || st.st_dev != op->fd_dev || st.st_ino != op->fd_ino)
    die_with_code (EXIT_SETUP_FAILED, 0, N_("cannot bind file descriptor %d on “%s”: “%s” is no "
                                            "longer the file it was opened on"),
                   op->fd, op->dest, op->source);
  return fd;
}

/* The source of @op, or -1 if it has none or is a missing --*-try. */
static int
open_source (const struct launch_plan *plan, const struct fs_roots *roots,
             const struct launch_op *op)
{
  int src;

  switch (op->kind)
    {
    case OP_BIND_FD:
      return clone_source (open_bind_fd_source (roots, op), op);
    case OP_BIND:
      src = fs_open_in_root (roots->oldroot, op->source, O_PATH);
      if (src < 0 && errno == ENOENT && (op->flags & OP_FLAG_TRY))
        return -1;
      if (src < 0)
        die_errno (N_("cannot bind “%s” on “%s”"), op->source, op->dest);
      return clone_source (src, op);
    case OP_DEV:
      src = fs_open_in_root (roots->oldroot, "/dev", O_PATH | O_DIRECTORY);
      if (src < 0)
        die_errno (N_("cannot open the host's “%s”"), "/dev");
      return src;
    case OP_PROC:
      if (!plan_off (plan, DEBUG_OFF_PIDNS))
        return -1;
      src = fs_open_in_root (roots->oldroot, "/proc", O_PATH);
      if (src < 0)
        die_errno (N_("cannot bind “%s” on “%s”"), "/proc", op->dest);
      return src;
    default:
      return -1;
    }
}

void
open_op_sources (const struct launch_plan *plan, struct fs_roots *roots)
{
  bool has_dev = false;

  for (size_t i = 0; i < plan->cfg->n_ops; i++)
    {
      roots->sources[i] = open_source (plan, roots, &plan->cfg->ops[i]);
      has_dev |= plan->cfg->ops[i].kind == OP_DEV;
    }
  roots->console = -1;
  if (has_dev && plan->tty_path != NULL)
    {
      roots->console = fs_open_in_root (roots->oldroot, plan->tty_path, O_PATH);
      if (roots->console < 0)
        die_errno (N_("cannot open the terminal “%s”"), plan->tty_path);
    }
}

static void
op_bind (const struct launch_plan *plan, const struct fs_roots *roots, const struct launch_op *op,
         int src)
{
  if (src < 0)
    return; /* a --*-try whose source is missing */
  attach_tree (roots, src, op->source, op->dest, bind_attrs (plan, op->flags));
}

/* Attach the new detached mount @mnt of @fstype on the directory @dest. */
static void
attach_new (const struct fs_roots *roots, int mnt, const char *fstype, const char *dest)
{
  int mp = fs_mountpoint (roots->newroot, dest, true);

  if (mp < 0)
    die_errno (N_("cannot create the mount point “%s”"), dest);
  if (fs_attach (mnt, mp) < 0)
    die_errno (N_("cannot mount %s on “%s”"), fstype, dest);
  close (mp);
}

/* Attach a fresh mount of @fstype on the directory @dest; returns the
 * mount's fd (its root directory). */
static int
mount_new (const struct fs_roots *roots, const char *fstype, const char *const *options,
           unsigned attrs, const char *dest)
{
  int mnt = fs_new_mount (fstype, options, attrs);

  if (mnt < 0)
    die_errno (N_("cannot mount %s on “%s”"), fstype, dest);
  attach_new (roots, mnt, fstype, dest);
  return mnt;
}

static void
op_tmpfs (const struct fs_roots *roots, const struct launch_op *op)
{
  char mode[16], size[32];
  const char *options[] = { "mode", mode, op->size ? "size" : NULL, size, NULL };

  snprintf (mode, sizeof mode, "0%o", op->perms != LAUNCH_PERMS_DEFAULT ? op->perms : 0755);
  snprintf (size, sizeof size, "%lu", op->size);
  close (mount_new (roots, "tmpfs", options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, op->dest));
}

static void
op_dir (const struct fs_roots *roots, const struct launch_op *op)
{
  mode_t mode = op->perms != LAUNCH_PERMS_DEFAULT ? op->perms : 0755;
  int fd;

  if (fs_mkdir_p (roots->newroot, op->dest, mode) < 0)
    die_errno (N_("cannot create the directory “%s”"), op->dest);
  if (op->perms == LAUNCH_PERMS_DEFAULT)
    return;
  fd = fs_open_in_root (roots->newroot, op->dest, O_RDONLY | O_DIRECTORY);
  if (fd < 0 || fchmod (fd, mode) < 0)
    die_errno (N_("cannot change the permissions of “%s”"), op->dest);
  close (fd);
}

static void
op_symlink (const struct fs_roots *roots, const struct launch_op *op)
{
  char existing[4096];
  const char *name;
  int parent = fs_open_parent (roots->newroot, op->dest, &name);
  ssize_t len;

  if (parent < 0)
    die_errno (N_("cannot create the symbolic link “%s”"), op->dest);
  if (symlinkat (op->source, parent, name) == 0)
    {
      close (parent);
      return;
    }
  if (errno != EEXIST)
    die_errno (N_("cannot create the symbolic link “%s”"), op->dest);
  /* An identical link is fine, as in bubblewrap. */
  len = readlinkat (parent, name, existing, sizeof existing - 1);
  if (len < 0 || (size_t) len != strlen (op->source)
      || memcmp (existing, op->source, (size_t) len) != 0)
    die_with_code (EXIT_SETUP_FAILED, EEXIST, N_("cannot create the symbolic link “%s”"), op->dest);
  close (parent);
}

static void
op_file (const struct fs_roots *roots, const struct launch_op *op)
{
  mode_t mode = op->perms != LAUNCH_PERMS_DEFAULT ? op->perms : 0666;
  const char *name;
  int parent = fs_open_parent (roots->newroot, op->dest, &name);
  int fd;

  if (parent < 0)
    die_errno (N_("cannot create the file “%s”"), op->dest);
  fd = openat (parent, name, O_CREAT | O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0)
    die_errno (N_("cannot create the file “%s”"), op->dest);
  if (!copy_fd (op->fd, fd))
    die_errno (N_("cannot copy file descriptor %d to “%s”"), op->fd, op->dest);
  close (fd);
  close (parent);
}

/* The data goes to a file in the new root's top directory, which is bound
 * on the destination and then unlinked: the bind keeps it. */
static void
op_bind_data (const struct launch_plan *plan, const struct fs_roots *roots,
              const struct launch_op *op, size_t index)
{
  mode_t mode = op->perms != LAUNCH_PERMS_DEFAULT ? op->perms : 0600;
  char name[48];
  int fd;

  snprintf (name, sizeof name, ".hutch-launch-data-%zu", index);
  fd = openat (roots->newroot, name, O_CREAT | O_EXCL | O_RDWR | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0)
    die_errno (N_("cannot create the file “%s”"), op->dest);
  if (!copy_fd (op->fd, fd))
    die_errno (N_("cannot copy file descriptor %d to “%s”"), op->fd, op->dest);
  bind_fd (roots, fd, name, op->dest, bind_attrs (plan, op->flags));
  if (unlinkat (roots->newroot, name, 0) < 0)
    die_errno (N_("cannot create the file “%s”"), op->dest);
  close (fd);
}

/* Parts of /proc that would let a process that is root on the host change
 * the host: read-only, as bubblewrap does.  Only needed when the caller is
 * root on the host: otherwise these files belong to a user the sandbox has
 * no mapping for and the kernel already refuses writes. */
static void
cover_proc (int proc, const char *dest)
{
  static const char *const covered[] = { "sys", "sysrq-trigger", "irq", "bus" };

  for (size_t i = 0; i < sizeof covered / sizeof covered[0]; i++)
    {
      int fd = openat (proc, covered[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
      int tree;

      if (fd < 0 && errno == ENOENT)
        continue;
      tree = fd < 0 ? -1 : fs_clone_tree (fd, true);
      if (tree < 0 || fs_set_attrs (tree, MOUNT_ATTR_RDONLY, true) < 0 || fs_attach (tree, fd) < 0)
        die_errno (N_("cannot make “%s/%s” read-only"), dest, covered[i]);
      close (tree);
      close (fd);
    }
}

static void
op_proc (const struct launch_plan *plan, const struct fs_roots *roots, const struct launch_op *op,
         int src)
{
  int proc;

  if (src >= 0)
    {
      /* Without a pid namespace of our own the kernel refuses a new procfs:
       * the pidns protection is off, and open_source() opened the host's. */
      bind_fd (roots, src, "/proc", op->dest, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
      return;
    }
  proc = fs_new_mount ("proc", NULL, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  if (proc < 0 && errno == EPERM)
    die_errno (N_("cannot mount proc on “%s” (the kernel allows it only where a complete /proc "
                  "is visible: is hutch-launch running inside another sandbox or container "
                  "that hides parts of /proc?)"), op->dest);
  if (proc < 0)
    die_errno (N_("cannot mount %s on “%s”"), "proc", op->dest);
  attach_new (roots, proc, "proc", op->dest);
  if (plan->outer_uid == 0)
    cover_proc (proc, op->dest);
  close (proc);
}

static void
op_mqueue (const struct fs_roots *roots, const struct launch_op *op)
{
  close (mount_new (roots, "mqueue", NULL,
                    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, op->dest));
}

static bool
is_new_root (const struct fs_roots *roots, int fd)
{
  struct stat a, b;

  return fstat (fd, &a) == 0 && fstat (roots->newroot, &b) == 0 && a.st_dev == b.st_dev
         && a.st_ino == b.st_ino;
}

static void
op_remount_ro (const struct launch_plan *plan, const struct fs_roots *roots,
               const struct launch_op *op)
{
  int fd, tree;

  if (plan_off (plan, DEBUG_OFF_READONLY))
    return;
  fd = fs_open_in_root (roots->newroot, op->dest, O_PATH);
  if (fd < 0)
    die_errno (N_("cannot make “%s” read-only"), op->dest);
  /* A read-only copy stacked on the root would never be seen (lookups
   * start below it): the root's mounts are made read-only in place. */
  if (is_new_root (roots, fd))
    {
      if (fs_set_attrs (fd, MOUNT_ATTR_RDONLY, true) < 0)
        die_errno (N_("cannot make “%s” read-only"), op->dest);
      close (fd);
      return;
    }
  tree = fs_clone_tree (fd, true);
  if (tree < 0 || fs_set_attrs (tree, MOUNT_ATTR_RDONLY, true) < 0 || fs_attach (tree, fd) < 0)
    die_errno (N_("cannot make “%s” read-only"), op->dest);
  close (tree);
  close (fd);
}

void
apply_op (const struct launch_plan *plan, const struct fs_roots *roots, size_t index)
{
  const struct launch_op *op = &plan->cfg->ops[index];
  int src = roots->sources[index];

  switch (op->kind)
    {
    case OP_BIND:
    case OP_BIND_FD: op_bind (plan, roots, op, src); break;
    case OP_TMPFS: op_tmpfs (roots, op); break;
    case OP_DIR: op_dir (roots, op); break;
    case OP_SYMLINK: op_symlink (roots, op); break;
    case OP_FILE: op_file (roots, op); break;
    case OP_BIND_DATA: op_bind_data (plan, roots, op, index); break;
    case OP_PROC: op_proc (plan, roots, op, src); break;
    case OP_DEV: setup_dev (roots, src, op->dest); break;
    case OP_MQUEUE: op_mqueue (roots, op); break;
    case OP_REMOUNT_RO: op_remount_ro (plan, roots, op); break;
    }
  if (src >= 0)
    close (src);
}
