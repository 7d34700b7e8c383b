/* hutch-launch: file-system primitives for building the new root.
 * See launch-fs.h for what they defend against. */
#include "launch-fs.h"
#include "launch-syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int
fs_open_in_root (int root, const char *path, int flags)
{
  struct open_how how = {
    .flags = (unsigned) (flags | O_CLOEXEC),
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    .mode = (flags & O_CREAT) ? 0444 : 0,
  };

  return (int) syscall (SYS_openat2, root, path, &how, sizeof how);
}

static void
close_keep_errno (int fd)
{
  int errsv = errno;

  if (fd >= 0)
    close (fd);
  errno = errsv;
}

/* mkdirat() the last component of @path (a writable copy) inside @root. */
static int
mkdir_last (int root, char *path, mode_t mode)
{
  char *slash = strrchr (path, '/');
  const char *name = path;
  int parent, r;

  if (slash != NULL)
    {
      *slash = '\0';
      parent = fs_open_in_root (root, path[0] ? path : "/", O_PATH | O_DIRECTORY);
      *slash = '/';
      name = slash + 1;
    }
  else
    parent = fs_open_in_root (root, "/", O_PATH | O_DIRECTORY);
  if (parent < 0)
    return -1;
  r = mkdirat (parent, name, mode);
  close_keep_errno (parent);
  return r;
}

int
fs_mkdir_p (int root, const char *path, mode_t mode)
{
  char buf[PATH_MAX];
  char *p = buf;
  int fd;

  if (strlen (path) >= sizeof buf)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  strcpy (buf, path);
  fd = fs_open_in_root (root, buf, O_PATH | O_DIRECTORY);
  if (fd >= 0)
    return close (fd);
  if (errno != ENOENT)
    return -1;
  for (;;)
    {
      char *end, saved;

      while (*p == '/')
        p++;
      if (*p == '\0')
        return 0;
      end = p + strcspn (p, "/");
      saved = *end;
      *end = '\0';
      if (mkdir_last (root, buf, mode) < 0 && errno != EEXIST)
        return -1;
      *end = saved;
      p = end;
    }
}

int
fs_open_parent (int root, const char *path, const char **name)
{
  char buf[PATH_MAX];
  size_t len = strlen (path);
  char *slash;

  while (len > 1 && path[len - 1] == '/')
    len--;
  if (len >= sizeof buf)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  memcpy (buf, path, len);
  buf[len] = '\0';
  slash = strrchr (buf, '/');
  *name = path + (slash ? (size_t) (slash - buf) + 1 : 0);
  if (slash == NULL)
    return fs_open_in_root (root, "/", O_PATH | O_DIRECTORY);
  *slash = '\0';
  if (buf[0] != '\0' && fs_mkdir_p (root, buf, 0755) < 0)
    return -1;
  return fs_open_in_root (root, buf[0] ? buf : "/", O_PATH | O_DIRECTORY);
}

int
fs_mountpoint (int root, const char *path, bool is_dir)
{
  struct open_how how = {
    .flags = O_PATH | O_CLOEXEC,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
  };
  const char *name;
  int parent = fs_open_parent (root, path, &name);
  int fd, r;

  if (parent < 0)
    return -1;
  r = is_dir ? mkdirat (parent, name, 0755) : mknodat (parent, name, S_IFREG | 0444, 0);
  if (r < 0 && errno != EEXIST)
    {
      close_keep_errno (parent);
      return -1;
    }
  fd = (int) syscall (SYS_openat2, parent, name, &how, sizeof how);
  close_keep_errno (parent);
  /* An existing symbolic link is followed, without leaving the root. */
  if (fd < 0 && errno == ELOOP)
    fd = fs_open_in_root (root, path, O_PATH);
  return fd;
}

int
fs_clone_tree (int fd, bool recursive)
{
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH;

  return open_tree (fd, "", flags | (recursive ? AT_RECURSIVE : 0));
}

int
fs_new_mount (const char *fstype, const char *const *options, unsigned attrs)
{
  int fs = fsopen (fstype, FSOPEN_CLOEXEC);
  int mnt;

  if (fs < 0)
    return -1;
  for (size_t i = 0; options != NULL && options[i] != NULL; i += 2)
    {
      int r = options[i + 1] == NULL
                  ? fsconfig (fs, FSCONFIG_SET_FLAG, options[i], NULL, 0)
                  : fsconfig (fs, FSCONFIG_SET_STRING, options[i], options[i + 1], 0);
      if (r < 0)
        {
          close_keep_errno (fs);
          return -1;
        }
    }
  if (fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    {
      close_keep_errno (fs);
      return -1;
    }
  mnt = fsmount (fs, FSMOUNT_CLOEXEC, attrs);
  close_keep_errno (fs);
  return mnt;
}

int
fs_set_attrs (int mnt, unsigned attrs, bool recursive)
{
  struct mount_attr attr = { .attr_set = attrs };

  if (attrs == 0)
    return 0;
  return mount_setattr (mnt, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
                        sizeof attr);
}

int
fs_attach (int mnt, int dest)
{
  return move_mount (mnt, "", dest, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}
