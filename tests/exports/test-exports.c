/* Unit tests for installation/hutch-exports*.c: the Exec parser and
 * quoter, the rewriting of desktop and D-Bus service files, and the export
 * of a deploy into a temporary installation (what is exported, what is
 * refused, what is removed).  Every exported desktop file goes through
 * desktop-file-validate.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hutch-deploy.h"
#include "hutch-error.h"
#include "hutch-exports.h"

#define APP_BIN  "/opt/hutch/bin/app"
#define RUN      APP_BIN " run --branch=stable --arch=x86_64"
#define COMMIT_1 "1111111111111111111111111111111111111111111111111111111111111111"
#define COMMIT_2 "2222222222222222222222222222222222222222222222222222222222222222"
#define PNG      "\x89PNG\r\n\x1a\n-not-really"
#define SVG      "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"

static char *system_dir;

static HutchRef *
test_ref (void)
{
  return hutch_ref_new (HUTCH_REF_KIND_APP, "org.test.App", "x86_64", "stable", NULL);
}

/* ---- The Exec parser ---- */

typedef struct
{
  const char *exec;
  const char *args[10]; /* { NULL }: an error */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "gedit %U", { "gedit", "%U" } },
  { "env FOO=1 BAR=\"a b\" prog --x %f", { "env", "FOO=1", "BAR=a b", "prog", "--x", "%f" } },
  { "\"/opt/My App/bin/app\" --flag", { "/opt/My App/bin/app", "--flag" } },
  { "/opt/My\\ App/app", { "/opt/My App/app" } },
  { "sh -c \"echo \\\"hi\\\" \\$HOME \\`x\\` \\\\\"", { "sh", "-c", "echo \"hi\" $HOME `x` \\" } },
  { "prog \"a\\nb\"", { "prog", "a\\nb" } },
  { "prog 100%%", { "prog", "100%%" } },
  { "prog \"%%\" '50%%'", { "prog", "%%", "50%%" } },
  { "prog %d %D %n %N %v %m %f", { "prog", "%f" } },
  { "prog --dir=%d", { "prog", "--dir=" } },
  { "prog --name=%c --desktop=%k %i %u", { "prog", "--name=%c", "--desktop=%k", "%i", "%u" } },
  { "prog 'single quoted arg' 'it''s'", { "prog", "single quoted arg", "its" } },
  { "prog \"\"", { "prog", "" } },
  { "  prog   a\tb  ", { "prog", "a", "b" } },
  { "prog $HOME ~ *.txt a;b (x) <y> a|b a&b",
    { "prog", "$HOME", "~", "*.txt", "a;b", "(x)", "<y>", "a|b", "a&b" } },
  { "prog x#y \"#x\"", { "prog", "x#y", "#x" } },
  { "prog --opt=\"a b\"", { "prog", "--opt=a b" } },
  { "prog \"%f\"", { "prog", "%f" } },
  { "prog \xe6\x97\xa5\xe6\x9c\xac", { "prog", "\xe6\x97\xa5\xe6\x9c\xac" } },
  { "", { NULL } },
  { "   ", { NULL } },
  { "prog %x", { NULL } },
  { "prog 50%", { NULL } },
  { "prog %\xc3\xa9", { NULL } },
  { "prog \"unterminated", { NULL } },
  { "prog 'unterminated", { NULL } },
  { "prog \\", { NULL } },
  { "prog --files=%F", { NULL } },
  { "prog %F%U", { NULL } },
  { "prog x%i", { NULL } },
  { "prog \"a %f\"", { NULL } },
  { "prog --x=$%f", { NULL } },
  { "prog #comment", { NULL } },
  { "prog a\nb", { NULL } },
  { "prog \"a\tb\"", { NULL } },
  { "prog a\\\tb", { NULL } },
  { "prog \x01", { NULL } },
  { "prog \x7f", { NULL } },
  { "prog \xc2\x85", { NULL } },
  { "prog \xff", { NULL } },
};

static void
assert_args (char **got, const char *const *expected)
{
  guint n = 0;

  while (expected[n] != NULL)
    n++;
  g_assert_cmpuint (g_strv_length (got), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (got[i], ==, expected[i]);
}

static void
test_exec_parse (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) args = hutch_desktop_exec_parse (c->exec, &error);
      g_autofree char *quoted = NULL;
      g_auto (GStrv) again = NULL;
      g_autofree char *shown = g_strescape (c->exec, NULL);

      g_test_message ("Exec=%s", shown);
      if (c->args[0] == NULL)
        {
          g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
          g_assert_null (args);
          continue;
        }
      g_assert_no_error (error);
      assert_args (args, c->args);
      /* What is quoted parses back to the same arguments. */
      quoted = hutch_desktop_exec_quote ((const char *const *)args);
      again = hutch_desktop_exec_parse (quoted, &error);
      g_assert_no_error (error);
      assert_args (again, (const char *const *)args);
    }
}

typedef struct
{
  const char *args[6];
  const char *quoted;
} QuoteCase;

