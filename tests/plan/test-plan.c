/* The sandbox plan of an app: for each permission, the exact hutch-launch
 * operations it produces, from a fake host (no namespaces, no files). */
#include "hutch-sandbox-plan.h"

#include <glib.h>
#include <string.h>

#define APP "org.test.App"
#define HOME "/home/u"
#define APPDIR HOME "/.var/app/" APP

/* The fake host: paths that exist, sockets, files. */
static GHashTable *fake_paths;

static gboolean
fake_exists (const char *path, gpointer data)
{
  return g_hash_table_contains (fake_paths, path);
}

static gboolean
fake_is_socket (const char *path, gpointer data)
{
  return g_strcmp0 (g_hash_table_lookup (fake_paths, path), "socket") == 0;
}

static GBytes *
fake_read (const char *path, gpointer data)
{
  return NULL;
}

static const char *const installations[] = { HOME "/.local/share/hutch", "/var/lib/hutch", NULL };

static void
fake_env (HutchHostEnv *env, const char *const *envp)
{
  memset (env, 0, sizeof *env);
  env->uid = 1000;
  env->gid = 1000;
  env->user_name = "u";
  env->home = HOME;
  env->runtime_dir = "/run/user/1000";
  env->xdg_config_home = HOME "/.config";
  env->xdg_cache_home = HOME "/.cache";
  env->xdg_data_home = HOME "/.local/share";
  env->xdg_state_home = HOME "/.local/state";
  env->xdg_user_dirs[2] = HOME "/Downloads"; /* download */
  env->installation_dirs = installations;
  env->environ = envp;
  env->path_exists = fake_exists;
  env->is_socket = fake_is_socket;
  env->read_file = fake_read;
}

/* The plan for the permissions given as flags, as one line of arguments,
 * each argument followed by a space. */
static char *
plan_line (const char *const *flags, const char *const *envp, GPtrArray **warnings)
{
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (HutchSandboxPlan) plan = NULL;
  g_autoptr (GPtrArray) args = NULL;
  g_autoptr (GError) error = NULL;
  const char *command[] = { "app-binary", "--flag", NULL };
  HutchHostEnv env;
  HutchAppLaunch launch = {
    .app_id = APP, .app_files = "/inst/app/files", .runtime_files = "/inst/rt/files",
    .info = "[Application]\nname=" APP "\n", .command = command,
  };
  GString *line = g_string_new (" ");

  for (gsize i = 0; flags != NULL && flags[i] != NULL; i++)
    {
      const char *eq = strchr (flags[i], '=');
      g_autofree char *name = g_strndup (flags[i], (gsize) (eq - flags[i]));
      hutch_permissions_apply_option (perms, name, eq + 1, &error);
      g_assert_no_error (error);
    }
  fake_env (&env, envp);
  launch.permissions = perms;
  plan = hutch_sandbox_plan_for_app (&launch, &env, &error);
  g_assert_no_error (error);
  args = hutch_sandbox_plan_to_args (plan, NULL, command);
  for (guint i = 0; i < args->len; i++)
    g_string_append_printf (line, "%s ", (const char *) g_ptr_array_index (args, i));
  if (warnings != NULL)
    *warnings = g_ptr_array_ref (plan->warnings);
  return g_string_free (line, FALSE);
}

typedef struct
{
  const char *name;
  const char *flags[4];      /* permission flags, NAME=VALUE */
  const char *present[8];    /* argument sequences that must appear */
  const char *absent[6];     /* and must not */
} PlanCase;

static const char *const no_env[] = { NULL };

