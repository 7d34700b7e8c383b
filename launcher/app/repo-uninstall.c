/* app uninstall ID… | --unused | --all: remove installed apps or runtimes,
 * the runtimes no installed app uses, or everything installed; with
 * --delete-data, also the data of the apps removed (or, alone, of every
 * app no longer installed).
 *
 * The ref stops being installed at once (its `active` link and repository
 * refs go); its deploys are removed if no sandbox runs them, and the
 * repository is pruned.  A deploy still running stays until a later
 * update or uninstall finds it unused.
 *
 * Defends against: breaking what is installed (a runtime an installed app
 * needs is kept unless --force), surprising a running app (an app or
 * runtime that is running is kept unless --force; even then its files stay
 * until it stops, and its data stays), and deleting data by surprise (what
 * --delete-data would delete is listed and asked about first; see
 * repo-delete-data.c for what it never deletes).
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"
#include "hutch-patterns.h"

#include <string.h>
#include <unistd.h>

typedef struct
{
  char *arch;
  char *branch;
  gboolean force;
  gboolean unused;
  gboolean all;
  gboolean delete_data;
  RepoOptions common;
} UninstallOptions;

static gboolean
is_chosen (GPtrArray *chosen, const HutchRef *ref)
{
  for (guint i = 0; i < chosen->len; i++)
    if (hutch_ref_equal (((HutchDeploy *) g_ptr_array_index (chosen, i))->ref, ref))
      return TRUE;
  return FALSE;
}

/* The installed apps (and runtimes) that are not being removed and run on
 * @runtime, as "a, b", or NULL; *@n_users is how many. */
static char *
users_of (GPtrArray *installed, GPtrArray *chosen, const HutchRef *runtime, guint *n_users)
{
  g_autofree char *wanted = g_strdup_printf ("%s/%s/%s", runtime->id, runtime->arch,
                                             runtime->branch);
  g_autoptr (GPtrArray) users = g_ptr_array_new ();

  for (guint i = 0; i < installed->len; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (installed, i);
      g_autoptr (HutchMetadata) metadata = NULL;
      if (is_chosen (chosen, d->ref))
        continue;
      metadata = hutch_metadata_load (d->metadata_path, NULL, NULL);
      if (metadata != NULL && g_strcmp0 (metadata->runtime, wanted) == 0)
        g_ptr_array_add (users, d->ref->id);
    }
  *n_users = users->len;
  if (users->len == 0)
    return NULL;
  g_ptr_array_add (users, NULL);
  return g_strjoinv (", ", (char **) users->pdata);
}

