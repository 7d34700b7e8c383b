/* hutch-bundler build, the pure parts: merged build-options, the step
 * environment, the command lines of each buildsystem and the sandbox's
 * hutch-launch arguments, checked exactly, with no namespaces and no files.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"

#include <glib.h>
#include <string.h>

#define MAX_STEPS 6
#define MAX_ARGS  14

typedef struct
{
  const char *cwd;
  const char *argv[MAX_ARGS];
} ExpectedStep;

typedef struct
{
  const char *name;
  HutchBuildSystem buildsystem;
  gboolean builddir;
  gboolean has_configure;
  const char *autogen;
  const char *libdir;
  const char *config_opts[3];
  const char *build_commands[3];
  const char *post_install[2];
  ExpectedStep steps[MAX_STEPS];
} PlanCase;

#define M "/run/build/m"

static const PlanCase plan_cases[] = {
  { "meson",
    HUTCH_BUILDSYSTEM_MESON,
    FALSE,
    FALSE,
    NULL,
    NULL,
    { NULL },
    { NULL },
    { NULL },
    { { M,
        { "meson", "setup", "--prefix=/app", "--libdir=lib", "--buildtype=release",
          "_hutch_build" } },
      { M, { "ninja", "-C", "_hutch_build", "-j3" } },
      { M, { "meson", "install", "-C", "_hutch_build" } } } },
  { "meson-opts",
    HUTCH_BUILDSYSTEM_MESON,
    TRUE,
    FALSE,
    NULL,
    "lib64",
    { "-Dx=1", "--buildtype=debug" },
    { NULL },
    { "touch /app/done" },
    { { M,
        { "meson", "setup", "--prefix=/app", "--libdir=lib64", "--buildtype=release", "-Dx=1",
          "--buildtype=debug", "_hutch_build" } },
      { M, { "ninja", "-C", "_hutch_build", "-j3" } },
      { M, { "meson", "install", "-C", "_hutch_build" } },
      { M, { "/bin/sh", "-c", "touch /app/done" } } } },
  { "autotools",
    HUTCH_BUILDSYSTEM_AUTOTOOLS,
    FALSE,
    TRUE,
    NULL,
    NULL,
    { "--disable-x" },
    { NULL },
    { NULL },
    { { M, { "./configure", "--prefix=/app", "--disable-x" } },
      { M, { "make", "-j3" } },
      { M, { "make", "install" } } } },
  { "autotools-autogen",
    HUTCH_BUILDSYSTEM_AUTOTOOLS,
    FALSE,
    FALSE,
    "bootstrap",
    "/app/lib",
    { NULL },
    { NULL },
    { NULL },
    { { M, { "env", "NOCONFIGURE=1", "./bootstrap" } },
      { M, { "./configure", "--prefix=/app", "--libdir=/app/lib" } },
      { M, { "make", "-j3" } },
      { M, { "make", "install" } } } },
  { "autotools-builddir",
    HUTCH_BUILDSYSTEM_AUTOTOOLS,
    TRUE,
    TRUE,
    NULL,
    NULL,
    { NULL },
    { NULL },
    { NULL },
    { { M "/_hutch_build", { "../configure", "--prefix=/app" } },
      { M "/_hutch_build", { "make", "-j3" } },
      { M "/_hutch_build", { "make", "install" } } } },
  { "cmake",
    HUTCH_BUILDSYSTEM_CMAKE,
    FALSE,
    FALSE,
    NULL,
    NULL,
    { "-DX=ON" },
    { NULL },
    { NULL },
    { { M,
        { "cmake", "-G", "Unix Makefiles", "-DCMAKE_INSTALL_PREFIX:PATH=/app",
          "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DX=ON", "." } },
      { M, { "make", "-j3" } },
      { M, { "make", "install" } } } },
  { "cmake-ninja-builddir",
    HUTCH_BUILDSYSTEM_CMAKE_NINJA,
    TRUE,
    FALSE,
    NULL,
    "lib",
    { NULL },
    { NULL },
    { NULL },
    { { M "/_hutch_build",
        { "cmake", "-G", "Ninja", "-DCMAKE_INSTALL_PREFIX:PATH=/app",
          "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DCMAKE_INSTALL_LIBDIR:PATH=lib", ".." } },
      { M "/_hutch_build", { "ninja", "-j3" } },
      { M "/_hutch_build", { "ninja", "install" } } } },
  { "simple",
    HUTCH_BUILDSYSTEM_SIMPLE,
    FALSE,
    FALSE,
    NULL,
    NULL,
    { NULL },
    { "cc -o hello hello.c", "install -D hello /app/bin/hello" },
    { "echo done" },
    { { M, { "/bin/sh", "-c", "cc -o hello hello.c" } },
      { M, { "/bin/sh", "-c", "install -D hello /app/bin/hello" } },
      { M, { "/bin/sh", "-c", "echo done" } } } },
};

static HutchManifestModule *
module_for (const PlanCase *c)
{
  HutchManifestModule *module = g_new0 (HutchManifestModule, 1);

  module->where = (HutchManifestLocation){ (char *)"app.json", 3, 5, (char *)"modules[0]" };
  module->name = (char *)"m";
  module->buildsystem = c->buildsystem;
  module->builddir = c->builddir;
  module->config_opts = (char **)c->config_opts;
  module->build_commands = (char **)c->build_commands;
  module->post_install = (char **)c->post_install;
  return module;
}

static void
test_plan_case (gconstpointer data)
{
  const PlanCase *c = data;
  g_autofree HutchManifestModule *module = module_for (c);
  HutchBuildOptions layer = { .libdir = (char *)c->libdir };
  g_autoptr (HutchBuildOptions) options = build_options_merge (NULL, &layer);
  BuildProbe probe = { c->has_configure, c->autogen };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = build_buildsystem_plan (module, options, &probe, M, 3, &error);
  guint n_expected = 0;

  g_assert_no_error (error);
  while (n_expected < MAX_STEPS && c->steps[n_expected].cwd != NULL)
    n_expected++;
  g_assert_cmpuint (steps->len, ==, n_expected);
  for (guint i = 0; i < steps->len; i++)
    {
      const BuildStep *step = g_ptr_array_index (steps, i);
      g_autofree char *got = g_strjoinv ("|", step->argv);
      g_autofree char *want = g_strjoinv ("|", (char **)c->steps[i].argv);
      g_assert_cmpstr (step->cwd, ==, c->steps[i].cwd);
      g_assert_cmpstr (got, ==, want);
    }
}

static void
test_plan_errors (void)
{
  PlanCase c = { "x", HUTCH_BUILDSYSTEM_QMAKE };
  g_autofree HutchManifestModule *module = module_for (&c);
  g_autoptr (HutchBuildOptions) options = build_options_merge (NULL, NULL);
  BuildProbe probe = { FALSE, NULL };
  g_autoptr (GError) error = NULL;
  GPtrArray *steps;

  steps = build_buildsystem_plan (module, options, &probe, M, 1, &error);
  g_assert_null (steps);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST);
  g_assert_true (g_str_has_prefix (error->message, "app.json:3:5: modules[0]: "));
  g_assert_nonnull (strstr (error->message, "qmake"));
  g_clear_error (&error);

  module->buildsystem = HUTCH_BUILDSYSTEM_AUTOTOOLS;
  steps = build_buildsystem_plan (module, options, &probe, M, 1, &error);
  g_assert_null (steps);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_BUILD_FAILED);
  g_assert_nonnull (strstr (error->message, "autogen.sh"));
  g_clear_error (&error);

  /* no-autogen: an autogen script is there, but must not run. */
  module->no_autogen = TRUE;
  probe.autogen = "autogen.sh";
  steps = build_buildsystem_plan (module, options, &probe, M, 1, &error);
  g_assert_null (steps);
  g_assert_nonnull (strstr (error->message, "no-autogen"));
}

