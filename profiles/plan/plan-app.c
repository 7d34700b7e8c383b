/* The sandbox of an app: the runtime at /usr, the app at /app, the app's own
 * writable data, a private /tmp and XDG_RUNTIME_DIR, and then exactly what
 * the merged permissions grant (plan-filesystems.c, the host-*.c
 * integrations).
 *
 * Defends against: an app seeing more of the host than its permissions
 * grant.  The plan starts from nothing (hutch-launch's empty root) and only
 * adds; everything of the host it binds is named here or in a host-*.c
 * file.  /.hutch-info and /etc/passwd are generated, read-only data.
 */
#include "hutch-sandbox-plan.h"
#include "plan-private.h"

#include "hutch-i18n.h"

#include <string.h>

/* The runtime's /usr and the usual links into it. */
static void
add_runtime (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  static const char *const links[][2] = {
    { "usr/bin", "/bin" },
    { "usr/lib", "/lib" },
    { "usr/lib64", "/lib64" },
    { "usr/sbin", "/sbin" },
  };
  g_autofree char *etc = g_build_filename (launch->runtime_files, "etc", NULL);

  hutch_plan_add (plan, HUTCH_PLAN_RO_BIND, launch->runtime_files, "/usr");
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    hutch_plan_add (plan, HUTCH_PLAN_SYMLINK, links[i][0], links[i][1]);
  /* A runtime keeps its /etc in files/etc, as Flatpak's do.  Opened
   * beneath files/: a runtime whose etc is a symlink to a host directory
   * (its packager's choice) would otherwise have that directory bound. */
  if (env->path_exists (etc, env->user_data))
    {
      HutchPlanOp *op
          = hutch_plan_add_beneath (plan, HUTCH_PLAN_RO_BIND, launch->runtime_files, "etc", "/etc");
      op->flags |= HUTCH_PLAN_FLAG_TRY;
    }
  else
    hutch_plan_add (plan, HUTCH_PLAN_DIR, NULL, "/etc");
  if (launch->app_files != NULL)
    hutch_plan_add (plan, HUTCH_PLAN_RO_BIND, launch->app_files, "/app");
}

/* A file in the sandbox's /etc, if the runtime leaves room for it: a
 * read-only /etc from the runtime needs an existing file to bind over, so a
 * runtime ships empty passwd, group, hosts, resolv.conf, localtime and
 * machine-id in files/etc (hutch-bundler makes them). */
static gboolean
etc_has_room (const HutchAppLaunch *launch, const HutchHostEnv *env, const char *name)
{
  g_autofree char *etc = g_build_filename (launch->runtime_files, "etc", NULL);
  g_autofree char *file = g_build_filename (etc, name, NULL);

  return !env->path_exists (etc, env->user_data) || env->path_exists (file, env->user_data);
}

/* /etc/passwd and /etc/group with the user alone (and nobody), so that the
 * sandbox learns no other account of the host. */
static void
add_identity (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  g_autofree char *passwd = NULL, *group = NULL;

  passwd = g_strdup_printf ("%s:x:%u:%u:%s:%s:/bin/sh\n"
                            "nobody:x:65534:65534:Nobody:/nonexistent:/usr/sbin/nologin\n",
                            env->user_name, (unsigned) env->uid, (unsigned) env->gid,
                            env->user_name, env->home);
  group = g_strdup_printf ("%s:x:%u:\nnogroup:x:65534:\n", env->user_name, (unsigned) env->gid);
  if (etc_has_room (launch, env, "passwd"))
    hutch_plan_add_data (plan, g_bytes_new_take (g_steal_pointer (&passwd), strlen (passwd)),
                         "/etc/passwd");
  if (etc_has_room (launch, env, "group"))
    hutch_plan_add_data (plan, g_bytes_new_take (g_steal_pointer (&group), strlen (group)),
                         "/etc/group");
}

/* Files of the host's /etc that describe the machine, not the runtime. */
static void
add_host_etc (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  static const char *const machine[] = { "machine-id", "localtime", "timezone" };
  static const char *const network[] = { "resolv.conf", "hosts", "host.conf", "nsswitch.conf" };

  for (guint i = 0; i < G_N_ELEMENTS (machine); i++)
    {
      g_autofree char *path = g_build_filename ("/etc", machine[i], NULL);
      if (etc_has_room (launch, env, machine[i]))
        hutch_plan_add (plan, HUTCH_PLAN_RO_BIND, path, path)->flags |= HUTCH_PLAN_FLAG_TRY;
    }
  if (!plan->share_net)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    {
      g_autofree char *path = g_build_filename ("/etc", network[i], NULL);
      if (etc_has_room (launch, env, network[i]))
        hutch_plan_add (plan, HUTCH_PLAN_RO_BIND, path, path)->flags |= HUTCH_PLAN_FLAG_TRY;
    }
}

