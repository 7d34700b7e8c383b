/* Unit tests for permissions.c: layers, how they stack (metadata < global
 * overrides < app overrides < run flags), the accessors and the names.
 *
 * Layers are written as key-file text and compared as the text
 * hutch_permissions_to_string() gives, which holds everything a layer
 * decides.
 */
#include <string.h>

#include "hutch-metadata.h"
#include "hutch-permissions.h"

static HutchPermissions *
layer_from_text (const char *text)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  HutchPermissions *perms = hutch_permissions_new ();

  if (text == NULL)
    return perms;
  g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  hutch_permissions_load_keyfile (perms, keyfile, text, "layer", warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  return perms;
}

static void
assert_text (const HutchPermissions *perms, const char *expected)
{
  g_autofree char *text = hutch_permissions_to_string (perms);

  g_assert_cmpstr (text, ==, expected);
}

typedef struct
{
  const char *name;
  const char *layers[4]; /* metadata, global overrides, app overrides, run flags */
  const char *merged;    /* the stack as one layer */
} MergeCase;

static const MergeCase merge_cases[] = {
  { "empty", { NULL, NULL, NULL, NULL }, "" },
  { "metadata alone",
    { "[Context]\nsockets=x11;wayland;\n", NULL, NULL, NULL },
    "[Context]\nsockets=x11;wayland;\n" },
  { "x11: granted, revoked, granted again, revoked",
    { "[Context]\nsockets=x11;\n", "[Context]\nsockets=!x11;\n", "[Context]\nsockets=x11;\n",
      "[Context]\nsockets=!x11;\n" },
    "[Context]\nsockets=!x11;\n" },
  { "x11: revoked by the global overrides, granted by the app's",
    { "[Context]\nsockets=x11;\n", "[Context]\nsockets=!x11;\n", "[Context]\nsockets=x11;\n",
      NULL },
    "[Context]\nsockets=x11;\n" },
  { "a layer that says nothing leaves the rest",
    { "[Context]\nsockets=x11;wayland;pulseaudio;\nshared=network;\n",
      "[Context]\nsockets=!pulseaudio;\n", "[Context]\ndevices=dri;\n",
      "[Context]\nshared=ipc;\n" },
    "[Context]\nshared=network;ipc;\nsockets=x11;wayland;!pulseaudio;\ndevices=dri;\n" },
  { "later item of one list wins",
    { "[Context]\nsockets=x11;!x11;wayland;!wayland;wayland;\n", NULL, NULL, NULL },
    "[Context]\nsockets=!x11;wayland;\n" },
  { "features and devices",
    { "[Context]\nfeatures=devel;multiarch;\ndevices=all;\n",
      "[Context]\nfeatures=!devel;bluetooth;\n", NULL, "[Context]\ndevices=!all;kvm;\n" },
    "[Context]\ndevices=kvm;!all;\nfeatures=!devel;multiarch;bluetooth;\n" },
  { "filesystems: an entry replaces the same entry",
    { "[Context]\nfilesystems=home:ro;xdg-download;\n", NULL, "[Context]\nfilesystems=home;\n",
      NULL },
    "[Context]\nfilesystems=home;xdg-download;\n" },
  { "filesystems: ! takes one entry away, not those below it",
    { "[Context]\nfilesystems=home;~/src;xdg-download:ro;\n", "[Context]\nfilesystems=!home;\n",
      NULL, NULL },
    "[Context]\nfilesystems=!home;~/src;xdg-download:ro;\n" },
  { "filesystems: granted again after !",
    { "[Context]\nfilesystems=home;\n", "[Context]\nfilesystems=!home;\n", NULL,
      "[Context]\nfilesystems=home:ro;\n" },
    "[Context]\nfilesystems=home:ro;\n" },
  { "filesystems: !host takes everything away",
    { "[Context]\nfilesystems=host;home;/srv;xdg-run/x;\n", NULL, "[Context]\nfilesystems=!host;\n",
      NULL },
    "[Context]\nfilesystems=!host;\n" },
  { "filesystems: !host, then the layer's own entries",
    { "[Context]\nfilesystems=host;home;\n", "[Context]\nfilesystems=!host;xdg-music:ro;\n",
      "[Context]\nfilesystems=/srv;\n", NULL },
    "[Context]\nfilesystems=!host;/srv;xdg-music:ro;\n" },
  { "filesystems: !host in a list drops the entries before it",
    { "[Context]\nfilesystems=home;!host;xdg-videos;\n", NULL, NULL, NULL },
    "[Context]\nfilesystems=!host;xdg-videos;\n" },
  { "filesystems: host after !host",
    { "[Context]\nfilesystems=home;\n", "[Context]\nfilesystems=!host;\n",
      "[Context]\nfilesystems=host:ro;\n", NULL },
    "[Context]\nfilesystems=!host;host:ro;\n" },
  { "persistent",
    { "[Context]\npersistent=.mozilla;.thunderbird;\n", "[Context]\npersistent=!.mozilla;\n", NULL,
      "[Context]\npersistent=.cache/x;\n" },
    "[Context]\npersistent=.cache/x;!.mozilla;.thunderbird;\n" },
  { "environment: set, unset, set again",
    { "[Environment]\nFOO=1\nBAR=x\n", "[Context]\nunset-environment=FOO;\n", NULL,
      "[Environment]\nFOO=2\n" },
    "[Environment]\nBAR=x\nFOO=2\n" },
  { "environment: unset wins",
    { "[Environment]\nFOO=1\nBAR=\n", NULL, "[Context]\nunset-environment=FOO;BAR;\n", NULL },
    "[Context]\nunset-environment=BAR;FOO;\n" },
  { "bus policies",
    { "[Session Bus Policy]\norg.a.B=talk\norg.c.D=own\n[System Bus Policy]\norg.e.F=talk\n",
      "[Session Bus Policy]\norg.a.B=none\n", "[Session Bus Policy]\norg.c.D=see\n",
      "[System Bus Policy]\norg.e.F=none\norg.g.*=talk\n" },
    "[Session Bus Policy]\norg.a.B=none\norg.c.D=see\n\n"
    "[System Bus Policy]\norg.e.F=none\norg.g.*=talk\n" },
  { "seccomp: the latest profile, rules in order",
    { "[Seccomp]\nprofile=strict\nrules=deny ptrace;allow io_uring_setup;\n",
      "[Seccomp]\nrules=allow ptrace;\n", "[Seccomp]\nprofile=devel\n",
      "[Seccomp]\nrules=deny ptrace;\n" },
    "[Seccomp]\nprofile=devel\nrules=allow io_uring_setup;allow ptrace;deny ptrace;\n" },
  { "resources: per field",
    { "[Resources]\nmemory-max=512M\ncpu-weight=50\n", "[Resources]\npids-max=100\n",
      "[Resources]\nmemory-max=max\n", "[Resources]\nnofile=4096\ncpu-weight=200\n" },
    "[Resources]\nmemory-max=max\npids-max=100\ncpu-weight=200\nnofile=4096\n" },
};

