/* Compiled seccomp filters, cached on disk.
 *
 * An app's filter is its profile plus its extra rules.  Compiling costs a
 * few milliseconds (libseccomp runs in a child process), so the program is
 * kept in CACHE_DIR/KEY.bpf, where KEY is the SHA-256 of the rules'
 * canonical text (hutch_seccomp_profile_to_string()) and of the ABIs: a
 * launch with a warm cache parses the profile and opens one file.
 *
 * Defends against: a stale filter (the key changes with any rule) and a
 * planted one.  The cache lives in the user's Hutch installation, which no
 * sandbox can see (the plan hides it); a file that is not a whole number of
 * BPF instructions is ignored and rebuilt; files are written atomically.
 * And whatever a cached filter says, hutch-launch also loads the base
 * filter, which nothing can weaken.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-profile.h"

#include "installation/hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

static HutchSeccompProfile *
load_profile (const char *profiles_dir, const char *profile, const char *const *rules,
              const char *display_name, GError **error)
{
  g_autoptr (HutchSeccompProfile) p = hutch_seccomp_profile_new ();
  g_autofree char *text = NULL;

  if (g_path_is_absolute (profile) ? !hutch_seccomp_profile_load_file (p, profile, error)
                                   : !hutch_seccomp_profile_load_named (p, profiles_dir, profile, error))
    return NULL;
  if (rules != NULL && rules[0] != NULL)
    {
      text = g_strjoinv ("\n", (char **) rules);
      if (!hutch_seccomp_profile_load_data (p, display_name, text, strlen (text), profiles_dir,
                                            error))
        return NULL;
    }
  return g_steal_pointer (&p);
}

static char *
cache_key (HutchSeccompProfile *profile)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *canonical = hutch_seccomp_profile_to_string (profile);
  guint32 abis[HUTCH_SECCOMP_MAX_ABIS];
  guint n = hutch_seccomp_get_abis (seccomp_arch_native (), abis);

  /* The number changes with what the compiler emits for the same rules
   * (5: syscalls newer than libseccomp refused), so that no program
   * cached by an older `app` is used. */
  g_checksum_update (sum, (const guchar *) "hutch-seccomp-5\n", -1);
  for (guint i = 0; i < n; i++)
    g_checksum_update (sum, (const guchar *) hutch_seccomp_abi_name (abis[i]), -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) canonical, -1);
  return g_strdup (g_checksum_get_string (sum));
}

/* An fd on a cached program, or -1 if there is no valid one. */
static int
open_cached (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st;

  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || st.st_size == 0
      || st.st_size % (off_t) sizeof (struct sock_filter) != 0
      || st.st_size > 4096 * (off_t) sizeof (struct sock_filter))
    {
      close (fd);
      return -1;
    }
  return fd;
}

int
hutch_seccomp_cache_open (const char *cache_dir, const char *profiles_dir, const char *profile,
                          const char *const *rules, const char *display_name, GError **error)
{
  g_autoptr (HutchSeccompProfile) p = NULL;
  g_autoptr (GBytes) program = NULL;
  g_autofree char *key = NULL, *path = NULL;
  int fd;

  p = load_profile (profiles_dir, profile, rules, display_name, error);
  if (p == NULL)
    return -1;
  key = cache_key (p);
  path = g_strdup_printf ("%s/%s.bpf", cache_dir, key);
  fd = open_cached (path);
  if (fd >= 0)
    return fd;
  program = hutch_seccomp_profile_compile (p, NULL, 0, error);
  if (program == NULL)
    return -1;
  if (g_mkdir_with_parents (cache_dir, 0700) < 0
      || !g_file_set_contents_full (path, g_bytes_get_data (program, NULL), (gssize) g_bytes_get_size (program),
                                    G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                     _("cannot create “%s”: %s"), cache_dir, g_strerror (errno));
      return -1;
    }
  fd = open_cached (path);
  if (fd < 0)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot read “%s”"), path);
  return fd;
}
