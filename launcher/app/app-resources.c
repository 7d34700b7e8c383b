/* Resource limits of an app ([Resources], --memory-max and friends).
 *
 * nofile is an rlimit, always applied.  memory-max, pids-max and cpu-weight
 * are cgroup v2 limits: through the systemd user manager when one runs (app
 * runs itself again under `systemd-run --user --scope`, which asks systemd
 * over D-Bus for a transient scope with those properties), else in a child
 * of the user's own cgroup if it is delegated (writable), else not at all,
 * with a warning that names each limit that was not applied.
 *
 * Defends against: an app exhausting the machine's memory or processes
 * when the user asked for limits; and a silent failure to limit it.
 */
#include "app-resources.h"

#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define APPLIED_VAR "HUTCH_RESOURCES_SCOPE"

static gboolean
apply_nofile (gint64 nofile, GError **error)
{
  struct rlimit lim = { .rlim_cur = (rlim_t) nofile, .rlim_max = (rlim_t) nofile };
  struct rlimit cur;

  if (getrlimit (RLIMIT_NOFILE, &cur) == 0 && cur.rlim_max != RLIM_INFINITY
      && lim.rlim_max > cur.rlim_max)
    lim.rlim_cur = lim.rlim_max = cur.rlim_max; /* an unprivileged process cannot raise it */
  if (setrlimit (RLIMIT_NOFILE, &lim) < 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("cannot set the limit of open files: %s"), g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* The cgroup limits as systemd properties, in the order of the values. */
static const struct
{
  const char *property;
  const char *file;
  const char *name;
} cgroup_limits[] = {
  { "MemoryMax", "memory.max", "memory-max" },
  { "TasksMax", "pids.max", "pids-max" },
  { "CPUWeight", "cpu.weight", "cpu-weight" },
};

static void
limit_values (const HutchResources *res, gint64 values[3])
{
  values[0] = res->memory_max;
  values[1] = res->pids_max;
  values[2] = res->cpu_weight;
}

static char *
limit_text (gint64 value)
{
  return value == 0 ? g_strdup ("max") : g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* Run this very command (@argv, the whole command line of app) again in a
 * transient systemd scope: does not return if it worked. */
static void
reexec_in_scope (const HutchResources *res, char **argv)
{
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *private_socket = NULL;
  g_autofree char *systemd_run = g_find_program_in_path ("systemd-run");
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  gint64 values[3];
  struct stat st;

  if (runtime_dir == NULL || systemd_run == NULL || self == NULL)
    return;
  private_socket = g_build_filename (runtime_dir, "systemd", "private", NULL);
  if (stat (private_socket, &st) < 0 || !S_ISSOCK (st.st_mode))
    return;
  g_ptr_array_add (args, g_strdup (systemd_run));
  g_ptr_array_add (args, g_strdup ("--user"));
  g_ptr_array_add (args, g_strdup ("--scope"));
  g_ptr_array_add (args, g_strdup ("--quiet"));
  g_ptr_array_add (args, g_strdup ("--collect"));
  limit_values (res, values);
  for (guint i = 0; i < G_N_ELEMENTS (cgroup_limits); i++)
    if (values[i] >= 0)
      {
        g_autofree char *v = limit_text (values[i]);
        g_ptr_array_add (args, g_strdup ("-p"));
        g_ptr_array_add (args, g_strdup_printf ("%s=%s", cgroup_limits[i].property, v));
      }
  g_ptr_array_add (args, g_strdup ("--"));
  g_ptr_array_add (args, g_strdup (self));
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);
  g_setenv (APPLIED_VAR, "systemd", TRUE);
  execv (systemd_run, (char **) args->pdata);
  g_unsetenv (APPLIED_VAR); /* it did not work: go on without */
}

/* The cgroup v2 directory of this process, if any. */
static char *
own_cgroup_dir (void)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/cgroup", &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "0::/"))
      {
        const char *mounts[] = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };
        for (guint m = 0; m < G_N_ELEMENTS (mounts); m++)
          {
            g_autofree char *dir = g_build_filename (mounts[m], lines[i] + 3, NULL);
            g_autofree char *procs = g_build_filename (dir, "cgroup.procs", NULL);
            if (g_file_test (procs, G_FILE_TEST_EXISTS))
              return g_steal_pointer (&dir);
          }
      }
  return NULL;
}

static gboolean
write_cgroup_file (const char *dir, const char *file, const char *value)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);

  return g_file_set_contents_full (path, value, -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL);
}

/* A child of a delegated (writable) cgroup with the limits; moves this
 * process into it.  Sets @applied bits for the limits it could set. */
static void
apply_in_delegated_cgroup (const HutchResources *res, const char *app_id, guint *applied)
{
  g_autofree char *parent = own_cgroup_dir ();
  g_autofree char *child = NULL, *name = NULL;
  gint64 values[3];

  if (parent == NULL || access (parent, W_OK) < 0)
    return;
  name = g_strdup_printf ("hutch-%s-%d", app_id, (int) getpid ());
  child = g_build_filename (parent, name, NULL);
  if (mkdir (child, 0755) < 0)
    return;
  limit_values (res, values);
  for (guint i = 0; i < G_N_ELEMENTS (cgroup_limits); i++)
    if (values[i] >= 0)
      {
        g_autofree char *v = limit_text (values[i]);
        if (write_cgroup_file (child, cgroup_limits[i].file, v))
          *applied |= 1u << i;
      }
  if (*applied == 0 || !write_cgroup_file (child, "cgroup.procs", "0"))
    {
      *applied = 0;
      rmdir (child);
    }
}

gboolean
hutch_app_apply_resources (const HutchResources *res, const char *app_id, char **argv,
                           GPtrArray *warnings, GError **error)
{
  gint64 values[3];
  guint wanted = 0, applied = 0;

  if (res->nofile > 0 && !apply_nofile (res->nofile, error))
    return FALSE;
  limit_values (res, values);
  for (guint i = 0; i < G_N_ELEMENTS (cgroup_limits); i++)
    if (values[i] >= 0)
      wanted |= 1u << i;
  if (wanted == 0 || g_strcmp0 (g_getenv (APPLIED_VAR), "systemd") == 0)
    {
      g_unsetenv (APPLIED_VAR);
      return TRUE;
    }
  reexec_in_scope (res, argv);
  apply_in_delegated_cgroup (res, app_id, &applied);
  for (guint i = 0; i < G_N_ELEMENTS (cgroup_limits); i++)
    if ((wanted & (1u << i)) && !(applied & (1u << i)))
      g_ptr_array_add (warnings,
                       g_strdup_printf (_("%s was not applied: no systemd user manager is running "
                                          "and this process's cgroup is not delegated to the "
                                          "user (or lacks that controller)"),
                                        cgroup_limits[i].name));
  return TRUE;
}
