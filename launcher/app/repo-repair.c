/* app repair [--dry-run]: find the installed apps and runtimes whose files
 * are not what their commits say, and mend them.
 *
 * Every object of every active deploy's commit is checked against its
 * checksum, and the deploy's files against the commit's (ostree-verify.c).
 * For a commit with damaged or missing objects, the damaged ones are
 * removed and the commit is fetched again from the remote it came from
 * (only what it lacks) and checked again; then a damaged deploy is checked
 * out anew in its place.  Then the installation is
 * cleaned up as after an update.  --dry-run only reports.  The exit status
 * is 1 if anything is left damaged.
 *
 * Defends against: an app running altered files unnoticed (a deploy's
 * files are hard links to the repository's objects), and a repair that
 * makes things worse: a killed repair leaves commits marked incomplete,
 * which the next repair (or update) fetches; a deploy in use by a running
 * app is not swapped (it says so).
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <stdio.h>
#include <unistd.h>

typedef struct
{
  gboolean terminal;
  gint64 last;
  gboolean line_open;
} VerifyProgress;

static void
report_verify (guint done, guint total, gpointer user_data)
{
  VerifyProgress *progress = user_data;
  gint64 now = g_get_monotonic_time ();

  if (!progress->terminal || (done < total && now - progress->last < G_USEC_PER_SEC / 10))
    return;
  progress->last = now;
  /* Back to the start of the line, which this one overwrites. */
  printf ("\r");
  /* TRANSLATORS: a progress line: objects checked, of all */
  printf (_("  checking: %u/%u objects"), done, total);
  printf ("\033[K");
  progress->line_open = TRUE;
  fflush (stdout);
}

static void
end_verify_line (VerifyProgress *progress)
{
  if (progress->line_open)
    printf ("\r\033[K");
  progress->line_open = FALSE;
  fflush (stdout);
}

/* What is wrong with a deploy. */
typedef struct
{
  gboolean objects; /* its commit's objects: they must be fetched again */
  guint n_differ;   /* files of the deploy that are not the commit's */
} Damage;

/* Checks @deploy's commit (removing damaged objects unless @dry_run), then
 * the deploy against it; fills @damage. */
static gboolean
check_one (HutchInstallation *installation, const HutchDeploy *deploy, gboolean dry_run,
           const RepoOptions *options, Damage *damage, GError **error)
{
  g_autofree char *name = hutch_ref_format (deploy->ref);
  VerifyProgress progress = { isatty (STDOUT_FILENO) && !options->noninteractive, 0, FALSE };
  HutchVerifyResult result;
  gboolean ok;

  *damage = (Damage) { 0 };
  hutch_repo_say (_("Checking %s (%.12s)…"), name, deploy->commit);
  ok = hutch_installation_verify_commit (installation, deploy->commit, !dry_run, report_verify,
                                         &progress, &result, NULL, error);
  end_verify_line (&progress);
  if (!ok)
    return FALSE;
  damage->objects = result.n_corrupt + result.n_missing > 0;
  /* With objects damaged (removed, unless @dry_run) the deploy cannot be
   * compared with its commit; the repair checks it out anew anyway. */
  if (!damage->objects
      && !hutch_installation_verify_deploy (installation, deploy, &damage->n_differ, NULL, error))
    return FALSE;
  if (damage->n_differ > 0)
    hutch_repo_say (g_dngettext (GETTEXT_PACKAGE,
                                 "  %u file of the deploy is not the commit's",
                                 "  %u files of the deploy are not the commit's", damage->n_differ),
                    damage->n_differ);
  if (result.incomplete)
    hutch_repo_say ("%s", _("  it is incomplete: part of it is missing or cannot be read"));
  else if (damage->objects)
    hutch_repo_say (_("  %u objects checked: %u damaged, %u missing"), result.n_checked +
                    result.n_corrupt, result.n_corrupt, result.n_missing);
  else if (damage->n_differ == 0)
    hutch_repo_say (g_dngettext (GETTEXT_PACKAGE, "  %u object checked: all sound",
                                 "  %u objects checked: all sound", result.n_checked),
                    result.n_checked);
  return TRUE;
}

