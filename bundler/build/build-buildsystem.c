/* The command lines that build a module, per buildsystem.
 *
 *   autotools    [NOCONFIGURE=1 ./autogen.sh]  ./configure --prefix=PREFIX
 *                make -jN  make install
 *   cmake        cmake -G "Unix Makefiles" -DCMAKE_INSTALL_PREFIX:PATH=PREFIX
 *                -DCMAKE_BUILD_TYPE=RelWithDebInfo  make -jN  make install
 *   cmake-ninja  the same with -G Ninja and ninja
 *   meson        meson setup --prefix=PREFIX --libdir=lib --buildtype=release
 *                _hutch_build  ninja -C _hutch_build -jN  meson install
 *   simple       each build-command through /bin/sh -c
 *
 * then each post-install command through /bin/sh -c.  config-opts follow
 * the defaults (the last of an option wins), make-args go to the build,
 * make-install-args to the install.  With "builddir" (always for meson)
 * the build happens in _hutch_build below the sources (after subdir).
 * Commands are argument vectors, never strings through a shell, except
 * those the manifest writes as shell commands.  Pure: no I/O.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "build-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <stdarg.h>

void
build_step_free (BuildStep *step)
{
  if (step == NULL)
    return;
  g_strfreev (step->argv);
  g_free (step->cwd);
  g_free (step);
}

const char *
build_step_describe (BuildStepKind kind)
{
  switch (kind)
    {
      case BUILD_STEP_AUTOGEN:
        return _ ("running autogen");
      case BUILD_STEP_CONFIGURE:
        return _ ("configuring");
      case BUILD_STEP_BUILD:
        return _ ("building");
      case BUILD_STEP_INSTALL:
        return _ ("installing");
      case BUILD_STEP_COMMANDS:
        return _ ("running build-commands");
      case BUILD_STEP_POST_INSTALL:
        return _ ("running post-install");
    }
  g_assert_not_reached ();
}

const char *
build_buildsystem_name (HutchBuildSystem buildsystem)
{
  switch (buildsystem)
    {
      case HUTCH_BUILDSYSTEM_AUTOTOOLS:
        return "autotools";
      case HUTCH_BUILDSYSTEM_CMAKE:
        return "cmake";
      case HUTCH_BUILDSYSTEM_CMAKE_NINJA:
        return "cmake-ninja";
      case HUTCH_BUILDSYSTEM_MESON:
        return "meson";
      case HUTCH_BUILDSYSTEM_SIMPLE:
        return "simple";
      case HUTCH_BUILDSYSTEM_QMAKE:
        return "qmake";
    }
  g_assert_not_reached ();
}

/**
 * build_buildsystem_check:
 *
 * Returns: whether the bundler can build @module's buildsystem; FALSE
 *   with @error naming the module if not (qmake)
 */
gboolean
build_buildsystem_check (const HutchManifestModule *module, GError **error)
{
  if (module->buildsystem != HUTCH_BUILDSYSTEM_QMAKE)
    return TRUE;
  return build_error_at (error, HUTCH_ERROR_INVALID_MANIFEST, &module->where,
                         _ ("the buildsystem “%s” is not supported (supported: autotools, cmake, "
                            "cmake-ninja, meson, simple)"),
                         build_buildsystem_name (module->buildsystem));
}

/* What every step of one module shares. */
typedef struct
{
  GPtrArray *steps;
  const char *source_dir;
  char *build_dir; /* where configure, make and cmake run */
  char *jobs_arg;  /* -jN */
  char **config_opts;
  char **make_args;
  char **make_install_args;
  const HutchBuildOptions *options;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->steps, g_ptr_array_unref);
  g_clear_pointer (&plan->build_dir, g_free);
  g_clear_pointer (&plan->jobs_arg, g_free);
  g_clear_pointer (&plan->config_opts, g_strfreev);
  g_clear_pointer (&plan->make_args, g_strfreev);
  g_clear_pointer (&plan->make_install_args, g_strfreev);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static char **