static const PlanCase cases[] = {
  { "base",
    { NULL },
    { " --ro-bind /inst/rt/files /usr ", " --symlink usr/lib /lib ", " --ro-bind /inst/app/files /app ",
      " --proc /proc ", " --dev /dev ", " --tmpfs /tmp ", " --perms 0700 --tmpfs /run/user/1000 ",
      " --bind-fd BENEATH:" HOME "/.var/app/" APP " " APPDIR " " },
    { " --share-net ", " --share-ipc ", " " HOME " " HOME " ", "X11", " --dev-bind ", " --seccomp " } },
  { "base: app data, info, identity and command",
    { NULL },
    { " --setenv XDG_DATA_HOME " APPDIR "/data ", " --setenv XDG_CONFIG_HOME " APPDIR "/config ",
      " --ro-bind-data DATA:", " /.hutch-info ", " /etc/passwd ", " -- app-binary --flag " },
    /* hutch-launch picks the directory: the caller's if the sandbox has it */
    { " --chdir " } },
  { "home", { "filesystem=home", NULL },
    { " --bind-fd GRANT:" HOME " " HOME " ", " --tmpfs " HOME "/.local/share/hutch " },
    { " --ro-bind-fd GRANT:" HOME " " } },
  { "home:ro", { "filesystem=home:ro", NULL },
    { " --ro-bind-fd GRANT:" HOME " " HOME " ", " --tmpfs " HOME "/.local/share/hutch " },
    { NULL } },
  /* ... and a child of a writable grant opened beneath it (the app may have
   * left symlinks there) */
  { "parents before children", { "filesystem=xdg-download:ro", "filesystem=home", NULL },
    { " --bind-fd GRANT:" HOME " " HOME " --ro-bind-fd BENEATH:" HOME "/Downloads " HOME "/Downloads " },
    { NULL } },
  { "a child of a read-only grant by path", { "filesystem=xdg-download", "filesystem=home:ro", NULL },
    { " --ro-bind-fd GRANT:" HOME " " HOME " --bind-fd GRANT:" HOME "/Downloads " HOME "/Downloads " },
    { NULL } },
  { "home hides the apps' data, then shows the app's own",
    { "filesystem=home", NULL },
    { " --bind-fd GRANT:" HOME " " HOME " --tmpfs " HOME "/.var/app --bind-fd BENEATH:" APPDIR " " APPDIR " " },
    { NULL } },
  { "another app's data granted by name, after the tmpfs",
    { "filesystem=home", "filesystem=~/.var/app/org.other.App:ro", NULL },
    { " --tmpfs " HOME "/.var/app --ro-bind-fd BENEATH:" HOME "/.var/app/org.other.App " },
    { NULL } },
  { "/tmp granted: the host's X sockets covered", { "filesystem=/tmp", NULL },
    { " --bind-fd GRANT:/tmp /tmp ", " --tmpfs /tmp/.X11-unix " },
    { NULL } },
  { "no tmpfs over ~/.var/app without home", { "filesystem=xdg-download", NULL },
    { " --bind-fd BENEATH:" APPDIR " " },
    { " --tmpfs " HOME "/.var/app " } },
  { "xdg-download:create", { "filesystem=xdg-download:create", NULL },
    { " --bind-fd GRANT:" HOME "/Downloads " HOME "/Downloads " },
    { " --tmpfs " HOME "/.local/share/hutch " } },
  { "~/path", { "filesystem=~/src/project", NULL },
    { " --bind-fd GRANT:" HOME "/src/project " HOME "/src/project " },
    { NULL } },
  { "/path", { "filesystem=/srv/data:ro", NULL },
    { " --ro-bind-fd GRANT:/srv/data /srv/data " },
    { NULL } },
  { "xdg-config subdir", { "filesystem=xdg-config/gtk-3.0:ro", NULL },
    { " --ro-bind-fd GRANT:" HOME "/.config/gtk-3.0 " HOME "/.config/gtk-3.0 " },
    { NULL } },
  { "xdg-run maps into the sandbox's runtime dir", { "filesystem=xdg-run/app/" APP, NULL },
    { " --bind-fd GRANT:/run/user/1000/app/" APP " /run/user/1000/app/" APP " " },
    { NULL } },
  { "a grant under the app's own data is opened beneath it", { "filesystem=~/.var/app/" APP "/sub", NULL },
    { " --bind-fd BENEATH:" APPDIR "/sub " APPDIR "/sub " },
    { " --bind-fd GRANT:" APPDIR "/sub " } },
  { "host-os", { "filesystem=host-os:ro", NULL },
    { " --ro-bind-fd GRANT:/usr /run/host/usr ", " --ro-bind-fd GRANT:/lib64 /run/host/lib64 " },
    { " /usr /usr " HOME, " /run/host/etc " } },
  { "host-etc", { "filesystem=host-etc:ro", NULL },
    { " --ro-bind-fd GRANT:/etc /run/host/etc " },
    { " /run/host/usr " } },
  { "host", { "filesystem=host", NULL },
    { " --bind-fd GRANT:/home /home ", " --bind-fd GRANT:/media /media ",
      " --bind-fd GRANT:/usr /run/host/usr ", " --bind-fd GRANT:/etc /run/host/etc ",
      " --tmpfs " HOME "/.local/share/hutch " },
    { " --bind-fd GRANT:/usr /usr " } },
  { "/var/lib grant hides the system installation", { "filesystem=/var/lib:ro", NULL },
    { " --ro-bind-fd GRANT:/var/lib /var/lib ", " --tmpfs /var/lib/hutch " },
    { NULL } },
  { "persistent", { "persist=.mozilla", NULL },
    { " --bind-fd BENEATH:" APPDIR "/.mozilla " HOME "/.mozilla " },
    { NULL } },
  { "network", { "share=network", NULL },
    { " --share-net ", " --ro-bind-try /etc/resolv.conf /etc/resolv.conf " },
    { " --share-ipc " } },
  { "ipc", { "share=ipc", NULL },
    { " --share-ipc " },
    { " --share-net ", " /etc/resolv.conf " } },
  { "device all", { "device=all", NULL },
    { " --dev-bind /dev /dev " },
    { " --dev /dev " } },
  { "environment", { "env=FOO=bar baz", "unset-env=LANG", NULL },
    { " --setenv FOO bar baz ", " --unsetenv LANG " },
    { NULL } },
};

