/* Unit tests for metadata.c: the [Application] and [Runtime] groups, every
 * error with its FILE:LINE, warnings, the size limit, and reading metadata
 * from a file.
 */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hutch-error.h"
#include "hutch-metadata.h"

static HutchMetadata *
parse (const char *text, GPtrArray *warnings, GError **error)
{
  return hutch_metadata_parse (text, strlen (text), "metadata", warnings, error);
}

static void
test_app (void)
{
  static const char text[] = "[Application]\n"
                             "name=org.gnome.Calculator\n"
                             "runtime=org.gnome.Platform/x86_64/46\n"
                             "sdk=org.gnome.Sdk/x86_64/46\n"
                             "command=gnome-calculator\n"
                             "tags=stable;\n"
                             "required-flatpak=1.12.0\n"
                             "\n"
                             "[Context]\n"
                             "shared=network;ipc;\n"
                             "sockets=x11;wayland;fallback-x11;\n"
                             "devices=dri;\n"
                             "filesystems=xdg-run/dconf;~/.config/dconf:ro;\n"
                             "\n"
                             "[Session Bus Policy]\n"
                             "ca.desrt.dconf=talk\n"
                             "\n"
                             "[Environment]\n"
                             "DCONF_USER_CONFIG_DIR=.config/dconf\n"
                             "\n"
                             "[Extension org.gnome.Calculator.Locale]\n"
                             "directory=share/runtime/locale\n"
                             "autodelete=true\n"
                             "\n"
                             "[Build]\n"
                             "built-extensions=org.gnome.Calculator.Locale;\n";
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) metadata = parse (text, warnings, &error);
  g_autofree char *perms = NULL;
  g_autofree char *directory = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (metadata->kind, ==, HUTCH_REF_KIND_APP);
  g_assert_cmpstr (metadata->name, ==, "org.gnome.Calculator");
  g_assert_cmpstr (metadata->runtime, ==, "org.gnome.Platform/x86_64/46");
  g_assert_cmpstr (metadata->sdk, ==, "org.gnome.Sdk/x86_64/46");
  g_assert_cmpstr (metadata->command, ==, "gnome-calculator");
  g_assert_cmpuint (warnings->len, ==, 0);
  perms = hutch_permissions_to_string (metadata->permissions);
  g_assert_cmpstr (perms, ==,
                   "[Context]\nshared=network;ipc;\nsockets=x11;fallback-x11;wayland;\n"
                   "devices=dri;\nfilesystems=~/.config/dconf:ro;xdg-run/dconf;\n\n"
                   "[Environment]\nDCONF_USER_CONFIG_DIR=.config/dconf\n\n"
                   "[Session Bus Policy]\nca.desrt.dconf=talk\n");
  /* Everything stays in the key file. */
  directory = g_key_file_get_string (metadata->keyfile, "Extension org.gnome.Calculator.Locale",
                                     "directory", NULL);
  g_assert_cmpstr (directory, ==, "share/runtime/locale");
}

static void
test_runtime (void)
{
  static const char with_runtime[] = "[Runtime]\n"
                                     "name=org.freedesktop.Platform\n"
                                     "runtime=org.freedesktop.Platform/x86_64/23.08\n"
                                     "sdk=org.freedesktop.Sdk/x86_64/23.08\n"
                                     "\n"
                                     "[Environment]\n"
                                     "GI_TYPELIB_PATH=/app/lib/girepository-1.0\n";
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) metadata = parse (with_runtime, warnings, &error);
  g_autoptr (HutchMetadata) bare = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (metadata->kind, ==, HUTCH_REF_KIND_RUNTIME);
  g_assert_cmpstr (metadata->name, ==, "org.freedesktop.Platform");
  g_assert_cmpstr (metadata->runtime, ==, "org.freedesktop.Platform/x86_64/23.08");
  g_assert_cmpstr (metadata->sdk, ==, "org.freedesktop.Sdk/x86_64/23.08");
  g_assert_null (metadata->command);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* A runtime needs no runtime key; a command there is unknown. */
  bare = parse ("[Runtime]\nname=org.example.Platform\ncommand=sh\n", warnings, &error);
  g_assert_no_error (error);
  g_assert_null (bare->runtime);
  g_assert_null (bare->sdk);
  g_assert_null (bare->command);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "metadata:3: unknown key “command” in group [Runtime], ignored");
}

#define APP     "[Application]\nname=org.example.App\nruntime=org.example.Platform/x86_64/1\n"
#define APP_CMD APP "command=app\n"