static void
test_options_merge (void)
{
  const char *top_env[] = { "A=1", "B=top", NULL };
  const char *module_env[] = { "A=2", "C=x=y", NULL };
  const char *top_args[] = { "--share=network", NULL };
  const char *top_opts[] = { "-Dtop=1", NULL };
  const char *module_opts[] = { "-Dmodule=1", NULL };
  HutchBuildOptions top = {
    .cflags = (char *)"-O2",
    .cxxflags = (char *)"-O2",
    .ldflags = (char *)"-Wl,-z,now",
    .prefix = (char *)"/app",
    .append_path = (char *)"/a1",
    .env = (char **)top_env,
    .build_args = (char **)top_args,
    .config_opts = (char **)top_opts,
  };
  HutchBuildOptions module = {
    .cflags = (char *)"-g",
    .cxxflags = (char *)"-g",
    .cxxflags_override = TRUE,
    .libdir = (char *)"lib64",
    .append_path = (char *)"/a2",
    .env = (char **)module_env,
    .config_opts = (char **)module_opts,
  };
  g_autoptr (HutchBuildOptions) merged = build_options_merge (&top, &module);
  g_autoptr (HutchBuildOptions) alone = build_options_merge (NULL, &module);
  g_autofree char *opts = g_strjoinv (" ", merged->config_opts);

  g_assert_cmpstr (merged->cflags, ==, "-O2 -g");
  g_assert_cmpstr (merged->cxxflags, ==, "-g");
  g_assert_cmpstr (merged->ldflags, ==, "-Wl,-z,now");
  g_assert_null (merged->cppflags);
  g_assert_cmpstr (merged->prefix, ==, "/app");
  g_assert_cmpstr (merged->libdir, ==, "lib64");
  g_assert_cmpstr (merged->append_path, ==, "/a1:/a2");
  g_assert_cmpstr (g_environ_getenv (merged->env, "A"), ==, "2");
  g_assert_cmpstr (g_environ_getenv (merged->env, "B"), ==, "top");
  g_assert_cmpstr (g_environ_getenv (merged->env, "C"), ==, "x=y");
  g_assert_cmpstr (opts, ==, "-Dtop=1 -Dmodule=1");
  g_assert_true (merged->network);
  g_assert_false (alone->network);
  g_assert_cmpstr (alone->prefix, ==, "/app");
}

