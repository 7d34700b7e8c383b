/* Unit tests of hutch-launch's command-line parsing: the operation list,
 * the environment and every error, with no namespaces needed. */
#include "launch-options.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

/* A compact rendering of the operation list, e.g. "ro-bind /usr /usr; tmpfs /tmp 0700". */
static char *
describe_ops (const struct launch_config *cfg)
{
  static const char *const kinds[] = {
    [OP_BIND] = "bind", [OP_BIND_FD] = "bind-fd", [OP_TMPFS] = "tmpfs", [OP_DIR] = "dir",
    [OP_SYMLINK] = "symlink", [OP_FILE] = "file", [OP_BIND_DATA] = "bind-data",
    [OP_PROC] = "proc", [OP_DEV] = "dev", [OP_MQUEUE] = "mqueue", [OP_REMOUNT_RO] = "remount-ro",
  };
  GString *s = g_string_new (NULL);

  for (size_t i = 0; i < cfg->n_ops; i++)
    {
      const struct launch_op *op = &cfg->ops[i];
      if (i > 0)
        g_string_append (s, "; ");
      if (op->flags & OP_FLAG_READONLY)
        g_string_append (s, "ro-");
      if (op->flags & OP_FLAG_DEVICES)
        g_string_append (s, "dev-");
      g_string_append (s, kinds[op->kind]);
      if (op->flags & OP_FLAG_TRY)
        g_string_append (s, "-try");
      if (op->fd >= 0)
        g_string_append_printf (s, " fd%d", op->fd);
      if (op->source != NULL)
        g_string_append_printf (s, " %s", op->source);
      g_string_append_printf (s, " %s", op->dest);
      if (op->perms != LAUNCH_PERMS_DEFAULT)
        g_string_append_printf (s, " %04o", (unsigned) op->perms);
      if (op->size != 0)
        g_string_append_printf (s, " size=%lu", op->size);
    }
  return g_string_free (s, FALSE);
}

static gboolean
parse (const char *line, struct launch_config *cfg, struct launch_error *error)
{
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) local_error = NULL;
  static GPtrArray *keep; /* argv strings must outlive the config */

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, &local_error));
  g_assert_no_error (local_error);
  if (keep == NULL)
    keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (keep, g_strdupv (argv));
  return launch_config_parse (cfg, (int) g_strv_length (argv),
                              g_ptr_array_index (keep, keep->len - 1), error);
}

typedef struct
{
  const char *argv;
  const char *ops;
} OpsCase;

static const OpsCase ops_cases[] = {
  { "hutch-launch true", "" },
  { "hutch-launch --ro-bind /usr /usr --symlink usr/lib /lib true", "ro-bind /usr /usr; symlink usr/lib /lib" },
  { "hutch-launch --bind /a /b --bind-try /c /d --ro-bind-try /e /f --dev-bind /dev /dev --dev-bind-try /g /h true",
    "bind /a /b; bind-try /c /d; ro-bind-try /e /f; dev-bind /dev /dev; dev-bind-try /g /h" },
  { "hutch-launch --bind-fd 5 /x --ro-bind-fd 6 /y true", "bind-fd fd5 /x; ro-bind-fd fd6 /y" },
  { "hutch-launch --perms 0700 --size 1048576 --tmpfs /tmp --tmpfs /run true",
    "tmpfs /tmp 0700 size=1048576; tmpfs /run" },
  { "hutch-launch --perms 755 --dir /a/b --dir /c true", "dir /a/b 0755; dir /c" },
  { "hutch-launch --file 3 /etc/passwd --perms 0644 --ro-bind-data 4 /etc/group --bind-data 5 /x true",
    "file fd3 /etc/passwd; ro-bind-data fd4 /etc/group 0644; bind-data fd5 /x" },
  { "hutch-launch --proc /proc --dev /dev --mqueue /dev/mqueue --remount-ro /usr true",
    "proc /proc; dev /dev; mqueue /dev/mqueue; remount-ro /usr" },
  { "hutch-launch --unshare-all --unshare-user --unshare-net --disable-userns true", "" },
  /* A command that looks like an option is a command after "--". */
  { "hutch-launch --tmpfs /tmp -- --weird-command --ro-bind / /", "tmpfs /tmp" },
};

static void
test_ops (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (ops_cases); i++)
    {
      struct launch_config cfg;
      struct launch_error error;
      g_autofree char *ops = NULL;

      g_test_message ("%s", ops_cases[i].argv);
      g_assert_true (parse (ops_cases[i].argv, &cfg, &error));
      ops = describe_ops (&cfg);
      g_assert_cmpstr (ops, ==, ops_cases[i].ops);
      launch_config_clear (&cfg);
    }
}

