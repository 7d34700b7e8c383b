/* Running sandboxes.  Each `app run` makes $XDG_RUNTIME_DIR/hutch/instances/ID
 * (ID: its own pid) with the app's ID and commit, hutch-launch's --info-fd
 * JSON (the sandbox's pid 1), the command's environment (--env-fd) and
 * seccomp program (for app enter), and a lock file it holds (flock LOCK_EX) for as
 * long as the sandbox lives: an instance whose lock can be taken is dead.
 *
 * Defends against: acting on a stale entry (a dead instance whose pid was
 * reused): an instance counts only while its lock is held, and kill/enter
 * use the pid the live monitor recorded.  The directory is the user's own
 * (mode 0700), outside every sandbox.
 */
#include "app-instances.h"

#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static char *
instances_dir (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "hutch", "instances", NULL);
}

void
hutch_instance_free (HutchInstance *instance)
{
  if (instance == NULL)
    return;
  g_free (instance->dir);
  g_free (instance->app_id);
  g_free (instance->commit);
  if (instance->lock_fd >= 0)
    close (instance->lock_fd);
  if (instance->info_fd >= 0)
    close (instance->info_fd);
  if (instance->env_fd >= 0)
    close (instance->env_fd);
  g_free (instance);
}

static void
set_error_errno (GError **error, const char *path)
{
  int errsv = errno;

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("cannot create “%s”: %s"),
               path, g_strerror (errsv));
}

/* Removes an instance directory, with whatever it holds (a temporary file
 * g_file_set_contents() left, too).  Failing, it stays for a later listing
 * to try again. */
static void
remove_instance_dir (const char *dir)
{
  (void) hutch_remove_tree_at (AT_FDCWD, dir, NULL);
}

/* A copy of the seccomp program on @fd, read through a description of its
 * own (hutch-launch reads @fd from where it is). */
