/* Unit tests for permissions-keyfile.c and keyfile-util.c: every key and
 * value of the permission groups, the exact message of every error (with
 * FILE:LINE), warnings for what is unknown, the stable text a layer is
 * saved as, and hutch_keyfile_find_line().
 */
#include <string.h>

#include "hutch-error.h"
#include "hutch-metadata.h"
#include "hutch-permissions.h"

/* Loads @text as the file "f"; returns the layer, or NULL and the error. */
static HutchPermissions *
load (const char *text, GPtrArray *warnings, GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  if (!hutch_permissions_load_keyfile (perms, keyfile, text, "f", warnings, error))
    return NULL;
  return g_steal_pointer (&perms);
}

static char *
load_to_string (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchPermissions) perms = load (text, NULL, &error);

  g_assert_no_error (error);
  return hutch_permissions_to_string (perms);
}

typedef struct
{
  const char *text;
  const char *saved; /* NULL: text itself */
} GoodCase;

/* Every value of every key; each text is read, and written back as
 * @saved. */
static const GoodCase good_cases[] = {
  { "[Context]\nshared=network;ipc;\n" },
  { "[Context]\nshared=!network;!ipc;\n" },
  { "[Context]\nsockets=x11;fallback-x11;wayland;pulseaudio;pipewire;session-bus;system-bus;"
    "ssh-auth;pcsc;cups;gpg-agent;\n" },
  { "[Context]\nsockets=!x11;!fallback-x11;!wayland;!pulseaudio;!pipewire;!session-bus;"
    "!system-bus;!ssh-auth;!pcsc;!cups;!gpg-agent;\n" },
  { "[Context]\nsockets=wayland;x11\n", "[Context]\nsockets=x11;wayland;\n" },
  { "[Context]\nsockets=;;wayland;;\n", "[Context]\nsockets=wayland;\n" },
  { "[Context]\nsockets=\n", "" },
  { "[Context]\ndevices=dri;input;kvm;shm;all;\n" },
  { "[Context]\ndevices=!dri;!input;!kvm;!shm;!all;\n" },
  { "[Context]\nfeatures=devel;multiarch;bluetooth;per-app-dev-shm;\n" },
  { "[Context]\nfeatures=!devel;!multiarch;!bluetooth;!per-app-dev-shm;\n" },
  { "[Context]\nfilesystems=host;\n" },
  { "[Context]\nfilesystems=host-os:ro;host-etc:ro;\n" },
  { "[Context]\nfilesystems=~/b;home;~/a;\n", "[Context]\nfilesystems=home;~/a;~/b;\n" },
  { "[Context]\nfilesystems=xdg-desktop;xdg-documents;xdg-download;xdg-music;xdg-pictures;"
    "xdg-public-share;xdg-templates;xdg-videos;xdg-config;xdg-cache;xdg-data;xdg-state;"
    "xdg-run/x;\n" },
  { "[Context]\nfilesystems=xdg-config/a:ro;xdg-cache/b:create;/srv/c;\n",
    "[Context]\nfilesystems=/srv/c;xdg-config/a:ro;xdg-cache/b:create;\n" },
  { "[Context]\nfilesystems=!home;!xdg-download;\n" },
  { "[Context]\nfilesystems=home;!home;\n", "[Context]\nfilesystems=!home;\n" },
  { "[Context]\nfilesystems=!home;home:ro;\n", "[Context]\nfilesystems=home:ro;\n" },
  { "[Context]\nfilesystems=!host;\n" },
  { "[Context]\nfilesystems=home;/srv;!host;xdg-music;\n",
    "[Context]\nfilesystems=!host;xdg-music;\n" },
  { "[Context]\nfilesystems=~/a//b/./;\n", "[Context]\nfilesystems=~/a/b;\n" },
  { "[Context]\npersistent=.mozilla;.config/x/;\n", "[Context]\npersistent=.config/x;.mozilla;\n" },
  { "[Context]\npersistent=!.mozilla;\n" },
  { "[Context]\nunset-environment=LD_PRELOAD;A;\n",
    "[Context]\nunset-environment=A;LD_PRELOAD;\n" },
  { "[Environment]\nPATH=/app/bin:/usr/bin\nEMPTY=\nSPACES=\\s a b \nNEWLINE=a\\nb\n",
    "[Environment]\nEMPTY=\nNEWLINE=a\\nb\nPATH=/app/bin:/usr/bin\nSPACES=\\s\\sa b \n" },
  { "[Environment]\nA=1\n[Context]\nunset-environment=A;\n", "[Context]\nunset-environment=A;\n" },
  { "[Session Bus Policy]\norg.freedesktop.Notifications=talk\norg.example.App.*=own\n"
    "org.a.b=see\norg.x_y.Z-1=none\n",
    "[Session Bus Policy]\norg.a.b=see\norg.example.App.*=own\n"
    "org.freedesktop.Notifications=talk\norg.x_y.Z-1=none\n" },
  { "[System Bus Policy]\norg.freedesktop.login1=talk\n" },
  { "[Seccomp]\nprofile=strict\n" },
  { "[Seccomp]\nprofile=my-profile_2\n" },
  { "[Seccomp]\nprofile=/etc/hutch//x.seccomp\n", "[Seccomp]\nprofile=/etc/hutch/x.seccomp\n" },
  { "[Seccomp]\nrules=deny ptrace;allow io_uring_setup;\n" },
  { "[Seccomp]\nrules=deny ioctl errno=ENOTTY if arg1:32 in TIOCSCTTY,TIOCSETD   # why;\n" },
  { "[Seccomp]\nrules=deny ptrace;;allow bpf\n", "[Seccomp]\nrules=deny ptrace;allow bpf;\n" },
  { "[Seccomp]\nrules=deny ptrace;deny ptrace;\n", "[Seccomp]\nrules=deny ptrace;\n" },
  { "[Resources]\nmemory-max=512M\npids-max=100\ncpu-weight=1\nnofile=1\n" },
  { "[Resources]\nmemory-max=max\npids-max=max\ncpu-weight=10000\nnofile=1048576\n" },
  { "[Resources]\nmemory-max=1\n" },
  { "[Resources]\nmemory-max=1024\n", "[Resources]\nmemory-max=1K\n" },
  { "[Resources]\nmemory-max=1048576\n", "[Resources]\nmemory-max=1M\n" },
  { "[Resources]\nmemory-max=1536M\n" },
  { "[Resources]\nmemory-max=2048M\n", "[Resources]\nmemory-max=2G\n" },
  { "[Resources]\nmemory-max=3T\n" },
  { "[Resources]\nmemory-max=8388607T\n" },
  { "[Resources]\nmemory-max=9223372036854775807\n" },
  { "[Resources]\npids-max=4194304\n" },
  /* Spaces around '=', comments, blank lines, a group given twice. */
  { "# comment\n\n[Context]\n  sockets = x11;\n# [Seccomp]\n[Context]\nshared=network;\n",
    "[Context]\nshared=network;\nsockets=x11;\n" },
};