static void
test_command (void)
{
  struct launch_config cfg;
  struct launch_error error;

  g_assert_true (parse ("hutch-launch --tmpfs /tmp -- --weird-command --ro-bind / /", &cfg, &error));
  g_assert_cmpstr (cfg.command[0], ==, "--weird-command");
  g_assert_cmpstr (cfg.command[1], ==, "--ro-bind");
  g_assert_null (cfg.command[4]);
  launch_config_clear (&cfg);

  g_assert_true (parse ("hutch-launch --argv0 foo sh -c 'exit 3'", &cfg, &error));
  g_assert_cmpstr (cfg.command[0], ==, "sh");
  g_assert_cmpstr (cfg.argv0, ==, "foo");
  launch_config_clear (&cfg);
}

static void
test_flags (void)
{
  struct launch_config cfg;
  struct launch_error error;

  g_assert_true (parse ("hutch-launch true", &cfg, &error));
  g_assert_false (cfg.share_net);
  g_assert_false (cfg.share_ipc);
  g_assert_false (cfg.no_seccomp);
  g_assert_cmpint (cfg.uid, ==, -1);
  g_assert_cmpint (cfg.info_fd, ==, -1);
  launch_config_clear (&cfg);

  g_assert_true (parse ("hutch-launch --share-net --share-ipc --new-session --die-with-parent "
                        "--uid 0 --gid 100 --hostname box --chdir /app --info-fd 7 "
                        "--json-status-fd 8 --seccomp 9 --seccomp 10 --keep-fd 11 --no-seccomp true",
                        &cfg, &error));
  g_assert_true (cfg.share_net && cfg.share_ipc && cfg.new_session && cfg.die_with_parent);
  g_assert_true (cfg.no_seccomp);
  g_assert_cmpint (cfg.uid, ==, 0);
  g_assert_cmpint (cfg.gid, ==, 100);
  g_assert_cmpstr (cfg.hostname, ==, "box");
  g_assert_cmpstr (cfg.chdir_path, ==, "/app");
  g_assert_cmpint (cfg.info_fd, ==, 7);
  g_assert_cmpint (cfg.json_status_fd, ==, 8);
  g_assert_cmpuint (cfg.n_seccomp_fds, ==, 2);
  g_assert_cmpint (cfg.seccomp_fds[1], ==, 10);
  g_assert_cmpuint (cfg.n_keep_fds, ==, 1);
  launch_config_clear (&cfg);

  g_assert_true (parse ("hutch-launch --debug-disable caps,nnp,netns true", &cfg, &error));
  g_assert_cmpuint (cfg.debug_off, ==, DEBUG_OFF_CAPS | DEBUG_OFF_NNP | DEBUG_OFF_NETNS);
  g_assert_true (cfg.share_net); /* netns off means the host's network */
  launch_config_clear (&cfg);
}

typedef struct
{
  const char *argv;
  const char *message; /* a substring of the error */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "hutch-launch", "no command given" },
  { "hutch-launch --tmpfs /tmp", "no command given" },
  { "hutch-launch --tmpfs /tmp --", "no command given" },
  { "hutch-launch --frobnicate true", "unknown option “--frobnicate”" },
  { "hutch-launch --bind /a", "--bind needs 2 arguments" },
  { "hutch-launch --bind /a ''", "--bind: the destination is empty" },
  { "hutch-launch --file x /etc/passwd true", "--file: “x” is not a file descriptor number" },
  { "hutch-launch --file -1 /etc/passwd true", "“-1” is not a file descriptor number" },
  { "hutch-launch --file 99999999999 /etc/passwd true", "is not a file descriptor number" },
  { "hutch-launch --perms 0800 --tmpfs /x true", "--perms: “0800” is not an octal mode" },
  { "hutch-launch --perms 17777 --tmpfs /x true", "not an octal mode" },
  { "hutch-launch --perms 0700 --bind /a /b true", "--perms must be followed by --tmpfs, --dir, --file or --*-data, not --bind" },
  { "hutch-launch --perms 0700 true", "--perms must be followed by" },
  { "hutch-launch --size 100 --dir /x true", "--size must be followed by --tmpfs, not --dir" },
  { "hutch-launch --size 0 --tmpfs /x true", "“0” is not a size in bytes" },
  { "hutch-launch --size 12k --tmpfs /x true", "“12k” is not a size in bytes" },
  { "hutch-launch --uid root true", "--uid: “root” is not a valid ID" },
  { "hutch-launch --uid 4294967295 true", "is not a valid ID" },
  { "hutch-launch --setenv A=B C true", "“A=B” is not a valid environment variable name" },
  { "hutch-launch --unsetenv '' true", "is not a valid environment variable name" },
  { "hutch-launch --hostname 01234567890123456789012345678901234567890123456789012345678901234 true", "longer than 64 bytes" },
  { "hutch-launch --debug-disable caps,everything true", "unknown protection “everything”" },
};

