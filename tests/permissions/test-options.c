/* Unit tests for permissions-options.c: every permission flag of `app run`
 * and `app override`, as the layer it makes and as the error it gives.
 */
#include "hutch-error.h"
#include "hutch-permissions.h"

typedef struct
{
  const char *option;
  const char *value;
  const char *layer; /* the layer, as text */
} GoodCase;

static const GoodCase good_cases[] = {
  { "share", "network", "[Context]\nshared=network;\n" },
  { "unshare", "ipc", "[Context]\nshared=!ipc;\n" },
  { "socket", "wayland", "[Context]\nsockets=wayland;\n" },
  { "socket", "fallback-x11", "[Context]\nsockets=fallback-x11;\n" },
  { "nosocket", "x11", "[Context]\nsockets=!x11;\n" },
  { "device", "dri", "[Context]\ndevices=dri;\n" },
  { "nodevice", "all", "[Context]\ndevices=!all;\n" },
  { "allow", "devel", "[Context]\nfeatures=devel;\n" },
  { "disallow", "bluetooth", "[Context]\nfeatures=!bluetooth;\n" },
  { "filesystem", "home", "[Context]\nfilesystems=home;\n" },
  { "filesystem", "xdg-download/Music:ro", "[Context]\nfilesystems=xdg-download/Music:ro;\n" },
  { "filesystem", "~/src//x/", "[Context]\nfilesystems=~/src/x;\n" },
  { "filesystem", "/srv:create", "[Context]\nfilesystems=/srv:create;\n" },
  { "nofilesystem", "home", "[Context]\nfilesystems=!home;\n" },
  { "nofilesystem", "~/src", "[Context]\nfilesystems=!~/src;\n" },
  { "nofilesystem", "host", "[Context]\nfilesystems=!host;\n" },
  { "env", "FOO=bar", "[Environment]\nFOO=bar\n" },
  { "env", "FOO=", "[Environment]\nFOO=\n" },
  { "env", "FOO=a=b", "[Environment]\nFOO=a=b\n" },
  { "env", "FOO=!x", "[Environment]\nFOO=!x\n" },
  { "env", "FOO=a\nb", "[Environment]\nFOO=a\\nb\n" },
  { "env", "FOO=\tb\t", "[Environment]\nFOO=\\tb\t\n" },
  { "unset-env", "LD_PRELOAD", "[Context]\nunset-environment=LD_PRELOAD;\n" },
  { "persist", ".mozilla", "[Context]\npersistent=.mozilla;\n" },
  { "persist", "./a//b/", "[Context]\npersistent=a/b;\n" },
  { "see-name", "org.example.A", "[Session Bus Policy]\norg.example.A=see\n" },
  { "talk-name", "org.freedesktop.Notifications",
    "[Session Bus Policy]\norg.freedesktop.Notifications=talk\n" },
  { "talk-name", "org.example.A.*", "[Session Bus Policy]\norg.example.A.*=talk\n" },
  { "own-name", "org.mpris.MediaPlayer2.App",
    "[Session Bus Policy]\norg.mpris.MediaPlayer2.App=own\n" },
  { "no-talk-name", "org.example.A", "[Session Bus Policy]\norg.example.A=none\n" },
  { "system-see-name", "org.freedesktop.UPower",
    "[System Bus Policy]\norg.freedesktop.UPower=see\n" },
  { "system-talk-name", "org.freedesktop.login1",
    "[System Bus Policy]\norg.freedesktop.login1=talk\n" },
  { "system-own-name", "org.example.A", "[System Bus Policy]\norg.example.A=own\n" },
  { "system-no-talk-name", "org.example.A", "[System Bus Policy]\norg.example.A=none\n" },
  { "seccomp-profile", "devel", "[Seccomp]\nprofile=devel\n" },
  { "seccomp-profile", "/home/u/p.seccomp", "[Seccomp]\nprofile=/home/u/p.seccomp\n" },
  { "seccomp-rule", "allow io_uring_setup", "[Seccomp]\nrules=allow io_uring_setup;\n" },
  { "seccomp-rule", "deny ptrace errno=EACCES", "[Seccomp]\nrules=deny ptrace errno=EACCES;\n" },
  { "seccomp-rule", "deny\tbpf # why; because",
    "[Seccomp]\nrules=deny\tbpf # why\\;\\sbecause;\n" },
  { "memory-max", "2G", "[Resources]\nmemory-max=2G\n" },
  { "memory-max", "max", "[Resources]\nmemory-max=max\n" },
  { "pids-max", "500", "[Resources]\npids-max=500\n" },
  { "cpu-weight", "10000", "[Resources]\ncpu-weight=10000\n" },
  { "nofile", "1024", "[Resources]\nnofile=1024\n" },
};

