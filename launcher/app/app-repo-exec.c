/* remote-add, remote-list, remote-modify, remote-delete, remote-ls,
 * remote-info, install, update, uninstall, repair, make-current, mask and
 * pin:
 * `app` execs hutch-app-repo for them, the program that links libostree,
 * so that `app` itself, and with it `app run` on the launch path, never
 * loads libostree, libsoup, libcurl or gpgme (DESIGN.md, invariant 6).
 *
 * Where hutch-app-repo is: $HUTCH_LIBEXEC_DIR (tests), else beside this
 * program if it is there (the build tree), else LIBEXECDIR/hutch.  The
 * variable widens nothing: it only picks which program of the user's own
 * to run, as PATH does.
 */
#include "app-repo-exec.h"

#include "hutch-command.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HELPER "hutch-app-repo"

static char *
find_helper (void)
{
  const char *env = g_getenv ("HUTCH_LIBEXEC_DIR");
  g_autofree char *self = NULL;

  if (env != NULL && env[0] == '/')
    return g_build_filename (env, HELPER, NULL);
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, HELPER, NULL);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (LIBEXECDIR, "hutch", HELPER, NULL);
}

int
hutch_app_exec_repo (int argc, char **argv)
{
  g_autofree char *helper = find_helper ();
  g_autofree char **args = g_new0 (char *, argc + 2);
  int errsv;

  args[0] = helper;
  memcpy (args + 1, argv, sizeof (char *) * argc);
  fflush (stdout);
  execv (helper, args);
  errsv = errno;
  hutch_i18n_init (); /* main() left it to hutch-app-repo */
  fprintf (stderr, _("app: error: cannot run “%s”: %s\n"), helper, g_strerror (errsv));
  return 1;
}