static gboolean
is_running (const HutchDeploy *deploy)
{
  int fd = -1;

  if (hutch_deploy_is_unused (deploy->deploy_dir, &fd))
    {
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  return TRUE;
}

/* Refuses what should not go, unless --force. */
static gboolean
check_removable (GPtrArray *installed, GPtrArray *chosen, gboolean force, GError **error)
{
  for (guint i = 0; i < chosen->len && !force; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (chosen, i);
      g_autofree char *name = hutch_ref_format (d->ref);
      g_autofree char *users = NULL;
      guint n_users = 0;

      if (d->ref->kind == HUTCH_REF_KIND_RUNTIME
          && (users = users_of (installed, chosen, d->ref, &n_users)) != NULL)
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       g_dngettext (GETTEXT_PACKAGE,
                                    /* TRANSLATORS: the first %s is a runtime, the second one
                                     * installed app, or several separated by commas */
                                    "%s is the runtime of %s: uninstall it first, or use --force",
                                    "%s is the runtime of %s: uninstall them first, or use --force",
                                    n_users),
                       name, users);
          return FALSE;
        }
      if (is_running (d))
        {
          g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                       _("%s is running: stop it first, or use --force (its files stay until "
                         "it stops)"),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

/* The runtimes no other installed ref runs on, unless pinned. */
static GPtrArray *
select_unused (GPtrArray *installed, GPtrArray *pins)
{
  GPtrArray *chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_deploy_free);
  g_autoptr (GPtrArray) none = g_ptr_array_new ();

  for (guint i = 0; i < installed->len; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (installed, i);
      g_autofree char *users = NULL;
      guint n_users = 0;
      if (d->ref->kind != HUTCH_REF_KIND_RUNTIME || hutch_patterns_match (pins, d->ref) != NULL)
        continue;
      users = users_of (installed, none, d->ref, &n_users);
      if (users == NULL)
        {
          HutchDeploy *copy = hutch_deploy_lookup (d->installation_dir, d->ref, NULL);
          if (copy != NULL)
            g_ptr_array_add (chosen, copy);
        }
    }
  return chosen;
}

static GPtrArray *
select_deploys (HutchInstallation *installation, GPtrArray *installed,
                const UninstallOptions *opts, int argc, char **argv, GError **error)
{
  g_autoptr (GPtrArray) chosen = NULL;
  g_autoptr (GPtrArray) pins = NULL;

  if (opts->unused)
    {
      pins = hutch_patterns_load (hutch_installation_get_dir (installation),
                                  HUTCH_PATTERNS_PINNED, error);
      return pins != NULL ? select_unused (installed, pins) : NULL;
    }
  if (opts->all)
    return g_ptr_array_ref (installed);
  chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_deploy_free);
  for (int i = 1; i < argc; i++)
    {
      HutchDeploy *d = repo_select_installed (installed, argv[i], opts->arch, opts->branch, error);
      if (d == NULL)
        return NULL;
      if (is_chosen (chosen, d->ref))
        hutch_deploy_free (d);
      else
        g_ptr_array_add (chosen, d);
    }
  return g_steal_pointer (&chosen);
}

/* The IDs whose data --delete-data deletes: of the apps in @chosen, those
 * whose data nothing else keeps (saying why for the others); with no ID
 * given, every app's that is no longer installed. */
static GPtrArray *
select_data (GPtrArray *chosen, gboolean ids_given)
{
  GPtrArray *ids;

  if (!ids_given)
    return repo_data_list_unowned ();
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < chosen->len; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (chosen, i);
      g_autofree char *reason = NULL;

      if (d->ref->kind != HUTCH_REF_KIND_APP || !repo_data_exists (d->ref->id)
          || g_ptr_array_find_with_equal_func (ids, d->ref->id, g_str_equal, NULL))
        continue;
      reason = repo_data_keep_reason (d->ref->id, chosen);
      if (reason != NULL)
        hutch_repo_say (_("The data of %s stays: %s."), d->ref->id, reason);
      else
        g_ptr_array_add (ids, g_strdup (d->ref->id));
    }
  return ids;
}

/* Lists what will go and asks, if there is more than the IDs given. */
static gboolean
confirm_removal (const UninstallOptions *opts, GPtrArray *chosen, GPtrArray *data, GError **error)
{
  if (!opts->unused && !opts->all && data->len == 0)
    return TRUE;
  if (chosen->len > 0)
    hutch_repo_say ("%s", _("To uninstall:"));
  for (guint i = 0; i < chosen->len; i++)
    {
      g_autofree char *name = hutch_ref_format (((HutchDeploy *) chosen->pdata[i])->ref);
      hutch_repo_say ("  %s", name);
    }
  if (data->len > 0)
    hutch_repo_say ("%s", _("Data to delete, for good:"));
  for (guint i = 0; i < data->len; i++)
    {
      g_autofree char *path = hutch_get_app_data_dir (data->pdata[i], NULL);
      g_autofree char *shown = hutch_escape_for_terminal (path, HUTCH_ESCAPE_FLAGS_NONE);
      hutch_repo_say ("  %s", shown);
    }
  return hutch_repo_confirm (&opts->common, chosen->len > 0 ? _("Uninstall?") : _("Delete?"),
                             error);
}