static void
test_env (void)
{
  const char *env[] = { "LANG=de_DE.UTF-8", "HOME=/elsewhere", "FLATPAK_ID=evil", "X=1", NULL };
  HutchBuildOptions layer = {
    .cflags = (char *)"-O2",
    .ldflags = (char *)"-L/x",
    .env = (char **)env,
    .prepend_path = (char *)"/p",
    .append_path = (char *)"/a",
    .append_pkg_config_path = (char *)"/pc",
    .prepend_ld_library_path = (char *)"/ld",
  };
  g_autoptr (HutchBuildOptions) options = build_options_merge (NULL, &layer);
  const BuildEnvInfo info = { "org.test.App", "x86_64", 5, 1700000000, "/run/build/m" };
  g_auto (GStrv) result = build_env_compose (&info, options);

  g_assert_cmpstr (g_environ_getenv (result, "PATH"), ==, "/p:/app/bin:/usr/bin:/a");
  g_assert_cmpstr (g_environ_getenv (result, "LD_LIBRARY_PATH"), ==, "/ld:/app/lib");
  g_assert_cmpstr (
      g_environ_getenv (result, "PKG_CONFIG_PATH"), ==,
      "/app/lib/pkgconfig:/app/lib/x86_64-linux-gnu/pkgconfig:/app/share/pkgconfig:"
      "/usr/lib/pkgconfig:/usr/lib/x86_64-linux-gnu/pkgconfig:/usr/share/pkgconfig:/pc");
  g_assert_cmpstr (g_environ_getenv (result, "CFLAGS"), ==, "-O2");
  g_assert_null (g_environ_getenv (result, "CXXFLAGS"));
  g_assert_cmpstr (g_environ_getenv (result, "LDFLAGS"), ==, "-L/x");
  g_assert_cmpstr (g_environ_getenv (result, "LANG"), ==, "de_DE.UTF-8");
  g_assert_cmpstr (g_environ_getenv (result, "X"), ==, "1");
  /* What the build is cannot be changed by the manifest. */
  g_assert_cmpstr (g_environ_getenv (result, "HOME"), ==, "/run/build/m");
  g_assert_cmpstr (g_environ_getenv (result, "FLATPAK_ID"), ==, "org.test.App");
  g_assert_cmpstr (g_environ_getenv (result, "HUTCH_ID"), ==, "org.test.App");
  g_assert_cmpstr (g_environ_getenv (result, "FLATPAK_ARCH"), ==, "x86_64");
  g_assert_cmpstr (g_environ_getenv (result, "FLATPAK_DEST"), ==, "/app");
  g_assert_cmpstr (g_environ_getenv (result, "FLATPAK_BUILDER_N_JOBS"), ==, "5");
  g_assert_cmpstr (g_environ_getenv (result, "HUTCH_BUILDER_N_JOBS"), ==, "5");
  g_assert_cmpstr (g_environ_getenv (result, "FLATPAK_BUILDER_BUILDDIR"), ==, "/run/build/m");
  g_assert_cmpstr (g_environ_getenv (result, "SOURCE_DATE_EPOCH"), ==, "1700000000");
  /* Nothing else: the sandbox's environment is this list. */
  g_assert_cmpuint (g_strv_length (result), ==, 20);
}

static void
test_env_defaults (void)
{
  g_autoptr (HutchBuildOptions) options = build_options_merge (NULL, NULL);
  const BuildEnvInfo info = { "org.test.App", "sparc", 1, 0, "/run/build/m" };
  g_auto (GStrv) result = build_env_compose (&info, options);

  g_assert_cmpstr (g_environ_getenv (result, "PATH"), ==, "/app/bin:/usr/bin");
  g_assert_cmpstr (g_environ_getenv (result, "LD_LIBRARY_PATH"), ==, "/app/lib");
  g_assert_cmpstr (g_environ_getenv (result, "LANG"), ==, "C.UTF-8");
  /* An arch without a known multiarch triplet. */
  g_assert_cmpstr (
      g_environ_getenv (result, "PKG_CONFIG_PATH"), ==,
      "/app/lib/pkgconfig:/app/share/pkgconfig:/usr/lib/pkgconfig:/usr/share/pkgconfig");
  g_assert_null (g_environ_getenv (result, "CFLAGS"));
  g_assert_cmpstr (build_env_multiarch ("aarch64"), ==, "aarch64-linux-gnu");
}