static const QuoteCase quote_cases[] = {
  { { "prog", "%U" }, "prog %U" },
  { { "a b", "" }, "\"a b\" \"\"" },
  { { "$HOME", "`x`", "\"q\"", "back\\slash" },
    "\"\\$HOME\" \"\\`x\\`\" \"\\\"q\\\"\" \"back\\\\slash\"" },
  { { "it's", "#x", "~", "a;b" }, "\"it's\" \"#x\" \"~\" \"a;b\"" },
  { { "100%%", "%% %%" }, "100%% \"%% %%\"" },
  { { "--opt=a=b", "\xc3\xa9" }, "--opt=a=b \xc3\xa9" },
};

static void
test_exec_quote (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (quote_cases); i++)
    {
      g_autofree char *quoted = hutch_desktop_exec_quote (quote_cases[i].args);
      g_assert_cmpstr (quoted, ==, quote_cases[i].quoted);
    }
}

typedef struct
{
  const char *exec;
  const char *rewritten; /* NULL: an error */
} RewriteCase;

static const RewriteCase rewrite_cases[] = {
  { "gedit %U", RUN " --command=gedit org.test.App %U" },
  { "env FOO=1 prog", RUN " --command=env org.test.App FOO=1 prog" },
  { "\"/opt/My App/bin/app\" --flag",
    RUN " \"--command=/opt/My App/bin/app\" org.test.App --flag" },
  { "/opt/My\\ App/app %f", RUN " \"--command=/opt/My App/app\" org.test.App %f" },
  { "sh -c \"echo \\\"hi\\\" \\$HOME\"",
    RUN " --command=sh org.test.App -c \"echo \\\"hi\\\" \\$HOME\"" },
  { "prog 100%% %d", RUN " --command=prog org.test.App 100%%" },
  { "prog --filesystem=/ -x", RUN " --command=prog org.test.App --filesystem=/ -x" },
  { "--help", RUN " --command=--help org.test.App" },
  { "50%%prog", RUN " --command=50%%prog org.test.App" },
  { "prog 'a b' %i %c", RUN " --command=prog org.test.App \"a b\" %i %c" },
  { "%f", NULL },
  { "%U prog", NULL },
  { "FOO=1 prog", NULL },
  { "\"\" arg", NULL },
  { "%d", NULL },
  /* launchers using systemd would put the host's environment there */
  { "prog $HOME", NULL },
  { "prog \"--x=${SSH_AUTH_SOCK}\"", NULL },
  { "${HOME}/prog", NULL },
  { "prog a$HOME $ $$", RUN " --command=prog org.test.App \"a\\$HOME\" \"\\$\" \"\\$\\$\"" },
};

static void
test_exec_rewrite (void)
{
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, APP_BIN };

  for (guint i = 0; i < G_N_ELEMENTS (rewrite_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *exec = hutch_desktop_exec_rewrite (&target, rewrite_cases[i].exec, &error);

      g_test_message ("Exec=%s", rewrite_cases[i].exec);
      if (rewrite_cases[i].rewritten == NULL)
        {
          g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
          g_assert_null (exec);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (exec, ==, rewrite_cases[i].rewritten);
        }
    }
}

static void
test_exec_rewrite_app_bin (void)
{
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget spaced = { ref, "/opt/my hutch/50%/app" };
  g_autofree char *exec = hutch_desktop_exec_rewrite (&spaced, "prog", NULL);

  g_assert_cmpstr (exec, ==,
                   "\"/opt/my hutch/50%%/app\" run --branch=stable --arch=x86_64 "
                   "--command=prog org.test.App");
}

/* ---- desktop-file-validate ---- */

static void
validate_desktop_file (const char *path)
{
  const char *argv[] = { "desktop-file-validate", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("desktop-file-validate");
  int status;

  if (program == NULL)
    {
      if (g_strcmp0 (g_getenv ("HUTCH_TEST_MUST_WORK"), "1") == 0)
        g_error ("desktop-file-validate is missing (package desktop-file-utils)");
      g_test_message ("desktop-file-validate is missing: %s not validated", path);
      return;
    }
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_autofree char *contents = NULL;
      g_file_get_contents (path, &contents, NULL, NULL);
      g_test_message ("%s:\n%s\ndesktop-file-validate says:\n%s%s", path, contents, out, err);
      g_test_fail ();
    }
}

