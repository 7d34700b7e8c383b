/* Tests of the host integrations (profiles/host/): for each one, on a fake
 * host (which paths exist, which are sockets, what files hold) and a given
 * environment, the exact operations, variables and warnings it adds to a
 * plan; and the Xauthority and D-Bus address parsers on their own.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"
#include "hutch-error.h"

#include <string.h>

/* ---- Xauthority records, written here independently of host-xauth.c ---- */

#define FAMILY_INTERNET 0
#define FAMILY_LOCAL    256
#define FAMILY_WILD     65535

typedef struct
{
  guint16 family;
  const char *address;
  const char *number;
  const char *name;
  const char *data;
} XRec;

#define XREC_END                                                                                   \
  {                                                                                                \
    0, NULL, NULL, NULL, NULL                                                                      \
  }
#define MIT "MIT-MAGIC-COOKIE-1"

static void
put_u16 (GByteArray *out, gsize value)
{
  guint8 be[2] = { (guint8)(value >> 8), (guint8)value };

  g_byte_array_append (out, be, 2);
}

static void
put_field (GByteArray *out, const char *field)
{
  put_u16 (out, strlen (field));
  g_byte_array_append (out, (const guint8 *)field, strlen (field));
}

static void
put_record (GByteArray *out, const XRec *rec)
{
  put_u16 (out, rec->family);
  put_field (out, rec->address);
  put_field (out, rec->number);
  put_field (out, rec->name);
  put_field (out, rec->data);
}

/* @recs up to XREC_END, then @cut: the first bytes of one more record,
 * which is cut short (NULL for none). */
static GBytes *
build_xauth (const XRec *recs, const XRec *cut, gsize cut_len)
{
  GByteArray *out = g_byte_array_new ();

  for (; recs != NULL && recs->number != NULL; recs++)
    put_record (out, recs);
  if (cut != NULL)
    {
      GByteArray *extra = g_byte_array_new ();

      put_record (extra, cut);
      g_assert_cmpuint (cut_len, <, extra->len);
      g_byte_array_append (out, extra->data, (guint)cut_len);
      g_byte_array_unref (extra);
    }
  return g_byte_array_free_to_bytes (out);
}

/* ---- A fake host ---- */

typedef enum
{
  FAKE_SOCKET = 1,
  FAKE_FILE,
  FAKE_DIR,
} FakeKind;

typedef struct
{
  GHashTable *kinds; /* path → FakeKind */
  GHashTable *files; /* path → GBytes */
} FakeHost;

static gboolean
fake_path_exists (const char *path, gpointer user_data)
{
  FakeHost *host = user_data;

  return g_hash_table_contains (host->kinds, path);
}

static gboolean
fake_is_socket (const char *path, gpointer user_data)
{
  FakeHost *host = user_data;

  return GPOINTER_TO_INT (g_hash_table_lookup (host->kinds, path)) == FAKE_SOCKET;
}

static GBytes *
fake_read_file (const char *path, gpointer user_data)
{
  FakeHost *host = user_data;
  GBytes *bytes = g_hash_table_lookup (host->files, path);

  return bytes != NULL ? g_bytes_ref (bytes) : NULL;
}

static void
fake_host_init (FakeHost *host, HutchHostEnv *env, const char *const *environ_,
                const char *runtime_dir)
{
  host->kinds = g_hash_table_new (g_str_hash, g_str_equal);
  host->files
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_bytes_unref);
  memset (env, 0, sizeof *env);
  env->uid = 1000;
  env->gid = 1000;
  env->user_name = "user";
  env->home = "/home/user";
  env->runtime_dir = runtime_dir;
  env->environ = environ_;
  /* A case gives the host name the kernel would as HOSTNAME in its environ. */
  env->hostname = hutch_host_env_getenv (env, "HOSTNAME");
  env->path_exists = fake_path_exists;
  env->is_socket = fake_is_socket;
  env->read_file = fake_read_file;
  env->user_data = host;
}

static void
fake_host_clear (FakeHost *host)
{
  g_hash_table_unref (host->kinds);
  g_hash_table_unref (host->files);
}

/* "s:/path" a socket, "f:/path" a file, "d:/path" a directory. */
static void
fake_host_add (FakeHost *host, const char *spec)
{
  FakeKind kind = spec[0] == 's' ? FAKE_SOCKET : spec[0] == 'f' ? FAKE_FILE : FAKE_DIR;

  g_assert_true (strchr ("sfd", spec[0]) != NULL && spec[1] == ':');
  g_hash_table_insert (host->kinds, (gpointer)(spec + 2), GINT_TO_POINTER (kind));
}

static void
fake_host_add_file (FakeHost *host, const char *path, GBytes *contents)
{
  g_hash_table_insert (host->kinds, (gpointer)path, GINT_TO_POINTER (FAKE_FILE));
  g_hash_table_insert (host->files, (gpointer)path, g_bytes_ref (contents));
}

/* ---- Rendering a plan ---- */

static char *
render_op (const HutchPlanOp *op)
{
  static const char *const kinds[] = {
    [HUTCH_PLAN_BIND] = "bind",         [HUTCH_PLAN_RO_BIND] = "ro-bind",
    [HUTCH_PLAN_DEV_BIND] = "dev-bind", [HUTCH_PLAN_TMPFS] = "tmpfs",
    [HUTCH_PLAN_DIR] = "dir",           [HUTCH_PLAN_SYMLINK] = "symlink",
    [HUTCH_PLAN_RO_DATA] = "ro-data",   [HUTCH_PLAN_PROC] = "proc",
    [HUTCH_PLAN_DEV] = "dev",           [HUTCH_PLAN_REMOUNT_RO] = "remount-ro",
  };
  GString *s = g_string_new (kinds[op->kind]);

  if (op->flags & HUTCH_PLAN_FLAG_TRY)
    g_string_append (s, "-try");
  if (op->perms != 0)
    g_string_append_printf (s, " %04o", op->perms);
  if (op->source != NULL)
    g_string_append_printf (s, " %s →", op->source);
  g_string_append_printf (s, " %s", op->dest);
  return g_string_free (s, FALSE);
}

/* Compare whole lists, and show both when they differ. */
static void
assert_list (const char *what, GPtrArray *actual, const char *const *expected)
{
  g_autofree char *actual_text = NULL;
  g_autofree char *expected_text = NULL;

  g_ptr_array_add (actual, NULL);
  actual_text = g_strjoinv ("\n", (char **)actual->pdata);
  g_ptr_array_remove_index (actual, actual->len - 1);
  expected_text = g_strjoinv ("\n", (char **)expected);
  if (g_strcmp0 (actual_text, expected_text) != 0)
    g_test_message ("%s:\n--- expected\n%s\n--- got\n%s", what, expected_text, actual_text);
  g_assert_cmpstr (actual_text, ==, expected_text);
}

/* ---- The table ---- */

typedef void (*RunFunc) (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg);