typedef struct
{
  const char *text;
  gsize len; /* 0: strlen (text) */
  int code;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "", 0, HUTCH_ERROR_INVALID_METADATA, "metadata: no [Application] or [Runtime] group" },
  { "# nothing\n[Context]\nsockets=x11;\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata: no [Application] or [Runtime] group" },
  { APP_CMD "\n[Runtime]\nname=org.example.Platform\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:6: [Runtime]: metadata must have [Application] or [Runtime], not both" },
  { "[Application]\nruntime=org.example.Platform/x86_64/1\ncommand=app\n", 0,
    HUTCH_ERROR_INVALID_METADATA, "metadata:1: [Application]: the key “name” is missing" },
  { "[Application]\nname=org.example\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: [Application] name: “org.example” is not a valid application ID: it needs at "
    "least three elements" },
  { "[Application]\nname=org.example.App/x\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: [Application] name: “org.example.App/x” is not a valid application ID: it "
    "contains “/”; only A–Z, a–z, 0–9, “_” and “-” are allowed" },
  { "[Runtime]\nname=org..Platform\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: [Runtime] name: “org..Platform” is not a valid runtime ID: it contains “..”" },
  { "[Application]\nname=org.example.App\ncommand=app\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:1: [Application]: the key “runtime” is missing" },
  { "[Application]\nname=org.example.App\nruntime=org.example.Platform/x86_64\n", 0,
    HUTCH_ERROR_INVALID_METADATA,
    "metadata:3: [Application] runtime: “org.example.Platform/x86_64” is not ID/ARCH/BRANCH" },
  { "[Application]\nname=org.example.App\nruntime=org.example.Platform/x86_64/1/2\n", 0,
    HUTCH_ERROR_INVALID_METADATA,
    "metadata:3: [Application] runtime: “org.example.Platform/x86_64/1/2” is not "
    "ID/ARCH/BRANCH" },
  { "[Application]\nname=org.example.App\nruntime=org.example.Platform/X86/1\n", 0,
    HUTCH_ERROR_INVALID_METADATA,
    "metadata:3: [Application] runtime: “X86” is not a valid architecture: it contains “X”; "
    "only a–z, 0–9 and “_” are allowed" },
  { "[Application]\nname=org.example.App\nruntime=org.example.Platform/x86_64/..\n", 0,
    HUTCH_ERROR_INVALID_METADATA,
    "metadata:3: [Application] runtime: “..” is not a valid branch: it starts with “.”; it must "
    "start with A–Z, a–z, 0–9 or “_”" },
  { APP "sdk=org.example.Sdk\ncommand=app\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:4: [Application] sdk: “org.example.Sdk” is not ID/ARCH/BRANCH" },
  { APP "sdk=sdk/x86_64/1\ncommand=app\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:4: [Application] sdk: “sdk” is not a valid runtime ID: it needs at least three "
    "elements" },
  { APP, 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:1: [Application]: the key “command” is missing" },
  { APP "command=\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:4: [Application] command: the command is empty" },
  { APP "command=app\\targ\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:4: [Application] command: the command contains the control character \\x09" },
  { APP "command=\x1b]0;pwned\x07\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:4: [Application] command: the command contains the control character \\x1b" },
  { APP "command=app\xc2\x9b"
        "31m\n",
    0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:4: [Application] command: the command contains the control character \\u009b" },
  { "[Application]\nname=\\x\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: [Application] name: the value cannot be read: it has an invalid escape "
    "sequence or is not UTF-8" },
  /* The example of the design: a bad value names file, line, group and key. */
  { APP_CMD "\n[Context]\nsockets=x11;x12;\nshared=network;\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:7: [Context] sockets: “x12” is not a socket (x11, fallback-x11, wayland, "
    "pulseaudio, pipewire, session-bus, system-bus, ssh-auth, pcsc, cups, gpg-agent)" },
  { APP_CMD "[Context]\nfilesystems=/\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:6: [Context] filesystems: “/”: “/” cannot be granted; use host" },
  { APP_CMD "[Seccomp]\nrules=deny ptrace;allow nothing\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:6: [Seccomp] rules: “allow nothing”: unknown syscall “nothing”" },
  /* A host file the app may be able to write (its data): it would choose
   * its own next filter.  Overrides, the user's, may name one. */
  { APP_CMD "[Seccomp]\nprofile=/home/u/.var/app/org.example.App/data/p\n", 0,
    HUTCH_ERROR_INVALID_METADATA,
    "metadata:6: [Seccomp] profile: “/home/u/.var/app/org.example.App/data/p”: an app's metadata "
    "can only name a profile (default, strict, devel), not a file" },
  /* Text the key-file parser refuses, with its line. */
  { "[Application]\nname=org.a.B\0x\n", sizeof "[Application]\nname=org.a.B\0x\n" - 1,
    HUTCH_ERROR_INVALID_METADATA, "metadata:2: the file contains a NUL byte" },
  { "[Application]\n\nname=org.\xff.B\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:3: the file is not valid UTF-8" },
  { "[Application]\nname=org.\xc3\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: the file is not valid UTF-8" },
  { "[Application]\n# fine\nthis is not a key\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:3: this line is not a [group], a key=value pair or a comment" },
  { "name=org.a.B\n[Application]\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:1: a key=value pair comes before the first [group]" },
  { "[Application]\n[]\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: this group name is not valid" },
  { "[Application]\n[a\x1b]\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: this group name is not valid" },
  { "[Application]\nname[x=1\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: this key is not valid" },
  { "[Application\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:1: this line is not a [group], a key=value pair or a comment" },
  { "[Application]\n=x\n", 0, HUTCH_ERROR_INVALID_METADATA,
    "metadata:2: this line is not a [group], a key=value pair or a comment" },
};

static void
test_bad (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchMetadata) metadata = NULL;

      g_autofree char *shown = g_strescape (c->text, NULL);

      g_test_message ("%s", shown);
      metadata = hutch_metadata_parse (c->text, c->len != 0 ? c->len : strlen (c->text), "metadata",
                                       warnings, &error);
      g_assert_null (metadata);
      g_assert_error (error, HUTCH_ERROR, c->code);
      g_assert_cmpstr (error->message, ==, c->message);
      g_assert_cmpuint (warnings->len, ==, 0);
    }
}

