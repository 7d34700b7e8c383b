/* Fuzz target for the rewriting of exported desktop and D-Bus service
 * files (installation/hutch-exports-desktop.c).
 *
 * One input is used three ways, and what must always hold is checked:
 *
 *   - as an Exec value: if it parses, quoting the arguments and parsing
 *     again gives the same arguments, the quoted line has no control
 *     character, and the rewritten line parses to `app run … --command=CMD
 *     ID …` with the arguments after the program unchanged;
 *   - as a whole desktop file: if it is accepted, the output is valid
 *     UTF-8 without control characters but newlines, and every Exec in it
 *     runs `app run` for the app;
 *   - as a D-Bus service file: if accepted, Name is the one asked for and
 *     Exec splits into `app run … ID …`.
 *
 * Built with -Dfuzzing=true this is a libFuzzer target; otherwise
 * tests/fuzz-driver.c replays the seed corpus in corpus-desktop-exec/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hutch-error.h"
#include "hutch-exports.h"

#define APP_BIN "/usr/bin/app"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const run_prefix[] = { APP_BIN, "run", "--branch=stable", "--arch=x86_64" };

static void
assert_no_controls (const char *text, gboolean allow_newlines)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c != '\n' || !allow_newlines)
        g_assert_false (g_unichar_iscntrl (c));
    }
}

static void
assert_same_args (char **a, char **b)
{
  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint i = 0; a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

/* @args: `app run --branch --arch --command=CMD ID ARGS`. */
static void
assert_runs_app (char **args)
{
  g_assert_cmpuint (g_strv_length (args), >=, G_N_ELEMENTS (run_prefix) + 2);
  for (guint i = 0; i < G_N_ELEMENTS (run_prefix); i++)
    g_assert_cmpstr (args[i], ==, run_prefix[i]);
  g_assert_true (g_str_has_prefix (args[4], "--command="));
  g_assert_cmpstr (args[5], ==, "org.test.App");
}

static void
check_exec (const HutchExportTarget *target, const char *exec)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = hutch_desktop_exec_parse (exec, &error);
  g_autofree char *quoted = NULL;
  g_autofree char *rewritten = NULL;
  g_auto (GStrv) again = NULL;
  g_auto (GStrv) run = NULL;

  if (args == NULL)
    {
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
      return;
    }
  g_assert_nonnull (args[0]);
  quoted = hutch_desktop_exec_quote ((const char *const *)args);
  assert_no_controls (quoted, FALSE);
  again = hutch_desktop_exec_parse (quoted, &error);
  g_assert_no_error (error);
  assert_same_args (args, again);

  rewritten = hutch_desktop_exec_rewrite (target, exec, &error);
  if (rewritten == NULL)
    return;
  run = hutch_desktop_exec_parse (rewritten, &error);
  g_assert_no_error (error);
  assert_runs_app (run);
  g_assert_cmpstr (run[4] + strlen ("--command="), ==, args[0]);
  assert_same_args (run + 6, args + 1);
}

static void
check_desktop_file (const HutchExportTarget *target, const char *data, size_t size)
{
  g_autofree char *out = hutch_exports_rewrite_desktop_file (target, data, size, NULL, NULL);
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_auto (GStrv) groups = NULL;

  if (out == NULL)
    return;
  assert_no_controls (out, TRUE);
  g_assert_true (g_key_file_load_from_data (key_file, out, -1, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *exec = g_key_file_get_string (key_file, groups[i], "Exec", NULL);
      g_auto (GStrv) args = NULL;

      g_assert_false (g_key_file_has_key (key_file, groups[i], "TryExec", NULL));
      if (exec == NULL)
        continue;
      args = hutch_desktop_exec_parse (exec, NULL);
      g_assert_nonnull (args);
      assert_runs_app (args);
    }
}

static void
check_service (const HutchExportTarget *target, const char *data, size_t size)
{
  g_autofree char *out
      = hutch_exports_rewrite_dbus_service (target, "org.test.App", data, size, NULL);
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *name = NULL;
  g_autofree char *exec = NULL;
  g_auto (GStrv) argv = NULL;

  if (out == NULL)
    return;
  assert_no_controls (out, TRUE);
  g_assert_true (g_key_file_load_from_data (key_file, out, -1, G_KEY_FILE_NONE, NULL));
  name = g_key_file_get_value (key_file, "D-BUS Service", "Name", NULL);
  g_assert_cmpstr (name, ==, "org.test.App");
  exec = g_key_file_get_value (key_file, "D-BUS Service", "Exec", NULL);
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, NULL));
  assert_runs_app (argv);
}

/* A GLib warning (a GError set twice, say) is a bug too; abort() rather
 * than GLib's breakpoint trap, which libFuzzer does not catch. */
static void
abort_on_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "?", message);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (HutchRef) ref
      = hutch_ref_new (HUTCH_REF_KIND_APP, "org.test.App", "x86_64", "stable", NULL);
  HutchExportTarget target = { ref, APP_BIN };
  g_autofree char *text = g_malloc (size + 1);

  g_log_set_default_handler (abort_on_log, NULL);
  /* As an Exec value, a C string: anything past a NUL is ignored. */
  memcpy (text, data, size);
  text[size] = '\0';
  check_exec (&target, text);
  check_desktop_file (&target, (const char *)data, size);
  check_service (&target, (const char *)data, size);
  return 0;
}
