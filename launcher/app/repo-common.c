/* What the repository commands of `app` share: options, opening the
 * installation, messages, questions, metadata checks.
 *
 * Defends against: untrusted text reaching the terminal unescaped (every
 * message with a part from a remote goes through hutch_escape_for_terminal()),
 * a script installing something nobody agreed to (no terminal and no -y is
 * an error, not a yes), and metadata that is not the metadata of the ref it
 * came with (kind and name must match).
 */
#include "repo-common.h"

#include "hutch-command.h"
#include "hutch-current.h"
#include "hutch-error.h"
#include "hutch-exports.h"
#include "hutch-i18n.h"
#include "hutch-patterns.h"
#include "hutch-paths.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


GOptionContext *
hutch_repo_context_new (const char *parameter_string, const GOptionEntry *entries,
                        RepoOptions *options, gboolean with_questions)
{
  const GOptionEntry common[] = {
    { "user", 0, 0, G_OPTION_ARG_NONE, &options->user, N_("Work on the user's installation (the default)"), NULL },
    { "system", 0, 0, G_OPTION_ARG_NONE, &options->system, N_("Work on the system-wide installation (needs root)"), NULL },
    { NULL },
  };
  const GOptionEntry questions[] = {
    { "assumeyes", 'y', 0, G_OPTION_ARG_NONE, &options->assumeyes, N_("Answer yes to every question"), NULL },
    { "noninteractive", 0, 0, G_OPTION_ARG_NONE, &options->noninteractive, N_("Ask nothing (answer yes) and print plain progress lines, for scripts"), NULL },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (parameter_string);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (with_questions)
    g_option_context_add_main_entries (context, questions, GETTEXT_PACKAGE);
  return context;
}

gboolean
hutch_repo_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  hutch_repo_fail (error);
  return FALSE;
}

static void
say_waiting (gpointer user_data)
{
  g_autofree char *safe = hutch_escape_for_terminal (user_data, HUTCH_ESCAPE_FLAGS_NONE);

  fprintf (stderr, _("app: waiting for another app command to finish with %s…\n"), safe);
}

HutchInstallation *
hutch_repo_open (const RepoOptions *options, HutchInstallationOpenFlags flags, GError **error)
{
  g_autofree char *dir = NULL;

  if (options->user && options->system)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--user and --system exclude each other"));
      return NULL;
    }
  /* HUTCH_SYSTEM_DIR (tests) names a directory of the user's own. */
  if (options->system && geteuid () != 0 && g_getenv ("HUTCH_SYSTEM_DIR") == NULL
      && (flags & HUTCH_INSTALLATION_OPEN_READ_ONLY) == 0)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED,
                           _("only root can change the system-wide installation (try sudo)"));
      return NULL;
    }
  dir = options->system ? hutch_get_system_installation_dir () : hutch_get_user_installation_dir ();
  return hutch_installation_open (dir, options->system, flags, say_waiting, dir, error);
}

int
hutch_repo_fail_literal (const char *message)
{
  return hutch_command_fail ("app", message);
}

int
hutch_repo_fail (const GError *error)
{
  hutch_repo_fail_literal (error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    fprintf (stderr, "%s\n",
             _("app: the disk is full: make room and run the command again; it goes on where it "
               "stopped"));
  return 1;
}

void
hutch_repo_warn (const char *message)
{
  hutch_command_warn ("app", message);
}

void
hutch_repo_warn_all (GPtrArray *warnings)
{
  hutch_command_warn_all ("app", warnings);
}

void
hutch_repo_say (const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  safe = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES
                                               | HUTCH_ESCAPE_FLAGS_KEEP_TABS);
  printf ("%s\n", safe);
}

/* Whether @word, typed as an answer, is @yes, case aside. */
static gboolean
answer_is (const char *word, const char *yes)
{
  g_autofree char *folded_word = g_utf8_casefold (word, -1);
  g_autofree char *folded_yes = g_utf8_casefold (yes, -1);

  return yes[0] != '\0' && strcmp (folded_word, folded_yes) == 0;
}

/* Whether @line, read after the question, says yes: English "y" or "yes",
 * the translation's own words, or what the locale's yesexpr accepts. */
static gboolean
answer_is_yes (const char *line)
{
  g_autofree char *word = g_strstrip (g_strdup (line));

  if (rpmatch (line) == 1)
    return TRUE;
  if (!g_utf8_validate (word, -1, NULL))
    return FALSE;
  return answer_is (word, "y") || answer_is (word, "yes")
         /* TRANSLATORS: the short yes that answers a question ending in "[y/N]": the same
          * letter as the "y" of that "[y/N]".  English "y" and "yes" are always accepted too. */
         || answer_is (word, C_ ("answer", "y"))
         /* TRANSLATORS: the whole word yes that answers a question ending in "[y/N]" */
         || answer_is (word, C_ ("answer", "yes"));
}

gboolean
hutch_repo_confirm (const RepoOptions *options, const char *question, GError **error)
{
  char line[64];

  if (options->assumeyes || options->noninteractive)
    return TRUE;
  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("cannot ask whether to go on: standard input is not a terminal; "
                             "add -y to go on without asking"));
      return FALSE;
    }
  /* TRANSLATORS: a yes-or-no question; %s is the question ("Install?").  Translate the y as
   * the short yes below (context "answer"); N, the default, is any other answer. */
  printf (_("%s [y/N]: "), question);
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) != NULL && answer_is_yes (line))
    return TRUE;
  g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("cancelled: nothing was changed"));
  return FALSE;
}

