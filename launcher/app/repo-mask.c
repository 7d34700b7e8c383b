/* app mask [--remove] [PATTERN…]: list, add or remove the patterns of the
 * apps and runtimes that app update leaves as they are and app install
 * will not install (hutch-mask.h).
 */
#include "repo-common.h"

#include "hutch-i18n.h"
#include "hutch-mask.h"

static void
print_patterns (GPtrArray *patterns)
{
  if (patterns->len == 0)
    hutch_repo_say ("%s", _("Nothing is masked."));
  for (guint i = 0; i < patterns->len; i++)
    hutch_repo_say ("%s", (const char *) g_ptr_array_index (patterns, i));
}

/* Adds (or with @remove, removes) @argv's patterns, all valid; says what
 * changed. */
static void
change_patterns (GPtrArray *patterns, int argc, char **argv, gboolean remove)
{
  for (int i = 1; i < argc; i++)
    {
      guint index;
      gboolean present;

      present = g_ptr_array_find_with_equal_func (patterns, argv[i], g_str_equal, &index);
      if (remove && present)
        {
          g_ptr_array_remove_index (patterns, index);
          hutch_repo_say (_("Unmasked %s"), argv[i]);
        }
      else if (remove)
        hutch_repo_say (_("%s was not masked"), argv[i]);
      else if (present)
        hutch_repo_say (_("%s is masked already"), argv[i]);
      else
        {
          g_ptr_array_add (patterns, g_strdup (argv[i]));
          hutch_repo_say (_("Masked %s: app update leaves it as it is, app install refuses it"),
                          argv[i]);
        }
    }
}

int
hutch_repo_mask (int argc, char **argv)
{
  RepoOptions options = { 0 };
  gboolean remove = FALSE;
  const GOptionEntry entries[] = {
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Unmask the patterns instead"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("[PATTERN…] — keep apps and runtimes from updates and installs (without a pattern: list them)"), entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (GPtrArray) patterns = NULL;
  const char *dir;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (remove && argc < 2)
    return hutch_repo_fail_literal (_("usage: app mask --remove PATTERN…"));
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_NONE, &error);
  if (installation == NULL)
    return hutch_repo_fail (error);
  dir = hutch_installation_get_dir (installation);
  patterns = hutch_mask_load (dir, &error);
  if (patterns == NULL)
    return hutch_repo_fail (error);
  if (argc < 2)
    {
      print_patterns (patterns);
      return 0;
    }
  for (int i = 1; i < argc; i++)
    if (!hutch_mask_pattern_is_valid (argv[i], &error))
      return hutch_repo_fail (error);
  change_patterns (patterns, argc, argv, remove);
  if (!hutch_mask_save (dir, patterns, &error))
    return hutch_repo_fail (error);
  return 0;
}
