/* The sandbox plan as data: operations, environment, warnings, and the
 * user's session as the plan sees it (HutchHostEnv).  See
 * hutch-sandbox-plan.h. */
#include "hutch-sandbox-plan.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void
plan_op_free (gpointer data)
{
  HutchPlanOp *op = data;

  g_free (op->source);
  g_free (op->subpath);
  g_free (op->dest);
  g_clear_pointer (&op->data, g_bytes_unref);
  g_free (op);
}

HutchSandboxPlan *
hutch_sandbox_plan_new (void)
{
  HutchSandboxPlan *plan = g_new0 (HutchSandboxPlan, 1);

  plan->ops = g_ptr_array_new_with_free_func (plan_op_free);
  plan->setenv = g_ptr_array_new_with_free_func (g_free);
  plan->unsetenv = g_ptr_array_new_with_free_func (g_free);
  plan->seccomp_rules = g_ptr_array_new_with_free_func (g_free);
  plan->warnings = g_ptr_array_new_with_free_func (g_free);
  plan->protected_dirs = g_ptr_array_new_with_free_func (g_free);
  plan->resources = (HutchResources) { -1, -1, -1, -1 };
  return plan;
}

void
hutch_sandbox_plan_free (HutchSandboxPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->ops);
  g_ptr_array_unref (plan->setenv);
  g_ptr_array_unref (plan->unsetenv);
  g_ptr_array_unref (plan->seccomp_rules);
  g_ptr_array_unref (plan->warnings);
  g_ptr_array_unref (plan->protected_dirs);
  g_free (plan->apps_dir);
  g_free (plan->chdir);
  g_free (plan->seccomp_profile);
  g_free (plan);
}

HutchPlanOp *
hutch_plan_add (HutchSandboxPlan *plan, HutchPlanOpKind kind, const char *source, const char *dest)
{
  HutchPlanOp *op = g_new0 (HutchPlanOp, 1);

  g_return_val_if_fail (dest != NULL && dest[0] == '/', NULL);
  op->kind = kind;
  op->source = g_strdup (source);
  op->dest = g_strdup (dest);
  g_ptr_array_add (plan->ops, op);
  return op;
}

HutchPlanOp *
hutch_plan_add_beneath (HutchSandboxPlan *plan, HutchPlanOpKind kind, const char *base,
                        const char *subpath, const char *dest)
{
  HutchPlanOp *op = hutch_plan_add (plan, kind, base, dest);

  op->subpath = g_strdup (subpath);
  op->flags |= HUTCH_PLAN_FLAG_BENEATH;
  return op;
}

void
hutch_plan_add_data (HutchSandboxPlan *plan, GBytes *data, const char *dest)
{
  HutchPlanOp *op = hutch_plan_add (plan, HUTCH_PLAN_RO_DATA, NULL, dest);

  op->data = g_bytes_ref (data);
}

/* Remove NAME from @array of "NAME=VALUE" (or of "NAME") strings. */
static void
remove_name (GPtrArray *array, const char *name)
{
  gsize len = strlen (name);

  for (guint i = array->len; i > 0; i--)
    {
      const char *s = g_ptr_array_index (array, i - 1);
      if (strncmp (s, name, len) == 0 && (s[len] == '=' || s[len] == '\0'))
        g_ptr_array_remove_index (array, i - 1);
    }
}

void
hutch_plan_setenv (HutchSandboxPlan *plan, const char *name, const char *value)
{
  remove_name (plan->setenv, name);
  remove_name (plan->unsetenv, name);
  g_ptr_array_add (plan->setenv, g_strconcat (name, "=", value, NULL));
}

void
hutch_plan_unsetenv (HutchSandboxPlan *plan, const char *name)
{
  remove_name (plan->setenv, name);
  remove_name (plan->unsetenv, name);
  g_ptr_array_add (plan->unsetenv, g_strdup (name));
}

void
hutch_plan_warn (HutchSandboxPlan *plan, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (plan->warnings, g_strdup_vprintf (format, ap));
  va_end (ap);
}

char *
hutch_plan_runtime_dir (const HutchHostEnv *env)
{
  return g_strdup_printf ("/run/user/%u", (unsigned) env->uid);
}

const char *
hutch_host_env_getenv (const HutchHostEnv *env, const char *name)
{
  gsize len = strlen (name);

  for (gsize i = 0; env->environ != NULL && env->environ[i] != NULL; i++)
    if (strncmp (env->environ[i], name, len) == 0 && env->environ[i][len] == '=')
      return env->environ[i] + len + 1;
  return NULL;
}

static gboolean
real_path_exists (const char *path, gpointer user_data)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
real_is_socket (const char *path, gpointer user_data)
{
  struct stat st;

  return stat (path, &st) == 0 && S_ISSOCK (st.st_mode);
}

static GBytes *
real_read_file (const char *path, gpointer user_data)
{
  char *contents;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return g_bytes_new_take (contents, len);
}

void
hutch_host_env_init_user_dirs (HutchHostEnv *env)
{
  static const GUserDirectory user_dirs[HUTCH_N_XDG_USER_DIRS] = {
    G_USER_DIRECTORY_DESKTOP, G_USER_DIRECTORY_DOCUMENTS, G_USER_DIRECTORY_DOWNLOAD,
    G_USER_DIRECTORY_MUSIC, G_USER_DIRECTORY_PICTURES, G_USER_DIRECTORY_PUBLIC_SHARE,
    G_USER_DIRECTORY_TEMPLATES, G_USER_DIRECTORY_VIDEOS,
  };

  for (guint i = 0; i < HUTCH_N_XDG_USER_DIRS; i++)
    {
      const char *dir = g_get_user_special_dir (user_dirs[i]);
      /* GLib answers $HOME for a directory that is not configured. */
      env->xdg_user_dirs[i] = dir != NULL && g_strcmp0 (dir, env->home) != 0 ? dir : NULL;
    }
}

/* The name for the sandbox's /etc/passwd: $USER if it is a plausible name
 * (it only names the user inside), else the user database's, which costs an
 * NSS lookup. */
static const char *
user_name (void)
{
  const char *name = g_getenv ("USER");

  if (name != NULL && name[0] != '\0' && strlen (name) < 64
      && strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen (name))
    return name;
  return g_get_user_name ();
}

void
hutch_host_env_init (HutchHostEnv *env)
{
  memset (env, 0, sizeof *env);
  env->uid = getuid ();
  env->gid = getgid ();
  env->user_name = user_name ();
  env->hostname = g_get_host_name ();
  env->home = g_get_home_dir ();
  env->runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  env->xdg_config_home = g_get_user_config_dir ();
  env->xdg_cache_home = g_get_user_cache_dir ();
  env->xdg_data_home = g_get_user_data_dir ();
  env->xdg_state_home = g_get_user_state_dir ();
  env->environ = (const char *const *) environ;
  env->path_exists = real_path_exists;
  env->is_socket = real_is_socket;
  env->read_file = real_read_file;
}