typedef struct
{
  const char *option;
  const char *value;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "socket", "x12",
    "--socket: “x12” is not a socket (x11, fallback-x11, wayland, pulseaudio, pipewire, "
    "session-bus, system-bus, ssh-auth, pcsc, cups, gpg-agent)" },
  { "socket", "",
    "--socket: “” is not a socket (x11, fallback-x11, wayland, pulseaudio, pipewire, "
    "session-bus, system-bus, ssh-auth, pcsc, cups, gpg-agent)" },
  { "socket", "!x11",
    "--socket: a value cannot start with “!”; to revoke, use the option's opposite (--nosocket, "
    "--nofilesystem, --unset-env…)" },
  { "nosocket", "!x11",
    "--nosocket: a value cannot start with “!”; to revoke, use the option's opposite "
    "(--nosocket, --nofilesystem, --unset-env…)" },
  { "share", "lan", "--share: “lan” is not a share (network, ipc)" },
  { "unshare", "lan", "--unshare: “lan” is not a share (network, ipc)" },
  { "device", "gpu", "--device: “gpu” is not a device (dri, input, kvm, shm, all)" },
  { "allow", "canbus",
    "--allow: “canbus” is not a feature (devel, multiarch, bluetooth, per-app-dev-shm)" },
  { "filesystem", "/usr",
    "--filesystem: “/usr”: /usr is part of the sandbox and cannot be granted; use host-os" },
  { "filesystem", "!home",
    "--filesystem: a value cannot start with “!”; to revoke, use the option's opposite "
    "(--nosocket, --nofilesystem, --unset-env…)" },
  { "nofilesystem", "home:ro",
    "--nofilesystem: “home:ro”: no suffix (:ro, :rw or :create) when revoking" },
  { "nofilesystem", "host:reset",
    "--nofilesystem: “host:reset”: no suffix (:ro, :rw or :create) when revoking" },
  { "nofilesystem", "/proc",
    "--nofilesystem: “/proc”: /proc is part of the sandbox and cannot be granted" },
  { "env", "FOO", "--env: “FOO” is not NAME=VALUE" },
  { "env", "=x",
    "--env: “” is not an environment variable name (A–Z, a–z, 0–9 and “_”, not starting with a "
    "digit, at most 255 bytes)" },
  { "env", "A-B=x",
    "--env: “A-B” is not an environment variable name (A–Z, a–z, 0–9 and “_”, not starting with "
    "a digit, at most 255 bytes)" },
  { "env", "A=\xff", "--env: “\\xff” is not valid UTF-8" },
  { "env", "A=\va", "--env: “\\x0ba” contains the control character \\x0b" },
  { "env", "A=a\xc2\x85", "--env: “a\\u0085” contains the control character \\u0085" },
  { "unset-env", "A=B",
    "--unset-env: “A=B” is not an environment variable name (A–Z, a–z, 0–9 and “_”, not "
    "starting with a digit, at most 255 bytes)" },
  { "persist", "/home/u/.x", "--persist: “/home/u/.x” is not a relative path" },
  { "persist", "../x", "--persist: “../x” is not a valid path: the path contains “..”" },
  { "persist", "", "--persist: “” is not a valid path: the path is empty" },
  { "persist", "./!/x", "--persist: “./!/x”: a persistent path cannot start with “!”" },
  { "talk-name", "org", "--talk-name: “org” is not a D-Bus name: it needs at least two elements" },
  { "own-name", ":1.1",
    "--own-name: “:1.1” is not a D-Bus name: only A–Z, a–z, 0–9, “_”, “-” and “.” are allowed, "
    "and “.*” at the end" },
  { "system-talk-name", "org.a.",
    "--system-talk-name: “org.a.” is not a D-Bus name: an element is empty" },
  { "seccomp-profile", "a/b",
    "--seccomp-profile: “a/b” is not a seccomp profile: a name (A–Z, a–z, 0–9, “-” and “_”, at "
    "most 64 bytes) or an absolute path" },
  { "seccomp-rule", "deny nosuchcall",
    "--seccomp-rule: “deny nosuchcall”: unknown syscall “nosuchcall”" },
  { "seccomp-rule", "", "--seccomp-rule: a rule is empty" },
  { "seccomp-rule", "deny bpf # \xef", "--seccomp-rule: “deny bpf # \\xef” is not valid UTF-8" },
  { "seccomp-rule", "deny bpf\r", "--seccomp-rule: “deny bpf\\x0d”: a rule is one line" },
  { "memory-max", "lots",
    "--memory-max: “lots” is not a memory size (a number of bytes, optionally followed by K, M, "
    "G or T, or “max”)" },
  { "pids-max", "-1", "--pids-max: “-1” is not a number of processes from 1 to 4194304, or “max”" },
  { "cpu-weight", "0", "--cpu-weight: “0” is not a CPU weight from 1 to 10000" },
  { "nofile", "2000000", "--nofile: “2000000” is not a number of open files from 1 to 1048576" },
  { "socket", NULL, "--socket needs a value" },
};

