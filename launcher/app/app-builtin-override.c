/* app override: change, show or reset the permissions of an app, or of
 * all apps (no ID), in the user's installation (default) or the system's.
 *
 * Overrides live in the installation's overrides/ directory, which every
 * sandbox has hidden (profiles/plan/plan-filesystems.c): an app cannot
 * change its own permissions.
 */
#include "app-builtins.h"

#include "hutch-i18n.h"
#include "hutch-metadata.h"
#include "hutch-paths.h"
#include "hutch-ref.h"

#include <stdio.h>

int
hutch_app_override (int argc, char **argv)
{
  g_autoptr (HutchPermissions) changes = hutch_permissions_new ();
  gboolean user = FALSE, system = FALSE, show = FALSE, reset = FALSE;
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_NONE, &user, N_("Change the user's overrides (the default)"), NULL },
    { "system", 0, 0, G_OPTION_ARG_NONE, &system, N_("Change the system's overrides"), NULL },
    { "show", 0, 0, G_OPTION_ARG_NONE, &show, N_("Show the overrides"), NULL },
    { "reset", 0, 0, G_OPTION_ARG_NONE, &reset, N_("Remove the overrides"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("[APP] — change the permissions of an app, or of all apps"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  const char *app_id;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, hutch_app_permission_options (changes));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  if (argc > 2 || (user && system) || (show && reset))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("usage: app override [--user|--system] [--show|--reset] [APP] [PERMISSION…]"));
      return hutch_app_fail (error);
    }
  app_id = argc == 2 ? argv[1] : NULL;
  if (app_id != NULL && !hutch_id_is_valid (app_id, &error))
    return hutch_app_fail (error);
  dir = system ? hutch_get_system_installation_dir () : hutch_get_user_installation_dir ();

  if (show)
    {
      g_autoptr (HutchPermissions) stored = hutch_overrides_load (dir, app_id, warnings, &error);
      g_autofree char *text = NULL;
      if (stored == NULL)
        return hutch_app_fail (error);
      hutch_app_warn_all (warnings);
      text = hutch_permissions_to_string (stored);
      fputs (text, stdout);
      return 0;
    }
  if (reset)
    return hutch_overrides_reset (dir, app_id, &error) ? 0 : hutch_app_fail (error);
  if (!hutch_overrides_update (dir, app_id, changes, &error))
    return hutch_app_fail (error);
  return 0;
}
