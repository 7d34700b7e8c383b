/* The plan as hutch-launch's argument list, and the file descriptors it
 * passes.
 *
 * Defends against: a symlink swapped in between `app` checking a path and
 * hutch-launch binding it, and symlinks the app planted where it may write.
 * Sources beneath the app's own data directory, or beneath a writable grant
 * (plan-filesystems.c), are opened here with openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS) from their base and handed over as --bind-fd: what
 * is bound is what was opened, and it is inside the base; directories
 * marked CREATE there are made one component at a time, never following a
 * symlink.  Every other filesystem grant is opened here too (following
 * symlinks, as a bind would) and handed over the same way; every grant is
 * checked, as opened, not to lead to Hutch's own files (plan-protect.c).
 */
#include "plan-private.h"

#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static gboolean
op_needs_fd (const HutchPlanOp *op)
{
  return op->kind == HUTCH_PLAN_RO_DATA
         || (op->flags & (HUTCH_PLAN_FLAG_BENEATH | HUTCH_PLAN_FLAG_GRANT));
}

/* With the BENEATH protection off (tests only), a source under the app's
 * data is passed by path and hutch-launch follows its symlinks. */
void
hutch_sandbox_plan_debug_no_beneath (HutchSandboxPlan *plan)
{
  for (guint i = 0; i < plan->ops->len; i++)
    {
      HutchPlanOp *op = g_ptr_array_index (plan->ops, i);
      if (op->flags & HUTCH_PLAN_FLAG_BENEATH)
        {
          char *full = g_build_filename (op->source, op->subpath, NULL);
          if (op->flags & HUTCH_PLAN_FLAG_CREATE)
            g_mkdir_with_parents (full, 0700);
          g_free (op->source);
          op->source = full;
          op->flags &= ~(HUTCH_PLAN_FLAG_BENEATH | HUTCH_PLAN_FLAG_CREATE);
        }
    }
}

static const char *
bind_option (const HutchPlanOp *op, gboolean by_fd)
{
  gboolean try = (op->flags & HUTCH_PLAN_FLAG_TRY) && !by_fd;

  switch (op->kind)
    {
    case HUTCH_PLAN_BIND: return by_fd ? "--bind-fd" : try ? "--bind-try" : "--bind";
    case HUTCH_PLAN_RO_BIND: return by_fd ? "--ro-bind-fd" : try ? "--ro-bind-try" : "--ro-bind";
    case HUTCH_PLAN_DEV_BIND: return try ? "--dev-bind-try" : "--dev-bind";
    default: g_assert_not_reached ();
    }
}

static void
add_args (GPtrArray *args, const char *a, const char *b, const char *c)
{
  g_ptr_array_add (args, g_strdup (a));
  if (b != NULL)
    g_ptr_array_add (args, g_strdup (b));
  if (c != NULL)
    g_ptr_array_add (args, g_strdup (c));
}

/* The fd (or, for tests, a symbolic name) an operation is passed by. */
static char *
fd_arg (const HutchPlanOp *op, const GArray *fds, guint *next_fd)
{
  if (fds != NULL)
    return g_strdup_printf ("%d", g_array_index (fds, int, (*next_fd)++));
  if (op->kind == HUTCH_PLAN_RO_DATA)
    return g_strdup_printf ("DATA:%" G_GSIZE_FORMAT, g_bytes_get_size (op->data));
  if (!(op->flags & HUTCH_PLAN_FLAG_BENEATH))
    return g_strdup_printf ("GRANT:%s", op->source);
  return g_strdup_printf ("BENEATH:%s/%s", op->source, op->subpath);
}

static void
add_op_args (GPtrArray *args, const HutchPlanOp *op, const GArray *fds, guint *next_fd)
{
  g_autofree char *fd = NULL;
  g_autofree char *perms = op->perms != 0 ? g_strdup_printf ("0%o", op->perms) : NULL;

  /* A skipped source (hutch_sandbox_plan_open_fds() gave -1): no operation. */
  if (op_needs_fd (op) && fds != NULL && g_array_index (fds, int, *next_fd) < 0)
    {
      (*next_fd)++;
      return;
    }
  if (op_needs_fd (op))
    fd = fd_arg (op, fds, next_fd);

  if (perms != NULL)
    add_args (args, "--perms", perms, NULL);
  switch (op->kind)
    {
    case HUTCH_PLAN_BIND:
    case HUTCH_PLAN_RO_BIND:
    case HUTCH_PLAN_DEV_BIND:
      add_args (args, bind_option (op, fd != NULL), fd != NULL ? fd : op->source, op->dest);
      break;
    case HUTCH_PLAN_TMPFS: add_args (args, "--tmpfs", op->dest, NULL); break;
    case HUTCH_PLAN_DIR: add_args (args, "--dir", op->dest, NULL); break;
    case HUTCH_PLAN_SYMLINK: add_args (args, "--symlink", op->source, op->dest); break;
    case HUTCH_PLAN_RO_DATA: add_args (args, "--ro-bind-data", fd, op->dest); break;
    case HUTCH_PLAN_PROC: add_args (args, "--proc", op->dest, NULL); break;
    case HUTCH_PLAN_DEV: add_args (args, "--dev", op->dest, NULL); break;
    case HUTCH_PLAN_REMOUNT_RO: add_args (args, "--remount-ro", op->dest, NULL); break;
    }
}