static void
validate_desktop_text (const char *text)
{
  g_autofree char *dir = g_dir_make_tmp ("hutch-validate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "org.test.App.desktop", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  validate_desktop_file (path);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- Desktop files ---- */

static const char desktop_full[] = "# A comment at the top\n"
                                   "[Desktop Entry]\n"
                                   "# Before Name\n"
                                   "Name=Test App\n"
                                   "Name[de]=Test-App\n"
                                   "Comment=Tests\\sthings\n"
                                   "Exec=env FOO=1 test-app --x %U\n"
                                   "TryExec=test-app\n"
                                   "Path=/app/share\n"
                                   "Icon=org.test.App\n"
                                   "Icon[de]=/usr/share/icons/evil.png\n"
                                   "Type=Application\n"
                                   "Categories=Utility;\n"
                                   "Actions=new-window;missing;\n"
                                   "X-Flatpak=org.other.App\n"
                                   "X-Hutch=org.other.App\n"
                                   "X-GNOME-Bugzilla-ExtraInfoScript=/usr/bin/evil\n"
                                   "X-KDE-SubstituteUID=true\n"
                                   "X-KDE-Username=root\n"
                                   "Exec[de]=evil\n"
                                   "MimeType=text/plain;\n"
                                   "\n"
                                   "[Desktop Action new-window]\n"
                                   "Name=New Window\n"
                                   "Exec=test-app --new-window\n"
                                   "Icon=firefox\n"
                                   "\n"
                                   "[Desktop Action unlisted]\n"
                                   "Name=Unlisted\n"
                                   "Exec=evil\n"
                                   "\n"
                                   "[X-Shortcut Group]\n"
                                   "Exec=evil\n";

static void
test_desktop_rewrite (void)
{
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, APP_BIN };
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) groups = NULL;
  g_auto (GStrv) actions = NULL;
  g_autofree char *value = NULL;

  out = hutch_exports_rewrite_desktop_file (&target, desktop_full, strlen (desktop_full), warnings,
                                            &error);
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "# A comment at the top\n"));
  g_assert_nonnull (strstr (out, "# Before Name\nName=Test App\n"));
  g_assert_true (g_key_file_load_from_data (key_file, out, -1, G_KEY_FILE_KEEP_TRANSLATIONS, NULL));

  groups = g_key_file_get_groups (key_file, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 2);
  g_assert_cmpstr (groups[0], ==, "Desktop Entry");
  g_assert_cmpstr (groups[1], ==, "Desktop Action new-window");

  value = g_key_file_get_string (key_file, "Desktop Entry", "Exec", NULL);
  g_assert_cmpstr (value, ==, RUN " --command=env org.test.App FOO=1 test-app --x %U");
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (key_file, "Desktop Action new-window", "Exec", NULL);
  g_assert_cmpstr (value, ==, RUN " --command=test-app org.test.App --new-window");
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (key_file, "Desktop Entry", "X-Hutch", NULL);
  g_assert_cmpstr (value, ==, "org.test.App");
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (key_file, "Desktop Entry", "Icon", NULL);
  g_assert_cmpstr (value, ==, "org.test.App");
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (key_file, "Desktop Entry", "Name[de]", NULL);
  g_assert_cmpstr (value, ==, "Test-App");
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (key_file, "Desktop Entry", "Comment", NULL);
  g_assert_cmpstr (value, ==, "Tests things");

  actions = g_key_file_get_string_list (key_file, "Desktop Entry", "Actions", NULL, NULL);
  g_assert_cmpuint (g_strv_length (actions), ==, 1);
  g_assert_cmpstr (actions[0], ==, "new-window");

  for (const char *const *key
       = (const char *const[]){ "TryExec", "Path", "Icon[de]", "X-Flatpak",
                                "X-GNOME-Bugzilla-ExtraInfoScript", "Exec[de]",
                                "X-KDE-SubstituteUID", "X-KDE-Username", NULL };
       *key != NULL; key++)
    g_assert_false (g_key_file_has_key (key_file, "Desktop Entry", *key, NULL));
  g_assert_false (g_key_file_has_key (key_file, "Desktop Action new-window", "Icon", NULL));
  g_assert_null (strstr (out, "evil"));
  /* Icon[de], the action's Icon, two groups. */
  g_assert_cmpuint (warnings->len, ==, 4);
  validate_desktop_text (out);
}

static void
test_desktop_dbus_activatable (void)
{
  static const char text[] = "[Desktop Entry]\nType=Application\nName=A\nDBusActivatable=true\n"
                             "Actions=a;b;\n[Desktop Action a]\nName=A\nExec=a --x\n"
                             "[Desktop Action b]\nName=B\n";
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, APP_BIN };
  g_autoptr (GError) error = NULL;
  g_autofree char *out
      = hutch_exports_rewrite_desktop_file (&target, text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  g_assert_null (strstr (out, "\nExec=a"));
  g_assert_nonnull (strstr (out, "\nExec=" RUN " --command=a org.test.App --x\n"));
  g_assert_nonnull (strstr (out, "[Desktop Action b]"));
  g_assert_nonnull (strstr (out, "X-Hutch=org.test.App"));
  /* desktop-file-validate wants an Exec in every action, although the
   * specification makes it optional for D-Bus activated apps. */
  g_free (out);
  out = hutch_exports_rewrite_desktop_file (
      &target, text, strstr (text, "[Desktop Action b]") - text, NULL, &error);
  g_assert_no_error (error);
  validate_desktop_text (out);
}

#define ENTRY "[Desktop Entry]\nType=Application\nName=A\n"

typedef struct
{
  const char *what;
  const char *text;
  gsize size; /* 0: strlen (text) */
} BadCase;

static const BadCase bad_desktop_cases[] = {
  { "duplicate key", ENTRY "Exec=a\nExec=b\n" },
  { "duplicate key, indented", ENTRY "Exec=a\n  Exec =b\n" },
  { "duplicate group", ENTRY "Exec=a\n[Desktop Entry]\nExec=b\n" },
  { "escape character", ENTRY "Exec=a\nComment=\x1b[31mred\n" },
  { "carriage return", ENTRY "Exec=a\r\n" },
  { "C1 control", ENTRY "Exec=a\nComment=\xc2\x9b"
                        "31m\n" },
  { "NUL byte", ENTRY "Exec=a\n\0Name=x\n", sizeof (ENTRY "Exec=a\n\0Name=x\n") - 1 },
  { "invalid UTF-8", ENTRY "Exec=a\nComment=\xff\n" },
  { "Type=Link", "[Desktop Entry]\nType=Link\nName=A\nURL=http://example.com\n" },
  { "no type", "[Desktop Entry]\nName=A\nExec=a\n" },
  { "action group first", "[Desktop Action x]\nExec=a\n" ENTRY "Exec=a\n" },
  { "no Exec", ENTRY },
  { "bad escape in Exec", ENTRY "Exec=sh -c \"echo \\\"x\\\"\"\n" },
  { "two bad escapes in Exec", ENTRY "Exec=a\\q b\\\n" },
  { "two bad escapes in Comment", ENTRY "Exec=a\nComment=a\\q b\\\n" },
  { "trailing backslash in a list", ENTRY "Exec=a\nCategories=a;\\\n" },
  { "field code as program", ENTRY "Exec=%f\n" },
  { "unknown field code", ENTRY "Exec=a %z\n" },
  { "newline escape in Exec", ENTRY "Exec=a\\nb\n" },
  { "not a key file", "garbage\n" },
  { "empty", "" },
};