static void
test_good (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const GoodCase *c = &good_cases[i];
      const char *expected = c->saved != NULL ? c->saved : c->text;
      g_autofree char *saved = NULL;
      g_autofree char *again = NULL;

      g_autofree char *shown = g_strescape (c->text, NULL);

      g_test_message ("%s", shown);
      saved = load_to_string (c->text);
      g_assert_cmpstr (saved, ==, expected);
      /* Stable: what is saved reads back as the same layer. */
      again = load_to_string (saved);
      g_assert_cmpstr (again, ==, saved);
    }
}

typedef struct
{
  const char *text;
  const char *message;
} BadCase;

#define SOCKETS                                                                                    \
  "(x11, fallback-x11, wayland, pulseaudio, pipewire, session-bus, system-bus, ssh-auth, pcsc, "   \
  "cups, gpg-agent)"
#define ENV_NAME  "(A–Z, a–z, 0–9 and “_”, not starting with a digit, at most 255 bytes)"
#define MEMORY    "(a number of bytes, optionally followed by K, M, G or T, or “max”)"
#define PROFILE   "a name (A–Z, a–z, 0–9, “-” and “_”, at most 64 bytes) or an absolute path"
#define BUS_CHARS "only A–Z, a–z, 0–9, “_”, “-” and “.” are allowed, and “.*” at the end"

