/* Subordinate UID and GID ranges: mmdebstrap's unshare mode maps the
 * root's 65536 users to them, and fails in obscure ways without.
 *
 * Defends against: a build that downloads for a minute and then fails on
 * a missing newuidmap range; this check runs first and names the fix.
 * Only reads /etc/subuid and /etc/subgid; a malformed line is skipped.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>
#include <unistd.h>

/* What mmdebstrap maps: the IDs 0 to 65535 of the root. */
#define NEEDED_IDS 65536

gboolean
hutch_subids_have_range (const char *text, const char *user, guint32 uid, guint64 count)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *uid_text = g_strdup_printf ("%u", uid);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (g_strstrip (lines[i]), ":", -1);
      guint64 start, n;

      if (g_strv_length (fields) != 3 || fields[0][0] == '#'
          || (strcmp (fields[0], user) != 0 && strcmp (fields[0], uid_text) != 0))
        continue;
      if (g_ascii_string_to_unsigned (fields[1], 10, 0, G_MAXUINT32, &start, NULL)
          && g_ascii_string_to_unsigned (fields[2], 10, 0, G_MAXUINT32, &n, NULL) && n >= count)
        return TRUE;
    }
  return FALSE;
}

gboolean
hutch_subids_check (GError **error)
{
  static const char *const files[] = { "/etc/subuid", "/etc/subgid" };
  const char *user = g_get_user_name ();

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = NULL;

      if (!g_file_get_contents (files[i], &text, NULL, NULL))
        text = g_strdup ("");
      if (hutch_subids_have_range (text, user, getuid (), NEEDED_IDS))
        continue;
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED,
                   _ ("mmdebstrap builds as an unprivileged user with --mode=unshare, which maps "
                      "65536 subordinate IDs, and %s gives the user “%s” none: as root, run "
                      "“usermod --add-subuids 100000-165535 --add-subgids 100000-165535 %s” "
                      "(any free range of 65536 IDs will do), or build the runtime as root"),
                   files[i], user, user);
      return FALSE;
    }
  return TRUE;
}