static void
test_desktop_refused (void)
{
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, APP_BIN };
  g_autofree char *long_line = NULL;
  g_autofree char *huge = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_desktop_cases); i++)
    {
      const BadCase *c = &bad_desktop_cases[i];
      g_autoptr (GError) error = NULL;
      g_autofree char *out = hutch_exports_rewrite_desktop_file (
          &target, c->text, c->size != 0 ? c->size : strlen (c->text), NULL, &error);

      g_test_message ("%s: %s", c->what, error != NULL ? error->message : "accepted");
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
      g_assert_null (out);
    }

  long_line = g_strdup_printf (ENTRY "Exec=a\nComment=%0*d\n", HUTCH_EXPORTS_MAX_LINE, 0);
  g_assert_null (
      hutch_exports_rewrite_desktop_file (&target, long_line, strlen (long_line), NULL, NULL));
  huge = g_malloc0 (HUTCH_EXPORTS_MAX_DESKTOP_SIZE + 1);
  memset (huge, '#', HUTCH_EXPORTS_MAX_DESKTOP_SIZE);
  g_assert_null (hutch_exports_rewrite_desktop_file (&target, huge, strlen (huge), NULL, NULL));
}

/* An Icon with a list's escape sequence goes, with a warning. */
static void
test_desktop_bad_icon (void)
{
  static const char text[] = ENTRY "Exec=a\nIcon=org.test.App\\;x\n";
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, APP_BIN };
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out
      = hutch_exports_rewrite_desktop_file (&target, text, strlen (text), warnings, NULL);

  g_assert_nonnull (out);
  g_assert_null (strstr (out, "Icon"));
  g_assert_cmpuint (warnings->len, ==, 1);
}

/* An action whose command is bad goes; the rest of the file stays. */
static void
test_desktop_bad_action (void)
{
  static const char text[] = ENTRY "Exec=a\nActions=good;bad;\n[Desktop Action good]\nName=G\n"
                                   "Exec=a --good\n[Desktop Action bad]\nName=B\nExec=%f\n";
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, APP_BIN };
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out
      = hutch_exports_rewrite_desktop_file (&target, text, strlen (text), warnings, NULL);

  g_assert_nonnull (out);
  g_assert_nonnull (strstr (out, "Actions=good;\n"));
  g_assert_null (strstr (out, "[Desktop Action bad]"));
  g_assert_cmpuint (warnings->len, ==, 1);
  validate_desktop_text (out);
}

/* ---- D-Bus service files ---- */

static void
test_dbus_service (void)
{
  static const char text[] = "[D-BUS Service]\nName=org.test.App\n"
                             "Exec=/app/bin/test-app --gapplication-service\n"
                             "SystemdService=evil.service\nAssumedAppArmorLabel=unconfined\n";
  static const char quoting[] = "[D-BUS Service]\nName=org.test.App.Helper\n"
                                "Exec=\"/app/bin/my helper\" 'it'\\''s' \"a$x\" '#'\n";
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, "/opt/my hutch/app" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *out = NULL;
  g_autofree char *exec = NULL;
  g_auto (GStrv) argv = NULL;
  const char *expected[] = { "/opt/my hutch/app",
                             "run",
                             "--branch=stable",
                             "--arch=x86_64",
                             "--command=/app/bin/my helper",
                             "org.test.App",
                             "it's",
                             "a$x",
                             "#",
                             NULL };

  out = hutch_exports_rewrite_dbus_service (&target, "org.test.App", text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==,
                   "[D-BUS Service]\nName=org.test.App\n"
                   "Exec='/opt/my hutch/app' run --branch=stable --arch=x86_64 "
                   "--command=/app/bin/test-app org.test.App --gapplication-service\n");
  g_clear_pointer (&out, g_free);

  out = hutch_exports_rewrite_dbus_service (&target, "org.test.App.Helper", quoting,
                                            strlen (quoting), &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_data (key_file, out, -1, G_KEY_FILE_NONE, NULL));
  exec = g_key_file_get_value (key_file, "D-BUS Service", "Exec", NULL);
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, NULL));
  assert_args (argv, expected);
}

