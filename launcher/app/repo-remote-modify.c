/* app remote-modify: change the URL of a remote, or how it is verified.
 *
 * Defends against: a remote that stops being verified without anyone
 * deciding it.  Turning verification off takes --no-gpg-verify; turning it
 * on needs a key (imported now or before); new keys are imported before
 * the configuration changes.
 */
#include "repo-common.h"

#include "hutch-i18n.h"

static void
say_modified (const char *name, const HutchRemoteModifyOptions *modify, guint n_keys)
{
  if (modify->url != NULL)
    hutch_repo_say (_("The remote “%s” is now at %s"), name, modify->url);
  if (modify->gpg_key_file != NULL)
    hutch_repo_say (g_dngettext (GETTEXT_PACKAGE,
                                 "The remote “%s” also trusts %u new key, and its signatures are "
                                 "verified",
                                 "The remote “%s” also trusts %u new keys, and its signatures are "
                                 "verified",
                                 n_keys),
                    name, n_keys);
  else if (modify->gpg_verify)
    hutch_repo_say (_("The signatures of the remote “%s” are verified"), name);
  else if (modify->no_gpg_verify)
    hutch_repo_say (_("The signatures of the remote “%s” will NOT be verified"), name);
}

int
hutch_repo_remote_modify (int argc, char **argv)
{
  RepoOptions options = { 0 };
  g_autofree char *url = NULL, *gpg_import = NULL;
  gboolean gpg_verify = FALSE, no_gpg_verify = FALSE;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Fetch from URL from now on"), N_("URL") },
    { "gpg-import", 0, 0, G_OPTION_ARG_FILENAME, &gpg_import, N_("Trust the GPG keys in KEYFILE too, and verify the remote's signatures"), N_("KEYFILE") },
    { "gpg-verify", 0, 0, G_OPTION_ARG_NONE, &gpg_verify, N_("Verify the remote's signatures (with the keys it has)"), NULL },
    { "no-gpg-verify", 0, 0, G_OPTION_ARG_NONE, &no_gpg_verify, N_("Verify no signature: trust whatever the remote serves"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("NAME — change a remote repository"), entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  HutchRemoteModifyOptions modify = { 0 };
  guint n_keys = 0;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return hutch_repo_fail_literal (_("usage: app remote-modify [OPTION…] NAME (see app remote-modify --help)"));
  modify.url = url;
  modify.gpg_key_file = gpg_import;
  modify.gpg_verify = gpg_verify;
  modify.no_gpg_verify = no_gpg_verify;
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL
      || !hutch_remote_modify (installation, argv[1], &modify, &n_keys, &error))
    return hutch_repo_fail (error);
  say_modified (argv[1], &modify, n_keys);
  return 0;
}
