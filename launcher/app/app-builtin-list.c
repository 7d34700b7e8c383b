/* app list: the installed apps and runtimes, from the deploy directories
 * (no libostree).  Names come from directory names and are printed only if
 * they are valid IDs, arches and branches. */
#include "app-builtins.h"

#include "hutch-deploy.h"
#include "hutch-i18n.h"
#include "hutch-ref.h"

#include <stdio.h>

static void
list_kind (const char *installation, gboolean system, HutchRefKind kind)
{
  g_autoptr (GPtrArray) deploys = hutch_deploy_list (installation, kind);

  for (guint i = 0; i < deploys->len; i++)
    {
      const HutchDeploy *deploy = g_ptr_array_index (deploys, i);
      const HutchRef *ref = deploy->ref;

      printf ("%-40s %-12s %-8s %-12.12s %s\n", ref->id, ref->branch, ref->arch, deploy->commit,
              system ? _ ("system") : _ ("user"));
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
