/* Unit tests for hutch-paths.c: where installations, deployments and
 * per-app data live, and that no unvalidated name reaches a path.
 *
 * GLib caches the home and XDG directories the first time they are asked
 * for.  G_TEST_OPTION_ISOLATE_DIRS would replace the caches with temporary
 * directories per test and ignore later changes to the environment, so this
 * test instead sets $HOME and $XDG_DATA_HOME in main(), before anything
 * reads them, and checks the exact paths.  Cases that need another
 * environment run in a subprocess that sets it before first use.
 */
#include <string.h>

#include "hutch-error.h"
#include "hutch-paths.h"

#define TEST_HOME          "/hutch-test/home"
#define TEST_XDG_DATA_HOME "/hutch-test/data"
#define INSTALLATION       "/hutch-test/installation"
#define COMMIT             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* @path lies strictly inside @dir and has no "." or ".." component. */
static void
assert_inside (const char *path, const char *dir)
{
  g_auto(GStrv) components = NULL;
  gsize dir_len = strlen (dir);

  g_assert_nonnull (path);
  g_assert_true (g_path_is_absolute (path));
  g_assert_true (strncmp (path, dir, dir_len) == 0);
  g_assert_cmpint (path[dir_len], ==, '/');
  components = g_strsplit (path + 1, "/", -1);
  for (gsize i = 0; components[i] != NULL; i++)
    {
      g_assert_cmpstr (components[i], !=, "");
      g_assert_cmpstr (components[i], !=, ".");
      g_assert_cmpstr (components[i], !=, "..");
    }
}

static void
test_user_installation (void)
{
  g_autofree char *dir = hutch_get_user_installation_dir ();

  g_assert_cmpstr (dir, ==, TEST_XDG_DATA_HOME "/hutch");
}