static void
test_case (gconstpointer data)
{
  const PlanCase *c = data;
  g_autofree char *line = plan_line (c->flags, no_env, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (c->present) && c->present[i] != NULL; i++)
    if (strstr (line, c->present[i]) == NULL)
      g_error ("%s: “%s” missing from:\n%s", c->name, c->present[i], line);
  for (gsize i = 0; i < G_N_ELEMENTS (c->absent) && c->absent[i] != NULL; i++)
    if (strstr (line, c->absent[i]) != NULL)
      g_error ("%s: “%s” present in:\n%s", c->name, c->absent[i], line);
}

/* The host's display variables never leak in unless granted. */
static void
test_host_environment (void)
{
  const char *const envp[] = { "DISPLAY=:0", "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus",
                                  "LD_PRELOAD=/evil.so", "LANG=C.UTF-8", NULL };
  const char *const flags[] = { NULL };
  g_autofree char *line = plan_line (flags, envp, NULL);

  g_assert_nonnull (strstr (line, " --unsetenv DISPLAY "));
  g_assert_nonnull (strstr (line, " --unsetenv DBUS_SESSION_BUS_ADDRESS "));
  g_assert_nonnull (strstr (line, " --unsetenv LD_PRELOAD "));
  g_assert_null (strstr (line, " --unsetenv LANG "));
}

static void
test_x11 (void)
{
  const char *const envp[] = { "DISPLAY=:0", NULL };
  const char *const flags[] = { "socket=x11", NULL };
  g_autofree char *line = NULL;

  g_hash_table_insert (fake_paths, (char *) "/tmp/.X11-unix/X0", (char *) "socket");
  line = plan_line (flags, envp, NULL);
  g_assert_nonnull (strstr (line, " /tmp/.X11-unix/X0 /tmp/.X11-unix/X99 "));
  if (strstr (line, " --setenv DISPLAY :99") == NULL) g_error ("x11: %s", line);
  g_hash_table_remove (fake_paths, "/tmp/.X11-unix/X0");
}

static void
test_fallback_x11_with_wayland (void)
{
  const char *const envp[] = { "DISPLAY=:0", "WAYLAND_DISPLAY=wayland-0", NULL };
  const char *const flags[] = { "socket=fallback-x11", "socket=wayland", NULL };
  g_autofree char *line = NULL;

  g_hash_table_insert (fake_paths, (char *) "/tmp/.X11-unix/X0", (char *) "socket");
  g_hash_table_insert (fake_paths, (char *) "/run/user/1000/wayland-0", (char *) "socket");
  line = plan_line (flags, envp, NULL);
  g_assert_null (strstr (line, "X11-unix"));
  g_assert_nonnull (strstr (line, "/run/user/1000/wayland-0"));
  g_hash_table_remove (fake_paths, "/tmp/.X11-unix/X0");
  g_hash_table_remove (fake_paths, "/run/user/1000/wayland-0");
}

/* A socket under a writable grant is opened beneath it (the app may have
 * swapped it for a symlink); under a read-only one, by its path. */
static void
test_socket_under_writable_grant (void)
{
  const char *const rw[] = { "socket=pulseaudio", "filesystem=xdg-run/pulse", NULL };
  const char *const ro[] = { "socket=pulseaudio", "filesystem=xdg-run/pulse:ro", NULL };
  g_autofree char *line_rw = NULL;
  g_autofree char *line_ro = NULL;

  g_hash_table_insert (fake_paths, (char *) "/run/user/1000/pulse/native", (char *) "socket");
  line_rw = plan_line (rw, no_env, NULL);
  line_ro = plan_line (ro, no_env, NULL);
  if (strstr (line_rw, " --ro-bind-fd BENEATH:/run/user/1000/pulse/native ") == NULL)
    g_error ("rw: %s", line_rw);
  if (strstr (line_ro, " --ro-bind /run/user/1000/pulse/native ") == NULL)
    g_error ("ro: %s", line_ro);
  g_hash_table_remove (fake_paths, "/run/user/1000/pulse/native");
}