void
hutch_repo_print_permissions (const HutchMetadata *metadata)
{
  g_autofree char *text = hutch_permissions_to_string (metadata->permissions);
  g_autofree char *safe = NULL;
  g_auto (GStrv) lines = NULL;

  g_strstrip (text);
  if (text[0] == '\0')
    {
      printf ("    %s\n", _("none: only its own files and data"));
      return;
    }
  safe = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES);
  lines = g_strsplit (safe, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      printf ("    %s\n", lines[i]);
}

HutchMetadata *
hutch_repo_parse_metadata (const HutchRef *ref, const char *text, gsize len, GPtrArray *warnings,
                           GError **error)
{
  g_autofree char *name = hutch_ref_format (ref);
  g_autofree char *filename = g_strdup_printf ("%s:metadata", name);
  g_autoptr (HutchMetadata) metadata = NULL;

  metadata = hutch_metadata_parse (text, len, filename, warnings, error);
  if (metadata == NULL)
    return NULL;
  if (metadata->kind != ref->kind)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   ref->kind == HUTCH_REF_KIND_APP
                       ? _("the metadata of %s describes a runtime, not an app")
                       : _("the metadata of %s describes an app, not a runtime"),
                   name);
      return NULL;
    }
  if (strcmp (metadata->name, ref->id) != 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _("the metadata of %s is the metadata of %s"), name, metadata->name);
      return NULL;
    }
  return g_steal_pointer (&metadata);
}

gboolean
hutch_repo_check_deploy (const HutchRef *ref, const char *metadata, gsize len, gpointer user_data,
                         GError **error)
{
  const char *shown = user_data;
  g_autoptr (HutchMetadata) parsed = NULL;

  if (shown != NULL && !hutch_metadata_texts_equal (shown, strlen (shown), metadata, len))
    {
      g_autofree char *name = hutch_ref_format (ref);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _("the metadata of %s in the remote's summary differs from the metadata of "
                     "its commit: refusing it (the remote is broken or lies)"),
                   name);
      return FALSE;
    }
  parsed = hutch_repo_parse_metadata (ref, metadata, len, NULL, error);
  return parsed != NULL;
}

/* Makes @deploy (an app) current and exports it; a failure is a warning. */
static void
make_current (HutchInstallation *installation, const HutchDeploy *deploy)
{
  const char *dir = hutch_installation_get_dir (installation);
  g_autoptr (GError) error = NULL;

  if (!hutch_current_set (dir, deploy->ref, &error) || !hutch_exports_update (dir, deploy, &error))
    hutch_repo_warn (error != NULL ? error->message : _("cannot update the exports"));
}

void
hutch_repo_exports_update (HutchInstallation *installation, const HutchDeploy *deploy,
                           gboolean installed_now)
{
  /* Runtimes export nothing; a branch that is not current, nothing either. */
  if (deploy->ref->kind != HUTCH_REF_KIND_APP
      || (!installed_now
          && !hutch_current_is_or_none (hutch_installation_get_dir (installation), deploy->ref)))
    return;
  make_current (installation, deploy);
}

/* Another installed branch of @ref's app (the first by arch and branch),
 * or NULL. */
static HutchDeploy *
other_branch (HutchInstallation *installation, const HutchRef *ref)
{
  g_autoptr (GPtrArray) deploys
      = hutch_deploy_list (hutch_installation_get_dir (installation), HUTCH_REF_KIND_APP);

  for (guint i = 0; i < deploys->len; i++)
    {
      HutchDeploy *deploy = g_ptr_array_index (deploys, i);
      if (strcmp (deploy->ref->id, ref->id) == 0 && !hutch_ref_equal (deploy->ref, ref))
        return g_ptr_array_steal_index (deploys, i);
    }
  return NULL;
}

void
hutch_repo_exports_remove (HutchInstallation *installation, const HutchRef *ref)
{
  const char *dir = hutch_installation_get_dir (installation);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchDeploy) other = NULL;

  /* The exports are another branch's: they stay. */
  if (ref->kind != HUTCH_REF_KIND_APP || !hutch_current_is_or_none (dir, ref))
    return;
  if (!hutch_exports_remove (dir, ref, &error) || !hutch_current_clear (dir, ref->id, &error))
    {
      hutch_repo_warn (error != NULL ? error->message : _("cannot remove the exports"));
      return;
    }
  other = other_branch (installation, ref);
  if (other != NULL)
    make_current (installation, other);
}

void
repo_set_masked_error (const HutchRef *ref, const char *pattern, GError **error)
{
  g_autofree char *name = hutch_ref_format (ref);

  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("%s is masked (app mask: %s): unmask it with app mask --remove %s first"), name,
               pattern, pattern);
}

gboolean
repo_check_not_masked (HutchInstallation *installation, const HutchRef *ref, GError **error)
{
  g_autoptr (GPtrArray) patterns = hutch_patterns_load (hutch_installation_get_dir (installation),
                                                        HUTCH_PATTERNS_MASKED, error);
  const char *pattern;

  if (patterns == NULL)
    return FALSE;
  pattern = hutch_patterns_match (patterns, ref);
  if (pattern == NULL)
    return TRUE;
  repo_set_masked_error (ref, pattern, error);
  return FALSE;
}