static void
test_merge (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      const MergeCase *c = &merge_cases[i];
      g_autoptr (HutchPermissions) merged = hutch_permissions_new ();
      g_autoptr (HutchPermissions) right = hutch_permissions_new ();

      g_test_message ("%s", c->name);
      for (guint j = 0; j < 4; j++)
        {
          g_autoptr (HutchPermissions) layer = layer_from_text (c->layers[j]);
          hutch_permissions_merge (merged, layer);
        }
      assert_text (merged, c->merged);

      /* Associativity: metadata + (global + (app + flags)) is the same. */
      for (guint j = 4; j > 0; j--)
        {
          g_autoptr (HutchPermissions) layer = layer_from_text (c->layers[j - 1]);
          hutch_permissions_merge (layer, right);
          hutch_permissions_free (right);
          right = g_steal_pointer (&layer);
        }
      assert_text (right, c->merged);
    }
}

/* What the plan sees of a merged stack. */
static void
test_accessors_sockets (void)
{
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (HutchPermissions) metadata
      = layer_from_text ("[Context]\nsockets=x11;wayland;\nshared=network;\n"
                         "devices=dri;\nfeatures=devel;\n");
  g_autoptr (HutchPermissions) global = layer_from_text ("[Context]\nsockets=!x11;\n");
  g_autoptr (HutchPermissions) app = layer_from_text ("[Context]\nsockets=x11;\n");
  g_autoptr (HutchPermissions) flags = layer_from_text ("[Context]\nsockets=!x11;\n");

  hutch_permissions_merge (perms, metadata);
  g_assert_true (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));
  hutch_permissions_merge (perms, global);
  g_assert_false (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));
  hutch_permissions_merge (perms, app);
  g_assert_true (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));
  hutch_permissions_merge (perms, flags);
  g_assert_false (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));
  g_assert_true (hutch_permissions_has_socket (perms, HUTCH_SOCKET_WAYLAND));
  g_assert_false (hutch_permissions_has_socket (perms, HUTCH_SOCKET_PULSEAUDIO));
  g_assert_true (hutch_permissions_has_share (perms, HUTCH_SHARE_NETWORK));
  g_assert_false (hutch_permissions_has_share (perms, HUTCH_SHARE_IPC));
  g_assert_true (hutch_permissions_has_device (perms, HUTCH_DEVICE_DRI));
  g_assert_false (hutch_permissions_has_device (perms, HUTCH_DEVICE_ALL));
  g_assert_true (hutch_permissions_has_feature (perms, HUTCH_FEATURE_DEVEL));
  g_assert_false (hutch_permissions_has_feature (perms, HUTCH_FEATURE_MULTIARCH));
}

