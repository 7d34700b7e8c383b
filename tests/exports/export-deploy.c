/* export-deploy INSTALLATION_DIR app/ID/ARCH/BRANCH
 *
 * Exports the active deploy of a ref with hutch_exports_update_full(), for
 * the shell tests: `app` is $HUTCH_APP_BIN (hutch_exports_get_app_bin()).
 * Prints each warning on stderr; exits 1 on an error.
 */
#include <locale.h>
#include <stdio.h>

#include "hutch-deploy.h"
#include "hutch-exports.h"

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchRef) ref = NULL;
  g_autoptr (HutchDeploy) deploy = NULL;

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      fprintf (stderr, "usage: export-deploy INSTALLATION_DIR app/ID/ARCH/BRANCH\n");
      return 2;
    }
  ref = hutch_ref_parse (argv[2], &error);
  if (ref != NULL)
    deploy = hutch_deploy_lookup (argv[1], ref, &error);
  if (deploy != NULL)
    hutch_exports_update_full (argv[1], deploy, NULL, warnings, &error);
  for (guint i = 0; i < warnings->len; i++)
    fprintf (stderr, "export-deploy: warning: %s\n", (const char *)warnings->pdata[i]);
  if (error != NULL)
    {
      fprintf (stderr, "export-deploy: %s\n", error->message);
      return 1;
    }
  return 0;
}
