/* Filesystem grants: from `filesystems=` entries to binds.
 *
 * Defends against: a grant reaching more than it names.  Each entry binds
 * exactly one host directory at the same path (the host's OS under
 * /run/host, xdg-run under the sandbox's own XDG_RUNTIME_DIR); parents are
 * bound before their children, so `home` then `xdg-download:ro` leaves
 * Downloads read-only; a grant's source under the app's own data directory,
 * or under another grant the app may write, is opened beneath that
 * directory (symlinks the app planted there cannot lead out);
 * the Hutch installations, where the overrides that define the app's
 * permissions live, are hidden under a tmpfs whenever a grant covers them,
 * so an app with `home` cannot rewrite its own permissions; and so is
 * ~/.var/app, the other apps' data.
 */
#include "plan-private.h"

#include "hutch-i18n.h"

#include <string.h>

/* Top-level host directories a `host` grant binds at their own path. */
static const char *const host_dirs[] = {
  "/home", "/media", "/mnt", "/opt", "/srv", "/run/media", "/var/home", "/tmp",
};

/* The host's OS, bound under /run/host for host and host-os. */
static const char *const host_os_dirs[] = {
  "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
};

char *
hutch_plan_app_data_dir (const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  return g_build_filename (env->home, ".var", "app", launch->app_id, NULL);
}

/* A grant, ready to sort: host path, sandbox path, mode. */
typedef struct
{
  char *source;
  char *dest;
  HutchFsMode mode;
} Grant;

static void
grant_free (gpointer data)
{
  Grant *g = data;

  g_free (g->source);
  g_free (g->dest);
  g_free (g);
}

static void
add_grant (GPtrArray *grants, const char *source, const char *dest, HutchFsMode mode)
{
  Grant *g = g_new0 (Grant, 1);

  g->source = g_strdup (source);
  g->dest = g_strdup (dest);
  g->mode = mode;
  g_ptr_array_add (grants, g);
}

/* The directory a base stands for on the host, or NULL if unknown. */
static const char *
base_dir (HutchFsBase base, const HutchHostEnv *env)
{
  switch (base)
    {
    case HUTCH_FS_BASE_HOME:
    case HUTCH_FS_BASE_HOME_PATH: return env->home;
    case HUTCH_FS_BASE_ABSOLUTE: return "/";
    case HUTCH_FS_BASE_XDG_CONFIG: return env->xdg_config_home;
    case HUTCH_FS_BASE_XDG_CACHE: return env->xdg_cache_home;
    case HUTCH_FS_BASE_XDG_DATA: return env->xdg_data_home;
    case HUTCH_FS_BASE_XDG_STATE: return env->xdg_state_home;
    case HUTCH_FS_BASE_XDG_RUN: return env->runtime_dir;
    case HUTCH_FS_BASE_XDG_DESKTOP:
    case HUTCH_FS_BASE_XDG_DOCUMENTS:
    case HUTCH_FS_BASE_XDG_DOWNLOAD:
    case HUTCH_FS_BASE_XDG_MUSIC:
    case HUTCH_FS_BASE_XDG_PICTURES:
    case HUTCH_FS_BASE_XDG_PUBLIC_SHARE:
    case HUTCH_FS_BASE_XDG_TEMPLATES:
    case HUTCH_FS_BASE_XDG_VIDEOS:
      return env->xdg_user_dirs[base - HUTCH_FS_BASE_XDG_DESKTOP];
    default:
      return NULL;
    }
}

static void
add_host_grants (GPtrArray *grants, const HutchFilesystem *fs)
{
  if (fs->base == HUTCH_FS_BASE_HOST)
    for (guint i = 0; i < G_N_ELEMENTS (host_dirs); i++)
      add_grant (grants, host_dirs[i], host_dirs[i], fs->mode);
  if (fs->base == HUTCH_FS_BASE_HOST || fs->base == HUTCH_FS_BASE_HOST_OS)
    for (guint i = 0; i < G_N_ELEMENTS (host_os_dirs); i++)
      {
        g_autofree char *dest = g_strconcat ("/run/host", host_os_dirs[i], NULL);
        add_grant (grants, host_os_dirs[i], dest, fs->mode);
      }
  if (fs->base == HUTCH_FS_BASE_HOST || fs->base == HUTCH_FS_BASE_HOST_ETC)
    add_grant (grants, "/etc", "/run/host/etc", fs->mode);
}

