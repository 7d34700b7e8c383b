/* hutch-launch: the command line, parsed into a plain description of the
 * sandbox (struct launch_config).  Parsing does nothing to the system except
 * reading the file descriptors given to --args; it is a pure function that
 * the unit tests drive directly.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum launch_op_kind
{
  OP_BIND,          /* --bind, --ro-bind, --dev-bind (flags say which) */
  OP_BIND_FD,       /* --bind-fd, --ro-bind-fd */
  OP_TMPFS,         /* --tmpfs */
  OP_DIR,           /* --dir */
  OP_SYMLINK,       /* --symlink */
  OP_FILE,          /* --file */
  OP_BIND_DATA,     /* --bind-data, --ro-bind-data */
  OP_PROC,          /* --proc */
  OP_DEV,           /* --dev */
  OP_MQUEUE,        /* --mqueue */
  OP_REMOUNT_RO,    /* --remount-ro */
};

enum
{
  OP_FLAG_TRY = 1 << 0,      /* a missing source is skipped */
  OP_FLAG_READONLY = 1 << 1, /* mounted read-only */
  OP_FLAG_DEVICES = 1 << 2,  /* device nodes work (no nodev) */
};

#define LAUNCH_PERMS_DEFAULT ((mode_t) -1)

struct launch_op
{
  enum launch_op_kind kind;
  unsigned flags;
  const char *source; /* host path of a bind, or target of a symlink */
  const char *dest;   /* path in the sandbox */
  int fd;             /* --file, --*-data, --*-bind-fd; else -1 */
  dev_t fd_dev;       /* --*-bind-fd: what the fd is, recorded before clone() */
  ino_t fd_ino;
  mode_t perms;       /* --perms, or LAUNCH_PERMS_DEFAULT */
  unsigned long size; /* --size for --tmpfs, 0 for the default */
};

enum launch_env_kind
{
  ENV_SET,
  ENV_UNSET,
  ENV_CLEAR,
};

struct launch_env_op
{
  enum launch_env_kind kind;
  const char *name;
  const char *value;
};

/* Protections a test may switch off to show that its check can fail.
 * Never used by `app`; documented in hutch-launch(1) as test-only. */
enum
{
  DEBUG_OFF_CAPS = 1 << 0,            /* keep capabilities */
  DEBUG_OFF_NNP = 1 << 1,             /* no PR_SET_NO_NEW_PRIVS */
  DEBUG_OFF_SECCOMP = 1 << 2,         /* same as --no-seccomp */
  DEBUG_OFF_NETNS = 1 << 3,           /* same as --share-net */
  DEBUG_OFF_PIDNS = 1 << 4,           /* no pid namespace; --proc binds the host's */
  DEBUG_OFF_ROOTFS = 1 << 5,          /* run in the host's root, not the new one */
  DEBUG_OFF_READONLY = 1 << 6,        /* read-only binds and root are writable */
  DEBUG_OFF_NOSUID = 1 << 7,          /* binds keep setuid bits working */
  DEBUG_OFF_CLOSE_FDS = 1 << 8,       /* inherited fds reach the command */
  DEBUG_OFF_REAPER = 1 << 9,          /* pid 1 waits for the command only */
  DEBUG_OFF_DIE_WITH_PARENT = 1 << 10,/* --die-with-parent is ignored */
  DEBUG_OFF_DUMPABLE = 1 << 11,       /* pid 1 stays dumpable (its memory open to the command) */
};

struct launch_config
{
  struct launch_op *ops;
  size_t n_ops;
  struct launch_env_op *env_ops;
  size_t n_env_ops;
  int *keep_fds;
  size_t n_keep_fds;
  int *seccomp_fds;
  size_t n_seccomp_fds;
  int *hold_fds;       /* kept open by the monitor, never passed on */
  size_t n_hold_fds;

  char **command;      /* NULL-terminated, points into argv */
  const char *argv0;   /* --argv0, or NULL */
  const char *chdir_path;
  const char *hostname;
  long uid, gid;       /* ids inside, or -1 for the caller's */
  int info_fd;         /* -1 if unset */
  int json_status_fd;  /* -1 if unset */
  int env_fd;          /* -1 if unset */

  bool share_net;
  bool share_ipc;
  bool new_session;
  bool die_with_parent;
  bool no_seccomp;
  bool show_help;
  bool show_version;
  unsigned debug_off;  /* DEBUG_OFF_* */

  /* Memory owned by the config: argument vectors read with --args. */
  char **arg_buffers;
  size_t n_arg_buffers;
};

struct launch_error
{
  char message[512];
};

/* Fill @cfg from @argv (argv[0] is the program name).  On failure returns
 * false with a translated message in @error; @cfg must be cleared either way. */
bool launch_config_parse (struct launch_config *cfg, int argc, char **argv,
                          struct launch_error *error);

void launch_config_clear (struct launch_config *cfg);

/* The environment the command gets: the caller's @environ with the
 * --setenv/--unsetenv/--clearenv operations applied in order.  Returns a new
 * NULL-terminated array of new strings (free with launch_env_free()), or
 * NULL on allocation failure. */
char **launch_config_build_env (const struct launch_config *cfg, char *const *environ_in);
void launch_env_free (char **env);

/* Name of a DEBUG_OFF_* bit for messages. */
const char *launch_debug_off_name (unsigned bit);

/* The --help text. */
void launch_print_help (int fd);