/* /proc, /dev, /tmp, /var, /run and the sandbox's XDG_RUNTIME_DIR. */
static void
add_system_dirs (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  HutchPlanOp *op;

  hutch_plan_add (plan, HUTCH_PLAN_PROC, NULL, "/proc");
  if (hutch_permissions_has_device (launch->permissions, HUTCH_DEVICE_ALL))
    hutch_plan_add (plan, HUTCH_PLAN_DEV_BIND, "/dev", "/dev");
  else
    hutch_plan_add (plan, HUTCH_PLAN_DEV, NULL, "/dev");
  hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, "/tmp");
  hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, "/var");
  hutch_plan_add (plan, HUTCH_PLAN_SYMLINK, "/tmp", "/var/tmp");
  hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, "/run");
  op = hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, runtime_dir);
  op->perms = 0700;
}

/* ~/.var/app/ID, writable, and the XDG variables pointing into it. */
static void
add_app_data (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  g_autofree char *app_dir = hutch_plan_app_data_dir (launch, env);
  static const char *const vars[][2] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", ".local/state" },
  };
  HutchPlanOp *op;

  /* Made on the host first (CREATE); BENEATH keeps any symlink the app left
   * in ~/.var/app itself from redirecting the bind. */
  op = hutch_plan_add_beneath (plan, HUTCH_PLAN_BIND, env->home, app_dir + strlen (env->home) + 1,
                               app_dir);
  op->flags |= HUTCH_PLAN_FLAG_CREATE;
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *path = g_build_filename (app_dir, vars[i][1], NULL);
      hutch_plan_setenv (plan, vars[i][0], path);
      /* Made through the bind, so on the host, the first time. */
      hutch_plan_add (plan, HUTCH_PLAN_DIR, NULL, path)->perms = 0700;
    }
}

/* What comes from the host but means nothing (or something wrong) inside;
 * before the sockets, which set some of these again. */
static void
strip_host_environment (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  static const char *const host_only[] = {
    "LD_LIBRARY_PATH", "LD_PRELOAD", "LD_AUDIT", "PYTHONPATH", "PERLLIB", "PERL5LIB",
    "XDG_DATA_DIRS", "XDG_CONFIG_DIRS", "GIO_EXTRA_MODULES", "GDK_PIXBUF_MODULE_FILE",
    "GST_PLUGIN_PATH", "GTK_PATH", "QT_PLUGIN_PATH", "DISPLAY", "XAUTHORITY",
    "WAYLAND_DISPLAY", "PULSE_SERVER", "DBUS_SESSION_BUS_ADDRESS",
    "DBUS_SYSTEM_BUS_ADDRESS", "SSH_AUTH_SOCK", "GPG_AGENT_INFO", "PCSCLITE_CSOCK_NAME",
    "CUPS_SERVER", "PIPEWIRE_REMOTE", "XDG_SESSION_ID", "XDG_SEAT", "XDG_VTNR",
  };

  for (guint i = 0; i < G_N_ELEMENTS (host_only); i++)
    if (hutch_host_env_getenv (env, host_only[i]) != NULL)
      hutch_plan_unsetenv (plan, host_only[i]);
}

static void
add_environment (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  g_autofree char *runtime_dir = hutch_plan_runtime_dir (env);
  g_autoptr (GPtrArray) set = NULL, unset = NULL;

  hutch_plan_setenv (plan, "PATH", "/app/bin:/usr/bin");
  hutch_plan_setenv (plan, "XDG_DATA_DIRS", "/app/share:/usr/share");
  hutch_plan_setenv (plan, "XDG_CONFIG_DIRS", "/app/etc/xdg:/etc/xdg");
  hutch_plan_setenv (plan, "XDG_RUNTIME_DIR", runtime_dir);
  hutch_plan_setenv (plan, "HOME", env->home);
  hutch_plan_setenv (plan, "HUTCH_ID", launch->app_id);
  if (launch->app_files != NULL)
    hutch_plan_setenv (plan, "LD_LIBRARY_PATH", "/app/lib");

  /* The app's own [Environment], last: it wins. */
  hutch_permissions_get_environment (launch->permissions, &set, &unset);
  for (guint i = 0; i < set->len; i++)
    {
      const char *pair = g_ptr_array_index (set, i);
      const char *eq = strchr (pair, '=');
      g_autofree char *name = g_strndup (pair, (gsize) (eq - pair));
      hutch_plan_setenv (plan, name, eq + 1);
    }
  for (guint i = 0; i < unset->len; i++)
    hutch_plan_unsetenv (plan, g_ptr_array_index (unset, i));
}