/* The remote @deploy can be fetched again from, or NULL with @error set. */
static char *
refetch_origin (HutchInstallation *installation, const HutchDeploy *deploy, GError **error)
{
  g_autofree char *name = hutch_ref_format (deploy->ref);
  g_autofree char *origin = hutch_installation_get_origin (installation, deploy->ref, NULL);

  if (g_strcmp0 (origin, HUTCH_BUNDLE_ORIGIN) == 0)
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                 _("%s came from a bundle, which cannot be fetched again: install the bundle "
                   "again with app install --reinstall --bundle FILE"),
                 name);
  else if (origin == NULL || !hutch_remote_exists (installation, origin))
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                 _("%s has no remote to fetch it again from: add its remote, then run app "
                   "repair again"),
                 name);
  else
    return g_steal_pointer (&origin);
  return NULL;
}

/* Fetches what @deploy's commit lacks and checks it again. */
static gboolean
refetch (HutchInstallation *installation, const HutchDeploy *deploy, const RepoOptions *options,
         GError **error)
{
  g_autofree char *origin = refetch_origin (installation, deploy, error);
  g_autofree char *name = hutch_ref_format (deploy->ref);
  const HutchRef *refs[] = { deploy->ref };
  const char *commits[] = { deploy->commit };
  HutchVerifyResult result;
  RepoProgress progress;
  gboolean ok;

  if (origin == NULL)
    return FALSE;
  hutch_repo_progress_init (&progress, options);
  ok = hutch_pull (installation, origin, refs, commits, 1, hutch_repo_progress_report, &progress,
                   NULL, error);
  hutch_repo_progress_end (&progress);
  if (!ok
      || !hutch_installation_verify_commit (installation, deploy->commit, TRUE, NULL, NULL,
                                            &result, NULL, error))
    return FALSE;
  if (result.n_corrupt + result.n_missing > 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("%s is still damaged after fetching it again from “%s”"), name, origin);
      return FALSE;
    }
  return TRUE;
}

/* Mends @deploy: its objects fetched again if need be, then a new checkout
 * in place of the deploy. */
static gboolean
mend_one (HutchInstallation *installation, const HutchDeploy *deploy, const Damage *damage,
          const RepoOptions *options, GError **error)
{
  g_autofree char *name = hutch_ref_format (deploy->ref);
  g_autoptr (HutchDeploy) mended = NULL;

  if (damage->objects && !refetch (installation, deploy, options, error))
    return FALSE;
  mended = hutch_installation_deploy (installation, deploy->ref, deploy->commit,
                                      HUTCH_DEPLOY_FLAGS_REPLACE, hutch_repo_check_deploy, NULL,
                                      NULL, error);
  if (mended == NULL)
    return FALSE;
  hutch_repo_say (_("Repaired %s"), name);
  return TRUE;
}

static int
repair (const RepoOptions *options, gboolean dry_run)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (GPtrArray) deploys = NULL;
  guint n_left = 0, n_mended = 0;

  installation = hutch_repo_open (options, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL
      || (deploys = hutch_installation_list_installed (installation, -1, &error)) == NULL)
    return hutch_repo_fail (error);
  for (guint i = 0; i < deploys->len; i++)
    {
      const HutchDeploy *deploy = g_ptr_array_index (deploys, i);
      Damage damage;

      if (!check_one (installation, deploy, dry_run, options, &damage, &error))
        return hutch_repo_fail (error);
      if (!damage.objects && damage.n_differ == 0)
        continue;
      if (!dry_run && mend_one (installation, deploy, &damage, options, &error))
        n_mended++;
      else
        n_left++;
      if (error != NULL)
        hutch_repo_warn (error->message);
      g_clear_error (&error);
    }
  if (!dry_run && !hutch_installation_cleanup (installation, NULL, NULL, NULL, &error))
    return hutch_repo_fail (error);
  if (n_left > 0)
    hutch_repo_say (g_dngettext (GETTEXT_PACKAGE, "%u app or runtime is damaged.",
                                 "%u apps or runtimes are damaged.", n_left),
                    n_left);
  else if (n_mended > 0)
    hutch_repo_say ("%s", _("Everything installed is sound again."));
  else
    hutch_repo_say ("%s", _("Nothing is damaged."));
  return n_left == 0 ? 0 : 1;
}

int
hutch_repo_repair (int argc, char **argv)
{
  RepoOptions options = { 0 };
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only check and report: change nothing"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("— check the installed apps and runtimes, and mend what is damaged"), entries, &options, FALSE);

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 1)
    return hutch_repo_fail_literal (_("usage: app repair [OPTION…]"));
  return repair (&options, dry_run);
}