static const BadCase bad_cases[] = {
  { "[Context]\nsockets=x11;x12;\n", "f:2: [Context] sockets: “x12” is not a socket " SOCKETS },
  { "[Context]\nsockets=!x12\n", "f:2: [Context] sockets: “x12” is not a socket " SOCKETS },
  { "[Context]\nsockets=X11\n", "f:2: [Context] sockets: “X11” is not a socket " SOCKETS },
  { "[Context]\nsockets=!\n", "f:2: [Context] sockets: “” is not a socket " SOCKETS },
  { "[Context]\nsockets=!!x11\n", "f:2: [Context] sockets: “!x11” is not a socket " SOCKETS },
  { "[Context]\nsockets=x11 \n", "f:2: [Context] sockets: “x11 ” is not a socket " SOCKETS },
  { "\n# x\n[Context]\nshared=network\n\n  shared = lan\n",
    "f:6: [Context] shared: “lan” is not a share (network, ipc)" },
  { "[Context]\ndevices=gpu\n",
    "f:2: [Context] devices: “gpu” is not a device (dri, input, kvm, shm, all)" },
  { "[Context]\nfeatures=canbus\n", "f:2: [Context] features: “canbus” is not a feature "
                                    "(devel, multiarch, bluetooth, per-app-dev-shm)" },
  { "[Context]\nfilesystems=home;/usr/share;\n",
    "f:2: [Context] filesystems: “/usr/share”: /usr is part of the sandbox and cannot be "
    "granted; use host-os" },
  { "[Context]\nfilesystems=~/../x\n",
    "f:2: [Context] filesystems: “~/../x”: the path contains “..”" },
  { "[Context]\nfilesystems=home:rx\n",
    "f:2: [Context] filesystems: “home:rx”: unknown suffix “:rx” (:ro, :rw or :create)" },
  { "[Context]\nfilesystems=\x1b[2J\n",
    "f:2: [Context] filesystems: “\\x1b[2J”: not a filesystem: use host, host-os, host-etc, "
    "home, ~/PATH, /PATH, xdg-desktop, xdg-documents, xdg-download, xdg-music, xdg-pictures, "
    "xdg-public-share, xdg-templates, xdg-videos, xdg-config, xdg-cache, xdg-data, xdg-state "
    "(each optionally followed by /PATH) or xdg-run/PATH" },
  { "[Context]\npersistent=/abs\n", "f:2: [Context] persistent: “/abs” is not a relative path" },
  { "[Context]\npersistent=a/../../x\n",
    "f:2: [Context] persistent: “a/../../x” is not a valid path: the path contains “..”" },
  { "[Context]\npersistent=.\n",
    "f:2: [Context] persistent: “.” is not a valid path: the path is empty" },
  { "[Context]\npersistent=!!x\n",
    "f:2: [Context] persistent: “!x”: a persistent path cannot start with “!”" },
  { "[Context]\npersistent=.//!x\n",
    "f:2: [Context] persistent: “.//!x”: a persistent path cannot start with “!”" },
  { "[Context]\nunset-environment=A;1A;\n",
    "f:2: [Context] unset-environment: “1A” is not an environment variable name " ENV_NAME },
  { "[Context]\nunset-environment=!A\n",
    "f:2: [Context] unset-environment: “!A” is not an environment variable name " ENV_NAME },
  { "[Environment]\nA=1\nA-B=2\n",
    "f:3: [Environment] A-B: “A-B” is not an environment variable name " ENV_NAME },
  { "[Environment]\nA=a\x0c"
    "b\n",
    "f:2: [Environment] A: “a\\x0cb” contains the control character \\x0c" },
  { "[Environment]\nA=a\\rb\n",
    "f:2: [Environment] A: “a\\x0db” contains the control character \\x0d" },
  { "[Environment]\nA=\x1b[1m\n",
    "f:2: [Environment] A: “\\x1b[1m” contains the control character \\x1b" },
  { "[Environment]\nA B=2\n",
    "f:2: [Environment] A B: “A B” is not an environment variable name " ENV_NAME },
  { "[Environment]\nA=\\x\n",
    "f:2: [Environment] A: the value cannot be read: it has an invalid escape sequence or is "
    "not UTF-8" },
  { "[Session Bus Policy]\norg=talk\n",
    "f:2: [Session Bus Policy] org: “org” is not a D-Bus name: it needs at least two elements" },
  { "[Session Bus Policy]\n:1.42=talk\n",
    "f:2: [Session Bus Policy] :1.42: “:1.42” is not a D-Bus name: " BUS_CHARS },
  { "[Session Bus Policy]\norg.a.1b=talk\n",
    "f:2: [Session Bus Policy] org.a.1b: “org.a.1b” is not a D-Bus name: an element starts "
    "with a digit" },
  { "[Session Bus Policy]\norg..a=talk\n",
    "f:2: [Session Bus Policy] org..a: “org..a” is not a D-Bus name: an element is empty" },
  { "[Session Bus Policy]\n.org.a=talk\n",
    "f:2: [Session Bus Policy] .org.a: “.org.a” is not a D-Bus name: an element is empty" },
  { "[Session Bus Policy]\norg.a.=talk\n",
    "f:2: [Session Bus Policy] org.a.: “org.a.” is not a D-Bus name: an element is empty" },
  { "[Session Bus Policy]\norg.*=talk\n",
    "f:2: [Session Bus Policy] org.*: “org.*” is not a D-Bus name: it needs at least two "
    "elements" },
  { "[Session Bus Policy]\norg.*.a=talk\n",
    "f:2: [Session Bus Policy] org.*.a: “org.*.a” is not a D-Bus name: " BUS_CHARS },
  { "[Session Bus Policy]\norg.a*=talk\n",
    "f:2: [Session Bus Policy] org.a*: “org.a*” is not a D-Bus name: " BUS_CHARS },
  { "[Session Bus Policy]\n.*=talk\n",
    "f:2: [Session Bus Policy] .*: “.*” is not a D-Bus name: it is empty" },
  { "[Session Bus Policy]\norg.a.B=speak\n",
    "f:2: [Session Bus Policy] org.a.B: “speak” is not a bus policy (see, talk, own or none)" },
  { "[System Bus Policy]\norg.a.B=TALK\n",
    "f:2: [System Bus Policy] org.a.B: “TALK” is not a bus policy (see, talk, own or none)" },
  { "[Seccomp]\nprofile=../strict\n",
    "f:2: [Seccomp] profile: “../strict” is not a seccomp profile: " PROFILE },
  { "[Seccomp]\nprofile=\n", "f:2: [Seccomp] profile: “” is not a seccomp profile: " PROFILE },
  { "[Seccomp]\nprofile=strict.seccomp\n",
    "f:2: [Seccomp] profile: “strict.seccomp” is not a seccomp profile: " PROFILE },
  { "[Seccomp]\nprofile=/a/../b\n",
    "f:2: [Seccomp] profile: “/a/../b” is not a valid path: the path contains “..”" },
  { "[Seccomp]\nprofile=/\n",
    "f:2: [Seccomp] profile: “/” is not a valid path: the path is empty" },
  { "[Seccomp]\nrules=deny ptrace;deny ptrac;\n",
    "f:2: [Seccomp] rules: “deny ptrac”: unknown syscall “ptrac”" },
  { "[Seccomp]\nrules=include default\n",
    "f:2: [Seccomp] rules: “include default”: include is not allowed here" },
  { "[Seccomp]\nrules=deny ptrace\\nallow bpf\n",
    "f:2: [Seccomp] rules: “deny ptrace\\x0aallow bpf”: a rule is one line" },
  { "[Seccomp]\nrules=\\s\\t;\n", "f:2: [Seccomp] rules: a rule is empty" },
  { "[Seccomp]\nrules=deny bpf\t# a \x1b[31mred\x1b[0m comment\n",
    "f:2: [Seccomp] rules: “deny bpf\\x09# a \\x1b[31mred\\x1b[0m comment”: a rule contains the "
    "control character \\x1b" },
  { "[Seccomp]\nrules=deny ptrace errno=EWHAT\n",
    "f:2: [Seccomp] rules: “deny ptrace errno=EWHAT”: unknown errno “EWHAT”" },
  { "[Resources]\nmemory-max=12X\n",
    "f:2: [Resources] memory-max: “12X” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=0\n",
    "f:2: [Resources] memory-max: “0” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=0G\n",
    "f:2: [Resources] memory-max: “0G” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=-1\n",
    "f:2: [Resources] memory-max: “-1” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=+1\n",
    "f:2: [Resources] memory-max: “+1” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=1.5G\n",
    "f:2: [Resources] memory-max: “1.5G” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=512m\n",
    "f:2: [Resources] memory-max: “512m” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=G\n",
    "f:2: [Resources] memory-max: “G” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=\n", "f:2: [Resources] memory-max: “” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=8388608T\n",
    "f:2: [Resources] memory-max: “8388608T” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=9223372036854775808\n",
    "f:2: [Resources] memory-max: “9223372036854775808” is not a memory size " MEMORY },
  { "[Resources]\nmemory-max=99999999999999999999999\n",
    "f:2: [Resources] memory-max: “99999999999999999999999” is not a memory size " MEMORY },
  { "[Resources]\npids-max=0\n",
    "f:2: [Resources] pids-max: “0” is not a number of processes from 1 to 4194304, or “max”" },
  { "[Resources]\npids-max=4194305\n",
    "f:2: [Resources] pids-max: “4194305” is not a number of processes from 1 to 4194304, or "
    "“max”" },
  { "[Resources]\npids-max=1k\n",
    "f:2: [Resources] pids-max: “1k” is not a number of processes from 1 to 4194304, or “max”" },
  { "[Resources]\ncpu-weight=0\n",
    "f:2: [Resources] cpu-weight: “0” is not a CPU weight from 1 to 10000" },
  { "[Resources]\ncpu-weight=10001\n",
    "f:2: [Resources] cpu-weight: “10001” is not a CPU weight from 1 to 10000" },
  { "[Resources]\ncpu-weight=max\n",
    "f:2: [Resources] cpu-weight: “max” is not a CPU weight from 1 to 10000" },
  { "[Resources]\nnofile=0\n",
    "f:2: [Resources] nofile: “0” is not a number of open files from 1 to 1048576" },
  { "[Resources]\nnofile=1048577\n",
    "f:2: [Resources] nofile: “1048577” is not a number of open files from 1 to 1048576" },
  { "[Resources]\nnofile= 5\n", NULL /* GKeyFile drops the space: valid */ },
};