static const BadCase bad_service_cases[] = {
  { "other name", "[D-BUS Service]\nName=org.test.App.Other\nExec=a\n" },
  { "no name", "[D-BUS Service]\nExec=a\n" },
  { "no Exec", "[D-BUS Service]\nName=org.test.App\n" },
  { "empty Exec", "[D-BUS Service]\nName=org.test.App\nExec=\n" },
  { "empty program", "[D-BUS Service]\nName=org.test.App\nExec='' x\n" },
  { "bad quoting", "[D-BUS Service]\nName=org.test.App\nExec=a 'b\n" },
  { "duplicate Exec", "[D-BUS Service]\nName=org.test.App\nExec=a\nExec=b\n" },
  { "control character", "[D-BUS Service]\nName=org.test.App\nExec=a \x1b\n" },
  { "wrong group", "[D-BUS Services]\nName=org.test.App\nExec=a\n" },
  /* systemd (dbus-broker's launcher) would put the host's values there */
  { "$NAME argument", "[D-BUS Service]\nName=org.test.App\nExec=a $HOME\n" },
  { "${NAME} in an argument", "[D-BUS Service]\nName=org.test.App\nExec=a --x=${SSH_AUTH_SOCK}\n" },
};

static void
test_dbus_service_refused (void)
{
  g_autoptr (HutchRef) ref = test_ref ();
  HutchExportTarget target = { ref, APP_BIN };

  for (guint i = 0; i < G_N_ELEMENTS (bad_service_cases); i++)
    {
      const BadCase *c = &bad_service_cases[i];
      g_autoptr (GError) error = NULL;
      g_autofree char *out = hutch_exports_rewrite_dbus_service (&target, "org.test.App", c->text,
                                                                 strlen (c->text), &error);

      g_test_message ("%s: %s", c->what, error != NULL ? error->message : "accepted");
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
      g_assert_null (out);
    }
}

/* ---- Exporting deploys ---- */

typedef struct
{
  char *dir;          /* removed afterwards */
  char *installation; /* dir/installation */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("hutch-exports-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->installation = g_build_filename (f->dir, "installation", NULL);
}

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, NULL, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->installation);
}

static void
write_file (const char *path, const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* The deploy COMMIT of app ID, made active; returns its files/ dir. */
static char *
make_deploy (const char *installation, const char *id, const char *commit)
{
  g_autofree char *branch = g_build_filename (installation, "app", id, "x86_64", "stable", NULL);
  g_autofree char *files = g_build_filename (branch, commit, "files", NULL);
  g_autofree char *active = g_build_filename (branch, "active", NULL);

  g_assert_cmpint (g_mkdir_with_parents (files, 0755), ==, 0);
  g_unlink (active);
  g_assert_cmpint (symlink (commit, active), ==, 0);
  return g_steal_pointer (&files);
}

static void
put (const char *files, const char *rel, const char *contents)
{
  g_autofree char *path = g_build_filename (files, "share", rel, NULL);

  write_file (path, contents);
}

static void
put_export (const char *share, const char *rel, const char *contents)
{
  g_autofree char *path = g_build_filename (share, rel, NULL);

  write_file (path, contents);
}

static char *
desktop_text (const char *exec)
{
  return g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test\nExec=%s\n", exec);
}

static char *
service_text (const char *name)
{
  return g_strdup_printf ("[D-BUS Service]\nName=%s\nExec=/app/bin/test-app\n", name);
}

static void
list_files (GString *out, const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = *rel != '\0' ? g_build_filename (rel, names->pdata[i], NULL)
                                            : g_strdup (names->pdata[i]);
      g_autofree char *child_path = g_build_filename (root, child, NULL);
      if (g_file_test (child_path, G_FILE_TEST_IS_DIR)
          && !g_file_test (child_path, G_FILE_TEST_IS_SYMLINK))
        list_files (out, root, child);
      else
        g_string_append_printf (out, "%s\n", child);
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The files under INSTALLATION/exports/share, one per line, sorted; every
 * desktop file validated and every file mode 0644. */
static char *
exported (const Fixture *f)
{
  g_autofree char *share = g_build_filename (f->installation, "exports", "share", NULL);
  g_autoptr (GString) list = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();

  list_files (list, share, "");
  lines = g_strsplit (list->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_autofree char *path = g_build_filename (share, lines[i], NULL);
      struct stat st;

      g_assert_cmpint (lstat (path, &st), ==, 0);
      if (g_str_has_suffix (lines[i], ".desktop") && g_str_has_prefix (lines[i], "applications/"))
        {
          validate_desktop_file (path);
          g_assert_cmpint (st.st_mode & 07777, ==, 0644);
        }
      g_ptr_array_add (sorted, lines[i]);
    }
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv ("\n", (char **)sorted->pdata);
}

static gboolean
update (const Fixture *f, const char *id, GPtrArray *warnings)
{
  g_autoptr (HutchRef) ref = hutch_ref_new (HUTCH_REF_KIND_APP, id, "x86_64", "stable", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchDeploy) deploy = hutch_deploy_lookup (f->installation, ref, &error);
  gboolean ok;

  g_assert_no_error (error);
  ok = hutch_exports_update_full (f->installation, deploy, APP_BIN, warnings, &error);
  g_assert_no_error (error);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *)warnings->pdata[i]);
  return ok;
}

