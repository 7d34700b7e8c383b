/* app remote-list: the remotes of an installation, their URLs and whether
 * their signatures are verified.  Reads only: takes no lock. */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

int
hutch_repo_remote_list (int argc, char **argv)
{
  RepoOptions options = { 0 };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("— list the remote repositories"), NULL, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_auto (GStrv) names = NULL;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 1)
    return hutch_repo_fail_literal (_("usage: app remote-list [OPTION…]"));
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_READ_ONLY, &error);
  if (installation == NULL)
    return g_error_matches (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND) ? 0 : hutch_repo_fail (error);
  names = hutch_remote_list (installation);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *url = NULL;
      gboolean verify = TRUE;
      if (!hutch_remote_get_info (installation, names[i], &url, &verify, &error))
        return hutch_repo_fail (error);
      hutch_repo_say ("%s\t%s\t%s", names[i], url,
                      verify ? _("gpg-verified") : _("NOT verified"));
    }
  return 0;
}
