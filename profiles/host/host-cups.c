/* The cups socket: the local CUPS server.
 *
 * Defends against: an app reaching other system sockets: only CUPS's
 * socket is bound, read-only, at its standard path, and CUPS_SERVER points
 * the app there.  A CUPS_SERVER naming a host is a network server, which
 * the network grant reaches; this grant then gives the local server and
 * says so.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "host-private.h"

#include "hutch-i18n.h"

#define CUPS_SOCKET "/run/cups/cups.sock"

void
hutch_host_cups (HutchSandboxPlan *plan, const HutchHostEnv *env)
{
  const char *server = hutch_host_getenv (env, "CUPS_SERVER");
  const char *source = CUPS_SOCKET;

  if (server != NULL && g_path_is_absolute (server))
    source = server;
  else if (server != NULL)
    {
      g_autofree char *quoted = hutch_host_quote (server);

      hutch_plan_warn (plan,
                       /* TRANSLATORS: the first %s is the value of $CUPS_SERVER, the second a
                        * path. */
                       _ ("CUPS_SERVER “%s” is not a local socket; the cups socket grant gives "
                          "the local CUPS server, %s"),
                       quoted, CUPS_SOCKET);
    }
  if (hutch_host_bind_socket (plan, env, "cups", source, CUPS_SOCKET))
    hutch_plan_setenv (plan, "CUPS_SERVER", CUPS_SOCKET);
}