#define N_ITEMS 10

typedef struct
{
  const char *name;
  RunFunc run;
  guint arg;
  gboolean no_runtime_dir; /* the host has no $XDG_RUNTIME_DIR */
  const char *environ[N_ITEMS];
  const char *paths[N_ITEMS]; /* fake_host_add() specs */
  const char *xauth_path;     /* where xauth_file lives, if anywhere */
  const XRec *xauth_file;
  const XRec *xauth_cut; /* a record cut short after the others */
  gsize xauth_cut_len;
  const char *ops[N_ITEMS];
  const XRec *xauth_expected; /* the data of the ro-data op, if any */
  const char *setenv[N_ITEMS];
  const char *unsetenv[N_ITEMS];
  const char *warnings[N_ITEMS];
} HostCase;

static void
run_x11 (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_x11 (plan, env, (arg & 1) != 0, (arg & 2) != 0);
}

#define X11_FALLBACK    1
#define X11_HAS_WAYLAND 2

static void
run_wayland (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_wayland (plan, env);
}

static void
run_pulseaudio (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_pulseaudio (plan, env);
}

static void
run_pipewire (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_pipewire (plan, env);
}

static void
run_session_bus (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_session_bus (plan, env);
}

static void
run_system_bus (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_system_bus (plan, env);
}

static void
run_ssh_agent (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_ssh_agent (plan, env);
}

static void
run_gpg_agent (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_gpg_agent (plan, env);
}

static void
run_pcsc (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_pcsc (plan, env);
}

static void
run_cups (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_cups (plan, env);
}

static void
run_devices (HutchSandboxPlan *plan, const HutchHostEnv *env, guint arg)
{
  hutch_host_devices (plan, env, arg);
}

#define X0            "s:/tmp/.X11-unix/X0"
#define X0_BIND       "tmpfs /tmp/.X11-unix", "ro-bind /tmp/.X11-unix/X0 → /tmp/.X11-unix/X99"
#define XAUTH_SANDBOX "/run/user/1000/Xauthority"
#define HOME_XAUTH    "/home/user/.Xauthority"

/* The user's ~/.Xauthority: display 0 here (local and wild), display 0 of
 * another machine, other displays, TCP records, a record for every
 * display. */
static const XRec xauth_mixed[] = {
  { FAMILY_LOCAL, "myhost", "0", MIT, "cookie-local-0" },
  { FAMILY_LOCAL, "otherhost", "0", MIT, "cookie-other-machine" },
  { FAMILY_LOCAL, "myhost", "1", MIT, "cookie-local-1" },
  { FAMILY_INTERNET, "\x7f\x01\x01\x01", "0", MIT, "cookie-tcp-0" },
  { FAMILY_WILD, "", "0", MIT, "cookie-wild-0" },
  { FAMILY_WILD, "", "10", MIT, "cookie-wild-10" },
  { FAMILY_LOCAL, "myhost", "", MIT, "cookie-every-display" },
  { FAMILY_LOCAL, "myhost", "00", MIT, "cookie-not-quite-0" },
  { FAMILY_LOCAL, "myhost", "0", "XDM-AUTHORIZATION-1", "xdm-secret" },
  XREC_END,
};

static const XRec xauth_mixed_for_0[] = {
  { FAMILY_LOCAL, "myhost", "99", MIT, "cookie-local-0" },
  { FAMILY_WILD, "", "99", MIT, "cookie-wild-0" },
  { FAMILY_LOCAL, "myhost", "99", "XDM-AUTHORIZATION-1", "xdm-secret" },
  XREC_END,
};

static const XRec xauth_display_3[] = {
  { FAMILY_LOCAL, "myhost", "3", MIT, "cookie-3" },
  XREC_END,
};

static const XRec xauth_display_3_for_3[] = {
  { FAMILY_LOCAL, "myhost", "99", MIT, "cookie-3" },
  XREC_END,
};

static const XRec xauth_wild_0[] = {
  { FAMILY_WILD, "", "0", MIT, "mutter-cookie" },
  XREC_END,
};

static const XRec xauth_wild_0_for_0[] = {
  { FAMILY_WILD, "", "99", MIT, "mutter-cookie" },
  XREC_END,
};

static const XRec xauth_truncated_last = { FAMILY_LOCAL, "myhost", "0", MIT, "cut-cookie" };