static void
add_sockets (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  const HutchPermissions *p = launch->permissions;
  gboolean has_wayland = FALSE;

  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_WAYLAND))
    has_wayland = hutch_host_wayland (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_X11))
    hutch_host_x11 (plan, env, FALSE, has_wayland);
  else if (hutch_permissions_has_socket (p, HUTCH_SOCKET_FALLBACK_X11))
    hutch_host_x11 (plan, env, TRUE, has_wayland);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_PULSEAUDIO))
    hutch_host_pulseaudio (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_PIPEWIRE))
    hutch_host_pipewire (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_SESSION_BUS))
    hutch_host_session_bus (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_SYSTEM_BUS))
    hutch_host_system_bus (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_SSH_AUTH))
    hutch_host_ssh_agent (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_GPG_AGENT))
    hutch_host_gpg_agent (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_PCSC))
    hutch_host_pcsc (plan, env);
  if (hutch_permissions_has_socket (p, HUTCH_SOCKET_CUPS))
    hutch_host_cups (plan, env);
}

static void
add_devices (HutchSandboxPlan *plan, const HutchAppLaunch *launch, const HutchHostEnv *env)
{
  guint devices = 0;
  static const HutchDevices all[] = {
    HUTCH_DEVICE_DRI, HUTCH_DEVICE_INPUT, HUTCH_DEVICE_KVM, HUTCH_DEVICE_SHM,
  };

  if (hutch_permissions_has_device (launch->permissions, HUTCH_DEVICE_ALL))
    return; /* the whole /dev is bound already (add_system_dirs) */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (hutch_permissions_has_device (launch->permissions, all[i]))
      devices |= all[i];
  if (devices != 0)
    hutch_host_devices (plan, env, devices);
}

/* The seccomp profile and rules: the app's, with what features add. */
static void
add_seccomp (HutchSandboxPlan *plan, const HutchAppLaunch *launch)
{
  const HutchPermissions *p = launch->permissions;
  const char *profile = hutch_permissions_get_seccomp_profile (p);
  const char *const *rules = hutch_permissions_get_seccomp_rules (p);

  if (profile == NULL && hutch_permissions_has_feature (p, HUTCH_FEATURE_DEVEL))
    profile = "devel";
  plan->seccomp_profile = g_strdup (profile);
  if (hutch_permissions_has_feature (p, HUTCH_FEATURE_BLUETOOTH))
    {
      /* default.seccomp allows a short list of socket families: extend it. */
      g_ptr_array_add (plan->seccomp_rules, g_strdup ("allow socket"));
      g_ptr_array_add (plan->seccomp_rules,
                       g_strdup ("deny socket errno=EAFNOSUPPORT unless arg0:32 in "
                                 "AF_UNIX,AF_INET,AF_INET6,AF_NETLINK,AF_BLUETOOTH"));
    }
  for (guint i = 0; rules != NULL && rules[i] != NULL; i++)
    g_ptr_array_add (plan->seccomp_rules, g_strdup (rules[i]));
  /* Rules alone ride on the default profile. */
  if (plan->seccomp_profile == NULL && plan->seccomp_rules->len > 0)
    plan->seccomp_profile = g_strdup ("default");
}

HutchSandboxPlan *
hutch_sandbox_plan_for_app (const HutchAppLaunch *launch, const HutchHostEnv *env, GError **error)
{
  g_autoptr (HutchSandboxPlan) plan = hutch_sandbox_plan_new ();

  g_return_val_if_fail (launch->runtime_files != NULL && launch->app_id != NULL, NULL);
  g_return_val_if_fail (env->home != NULL && env->home[0] == '/', NULL);

  plan->share_net = hutch_permissions_has_share (launch->permissions, HUTCH_SHARE_NETWORK);
  plan->share_ipc = hutch_permissions_has_share (launch->permissions, HUTCH_SHARE_IPC);
  add_runtime (plan, launch, env);
  add_identity (plan, launch, env);
  add_host_etc (plan, launch, env);
  add_system_dirs (plan, launch, env);
  if (!hutch_plan_add_filesystems (plan, launch, env, error))
    return NULL;
  add_app_data (plan, launch, env);
  if (!hutch_plan_add_persistent (plan, launch, env, error))
    return NULL;
  hutch_plan_hide_installations (plan, env);
  strip_host_environment (plan, env);
  add_sockets (plan, launch, env);
  add_devices (plan, launch, env);
  if (launch->info != NULL)
    hutch_plan_add_data (plan, g_bytes_new (launch->info, strlen (launch->info)), "/.hutch-info");
  add_environment (plan, launch, env);
  add_seccomp (plan, launch);
  plan->resources = hutch_permissions_get_resources (launch->permissions);
  plan->chdir = g_strdup (launch->cwd);
  return g_steal_pointer (&plan);
}