static void
test_good (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const GoodCase *c = &good_cases[i];
      g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;

      g_autofree char *shown = g_strescape (c->value != NULL ? c->value : "(null)", NULL);

      g_test_message ("--%s=%s", c->option, shown);
      g_assert_true (hutch_permissions_apply_option (perms, c->option, c->value, &error));
      g_assert_no_error (error);
      text = hutch_permissions_to_string (perms);
      g_assert_cmpstr (text, ==, c->layer);
    }
}

static void
test_bad (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;

      g_autofree char *shown = g_strescape (c->value != NULL ? c->value : "(null)", NULL);

      g_test_message ("--%s=%s", c->option, shown);
      /* A layer that already decides things keeps them. */
      g_assert_true (hutch_permissions_apply_option (perms, "socket", "wayland", NULL));
      g_assert_false (hutch_permissions_apply_option (perms, c->option, c->value, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_cmpstr (error->message, ==, c->message);
      text = hutch_permissions_to_string (perms);
      g_assert_cmpstr (text, ==, "[Context]\nsockets=wayland;\n");
    }
}

static void
test_unknown (void)
{
  static const char *const unknown[] = { "sockets", "talk",       "filesystems", "",    "-socket",
                                         "SOCKET",  "socket=x11", "command",     "\x1b" };

  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
      g_autoptr (GError) error = NULL;

      g_assert_false (hutch_permissions_apply_option (perms, unknown[i], "x11", &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION);
    }
}

/* Options stack in the order given, as layers do. */
static void
test_sequence (void)
{
  static const char *const options[][2] = {
    { "socket", "x11" },
    { "nosocket", "x11" },
    { "socket", "wayland" },
    { "filesystem", "home" },
    { "filesystem", "/srv" },
    { "nofilesystem", "host" },
    { "filesystem", "xdg-download:ro" },
    { "env", "A=1" },
    { "unset-env", "A" },
    { "env", "B=2" },
    { "talk-name", "org.a.B" },
    { "no-talk-name", "org.a.B" },
    { "seccomp-rule", "deny bpf" },
    { "seccomp-rule", "allow bpf" },
    { "seccomp-rule", "deny bpf" },
    { "memory-max", "1G" },
    { "memory-max", "2G" },
  };
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (options); i++)
    {
      hutch_permissions_apply_option (perms, options[i][0], options[i][1], &error);
      g_assert_no_error (error);
    }
  text = hutch_permissions_to_string (perms);
  g_assert_cmpstr (text, ==,
                   "[Context]\nsockets=!x11;wayland;\nfilesystems=!host;xdg-download:ro;\n"
                   "unset-environment=A;\n\n[Environment]\nB=2\n\n"
                   "[Session Bus Policy]\norg.a.B=none\n\n"
                   "[Seccomp]\nrules=allow bpf;deny bpf;\n\n[Resources]\nmemory-max=2G\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/options/good", test_good);
  g_test_add_func ("/options/bad", test_bad);
  g_test_add_func ("/options/unknown", test_unknown);
  g_test_add_func ("/options/sequence", test_sequence);
  return g_test_run ();
}