GPtrArray *
hutch_sandbox_plan_to_args (const HutchSandboxPlan *plan, const GArray *fds,
                            const char *const *command)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  guint next_fd = 0;

  if (plan->share_net)
    add_args (args, "--share-net", NULL, NULL);
  if (plan->share_ipc)
    add_args (args, "--share-ipc", NULL, NULL);
  for (guint i = 0; i < plan->ops->len; i++)
    add_op_args (args, g_ptr_array_index (plan->ops, i), fds, &next_fd);
  if (plan->clearenv)
    add_args (args, "--clearenv", NULL, NULL);
  for (guint i = 0; i < plan->unsetenv->len; i++)
    add_args (args, "--unsetenv", g_ptr_array_index (plan->unsetenv, i), NULL);
  for (guint i = 0; i < plan->setenv->len; i++)
    {
      const char *pair = g_ptr_array_index (plan->setenv, i);
      const char *eq = strchr (pair, '=');
      g_autofree char *name = g_strndup (pair, (gsize) (eq - pair));
      add_args (args, "--setenv", name, eq + 1);
    }
  if (plan->chdir != NULL)
    add_args (args, "--chdir", plan->chdir, NULL);
  add_args (args, "--", NULL, NULL);
  for (gsize i = 0; command != NULL && command[i] != NULL; i++)
    add_args (args, command[i], NULL, NULL);
  return args;
}

static int
open_beneath (int dirfd, const char *path, int flags)
{
  struct open_how how = {
    .flags = (guint64) (flags | O_CLOEXEC),
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
  };

  return (int) syscall (SYS_openat2, dirfd, path, &how, sizeof how);
}

/* Make @subpath under @base, one directory at a time, each made and opened
 * relative to its parent's fd: no component may be a symlink. */
static gboolean
mkdir_beneath (int base, const char *subpath, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (subpath, "/", -1);
  struct open_how how = {
    .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
  };
  int cur = dup (base);

  for (guint i = 0; cur >= 0 && parts[i] != NULL; i++)
    {
      int next;
      if (parts[i][0] == '\0')
        continue;
      next = (int) syscall (SYS_openat2, cur, parts[i], &how, sizeof how);
      if (next < 0 && errno == ENOENT && (mkdirat (cur, parts[i], 0700) == 0 || errno == EEXIST))
        next = (int) syscall (SYS_openat2, cur, parts[i], &how, sizeof how);
      if (next < 0)
        {
          int errsv = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                       _("cannot create “%s”: %s"), subpath, g_strerror (errsv));
          close (cur);
          return FALSE;
        }
      close (cur);
      cur = next;
    }
  if (cur >= 0)
    close (cur);
  return TRUE;
}

/* Whether a TRY operation whose source could not be opened (errno @errsv)
 * is skipped: if it is missing, as hutch-launch's --bind-try does; and if
 * it leads out of its base through a symbolic link, with a warning (the
 * grant around it shows the link itself; a link the user made is not an
 * error that should stop the app). */
static gboolean
skip_source (const HutchPlanOp *op, int errsv, GPtrArray *warnings)
{
  if (!(op->flags & HUTCH_PLAN_FLAG_TRY))
    return FALSE;
  if (errsv == ENOENT || errsv == ENOTDIR)
    return TRUE;
  if (errsv != EXDEV && errsv != ELOOP)
    return FALSE;
  if (warnings != NULL)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("“%s/%s” leads out of “%s” through a symbolic link: it "
                                        "is not granted"),
                                      op->source, op->subpath, op->source));
  return TRUE;
}

/* An fd on the source of a BENEATH operation, made first if CREATE; -1 if
 * it is skipped (skip_source()), -2 with @error set on failure. */