join_strv (const char *const *a, const char *const *b)
{
  GPtrArray *out = g_ptr_array_new ();

  for (gsize i = 0; a != NULL && a[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (a[i]));
  for (gsize i = 0; b != NULL && b[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (b[i]));
  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (out, FALSE);
}

/* A step running @first… (NULL-terminated) then the strings of @more. */
static void
add_step (Plan *plan, BuildStepKind kind, const char *cwd, const char *const *more,
          const char *first, ...)
{
  BuildStep *step = g_new0 (BuildStep, 1);
  GPtrArray *argv = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  for (gsize i = 0; more != NULL && more[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (more[i]));
  g_ptr_array_add (argv, NULL);
  step->kind = kind;
  step->argv = (char **)g_ptr_array_free (argv, FALSE);
  step->cwd = g_strdup (cwd);
  g_ptr_array_add (plan->steps, step);
}

static void
add_shell_steps (Plan *plan, BuildStepKind kind, const char *const *commands)
{
  for (gsize i = 0; commands != NULL && commands[i] != NULL; i++)
    add_step (plan, kind, plan->source_dir, NULL, "/bin/sh", "-c", commands[i], NULL);
}

static gboolean
plan_autotools (Plan *plan, const HutchManifestModule *module, const BuildProbe *probe,
                GError **error)
{
  const HutchBuildOptions *o = plan->options;
  g_autofree char *prefix = g_strconcat ("--prefix=", o->prefix, NULL);
  g_autofree char *libdir = o->libdir != NULL ? g_strconcat ("--libdir=", o->libdir, NULL) : NULL;
  const char *configure = module->builddir ? "../configure" : "./configure";

  if (!probe->has_configure)
    {
      if (module->no_autogen)
        return build_error_at (error, HUTCH_ERROR_BUILD_FAILED, &module->where,
                               _ ("the sources have no configure script, and no-autogen is set"));
      if (probe->autogen == NULL)
        return build_error_at (error, HUTCH_ERROR_BUILD_FAILED, &module->where,
                               _ ("the sources have neither a configure script nor autogen.sh, "
                                  "bootstrap or autogen"));
      g_autofree char *script = g_strconcat ("./", probe->autogen, NULL);
      add_step (plan, BUILD_STEP_AUTOGEN, plan->source_dir, NULL, "env", "NOCONFIGURE=1", script,
                NULL);
    }
  add_step (plan, BUILD_STEP_CONFIGURE, plan->build_dir, (const char *const *)plan->config_opts,
            configure, prefix, libdir, NULL);
  add_step (plan, BUILD_STEP_BUILD, plan->build_dir, (const char *const *)plan->make_args, "make",
            plan->jobs_arg, NULL);
  add_step (plan, BUILD_STEP_INSTALL, plan->build_dir, (const char *const *)plan->make_install_args,
            "make", "install", NULL);
  return TRUE;
}

static void
plan_cmake (Plan *plan, const HutchManifestModule *module, gboolean ninja)
{
  const HutchBuildOptions *o = plan->options;
  g_autofree char *prefix = g_strconcat ("-DCMAKE_INSTALL_PREFIX:PATH=", o->prefix, NULL);
  g_autofree char *libdir
      = o->libdir != NULL ? g_strconcat ("-DCMAKE_INSTALL_LIBDIR:PATH=", o->libdir, NULL) : NULL;
  const char *tool = ninja ? "ninja" : "make";
  g_auto (GStrv) config = NULL;
  const char *const tail[] = { module->builddir ? ".." : ".", NULL };

  config = join_strv ((const char *const *)plan->config_opts, tail);
  /* libdir last of the defaults: it may be NULL and end the list early. */
  add_step (plan, BUILD_STEP_CONFIGURE, plan->build_dir, (const char *const *)config, "cmake", "-G",
            ninja ? "Ninja" : "Unix Makefiles", prefix, "-DCMAKE_BUILD_TYPE=RelWithDebInfo", libdir,
            NULL);
  add_step (plan, BUILD_STEP_BUILD, plan->build_dir, (const char *const *)plan->make_args, tool,
            plan->jobs_arg, NULL);
  add_step (plan, BUILD_STEP_INSTALL, plan->build_dir, (const char *const *)plan->make_install_args,
            tool, "install", NULL);
}

static void
plan_meson (Plan *plan)
{
  const HutchBuildOptions *o = plan->options;
  g_autofree char *prefix = g_strconcat ("--prefix=", o->prefix, NULL);
  g_autofree char *libdir = g_strconcat ("--libdir=", o->libdir != NULL ? o->libdir : "lib", NULL);
  const char *const tail[] = { BUILD_SUBDIR_NAME, NULL };
  g_auto (GStrv) config = join_strv ((const char *const *)plan->config_opts, tail);

  add_step (plan, BUILD_STEP_CONFIGURE, plan->source_dir, (const char *const *)config, "meson",
            "setup", prefix, libdir, "--buildtype=release", NULL);
  add_step (plan, BUILD_STEP_BUILD, plan->source_dir, (const char *const *)plan->make_args, "ninja",
            "-C", BUILD_SUBDIR_NAME, plan->jobs_arg, NULL);
  add_step (plan, BUILD_STEP_INSTALL, plan->source_dir,
            (const char *const *)plan->make_install_args, "meson", "install", "-C",
            BUILD_SUBDIR_NAME, NULL);
}

/**
 * build_buildsystem_uses_builddir:
 *
 * Returns: whether @module builds in BUILD_SUBDIR_NAME, which must exist
 *   before its steps run (meson makes its own)
 */
gboolean
build_buildsystem_uses_builddir (const HutchManifestModule *module)
{
  return module->builddir
         && (module->buildsystem == HUTCH_BUILDSYSTEM_AUTOTOOLS
             || module->buildsystem == HUTCH_BUILDSYSTEM_CMAKE
             || module->buildsystem == HUTCH_BUILDSYSTEM_CMAKE_NINJA);
}

/**
 * build_buildsystem_plan:
 * @module: the module
 * @options: its merged build-options
 * @probe: what its sources hold
 * @source_dir: its sources in the sandbox, subdir applied
 * @jobs: parallel jobs, at least 1
 * @error: a module whose buildsystem cannot build
 *
 * Returns: (transfer full) (element-type BuildStep): the steps, in order
 */
GPtrArray *
build_buildsystem_plan (const HutchManifestModule *module, const HutchBuildOptions *options,
                        const BuildProbe *probe, const char *source_dir, guint jobs, GError **error)
{
  g_auto (Plan) plan = { 0 };

  plan.steps = g_ptr_array_new_with_free_func ((GDestroyNotify)build_step_free);
  plan.source_dir = source_dir;
  plan.options = options;
  plan.build_dir = build_buildsystem_uses_builddir (module)
                       ? g_build_filename (source_dir, BUILD_SUBDIR_NAME, NULL)
                       : g_strdup (source_dir);
  plan.jobs_arg = g_strdup_printf ("-j%u", MAX (jobs, 1));
  plan.config_opts = join_strv ((const char *const *)options->config_opts,
                                (const char *const *)module->config_opts);
  plan.make_args
      = join_strv ((const char *const *)options->make_args, (const char *const *)module->make_args);
  plan.make_install_args = join_strv ((const char *const *)options->make_install_args,
                                      (const char *const *)module->make_install_args);

  switch (module->buildsystem)
    {
      case HUTCH_BUILDSYSTEM_AUTOTOOLS:
        if (!plan_autotools (&plan, module, probe, error))
          return NULL;
        break;
      case HUTCH_BUILDSYSTEM_CMAKE:
      case HUTCH_BUILDSYSTEM_CMAKE_NINJA:
        plan_cmake (&plan, module, module->buildsystem == HUTCH_BUILDSYSTEM_CMAKE_NINJA);
        break;
      case HUTCH_BUILDSYSTEM_MESON:
        plan_meson (&plan);
        break;
      case HUTCH_BUILDSYSTEM_SIMPLE:
        add_shell_steps (&plan, BUILD_STEP_COMMANDS, (const char *const *)module->build_commands);
        break;
      case HUTCH_BUILDSYSTEM_QMAKE:
      default:
        build_buildsystem_check (module, error);
        return NULL;
    }
  add_shell_steps (&plan, BUILD_STEP_POST_INSTALL, (const char *const *)module->post_install);
  return g_steal_pointer (&plan.steps);
}
