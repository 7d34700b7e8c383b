/* Unit tests for overrides.c: override files in a temporary installation,
 * their modes, updates on top of what is stored, resets, broken files, and
 * the permissions an app runs with across all layers.
 */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hutch-error.h"
#include "hutch-metadata.h"
#include "hutch-paths.h"

#define APP_ID "org.example.App"

typedef struct
{
  char *system_dir;
  char *user_dir;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->system_dir = g_dir_make_tmp ("hutch-test-system-XXXXXX", NULL);
  f->user_dir = g_dir_make_tmp ("hutch-test-user-XXXXXX", NULL);
  g_assert_nonnull (f->system_dir);
  g_assert_nonnull (f->user_dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->system_dir);
  remove_tree (f->user_dir);
  g_free (f->system_dir);
  g_free (f->user_dir);
}

static HutchPermissions *
from_options (const char *const *options)
{
  HutchPermissions *perms = hutch_permissions_new ();

  for (gsize i = 0; options[i] != NULL; i += 2)
    {
      g_autoptr (GError) error = NULL;
      hutch_permissions_apply_option (perms, options[i], options[i + 1], &error);
      g_assert_no_error (error);
    }
  return perms;
}

static void
assert_file (const char *path, const char *expected, guint mode)
{
  g_autofree char *contents = NULL;
  struct stat st;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, mode);
}

static void
test_missing_is_empty (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchPermissions) global = hutch_overrides_load (f->user_dir, NULL, NULL, &error);
  g_autoptr (HutchPermissions) app = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = hutch_permissions_to_string (global);
  g_assert_cmpstr (text, ==, "");
  app = hutch_overrides_load (f->user_dir, APP_ID, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (app);
}

static void
test_update (Fixture *f, gconstpointer data)
{
  static const char *const first[] = { "nosocket", "x11", "filesystem", "home", NULL };
  static const char *const second[]
      = { "socket", "wayland", "nofilesystem", "home", "env", "A=1", NULL };
  g_autoptr (HutchPermissions) changes = from_options (first);
  g_autoptr (HutchPermissions) more = from_options (second);
  g_autoptr (HutchPermissions) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = hutch_installation_get_app_overrides_file (f->user_dir, APP_ID, NULL);
  g_autofree char *global = hutch_installation_get_global_overrides_file (f->user_dir);
  g_autofree char *dir = hutch_installation_get_overrides_dir (f->user_dir);
  g_autofree char *text = NULL;
  struct stat st;

  g_assert_true (hutch_overrides_update (f->user_dir, APP_ID, changes, &error));
  g_assert_no_error (error);
  assert_file (path, "[Context]\nsockets=!x11;\nfilesystems=home;\n", 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0700);
  g_assert_false (g_file_test (global, G_FILE_TEST_EXISTS));

  /* On top of what is stored. */
  g_assert_true (hutch_overrides_update (f->user_dir, APP_ID, more, &error));
  g_assert_no_error (error);
  assert_file (path, "[Context]\nsockets=!x11;wayland;\nfilesystems=!home;\n\n[Environment]\nA=1\n",
               0600);

  loaded = hutch_overrides_load (f->user_dir, APP_ID, NULL, &error);
  g_assert_no_error (error);
  text = hutch_permissions_to_string (loaded);
  g_assert_cmpstr (text, ==,
                   "[Context]\nsockets=!x11;wayland;\nfilesystems=!home;\n\n[Environment]\nA=1\n");

  /* The global overrides are a file of their own. */
  g_assert_true (hutch_overrides_update (f->user_dir, NULL, changes, &error));
  g_assert_no_error (error);
  assert_file (global, "[Context]\nsockets=!x11;\nfilesystems=home;\n", 0600);

  /* Nothing left behind but the two files. */
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;
    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }
}