/* clang-format off */
static const HostCase host_cases[] = {
  /* ---- X11 ---- */
  { "x11/display-0", run_x11, 0,
    .environ = { "DISPLAY=:0", "HOSTNAME=myhost" },
    .paths = { X0 },
    .ops = { X0_BIND },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/screen-kept", run_x11, 0,
    .environ = { "DISPLAY=:0.1" },
    .paths = { X0 },
    .ops = { X0_BIND },
    .setenv = { "DISPLAY=:99.1" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/unix-protocol", run_x11, 0,
    .environ = { "DISPLAY=unix:0" },
    .paths = { X0 },
    .ops = { X0_BIND },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/unix-slash-screen", run_x11, 0,
    .environ = { "DISPLAY=unix/:3.2", "HOSTNAME=myhost" },
    .paths = { "s:/tmp/.X11-unix/X3", X0 },
    .xauth_path = HOME_XAUTH,
    .xauth_file = xauth_display_3,
    .ops = { "tmpfs /tmp/.X11-unix",
             "ro-bind /tmp/.X11-unix/X3 → /tmp/.X11-unix/X99",
             "ro-data " XAUTH_SANDBOX },
    .xauth_expected = xauth_display_3_for_3,
    .setenv = { "DISPLAY=:99.2", "XAUTHORITY=" XAUTH_SANDBOX } },
  { "x11/leading-zeros", run_x11, 0,
    .environ = { "DISPLAY=:007" },
    .paths = { "s:/tmp/.X11-unix/X7" },
    .ops = { "tmpfs /tmp/.X11-unix", "ro-bind /tmp/.X11-unix/X7 → /tmp/.X11-unix/X99" },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/ssh-forwarded", run_x11, 0,
    .environ = { "DISPLAY=localhost:10.0" },
    .paths = { X0, "s:/tmp/.X11-unix/X10" },
    .warnings = { "the x11 socket was granted but DISPLAY “localhost:10.0” is not a display "
                  "on this machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/tcp-host", run_x11, 0,
    .environ = { "DISPLAY=example.org:0" },
    .paths = { X0 },
    .warnings = { "the x11 socket was granted but DISPLAY “example.org:0” is not a display on "
                  "this machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/decnet", run_x11, 0,
    .environ = { "DISPLAY=::0" },
    .paths = { X0 },
    .warnings = { "the x11 socket was granted but DISPLAY “::0” is not a display on this "
                  "machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/not-a-number", run_x11, 0,
    .environ = { "DISPLAY=:0x1" },
    .paths = { X0 },
    .warnings = { "the x11 socket was granted but DISPLAY “:0x1” is not a display on this "
                  "machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/empty-screen", run_x11, 0,
    .environ = { "DISPLAY=:0." },
    .paths = { X0 },
    .warnings = { "the x11 socket was granted but DISPLAY “:0.” is not a display on this "
                  "machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/path-in-display", run_x11, 0,
    .environ = { "DISPLAY=:0/../../etc" },
    .paths = { X0 },
    .warnings = { "the x11 socket was granted but DISPLAY “:0/../../etc” is not a display on "
                  "this machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/huge-number", run_x11, 0,
    .environ = { "DISPLAY=:99999999999999999999" },
    .paths = { X0 },
    .warnings = { "the x11 socket was granted but DISPLAY “:99999999999999999999” is not a "
                  "display on this machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/escape-in-display", run_x11, 0,
    .environ = { "DISPLAY=\033]0;pwned\007" },
    .warnings = { "the x11 socket was granted but DISPLAY “\\x1b]0;pwned\\x07” is not a "
                  "display on this machine (:N, :N.S, unix:N or unix/:N)" } },
  { "x11/no-display", run_x11, 0,
    .paths = { X0 },
    .warnings = { "the x11 socket was granted but DISPLAY is not set" } },
  { "x11/empty-display", run_x11, 0,
    .environ = { "DISPLAY=" },
    .warnings = { "the x11 socket was granted but DISPLAY is not set" } },
  { "x11/no-socket", run_x11, 0,
    .environ = { "DISPLAY=:1" },
    .paths = { X0, "f:/tmp/.X11-unix/X1" },
    .warnings = { "the x11 socket was granted but there is no socket at “/tmp/.X11-unix/X1”" } },
  { "x11/fallback-with-wayland", run_x11, X11_FALLBACK | X11_HAS_WAYLAND,
    .environ = { "DISPLAY=:0" },
    .paths = { X0 } },
  { "x11/fallback-without-wayland", run_x11, X11_FALLBACK,
    .environ = { "DISPLAY=:0" },
    .paths = { X0 },
    .ops = { X0_BIND },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/granted-with-wayland", run_x11, X11_HAS_WAYLAND,
    .environ = { "DISPLAY=:0" },
    .paths = { X0 },
    .ops = { X0_BIND },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/xauth-filtered", run_x11, 0,
    .environ = { "DISPLAY=:0", "HOSTNAME=myhost" },
    .paths = { X0 },
    .xauth_path = HOME_XAUTH,
    .xauth_file = xauth_mixed,
    .ops = { X0_BIND, "ro-data " XAUTH_SANDBOX },
    .xauth_expected = xauth_mixed_for_0,
    .setenv = { "DISPLAY=:99", "XAUTHORITY=" XAUTH_SANDBOX } },
  { "x11/xauth-other-display", run_x11, 0,
    .environ = { "DISPLAY=:1.0", "HOSTNAME=myhost" },
    .paths = { "s:/tmp/.X11-unix/X1" },
    .xauth_path = HOME_XAUTH,
    .xauth_file = xauth_mixed,
    .ops = { "tmpfs /tmp/.X11-unix",
             "ro-bind /tmp/.X11-unix/X1 → /tmp/.X11-unix/X99",
             "ro-data " XAUTH_SANDBOX },
    .xauth_expected = (const XRec[]) {
      { FAMILY_LOCAL, "myhost", "99", MIT, "cookie-local-1" },
      XREC_END,
    },
    .setenv = { "DISPLAY=:99.0", "XAUTHORITY=" XAUTH_SANDBOX } },
  { "x11/xauth-other-host-name", run_x11, 0,
    .environ = { "DISPLAY=:0", "HOSTNAME=otherhost" },
    .paths = { X0 },
    .xauth_path = HOME_XAUTH,
    .xauth_file = xauth_mixed,
    .ops = { X0_BIND, "ro-data " XAUTH_SANDBOX },
    .xauth_expected = (const XRec[]) {
      { FAMILY_LOCAL, "otherhost", "99", MIT, "cookie-other-machine" },
      { FAMILY_WILD, "", "99", MIT, "cookie-wild-0" },
      XREC_END,
    },
    .setenv = { "DISPLAY=:99", "XAUTHORITY=" XAUTH_SANDBOX } },
  { "x11/xauth-from-variable", run_x11, 0,
    .environ = { "DISPLAY=:0", "XAUTHORITY=/run/user/1000/.mutter-Xwaylandauth.ABC123" },
    .paths = { X0 },
    .xauth_path = "/run/user/1000/.mutter-Xwaylandauth.ABC123",
    .xauth_file = xauth_wild_0,
    .ops = { X0_BIND, "ro-data " XAUTH_SANDBOX },
    .xauth_expected = xauth_wild_0_for_0,
    .setenv = { "DISPLAY=:99", "XAUTHORITY=" XAUTH_SANDBOX } },
  { "x11/xauth-variable-wins-over-home", run_x11, 0,
    .environ = { "DISPLAY=:0", "XAUTHORITY=/tmp/missing", "HOSTNAME=myhost" },
    .paths = { X0 },
    .xauth_path = HOME_XAUTH,
    .xauth_file = xauth_mixed,
    .ops = { X0_BIND },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/xauth-no-match", run_x11, 0,
    .environ = { "DISPLAY=:5", "HOSTNAME=myhost" },
    .paths = { "s:/tmp/.X11-unix/X5" },
    .xauth_path = HOME_XAUTH,
    .xauth_file = xauth_mixed,
    .ops = { "tmpfs /tmp/.X11-unix", "ro-bind /tmp/.X11-unix/X5 → /tmp/.X11-unix/X99" },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  { "x11/xauth-truncated-record", run_x11, 0,
    .environ = { "DISPLAY=:0", "HOSTNAME=myhost" },
    .paths = { X0 },
    .xauth_path = HOME_XAUTH,
    .xauth_file = xauth_wild_0,
    .xauth_cut = &xauth_truncated_last,
    .xauth_cut_len = 20,
    .ops = { X0_BIND, "ro-data " XAUTH_SANDBOX },
    .xauth_expected = xauth_wild_0_for_0,
    .setenv = { "DISPLAY=:99", "XAUTHORITY=" XAUTH_SANDBOX } },
  { "x11/xauth-only-truncated", run_x11, 0,
    .environ = { "DISPLAY=:0", "HOSTNAME=myhost" },
    .paths = { X0 },
    .xauth_path = HOME_XAUTH,
    .xauth_cut = &xauth_truncated_last,
    .xauth_cut_len = 35,
    .ops = { X0_BIND },
    .setenv = { "DISPLAY=:99" },
    .unsetenv = { "XAUTHORITY" } },
  /* ---- Wayland ---- */
  { "wayland/default", run_wayland, 0,
    .paths = { "s:/run/user/1000/wayland-0" },
    .ops = { "ro-bind /run/user/1000/wayland-0 → /run/user/1000/wayland-0" },
    .setenv = { "WAYLAND_DISPLAY=wayland-0" } },
  { "wayland/named", run_wayland, 0,
    .environ = { "WAYLAND_DISPLAY=wayland-1" },
    .paths = { "s:/run/user/1000/wayland-0", "s:/run/user/1000/wayland-1" },
    .ops = { "ro-bind /run/user/1000/wayland-1 → /run/user/1000/wayland-0" },
    .setenv = { "WAYLAND_DISPLAY=wayland-0" } },
  { "wayland/absolute", run_wayland, 0,
    .environ = { "WAYLAND_DISPLAY=/tmp/nested/compositor.sock" },
    .paths = { "s:/tmp/nested/compositor.sock" },
    .ops = { "ro-bind /tmp/nested/compositor.sock → /run/user/1000/wayland-0" },
    .setenv = { "WAYLAND_DISPLAY=wayland-0" } },
  { "wayland/absolute-without-runtime-dir", run_wayland, 0, TRUE,
    .environ = { "WAYLAND_DISPLAY=/tmp/w" },
    .paths = { "s:/tmp/w" },
    .ops = { "ro-bind /tmp/w → /run/user/1000/wayland-0" },
    .setenv = { "WAYLAND_DISPLAY=wayland-0" } },
  { "wayland/no-runtime-dir", run_wayland, 0, TRUE,
    .environ = { "WAYLAND_DISPLAY=wayland-0" },
    .warnings = { "the wayland socket was granted but XDG_RUNTIME_DIR is not set" } },
  { "wayland/absent", run_wayland, 0,
    .warnings = { "the wayland socket was granted but there is no socket at "
                  "“/run/user/1000/wayland-0”" } },
  { "wayland/a-file", run_wayland, 0,
    .environ = { "WAYLAND_DISPLAY=/home/user/.ssh/id_ed25519" },
    .paths = { "f:/home/user/.ssh/id_ed25519" },
    .warnings = { "the wayland socket was granted but there is no socket at "
                  "“/home/user/.ssh/id_ed25519”" } },
  /* ---- PulseAudio ---- */
  { "pulseaudio/default", run_pulseaudio, 0,
    .paths = { "s:/run/user/1000/pulse/native" },
    .ops = { "ro-bind /run/user/1000/pulse/native → /run/user/1000/pulse/native" },
    .setenv = { "PULSE_SERVER=unix:/run/user/1000/pulse/native" } },
  { "pulseaudio/unix-server", run_pulseaudio, 0,
    .environ = { "PULSE_SERVER=unix:/tmp/pulse-xyz/native" },
    .paths = { "s:/tmp/pulse-xyz/native", "s:/run/user/1000/pulse/native" },
    .ops = { "ro-bind /tmp/pulse-xyz/native → /run/user/1000/pulse/native" },
    .setenv = { "PULSE_SERVER=unix:/run/user/1000/pulse/native" } },
  { "pulseaudio/bare-path", run_pulseaudio, 0,
    .environ = { "PULSE_SERVER= /tmp/pulse-xyz/native " },
    .paths = { "s:/tmp/pulse-xyz/native" },
    .ops = { "ro-bind /tmp/pulse-xyz/native → /run/user/1000/pulse/native" },
    .setenv = { "PULSE_SERVER=unix:/run/user/1000/pulse/native" } },
  { "pulseaudio/runtime-path", run_pulseaudio, 0,
    .environ = { "PULSE_RUNTIME_PATH=/tmp/pulse-rt" },
    .paths = { "s:/tmp/pulse-rt/native" },
    .ops = { "ro-bind /tmp/pulse-rt/native → /run/user/1000/pulse/native" },
    .setenv = { "PULSE_SERVER=unix:/run/user/1000/pulse/native" } },
  { "pulseaudio/tcp", run_pulseaudio, 0,
    .environ = { "PULSE_SERVER=tcp:localhost:4713" },
    .paths = { "s:/run/user/1000/pulse/native" },
    .warnings = { "the pulseaudio socket was granted but PULSE_SERVER “tcp:localhost:4713” is "
                  "not one local server (unix:/PATH)" } },
  { "pulseaudio/list", run_pulseaudio, 0,
    .environ = { "PULSE_SERVER=unix:/tmp/a unix:/tmp/b" },
    .paths = { "s:/tmp/a", "s:/tmp/b" },
    .warnings = { "the pulseaudio socket was granted but PULSE_SERVER “unix:/tmp/a "
                  "unix:/tmp/b” is not one local server (unix:/PATH)" } },
  { "pulseaudio/relative", run_pulseaudio, 0,
    .environ = { "PULSE_SERVER=unix:native" },
    .warnings = { "the pulseaudio socket was granted but PULSE_SERVER “unix:native” is not "
                  "one local server (unix:/PATH)" } },
  { "pulseaudio/absent", run_pulseaudio, 0,
    .warnings = { "the pulseaudio socket was granted but there is no socket at "
                  "“/run/user/1000/pulse/native”" } },
  { "pulseaudio/no-runtime-dir", run_pulseaudio, 0, TRUE,
    .warnings = { "the pulseaudio socket was granted but XDG_RUNTIME_DIR is not set" } },
  /* ---- PipeWire ---- */
  { "pipewire/default", run_pipewire, 0,
    .paths = { "s:/run/user/1000/pipewire-0", "s:/run/user/1000/pipewire-0-manager" },
    .ops = { "ro-bind /run/user/1000/pipewire-0 → /run/user/1000/pipewire-0" },
    .unsetenv = { "PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR" } },
  { "pipewire/remote", run_pipewire, 0,
    .environ = { "PIPEWIRE_REMOTE=pipewire-1" },
    .paths = { "s:/run/user/1000/pipewire-0", "s:/run/user/1000/pipewire-1" },
    .ops = { "ro-bind /run/user/1000/pipewire-1 → /run/user/1000/pipewire-0" },
    .unsetenv = { "PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR" } },
  { "pipewire/absolute-remote", run_pipewire, 0,
    .environ = { "PIPEWIRE_REMOTE=/tmp/pw/socket" },
    .paths = { "s:/tmp/pw/socket" },
    .ops = { "ro-bind /tmp/pw/socket → /run/user/1000/pipewire-0" },
    .unsetenv = { "PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR" } },
  { "pipewire/runtime-dir", run_pipewire, 0, TRUE,
    .environ = { "PIPEWIRE_RUNTIME_DIR=/tmp/pw" },
    .paths = { "s:/tmp/pw/pipewire-0" },
    .ops = { "ro-bind /tmp/pw/pipewire-0 → /run/user/1000/pipewire-0" },
    .unsetenv = { "PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR" } },
  { "pipewire/absent", run_pipewire, 0,
    .warnings = { "the pipewire socket was granted but there is no socket at "
                  "“/run/user/1000/pipewire-0”" } },
  { "pipewire/no-runtime-dir", run_pipewire, 0, TRUE,
    .warnings = { "the pipewire socket was granted but XDG_RUNTIME_DIR is not set" } },
  /* ---- Session bus ---- */
#define SESSION_BIND "ro-bind /run/user/1000/bus → /run/user/1000/bus"
#define SESSION_ENV  "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus"
  { "session-bus/default", run_session_bus, 0,
    .paths = { "s:/run/user/1000/bus" },
    .ops = { SESSION_BIND },
    .setenv = { SESSION_ENV } },
  { "session-bus/path", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus" },
    .paths = { "s:/run/user/1000/bus" },
    .ops = { SESSION_BIND },
    .setenv = { SESSION_ENV } },
  { "session-bus/guid", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/dbus-AbC,"
                 "guid=0123456789abcdef0123456789abcdef" },
    .paths = { "s:/tmp/dbus-AbC" },
    .ops = { "ro-bind /tmp/dbus-AbC → /run/user/1000/bus" },
    .setenv = { SESSION_ENV } },
  { "session-bus/guid-first", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:guid=0123,path=/tmp/bus" },
    .paths = { "s:/tmp/bus" },
    .ops = { "ro-bind /tmp/bus → /run/user/1000/bus" },
    .setenv = { SESSION_ENV } },
  { "session-bus/escapes", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/my%20bus%3a1%2C2%3b%25" },
    .paths = { "s:/tmp/my bus:1,2;%" },
    .ops = { "ro-bind /tmp/my bus:1,2;% → /run/user/1000/bus" },
    .setenv = { SESSION_ENV } },
  { "session-bus/escaped-plain-bytes", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=%2ftmp%2F%62us" },
    .paths = { "s:/tmp/bus" },
    .ops = { "ro-bind /tmp/bus → /run/user/1000/bus" },
    .setenv = { SESSION_ENV } },
  { "session-bus/abstract-then-path", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:abstract=/tmp/dbus-X,guid=00;"
                 "unix:path=/run/user/1000/bus;" },
    .paths = { "s:/run/user/1000/bus" },
    .ops = { SESSION_BIND },
    .setenv = { SESSION_ENV } },
  { "session-bus/tcp-then-path", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=tcp:host=localhost,port=4000;"
                 "unix:path=/tmp/b1;unix:path=/tmp/b2" },
    .paths = { "s:/tmp/b1", "s:/tmp/b2" },
    .ops = { "ro-bind /tmp/b1 → /run/user/1000/bus" },
    .setenv = { SESSION_ENV } },
  { "session-bus/abstract", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:abstract=/tmp/dbus-Ej4ZxT,guid=1234" },
    .paths = { "s:/run/user/1000/bus" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: the D-Bus address “unix:abstract=/tmp/dbus-Ej4ZxT,guid=1234” has no "
                  "unix:path= entry with an absolute path (abstract sockets, tcp: and the "
                  "other transports cannot be given to a sandbox)" } },
  { "session-bus/tmpdir", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:tmpdir=/tmp" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: the D-Bus address “unix:tmpdir=/tmp” has no unix:path= entry with an "
                  "absolute path (abstract sockets, tcp: and the other transports cannot be "
                  "given to a sandbox)" } },
  { "session-bus/tcp", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=tcp:host=localhost,port=4000" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: the D-Bus address “tcp:host=localhost,port=4000” has no unix:path= "
                  "entry with an absolute path (abstract sockets, tcp: and the other "
                  "transports cannot be given to a sandbox)" } },
  { "session-bus/path-and-abstract", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/bus,abstract=/tmp/bus" },
    .paths = { "s:/tmp/bus" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: the D-Bus address “unix:path=/tmp/bus,abstract=/tmp/bus” has no "
                  "unix:path= entry with an absolute path (abstract sockets, tcp: and the "
                  "other transports cannot be given to a sandbox)" } },
  { "session-bus/bad-escape", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/bus%2" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: “unix:path=/tmp/bus%2” is not a valid D-Bus address: a “%” is not "
                  "followed by two hex digits" } },
  { "session-bus/nul-escape", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus%00.evil" },
    .paths = { "s:/run/user/1000/bus" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: “unix:path=/run/user/1000/bus%00.evil” is not a valid D-Bus address: "
                  "a value contains %00 (a NUL byte)" } },
  { "session-bus/unescaped-space", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/my bus" },
    .paths = { "s:/tmp/my bus" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: “unix:path=/tmp/my bus” is not a valid D-Bus address: “ ” must be "
                  "written as a %-escape in a value" } },
  { "session-bus/syntax-error-after-good-entry", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus;garbage" },
    .paths = { "s:/run/user/1000/bus" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: “unix:path=/run/user/1000/bus;garbage” is not a valid D-Bus address: "
                  "an entry does not start with a transport name and “:”" } },
  { "session-bus/duplicate-key", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/a,path=/tmp/b" },
    .paths = { "s:/tmp/a", "s:/tmp/b" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: “unix:path=/tmp/a,path=/tmp/b” is not a valid D-Bus address: the key "
                  "“path” appears twice in an entry" } },
  { "session-bus/relative-path", run_session_bus, 0,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=bus" },
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS cannot be "
                  "used: the D-Bus address “unix:path=bus” has no unix:path= entry with an "
                  "absolute path (abstract sockets, tcp: and the other transports cannot be "
                  "given to a sandbox)" } },
  { "session-bus/absent", run_session_bus, 0,
    .warnings = { "the session-bus socket was granted but there is no socket at "
                  "“/run/user/1000/bus”" } },
  { "session-bus/nothing-to-go-by", run_session_bus, 0, TRUE,
    .warnings = { "the session-bus socket was granted but DBUS_SESSION_BUS_ADDRESS is not set" } },
  { "session-bus/address-without-runtime-dir", run_session_bus, 0, TRUE,
    .environ = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/bus" },
    .paths = { "s:/tmp/bus" },
    .ops = { "ro-bind /tmp/bus → /run/user/1000/bus" },
    .setenv = { SESSION_ENV } },
  /* ---- System bus ---- */
#define SYSTEM_BUS "/run/dbus/system_bus_socket"
  { "system-bus/default", run_system_bus, 0,
    .paths = { "s:" SYSTEM_BUS },
    .ops = { "ro-bind " SYSTEM_BUS " → " SYSTEM_BUS },
    .setenv = { "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" SYSTEM_BUS } },
  { "system-bus/address", run_system_bus, 0,
    .environ = { "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/var/run/dbus/system_bus_socket" },
    .paths = { "s:/var/run/dbus/system_bus_socket" },
    .ops = { "ro-bind /var/run/dbus/system_bus_socket → " SYSTEM_BUS },
    .setenv = { "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" SYSTEM_BUS } },
  { "system-bus/tcp", run_system_bus, 0,
    .environ = { "DBUS_SYSTEM_BUS_ADDRESS=tcp:host=10.0.0.1,port=1" },
    .paths = { "s:" SYSTEM_BUS },
    .warnings = { "the system-bus socket was granted but DBUS_SYSTEM_BUS_ADDRESS cannot be "
                  "used: the D-Bus address “tcp:host=10.0.0.1,port=1” has no unix:path= entry "
                  "with an absolute path (abstract sockets, tcp: and the other transports "
                  "cannot be given to a sandbox)" } },
  { "system-bus/absent", run_system_bus, 0,
    .warnings = { "the system-bus socket was granted but there is no socket at “" SYSTEM_BUS "”" } },
  /* ---- ssh agent ---- */
  { "ssh-auth/agent", run_ssh_agent, 0,
    .environ = { "SSH_AUTH_SOCK=/tmp/ssh-XXXXabcd/agent.1234" },
    .paths = { "s:/tmp/ssh-XXXXabcd/agent.1234" },
    .ops = { "ro-bind /tmp/ssh-XXXXabcd/agent.1234 → /run/user/1000/ssh-auth" },
    .setenv = { "SSH_AUTH_SOCK=/run/user/1000/ssh-auth" } },
  { "ssh-auth/unset", run_ssh_agent, 0,
    .paths = { "s:/run/user/1000/keyring/ssh" },
    .warnings = { "the ssh-auth socket was granted but SSH_AUTH_SOCK is not set" } },
  { "ssh-auth/relative", run_ssh_agent, 0,
    .environ = { "SSH_AUTH_SOCK=agent.sock" },
    .paths = { "s:agent.sock" },
    .warnings = { "the ssh-auth socket was granted but “agent.sock” is not an absolute path" } },
  { "ssh-auth/absent", run_ssh_agent, 0,
    .environ = { "SSH_AUTH_SOCK=/tmp/ssh-gone/agent.1" },
    .warnings = { "the ssh-auth socket was granted but there is no socket at "
                  "“/tmp/ssh-gone/agent.1”" } },
  /* ---- gpg agent ---- */
  { "gpg-agent/standard-socket-only", run_gpg_agent, 0,
    .paths = { "s:/run/user/1000/gnupg/S.gpg-agent",
               "s:/run/user/1000/gnupg/S.gpg-agent.extra",
               "s:/run/user/1000/gnupg/S.gpg-agent.ssh",
               "s:/run/user/1000/gnupg/S.gpg-agent.browser" },
    .ops = { "dir 0700 /run/user/1000/gnupg",
             "ro-bind /run/user/1000/gnupg/S.gpg-agent → /run/user/1000/gnupg/S.gpg-agent" } },
  { "gpg-agent/absent", run_gpg_agent, 0,
    .paths = { "s:/run/user/1000/gnupg/S.gpg-agent.extra" },
    .warnings = { "the gpg-agent socket was granted but there is no socket at "
                  "“/run/user/1000/gnupg/S.gpg-agent”" } },
  { "gpg-agent/no-runtime-dir", run_gpg_agent, 0, TRUE,
    .warnings = { "the gpg-agent socket was granted but XDG_RUNTIME_DIR is not set" } },
  /* ---- PC/SC ---- */
  { "pcsc/default", run_pcsc, 0,
    .paths = { "s:/run/pcscd/pcscd.comm" },
    .ops = { "ro-bind /run/pcscd/pcscd.comm → /run/pcscd/pcscd.comm" },
    .setenv = { "PCSCLITE_CSOCK_NAME=/run/pcscd/pcscd.comm" } },
  { "pcsc/variable", run_pcsc, 0,
    .environ = { "PCSCLITE_CSOCK_NAME=/var/run/pcscd/custom.comm" },
    .paths = { "s:/var/run/pcscd/custom.comm", "s:/run/pcscd/pcscd.comm" },
    .ops = { "ro-bind /var/run/pcscd/custom.comm → /run/pcscd/pcscd.comm" },
    .setenv = { "PCSCLITE_CSOCK_NAME=/run/pcscd/pcscd.comm" } },
  { "pcsc/absent", run_pcsc, 0,
    .paths = { "d:/run/pcscd" },
    .warnings = { "the pcsc socket was granted but there is no socket at “/run/pcscd/pcscd.comm”" } },
  /* ---- CUPS ---- */
  { "cups/default", run_cups, 0,
    .paths = { "s:/run/cups/cups.sock" },
    .ops = { "ro-bind /run/cups/cups.sock → /run/cups/cups.sock" },
    .setenv = { "CUPS_SERVER=/run/cups/cups.sock" } },
  { "cups/socket-path", run_cups, 0,
    .environ = { "CUPS_SERVER=/var/run/cups/other.sock" },
    .paths = { "s:/var/run/cups/other.sock", "s:/run/cups/cups.sock" },
    .ops = { "ro-bind /var/run/cups/other.sock → /run/cups/cups.sock" },
    .setenv = { "CUPS_SERVER=/run/cups/cups.sock" } },
  { "cups/network-server", run_cups, 0,
    .environ = { "CUPS_SERVER=printhost:631" },
    .paths = { "s:/run/cups/cups.sock" },
    .ops = { "ro-bind /run/cups/cups.sock → /run/cups/cups.sock" },
    .setenv = { "CUPS_SERVER=/run/cups/cups.sock" },
    .warnings = { "CUPS_SERVER “printhost:631” is not a local socket; the cups socket grant "
                  "gives the local CUPS server, /run/cups/cups.sock" } },
  { "cups/absent", run_cups, 0,
    .warnings = { "the cups socket was granted but there is no socket at “/run/cups/cups.sock”" } },
  /* ---- Devices ---- */
#define ALL_DEVICES "d:/dev/dri", "d:/dev/input", "f:/dev/kvm", "d:/dev/shm"
  { "devices/none", run_devices, 0,
    .paths = { ALL_DEVICES } },
  { "devices/dri", run_devices, HUTCH_DEVICE_DRI,
    .paths = { ALL_DEVICES },
    .ops = { "dev-bind-try /dev/dri → /dev/dri" } },
  { "devices/each", run_devices,
    HUTCH_DEVICE_DRI | HUTCH_DEVICE_INPUT | HUTCH_DEVICE_KVM | HUTCH_DEVICE_SHM,
    .paths = { ALL_DEVICES },
    .ops = { "dev-bind-try /dev/dri → /dev/dri",
             "dev-bind-try /dev/input → /dev/input",
             "dev-bind-try /dev/kvm → /dev/kvm",
             "bind-try /dev/shm → /dev/shm" } },
  { "devices/missing", run_devices, HUTCH_DEVICE_DRI | HUTCH_DEVICE_KVM,
    .paths = { "d:/dev/dri", "d:/dev/shm" },
    .ops = { "dev-bind-try /dev/dri → /dev/dri" },
    .warnings = { "the kvm device was granted but “/dev/kvm” does not exist" } },
  { "devices/all", run_devices, HUTCH_DEVICE_ALL | HUTCH_DEVICE_DRI | HUTCH_DEVICE_KVM,
    .ops = { "dev-bind /dev → /dev" } },
};
/* clang-format on */

static void
test_host_case (gconstpointer data)
{
  const HostCase *tc = data;
  g_autoptr (HutchSandboxPlan) plan = hutch_sandbox_plan_new ();
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
  const HutchPlanOp *data_op = NULL;
  FakeHost host;
  HutchHostEnv env;

  fake_host_init (&host, &env, tc->environ, tc->no_runtime_dir ? NULL : "/run/user/1000");
  for (gsize i = 0; i < N_ITEMS && tc->paths[i] != NULL; i++)
    fake_host_add (&host, tc->paths[i]);
  if (tc->xauth_path != NULL)
    {
      g_autoptr (GBytes) file = build_xauth (tc->xauth_file, tc->xauth_cut, tc->xauth_cut_len);

      fake_host_add_file (&host, tc->xauth_path, file);
    }

  tc->run (plan, &env, tc->arg);

  for (guint i = 0; i < plan->ops->len; i++)
    {
      const HutchPlanOp *op = g_ptr_array_index (plan->ops, i);

      g_assert_true (g_path_is_absolute (op->dest));
      g_ptr_array_add (ops, render_op (op));
      if (op->kind == HUTCH_PLAN_RO_DATA)
        {
          g_assert_null (data_op);
          data_op = op;
        }
    }
  assert_list ("operations", ops, tc->ops);
  assert_list ("setenv", plan->setenv, tc->setenv);
  assert_list ("unsetenv", plan->unsetenv, tc->unsetenv);
  assert_list ("warnings", plan->warnings, tc->warnings);

  g_assert_true ((data_op != NULL) == (tc->xauth_expected != NULL));
  if (data_op != NULL)
    {
      g_autoptr (GBytes) expected = build_xauth (tc->xauth_expected, NULL, 0);

      g_assert_nonnull (data_op->data);
      g_assert_true (g_bytes_equal (data_op->data, expected));
    }
  fake_host_clear (&host);
}

/* Without $HOSTNAME, FamilyLocal records are matched by the kernel's host
 * name, as libxcb matches them. */
static void
test_x11_kernel_host_name (void)
{
  const char *name = g_get_host_name ();
  const XRec recs[] = {
    { FAMILY_LOCAL, "not-this-host.invalid", "0", MIT, "other" },
    { FAMILY_LOCAL, name, "0", MIT, "mine" },
    XREC_END,
  };
  const XRec expected[] = {
    { FAMILY_LOCAL, name, "99", MIT, "mine" },
    XREC_END,
  };
  const char *environ_[] = { "DISPLAY=:0", NULL };
  g_autoptr (HutchSandboxPlan) plan = hutch_sandbox_plan_new ();
  g_autoptr (GBytes) file = build_xauth (recs, NULL, 0);
  g_autoptr (GBytes) expected_file = build_xauth (expected, NULL, 0);
  const HutchPlanOp *op;
  FakeHost host;
  HutchHostEnv env;

  fake_host_init (&host, &env, environ_, "/run/user/1000");
  fake_host_add (&host, X0);
  fake_host_add_file (&host, HOME_XAUTH, file);
  hutch_host_x11 (plan, &env, FALSE, FALSE);
  g_assert_cmpuint (plan->ops->len, ==, 3);
  op = g_ptr_array_index (plan->ops, 2);
  g_assert_cmpint (op->kind, ==, HUTCH_PLAN_RO_DATA);
  g_assert_true (g_bytes_equal (op->data, expected_file));
  fake_host_clear (&host);
}

/* ---- hutch_xauth_parse / write / filter ---- */

static void
assert_field (GBytes *field, const char *expected)
{
  gsize len;
  const char *data = g_bytes_get_data (field, &len);

  g_assert_cmpmem (data, len, expected, strlen (expected));
}

static void
test_xauth_parse_round_trip (void)
{
  g_autoptr (GBytes) file = build_xauth (xauth_mixed, NULL, 0);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GBytes) written = NULL;
  gboolean complete = FALSE;
  gsize n = 0;

  entries = hutch_xauth_parse (file, &complete);
  g_assert_true (complete);
  while (xauth_mixed[n].number != NULL)
    n++;
  g_assert_cmpuint (entries->len, ==, n);
  for (guint i = 0; i < entries->len; i++)
    {
      const HutchXauthEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpuint (entry->family, ==, xauth_mixed[i].family);
      assert_field (entry->address, xauth_mixed[i].address);
      assert_field (entry->number, xauth_mixed[i].number);
      assert_field (entry->name, xauth_mixed[i].name);
      assert_field (entry->data, xauth_mixed[i].data);
    }
  written = hutch_xauth_write (entries);
  g_assert_true (g_bytes_equal (written, file));
}

/* Every prefix of a file: the complete records before the cut, no more. */
static void
test_xauth_every_truncation (void)
{
  g_autoptr (GBytes) file = build_xauth (xauth_mixed, NULL, 0);
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize end = 0;

  for (gsize i = 0; xauth_mixed[i].number != NULL; i++)
    {
      g_autoptr (GBytes) one = build_xauth ((const XRec[]){ xauth_mixed[i], XREC_END }, NULL, 0);

      end += g_bytes_get_size (one);
      g_array_append_val (ends, end);
    }
  g_assert_cmpuint (end, ==, size);

  for (gsize cut = 0; cut <= size; cut++)
    {
      /* A copy of exactly @cut bytes, so that ASan sees any read past it. */
      g_autofree guint8 *copy = g_memdup2 (data, cut);
      g_autoptr (GBytes) prefix = g_bytes_new_take (g_steal_pointer (&copy), cut);
      g_autoptr (GPtrArray) entries = NULL;
      gboolean complete;
      guint whole = 0;

      while (whole < ends->len && g_array_index (ends, gsize, whole) <= cut)
        whole++;
      entries = hutch_xauth_parse (prefix, &complete);
      g_assert_cmpuint (entries->len, ==, whole);
      g_assert_true (complete
                     == (cut == 0 || (whole > 0 && g_array_index (ends, gsize, whole - 1) == cut)));
    }
}

static void
test_xauth_garbage (void)
{
  static const guint8 garbage[][8] = {
    { 0xff },
    { 0x01, 0x00, 0xff, 0xff },
    { 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x30, 0xff },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    for (gsize len = 0; len <= sizeof garbage[i]; len++)
      {
        g_autoptr (GBytes) bytes = g_bytes_new (garbage[i], len);
        g_autoptr (GBytes) filtered = hutch_xauth_filter (bytes, "0", "myhost", "99");
        g_autoptr (GPtrArray) entries = hutch_xauth_parse (bytes, NULL);

        g_assert_null (filtered);
        g_assert_cmpuint (entries->len, ==, 0);
      }
}

static void
test_xauth_filter (void)
{
  g_autoptr (GBytes) file = build_xauth (xauth_mixed, NULL, 0);
  g_autoptr (GBytes) for_0 = hutch_xauth_filter (file, "0", "myhost", "99");
  g_autoptr (GBytes) expected_0 = build_xauth (xauth_mixed_for_0, NULL, 0);
  g_autoptr (GBytes) wild_only = hutch_xauth_filter (file, "0", NULL, "99");
  g_autoptr (GBytes) expected_wild = build_xauth (
      (const XRec[]){ { FAMILY_WILD, "", "7", MIT, "cookie-wild-0" }, XREC_END }, NULL, 0);
  g_autoptr (GBytes) none = hutch_xauth_filter (file, "2", "myhost", "99");
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr (GBytes) from_empty = hutch_xauth_filter (empty, "0", "myhost", "99");
  g_autoptr (GBytes) renumbered = hutch_xauth_filter (file, "0", NULL, "7");

  g_assert_true (g_bytes_equal (for_0, expected_0));
  g_assert_nonnull (wild_only);
  g_assert_true (g_bytes_equal (renumbered, expected_wild));
  g_assert_null (none);
  g_assert_null (from_empty);
}

/* Empty fields and the largest lengths a record can have. */
static void
test_xauth_field_lengths (void)
{
  g_autofree char *big = g_malloc (G_MAXUINT16 + 1);
  g_autoptr (GBytes) file = NULL;
  g_autoptr (GBytes) filtered = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gboolean complete;

  memset (big, 'x', G_MAXUINT16);
  big[G_MAXUINT16] = '\0';
  file = build_xauth ((const XRec[]){ { FAMILY_WILD, "", "0", "", "" },
                                      { FAMILY_WILD, big, "0", big, big },
                                      XREC_END },
                      NULL, 0);
  entries = hutch_xauth_parse (file, &complete);
  g_assert_true (complete);
  g_assert_cmpuint (entries->len, ==, 2);
  filtered = hutch_xauth_filter (file, "0", NULL, "99");
  g_assert_cmpuint (g_bytes_get_size (filtered), ==, g_bytes_get_size (file) + 2);
}

/* ---- hutch_dbus_address_unix_path ---- */

typedef struct
{
  const char *address;
  const char *path; /* NULL: an error */
} AddressCase;

static const AddressCase address_cases[] = {
  { "unix:path=/run/user/1000/bus", "/run/user/1000/bus" },
  { "unix:path=/tmp/a,guid=0123456789abcdef0123456789abcdef", "/tmp/a" },
  { "unix:path=/tmp/%41%62%2c%3B%3d", "/tmp/Ab,;=" },
  { "unix:path=/tmp/\\*-_.", "/tmp/\\*-_." },
  { "unix:path=/tmp/%e2%80%9c", "/tmp/\xe2\x80\x9c" },
  { "unix:path=/tmp/%ff", "/tmp/\xff" },
  { ";;unix:path=/tmp/a;;", "/tmp/a" },
  { "unix:abstract=/tmp/x;unix:path=/tmp/y", "/tmp/y" },
  { "unix:runtime=yes;unix:path=/tmp/y", "/tmp/y" },
  { "autolaunch:;unix:path=/tmp/y", "/tmp/y" },
  { "unix:path=/tmp/y,unknown=key", "/tmp/y" },
  { "unix:path=/tmp/first;unix:path=/tmp/second", "/tmp/first" },
  { "", NULL },
  { ";", NULL },
  { "unix", NULL },
  { ":path=/tmp/a", NULL },
  { "unix:", NULL },
  { "unix:path", NULL },
  { "unix:=x", NULL },
  { "unix:path=/tmp/a,", NULL },
  { "unix:,path=/tmp/a", NULL },
  { "unix:path=/tmp/a,,guid=1", NULL },
  { "unix:path=/tmp/a%", NULL },
  { "unix:path=/tmp/a%4", NULL },
  { "unix:path=/tmp/a%4g", NULL },
  { "unix:path=/tmp/a%00", NULL },
  { "unix:path=/tmp/a b", NULL },
  { "unix:path=/tmp/a:b", NULL },
  { "unix:path=/tmp/a=b", NULL },
  { "unix:path=/tmp/\xc3\xa9", NULL },
  { "unix:path=", NULL },
  { "unix:path=relative", NULL },
  { "unix:path=/tmp/a,path=/tmp/a", NULL },
  { "unix:path=/tmp/a,dir=/tmp", NULL },
  { "unix:path=/tmp/a,tmpdir=/tmp", NULL },
  { "unix:abstract=/tmp/a", NULL },
  { "UNIX:path=/tmp/a", NULL },
  { "tcp:host=localhost,port=1", NULL },
  { "nonce-tcp:host=localhost,port=1,noncefile=/tmp/n", NULL },
  { "unix:path=/tmp/ok;broken", NULL },
  { "unix:path=/tmp/ok;unix:path=/tmp/%zz", NULL },
};

static void
test_dbus_address (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (address_cases); i++)
    {
      const AddressCase *tc = &address_cases[i];
      g_autoptr (GError) error = NULL;
      g_autofree char *path = hutch_dbus_address_unix_path (tc->address, &error);

      g_test_message ("%s", tc->address);
      if (tc->path != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (path, ==, tc->path);
        }
      else
        {
          g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
          g_assert_null (path);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }
}

static void
test_dbus_address_escape (void)
{
  static const char *const values[] = {
    "/run/user/1000/bus", "/tmp/my bus:1,2;3=%", "/tmp/\xe2\x80\x9c\xff", "/tmp/\\*-_.", "/",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *escaped = hutch_dbus_address_escape_value (values[i]);
      g_autofree char *address = g_strconcat ("unix:path=", escaped, NULL);
      g_autofree char *path = hutch_dbus_address_unix_path (address, NULL);

      g_assert_cmpstr (path, ==, values[i]);
    }
  {
    g_autofree char *plain = hutch_dbus_address_escape_value ("/run/user/1000/bus");
    g_autofree char *escaped = hutch_dbus_address_escape_value ("a b,c");

    g_assert_cmpstr (plain, ==, "/run/user/1000/bus");
    g_assert_cmpstr (escaped, ==, "a%20b%2cc");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (host_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/host/", host_cases[i].name, NULL);

      g_test_add_data_func (path, &host_cases[i], test_host_case);
    }
  g_test_add_func ("/host/x11/kernel-host-name", test_x11_kernel_host_name);
  g_test_add_func ("/xauth/parse-round-trip", test_xauth_parse_round_trip);
  g_test_add_func ("/xauth/every-truncation", test_xauth_every_truncation);
  g_test_add_func ("/xauth/garbage", test_xauth_garbage);
  g_test_add_func ("/xauth/filter", test_xauth_filter);
  g_test_add_func ("/xauth/field-lengths", test_xauth_field_lengths);
  g_test_add_func ("/dbus-address/unix-path", test_dbus_address);
  g_test_add_func ("/dbus-address/escape", test_dbus_address_escape);
  return g_test_run ();
}