/* Deletes the data of @ids, checking again that nothing keeps it. */
static gboolean
delete_data (GPtrArray *ids, GError **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      g_autofree char *reason = repo_data_keep_reason (id, NULL);

      if (reason != NULL)
        {
          hutch_repo_say (_("The data of %s stays: %s."), id, reason);
          continue;
        }
      if (!repo_data_delete (id, error))
        return FALSE;
      hutch_repo_say (_("Deleted the data of %s"), id);
    }
  return TRUE;
}

static int
uninstall (UninstallOptions *opts, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (GPtrArray) installed = NULL;
  g_autoptr (GPtrArray) chosen = NULL;
  g_autoptr (GPtrArray) data = NULL;
  guint n_held = 0;

  installation = hutch_repo_open (&opts->common, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL
      || (installed = hutch_installation_list_installed (installation, -1, &error)) == NULL
      || (chosen = select_deploys (installation, installed, opts, argc, argv, &error)) == NULL
      || !check_removable (installed, chosen, opts->force, &error))
    return hutch_repo_fail (error);
  data = opts->delete_data ? select_data (chosen, argc > 1 || opts->all)
                           : g_ptr_array_new_with_free_func (g_free);
  if (chosen->len == 0 && data->len == 0)
    {
      hutch_repo_say ("%s", opts->unused ? _("Nothing unused to uninstall.")
                            : opts->all  ? _("Nothing is installed.")
                                         : _("No data of an app that is not installed."));
      return 0;
    }
  if (!confirm_removal (opts, chosen, data, &error))
    return hutch_repo_fail (error);
  for (guint i = 0; i < chosen->len; i++)
    {
      const HutchDeploy *d = g_ptr_array_index (chosen, i);
      g_autofree char *name = hutch_ref_format (d->ref);
      if (!hutch_installation_deactivate (installation, d->ref, &error))
        return hutch_repo_fail (error);
      hutch_repo_exports_remove (installation, d->ref);
      hutch_repo_say (_("Uninstalled %s"), name);
      /* Uninstalled by name (or --all): its own pin goes too. */
      repo_pin_runtime (installation, d->ref, FALSE);
    }
  if (!hutch_installation_cleanup (installation, &n_held, NULL, NULL, &error))
    return hutch_repo_fail (error);
  if (n_held > 0)
    hutch_repo_say (g_dngettext (GETTEXT_PACKAGE,
                                 "%u version is still running: its files stay until a later app "
                                 "update or app uninstall finds it unused",
                                 "%u versions are still running: their files stay until a later "
                                 "app update or app uninstall finds them unused",
                                 n_held),
                    n_held);
  if (!delete_data (data, &error))
    return hutch_repo_fail (error);
  return 0;
}

int
hutch_repo_uninstall (int argc, char **argv)
{
  UninstallOptions opts = { 0 };
  const GOptionEntry entries[] = {
    { "unused", 0, 0, G_OPTION_ARG_NONE, &opts.unused, N_("Uninstall the runtimes no installed app uses"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &opts.all, N_("Uninstall every app and runtime installed"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &opts.force, N_("Uninstall even a runtime that apps need, or what is running"), NULL },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &opts.branch, N_("Uninstall this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &opts.arch, N_("Uninstall for this architecture"), N_("ARCH") },
    { "delete-data", 0, 0, G_OPTION_ARG_NONE, &opts.delete_data, N_("Also delete the apps' data in ~/.var/app (alone: of every app no longer installed)"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("ID… | --unused | --all | --delete-data — uninstall apps or runtimes"), entries, &opts.common, TRUE);
  int status;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if ((argc > 1 && (opts.unused || opts.all)) || (opts.unused && opts.all)
      || (argc < 2 && !opts.unused && !opts.all && !opts.delete_data))
    return hutch_repo_fail_literal (_("usage: app uninstall [OPTION…] ID…, app uninstall --unused, "
                                      "app uninstall --all or app uninstall --delete-data"));
  status = uninstall (&opts, argc, argv);
  g_free (opts.arch);
  g_free (opts.branch);
  return status;
}
