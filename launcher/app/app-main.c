/* app: the user's command.  Installs, updates, runs and inspects sandboxed
 * apps.  This file only picks the subcommand; each has a file of its own.
 */
#include "app-builtins.h"
#include "app-repo-exec.h"

#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} AppCommand;

static const AppCommand commands[] = {
  { "run", hutch_app_run, N_("Run an app in its sandbox") },
  { "override", hutch_app_override, N_("Change the permissions of an app, or of all apps") },
  { "info", hutch_app_info, N_("Show what is known about an installed app or runtime") },
  { "list", hutch_app_list, N_("List installed apps and runtimes") },
  { "ps", hutch_app_ps, N_("List running apps") },
  { "kill", hutch_app_kill, N_("Stop a running app") },
  { "enter", hutch_app_enter, N_("Run a command inside a running app's sandbox") },
  /* Carried out by hutch-app-repo, which links libostree (app-repo-exec.c). */
  { "remote-add", hutch_app_exec_repo, N_("Add a remote repository") },
  { "remote-list", hutch_app_exec_repo, N_("List the remote repositories") },
  { "remote-delete", hutch_app_exec_repo, N_("Delete a remote repository") },
  { "remote-ls", hutch_app_exec_repo, N_("List what a remote repository offers") },
  { "install", hutch_app_exec_repo, N_("Install apps or runtimes") },
  { "update", hutch_app_exec_repo, N_("Update installed apps and runtimes") },
  { "uninstall", hutch_app_exec_repo, N_("Uninstall apps or runtimes") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s", _("Usage: app COMMAND [OPTION…]\n\nCommands:\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "%s", _("\nRun “app COMMAND --help” for the options of a command.\n"));
}

char **hutch_app_argv;

/* Is the language of messages English (or C)?  Then `app run`, the launch
 * path, skips loading a locale: messages and the launch are the same. */
static gboolean
messages_in_english (void)
{
  static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

  for (gsize i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *v = g_getenv (vars[i]);
      if (v != NULL && v[0] != '\0')
        return g_str_has_prefix (v, "C") || g_str_has_prefix (v, "POSIX")
               || g_str_has_prefix (v, "en");
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  hutch_app_argv = argv;
  if (argc < 2 || strcmp (argv[1], "run") != 0 || !messages_in_english ())
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 1 : 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("app %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  {
    g_autofree char *safe = hutch_escape_for_terminal (argv[1], HUTCH_ESCAPE_FLAGS_NONE);
    fprintf (stderr, _("app: “%s” is not a command (see “app --help”)\n"), safe);
  }
  return 1;
}