static void
test_errors (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      struct launch_config cfg;
      struct launch_error error;

      g_test_message ("%s", error_cases[i].argv);
      g_assert_false (parse (error_cases[i].argv, &cfg, &error));
      if (strstr (error.message, error_cases[i].message) == NULL)
        g_error ("“%s”: expected “%s” in “%s”", error_cases[i].argv, error_cases[i].message,
                 error.message);
      launch_config_clear (&cfg);
    }
}

/* --args FD: options from a file descriptor, never the command. */
static void
test_args_fd (void)
{
  static const char good[] = "--tmpfs\0/tmp\0--setenv\0A\0b c\0";
  static const char with_command[] = "--tmpfs\0/tmp\0rm\0";
  static const char nested[] = "--args\0" "3\0";
  struct launch_config cfg;
  struct launch_error error;
  int fds[2];
  char line[64];
  g_autofree char *ops = NULL;

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], good, sizeof good - 1), ==, sizeof good - 1);
  close (fds[1]);
  g_snprintf (line, sizeof line, "hutch-launch --args %d --dir /x true", fds[0]);
  g_assert_true (parse (line, &cfg, &error));
  close (fds[0]);
  ops = describe_ops (&cfg);
  g_assert_cmpstr (ops, ==, "tmpfs /tmp; dir /x");
  g_assert_cmpuint (cfg.n_env_ops, ==, 1);
  g_assert_cmpstr (cfg.env_ops[0].value, ==, "b c");
  g_assert_cmpstr (cfg.command[0], ==, "true");
  launch_config_clear (&cfg);

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], with_command, sizeof with_command - 1), ==, sizeof with_command - 1);
  close (fds[1]);
  g_snprintf (line, sizeof line, "hutch-launch --args %d true", fds[0]);
  g_assert_false (parse (line, &cfg, &error));
  g_assert_nonnull (strstr (error.message, "“rm” is not an option"));
  close (fds[0]);
  launch_config_clear (&cfg);

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], nested, sizeof nested - 1), ==, sizeof nested - 1);
  close (fds[1]);
  g_snprintf (line, sizeof line, "hutch-launch --args %d true", fds[0]);
  g_assert_false (parse (line, &cfg, &error));
  g_assert_nonnull (strstr (error.message, "--args cannot be used inside --args"));
  close (fds[0]);
  launch_config_clear (&cfg);
}

static void
test_env (void)
{
  char *caller[] = { (char *) "A=1", (char *) "B=2", (char *) "PATH=/bin", NULL };
  struct launch_config cfg;
  struct launch_error error;
  char **result;

  g_assert_true (parse ("hutch-launch --unsetenv B --setenv A x --setenv C 'y z' true", &cfg, &error));
  result = launch_config_build_env (&cfg, caller);
  g_assert_cmpuint (g_strv_length (result), ==, 3);
  g_assert_cmpstr (result[0], ==, "PATH=/bin");
  g_assert_cmpstr (result[1], ==, "A=x");
  g_assert_cmpstr (result[2], ==, "C=y z");
  launch_env_free (result);
  launch_config_clear (&cfg);

  g_assert_true (parse ("hutch-launch --setenv A x --clearenv --setenv D 4 true", &cfg, &error));
  result = launch_config_build_env (&cfg, caller);
  g_assert_cmpuint (g_strv_length (result), ==, 1);
  g_assert_cmpstr (result[0], ==, "D=4");
  launch_env_free (result);
  launch_config_clear (&cfg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/launch/options/ops", test_ops);
  g_test_add_func ("/launch/options/command", test_command);
  g_test_add_func ("/launch/options/flags", test_flags);
  g_test_add_func ("/launch/options/errors", test_errors);
  g_test_add_func ("/launch/options/args-fd", test_args_fd);
  g_test_add_func ("/launch/options/env", test_env);
  return g_test_run ();
}
