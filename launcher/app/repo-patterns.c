/* app mask [--remove] [PATTERN…] and app pin [--remove] [PATTERN…]: list,
 * add or remove the patterns of the apps and runtimes that app update
 * leaves as they are and app install will not install (masks), or of the
 * runtimes app uninstall --unused keeps (pins); see hutch-patterns.h.
 */
#include "repo-common.h"

#include "hutch-i18n.h"
#include "hutch-patterns.h"

/* What one of the two commands says (literal formats: -Wformat-nonliteral). */
typedef struct
{
  HutchPatternsKind kind;
  const char *none; /* no pattern */
  const char *usage_remove;
} PatternsCommand;

static const PatternsCommand mask_command = {
  HUTCH_PATTERNS_MASKED,
  N_("Nothing is masked."),
  N_("usage: app mask --remove PATTERN…"),
};

static const PatternsCommand pin_command = {
  HUTCH_PATTERNS_PINNED,
  N_("Nothing is pinned."),
  N_("usage: app pin --remove PATTERN…"),
};

typedef enum
{
  CHANGE_ADDED,
  CHANGE_PRESENT, /* added already */
  CHANGE_REMOVED,
  CHANGE_ABSENT, /* not there to remove */
} Change;

static void
say_change (HutchPatternsKind kind, Change change, const char *pattern)
{
  gboolean pin = kind == HUTCH_PATTERNS_PINNED;

  switch (change)
    {
    case CHANGE_ADDED:
      if (pin)
        hutch_repo_say (_("Pinned %s: app uninstall --unused keeps it"), pattern);
      else
        hutch_repo_say (_("Masked %s: app update leaves it as it is, app install refuses it"),
                        pattern);
      break;
    case CHANGE_PRESENT:
      if (pin)
        hutch_repo_say (_("%s is pinned already"), pattern);
      else
        hutch_repo_say (_("%s is masked already"), pattern);
      break;
    case CHANGE_REMOVED:
      if (pin)
        hutch_repo_say (_("Unpinned %s"), pattern);
      else
        hutch_repo_say (_("Unmasked %s"), pattern);
      break;
    case CHANGE_ABSENT:
      if (pin)
        hutch_repo_say (_("%s was not pinned"), pattern);
      else
        hutch_repo_say (_("%s was not masked"), pattern);
      break;
    }
}

static void
print_patterns (const PatternsCommand *command, GPtrArray *patterns)
{
  if (patterns->len == 0)
    hutch_repo_say ("%s", _(command->none));
  for (guint i = 0; i < patterns->len; i++)
    hutch_repo_say ("%s", (const char *) g_ptr_array_index (patterns, i));
}

/* Adds (or with @remove, removes) @argv's patterns, all valid; says what
 * changed. */
static void
change_patterns (const PatternsCommand *command, GPtrArray *patterns, int argc, char **argv,
                 gboolean remove)
{
  for (int i = 1; i < argc; i++)
    {
      guint index;
      gboolean present;

      present = g_ptr_array_find_with_equal_func (patterns, argv[i], g_str_equal, &index);
      if (remove && present)
        {
          g_ptr_array_remove_index (patterns, index);
          say_change (command->kind, CHANGE_REMOVED, argv[i]);
        }
      else if (remove)
        say_change (command->kind, CHANGE_ABSENT, argv[i]);
      else if (present)
        say_change (command->kind, CHANGE_PRESENT, argv[i]);
      else
        {
          g_ptr_array_add (patterns, g_strdup (argv[i]));
          say_change (command->kind, CHANGE_ADDED, argv[i]);
        }
    }
}

static int
run_patterns_command (const PatternsCommand *command, const char *summary, const char *remove_help,
                      int argc, char **argv)
{
  RepoOptions options = { 0 };
  gboolean remove = FALSE;
  const GOptionEntry entries[] = {
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, remove_help, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (summary, entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (GPtrArray) patterns = NULL;
  const char *dir;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (remove && argc < 2)
    return hutch_repo_fail_literal (_(command->usage_remove));
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL)
    return hutch_repo_fail (error);
  dir = hutch_installation_get_dir (installation);
  patterns = hutch_patterns_load (dir, command->kind, &error);
  if (patterns == NULL)
    return hutch_repo_fail (error);
  if (argc < 2)
    {
      print_patterns (command, patterns);
      return 0;
    }
  for (int i = 1; i < argc; i++)
    if (!hutch_pattern_is_valid (argv[i], &error))
      return hutch_repo_fail (error);
  change_patterns (command, patterns, argc, argv, remove);
  if (!hutch_patterns_save (dir, command->kind, patterns, &error))
    return hutch_repo_fail (error);
  return 0;
}

int
hutch_repo_mask (int argc, char **argv)
{
  return run_patterns_command (&mask_command,
                               _("[PATTERN…] — keep apps and runtimes from updates and installs (without a pattern: list them)"),
                               N_("Unmask the patterns instead"), argc, argv);
}

int
hutch_repo_pin (int argc, char **argv)
{
  return run_patterns_command (&pin_command,
                               _("[PATTERN…] — keep runtimes from app uninstall --unused (without a pattern: list them)"),
                               N_("Unpin the patterns instead"), argc, argv);
}

/* Adds (@pin) or removes @ref's own pin; FALSE on an error. */
static gboolean
change_own_pin (HutchInstallation *installation, const HutchRef *ref, gboolean pin,
                GError **error)
{
  const char *dir = hutch_installation_get_dir (installation);
  g_autoptr (GPtrArray) patterns = hutch_patterns_load (dir, HUTCH_PATTERNS_PINNED, error);
  g_autofree char *pattern = hutch_pattern_for_ref (ref);
  guint index;

  if (patterns == NULL)
    return FALSE;
  if (pin && hutch_patterns_match (patterns, ref) != NULL)
    return TRUE;
  if (!pin && !g_ptr_array_find_with_equal_func (patterns, pattern, g_str_equal, &index))
    return TRUE;
  if (pin)
    g_ptr_array_add (patterns, g_strdup (pattern));
  else
    g_ptr_array_remove_index (patterns, index);
  if (!hutch_patterns_save (dir, HUTCH_PATTERNS_PINNED, patterns, error))
    return FALSE;
  if (pin)
    hutch_repo_say (_("Pinned %s, installed by name: app uninstall --unused keeps it (app pin "
                      "--remove unpins it)"),
                    pattern);
  return TRUE;
}

void
repo_pin_runtime (HutchInstallation *installation, const HutchRef *ref, gboolean pin)
{
  g_autoptr (GError) error = NULL;

  if (ref->kind == HUTCH_REF_KIND_RUNTIME && !change_own_pin (installation, ref, pin, &error))
    hutch_repo_warn (error->message);
}