static void
test_accessors_lists (void)
{
  g_autoptr (HutchPermissions) perms = layer_from_text (
      "[Context]\nfilesystems=xdg-run/b;!xdg-music;/srv;~/b;~/a:ro;home;xdg-download:create;\n"
      "persistent=.z;!.y;.a/b;\n"
      "unset-environment=ZED;\n"
      "[Environment]\nB=2\nA=1 2\nEMPTY=\n"
      "[Session Bus Policy]\norg.a.B=talk\norg.a.C=none\norg.a.D.*=own\n"
      "[System Bus Policy]\norg.x.Y=see\n"
      "[Seccomp]\nrules=deny ptrace;allow bpf;\n");
  g_autoptr (GPtrArray) filesystems = hutch_permissions_get_filesystems (perms);
  g_autoptr (GPtrArray) persistent = hutch_permissions_get_persistent (perms);
  g_autoptr (GPtrArray) set = NULL;
  g_autoptr (GPtrArray) unset = NULL;
  g_autoptr (GHashTable) session = hutch_permissions_get_bus_policy (perms, FALSE);
  g_autoptr (GHashTable) system = hutch_permissions_get_bus_policy (perms, TRUE);
  const char *const *rules = hutch_permissions_get_seccomp_rules (perms);
  static const char *const expected_fs[]
      = { "home", "~/a:ro", "~/b", "/srv", "xdg-download:create", "xdg-run/b" };
  HutchResources resources = hutch_permissions_get_resources (perms);

  /* By base (in the order of HutchFsBase), then subpath; no RESET. */
  g_assert_cmpuint (filesystems->len, ==, G_N_ELEMENTS (expected_fs));
  for (guint i = 0; i < filesystems->len; i++)
    {
      g_autofree char *text = hutch_filesystem_to_string (g_ptr_array_index (filesystems, i));
      g_assert_cmpstr (text, ==, expected_fs[i]);
    }

  g_assert_cmpuint (persistent->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (persistent, 0), ==, ".a/b");
  g_assert_cmpstr (g_ptr_array_index (persistent, 1), ==, ".z");

  hutch_permissions_get_environment (perms, &set, &unset);
  g_assert_cmpuint (set->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (set, 0), ==, "A=1 2");
  g_assert_cmpstr (g_ptr_array_index (set, 1), ==, "B=2");
  g_assert_cmpstr (g_ptr_array_index (set, 2), ==, "EMPTY=");
  g_assert_cmpuint (unset->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (unset, 0), ==, "ZED");
  /* Either may be left out. */
  hutch_permissions_get_environment (perms, NULL, NULL);

  g_assert_cmpuint (g_hash_table_size (session), ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (session, "org.a.B")), ==,
                   HUTCH_BUS_POLICY_TALK);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (session, "org.a.D.*")), ==,
                   HUTCH_BUS_POLICY_OWN);
  g_assert_false (g_hash_table_contains (session, "org.a.C"));
  g_assert_cmpuint (g_hash_table_size (system), ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (system, "org.x.Y")), ==,
                   HUTCH_BUS_POLICY_SEE);

  g_assert_null (hutch_permissions_get_seccomp_profile (perms));
  g_assert_cmpstr (rules[0], ==, "deny ptrace");
  g_assert_cmpstr (rules[1], ==, "allow bpf");
  g_assert_null (rules[2]);

  g_assert_cmpint (resources.memory_max, ==, -1);
  g_assert_cmpint (resources.pids_max, ==, -1);
  g_assert_cmpint (resources.cpu_weight, ==, -1);
  g_assert_cmpint (resources.nofile, ==, -1);
}