static const char *const sandbox_env[] = { "PATH=/usr/bin", "A=b=c", NULL };

static char *
sandbox_args (const BuildSandbox *sandbox)
{
  g_autoptr (HutchSandboxPlan) plan = build_sandbox_plan (sandbox);
  const char *const command[] = { "make", "-j2", NULL };
  g_autoptr (GPtrArray) args = hutch_sandbox_plan_to_args (plan, NULL, command);

  g_ptr_array_add (args, NULL);
  return g_strjoinv (" ", (char **)args->pdata);
}

static void
test_sandbox (void)
{
  const BuildBind binds[]
      = { { "/s/build/m", "/run/build/m", TRUE }, { "/s/p.patch", "/run/p", FALSE } };
  BuildSandbox sandbox = {
    .sdk_files = "/sdk/files",
    .sdk_etc = "/sdk/files/etc",
    .app_files = "/b/files",
    .binds = binds,
    .n_binds = 2,
    .home = "/run/build/m",
    .cwd = "/run/build/m/sub",
    .env = sandbox_env,
    .user_name = "u",
    .uid = 1000,
    .gid = 1000,
  };
  g_autofree char *args = sandbox_args (&sandbox);
  g_autofree char *passwd = NULL, *want = NULL, *net = NULL;

  g_assert_cmpstr (args, ==,
                   "--ro-bind /sdk/files /usr --symlink usr/bin /bin --symlink usr/lib /lib "
                   "--symlink usr/lib64 /lib64 --symlink usr/sbin /sbin "
                   "--ro-bind /sdk/files/etc /etc --bind /b/files /app "
                   "--bind /s/build/m /run/build/m --ro-bind /s/p.patch /run/p "
                   "--tmpfs /tmp --proc /proc --dev /dev --clearenv "
                   "--setenv PATH /usr/bin --setenv A b=c --chdir /run/build/m/sub -- make -j2");

  /* No /etc in the SDK: a tmpfs with a passwd and group of the user;
   * unpacking gets no /app; --share=network shares the network. */
  sandbox.sdk_etc = NULL;
  sandbox.app_files = NULL;
  sandbox.n_binds = 0;
  sandbox.network = TRUE;
  net = sandbox_args (&sandbox);
  passwd = g_strdup_printf ("u:x:1000:1000:u:/run/build/m:/bin/sh\n"
                            "nobody:x:65534:65534:Nobody:/:/usr/sbin/nologin\n");
  want = g_strdup_printf (
      "--share-net --ro-bind /sdk/files /usr --symlink usr/bin /bin "
      "--symlink usr/lib /lib --symlink usr/lib64 /lib64 "
      "--symlink usr/sbin /sbin --tmpfs /etc "
      "--ro-bind-data DATA:%zu /etc/passwd --ro-bind-data DATA:%zu /etc/group "
      "--tmpfs /tmp --proc /proc --dev /dev --clearenv "
      "--setenv PATH /usr/bin --setenv A b=c --chdir /run/build/m/sub -- make -j2",
      strlen (passwd), strlen ("u:x:1000:\nnogroup:x:65534:\n"));
  g_assert_cmpstr (net, ==, want);
}

static void
test_arch_enabled (void)
{
  const char *only[] = { "aarch64", NULL };
  const char *skip[] = { "x86_64", NULL };
  const char *none[] = { NULL };

  g_assert_true (build_arch_enabled (NULL, NULL, "x86_64"));
  g_assert_true (build_arch_enabled (none, none, "x86_64"));
  g_assert_false (build_arch_enabled (only, NULL, "x86_64"));
  g_assert_true (build_arch_enabled (only, NULL, "aarch64"));
  g_assert_false (build_arch_enabled (NULL, skip, "x86_64"));
  g_assert_true (build_arch_enabled (NULL, skip, "aarch64"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (plan_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/build/plan/%s", plan_cases[i].name);
      g_test_add_data_func (path, &plan_cases[i], test_plan_case);
    }
  g_test_add_func ("/build/plan/errors", test_plan_errors);
  g_test_add_func ("/build/options/merge", test_options_merge);
  g_test_add_func ("/build/env/composed", test_env);
  g_test_add_func ("/build/env/defaults", test_env_defaults);
  g_test_add_func ("/build/sandbox/args", test_sandbox);
  g_test_add_func ("/build/arch-enabled", test_arch_enabled);
  return g_test_run ();
}