static void
test_bad (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (HutchPermissions) perms = NULL;
      g_autoptr (HutchPermissions) before = NULL;
      g_autoptr (GKeyFile) with_unknown = g_key_file_new ();
      g_autofree char *unknown_text
          = g_strconcat ("[Context]\nsockets=x11;\nsurprise=1\n", c->text, NULL);
      g_autofree char *text_before = NULL;
      g_autofree char *text_after = NULL;

      g_autofree char *shown = g_strescape (c->text, NULL);

      g_test_message ("%s", shown);
      perms = load (c->text, warnings, &error);
      if (c->message == NULL)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_null (perms);
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
      g_assert_cmpstr (error->message, ==, c->message);
      g_clear_error (&error);

      /* Nothing of a bad file is used, not even its warnings. */
      before = load ("[Context]\nsockets=wayland;\n", NULL, &error);
      g_assert_no_error (error);
      text_before = hutch_permissions_to_string (before);
      g_assert_true (g_key_file_load_from_data (with_unknown, unknown_text, -1, 0, NULL));
      g_assert_false (hutch_permissions_load_keyfile (before, with_unknown, unknown_text, "f",
                                                      warnings, &error));
      g_assert_nonnull (error);
      text_after = hutch_permissions_to_string (before);
      g_assert_cmpstr (text_after, ==, text_before);
      g_assert_cmpuint (warnings->len, ==, 0);
    }
}