static void
test_update (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *good = desktop_text ("test-app %U");
  g_autofree char *service = service_text ("org.test.App");
  g_autofree char *wrong_name = service_text ("org.test.App.Other");
  g_autofree char *other_service = service_text ("org.other.App");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *main_path = NULL;
  g_autoptr (GKeyFile) key_file = g_key_file_new ();

  put (files, "applications/org.test.App.desktop", good);
  put (files, "applications/org.test.App.Settings.desktop", good);
  put (files, "applications/org.other.App.desktop", good);
  put (files, "applications/org.test.AppX.desktop", good);
  put (files, "applications/org.test.App..desktop", good);
  put (files, "applications/mimeinfo.cache", "[MIME Cache]\n");
  put (files, "applications/org.test.App.Bad.desktop", "[Desktop Entry]\nType=Link\n");
  put (files, "applications/org.test.App.Dir.desktop/x", "");
  put (files, "icons/hicolor/48x48/apps/org.test.App.png", PNG);
  put (files, "icons/hicolor/scalable/apps/org.test.App.svg", SVG);
  put (files, "icons/hicolor/symbolic/apps/org.test.App-symbolic.svg", "\xef\xbb\xbf  " SVG);
  put (files, "icons/hicolor/256x256@2/apps/org.test.App.png", PNG);
  put (files, "icons/hicolor/16x16/apps/org.test.App.svgz", "\x1f\x8b\x08");
  put (files, "icons/hicolor/48x48/apps/org.test.App.jpg", "jpeg");
  put (files, "icons/hicolor/48x48/apps/org.other.App.png", PNG);
  put (files, "icons/hicolor/48x64/apps/org.test.App.png", PNG);
  put (files, "icons/hicolor/048x048/apps/org.test.App.png", PNG);
  put (files, "icons/hicolor/64x64/apps/org.test.App.png", "not a png");
  put (files, "icons/hicolor/64x64/apps/org.test.App.Svg.svg", "not svg");
  put (files, "icons/hicolor/32x32/mimetypes/org.test.App.png", PNG);
  put (files, "icons/other/48x48/apps/org.test.App.png", PNG);
  put (files, "dbus-1/services/org.test.App.service", service);
  put (files, "dbus-1/services/org.test.App.Helper.service", wrong_name);
  put (files, "dbus-1/services/org.other.App.service", other_service);

  g_assert_true (update (f, "org.test.App", warnings));
  list = exported (f);
  g_assert_cmpstr (list, ==,
                   "applications/org.test.App.Settings.desktop\n"
                   "applications/org.test.App.desktop\n"
                   "dbus-1/services/org.test.App.service\n"
                   "icons/hicolor/16x16/apps/org.test.App.svgz\n"
                   "icons/hicolor/256x256@2/apps/org.test.App.png\n"
                   "icons/hicolor/48x48/apps/org.test.App.png\n"
                   "icons/hicolor/scalable/apps/org.test.App.svg\n"
                   "icons/hicolor/symbolic/apps/org.test.App-symbolic.svg");
  /* Desktop files of org.other.App, org.test.AppX and org.test.App., the
   * Link, the directory; org.other.App's icon, two icons whose content
   * lies; the service with another Name, org.other.App's service. */
  g_assert_cmpuint (warnings->len, ==, 10);

  main_path = g_build_filename (f->installation, "exports", "share", "applications",
                                "org.test.App.desktop", NULL);
  g_assert_true (g_key_file_load_from_file (key_file, main_path, G_KEY_FILE_NONE, NULL));
  exec = g_key_file_get_string (key_file, "Desktop Entry", "Exec", NULL);
  g_assert_cmpstr (exec, ==, RUN " --command=test-app org.test.App %U");

  /* Again: nothing changes, nothing is lost. */
  g_assert_true (update (f, "org.test.App", NULL));
  g_clear_pointer (&list, g_free);
  list = exported (f);
  g_assert_nonnull (strstr (list, "icons/hicolor/48x48/apps/org.test.App.png"));
}

static void
test_symlinks (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *outside = g_build_filename (f->dir, "outside", NULL);
  g_autofree char *good = desktop_text ("test-app");
  g_autofree char *service = service_text ("org.test.App");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;

  /* Desktop files: a link to a file outside, and a FIFO (which must not
   * block the exporter). */
  target = g_build_filename (outside, "share", "org.test.App.desktop", NULL);
  write_file (target, good);
  put (files, "applications/org.test.App.Real.desktop", good);
  path = g_build_filename (files, "share", "applications", "org.test.App.desktop", NULL);
  g_assert_cmpint (symlink (target, path), ==, 0);
  g_free (path);
  path = g_build_filename (files, "share", "applications", "org.test.App.Fifo.desktop", NULL);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  g_free (path);

  /* An icon size directory that is a link. */
  put (outside, "48x48/apps/org.test.App.png", PNG);
  g_free (target);
  target = g_build_filename (outside, "share", "48x48", NULL);
  path = g_build_filename (files, "share", "icons", "hicolor", NULL);
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  g_free (path);
  path = g_build_filename (files, "share", "icons", "hicolor", "48x48", NULL);
  g_assert_cmpint (symlink (target, path), ==, 0);
  g_free (path);

  /* dbus-1 is a link. */
  put (outside, "dbus-1/services/org.test.App.service", service);
  g_free (target);
  target = g_build_filename (outside, "share", "dbus-1", NULL);
  path = g_build_filename (files, "share", "dbus-1", NULL);
  g_assert_cmpint (symlink (target, path), ==, 0);

  g_assert_true (update (f, "org.test.App", warnings));
  list = exported (f);
  g_assert_cmpstr (list, ==, "applications/org.test.App.Real.desktop");
  g_assert_cmpuint (warnings->len, ==, 4);
}

