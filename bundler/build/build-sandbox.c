/* The sandbox every build step runs in, made by spawning hutch-launch.
 *
 * What a step sees:
 *
 *   /usr            the SDK's files, read-only; /bin, /lib, /lib64, /sbin
 *                   link into it
 *   /etc            the SDK's files/etc read-only if it has one, else a
 *                   tmpfs with a minimal passwd and group
 *   /app            BUILDDIR/files, read-write (not for unpacking archives)
 *   /run/build/NAME the module's directory, read-write, the working directory
 *   /tmp, /dev, /proc  private
 *
 * and nothing else of the host: not the packager's home, not the manifest's
 * directory, not the state directory beyond the module's own.  The network
 * namespace is new (loopback only) unless the module's build-options ask
 * for --share=network.  hutch-launch drops every capability, sets
 * no_new_privs and loads its default seccomp filter; --die-with-parent
 * ends the step if the bundler dies.  The environment is cleared and set
 * from build-env.c only.
 *
 * Defends against: build scripts, configure checks, test suites and
 * archive contents doing anything outside the build (reading the packager's
 * keys, writing to the home directory, phoning home).
 *
 * The plan (which mounts, which variables) is a HutchSandboxPlan, the same
 * model `app run` uses, built by a pure function the unit tests check.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include <gio/gio.h>
#include <string.h>

/* @text as bytes, without its NUL. */
static GBytes *
string_bytes (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

static void
add_etc (HutchSandboxPlan *plan, const BuildSandbox *sandbox)
{
  g_autoptr (GBytes) passwd = NULL, group = NULL;

  if (sandbox->sdk_etc != NULL)
    {
      hutch_plan_add (plan, HUTCH_PLAN_RO_BIND, sandbox->sdk_etc, "/etc");
      return;
    }
  hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, "/etc");
  passwd = string_bytes (g_strdup_printf ("%s:x:%u:%u:%s:%s:/bin/sh\n"
                                          "nobody:x:65534:65534:Nobody:/:/usr/sbin/nologin\n",
                                          sandbox->user_name, sandbox->uid, sandbox->gid,
                                          sandbox->user_name, sandbox->home));
  group = string_bytes (
      g_strdup_printf ("%s:x:%u:\nnogroup:x:65534:\n", sandbox->user_name, sandbox->gid));
  hutch_plan_add_data (plan, passwd, "/etc/passwd");
  hutch_plan_add_data (plan, group, "/etc/group");
}

/**
 * build_sandbox_plan:
 *
 * Returns: (transfer full): the mounts, environment and options of
 *   @sandbox, in the order hutch-launch applies them
 */
HutchSandboxPlan *
build_sandbox_plan (const BuildSandbox *sandbox)
{
  HutchSandboxPlan *plan = hutch_sandbox_plan_new ();
  static const char *const links[][2] = {
    { "usr/bin", "/bin" },
    { "usr/lib", "/lib" },
    { "usr/lib64", "/lib64" },
    { "usr/sbin", "/sbin" },
  };

  hutch_plan_add (plan, HUTCH_PLAN_RO_BIND, sandbox->sdk_files, "/usr");
  for (gsize i = 0; i < G_N_ELEMENTS (links); i++)
    hutch_plan_add (plan, HUTCH_PLAN_SYMLINK, links[i][0], links[i][1]);
  add_etc (plan, sandbox);
  if (sandbox->app_files != NULL)
    hutch_plan_add (plan, HUTCH_PLAN_BIND, sandbox->app_files, "/app");
  for (guint i = 0; i < sandbox->n_binds; i++)
    hutch_plan_add (plan, sandbox->binds[i].writable ? HUTCH_PLAN_BIND : HUTCH_PLAN_RO_BIND,
                    sandbox->binds[i].source, sandbox->binds[i].dest);
  hutch_plan_add (plan, HUTCH_PLAN_TMPFS, NULL, "/tmp");
  hutch_plan_add (plan, HUTCH_PLAN_PROC, NULL, "/proc");
  hutch_plan_add (plan, HUTCH_PLAN_DEV, NULL, "/dev");

  plan->clearenv = TRUE;
  for (gsize i = 0; sandbox->env != NULL && sandbox->env[i] != NULL; i++)
    {
      const char *eq = strchr (sandbox->env[i], '=');
      g_autofree char *name
          = eq != NULL ? g_strndup (sandbox->env[i], (gsize)(eq - sandbox->env[i])) : NULL;
      if (name != NULL)
        hutch_plan_setenv (plan, name, eq + 1);
    }
  plan->share_net = sandbox->network;
  plan->chdir = g_strdup (sandbox->cwd);
  return plan;
}

/* A user name fit for /etc/passwd, or "build". */
static const char *
passwd_user_name (void)
{
  const char *name = g_get_user_name ();

  if (name[0] == '\0' || strpbrk (name, ":\n") != NULL || !g_utf8_validate (name, -1, NULL))
    return "build";
  return name;
}

void
build_sandbox_init (BuildSandbox *sandbox, const BuildContext *ctx)
{
  *sandbox = (BuildSandbox){
    .sdk_files = ctx->sdk->files_dir,
    .sdk_etc = ctx->sdk_etc,
    .user_name = passwd_user_name (),
    .uid = getuid (),
    .gid = getgid (),
  };
}

/* hutch-launch's arguments for @argv in @sandbox; *@out_fds gets the fds
 * they name, which the child must inherit at the same numbers. */
static GPtrArray *
launch_args (const char *launcher, const BuildSandbox *sandbox, const char *const *argv,
             GArray **out_fds, GError **error)
{
  g_autoptr (HutchSandboxPlan) plan = build_sandbox_plan (sandbox);
  g_autoptr (GArray) fds = hutch_sandbox_plan_open_fds (plan, NULL, error);
  GPtrArray *args;

  if (fds == NULL)
    return NULL;
  args = hutch_sandbox_plan_to_args (plan, fds, argv);
  /* A build step has no business with the user's terminal (it could read
   * what the user types meanwhile): a session of its own. */
  g_ptr_array_insert (args, 0, g_strdup ("--new-session"));
  g_ptr_array_insert (args, 0, g_strdup ("--die-with-parent"));
  g_ptr_array_insert (args, 0, g_strdup (launcher));
  g_ptr_array_add (args, NULL);
  *out_fds = g_steal_pointer (&fds);
  return args;
}

gboolean
build_sandbox_run (const char *launcher, const BuildSandbox *sandbox, const char *const *argv,
                   int *out_status, GError **error)
{
  g_autoptr (GSubprocessLauncher) spawner = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GArray) fds = NULL;
  g_autoptr (GPtrArray) args = launch_args (launcher, sandbox, argv, &fds, error);

  if (args == NULL)
    return FALSE;
  for (guint i = 0; i < fds->len; i++)
    if (g_array_index (fds, int, i) >= 0)
      g_subprocess_launcher_take_fd (spawner, g_array_index (fds, int, i),
                                     g_array_index (fds, int, i));
  child = g_subprocess_launcher_spawnv (spawner, (const char *const *)args->pdata, error);
  if (child == NULL || !g_subprocess_wait (child, NULL, error))
    return FALSE;
  if (g_subprocess_get_if_exited (child))
    *out_status = g_subprocess_get_exit_status (child);
  else
    *out_status = 128 + g_subprocess_get_term_sig (child);
  return TRUE;
}