/* Without the text, messages name the file only. */
static void
test_no_text (void)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  g_key_file_set_string (keyfile, "Context", "sockets", "x12");
  g_key_file_set_string (keyfile, "Context", "other", "1");
  g_assert_false (hutch_permissions_load_keyfile (perms, keyfile, NULL, "built", warnings, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
  g_assert_cmpstr (error->message, ==, "built: [Context] sockets: “x12” is not a socket " SOCKETS);
  g_clear_error (&error);

  g_key_file_set_string (keyfile, "Context", "sockets", "x11");
  g_assert_true (hutch_permissions_load_keyfile (perms, keyfile, NULL, "built", warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "built: unknown key “other” in group [Context], ignored");
  /* Warnings may be ignored. */
  g_assert_true (hutch_permissions_load_keyfile (perms, keyfile, NULL, "built", NULL, &error));
}

static void
test_warnings (void)
{
  static const char text[] = "[Context]\n"          /* 1 */
                             "sockets=x11;\n"       /* 2 */
                             "sokets=wayland;\n"    /* 3 */
                             "sokets=pulseaudio;\n" /* 4: the same key again, warned about once */
                             "\n"                   /* 5 */
                             "[Policy Tracker3]\n"  /* 6 */
                             "dbus=org.freedesktop.Tracker3;\n" /* 7 */
                             "[Seccomp]\n"                      /* 8 */
                             "profile=strict\n"                 /* 9 */
                             "extra=1\n"                        /* 10 */
                             "[Resources]\n"                    /* 11 */
                             "memory-high=1G\n"                 /* 12 */
                             "[Application]\n"                  /* 13 */
                             "name=org.example.App\n"           /* 14 */
                             "[Sandbox\\x1b]\n";                /* 15 */
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchPermissions) perms = load (text, warnings, &error);
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  saved = hutch_permissions_to_string (perms);
  g_assert_cmpstr (saved, ==, "[Context]\nsockets=x11;\n\n[Seccomp]\nprofile=strict\n");
  g_assert_cmpuint (warnings->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "f:4: unknown key “sokets” in group [Context], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 1), ==,
                   "f:10: unknown key “extra” in group [Seccomp], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 2), ==,
                   "f:12: unknown key “memory-high” in group [Resources], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 3), ==,
                   "f:6: unknown group [Policy Tracker3], ignored");
  /* Override files have no [Application]. */
  g_assert_cmpstr (g_ptr_array_index (warnings, 4), ==,
                   "f:13: unknown group [Application], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 5), ==,
                   "f:15: unknown group [Sandbox\\\\x1b], ignored");
}

/* A file of many unknown keys gets a bounded list of warnings. */
static void
test_many_warnings (void)
{
  g_autoptr (GString) text = g_string_new ("[Context]\n");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchPermissions) perms = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (text, "unknown%u=1\n", i);
  perms = load (text->str, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 33);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "f:2: unknown key “unknown0” in group [Context], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 31), ==,
                   "f:33: unknown key “unknown31” in group [Context], ignored");
  g_assert_cmpstr (g_ptr_array_index (warnings, 32), ==,
                   "f: more unknown keys and groups, ignored");
}

