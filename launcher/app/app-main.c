/* app: the user's command.  Installs, updates, runs and inspects sandboxed
 * apps.  This file only picks the subcommand; each has a file of its own.
 */
#include "app-builtins.h"
#include "app-repo-exec.h"

#include "hutch-command.h"
#include "hutch-i18n.h"

#include <string.h>

static const HutchCommand commands[] = {
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
  { "remote-modify", hutch_app_exec_repo, N_("Change a remote repository") },
  { "remote-delete", hutch_app_exec_repo, N_("Delete a remote repository") },
  { "remote-ls", hutch_app_exec_repo, N_("List what a remote repository offers") },
  { "remote-info", hutch_app_exec_repo, N_("Show what a remote offers of an app or runtime") },
  { "install", hutch_app_exec_repo, N_("Install apps or runtimes") },
  { "update", hutch_app_exec_repo, N_("Update installed apps and runtimes") },
  { "uninstall", hutch_app_exec_repo, N_("Uninstall apps or runtimes") },
  { "repair", hutch_app_exec_repo, N_("Check installed apps and runtimes, and mend them") },
  { "make-current", hutch_app_exec_repo, N_("Choose which installed branch of an app runs") },
  { "mask", hutch_app_exec_repo, N_("Keep apps and runtimes from updates and installs") },
  { "pin", hutch_app_exec_repo, N_("Keep runtimes no app uses from app uninstall --unused") },
};

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

/* Is help asked for (perhaps of the app, after its ID: no matter)?  GLib
 * prints help in the locale's charset, and without a locale "…" and "—"
 * become "?". */
static gboolean
asks_for_help (int argc, char **argv)
{
  for (int i = 2; i < argc; i++)
    if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "-?") == 0
        || g_str_has_prefix (argv[i], "--help"))
      return TRUE;
  return FALSE;
}

/* Does the command need a locale loaded here?  Not one that hutch-app-repo
 * carries out: that program loads its own. */
static gboolean
needs_locale (int argc, char **argv)
{
  if (argc < 2)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        if (commands[i].run == hutch_app_exec_repo)
          return FALSE;
        if (commands[i].run == hutch_app_run)
          return !messages_in_english () || asks_for_help (argc, argv);
        return TRUE;
      }
  return TRUE;
}

int
main (int argc, char **argv)
{
  hutch_app_argv = argv;
  if (needs_locale (argc, argv))
    hutch_i18n_init ();
  return hutch_command_main ("app", commands, G_N_ELEMENTS (commands), argc, argv);
}