/* One entry: the host path and its place in the sandbox. */
static void
collect_grant (GPtrArray *grants, HutchSandboxPlan *plan, const HutchFilesystem *fs,
               const HutchHostEnv *env)
{
  const char *dir = base_dir (fs->base, env);
  g_autofree char *fs_name = NULL;
  g_autofree char *source = NULL;
  g_autofree char *runtime_dir = NULL;
  g_autofree char *dest = NULL;

  if (fs->base == HUTCH_FS_BASE_HOST || fs->base == HUTCH_FS_BASE_HOST_OS
      || fs->base == HUTCH_FS_BASE_HOST_ETC)
    {
      add_host_grants (grants, fs);
      return;
    }
  if (dir == NULL)
    {
      fs_name = hutch_filesystem_to_string (fs);
      hutch_plan_warn (plan, _("the filesystem “%s” was granted but that directory is not set "
                               "up on this system"), fs_name);
      return;
    }
  source = g_build_filename (dir, fs->subpath, NULL);
  if (fs->base != HUTCH_FS_BASE_XDG_RUN)
    {
      add_grant (grants, source, source, fs->mode);
      return;
    }
  runtime_dir = hutch_plan_runtime_dir (env);
  dest = g_build_filename (runtime_dir, fs->subpath, NULL);
  add_grant (grants, source, dest, fs->mode);
}

static int
compare_grants (gconstpointer a, gconstpointer b)
{
  const Grant *x = *(Grant *const *) a, *y = *(Grant *const *) b;

  return strcmp (x->dest, y->dest); /* a parent sorts before its children */
}