static void
test_warnings (void)
{
  static const char text[] = APP_CMD        /* 1-4 */
      "branch=stable\n"                     /* 5 */
      "[Instance]\n"                        /* 6 */
      "app-path=/x\n"                       /* 7 */
      "[ExtensionOf]\n"                     /* 8 */
      "ref=app/org.x.Y/x86_64/1\n"          /* 9 */
      "[Extension org.example.App.Debug]\n" /* 10 */
      "directory=lib/debug\n"               /* 11 */
      "[Context]\n"                         /* 12 */
      "shared=network;\n"                   /* 13 */
      "future=1\n";                         /* 14 */
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) metadata = parse (text, warnings, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "metadata:5: unknown key “branch” in group [Application], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 1), ==,
                   "metadata:14: unknown key “future” in group [Context], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 2), ==,
                   "metadata:6: unknown group [Instance], ignored");
  g_clear_pointer (&metadata, hutch_metadata_free);

  /* Warnings may be ignored. */
  metadata = parse (text, NULL, &error);
  g_assert_no_error (error);
}

static void
test_size_limit (void)
{
  g_autoptr (GString) text = g_string_new (APP_CMD "[Environment]\nA=");
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;

  while (text->len < HUTCH_METADATA_MAX_SIZE - 1)
    g_string_append_c (text, 'a');
  g_string_append_c (text, '\n');
  g_assert_cmpuint (text->len, ==, HUTCH_METADATA_MAX_SIZE);
  metadata = hutch_metadata_parse (text->str, text->len, "metadata", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&metadata, hutch_metadata_free);

  g_string_append_c (text, '\n');
  metadata = hutch_metadata_parse (text->str, text->len, "metadata", NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA);
  g_assert_cmpstr (error->message, ==, "metadata: larger than 262144 bytes");
}

/* Data without a NUL at the end is read within its length only. */
static void
test_not_terminated (void)
{
  static const char text[] = APP_CMD "[Context]\nsockets=x11;wayland;";
  gsize len = sizeof text - 1 - strlen ("wayland;");
  g_autoptr (GError) error = NULL;
  g_autofree char *copy = g_malloc (len);
  g_autoptr (HutchMetadata) metadata = NULL;
  g_autofree char *perms = NULL;

  /* Exactly @len bytes: ASan sees a read past them. */
  memcpy (copy, text, len);
  metadata = hutch_metadata_parse (copy, len, "metadata", NULL, &error);

  g_assert_no_error (error);
  perms = hutch_permissions_to_string (metadata->permissions);
  g_assert_cmpstr (perms, ==, "[Context]\nsockets=x11;\n");
}

static void
test_load (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hutch-test-metadata-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "metadata", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *big = g_build_filename (dir, "big", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *large = g_malloc0 (HUTCH_METADATA_MAX_SIZE + 10);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) metadata = NULL;

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (path, APP_CMD "[Context]\nsockets=x12\n", -1, NULL));
  metadata = hutch_metadata_load (path, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA);
  expected = g_strdup_printf ("%s:6: [Context] sockets: “x12” is not a socket (x11, "
                              "fallback-x11, wayland, pulseaudio, pipewire, session-bus, "
                              "system-bus, ssh-auth, pcsc, cups, gpg-agent)",
                              path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, APP_CMD, -1, NULL));
  metadata = hutch_metadata_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->command, ==, "app");
  g_clear_pointer (&metadata, hutch_metadata_free);

  metadata = hutch_metadata_load (missing, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  metadata = hutch_metadata_load (dir, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  /* A FIFO must not block. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  metadata = hutch_metadata_load (fifo, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  memset (large, '#', HUTCH_METADATA_MAX_SIZE + 9);
  g_assert_true (g_file_set_contents (big, large, -1, NULL));
  metadata = hutch_metadata_load (big, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA);
  g_clear_error (&error);

  g_unlink (path);
  g_unlink (fifo);
  g_unlink (big);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metadata/app", test_app);
  g_test_add_func ("/metadata/runtime", test_runtime);
  g_test_add_func ("/metadata/bad", test_bad);
  g_test_add_func ("/metadata/warnings", test_warnings);
  g_test_add_func ("/metadata/size-limit", test_size_limit);
  g_test_add_func ("/metadata/not-terminated", test_not_terminated);
  g_test_add_func ("/metadata/load", test_load);
  return g_test_run ();
}
