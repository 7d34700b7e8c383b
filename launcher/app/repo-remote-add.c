/* app remote-add: add a remote repository to an installation, from its
 * URL, or with --from from a .flatpakrepo file (hutch-repo-file.h), whose
 * key it trusts (unless --gpg-import gives another).
 *
 * Defends against: a remote that nobody decided to trust.  Verification of
 * commits and of the summary by GPG is on, with the keys given by
 * --gpg-import or by the file the user chose; turning it off takes an
 * explicit --no-gpg-verify; giving neither is an error that names both.
 */
#include "repo-common.h"

#include "hutch-i18n.h"

static void
say_added (const char *name, const HutchRepoFile *file, gboolean verified, guint n_keys)
{
  g_autofree char *title = file != NULL && file->title != NULL
                               ? g_strdup_printf (" (%s)", file->title)
                               : g_strdup ("");

  if (!verified)
    hutch_repo_say (_("Added the remote “%s”%s; its signatures will NOT be verified"), name,
                    title);
  else
    hutch_repo_say (g_dngettext (GETTEXT_PACKAGE, "Added the remote “%s”%s, verified with %u key",
                                 "Added the remote “%s”%s, verified with %u keys", n_keys),
                    name, title, n_keys);
}

int
hutch_repo_remote_add (int argc, char **argv)
{
  RepoOptions options = { 0 };
  gboolean if_not_exists = FALSE, no_gpg_verify = FALSE, from = FALSE;
  g_autofree char *gpg_import = NULL;
  const GOptionEntry entries[] = {
    { "if-not-exists", 0, 0, G_OPTION_ARG_NONE, &if_not_exists, N_("Do nothing if the remote exists already"), NULL },
    { "gpg-import", 0, 0, G_OPTION_ARG_FILENAME, &gpg_import, N_("Trust the GPG keys in KEYFILE to sign the remote's commits and summary"), N_("KEYFILE") },
    { "no-gpg-verify", 0, 0, G_OPTION_ARG_NONE, &no_gpg_verify, N_("Verify no signature: trust whatever the remote serves"), NULL },
    { "from", 0, 0, G_OPTION_ARG_NONE, &from, N_("Read the remote from a .flatpakrepo file: NAME FILE (a path or an http or https URL)"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("NAME URL | --from NAME FILE — add a remote repository"), entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (HutchRepoFile) file = NULL;
  HutchRemoteAddOptions add = { 0 };
  const char *url;
  gboolean added = FALSE;
  guint n_keys = 0;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 3)
    return hutch_repo_fail_literal (_("usage: app remote-add [OPTION…] NAME URL, or --from NAME FILE (see app remote-add --help)"));
  url = argv[2];
  add.gpg_key_file = gpg_import;
  add.no_gpg_verify = no_gpg_verify;
  add.if_not_exists = if_not_exists;
  if (from)
    {
      if ((file = repo_read_flatpak_file (argv[2], FALSE, &error)) == NULL)
        return hutch_repo_fail (error);
      url = file->url;
      add.gpg_key_data = gpg_import == NULL ? file->gpg_key : NULL;
      add.gpg_key_source = argv[2];
      if (add.gpg_key_data != NULL && !no_gpg_verify)
        repo_warn_key_over_http (argv[2]);
    }
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL
      || !hutch_remote_add (installation, argv[1], url, &add, &added, &n_keys, &error))
    return hutch_repo_fail (error);
  if (!added)
    hutch_repo_say (_("The remote “%s” exists already: left as it is"), argv[1]);
  else
    say_added (argv[1], file, !no_gpg_verify, n_keys);
  return 0;
}
