/* A staged root made into a runtime's build directory: ROOT/usr becomes
 * files/, ROOT/etc becomes files/etc, and the metadata is written.
 *
 * Defends against: a runtime that carries the build machine's secrets or
 * identity into every sandbox, or that `app run` cannot bind its own /etc
 * files over.  Password and group shadows, sudoers, SSH host keys, private
 * TLS keys, old account files and locks are removed; passwd, group,
 * machine-id, localtime, resolv.conf and hosts become empty files (`app
 * run` generates or binds the real ones: profiles/plan/plan-app.c), and
 * timezone, host.conf and nsswitch.conf stay if they are regular files
 * and are made empty otherwise, so that each is a regular file that a
 * bind mount can cover; the build machine's host name goes.  A root
 * whose /bin or /lib is a directory rather than a link into /usr is
 * refused: its files would be lost, since only /usr and /etc are kept.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Relative to etc/; mmdebstrap copies the build machine's hostname and
 * mailname. */
static const char *const secrets[] = {
  "shadow",   "shadow-",  "gshadow",          "gshadow-",    "passwd-",   "group-",
  "subuid",   "subuid-",  "subgid",           "subgid-",     "sudoers",   "sudoers.d",
  "hostname", "mailname", "security/opasswd", "ssl/private", ".pwd.lock",
};
static const char *const emptied[] = {
  "passwd", "group", "machine-id", "localtime", "resolv.conf", "hosts",
};
static const char *const kept[] = { "timezone", "host.conf", "nsswitch.conf" };

/* SSH host keys: etc/ssh/ssh_host_*. */
static gboolean
remove_host_keys (int etc_fd, GError **error)
{
  int fd = openat (etc_fd, "ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *entry;
  gboolean ok = TRUE;

  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return TRUE; /* no etc/ssh */
    }
  while (ok && (entry = readdir (dir)) != NULL)
    if (g_str_has_prefix (entry->d_name, "ssh_host_"))
      ok = hutch_remove_tree_at (dirfd (dir), entry->d_name, error);
  closedir (dir);
  return ok;
}

static gboolean
is_regular_file (int dfd, const char *name)
{
  struct stat st;

  return fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode);
}

/* What etc/ keeps of the root's, and the placeholders. */
static gboolean
clean_etc (int root_fd, GError **error)
{
  int etc_fd = hutch_runtime_open_dirs (root_fd, "etc", error);
  gboolean ok = etc_fd >= 0;

  for (guint i = 0; ok && i < G_N_ELEMENTS (secrets); i++)
    ok = hutch_remove_tree_at (etc_fd, secrets[i], error);
  ok = ok && remove_host_keys (etc_fd, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (emptied); i++)
    ok = hutch_runtime_write_file (etc_fd, emptied[i], "", error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (kept); i++)
    if (!is_regular_file (etc_fd, kept[i]))
      ok = hutch_runtime_write_file (etc_fd, kept[i], "", error);
  if (etc_fd >= 0)
    close (etc_fd);
  return ok;
}

/* /bin, /sbin and /lib* of the root are links into usr/, or absent. */
static gboolean
check_merged_usr (int root_fd, const char *root, GError **error)
{
  static const char *const dirs[] = { "bin", "sbin", "lib", "lib32", "lib64", "libx32" };
  struct stat st;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (fstatat (root_fd, dirs[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
      {
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                     _ ("“%s/%s” is a directory, not a link into /usr: a runtime must have a "
                        "merged /usr"),
                     root, dirs[i]);
        return FALSE;
      }
  return TRUE;
}

static char *
metadata_text (const HutchRef *ref, gboolean sdk)
{
  g_autofree char *self = g_strdup_printf ("%s/%s/%s", ref->id, ref->arch, ref->branch);

  return g_strdup_printf ("[Runtime]\nname=%s\nruntime=%s\n%s%s%s", ref->id, self,
                          sdk ? "sdk=" : "", sdk ? self : "", sdk ? "\n" : "");
}

/* usr/ to files/, etc/ to files/etc, then the metadata. */
static gboolean
move_into (const char *root, const char *builddir, const HutchRef *ref, gboolean sdk,
           GError **error)
{
  g_autofree char *usr = g_build_filename (root, "usr", NULL);
  g_autofree char *etc = g_build_filename (root, "etc", NULL);
  g_autofree char *files = g_build_filename (builddir, "files", NULL);
  g_autofree char *files_etc = g_build_filename (files, "etc", NULL);
  g_autofree char *metadata = g_build_filename (builddir, "metadata", NULL);
  g_autofree char *text = metadata_text (ref, sdk);

  if (mkdir (builddir, 0755) < 0)
    return hutch_set_file_error (error, errno, _ ("cannot create “%s”"), builddir);
  if (rename (usr, files) < 0)
    return hutch_set_file_error (error, errno, _ ("cannot move “%s”"), usr);
  if (rename (etc, files_etc) < 0)
    {
      if (errno == EEXIST || errno == ENOTEMPTY)
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       _ ("the root has both /etc and /usr/etc: keep one"));
          return FALSE;
        }
      return hutch_set_file_error (error, errno, _ ("cannot move “%s”"), etc);
    }
  return g_file_set_contents (metadata, text, -1, error);
}

gboolean
hutch_runtime_finish (const char *root, const char *builddir, const HutchRef *ref, gboolean sdk,
                      GError **error)
{
  int root_fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (root_fd < 0)
    {
      hutch_set_file_error (error, errno, _ ("cannot open “%s”"), root);
      return FALSE;
    }
  ok = check_merged_usr (root_fd, root, error) && clean_etc (root_fd, error);
  close (root_fd);
  return ok && move_into (root, builddir, ref, sdk, error);
}