static void
test_reset (Fixture *f, gconstpointer data)
{
  static const char *const options[] = { "socket", "x11", NULL };
  g_autoptr (HutchPermissions) changes = from_options (options);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = hutch_installation_get_app_overrides_file (f->user_dir, APP_ID, NULL);

  /* Nothing to reset is fine. */
  g_assert_true (hutch_overrides_reset (f->user_dir, APP_ID, &error));
  g_assert_no_error (error);
  g_assert_true (hutch_overrides_update (f->user_dir, APP_ID, changes, &error));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (hutch_overrides_reset (f->user_dir, APP_ID, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (hutch_overrides_reset (f->user_dir, NULL, &error));
  g_assert_no_error (error);
}

static void
test_invalid_app_id (Fixture *f, gconstpointer data)
{
  g_autoptr (HutchPermissions) changes = hutch_permissions_new ();
  g_autoptr (GError) error = NULL;

  g_assert_null (hutch_overrides_load (f->user_dir, "../../etc", NULL, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
  g_clear_error (&error);
  g_assert_false (hutch_overrides_update (f->user_dir, "global", changes, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
  g_clear_error (&error);
  g_assert_false (hutch_overrides_reset (f->user_dir, "a.b", &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
}

/* A broken file is an error naming its line, and is never overwritten. */
static void
test_broken (Fixture *f, gconstpointer data)
{
  static const char broken[] = "[Context]\n# edited by hand\nsockets=x11;wayland;x12;\n";
  g_autoptr (HutchPermissions) changes = hutch_permissions_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = hutch_installation_get_overrides_dir (f->user_dir);
  g_autofree char *path = hutch_installation_get_app_overrides_file (f->user_dir, APP_ID, NULL);
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, broken, -1, NULL));
  g_assert_null (hutch_overrides_load (f->user_dir, APP_ID, NULL, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
  expected = g_strdup_printf ("%s:3: [Context] sockets: “x12” is not a socket (x11, "
                              "fallback-x11, wayland, pulseaudio, pipewire, session-bus, "
                              "system-bus, ssh-auth, pcsc, cups, gpg-agent)",
                              path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_false (hutch_overrides_update (f->user_dir, APP_ID, changes, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, broken);

  /* Not a key file at all. */
  g_assert_true (g_file_set_contents (path, "sockets=x11\n", -1, NULL));
  g_assert_null (hutch_overrides_load (f->user_dir, APP_ID, NULL, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s:1: a key=value pair comes before the first [group]", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Not a file. */
  g_unlink (path);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_null (hutch_overrides_load (f->user_dir, APP_ID, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
}

static void
write_overrides (const char *installation, const char *app_id, const char *text)
{
  g_autofree char *dir = hutch_installation_get_overrides_dir (installation);
  g_autofree char *path
      = app_id != NULL ? hutch_installation_get_app_overrides_file (installation, app_id, NULL)
                       : hutch_installation_get_global_overrides_file (installation);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* metadata < system global < system app < user global < user app < flags */
static void
test_for_app (Fixture *f, gconstpointer data)
{
  static const char metadata_text[]
      = "[Application]\nname=" APP_ID "\nruntime=org.example.Platform/x86_64/1\ncommand=app\n"
        "[Context]\nsockets=x11;wayland;\nfilesystems=home;xdg-download;\nshared=network;\n"
        "[Environment]\nLEVEL=metadata\n";
  static const char *const flags_options[] = { "nosocket", "x11", "env", "LEVEL=flags", NULL };
  g_autoptr (HutchPermissions) flags = from_options (flags_options);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;
  g_autoptr (HutchPermissions) perms = NULL;
  g_autoptr (GPtrArray) filesystems = NULL;
  g_autofree char *text = NULL;
  g_autofree char *warning = NULL;

  metadata = hutch_metadata_parse (metadata_text, strlen (metadata_text), "metadata", NULL, &error);
  g_assert_no_error (error);
  write_overrides (f->system_dir, NULL,
                   "[Context]\nsockets=!x11;\nshared=!network;\n[Environment]\nLEVEL=sys-global\n");
  write_overrides (f->system_dir, APP_ID,
                   "[Context]\nsockets=x11;\n[Environment]\nLEVEL=sys-app\n");
  write_overrides (f->user_dir, NULL,
                   "[Context]\nfilesystems=!host;xdg-music:ro;\nextra=1\n"
                   "[Environment]\nLEVEL=user-global\n");
  write_overrides (f->user_dir, APP_ID,
                   "[Context]\nshared=network;\n[Environment]\nLEVEL=user-app\n");
  /* Another app's overrides do not count. */
  write_overrides (f->user_dir, "org.example.Other", "[Context]\nsockets=pulseaudio;\n");

  /* Without flags: x11 as the system's app overrides left it. */
  perms = hutch_permissions_for_app (metadata, f->system_dir, f->user_dir, NULL, warnings, &error);
  g_assert_no_error (error);
  g_assert_true (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));
  g_clear_pointer (&perms, hutch_permissions_free);

  perms = hutch_permissions_for_app (metadata, f->system_dir, f->user_dir, flags, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));
  g_assert_true (hutch_permissions_has_socket (perms, HUTCH_SOCKET_WAYLAND));
  g_assert_false (hutch_permissions_has_socket (perms, HUTCH_SOCKET_PULSEAUDIO));
  g_assert_true (hutch_permissions_has_share (perms, HUTCH_SHARE_NETWORK));
  filesystems = hutch_permissions_get_filesystems (perms);
  g_assert_cmpuint (filesystems->len, ==, 1);
  text = hutch_filesystem_to_string (g_ptr_array_index (filesystems, 0));
  g_assert_cmpstr (text, ==, "xdg-music:ro");
  g_clear_pointer (&text, g_free);
  text = hutch_permissions_to_string (perms);
  g_assert_cmpstr (text, ==,
                   "[Context]\nshared=network;\nsockets=!x11;wayland;\n"
                   "filesystems=!host;xdg-music:ro;\n\n[Environment]\nLEVEL=flags\n");

  /* The warning of the user's global overrides, with its file and line. */
  g_assert_cmpuint (warnings->len, ==, 1);
  warning = g_strdup_printf ("%s/overrides/global:3: unknown key “extra” in group [Context], "
                             "ignored",
                             f->user_dir);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, warning);

  /* The metadata's layer itself is untouched. */
  g_clear_pointer (&text, g_free);
  text = hutch_permissions_to_string (metadata->permissions);
  g_assert_cmpstr (text, ==,
                   "[Context]\nshared=network;\nsockets=x11;wayland;\n"
                   "filesystems=home;xdg-download;\n\n[Environment]\nLEVEL=metadata\n");

  /* Either installation may be left out. */
  g_clear_pointer (&perms, hutch_permissions_free);
  perms = hutch_permissions_for_app (metadata, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));

  /* A broken override file: no permissions at all. */
  g_clear_pointer (&perms, hutch_permissions_free);
  write_overrides (f->system_dir, APP_ID, "[Context]\nsockets=x12\n");
  perms = hutch_permissions_for_app (metadata, f->system_dir, f->user_dir, flags, NULL, &error);
  g_assert_null (perms);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/overrides/missing-is-empty", Fixture, NULL, fixture_setup, test_missing_is_empty,
              fixture_teardown);
  g_test_add ("/overrides/update", Fixture, NULL, fixture_setup, test_update, fixture_teardown);
  g_test_add ("/overrides/reset", Fixture, NULL, fixture_setup, test_reset, fixture_teardown);
  g_test_add ("/overrides/invalid-app-id", Fixture, NULL, fixture_setup, test_invalid_app_id,
              fixture_teardown);
  g_test_add ("/overrides/broken", Fixture, NULL, fixture_setup, test_broken, fixture_teardown);
  g_test_add ("/overrides/for-app", Fixture, NULL, fixture_setup, test_for_app, fixture_teardown);
  return g_test_run ();
}