static int
open_beneath_source (const HutchPlanOp *op, GPtrArray *warnings, GError **error)
{
  int base = open (op->source, O_PATH | O_DIRECTORY | O_CLOEXEC);
  int fd = -1, errsv;

  if (base >= 0 && (!(op->flags & HUTCH_PLAN_FLAG_CREATE) || mkdir_beneath (base, op->subpath, error)))
    fd = open_beneath (base, op->subpath, O_PATH);
  else if (base >= 0)
    {
      close (base);
      return -2;
    }
  errsv = errno;
  if (base >= 0)
    close (base);
  if (fd >= 0 || skip_source (op, errsv, warnings))
    return fd;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
               _("cannot open “%s/%s” for the sandbox: %s"), op->source, op->subpath,
               g_strerror (errsv));
  return -2;
}

/* An fd on the source of a grant not opened beneath a base: the bind
 * would follow its symlinks, so does this; -1 if it is skipped (missing),
 * -2 with @error set on failure. */
static int
open_grant_source (const HutchPlanOp *op, GError **error)
{
  int fd = open (op->source, O_PATH | O_CLOEXEC);
  int errsv = errno;

  if (fd >= 0)
    return fd;
  if ((op->flags & HUTCH_PLAN_FLAG_TRY) && (errsv == ENOENT || errsv == ENOTDIR))
    return -1;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
               _("cannot open “%s” for the sandbox: %s"), op->source, g_strerror (errsv));
  return -2;
}

/* Closes the fd of the grant @op if it leads into (or unhidden around) a
 * protected directory (plan-protect.c), with a warning: -1, skipped. */
static int
check_grant (const HutchSandboxPlan *plan, const HutchPlanOp *op, int fd, GPtrArray **real_dirs,
             GPtrArray *warnings)
{
  g_autofree char *reached = NULL;

  if (fd < 0)
    return fd;
  if (*real_dirs == NULL)
    *real_dirs = hutch_plan_real_protected_dirs (plan);
  reached = hutch_plan_grant_reaches (plan, op, fd, *real_dirs);
  if (reached == NULL)
    return fd;
  close (fd);
  if (warnings != NULL)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("“%s” leads to Hutch's own files (“%s”): it is not "
                                        "granted"),
                                      op->dest, reached));
  return -1;
}

/* The data of a RO_DATA operation in an unlinked temporary file. */
static int
data_fd (const HutchPlanOp *op, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (op->data, &len);
  int fd = memfd_create ("hutch-data", MFD_CLOEXEC);

  if (fd < 0 || write (fd, data, len) != (ssize_t) len || lseek (fd, 0, SEEK_SET) < 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("cannot prepare “%s” for the sandbox: %s"), op->dest, g_strerror (errsv));
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

static void
close_fds (GArray *fds)
{
  for (guint i = 0; i < fds->len; i++)
    if (g_array_index (fds, int, i) >= 0)
      close (g_array_index (fds, int, i));
  g_array_unref (fds);
}

/* A CREATE grant of the user's own files (not beneath the app's data):
 * make the directory on the host. */
static gboolean
create_source (const HutchPlanOp *op, GError **error)
{
  int errsv;

  if (g_mkdir_with_parents (op->source, 0700) == 0)
    return TRUE;
  errsv = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("cannot create “%s”: %s"),
               op->source, g_strerror (errsv));
  return FALSE;
}

GArray *
hutch_sandbox_plan_open_fds (const HutchSandboxPlan *plan, GPtrArray *warnings, GError **error)
{
  GArray *fds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GPtrArray) real_dirs = NULL;

  for (guint i = 0; i < plan->ops->len; i++)
    {
      const HutchPlanOp *op = g_ptr_array_index (plan->ops, i);
      int fd;

      if ((op->flags & HUTCH_PLAN_FLAG_CREATE) && !(op->flags & HUTCH_PLAN_FLAG_BENEATH)
          && !create_source (op, error))
        {
          close_fds (fds);
          return NULL;
        }
      if (!op_needs_fd (op))
        continue;
      if (op->kind == HUTCH_PLAN_RO_DATA)
        fd = data_fd (op, error);
      else if (op->flags & HUTCH_PLAN_FLAG_BENEATH)
        fd = open_beneath_source (op, warnings, error);
      else
        fd = open_grant_source (op, error);
      if (fd < -1 || (fd < 0 && op->kind == HUTCH_PLAN_RO_DATA))
        {
          close_fds (fds);
          return NULL;
        }
      if (op->flags & HUTCH_PLAN_FLAG_GRANT)
        fd = check_grant (plan, op, fd, &real_dirs, warnings);
      g_array_append_val (fds, fd);
    }
  return fds;
}
