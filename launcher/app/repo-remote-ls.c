/* app remote-ls: what a remote offers, from its summary (verified as the
 * remote says): ID, branch, arch and commit of each app and runtime, one
 * per line, separated by tabs: apps first, then runtimes.
 *
 * Defends against: a remote driving the terminal.  Refs that fail the
 * rules of hutch-ref.h are not shown (their number is), and what is shown
 * is escaped.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

int
hutch_repo_remote_ls (int argc, char **argv)
{
  RepoOptions options = { 0 };
  gboolean apps = FALSE, runtimes = FALSE;
  const GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_NONE, &apps, N_("Show apps only"), NULL },
    { "runtime", 0, 0, G_OPTION_ARG_NONE, &runtimes, N_("Show runtimes only"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("NAME — list what a remote repository offers"), entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (RepoRemotes) remotes = NULL;
  GPtrArray *refs;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return hutch_repo_fail_literal (_("usage: app remote-ls [OPTION…] NAME"));
  if (!hutch_remote_name_is_valid (argv[1], &error))
    return hutch_repo_fail (error);
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_READ_ONLY, &error);
  if (installation == NULL && g_error_matches (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND))
    {
      g_autofree char *message = g_strdup_printf (_("there is no remote “%s”"), argv[1]);
      return hutch_repo_fail_literal (message);
    }
  if (installation == NULL)
    return hutch_repo_fail (error);
  remotes = repo_remotes_new (installation);
  refs = repo_remotes_get_refs (remotes, argv[1], &error);
  if (refs == NULL)
    return hutch_repo_fail (error);
  for (guint i = 0; i < refs->len; i++)
    {
      const HutchRemoteRef *rref = g_ptr_array_index (refs, i);
      gboolean is_app = rref->ref->kind == HUTCH_REF_KIND_APP;

      if ((apps && !is_app && !runtimes) || (runtimes && is_app && !apps))
        continue;
      hutch_repo_say ("%s\t%s\t%s\t%s", rref->ref->id, rref->ref->branch, rref->ref->arch,
                      rref->commit);
    }
  return 0;
}