static gboolean
copy_seccomp_program (int fd, const char *path, GError **error)
{
  g_autofree char *self = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *program = NULL;
  gsize len;
  int again = open (self, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

  if (again < 0)
    return hutch_set_file_error (error, errno, _("cannot read the seccomp filter"));
  /* A BPF program has at most 4096 instructions of 8 bytes. */
  return hutch_read_regular_fd (again, self, 4096 * 8, &program, &len, error)
         && g_file_set_contents_full (path, program, (gssize) len, G_FILE_SET_CONTENTS_NONE,
                                      0600, error);
}

static int
create_file (const char *path, GError **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    set_error_errno (error, path);
  return fd;
}

/* Fills the new instance directory @dir: the lock, held, then the app's ID
 * and commit, the seccomp program, and the files hutch-launch's --info-fd
 * and --env-fd write to. */
static gboolean
fill_instance_dir (HutchInstance *instance, const char *dir, int seccomp_fd, GError **error)
{
  g_autofree char *lock = g_build_filename (dir, "lock", NULL);
  g_autofree char *app = g_build_filename (dir, "app", NULL);
  g_autofree char *info = g_build_filename (dir, "info", NULL);
  g_autofree char *environ_path = g_build_filename (dir, "environ", NULL);
  g_autofree char *seccomp = g_build_filename (dir, "seccomp", NULL);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", instance->app_id, instance->commit);

  instance->lock_fd = open (lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (instance->lock_fd < 0 || flock (instance->lock_fd, LOCK_EX | LOCK_NB) < 0)
    {
      set_error_errno (error, lock);
      return FALSE;
    }
  if (!g_file_set_contents (app, text, -1, error)
      || (seccomp_fd >= 0 && !copy_seccomp_program (seccomp_fd, seccomp, error)))
    return FALSE;
  instance->info_fd = create_file (info, error);
  if (instance->info_fd < 0)
    return FALSE;
  instance->env_fd = create_file (environ_path, error);
  return instance->env_fd >= 0;
}

/* The directory is made complete, its lock held, under a name listing
 * skips, and only then renamed to the instance's ID: a listing that runs
 * meanwhile never sees it without its lock held, which would mean dead
 * (and have it removed under the app starting). */
HutchInstance *
hutch_instance_register (const char *app_id, const char *commit, int seccomp_fd, GError **error)
{
  g_autoptr (HutchInstance) instance = g_new0 (HutchInstance, 1);
  g_autofree char *base = instances_dir ();
  g_autofree char *tmp = NULL;

  instance->lock_fd = instance->info_fd = instance->env_fd = -1;
  instance->id = (int) getpid ();
  instance->app_id = g_strdup (app_id);
  instance->commit = g_strdup (commit);
  instance->dir = g_strdup_printf ("%s/%d", base, instance->id);
  if (g_mkdir_with_parents (base, 0700) < 0)
    {
      set_error_errno (error, base);
      return NULL;
    }
  tmp = g_build_filename (base, ".new-XXXXXX", NULL);
  if (g_mkdtemp_full (tmp, 0700) == NULL)
    {
      set_error_errno (error, tmp);
      return NULL;
    }
  if (!fill_instance_dir (instance, tmp, seccomp_fd, error))
    {
      remove_instance_dir (tmp);
      return NULL;
    }
  /* A dead instance that had our pid leaves a stale directory: listing
   * removes the dead ones. */
  if (g_file_test (instance->dir, G_FILE_TEST_IS_DIR))
    g_ptr_array_unref (hutch_instances_list ());
  if (rename (tmp, instance->dir) < 0)
    {
      set_error_errno (error, instance->dir);
      remove_instance_dir (tmp);
      return NULL;
    }
  return g_steal_pointer (&instance);
}

/* The sandbox's pid 1 from the --info-fd JSON, or 0. */
static pid_t
read_child_pid (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "info", NULL);
  g_autofree char *json = NULL;
  const char *key;

  if (!g_file_get_contents (path, &json, NULL, NULL)
      || (key = strstr (json, "\"child-pid\":")) == NULL)
    return 0;
  return (pid_t) strtol (key + strlen ("\"child-pid\":"), NULL, 10);
}

/* The instance in @dir if its monitor still holds the lock, else NULL (and
 * the directory is removed). */
static HutchInstance *
load_instance (const char *dir, int id)
{
  g_autofree char *lock = g_build_filename (dir, "lock", NULL);
  g_autofree char *app = g_build_filename (dir, "app", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  HutchInstance *instance;
  int fd = open (lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd >= 0 && flock (fd, LOCK_SH | LOCK_NB) == 0)
    {
      /* Nobody holds it: dead.  Clean up. */
      remove_instance_dir (dir);
      close (fd);
      return NULL;
    }
  if (fd >= 0)
    close (fd);
  if (!g_file_get_contents (app, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", 3);
  instance = g_new0 (HutchInstance, 1);
  instance->lock_fd = instance->info_fd = instance->env_fd = -1;
  instance->id = id;
  instance->dir = g_strdup (dir);
  instance->app_id = g_strdup (lines[0]);
  instance->commit = g_strdup (lines[0] != NULL ? lines[1] : NULL);
  instance->child_pid = read_child_pid (dir);
  return instance;
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  const HutchInstance *x = *(HutchInstance *const *) a, *y = *(HutchInstance *const *) b;

  return (x->id > y->id) - (x->id < y->id);
}

GPtrArray *
hutch_instances_list (void)
{
  g_autofree char *base = instances_dir ();
  g_autoptr (GDir) d = g_dir_open (base, 0, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_instance_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (base, name, NULL);
      char *end;
      long id = strtol (name, &end, 10);
      HutchInstance *instance;

      if (*end != '\0' || id <= 0 || id > G_MAXINT)
        continue;
      instance = load_instance (dir, (int) id);
      if (instance != NULL)
        g_ptr_array_add (list, instance);
    }
  g_ptr_array_sort (list, compare_ids);
  return list;
}

gboolean
hutch_instance_matches (const HutchInstance *instance, const char *what)
{
  char *end;
  long id = strtol (what, &end, 10);

  return (*end == '\0' && id == instance->id) || g_strcmp0 (instance->app_id, what) == 0;
}

/* NAME=VALUE strings, each ended by a NUL, as hutch-launch --env-fd wrote
 * them. */
static char **
split_environment (const char *data, gsize len)
{
  GPtrArray *env = g_ptr_array_new ();

  for (gsize off = 0; off < len; off += strlen (data + off) + 1)
    g_ptr_array_add (env, g_strdup (data + off));
  g_ptr_array_add (env, NULL);
  return (char **) g_ptr_array_free (env, FALSE);
}

gboolean
hutch_instance_load_enter (const HutchInstance *instance, char ***out_envp, int *out_seccomp_fd,
                           GError **error)
{
  g_autofree char *environ_path = g_build_filename (instance->dir, "environ", NULL);
  g_autofree char *seccomp = g_build_filename (instance->dir, "seccomp", NULL);
  g_autofree char *data = NULL;
  gsize len;
  int fd;

  if (!g_file_get_contents (environ_path, &data, &len, error))
    return FALSE;
  /* Written completely before the sandbox started, or not at all. */
  if (len == 0 || data[len - 1] != '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” holds no environment: was the instance started by an older Hutch?"),
                   environ_path);
      return FALSE;
    }
  fd = open (seccomp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno != ENOENT)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("cannot open “%s”: %s"),
                   seccomp, g_strerror (errsv));
      return FALSE;
    }
  *out_envp = split_environment (data, len);
  *out_seccomp_fd = fd;
  return TRUE;
}