/* files/ itself, or share/, a link: nothing is exported. */
static void
test_symlinked_files (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *outside = g_build_filename (f->dir, "outside", NULL);
  g_autofree char *good = desktop_text ("test-app");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  put (outside, "applications/org.test.App.desktop", good);
  g_assert_cmpint (g_rmdir (files), ==, 0);
  g_assert_cmpint (symlink (outside, files), ==, 0);
  g_assert_true (update (f, "org.test.App", warnings));
  list = exported (f);
  g_assert_cmpstr (list, ==, "");
  g_assert_cmpuint (warnings->len, ==, 1);
}

static void
test_limits (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *icon = NULL;
  g_autofree char *good = desktop_text ("test-app");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  put (files, "applications/org.test.App.desktop", good);
  put (files, "icons/hicolor/48x48/apps/org.test.App.png", PNG);
  icon = g_build_filename (files, "share", "icons", "hicolor", "48x48", "apps", "org.test.App.png",
                           NULL);
  g_assert_cmpint (truncate (icon, HUTCH_EXPORTS_MAX_ICON_SIZE + 1), ==, 0);
  g_assert_true (update (f, "org.test.App", warnings));
  list = exported (f);
  g_assert_cmpstr (list, ==, "applications/org.test.App.desktop");
  g_assert_cmpuint (warnings->len, ==, 1);
}

