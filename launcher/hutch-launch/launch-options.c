/* hutch-launch: parsing the command line.
 *
 * The option names are bubblewrap's wherever the operation is the same, so
 * that bwrap users are at home.  The differences make the sandbox stricter:
 * every namespace is new unless --share-net/--share-ipc ask otherwise (the
 * --unshare-* options are accepted and do nothing).
 *
 * Defends against: a malformed command line producing a wider sandbox than
 * asked.  Every number is checked completely, modifiers (--perms, --size)
 * must be followed by an operation that takes them, and the arguments read
 * with --args may hold options only, never the command.
 */
#include "launch-options.h"
#include "launch-util.h"

#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum opt_id
{
  O_HELP, O_VERSION, O_ARGS,
  O_BIND, O_BIND_TRY, O_RO_BIND, O_RO_BIND_TRY, O_DEV_BIND, O_DEV_BIND_TRY,
  O_BIND_FD, O_RO_BIND_FD, O_TMPFS, O_DIR, O_SYMLINK, O_FILE, O_BIND_DATA,
  O_RO_BIND_DATA, O_PROC, O_DEV, O_MQUEUE, O_REMOUNT_RO, O_PERMS, O_SIZE,
  O_CHDIR, O_SETENV, O_UNSETENV, O_CLEARENV, O_ARGV0, O_HOSTNAME, O_UID, O_GID,
  O_DIE_WITH_PARENT, O_NEW_SESSION, O_INFO_FD, O_JSON_STATUS_FD, O_ENV_FD, O_SECCOMP,
  O_NO_SECCOMP, O_KEEP_FD, O_HOLD_FD, O_SHARE_NET, O_SHARE_IPC, O_ACCEPTED,
  O_DEBUG_DISABLE,
};

struct option_spec
{
  const char *name;
  enum opt_id id;
  int n_args;
  const char *args_help; /* shown in --help; NULL hides the option */
  const char *help;
};

