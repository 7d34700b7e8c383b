/* app kill: stop the running instances of an app (or one instance, by its
 * number): SIGTERM to the monitor, which passes it on; after a grace period,
 * SIGKILL to the sandbox's pid 1, which takes every process of the sandbox
 * with it. */
#include "app-builtins.h"
#include "app-instances.h"

#include "hutch-i18n.h"

#include <signal.h>

static gboolean
still_running (int id)
{
  g_autoptr (GPtrArray) instances = hutch_instances_list ();

  for (guint i = 0; i < instances->len; i++)
    if (((HutchInstance *) g_ptr_array_index (instances, i))->id == id)
      return TRUE;
  return FALSE;
}

int
hutch_app_kill (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("APP|INSTANCE — stop a running app"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) instances = NULL;
  guint found = 0;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("which app? (see app kill --help)"));
      return hutch_app_fail (error);
    }
  instances = hutch_instances_list ();
  for (guint i = 0; i < instances->len; i++)
    {
      const HutchInstance *in = g_ptr_array_index (instances, i);
      if (!hutch_instance_matches (in, argv[1]))
        continue;
      found++;
      kill (in->id, SIGTERM);
      for (guint tick = 0; tick < 50 && still_running (in->id); tick++)
        g_usleep (100 * 1000);
      if (still_running (in->id) && in->child_pid > 0)
        kill (in->child_pid, SIGKILL);
    }
  if (found == 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("“%s” is not running"), argv[1]);
      return hutch_app_fail (error);
    }
  return 0;
}
