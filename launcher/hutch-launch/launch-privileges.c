/* hutch-launch: giving up privileges before the command runs.
 *
 * Defends against: the command, or anything it executes, holding or regaining
 * capabilities (even as uid 0 inside its user namespace: the bounding set is
 * emptied and the securebits locked), gaining privileges through setuid or
 * file capabilities (no_new_privs), and reaching kernel interfaces the
 * sandbox must not have (seccomp: the base filter always, then the default
 * filter or the caller's).
 */
#include "launch-plan.h"
#include "launch-util.h"
#include "seccomp-builtin.h"

#include <errno.h>
#include <signal.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int
drop_capability_sets (void)
{
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
  struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };

  return (int) syscall (SYS_capset, &header, data);
}

static void
drop_capabilities (void)
{
  unsigned long securebits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP
                             | SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED
                             | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;

  if (prctl (PR_SET_SECUREBITS, securebits, 0, 0, 0) < 0)
    die_errno (N_("cannot lock the security bits"));
  for (unsigned long cap = 0;; cap++)
    if (prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
      {
        if (errno == EINVAL)
          break; /* The last capability this kernel knows was dropped. */
        die_errno (N_("cannot drop capability %lu from the bounding set"), cap);
      }
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    die_errno (N_("cannot clear the ambient capabilities"));
  if (drop_capability_sets () < 0)
    die_errno (N_("cannot drop capabilities"));
}

static int
load_filter (const struct sock_filter *insns, unsigned short len)
{
  struct sock_fprog prog = { .len = len, .filter = (struct sock_filter *) insns };

  return (int) syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* The base filter and @programs, or with none the base and default
 * filters in one program. */
static void
load_filters (const struct sock_fprog *programs, size_t n)
{
  if (n == 0)
    {
      if (load_filter (hutch_seccomp_base_default.insns, hutch_seccomp_base_default.len) < 0)
        die_errno (N_("cannot load the default seccomp filter"));
      return;
    }
  if (load_filter (hutch_seccomp_base.insns, hutch_seccomp_base.len) < 0)
    die_errno (N_("cannot load the base seccomp filter"));
  for (size_t i = 0; i < n; i++)
    if (load_filter (programs[i].filter, programs[i].len) < 0)
      die_errno (N_("cannot load the seccomp filter given with --seccomp"));
}

static void
load_seccomp (const struct launch_plan *plan)
{
  if (!plan->cfg->no_seccomp)
    load_filters (plan->seccomp, plan->n_seccomp);
}

void
lock_down_entered (const struct sock_fprog *program, bool test_stop)
{
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    die_errno (N_("cannot set no_new_privs"));
  drop_capabilities ();
  /* Tests only: stop where an attack on a dumpable process would strike
   * (no capabilities, no filter yet), for the test to try it. */
  if (test_stop)
    raise (SIGSTOP);
  load_filters (program, program != NULL ? 1 : 0);
}

void
setup_lock_down (const struct launch_plan *plan)
{
  bool nnp = !plan_off (plan, DEBUG_OFF_NNP);

  if (nnp && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    die_errno (N_("cannot set no_new_privs"));
  /* Without no_new_privs the kernel wants CAP_SYS_ADMIN to load a filter:
   * load it while we still have it (tests of the nnp protection only). */
  if (!nnp)
    load_seccomp (plan);
  if (!plan_off (plan, DEBUG_OFF_CAPS))
    drop_capabilities ();
  if (nnp)
    load_seccomp (plan);
}
