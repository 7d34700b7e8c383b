/* app ps: the running apps (app-instances.c). */
#include "app-builtins.h"
#include "app-instances.h"

#include "hutch-i18n.h"

#include <stdio.h>

int
hutch_app_ps (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("— list running apps"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) instances = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  instances = hutch_instances_list ();
  if (instances->len > 0)
    printf ("%-10s %-10s %-40s %s\n", _("INSTANCE"), _("PID"), _("APP"), _("COMMIT"));
  for (guint i = 0; i < instances->len; i++)
    {
      const HutchInstance *in = g_ptr_array_index (instances, i);
      printf ("%-10d %-10d %-40s %.12s\n", in->id, (int) in->child_pid, in->app_id,
              in->commit != NULL ? in->commit : "");
    }
  return 0;
}