gboolean
hutch_plan_path_is_below (const char *path, const char *dir)
{
  gsize len = strlen (dir);

  if (strcmp (dir, "/") == 0)
    return TRUE;
  return strncmp (path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

/* The source of the grant nearest around @g, if the sandbox may write in
 * it (then the app may have left symlinks on @g's path); else NULL. */
static const char *
writable_parent (GPtrArray *grants, const Grant *g)
{
  const Grant *parent = NULL;

  for (guint i = 0; i < grants->len; i++)
    {
      const Grant *p = g_ptr_array_index (grants, i);
      if (strcmp (p->source, g->source) != 0 && hutch_plan_path_is_below (g->source, p->source)
          && (parent == NULL || strlen (p->source) > strlen (parent->source)))
        parent = p;
    }
  return parent != NULL && parent->mode != HUTCH_FS_READ_ONLY ? parent->source : NULL;
}

/* @path below @dir, which holds it, as a relative path. */
static const char *
part_below (const char *path, const char *dir)
{
  return path + strlen (dir) + (strcmp (dir, "/") != 0);
}

/* Turn a sorted grant into an operation.  The source of a grant under the
 * app's own data directory, or under a writable grant, is opened beneath
 * that directory: a symlink the app planted there on an earlier run (say
 * ~/Games/saves -> .. with ~/Games and ~/Games/saves granted) cannot bind
 * what lies outside it. */
static void
add_grant_op (HutchSandboxPlan *plan, GPtrArray *grants, const Grant *g, const char *app_dir)
{
  HutchPlanOpKind kind = g->mode == HUTCH_FS_READ_ONLY ? HUTCH_PLAN_RO_BIND : HUTCH_PLAN_BIND;
  const char *base = NULL;
  HutchPlanOp *op;

  if (hutch_plan_path_is_below (g->source, app_dir) && strcmp (g->source, app_dir) != 0)
    base = app_dir;
  else
    base = writable_parent (grants, g);
  if (base != NULL)
    op = hutch_plan_add_beneath (plan, kind, base, part_below (g->source, base), g->dest);
  else
    op = hutch_plan_add (plan, kind, g->source, g->dest);
  op->flags |= g->mode == HUTCH_FS_CREATE ? HUTCH_PLAN_FLAG_CREATE : HUTCH_PLAN_FLAG_TRY;
  op->flags |= HUTCH_PLAN_FLAG_GRANT;
}

/* The host path a grant operation binds. */
static char *
grant_source (const HutchPlanOp *op)
{
  if (op->flags & HUTCH_PLAN_FLAG_BENEATH)
    return g_build_filename (op->source, op->subpath, NULL);
  return g_strdup (op->source);
}

HutchPlanOp *
hutch_plan_add_host_bind (HutchSandboxPlan *plan, const char *source, const char *dest)
{
  g_autofree char *base = NULL;
  HutchPlanOp *op;

  for (guint i = 0; i < plan->ops->len; i++)
    {
      const HutchPlanOp *grant = g_ptr_array_index (plan->ops, i);
      g_autofree char *granted = NULL;

      if (!(grant->flags & HUTCH_PLAN_FLAG_GRANT) || grant->kind != HUTCH_PLAN_BIND)
        continue;
      granted = grant_source (grant);
      if (strcmp (granted, source) != 0 && hutch_plan_path_is_below (source, granted)
          && (base == NULL || strlen (granted) > strlen (base)))
        {
          g_free (base);
          base = g_steal_pointer (&granted);
        }
    }
  if (base == NULL)
    return hutch_plan_add (plan, HUTCH_PLAN_RO_BIND, source, dest);
  op = hutch_plan_add_beneath (plan, HUTCH_PLAN_RO_BIND, base, part_below (source, base), dest);
  /* A link that leads out is skipped, with a warning, not an error. */
  op->flags |= HUTCH_PLAN_FLAG_TRY;
  return op;
}

/* Is @dir inside what some bind of the plan shows? */
static gboolean
covered_by_bind (const HutchSandboxPlan *plan, const char *dir)
{
  for (guint i = 0; i < plan->ops->len; i++)
    {
      const HutchPlanOp *op = g_ptr_array_index (plan->ops, i);
      if ((op->kind == HUTCH_PLAN_BIND || op->kind == HUTCH_PLAN_RO_BIND
           || op->kind == HUTCH_PLAN_DEV_BIND)
          && !(op->flags & HUTCH_PLAN_FLAG_BENEATH) && hutch_plan_path_is_below (dir, op->dest)
          && hutch_plan_path_is_below (dir, op->source) && strcmp (op->source, op->dest) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A tmpfs over @dir if a bind of the plan shows it. */
static void
hide_if_bound (HutchSandboxPlan *plan, const char *dir)
{
  if (covered_by_bind (plan, dir))
    hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, dir);
}

/* With home (or host) granted, ~/.var/app would show every app's data: a
 * tmpfs covers it, added before the grants below it (another app's data
 * can still be granted by name, as in Flatpak) and before the app's own. */
static void
hide_apps_data (HutchSandboxPlan *plan, const HutchHostEnv *env, GPtrArray *grants)
{
  g_autofree char *apps_dir = g_build_filename (env->home, ".var", "app", NULL);

  if (env->debug_disable & HUTCH_PLAN_DEBUG_SHOW_APPS)
    return;
  g_free (plan->apps_dir);
  plan->apps_dir = g_strdup (apps_dir);
  for (guint i = 0; i < grants->len; i++)
    if (strcmp (((const Grant *) g_ptr_array_index (grants, i))->dest, apps_dir) == 0)
      return; /* granted itself */
  hide_if_bound (plan, apps_dir);
}

gboolean
hutch_plan_add_filesystems (HutchSandboxPlan *plan, const HutchAppLaunch *launch,
                            const HutchHostEnv *env, GError **error)
{
  g_autoptr (GPtrArray) filesystems = hutch_permissions_get_filesystems (launch->permissions);
  g_autoptr (GPtrArray) grants = g_ptr_array_new_with_free_func (grant_free);
  g_autofree char *app_dir = hutch_plan_app_data_dir (launch, env);

  for (guint i = 0; i < filesystems->len; i++)
    {
      const HutchFilesystem *fs = g_ptr_array_index (filesystems, i);
      if (fs->mode != HUTCH_FS_RESET)
        collect_grant (grants, plan, fs, env);
    }
  g_autofree char *apps_dir = g_path_get_dirname (app_dir);
  gboolean apps_hidden = FALSE;

  g_ptr_array_sort (grants, compare_grants);
  for (guint i = 0; i < grants->len; i++)
    {
      const Grant *g = g_ptr_array_index (grants, i);
      if (!apps_hidden && hutch_plan_path_is_below (g->dest, apps_dir)
          && strcmp (g->dest, apps_dir) != 0)
        {
          hide_apps_data (plan, env, grants);
          apps_hidden = TRUE;
        }
      add_grant_op (plan, grants, g, app_dir);
    }
  if (!apps_hidden)
    hide_apps_data (plan, env, grants);
  /* The host's X servers' sockets, when /tmp is granted (or host): only
   * the x11 socket grant shows one (host-x11.c, on a tmpfs of its own).
   * Where there is none, nothing to hide (and no mount point is made in
   * the host's /tmp). */
  if (env->path_exists ("/tmp/.X11-unix", env->user_data))
    hide_if_bound (plan, "/tmp/.X11-unix");
  return TRUE;
}

gboolean
hutch_plan_add_persistent (HutchSandboxPlan *plan, const HutchAppLaunch *launch,
                           const HutchHostEnv *env, GError **error)
{
  g_autoptr (GPtrArray) persistent = hutch_permissions_get_persistent (launch->permissions);
  g_autofree char *app_dir = hutch_plan_app_data_dir (launch, env);

  for (guint i = 0; i < persistent->len; i++)
    {
      const char *rel = g_ptr_array_index (persistent, i);
      g_autofree char *dest = g_build_filename (env->home, rel, NULL);
      HutchPlanOp *op = hutch_plan_add_beneath (plan, HUTCH_PLAN_BIND, app_dir, rel, dest);

      op->flags |= HUTCH_PLAN_FLAG_CREATE;
    }
  return TRUE;
}

void
hutch_plan_hide_installations (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  if (env->debug_disable & HUTCH_PLAN_DEBUG_NO_HIDE)
    return;
  for (gsize i = 0; env->installation_dirs != NULL && env->installation_dirs[i] != NULL; i++)
    {
      const char *dir = env->installation_dirs[i];
      /* Even if it does not exist yet: an app could create it and plant
       * overrides in it.  (`app run` makes the user's before launching.) */
      hide_if_bound (plan, dir);
      g_ptr_array_add (plan->protected_dirs, g_strdup (dir));
    }
  /* The running instances (xdg-run/hutch is refused when parsed; this
   * catches a grant that reaches them through a symlink). */
  if (env->runtime_dir != NULL)
    g_ptr_array_add (plan->protected_dirs, g_build_filename (env->runtime_dir, "hutch", NULL));
}
