/* app list: the installed apps and runtimes, from the deploy directories
 * (no libostree).  Names come from directory names and are printed only if
 * they are valid IDs, arches and branches. */
#include "app-builtins.h"

#include "hutch-deploy.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"
#include "hutch-ref.h"

#include <stdio.h>

/* Every directory name under @dir that @valid accepts, sorted. */
static GPtrArray *
list_names (const char *dir, gboolean (*valid) (const char *, GError **))
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (valid (name, NULL))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static void
list_kind (const char *installation, gboolean system, HutchRefKind kind)
{
  g_autofree char *kind_dir = hutch_installation_get_kind_dir (installation, kind);
  g_autoptr (GPtrArray) ids = list_names (kind_dir, hutch_id_is_valid);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *id_dir = g_build_filename (kind_dir, g_ptr_array_index (ids, i), NULL);
      g_autoptr (GPtrArray) arches = list_names (id_dir, hutch_arch_is_valid);

      for (guint a = 0; a < arches->len; a++)
        {
          g_autofree char *arch_dir = g_build_filename (id_dir, g_ptr_array_index (arches, a), NULL);
          g_autoptr (GPtrArray) branches = list_names (arch_dir, hutch_branch_is_valid);

          for (guint b = 0; b < branches->len; b++)
            {
              g_autoptr (HutchRef) ref = hutch_ref_new (kind, g_ptr_array_index (ids, i),
                                                        g_ptr_array_index (arches, a),
                                                        g_ptr_array_index (branches, b), NULL);
              g_autoptr (HutchDeploy) deploy = ref != NULL ? hutch_deploy_lookup (installation, ref, NULL) : NULL;

              if (deploy == NULL)
                continue;
              printf ("%-40s %-12s %-8s %-12.12s %s\n", ref->id, ref->branch, ref->arch,
                      deploy->commit, system ? _("system") : _("user"));
            }
        }
    }
}

int
hutch_app_list (int argc, char **argv)
{
  gboolean apps = FALSE, runtimes = FALSE, user = FALSE, system = FALSE;
  const GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_NONE, &apps, N_("List apps only"), NULL },
    { "runtime", 0, 0, G_OPTION_ARG_NONE, &runtimes, N_("List runtimes only"), NULL },
    { "user", 'u', 0, G_OPTION_ARG_NONE, &user, N_("The user's installation only"), NULL },
    { "system", 0, 0, G_OPTION_ARG_NONE, &system, N_("The system's installation only"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("— list installed apps and runtimes"));
  g_autoptr (GError) error = NULL;
  const char *const *dirs = hutch_app_installation_dirs ();

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  if (!apps && !runtimes)
    apps = runtimes = TRUE;
  if (!user && !system)
    user = system = TRUE;
  for (guint i = 0; i < 2; i++)
    {
      if ((i == 0 && !user) || (i == 1 && !system))
        continue;
      if (apps)
        list_kind (dirs[i], i == 1, HUTCH_REF_KIND_APP);
      if (runtimes)
        list_kind (dirs[i], i == 1, HUTCH_REF_KIND_RUNTIME);
    }
  return 0;
}