static void
test_new_is_empty (void)
{
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (GPtrArray) filesystems = hutch_permissions_get_filesystems (perms);
  const char *const *rules = hutch_permissions_get_seccomp_rules (perms);

  assert_text (perms, "");
  g_assert_cmpuint (filesystems->len, ==, 0);
  g_assert_nonnull (rules);
  g_assert_null (rules[0]);
  g_assert_false (hutch_permissions_has_socket (perms, HUTCH_SOCKET_X11));
}

static void
test_copy (void)
{
  static const char text[]
      = "[Context]\nshared=network;\nsockets=!x11;wayland;\nfilesystems=!host;home:ro;\n"
        "persistent=.a;!.b;\nunset-environment=U;\n\n[Environment]\nA=1\n\n"
        "[Session Bus Policy]\norg.a.B=talk\n\n[Seccomp]\nprofile=strict\nrules=deny bpf;\n\n"
        "[Resources]\nmemory-max=2G\n";
  g_autoptr (HutchPermissions) perms = layer_from_text (text);
  g_autoptr (HutchPermissions) copy = hutch_permissions_copy (perms);
  g_autoptr (HutchPermissions) change = layer_from_text ("[Context]\nsockets=x11;\n");

  assert_text (perms, text);
  assert_text (copy, text);
  /* Independent of each other. */
  hutch_permissions_merge (copy, change);
  assert_text (perms, text);
  g_assert_true (hutch_permissions_has_socket (copy, HUTCH_SOCKET_X11));
}

/* --sandbox: every grant goes, and what could loosen the filter; the
 * environment, the limits, multiarch and narrowing seccomp choices stay. */
