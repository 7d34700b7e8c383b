/* The devices grants: the GPU (dri), input devices, KVM, the host's
 * /dev/shm, or the whole of the host's /dev (all).
 *
 * Defends against: an app reaching devices it was not granted: the sandbox
 * starts with hutch-launch's minimal /dev, and each grant adds exactly one
 * host directory or device node.  A device the host lacks is skipped with a
 * warning; the binds are "try" ones, so a device unplugged between planning
 * and launching does not stop the launch.
 *
 * "all" gives the host's /dev as it is, device nodes included: every other
 * grant is then part of it.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include "hutch-i18n.h"

static const struct
{
  HutchDevices device;
  const char *name;
  const char *path;
  HutchPlanOpKind kind;
} devices[] = {
  { HUTCH_DEVICE_DRI, "dri", "/dev/dri", HUTCH_PLAN_DEV_BIND },
  { HUTCH_DEVICE_INPUT, "input", "/dev/input", HUTCH_PLAN_DEV_BIND },
  { HUTCH_DEVICE_KVM, "kvm", "/dev/kvm", HUTCH_PLAN_DEV_BIND },
  /* A tmpfs of files, no device nodes in it. */
  { HUTCH_DEVICE_SHM, "shm", "/dev/shm", HUTCH_PLAN_BIND },
};

void
hutch_host_devices (HutchSandboxPlan *plan, const HutchHostEnv *env, guint granted)
{
  if (granted & HUTCH_DEVICE_ALL)
    {
      hutch_plan_add (plan, HUTCH_PLAN_DEV_BIND, "/dev", "/dev");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      if (!(granted & devices[i].device))
        continue;
      if (!env->path_exists (devices[i].path, env->user_data))
        {
          /* TRANSLATORS: %s is a device permission ("dri", "kvm"…), then a path. */
          hutch_plan_warn (plan, _ ("the %s device was granted but “%s” does not exist"),
                           devices[i].name, devices[i].path);
          continue;
        }
      hutch_plan_add (plan, devices[i].kind, devices[i].path, devices[i].path)->flags
          |= HUTCH_PLAN_FLAG_TRY;
    }
}