/* No more rules than a profile holds. */
static void
test_many_rules (void)
{
  g_autoptr (GString) text = g_string_new ("[Seccomp]\nrules=");
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchPermissions) perms = NULL;

  for (guint i = 0; i < 2048; i++)
    g_string_append (text, i % 2 ? "deny ptrace;" : "allow ptrace;");
  perms = load (text->str, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&perms, hutch_permissions_free);

  g_string_append (text, "deny bpf;");
  perms = load (text->str, NULL, &error);
  g_assert_null (perms);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE);
  g_assert_cmpstr (error->message, ==, "f:2: [Seccomp] rules: more than 2048 rules");
}

typedef struct
{
  const char *text;
  const char *group;
  const char *key;
  guint line;
} LineCase;

static const LineCase line_cases[] = {
  { "[Context]\nsockets=x11\n", "Context", NULL, 1 },
  { "[Context]\nsockets=x11\n", "Context", "sockets", 2 },
  { "[Context]\nsockets=x11\n", "Context", "shared", 0 },
  { "[Context]\nsockets=x11\n", "Environment", NULL, 0 },
  { "[Context]\nsockets=x11\n", "Environment", "sockets", 0 },
  { "", "Context", NULL, 0 },
  { "", "Context", "sockets", 0 },
  { NULL, "Context", "sockets", 0 },
  /* Comments and blank lines count; a commented-out header is no header. */
  { "# [Context]\n\n#sockets=x\n[Context]\n\n# sockets=a\nsockets=x11\n", "Context", NULL, 4 },
  { "# [Context]\n\n#sockets=x\n[Context]\n\n# sockets=a\nsockets=x11\n", "Context", "sockets", 7 },
  /* Spaces and tabs around '=', leading whitespace, trailing whitespace after ']'. */
  { "  [Context]  \n\t sockets \t=\t x11\n", "Context", NULL, 1 },
  { "  [Context]  \n\t sockets \t=\t x11\n", "Context", "sockets", 2 },
  /* CRLF line ends. */
  { "[A]\r\n\r\nk=v\r\n[B]\r\nk=w\r\n", "B", "k", 5 },
  { "[A]\r\n\r\nk=v\r\n[B]\r\nk=w", "A", "k", 3 },
  /* A localized key is another key; a key that is a prefix of another too. */
  { "[Application]\nname[de]=x\nname=y\nnamex=z\n", "Application", "name", 3 },
  { "[Application]\nname=y\nname[de]=x\n", "Application", "name", 2 },
  { "[Application]\nname=y\nname[de]=x\n", "Application", "name[de]", 3 },
  { "[Application]\nnamex=z\n", "Application", "name", 0 },
  /* The key must be before '=': a value mentioning it does not count. */
  { "[A]\nx=k=1\n", "A", "k", 0 },
  { "[A]\nx=k=1\n", "A", "x", 2 },
  /* A group name that is a prefix of another, or in another's value. */
  { "[Context2]\nk=1\n[Context]\nk=2\n", "Context", "k", 4 },
  { "[Context2]\nk=1\n[Context]\nk=2\n", "Context", NULL, 3 },
  { "[A]\nk=[Context]\n", "Context", NULL, 0 },
  /* The same key in another group. */
  { "[A]\nk=1\n[B]\nj=1\n", "B", "k", 0 },
  /* A repeated key: the last, as GKeyFile takes its value. */
  { "[A]\nk=1\nk=2\n", "A", "k", 3 },
  /* A repeated group: the header is the first, the key in any. */
  { "[A]\nk=1\n[B]\n[A]\nj=2\n", "A", NULL, 1 },
  { "[A]\nk=1\n[B]\n[A]\nj=2\n", "A", "j", 5 },
  { "[A]\nk=1\n[B]\n[A]\nk=2\n", "A", "k", 5 },
  /* Groups with spaces and odd characters, keys with spaces. */
  { "[Session Bus Policy]\norg.a.B = talk\n", "Session Bus Policy", "org.a.B", 2 },
  { "[A]\na b=1\n", "A", "a b", 2 },
  { "[A]\na b=1\n", "A", "a", 0 },
  /* No newline at the end; a last line that is a header. */
  { "[A]\nk=1", "A", "k", 2 },
  { "[A]\nk=1\n[B]", "B", NULL, 3 },
  /* Not a header: text after ']'. */
  { "[A]x\n[A]\n", "A", NULL, 2 },
};