static const struct option_spec options[] = {
  { "--help", O_HELP, 0, "", N_("Print this help and exit") },
  { "--version", O_VERSION, 0, "", N_("Print the version and exit") },
  { "--args", O_ARGS, 1, "FD", N_("Read NUL-separated options from FD") },
  { "--bind", O_BIND, 2, "SRC DEST", N_("Bind-mount the host path SRC on DEST") },
  { "--bind-try", O_BIND_TRY, 2, "SRC DEST", N_("Same as --bind, skipped if SRC is missing") },
  { "--ro-bind", O_RO_BIND, 2, "SRC DEST", N_("Bind-mount SRC read-only on DEST") },
  { "--ro-bind-try", O_RO_BIND_TRY, 2, "SRC DEST", N_("Same as --ro-bind, skipped if SRC is missing") },
  { "--dev-bind", O_DEV_BIND, 2, "SRC DEST", N_("Bind-mount SRC on DEST, device nodes allowed") },
  { "--dev-bind-try", O_DEV_BIND_TRY, 2, "SRC DEST", N_("Same as --dev-bind, skipped if SRC is missing") },
  { "--bind-fd", O_BIND_FD, 2, "FD DEST", N_("Bind-mount the file or directory open on FD on DEST") },
  { "--ro-bind-fd", O_RO_BIND_FD, 2, "FD DEST", N_("Same as --bind-fd, read-only") },
  { "--tmpfs", O_TMPFS, 1, "DEST", N_("Mount a new tmpfs on DEST") },
  { "--dir", O_DIR, 1, "DEST", N_("Create the directory DEST") },
  { "--symlink", O_SYMLINK, 2, "TARGET DEST", N_("Create the symbolic link DEST pointing to TARGET") },
  { "--file", O_FILE, 2, "FD DEST", N_("Copy the data readable from FD to the new file DEST") },
  { "--bind-data", O_BIND_DATA, 2, "FD DEST", N_("Copy the data from FD to a file bind-mounted on DEST") },
  { "--ro-bind-data", O_RO_BIND_DATA, 2, "FD DEST", N_("Same as --bind-data, read-only") },
  { "--proc", O_PROC, 1, "DEST", N_("Mount a procfs of the sandbox on DEST") },
  { "--dev", O_DEV, 1, "DEST", N_("Mount a minimal /dev on DEST") },
  { "--mqueue", O_MQUEUE, 1, "DEST", N_("Mount a POSIX message queue file system on DEST") },
  { "--remount-ro", O_REMOUNT_RO, 1, "DEST", N_("Make DEST and everything below it read-only") },
  { "--perms", O_PERMS, 1, "OCTAL", N_("Permissions of the next --tmpfs, --dir, --file or --*-data") },
  { "--size", O_SIZE, 1, "BYTES", N_("Size limit of the next --tmpfs") },
  { "--chdir", O_CHDIR, 1, "DIR", N_("Change to DIR in the sandbox before running the command") },
  { "--setenv", O_SETENV, 2, "VAR VALUE", N_("Set VAR to VALUE in the command's environment") },
  { "--unsetenv", O_UNSETENV, 1, "VAR", N_("Remove VAR from the command's environment") },
  { "--clearenv", O_CLEARENV, 0, "", N_("Start the command's environment empty") },
  { "--argv0", O_ARGV0, 1, "VALUE", N_("Pass VALUE as the command's argv[0]") },
  { "--hostname", O_HOSTNAME, 1, "NAME", N_("Set the host name in the sandbox") },
  { "--uid", O_UID, 1, "UID", N_("User ID in the sandbox (default: yours)") },
  { "--gid", O_GID, 1, "GID", N_("Group ID in the sandbox (default: yours)") },
  { "--die-with-parent", O_DIE_WITH_PARENT, 0, "", N_("Kill the sandbox when the caller of hutch-launch dies") },
  { "--new-session", O_NEW_SESSION, 0, "", N_("Run the command in a new session, without the terminal") },
  { "--info-fd", O_INFO_FD, 1, "FD", N_("Write information about the sandbox as JSON to FD") },
  { "--json-status-fd", O_JSON_STATUS_FD, 1, "FD", N_("Write the sandbox's status as JSON lines to FD") },
  { "--env-fd", O_ENV_FD, 1, "FD", N_("Write the command's environment to FD, for entering the sandbox later") },
  { "--seccomp", O_SECCOMP, 1, "FD", N_("Load the compiled seccomp filter from FD instead of the default") },
  { "--no-seccomp", O_NO_SECCOMP, 0, "", N_("Load no seccomp filter at all (for tests)") },
  { "--keep-fd", O_KEEP_FD, 1, "FD", N_("Let the command inherit FD") },
  { "--hold-fd", O_HOLD_FD, 1, "FD", N_("Keep FD open, outside the sandbox, while it runs (a lock)") },
  { "--share-net", O_SHARE_NET, 0, "", N_("Keep the host's network namespace") },
  { "--share-ipc", O_SHARE_IPC, 0, "", N_("Keep the host's IPC namespace") },
  { "--debug-disable", O_DEBUG_DISABLE, 1, "LIST", N_("Switch off protections, for tests only (see hutch-launch(1))") },
  /* bubblewrap's namespace options: every namespace is new anyway. */
  { "--unshare-all", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-user", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-user-try", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-ipc", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-pid", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-net", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-uts", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-cgroup", O_ACCEPTED, 0, NULL, NULL },
  { "--unshare-cgroup-try", O_ACCEPTED, 0, NULL, NULL },
  { "--disable-userns", O_ACCEPTED, 0, NULL, NULL },
};

static const struct
{
  const char *name;
  unsigned bit;
} debug_names[] = {
  { "caps", DEBUG_OFF_CAPS },
  { "nnp", DEBUG_OFF_NNP },
  { "seccomp", DEBUG_OFF_SECCOMP },
  { "netns", DEBUG_OFF_NETNS },
  { "pidns", DEBUG_OFF_PIDNS },
  { "rootfs", DEBUG_OFF_ROOTFS },
  { "readonly", DEBUG_OFF_READONLY },
  { "nosuid", DEBUG_OFF_NOSUID },
  { "close-fds", DEBUG_OFF_CLOSE_FDS },
  { "reaper", DEBUG_OFF_REAPER },
  { "die-with-parent", DEBUG_OFF_DIE_WITH_PARENT },
  { "dumpable", DEBUG_OFF_DUMPABLE },
};

#define MAX_ARGS_BYTES (16u * 1024 * 1024)

/* Parser state: the config being filled and the pending modifiers. */
struct parser
{
  struct launch_config *cfg;
  struct launch_error *error;
  mode_t next_perms;
  unsigned long next_size;
  const char *perms_option; /* option that set next_perms, for messages */
  const char *size_option;
  bool have_command;
};

static bool PRINTF_LIKE (2, 3)
fail (struct parser *p, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (p->error->message, sizeof p->error->message, tr (fmt), ap);
  va_end (ap);
  return false;
}

/* Arrays start with room for 8 elements and double when full, that is when
 * the count @n before appending is 8, 16, 32… */
static bool
grow (void **array, size_t n, size_t elem)
{
  size_t cap;
  void *p;

  if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
    return true;
  cap = n == 0 ? 8 : n * 2;
  p = realloc (*array, cap * elem);
  if (p == NULL)
    return false;
  *array = p;
  return true;
}

static bool
append_op (struct parser *p, const struct launch_op *op)
{
  struct launch_config *cfg = p->cfg;

  if (!grow ((void **) &cfg->ops, cfg->n_ops, sizeof *cfg->ops))
    return fail (p, N_("out of memory"));
  cfg->ops[cfg->n_ops++] = *op;
  return true;
}

static bool
append_int (struct parser *p, int **array, size_t *n, int value)
{
  if (!grow ((void **) array, *n, sizeof **array))
    return fail (p, N_("out of memory"));
  (*array)[(*n)++] = value;
  return true;
}

static bool
parse_fd (struct parser *p, const char *option, const char *s, int *out)
{
  unsigned long v;

  if (!parse_uint (s, INT_MAX, &v))
    return fail (p, N_("%s: “%s” is not a file descriptor number"), option, s);
  *out = (int) v;
  return true;
}

static bool
parse_perms (struct parser *p, const char *option, const char *s)
{
  char *end;
  unsigned long v;

  if (*s < '0' || *s > '7')
    return fail (p, N_("%s: “%s” is not an octal mode"), option, s);
  errno = 0;
  v = strtoul (s, &end, 8);
  if (errno != 0 || *end != '\0' || v > 07777)
    return fail (p, N_("%s: “%s” is not an octal mode"), option, s);
  p->next_perms = (mode_t) v;
  p->perms_option = option;
  return true;
}

static bool
parse_id (struct parser *p, const char *option, const char *s, long *out)
{
  unsigned long v;

  /* (uid_t) -1 means "no change" to the kernel: never a valid mapping. */
  if (!parse_uint (s, 0xfffffffeUL, &v))
    return fail (p, N_("%s: “%s” is not a valid ID"), option, s);
  *out = (long) v;
  return true;
}

static bool
parse_debug_disable (struct parser *p, const char *list)
{
  const char *s = list;

  while (*s != '\0')
    {
      size_t len = strcspn (s, ",");
      size_t i;

      for (i = 0; i < sizeof debug_names / sizeof debug_names[0]; i++)
        if (strlen (debug_names[i].name) == len && strncmp (s, debug_names[i].name, len) == 0)
          break;
      if (i == sizeof debug_names / sizeof debug_names[0])
        return fail (p, N_("--debug-disable: unknown protection “%.*s”"), (int) len, s);
      p->cfg->debug_off |= debug_names[i].bit;
      s += len;
      if (*s == ',')
        s++;
    }
  return true;
}

/* Check that a pending --perms/--size is taken by an operation of @kind. */
static bool
take_modifiers (struct parser *p, const char *option, struct launch_op *op)
{
  bool takes_perms = op->kind == OP_TMPFS || op->kind == OP_DIR || op->kind == OP_FILE
                     || op->kind == OP_BIND_DATA;

  if (p->next_perms != LAUNCH_PERMS_DEFAULT && !takes_perms)
    return fail (p, N_("%s must be followed by --tmpfs, --dir, --file or --*-data, not %s"),
                 p->perms_option, option);
  if (p->next_size != 0 && op->kind != OP_TMPFS)
    return fail (p, N_("%s must be followed by --tmpfs, not %s"), p->size_option, option);
  op->perms = p->next_perms;
  op->size = p->next_size;
  p->next_perms = LAUNCH_PERMS_DEFAULT;
  p->next_size = 0;
  return true;
}

static bool
add_op (struct parser *p, const char *option, enum launch_op_kind kind, unsigned flags,
        const char *source, const char *dest, const char *fd_arg)
{
  struct launch_op op = { .kind = kind, .flags = flags, .source = source, .dest = dest, .fd = -1 };

  if (dest[0] == '\0')
    return fail (p, N_("%s: the destination is empty"), option);
  if (fd_arg != NULL && !parse_fd (p, option, fd_arg, &op.fd))
    return false;
  if (!take_modifiers (p, option, &op))
    return false;
  return append_op (p, &op);
}

static bool
add_env_op (struct parser *p, enum launch_env_kind kind, const char *name, const char *value)
{
  struct launch_config *cfg = p->cfg;

  if (name != NULL && (name[0] == '\0' || strchr (name, '=') != NULL))
    return fail (p, N_("“%s” is not a valid environment variable name"), name);
  if (!grow ((void **) &cfg->env_ops, cfg->n_env_ops, sizeof *cfg->env_ops))
    return fail (p, N_("out of memory"));
  cfg->env_ops[cfg->n_env_ops++] = (struct launch_env_op) { kind, name, value };
  return true;
}

static bool parse_vector (struct parser *p, int argc, char **argv, bool from_fd);

/* --args FD: read NUL-separated options and parse them in place. */
static bool
parse_args_fd (struct parser *p, const char *fd_arg)
{
  struct launch_config *cfg = p->cfg;
  char *buf = NULL;
  char **vec;
  size_t len = 0, cap = 0;
  int fd = -1, n_args = 0;

  if (!parse_fd (p, "--args", fd_arg, &fd))
    return false;
  for (;;)
    {
      ssize_t n;
      if (len == cap)
        {
          char *nbuf;
          cap = cap ? cap * 2 : 4096;
          if (cap > MAX_ARGS_BYTES + 1 || (nbuf = realloc (buf, cap)) == NULL)
            {
              free (buf);
              return fail (p, N_("--args: more than %u bytes of arguments"), MAX_ARGS_BYTES);
            }
          buf = nbuf;
        }
      n = read (fd, buf + len, cap - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          free (buf);
          return fail (p, N_("--args: cannot read file descriptor %d: %s"), fd,
                       describe_errno (errsv));
        }
      if (n == 0)
        break;
      len += (size_t) n;
    }
  if (len > 0 && buf[len - 1] != '\0')
    buf[len++] = '\0'; /* room is left: len < cap after the loop */
  for (size_t i = 0; i < len; i++)
    n_args += buf[i] == '\0';
  vec = calloc ((size_t) n_args + 1, sizeof *vec);
  if (vec == NULL
      || !grow ((void **) &cfg->arg_buffers, cfg->n_arg_buffers, sizeof *cfg->arg_buffers))
    {
      free (vec);
      free (buf);
      return fail (p, N_("out of memory"));
    }
  cfg->arg_buffers[cfg->n_arg_buffers++] = buf;
  if (!grow ((void **) &cfg->arg_buffers, cfg->n_arg_buffers, sizeof *cfg->arg_buffers))
    {
      free (vec);
      return fail (p, N_("out of memory"));
    }
  cfg->arg_buffers[cfg->n_arg_buffers++] = (char *) vec;
  for (int i = 0, off = 0; i < n_args; i++)
    {
      vec[i] = buf + off;
      off += (int) strlen (buf + off) + 1;
    }
  return parse_vector (p, n_args, vec, true);
}

static const struct option_spec *
find_option (const char *arg)
{
  for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
    if (strcmp (options[i].name, arg) == 0)
      return &options[i];
  return NULL;
}

static bool
handle_option (struct parser *p, const struct option_spec *o, char **a, bool from_fd)
{
  struct launch_config *cfg = p->cfg;
  const char *n = o->name;

  switch (o->id)
    {
    case O_HELP: cfg->show_help = true; return true;
    case O_VERSION: cfg->show_version = true; return true;
    case O_ARGS:
      if (from_fd)
        return fail (p, N_("--args cannot be used inside --args"));
      return parse_args_fd (p, a[0]);
    case O_BIND: return add_op (p, n, OP_BIND, 0, a[0], a[1], NULL);
    case O_BIND_TRY: return add_op (p, n, OP_BIND, OP_FLAG_TRY, a[0], a[1], NULL);
    case O_RO_BIND: return add_op (p, n, OP_BIND, OP_FLAG_READONLY, a[0], a[1], NULL);
    case O_RO_BIND_TRY:
      return add_op (p, n, OP_BIND, OP_FLAG_READONLY | OP_FLAG_TRY, a[0], a[1], NULL);
    case O_DEV_BIND: return add_op (p, n, OP_BIND, OP_FLAG_DEVICES, a[0], a[1], NULL);
    case O_DEV_BIND_TRY:
      return add_op (p, n, OP_BIND, OP_FLAG_DEVICES | OP_FLAG_TRY, a[0], a[1], NULL);
    case O_BIND_FD: return add_op (p, n, OP_BIND_FD, 0, NULL, a[1], a[0]);
    case O_RO_BIND_FD: return add_op (p, n, OP_BIND_FD, OP_FLAG_READONLY, NULL, a[1], a[0]);
    case O_TMPFS: return add_op (p, n, OP_TMPFS, 0, NULL, a[0], NULL);
    case O_DIR: return add_op (p, n, OP_DIR, 0, NULL, a[0], NULL);
    case O_SYMLINK: return add_op (p, n, OP_SYMLINK, 0, a[0], a[1], NULL);
    case O_FILE: return add_op (p, n, OP_FILE, 0, NULL, a[1], a[0]);
    case O_BIND_DATA: return add_op (p, n, OP_BIND_DATA, 0, NULL, a[1], a[0]);
    case O_RO_BIND_DATA: return add_op (p, n, OP_BIND_DATA, OP_FLAG_READONLY, NULL, a[1], a[0]);
    case O_PROC: return add_op (p, n, OP_PROC, 0, NULL, a[0], NULL);
    case O_DEV: return add_op (p, n, OP_DEV, 0, NULL, a[0], NULL);
    case O_MQUEUE: return add_op (p, n, OP_MQUEUE, 0, NULL, a[0], NULL);
    case O_REMOUNT_RO: return add_op (p, n, OP_REMOUNT_RO, 0, NULL, a[0], NULL);
    case O_PERMS: return parse_perms (p, n, a[0]);
    case O_SIZE:
      if (!parse_uint (a[0], ULONG_MAX, &p->next_size) || p->next_size == 0)
        return fail (p, N_("%s: “%s” is not a size in bytes"), n, a[0]);
      p->size_option = n;
      return true;
    case O_CHDIR: cfg->chdir_path = a[0]; return true;
    case O_SETENV: return add_env_op (p, ENV_SET, a[0], a[1]);
    case O_UNSETENV: return add_env_op (p, ENV_UNSET, a[0], NULL);
    case O_CLEARENV: return add_env_op (p, ENV_CLEAR, NULL, NULL);
    case O_ARGV0: cfg->argv0 = a[0]; return true;
    case O_HOSTNAME:
      if (strlen (a[0]) > 64)
        return fail (p, N_("%s: “%s” is longer than 64 bytes"), n, a[0]);
      cfg->hostname = a[0];
      return true;
    case O_UID: return parse_id (p, n, a[0], &cfg->uid);
    case O_GID: return parse_id (p, n, a[0], &cfg->gid);
    case O_DIE_WITH_PARENT: cfg->die_with_parent = true; return true;
    case O_NEW_SESSION: cfg->new_session = true; return true;
    case O_INFO_FD: return parse_fd (p, n, a[0], &cfg->info_fd);
    case O_JSON_STATUS_FD: return parse_fd (p, n, a[0], &cfg->json_status_fd);
    case O_ENV_FD: return parse_fd (p, n, a[0], &cfg->env_fd);
    case O_SECCOMP:
      {
        int fd = -1;
        return parse_fd (p, n, a[0], &fd)
               && append_int (p, &cfg->seccomp_fds, &cfg->n_seccomp_fds, fd);
      }
    case O_NO_SECCOMP: cfg->no_seccomp = true; return true;
    case O_KEEP_FD:
      {
        int fd = -1;
        return parse_fd (p, n, a[0], &fd) && append_int (p, &cfg->keep_fds, &cfg->n_keep_fds, fd);
      }
    case O_HOLD_FD:
      {
        int fd = -1;
        return parse_fd (p, n, a[0], &fd) && append_int (p, &cfg->hold_fds, &cfg->n_hold_fds, fd);
      }
    case O_SHARE_NET: cfg->share_net = true; return true;
    case O_SHARE_IPC: cfg->share_ipc = true; return true;
    case O_ACCEPTED: return true;
    case O_DEBUG_DISABLE: return parse_debug_disable (p, a[0]);
    }
  return fail (p, N_("internal error: unhandled option %s"), n);
}

static bool
parse_vector (struct parser *p, int argc, char **argv, bool from_fd)
{
  for (int i = 0; i < argc;)
    {
      const char *arg = argv[i];
      const struct option_spec *o;

      if (strcmp (arg, "--") == 0 || strncmp (arg, "--", 2) != 0)
        {
          if (from_fd)
            return fail (p, N_("--args: “%s” is not an option; the command must follow on the command line"), arg);
          p->cfg->command = argv + i + (strcmp (arg, "--") == 0);
          p->have_command = true;
          return true;
        }
      o = find_option (arg);
      if (o == NULL)
        return fail (p, N_("unknown option “%s” (see --help)"), arg);
      if (argc - i - 1 < o->n_args)
        {
          snprintf (p->error->message, sizeof p->error->message,
                    dngettext (GETTEXT_PACKAGE, "%s needs %d argument", "%s needs %d arguments",
                               (unsigned long) o->n_args),
                    arg, o->n_args);
          return false;
        }
      if (!handle_option (p, o, argv + i + 1, from_fd))
        return false;
      i += 1 + o->n_args;
    }
  return true;
}

bool
launch_config_parse (struct launch_config *cfg, int argc, char **argv, struct launch_error *error)
{
  struct parser p = {
    .cfg = cfg, .error = error, .next_perms = LAUNCH_PERMS_DEFAULT,
  };

  memset (cfg, 0, sizeof *cfg);
  cfg->uid = cfg->gid = -1;
  cfg->info_fd = cfg->json_status_fd = cfg->env_fd = -1;
  error->message[0] = '\0';

  if (argc < 1)
    return fail (&p, N_("no program name"));
  if (!parse_vector (&p, argc - 1, argv + 1, false))
    return false;
  if (cfg->show_help || cfg->show_version)
    return true;
  if (p.next_perms != LAUNCH_PERMS_DEFAULT)
    return fail (&p, N_("%s must be followed by --tmpfs, --dir, --file or --*-data"), p.perms_option);
  if (p.next_size != 0)
    return fail (&p, N_("%s must be followed by --tmpfs"), p.size_option);
  if (!p.have_command || cfg->command[0] == NULL)
    return fail (&p, N_("no command given (see --help)"));
  if (cfg->debug_off & DEBUG_OFF_SECCOMP)
    cfg->no_seccomp = true;
  if (cfg->debug_off & DEBUG_OFF_NETNS)
    cfg->share_net = true;
  if (cfg->debug_off & DEBUG_OFF_DIE_WITH_PARENT)
    cfg->die_with_parent = false;
  return true;
}

void
launch_config_clear (struct launch_config *cfg)
{
  for (size_t i = 0; i < cfg->n_arg_buffers; i++)
    free (cfg->arg_buffers[i]);
  free (cfg->arg_buffers);
  free (cfg->ops);
  free (cfg->env_ops);
  free (cfg->keep_fds);
  free (cfg->seccomp_fds);
  free (cfg->hold_fds);
  memset (cfg, 0, sizeof *cfg);
}

static size_t
remove_var (char **env, size_t n, const char *name)
{
  size_t len = strlen (name), out = 0;

  for (size_t i = 0; i < n; i++)
    {
      if (strncmp (env[i], name, len) == 0 && env[i][len] == '=')
        free (env[i]);
      else
        env[out++] = env[i];
    }
  return out;
}

void
launch_env_free (char **env)
{
  for (size_t i = 0; env != NULL && env[i] != NULL; i++)
    free (env[i]);
  free (env);
}

char **
launch_config_build_env (const struct launch_config *cfg, char *const *environ_in)
{
  size_t n = 0, n_in = 0;
  char **env;

  while (environ_in != NULL && environ_in[n_in] != NULL)
    n_in++;
  env = calloc (n_in + cfg->n_env_ops + 1, sizeof *env);
  if (env == NULL)
    return NULL;
  for (; n < n_in; n++)
    if ((env[n] = strdup (environ_in[n])) == NULL)
      goto oom;
  for (size_t i = 0; i < cfg->n_env_ops; i++)
    {
      const struct launch_env_op *e = &cfg->env_ops[i];
      switch (e->kind)
        {
        case ENV_CLEAR:
          while (n > 0)
            free (env[--n]);
          break;
        case ENV_UNSET:
          n = remove_var (env, n, e->name);
          break;
        case ENV_SET:
          n = remove_var (env, n, e->name);
          if (asprintf (&env[n], "%s=%s", e->name, e->value) < 0)
            goto oom;
          n++;
          break;
        }
    }
  env[n] = NULL;
  return env;

oom:
  env[n] = NULL;
  launch_env_free (env);
  return NULL;
}

const char *
launch_debug_off_name (unsigned bit)
{
  for (size_t i = 0; i < sizeof debug_names / sizeof debug_names[0]; i++)
    if (debug_names[i].bit == bit)
      return debug_names[i].name;
  return "?";
}

void
launch_print_help (int fd)
{
  dprintf (fd, tr (N_("Usage: %s [OPTION…] [--] COMMAND [ARGUMENT…]\n\n"
                      "Run COMMAND in a new sandbox: new user, mount, pid, IPC, UTS, cgroup\n"
                      "and network namespaces, a file system built from nothing by the\n"
                      "operations below (applied in order), no capabilities, no_new_privs\n"
                      "and a seccomp filter.\n\nOptions:\n")),
           "hutch-launch");
  for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
    {
      char left[64];
      if (options[i].args_help == NULL)
        continue;
      snprintf (left, sizeof left, "%s %s", options[i].name, options[i].args_help);
      dprintf (fd, "  %-28s %s\n", left, tr (options[i].help));
    }
  dprintf (fd, "%s", tr (N_("\nExit status: the command's, or 128+N if a signal N killed it;\n"
                            "125 if hutch-launch failed, 126 if the command could not be run,\n"
                            "127 if it was not found.  See hutch-launch(1).\n")));
}
