/* app remote-delete: remove a remote from an installation.
 *
 * Defends against: stranding installed apps.  A remote that installed refs
 * come from is kept unless --force; with --force they stay installed and
 * runnable, and `app update` says they have no remote left.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

/* The installed refs whose origin is @remote, as "ref, ref"; *@n_refs is
 * how many. */
char *
repo_installed_from (HutchInstallation *installation, const char *remote, guint *n_refs,
                     GError **error)
{
  g_autoptr (GPtrArray) deploys = hutch_installation_list_installed (installation, -1, error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (deploys == NULL)
    return NULL;
  for (guint i = 0; i < deploys->len; i++)
    {
      const HutchDeploy *deploy = g_ptr_array_index (deploys, i);
      g_autofree char *origin = hutch_installation_get_origin (installation, deploy->ref, NULL);
      if (g_strcmp0 (origin, remote) == 0)
        g_ptr_array_add (names, hutch_ref_format (deploy->ref));
    }
  *n_refs = names->len;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

int
hutch_repo_remote_delete (int argc, char **argv)
{
  RepoOptions options = { 0 };
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Delete the remote even if installed apps or runtimes come from it"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("NAME — delete a remote repository"), entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autofree char *used_by = NULL;
  guint n_used_by = 0;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return hutch_repo_fail_literal (_("usage: app remote-delete [OPTION…] NAME"));
  if (!hutch_remote_name_is_valid (argv[1], &error))
    return hutch_repo_fail (error);
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL
      || (used_by = repo_installed_from (installation, argv[1], &n_used_by, &error)) == NULL)
    return hutch_repo_fail (error);
  if (n_used_by > 0 && !force)
    {
      g_set_error (&error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* TRANSLATORS: the first %s is one installed ref, or several
                                 * separated by commas; the second the remote's name */
                                "%s came from the remote “%s”: uninstall it first, or delete the "
                                "remote with --force (it stays installed, without updates)",
                                "%s came from the remote “%s”: uninstall them first, or delete the "
                                "remote with --force (they stay installed, without updates)",
                                n_used_by),
                   used_by, argv[1]);
      return hutch_repo_fail (error);
    }
  if (!hutch_remote_delete (installation, argv[1], &error))
    return hutch_repo_fail (error);
  hutch_repo_say (_("Deleted the remote “%s”"), argv[1]);
  return 0;
}
