/* app remote-info [--log] REMOTE ID: what a remote offers of one app or
 * runtime: its ref, commit, parent, subject and date, the runtime it needs
 * and, for the commit the remote offers now, the sizes its summary gives;
 * with --log, the commits before it, as far as the remote keeps them.  The
 * commits are what `app update --commit` takes.
 *
 * Only commit objects are fetched, verified as the remote says.
 *
 * Defends against: a remote driving the terminal (what it says is
 * escaped), and a remote passing another ref's commit off as this one's
 * (refused for the commit shown; the end of the history for an older one).
 */
#include "repo-common.h"

#include "hutch-command.h"
#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

typedef struct
{
  gboolean log;
  gboolean show_metadata;
  char *commit;
  char *arch;
  char *branch;
  RepoOptions common;
} RemoteInfoOptions;

static char *
format_time (guint64 timestamp)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc ((gint64) timestamp);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S +0000") : g_strdup ("?");
}

static void
print_size (const char *name, guint64 size)
{
  g_autofree char *text = NULL;

  if (size == 0)
    return;
  text = g_format_size (size);
  hutch_command_print_field (name, text);
}

/* The newest commit of the history, in full. */
static void
print_commit (const HutchRemoteRef *rref, const HutchCommitInfo *info)
{
  g_autofree char *ref = hutch_ref_format (rref->ref);
  g_autofree char *date = format_time (info->timestamp);
  g_autoptr (HutchMetadata) metadata = NULL;
  gboolean offered_now = strcmp (info->commit, rref->commit) == 0;

  if (info->metadata != NULL)
    metadata = hutch_repo_parse_metadata (rref->ref, info->metadata, strlen (info->metadata),
                                          NULL, NULL);
  hutch_command_print_field (_("Ref"), ref);
  hutch_command_print_field (_("Commit"), info->commit);
  hutch_command_print_field (_("Parent"), info->parent != NULL ? info->parent : "-");
  hutch_command_print_field (_("Subject"), info->subject);
  hutch_command_print_field (_("Date"), date);
  if (metadata != NULL && metadata->runtime != NULL)
    hutch_command_print_field (_("Runtime"), metadata->runtime);
  if (offered_now)
    {
      print_size (_("Download size"), rref->download_size);
      print_size (_("Installed size"), rref->installed_size);
    }
  else
    hutch_command_print_field (_("Offered now"), rref->commit);
}

/* The commits before it, one paragraph each. */
static void
print_log (GPtrArray *history)
{
  hutch_repo_say ("%s", _("History:"));
  for (guint i = 1; i < history->len; i++)
    {
      const HutchCommitInfo *info = g_ptr_array_index (history, i);
      g_autofree char *date = format_time (info->timestamp);

      hutch_repo_say ("%s", "");
      hutch_command_print_field (_("Commit"), info->commit);
      hutch_command_print_field (_("Subject"), info->subject);
      hutch_command_print_field (_("Date"), date);
    }
  if (history->len == 1)
    hutch_repo_say ("%s", _("  (no older commit that the remote keeps)"));
}

static int
remote_info (RemoteInfoOptions *opts, const char *remote, const char *spec)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (RepoRemotes) remotes = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autofree char *match_remote = NULL;
  RepoMatch match = { NULL, NULL };
  const HutchCommitInfo *newest;

  if (!hutch_remote_name_is_valid (remote, &error)
      || (installation = hutch_repo_open (&opts->common, HUTCH_INSTALLATION_OPEN_NONE, &error))
             == NULL)
    return hutch_repo_fail (error);
  if (!hutch_remote_exists (installation, remote))
    {
      g_autofree char *message = g_strdup_printf (_("there is no remote “%s”"), remote);
      return hutch_repo_fail_literal (message);
    }
  remotes = repo_remotes_new (installation);
  if (!repo_match (installation, remotes, remote, spec, opts->arch, opts->branch, &match, &error))
    return hutch_repo_fail (error);
  match_remote = match.remote;
  history = hutch_remote_fetch_history (installation, remote, match.rref->ref,
                                        opts->commit != NULL ? opts->commit : match.rref->commit,
                                        opts->log ? -1 : 0, NULL, &error);
  if (history == NULL)
    return hutch_repo_fail (error);
  newest = g_ptr_array_index (history, 0);
  print_commit (match.rref, newest);
  if (opts->show_metadata && newest->metadata != NULL)
    hutch_repo_say ("\n%s", newest->metadata);
  if (opts->log)
    print_log (history);
  return 0;
}

int
hutch_repo_remote_info (int argc, char **argv)
{
  RemoteInfoOptions opts = { 0 };
  const GOptionEntry entries[] = {
    { "log", 0, 0, G_OPTION_ARG_NONE, &opts.log, N_("Show the commits before it too"), NULL },
    { "show-metadata", 'm', 0, G_OPTION_ARG_NONE, &opts.show_metadata, N_("Show its metadata"), NULL },
    { "commit", 0, 0, G_OPTION_ARG_STRING, &opts.commit, N_("Show this commit instead of the one offered now"), N_("COMMIT") },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &opts.branch, N_("Look at this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch, N_("Look at this architecture"), N_("ARCH") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("REMOTE ID — show what a remote offers of an app or runtime"), entries, &opts.common, FALSE);
  int status;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 3)
    return hutch_repo_fail_literal (_("usage: app remote-info [OPTION…] REMOTE ID"));
  status = remote_info (&opts, argv[1], argv[2]);
  g_free (opts.commit);
  g_free (opts.arch);
  g_free (opts.branch);
  return status;
}