static void
test_x11_without_display (void)
{
  const char *const flags[] = { "socket=x11", NULL };
  g_autoptr (GPtrArray) warnings = NULL;
  g_autofree char *line = plan_line (flags, no_env, &warnings);

  g_assert_null (strstr (line, "X11-unix"));
  g_assert_cmpuint (warnings->len, >=, 1);
}

static void
test_runtime_etc (void)
{
  const char *const flags[] = { NULL };
  g_autofree char *line = NULL;

  /* A runtime with its own /etc and room for passwd, not for group; its
   * etc opened beneath its files (it could be a symlink to the host's). */
  g_hash_table_insert (fake_paths, (char *) "/inst/rt/files/etc", (char *) "dir");
  g_hash_table_insert (fake_paths, (char *) "/inst/rt/files/etc/passwd", (char *) "file");
  line = plan_line (flags, no_env, NULL);
  g_assert_nonnull (strstr (line, " --ro-bind-fd BENEATH:/inst/rt/files/etc /etc "));
  g_assert_nonnull (strstr (line, " /etc/passwd "));
  g_assert_null (strstr (line, " /etc/group "));
  g_hash_table_remove (fake_paths, "/inst/rt/files/etc");
  g_hash_table_remove (fake_paths, "/inst/rt/files/etc/passwd");
}

static void
test_seccomp (void)
{
  const char *const devel[] = { "allow=devel", NULL };
  const char *const bt[] = { "allow=bluetooth", NULL };
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (HutchSandboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  HutchHostEnv env;
  HutchAppLaunch launch = { .app_id = APP, .runtime_files = "/rt" };

  for (guint round = 0; round < 2; round++)
    {
      const char *const *flags = round == 0 ? devel : bt;
      g_clear_pointer (&perms, hutch_permissions_free);
      perms = hutch_permissions_new ();
      for (gsize i = 0; flags[i] != NULL; i++)
        {
          const char *eq = strchr (flags[i], '=');
          g_autofree char *name = g_strndup (flags[i], (gsize) (eq - flags[i]));
          g_assert_true (hutch_permissions_apply_option (perms, name, eq + 1, &error));
        }
      fake_env (&env, no_env);
      launch.permissions = perms;
      g_clear_pointer (&plan, hutch_sandbox_plan_free);
      plan = hutch_sandbox_plan_for_app (&launch, &env, &error);
      g_assert_no_error (error);
      if (round == 0)
        g_assert_cmpstr (plan->seccomp_profile, ==, "devel");
      else
        {
          g_assert_cmpstr (plan->seccomp_profile, ==, "default");
          g_assert_cmpuint (plan->seccomp_rules->len, ==, 2);
          g_assert_nonnull (strstr (g_ptr_array_index (plan->seccomp_rules, 1), "AF_BLUETOOTH"));
        }
    }
}

/* --cwd becomes hutch-launch's --chdir, the plan's last say on it. */
static void
test_cwd (void)
{
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (HutchSandboxPlan) plan = NULL;
  g_autoptr (GPtrArray) args = NULL;
  g_autoptr (GError) error = NULL;
  const char *command[] = { "app-binary", NULL };
  HutchHostEnv env;
  HutchAppLaunch launch = { .app_id = APP, .runtime_files = "/rt", .command = command,
                            .permissions = perms, .cwd = "/app/share" };
  g_autoptr (GString) line = g_string_new (" ");

  fake_env (&env, no_env);
  plan = hutch_sandbox_plan_for_app (&launch, &env, &error);
  g_assert_no_error (error);
  args = hutch_sandbox_plan_to_args (plan, NULL, command);
  for (guint i = 0; i < args->len; i++)
    g_string_append_printf (line, "%s ", (const char *) g_ptr_array_index (args, i));
  g_assert_nonnull (strstr (line->str, " --chdir /app/share -- app-binary "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fake_paths = g_hash_table_new (g_str_hash, g_str_equal);
  /* The host has X servers' socket directory. */
  g_hash_table_insert (fake_paths, (char *) "/tmp/.X11-unix", (char *) "dir");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/plan/case/%s", cases[i].name);
      g_strdelimit (path + 11, "/", '-');
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/plan/host-environment", test_host_environment);
  g_test_add_func ("/plan/x11", test_x11);
  g_test_add_func ("/plan/socket-under-writable-grant", test_socket_under_writable_grant);
  g_test_add_func ("/plan/fallback-x11-with-wayland", test_fallback_x11_with_wayland);
  g_test_add_func ("/plan/x11-without-display", test_x11_without_display);
  g_test_add_func ("/plan/runtime-etc", test_runtime_etc);
  g_test_add_func ("/plan/seccomp", test_seccomp);
  g_test_add_func ("/plan/cwd", test_cwd);
  return g_test_run ();
}
