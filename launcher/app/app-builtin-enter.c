/* app enter: run a command inside a running app's sandbox (an instance
 * number, or the app's ID if exactly one instance of it runs), with the
 * environment and seccomp program the sandbox started with, and its other
 * restrictions (launch-enter.c). */
#include "app-builtins.h"
#include "app-instances.h"

#include "hutch-i18n.h"
#include "launch-enter.h"

/* The one instance @what names; *@starting is TRUE if it is there but its
 * sandbox has not reported its pid 1 yet. */
static const HutchInstance *
find_instance (GPtrArray *instances, const char *what, gboolean *starting, GError **error)
{
  const HutchInstance *found = NULL;
  guint n = 0;

  for (guint i = 0; i < instances->len; i++)
    {
      const HutchInstance *in = g_ptr_array_index (instances, i);
      if (hutch_instance_matches (in, what))
        {
          found = in;
          n++;
        }
    }
  if (n == 1 && found->child_pid > 0)
    return found;
  *starting = n == 1;
  if (n > 1)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                 _("%s runs more than once: give the instance number (see app ps)"), what);
  else
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("“%s” is not running"), what);
  return NULL;
}

int
hutch_app_enter (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("INSTANCE|APP COMMAND [ARGUMENT…] — run a command in a running app's sandbox"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) instances = NULL;
  const HutchInstance *in;
  g_auto (GStrv) envp = NULL;
  int seccomp_fd = -1;
  int test_flags;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hutch_app_fail (error);
  if (argc < 3)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("usage: app enter INSTANCE|APP COMMAND [ARGUMENT…]"));
      return hutch_app_fail (error);
    }
  /* A sandbox that is starting is listed before hutch-launch reports its
   * pid 1: wait for that a little (two seconds at most). */
  for (guint tries = 0;; tries++)
    {
      gboolean starting = FALSE;

      g_clear_pointer (&instances, g_ptr_array_unref);
      g_clear_error (&error);
      instances = hutch_instances_list ();
      in = find_instance (instances, argv[1], &starting, &error);
      if (in != NULL || !starting || tries == 40)
        break;
      g_usleep (50 * 1000);
    }
  if (in == NULL || !hutch_instance_load_enter (in, &envp, &seccomp_fd, &error))
    return hutch_app_fail (error);
  /* The switches of the tests that show what the protections stop. */
  test_flags = (hutch_app_debug_disabled ("dumpable") ? HUTCH_ENTER_KEEP_DUMPABLE : 0)
               | (g_getenv ("HUTCH_TEST_ENTER_STOP") != NULL ? HUTCH_ENTER_TEST_STOP : 0);
  return hutch_launch_enter (in->child_pid, argv + 2, envp, seccomp_fd, test_flags);
}