/* Names under the ID of another installed app are that app's. */
static void
test_nested_app (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *tool = g_build_filename (f->installation, "app", "org.test.App.Tool", NULL);
  g_autofree char *system_app = g_build_filename (system_dir, "app", "org.test.App.Sys", NULL);
  g_autofree char *good = desktop_text ("test-app");
  g_autofree char *service = service_text ("org.test.App.Tool");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  g_assert_cmpint (g_mkdir_with_parents (tool, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (system_app, 0755), ==, 0);
  put (files, "applications/org.test.App.desktop", good);
  put (files, "applications/org.test.App.Tool.desktop", good);
  put (files, "applications/org.test.App.Tool.Extra.desktop", good);
  put (files, "applications/org.test.App.Toolbox.desktop", good);
  put (files, "applications/org.test.App.Sys.desktop", good);
  put (files, "icons/hicolor/48x48/apps/org.test.App.Tool.png", PNG);
  put (files, "icons/hicolor/48x48/apps/org.test.App.Tool-symbolic.png", PNG);
  put (files, "dbus-1/services/org.test.App.Tool.service", service);
  g_assert_true (update (f, "org.test.App", warnings));
  g_rmdir (system_app);
  list = exported (f);
  g_assert_cmpstr (list, ==,
                   "applications/org.test.App.Toolbox.desktop\n"
                   "applications/org.test.App.desktop");
  g_assert_cmpuint (warnings->len, ==, 6);
}

/* Names the app exported before another app of that name was installed
 * (in the system's installation, here) go with the app's next export:
 * they would shadow that app's launcher and bus name, and stay when the
 * app is uninstalled.  The other app's own files stay. */
static void
test_taken_later (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *share = g_build_filename (f->installation, "exports", "share", NULL);
  g_autofree char *system_app = g_build_filename (system_dir, "app", "org.test.App.Tool", NULL);
  g_autofree char *good = desktop_text ("test-app");
  g_autofree char *service = service_text ("org.test.App.Tool");
  g_autofree char *list = NULL;

  put (files, "applications/org.test.App.desktop", good);
  put (files, "applications/org.test.App.Tool.desktop", good);
  put (files, "dbus-1/services/org.test.App.Tool.service", service);
  g_assert_true (update (f, "org.test.App", NULL));
  list = exported (f);
  g_assert_cmpstr (list, ==,
                   "applications/org.test.App.Tool.desktop\n"
                   "applications/org.test.App.desktop\n"
                   "dbus-1/services/org.test.App.Tool.service");

  g_assert_cmpint (g_mkdir_with_parents (system_app, 0755), ==, 0);
  put_export (share, "applications/org.test.App.Tool.Own.desktop",
              "[Desktop Entry]\nType=Application\nName=x\nExec=x\nX-Hutch=org.test.App.Tool\n");
  g_assert_true (update (f, "org.test.App", NULL));
  g_rmdir (system_app);
  g_clear_pointer (&list, g_free);
  list = exported (f);
  g_assert_cmpstr (list, ==,
                   "applications/org.test.App.Tool.Own.desktop\n"
                   "applications/org.test.App.desktop");
}

static void
test_stale_and_remove (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *share = g_build_filename (f->installation, "exports", "share", NULL);
  g_autofree char *tool = g_build_filename (f->installation, "app", "org.test.App.Tool", NULL);
  g_autofree char *good = desktop_text ("test-app");
  g_autofree char *newer = desktop_text ("test-app --newer");
  g_autofree char *service = service_text ("org.test.App");
  g_autofree char *list = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (HutchRef) ref = test_ref ();
  g_autoptr (GError) error = NULL;

  put (files, "applications/org.test.App.desktop", good);
  put (files, "applications/org.test.App.Old.desktop", good);
  put (files, "icons/hicolor/48x48/apps/org.test.App.png", PNG);
  put (files, "dbus-1/services/org.test.App.service", service);
  /* Other apps' exports, and a temporary file left by a crash. */
  g_assert_cmpint (g_mkdir_with_parents (tool, 0755), ==, 0);
  put_export (share, "applications/org.other.App.desktop", good);
  put_export (share, "applications/org.test.App.Tool.desktop", good);
  put_export (share, "applications/.org.test.App.desktop.0A1B2C", "x");
  put_export (share, "icons/hicolor/48x48/apps/org.test.AppX.png", PNG);

  g_assert_true (update (f, "org.test.App", NULL));
  list = exported (f);
  g_assert_cmpstr (list, ==,
                   "applications/org.other.App.desktop\n"
                   "applications/org.test.App.Old.desktop\n"
                   "applications/org.test.App.Tool.desktop\n"
                   "applications/org.test.App.desktop\n"
                   "dbus-1/services/org.test.App.service\n"
                   "icons/hicolor/48x48/apps/org.test.App.png\n"
                   "icons/hicolor/48x48/apps/org.test.AppX.png");

  /* A new deploy with less in it. */
  g_free (files);
  files = make_deploy (f->installation, "org.test.App", COMMIT_2);
  put (files, "applications/org.test.App.desktop", newer);
  g_assert_true (update (f, "org.test.App", NULL));
  g_clear_pointer (&list, g_free);
  list = exported (f);
  g_assert_cmpstr (list, ==,
                   "applications/org.other.App.desktop\n"
                   "applications/org.test.App.Tool.desktop\n"
                   "applications/org.test.App.desktop\n"
                   "icons/hicolor/48x48/apps/org.test.AppX.png");
  path = g_build_filename (share, "applications", "org.test.App.desktop", NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "--newer"));

  g_assert_true (hutch_exports_remove (f->installation, ref, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_free);
  list = exported (f);
  g_assert_cmpstr (list, ==,
                   "applications/org.other.App.desktop\n"
                   "applications/org.test.App.Tool.desktop\n"
                   "icons/hicolor/48x48/apps/org.test.AppX.png");
  /* Removing what is not there is fine. */
  g_assert_true (hutch_exports_remove (f->installation, ref, &error));
  g_assert_no_error (error);
}

static void
test_app_bin (Fixture *f, gconstpointer data)
{
  g_autofree char *files = make_deploy (f->installation, "org.test.App", COMMIT_1);
  g_autofree char *good = desktop_text ("test-app");
  g_autofree char *path = g_build_filename (f->installation, "exports", "share", "applications",
                                            "org.test.App.desktop", NULL);
  g_autoptr (HutchRef) ref = test_ref ();
  g_autoptr (HutchDeploy) deploy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *default_bin = NULL;

  put (files, "applications/org.test.App.desktop", good);
  deploy = hutch_deploy_lookup (f->installation, ref, &error);
  g_assert_no_error (error);

  g_setenv ("HUTCH_APP_BIN", "/from/env/app", TRUE);
  g_assert_true (hutch_exports_update (f->installation, deploy, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Exec=/from/env/app run "));
  g_clear_pointer (&contents, g_free);

  g_setenv ("HUTCH_APP_BIN", "relative/app", TRUE);
  default_bin = hutch_exports_get_app_bin ();
  g_assert_cmpstr (default_bin, ==, HUTCH_BINDIR "/app");
  g_unsetenv ("HUTCH_APP_BIN");

  g_assert_false (hutch_exports_update_full (f->installation, deploy, "/bin/a=b", NULL, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Apps "installed system-wide" for the tests live here. */
  system_dir = g_dir_make_tmp ("hutch-exports-system-XXXXXX", NULL);
  g_setenv ("HUTCH_SYSTEM_DIR", system_dir, TRUE);
  g_unsetenv ("HUTCH_APP_BIN");

  g_test_add_func ("/exports/exec/parse", test_exec_parse);
  g_test_add_func ("/exports/exec/quote", test_exec_quote);
  g_test_add_func ("/exports/exec/rewrite", test_exec_rewrite);
  g_test_add_func ("/exports/exec/rewrite-app-bin", test_exec_rewrite_app_bin);
  g_test_add_func ("/exports/desktop/rewrite", test_desktop_rewrite);
  g_test_add_func ("/exports/desktop/dbus-activatable", test_desktop_dbus_activatable);
  g_test_add_func ("/exports/desktop/refused", test_desktop_refused);
  g_test_add_func ("/exports/desktop/bad-action", test_desktop_bad_action);
  g_test_add_func ("/exports/desktop/bad-icon", test_desktop_bad_icon);
  g_test_add_func ("/exports/dbus/rewrite", test_dbus_service);
  g_test_add_func ("/exports/dbus/refused", test_dbus_service_refused);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/exports/update", test_update);
  ADD ("/exports/symlinks", test_symlinks);
  ADD ("/exports/symlinked-files", test_symlinked_files);
  ADD ("/exports/limits", test_limits);
  ADD ("/exports/nested-app", test_nested_app);
  ADD ("/exports/taken-later", test_taken_later);
  ADD ("/exports/stale-and-remove", test_stale_and_remove);
  ADD ("/exports/app-bin", test_app_bin);

  status = g_test_run ();
  remove_tree (system_dir);
  g_free (system_dir);
  return status;
}
