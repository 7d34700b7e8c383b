/* hutch-launch: file-system primitives for building the new root.
 *
 * Defends against: symbolic links, in a directory the app could write on an
 * earlier launch, sending a mount or a new file outside the sandbox's root.
 * Every destination is resolved with openat2(RESOLVE_IN_ROOT) relative to the
 * new root, every source with RESOLVE_IN_ROOT relative to the host's root, and
 * mounts are attached by file descriptor (open_tree/fsmount + move_mount), so
 * no path is looked up twice.
 *
 * These functions return -1 with errno set; the callers say what failed.
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* Open @path inside @root as if @root were "/" (symlinks and ".." cannot
 * leave it).  @flags as for open(2); O_CLOEXEC is added. */
int fs_open_in_root (int root, const char *path, int flags);

/* Create @path and its missing parents inside @root. */
int fs_mkdir_p (int root, const char *path, mode_t mode);

/* Open the parent directory of @path inside @root, creating missing
 * directories; *name points to the last component of @path. */
int fs_open_parent (int root, const char *path, const char **name);

/* An O_PATH fd on @path inside @root, created (directory or empty file) if
 * missing, ready to be mounted on. */
int fs_mountpoint (int root, const char *path, bool is_dir);

/* A detached copy of the mount tree at @fd (recursive if @recursive). */
int fs_clone_tree (int fd, bool recursive);

/* A new detached mount of @fstype; @options are key, value pairs ending with
 * NULL (a NULL value sets a flag). */
int fs_new_mount (const char *fstype, const char *const *options, unsigned attrs);

/* Add MOUNT_ATTR_* @attrs to the mount tree at @mnt. */
int fs_set_attrs (int mnt, unsigned attrs, bool recursive);

/* Attach the detached mount @mnt on the mount point @dest. */
int fs_attach (int mnt, int dest);
