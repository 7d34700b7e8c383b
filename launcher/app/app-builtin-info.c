/* app info: what is known about an installed app or runtime: its ref,
 * commit, installation, runtime, and with --show-permissions the merged
 * permissions it runs with (metadata, then overrides).
 *
 * Text from the metadata is escaped before it reaches the terminal.
 */
#include "app-builtins.h"

#include "hutch-deploy.h"
#include "hutch-i18n.h"
#include "hutch-metadata.h"
#include "hutch-ref.h"

#include <stdio.h>

static void
print_field (const char *name, const char *value)
{
  g_autofree char *safe = hutch_escape_for_terminal (value, HUTCH_ESCAPE_FLAGS_NONE);

  printf ("%14s: %s\n", name, safe);
}

int
hutch_app_info (int argc, char **argv)
{
  gboolean show_permissions = FALSE;
  char *branch = NULL, *arch = NULL;
  const GOptionEntry entries[] = {
    { "show-permissions", 0, 0, G_OPTION_ARG_NONE, &show_permissions, N_("Show the permissions the app runs with"), NULL },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &branch, N_("Look at this branch"), N_("BRANCH") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &arch, N_("Look at this architecture"), N_("ARCH") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("APP — show information about an installed app or runtime"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (HutchDeploy) deploy = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;
  g_autofree char *ref = NULL;
  const char *const *dirs = hutch_app_installation_dirs ();

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("which app? (see app info --help)"));
      return hutch_app_fail (error);
    }
  deploy = hutch_deploy_find (HUTCH_REF_KIND_APP, argv[1], arch, branch, NULL, NULL);
  if (deploy == NULL)
    deploy = hutch_deploy_find (HUTCH_REF_KIND_RUNTIME, argv[1], arch, branch, NULL, &error);
  if (deploy == NULL || (metadata = hutch_metadata_load (deploy->metadata_path, warnings, &error)) == NULL)
    return hutch_app_fail (error);
  hutch_app_warn_all (warnings);

  ref = hutch_ref_format (deploy->ref);
  print_field (_("Ref"), ref);
  print_field (_("Commit"), deploy->commit);
  print_field (_("Installation"), deploy->system ? _("system") : _("user"));
  print_field (_("Location"), deploy->deploy_dir);
  if (metadata->runtime != NULL)
    print_field (_("Runtime"), metadata->runtime);
  if (metadata->command != NULL)
    print_field (_("Command"), metadata->command);
  if (show_permissions && deploy->ref->kind == HUTCH_REF_KIND_APP)
    {
      g_autoptr (HutchPermissions) perms = NULL;
      g_autofree char *text = NULL;
      g_autofree char *safe = NULL;

      perms = hutch_permissions_for_app (metadata, dirs[1], dirs[0], NULL, warnings, &error);
      if (perms == NULL)
        return hutch_app_fail (error);
      text = hutch_permissions_to_string (perms);
      safe = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES);
      printf ("\n%s", safe);
    }
  g_free (branch);
  g_free (arch);
  return 0;
}