static void
test_make_sandboxed (void)
{
  g_autoptr (HutchPermissions) perms = layer_from_text (
      "[Context]\nshared=network;ipc;\nsockets=x11;wayland;session-bus;\ndevices=dri;all;\n"
      "features=devel;multiarch;bluetooth;\nfilesystems=home;/srv:ro;xdg-download;\n"
      "persistent=.mozilla;\n\n[Environment]\nA=1\n\n[Session Bus Policy]\norg.a.B=own\n\n"
      "[System Bus Policy]\norg.c.D=talk\n\n[Seccomp]\nprofile=devel\n"
      "rules=allow io_uring_setup;deny kcmp;\n\n[Resources]\nmemory-max=2G\n");
  g_autoptr (HutchPermissions) strict = layer_from_text ("[Seccomp]\nprofile=strict\n");
  g_autoptr (GPtrArray) filesystems = NULL;

  hutch_permissions_make_sandboxed (perms);
  filesystems = hutch_permissions_get_filesystems (perms);
  g_assert_cmpuint (filesystems->len, ==, 0);
  g_assert_false (hutch_permissions_has_share (perms, HUTCH_SHARE_NETWORK));
  g_assert_false (hutch_permissions_has_socket (perms, HUTCH_SOCKET_SESSION_BUS));
  g_assert_false (hutch_permissions_has_device (perms, HUTCH_DEVICE_ALL));
  g_assert_false (hutch_permissions_has_feature (perms, HUTCH_FEATURE_DEVEL));
  g_assert_true (hutch_permissions_has_feature (perms, HUTCH_FEATURE_MULTIARCH));
  assert_text (perms,
               "[Context]\nshared=!network;!ipc;\nsockets=!x11;!wayland;!session-bus;\n"
               "devices=!dri;!all;\nfeatures=!devel;multiarch;!bluetooth;\n\n"
               "[Environment]\nA=1\n\n[Seccomp]\nrules=deny kcmp;\n\n"
               "[Resources]\nmemory-max=2G\n");
  /* The strict profile narrows the default one: it stays. */
  hutch_permissions_make_sandboxed (strict);
  g_assert_cmpstr (hutch_permissions_get_seccomp_profile (strict), ==, "strict");
}

static void
test_names (void)
{
  g_assert_cmpstr (hutch_share_to_string (HUTCH_SHARE_NETWORK), ==, "network");
  g_assert_cmpstr (hutch_share_to_string (HUTCH_SHARE_IPC), ==, "ipc");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_X11), ==, "x11");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_FALLBACK_X11), ==, "fallback-x11");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_WAYLAND), ==, "wayland");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_PULSEAUDIO), ==, "pulseaudio");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_PIPEWIRE), ==, "pipewire");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_SESSION_BUS), ==, "session-bus");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_SYSTEM_BUS), ==, "system-bus");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_SSH_AUTH), ==, "ssh-auth");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_PCSC), ==, "pcsc");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_CUPS), ==, "cups");
  g_assert_cmpstr (hutch_socket_to_string (HUTCH_SOCKET_GPG_AGENT), ==, "gpg-agent");
  g_assert_cmpstr (hutch_device_to_string (HUTCH_DEVICE_DRI), ==, "dri");
  g_assert_cmpstr (hutch_device_to_string (HUTCH_DEVICE_INPUT), ==, "input");
  g_assert_cmpstr (hutch_device_to_string (HUTCH_DEVICE_KVM), ==, "kvm");
  g_assert_cmpstr (hutch_device_to_string (HUTCH_DEVICE_SHM), ==, "shm");
  g_assert_cmpstr (hutch_device_to_string (HUTCH_DEVICE_ALL), ==, "all");
  g_assert_cmpstr (hutch_feature_to_string (HUTCH_FEATURE_DEVEL), ==, "devel");
  g_assert_cmpstr (hutch_feature_to_string (HUTCH_FEATURE_MULTIARCH), ==, "multiarch");
  g_assert_cmpstr (hutch_feature_to_string (HUTCH_FEATURE_BLUETOOTH), ==, "bluetooth");
  g_assert_cmpstr (hutch_feature_to_string (HUTCH_FEATURE_PER_APP_DEV_SHM), ==, "per-app-dev-shm");
  g_assert_null (hutch_socket_to_string (1 << 20));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/permissions/merge", test_merge);
  g_test_add_func ("/permissions/accessors-sockets", test_accessors_sockets);
  g_test_add_func ("/permissions/accessors-lists", test_accessors_lists);
  g_test_add_func ("/permissions/new-is-empty", test_new_is_empty);
  g_test_add_func ("/permissions/copy", test_copy);
  g_test_add_func ("/permissions/make-sandboxed", test_make_sandboxed);
  g_test_add_func ("/permissions/names", test_names);
  return g_test_run ();
}