static void
test_user_installation_relative_xdg (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = NULL;

      /* The XDG Base Directory specification says to ignore it. */
      g_setenv ("XDG_DATA_HOME", "relative/data", TRUE);
      dir = hutch_get_user_installation_dir ();
      g_assert_cmpstr (dir, ==, TEST_HOME "/.local/share/hutch");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_user_installation_default (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = NULL;

      g_unsetenv ("XDG_DATA_HOME");
      dir = hutch_get_user_installation_dir ();
      g_assert_cmpstr (dir, ==, TEST_HOME "/.local/share/hutch");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

typedef struct
{
  const char *env;   /* NULL: unset */
  const char *expected;
} SystemDirCase;

static void
test_system_installation (void)
{
  static const SystemDirCase cases[] = {
    { NULL, "/var/lib/hutch" },
    { "", "/var/lib/hutch" },
    { "relative/dir", "/var/lib/hutch" },
    { "./dir", "/var/lib/hutch" },
    { "/tmp/hutch-system", "/tmp/hutch-system" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = NULL;

      if (cases[i].env != NULL)
        g_setenv ("HUTCH_SYSTEM_DIR", cases[i].env, TRUE);
      else
        g_unsetenv ("HUTCH_SYSTEM_DIR");
      dir = hutch_get_system_installation_dir ();
      g_assert_cmpstr (dir, ==, cases[i].expected);
    }
  g_unsetenv ("HUTCH_SYSTEM_DIR");
}

typedef struct
{
  const char *id;
  gboolean valid;
} IdCase;

static const IdCase app_id_cases[] = {
  { "org.example.App", TRUE },
  { "com.example.my-app", TRUE },
  { "", FALSE },
  { "global", FALSE },
  { "..", FALSE },
  { "../../etc", FALSE },
  { "org.example", FALSE },
  { "org.example.App/../../x", FALSE },
  { "org.example.App\n", FALSE },
};

static void
test_app_data_dir (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (app_id_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = hutch_get_app_data_dir (app_id_cases[i].id, &error);

      if (app_id_cases[i].valid)
        {
          g_autofree char *expected = g_strconcat (TEST_HOME "/.var/app/",
                                                   app_id_cases[i].id, NULL);
          g_assert_no_error (error);
          g_assert_cmpstr (dir, ==, expected);
          assert_inside (dir, TEST_HOME "/.var/app");
        }
      else
        {
          g_assert_null (dir);
          g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
        }
    }
}

static void
test_installation_dirs (void)
{
  g_autofree char *repo = hutch_installation_get_repo_dir (INSTALLATION);
  g_autofree char *exports = hutch_installation_get_exports_dir (INSTALLATION);
  g_autofree char *overrides = hutch_installation_get_overrides_dir (INSTALLATION);
  g_autofree char *global = hutch_installation_get_global_overrides_file (INSTALLATION);
  g_autofree char *apps = hutch_installation_get_kind_dir (INSTALLATION, HUTCH_REF_KIND_APP);
  g_autofree char *runtimes = hutch_installation_get_kind_dir (INSTALLATION,
                                                               HUTCH_REF_KIND_RUNTIME);
  g_autofree char *trailing = hutch_installation_get_repo_dir (INSTALLATION "/");

  g_assert_cmpstr (repo, ==, INSTALLATION "/repo");
  g_assert_cmpstr (exports, ==, INSTALLATION "/exports");
  g_assert_cmpstr (overrides, ==, INSTALLATION "/overrides");
  g_assert_cmpstr (global, ==, INSTALLATION "/overrides/global");
  g_assert_cmpstr (apps, ==, INSTALLATION "/app");
  g_assert_cmpstr (runtimes, ==, INSTALLATION "/runtime");
  g_assert_cmpstr (trailing, ==, INSTALLATION "/repo");
}

static void
test_app_overrides_file (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (app_id_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *file = hutch_installation_get_app_overrides_file (INSTALLATION,
                                                                         app_id_cases[i].id,
                                                                         &error);

      if (app_id_cases[i].valid)
        {
          g_autofree char *expected = g_strconcat (INSTALLATION "/overrides/",
                                                   app_id_cases[i].id, NULL);
          g_assert_no_error (error);
          g_assert_cmpstr (file, ==, expected);
          assert_inside (file, INSTALLATION "/overrides");
        }
      else
        {
          g_assert_null (file);
          g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
        }
    }
}

typedef struct
{
  const char *ref;
  const char *deploy_dir;
} DeployCase;

static void
test_deploy_paths (void)
{
  static const DeployCase cases[] = {
    { "app/org.example.App/x86_64/stable", INSTALLATION "/app/org.example.App/x86_64/stable" },
    { "runtime/org.example.Platform/aarch64/24.08",
      INSTALLATION "/runtime/org.example.Platform/aarch64/24.08" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HutchRef) ref = hutch_ref_parse (cases[i].ref, &error);
      g_autofree char *deploy = NULL;
      g_autofree char *active = NULL;
      g_autofree char *commit = NULL;
      g_autofree char *branches = NULL;
      g_autofree char *expected_active = g_strconcat (cases[i].deploy_dir, "/active", NULL);
      g_autofree char *expected_commit = g_strconcat (cases[i].deploy_dir, "/", COMMIT, NULL);
      g_autofree char *expected_branches = g_path_get_dirname (cases[i].deploy_dir);

      g_assert_no_error (error);
      deploy = hutch_installation_get_deploy_dir (INSTALLATION, ref);
      active = hutch_installation_get_active_link (INSTALLATION, ref);
      commit = hutch_installation_get_commit_dir (INSTALLATION, ref, COMMIT, &error);
      branches = hutch_installation_get_branches_dir (INSTALLATION, ref);
      g_assert_no_error (error);

      g_assert_cmpstr (deploy, ==, cases[i].deploy_dir);
      g_assert_cmpstr (active, ==, expected_active);
      g_assert_cmpstr (commit, ==, expected_commit);
      g_assert_cmpstr (branches, ==, expected_branches);
      assert_inside (commit, INSTALLATION);
      assert_inside (active, INSTALLATION);
    }
}

static void
test_branches_dir_partial (void)
{
  g_autoptr(HutchRef) ref = hutch_ref_parse_partial ("org.example.App", HUTCH_REF_KIND_APP,
                                                     "x86_64", NULL, NULL);
  g_autofree char *branches = NULL;

  g_assert_nonnull (ref);
  g_assert_null (ref->branch);
  branches = hutch_installation_get_branches_dir (INSTALLATION, ref);
  g_assert_cmpstr (branches, ==, INSTALLATION "/app/org.example.App/x86_64");
}

static void
test_commit_dir_invalid (void)
{
  static const char *const bad_commits[] = {
    "",
    "active",
    ".",
    "..",
    "../../../../etc",
    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
  };
  g_autoptr(HutchRef) ref = hutch_ref_parse ("app/org.example.App/x86_64/stable", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_commits); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = hutch_installation_get_commit_dir (INSTALLATION, ref,
                                                                bad_commits[i], &error);

      g_assert_null (dir);
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_CHECKSUM);
    }
}

/* A ref whose fields were changed after validation is a programming error:
 * the path builders refuse it loudly rather than build a path from it. */
static void
test_tampered_ref (void)
{
  g_autoptr(HutchRef) ref = hutch_ref_parse ("app/org.example.App/x86_64/stable", NULL);
  g_autoptr(HutchRef) partial = hutch_ref_parse_partial ("org.example.App", HUTCH_REF_KIND_APP,
                                                         "x86_64", NULL, NULL);
  g_autoptr(GError) error = NULL;
  char *path;

  g_free (ref->id);
  ref->id = g_strdup ("../../../../etc");

  g_test_expect_message ("Hutch", G_LOG_LEVEL_CRITICAL, "*ref_is_sound*");
  path = hutch_installation_get_deploy_dir (INSTALLATION, ref);
  g_test_assert_expected_messages ();
  g_assert_null (path);

  g_test_expect_message ("Hutch", G_LOG_LEVEL_CRITICAL, "*ref_is_sound*");
  path = hutch_installation_get_active_link (INSTALLATION, ref);
  g_test_assert_expected_messages ();
  g_assert_null (path);

  g_test_expect_message ("Hutch", G_LOG_LEVEL_CRITICAL, "*ref_is_sound*");
  path = hutch_installation_get_commit_dir (INSTALLATION, ref, COMMIT, &error);
  g_test_assert_expected_messages ();
  g_assert_null (path);
  g_assert_no_error (error);

  g_test_expect_message ("Hutch", G_LOG_LEVEL_CRITICAL, "*ref_prefix_is_sound*");
  path = hutch_installation_get_branches_dir (INSTALLATION, ref);
  g_test_assert_expected_messages ();
  g_assert_null (path);

  /* A partial ref has no deploy directory. */
  g_test_expect_message ("Hutch", G_LOG_LEVEL_CRITICAL, "*ref_is_sound*");
  path = hutch_installation_get_deploy_dir (INSTALLATION, partial);
  g_test_assert_expected_messages ();
  g_assert_null (path);
}

static void
test_relative_installation (void)
{
  g_autoptr(HutchRef) ref = hutch_ref_parse ("app/org.example.App/x86_64/stable", NULL);
  char *path;

  g_test_expect_message ("Hutch", G_LOG_LEVEL_CRITICAL, "*installation_dir_is_sound*");
  path = hutch_installation_get_repo_dir ("relative/installation");
  g_test_assert_expected_messages ();
  g_assert_null (path);

  g_test_expect_message ("Hutch", G_LOG_LEVEL_CRITICAL, "*installation_dir_is_sound*");
  path = hutch_installation_get_deploy_dir ("", ref);
  g_test_assert_expected_messages ();
  g_assert_null (path);
}

int
main (int argc, char **argv)
{
  /* Before anything asks GLib for a directory: it caches them. */
  g_setenv ("HOME", TEST_HOME, TRUE);
  g_setenv ("XDG_DATA_HOME", TEST_XDG_DATA_HOME, TRUE);
  g_unsetenv ("HUTCH_SYSTEM_DIR");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paths/user-installation", test_user_installation);
  g_test_add_func ("/paths/user-installation/relative-xdg", test_user_installation_relative_xdg);
  g_test_add_func ("/paths/user-installation/default", test_user_installation_default);
  g_test_add_func ("/paths/system-installation", test_system_installation);
  g_test_add_func ("/paths/app-data-dir", test_app_data_dir);
  g_test_add_func ("/paths/installation-dirs", test_installation_dirs);
  g_test_add_func ("/paths/app-overrides-file", test_app_overrides_file);
  g_test_add_func ("/paths/deploy", test_deploy_paths);
  g_test_add_func ("/paths/branches-dir-partial", test_branches_dir_partial);
  g_test_add_func ("/paths/commit-dir-invalid", test_commit_dir_invalid);
  g_test_add_func ("/paths/tampered-ref", test_tampered_ref);
  g_test_add_func ("/paths/relative-installation", test_relative_installation);

  return g_test_run ();
}
