/* app make-current [--arch=ARCH] ID BRANCH: which installed branch of an
 * app is its current one: the one `app run ID` runs, whose launcher, icons
 * and D-Bus services are exported (hutch-current.h).
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

int
hutch_repo_make_current (int argc, char **argv)
{
  RepoOptions options = { 0 };
  g_autofree char *arch = NULL;
  const GOptionEntry entries[] = {
    { "arch", 0, 0, G_OPTION_ARG_STRING, &arch, N_("The architecture of the branch"), N_("ARCH") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("ID BRANCH — make a branch of an app the one app run and its launcher run"), entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (HutchRef) ref = NULL;
  g_autoptr (HutchDeploy) deploy = NULL;
  g_autofree char *name = NULL;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 3)
    return hutch_repo_fail_literal (_("usage: app make-current [OPTION…] ID BRANCH"));
  ref = hutch_ref_new (HUTCH_REF_KIND_APP, argv[1], arch != NULL ? arch : hutch_get_arch (),
                       argv[2], &error);
  if (ref == NULL)
    return hutch_repo_fail (error);
  name = hutch_ref_format (ref);
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL)
    return hutch_repo_fail (error);
  deploy = hutch_deploy_lookup (hutch_installation_get_dir (installation), ref, NULL);
  if (deploy == NULL)
    {
      g_set_error (&error, HUTCH_ERROR, HUTCH_ERROR_NOT_INSTALLED, _("%s is not installed"),
                   name);
      return hutch_repo_fail (error);
    }
  hutch_repo_exports_update (installation, deploy, TRUE);
  hutch_repo_say (_("%s: %s is now the current branch"), argv[1], argv[2]);
  return 0;
}