static void
test_find_line (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (line_cases); i++)
    {
      const LineCase *c = &line_cases[i];

      g_test_message ("%s [%s] %s", c->text, c->group, c->key);
      g_assert_cmpuint (hutch_keyfile_find_line (c->text, c->group, c->key), ==, c->line);
    }
}

/* A layer saved into a key file that holds other groups keeps them, and
 * replaces the permission groups. */
static void
test_save_keeps_other_groups (void)
{
  static const char text[] = "[Application]\nname=org.example.App\n\n"
                             "[Context]\nsockets=x11;\nshared=network;\n\n"
                             "[Environment]\nOLD=1\n";
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (HutchPermissions) perms = load ("[Context]\nsockets=wayland;\n", NULL, NULL);
  g_autofree char *saved = NULL;

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  hutch_permissions_save_keyfile (perms, keyfile);
  saved = g_key_file_to_data (keyfile, NULL, NULL);
  g_assert_cmpstr (saved, ==,
                   "[Application]\nname=org.example.App\n\n[Context]\nsockets=wayland;\n");
}

/* Everything at once: the text is stable and reads back as itself. */
static void
test_round_trip (void)
{
  static const char text[]
      = "[Context]\n"
        "shared=network;!ipc;\n"
        "sockets=!x11;wayland;pulseaudio;session-bus;\n"
        "devices=dri;!all;\n"
        "features=devel;!multiarch;\n"
        "filesystems=!host;host-os:ro;!home;~/Music:ro;/srv/data:create;xdg-download;"
        "xdg-config/app;xdg-run/pipewire-0;\n"
        "persistent=.local;!.mozilla;\n"
        "unset-environment=LD_PRELOAD;\n"
        "\n"
        "[Environment]\n"
        "GTK_THEME=Adwaita:dark\n"
        "MULTI=a\\nb\tc\\\\d\n"
        "\n"
        "[Session Bus Policy]\n"
        "org.freedesktop.Notifications=talk\n"
        "org.freedesktop.secrets=none\n"
        "org.mpris.MediaPlayer2.App=own\n"
        "org.mpris.MediaPlayer2.App.*=own\n"
        "\n"
        "[System Bus Policy]\n"
        "org.freedesktop.UPower=see\n"
        "\n"
        "[Seccomp]\n"
        "profile=/opt/profiles/app.seccomp\n"
        "rules=allow io_uring_setup;deny ptrace;deny prctl if arg0:32 == PR_SET_MM;\n"
        "\n"
        "[Resources]\n"
        "memory-max=1536M\n"
        "pids-max=max\n"
        "cpu-weight=100\n"
        "nofile=65536\n";
  g_autofree char *saved = load_to_string (text);
  g_autofree char *again = load_to_string (saved);

  g_assert_cmpstr (saved, ==, text);
  g_assert_cmpstr (again, ==, text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyfile/good", test_good);
  g_test_add_func ("/keyfile/bad", test_bad);
  g_test_add_func ("/keyfile/no-text", test_no_text);
  g_test_add_func ("/keyfile/warnings", test_warnings);
  g_test_add_func ("/keyfile/many-warnings", test_many_warnings);
  g_test_add_func ("/keyfile/many-rules", test_many_rules);
  g_test_add_func ("/keyfile/find-line", test_find_line);
  g_test_add_func ("/keyfile/save-keeps-other-groups", test_save_keeps_other_groups);
  g_test_add_func ("/keyfile/round-trip", test_round_trip);
  return g_test_run ();
}
