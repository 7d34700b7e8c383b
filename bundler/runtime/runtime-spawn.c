/* Running the tools a runtime needs: mmdebstrap, tar, the dynamic loader,
 * busybox, ldconfig.
 *
 * Defends against: a failure that goes unnoticed (every exit status is
 * checked, and the error names the program) and a program picked up from
 * a surprising place (an argument without "/" is looked up in PATH, as a
 * shell would; ldconfig also in the sbin directories, and nowhere else).
 * No shell ever parses an argument.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <gio/gunixinputstream.h>
#include <unistd.h>

static GSubprocess *
spawn (const char *const *argv, const char *const *envp, GSubprocessFlags flags, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  GSubprocess *process;

  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, (char **)envp);
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    g_prefix_error (error, _ ("cannot run “%s”: "), argv[0]);
  return process;
}

/* An error unless @process exited with status 0. */
static gboolean
check_status (GSubprocess *process, const char *program, GError **error)
{
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    return TRUE;
  if (g_subprocess_get_if_exited (process))
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("“%s” failed with exit status %d"),
                 program, g_subprocess_get_exit_status (process));
  else
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("“%s” was killed by signal %d"),
                 program, g_subprocess_get_term_sig (process));
  return FALSE;
}

gboolean
hutch_runtime_run (const char *const *argv, const char *const *envp, GError **error)
{
  g_autoptr (GSubprocess) process = spawn (argv, envp, G_SUBPROCESS_FLAGS_NONE, error);

  return process != NULL && g_subprocess_wait (process, NULL, error)
         && check_status (process, argv[0], error);
}

char *
hutch_runtime_run_capture (const char *const *argv, const char *const *envp, GError **error)
{
  g_autoptr (GSubprocess) process = spawn (argv, envp, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  g_autofree char *out = NULL;

  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, error)
      || !check_status (process, argv[0], error))
    return NULL;
  return g_steal_pointer (&out);
}

char *
hutch_runtime_find_program (const char *name)
{
  static const char *const sbin[] = { "/usr/sbin", "/sbin" };
  char *found = g_find_program_in_path (name);

  for (guint i = 0; found == NULL && i < G_N_ELEMENTS (sbin); i++)
    {
      g_autofree char *path = g_build_filename (sbin[i], name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        found = g_steal_pointer (&path);
    }
  return found;
}

/* Waits for @process and checks its status, into *@error if that is
 * still unset (the first failure is the one told). */
static void
finish (GSubprocess *process, const char *program, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if ((!g_subprocess_wait (process, NULL, &local_error)
       || !check_status (process, program, &local_error))
      && *error == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
}

gboolean
hutch_runtime_run_pipe (const char *const *writer, const char *const *reader, GError **error)
{
  g_autoptr (GSubprocess) first = spawn (writer, NULL, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) second = NULL;
  g_autoptr (GError) second_error = NULL;
  g_autoptr (GError) local_error = NULL;
  GInputStream *out;

  if (first == NULL)
    return FALSE;
  out = g_subprocess_get_stdout_pipe (first);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_stdin_fd (
      launcher, dup (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out))));
  second = g_subprocess_launcher_spawnv (launcher, reader, &second_error);
  /* Ours closed, the reader holds the only read end: if it dies, the
   * writer gets EPIPE instead of blocking for ever. */
  g_input_stream_close (out, NULL, NULL);
  finish (first, writer[0], &local_error);
  if (second != NULL)
    finish (second, reader[0], &local_error);
  else if (local_error == NULL)
    {
      g_prefix_error (&second_error, _ ("cannot run “%s”: "), reader[0]);
      local_error = g_steal_pointer (&second_error);
    }
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
