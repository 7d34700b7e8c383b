/* The pcsc socket: the PC/SC daemon (smart cards, security keys).
 *
 * Defends against: an app reaching other system sockets: only pcscd's
 * client socket is bound, read-only, at its standard path, and
 * PCSCLITE_CSOCK_NAME points the app there.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#define PCSC_SOCKET "/run/pcscd/pcscd.comm"

void
hutch_host_pcsc (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  const char *source = hutch_host_getenv (env, "PCSCLITE_CSOCK_NAME");

  if (source == NULL)
    source = PCSC_SOCKET;
  if (hutch_host_bind_socket (plan, env, "pcsc", source, PCSC_SOCKET))
    hutch_plan_setenv (plan, "PCSCLITE_CSOCK_NAME", PCSC_SOCKET);
}
