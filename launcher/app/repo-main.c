/* hutch-app-repo: the commands of `app` that change or read OSTree
 * repositories.  `app` execs this program for them (app-repo-exec.c), so
 * that `app run`, the launch path, never loads libostree (DESIGN.md,
 * invariant 6).  This file only picks the command; each has a file of its
 * own.
 *
 * Usage: hutch-app-repo COMMAND [ARGUMENT…], as `app COMMAND [ARGUMENT…]`.
 */
#include "repo-common.h"

#include "hutch-command.h"
#include "hutch-i18n.h"

#include <stdio.h>
#include <string.h>

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
} commands[] = {
  { "remote-add", hutch_repo_remote_add },
  { "remote-list", hutch_repo_remote_list },
  { "remote-modify", hutch_repo_remote_modify },
  { "remote-delete", hutch_repo_remote_delete },
  { "remote-ls", hutch_repo_remote_ls },
  { "remote-info", hutch_repo_remote_info },
  { "install", hutch_repo_install },
  { "update", hutch_repo_update },
  { "uninstall", hutch_repo_uninstall },
  { "repair", hutch_repo_repair },
  { "make-current", hutch_repo_make_current },
  { "mask", hutch_repo_mask },
  { "pin", hutch_repo_pin },
};

int
main (int argc, char **argv)
{
  hutch_i18n_init ();

  for (gsize i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("app %s", commands[i].name);
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }
  fprintf (stderr, "%s", _("hutch-app-repo is run by app: use “app --help”\n"));
  return 1;
}
