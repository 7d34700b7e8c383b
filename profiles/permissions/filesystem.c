/* The grammar of one filesystems entry ("xdg-download/Music:ro").
 *
 * What this defends against: an entry from untrusted metadata that names
 * more than it seems to, or a part of the sandbox itself.  Every entry is
 * parsed into a base and a normalized subpath: "." and empty components
 * are dropped, ".." is refused anywhere (no "~/a/../../etc"), and so are
 * control characters, invalid UTF-8 and ":" inside a path (":" only ever
 * starts the suffix, so "!/a:ro" cannot be misread).  What the sandbox is
 * built from cannot be granted: "/" itself, and /usr, /app, /proc, /dev,
 * /sys, /lib*, /bin, /sbin, /etc (use host-etc), /run/hutch, /run/host,
 * /run/user (use xdg-run/PATH), /.hutch-info and everything below them,
 * and /run as a whole (/var/run is taken as /run).  /tmp may be granted, as
 * in Flatpak.  "xdg-run" needs a PATH: the
 * runtime directory itself is the sandbox's own; and xdg-run/hutch, where
 * the user's running instances are recorded, cannot be granted either.
 *
 * Not refused here: ~/.var/app (the apps' data) and the user's Hutch
 * installation.  The sandbox plan hides every installation directory from
 * every sandbox, whatever was granted.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "permissions-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"

/* Longer values are refused (PATH_MAX). */
#define MAX_VALUE_LENGTH 4096

typedef struct
{
  HutchFsBase base;
  const char *name;
  gboolean takes_path; /* "NAME/PATH" is allowed */
  gboolean needs_path; /* only "NAME/PATH" is */
} BaseName;

/* HOME_PATH and ABSOLUTE have a syntax of their own ("~/…", "/…"). */
static const BaseName base_names[] = {
  { HUTCH_FS_BASE_HOST, "host", FALSE, FALSE },
  { HUTCH_FS_BASE_HOST_OS, "host-os", FALSE, FALSE },
  { HUTCH_FS_BASE_HOST_ETC, "host-etc", FALSE, FALSE },
  { HUTCH_FS_BASE_HOME, "home", FALSE, FALSE },
  { HUTCH_FS_BASE_XDG_DESKTOP, "xdg-desktop", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_DOCUMENTS, "xdg-documents", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_DOWNLOAD, "xdg-download", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_MUSIC, "xdg-music", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_PICTURES, "xdg-pictures", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_PUBLIC_SHARE, "xdg-public-share", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_TEMPLATES, "xdg-templates", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_VIDEOS, "xdg-videos", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_CONFIG, "xdg-config", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_CACHE, "xdg-cache", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_DATA, "xdg-data", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_STATE, "xdg-state", TRUE, FALSE },
  { HUTCH_FS_BASE_XDG_RUN, "xdg-run", TRUE, TRUE },
};

/* Absolute paths that are, or hold, the sandbox itself. */
static const struct
{
  const char *path; /* without the leading '/' */
  const char *instead;
} reserved_paths[] = {
  { "usr", "host-os" },    { "app", NULL },        { "proc", NULL },
  { "dev", NULL },         { "sys", NULL },        { "lib", "host-os" },
  { "lib32", "host-os" },  { "lib64", "host-os" }, { "libx32", "host-os" },
  { "bin", "host-os" },    { "sbin", "host-os" },  { "etc", "host-etc" },
  { "run/hutch", NULL },   { "run/host", NULL },   { "run/user", "xdg-run/PATH" },
  { ".hutch-info", NULL },
};

void
hutch_filesystem_free (HutchFilesystem *fs)
{
  if (fs == NULL)
    return;
  g_free (fs->subpath);
  g_free (fs);
}

static const char *
base_to_string (HutchFsBase base)
{
  for (gsize i = 0; i < G_N_ELEMENTS (base_names); i++)
    if (base_names[i].base == base)
      return base_names[i].name;
  return NULL;
}

char *
hutch_subpath_normalize (const char *path, gboolean allow_empty, GError **error)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *control = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_utf8_validate (path, -1, NULL))
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                           _ ("the path is not valid UTF-8"));
      return NULL;
    }
  control = hutch_find_control_char (path);
  if (control != NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                   _ ("the path contains the control character %s"), control);
      return NULL;
    }

  parts = g_strsplit (path, "/", -1);
  for (gsize i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                               _ ("the path contains “..”"));
          return NULL;
        }
      if (out->len > 0)
        g_string_append_c (out, '/');
      g_string_append (out, parts[i]);
    }
  if (out->len == 0 && !allow_empty)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                           _ ("the path is empty"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Is @subpath (relative to "/") reserved? */
static gboolean
check_absolute (const char *subpath, GError **error)
{
  if (subpath[0] == '\0')
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                           _ ("“/” cannot be granted; use host"));
      return FALSE;
    }
  /* /var/run is a link to /run on every current system. */
  if (g_str_has_prefix (subpath, "var/run") && (subpath[7] == '\0' || subpath[7] == '/'))
    subpath += 4;
  /* /run holds parts of the sandbox: only paths below it may be granted. */
  if (strcmp (subpath, "run") == 0)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                           _ ("/run holds parts of the sandbox and cannot be granted as a whole; "
                              "grant a path below it"));
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (reserved_paths); i++)
    {
      const char *reserved = reserved_paths[i].path;
      gsize len = strlen (reserved);

      if (strncmp (subpath, reserved, len) != 0 || (subpath[len] != '\0' && subpath[len] != '/'))
        continue;
      if (reserved_paths[i].instead != NULL)
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                     _ ("/%s is part of the sandbox and cannot be granted; use %s"), reserved,
                     reserved_paths[i].instead);
      else
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                     _ ("/%s is part of the sandbox and cannot be granted"), reserved);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_mode (const char *suffix, HutchFsMode *mode, GError **error)
{
  g_autofree char *quoted = NULL;

  if (strcmp (suffix, "ro") == 0)
    *mode = HUTCH_FS_READ_ONLY;
  else if (strcmp (suffix, "rw") == 0)
    *mode = HUTCH_FS_READ_WRITE;
  else if (strcmp (suffix, "create") == 0)
    *mode = HUTCH_FS_CREATE;
  else
    {
      quoted = hutch_quote_untrusted (suffix);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                   _ ("unknown suffix “:%s” (:ro, :rw or :create)"), quoted);
      return FALSE;
    }
  return TRUE;
}

/* Sets fs->base and fs->subpath from @path, the value without "!" and
 * suffix. */
static gboolean
parse_location (HutchFilesystem *fs, const char *path, GError **error)
{
  const char *rest = NULL;

  if (strcmp (path, "~") == 0)
    {
      fs->base = HUTCH_FS_BASE_HOME;
      rest = "";
    }
  else if (g_str_has_prefix (path, "~/"))
    {
      fs->base = HUTCH_FS_BASE_HOME_PATH;
      rest = path + 2;
    }
  else if (path[0] == '/')
    {
      fs->base = HUTCH_FS_BASE_ABSOLUTE;
      rest = path + 1;
    }
  else
    {
      for (gsize i = 0; i < G_N_ELEMENTS (base_names) && rest == NULL; i++)
        {
          gsize len = strlen (base_names[i].name);

          if (strncmp (path, base_names[i].name, len) != 0)
            continue;
          if (path[len] == '\0' || (path[len] == '/' && base_names[i].takes_path))
            {
              fs->base = base_names[i].base;
              rest = path + len;
            }
        }
      if (rest == NULL)
        {
          g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                               _ ("not a filesystem: use host, host-os, host-etc, home, ~/PATH, "
                                  "/PATH, xdg-desktop, xdg-documents, xdg-download, xdg-music, "
                                  "xdg-pictures, xdg-public-share, xdg-templates, xdg-videos, "
                                  "xdg-config, xdg-cache, xdg-data, xdg-state (each optionally "
                                  "followed by /PATH) or xdg-run/PATH"));
          return FALSE;
        }
    }

  fs->subpath = hutch_subpath_normalize (rest, TRUE, error);
  if (fs->subpath == NULL)
    return FALSE;

  /* "~/" is home; "~/." too. */
  if (fs->base == HUTCH_FS_BASE_HOME_PATH && fs->subpath[0] == '\0')
    fs->base = HUTCH_FS_BASE_HOME;
  if (fs->base == HUTCH_FS_BASE_XDG_RUN && fs->subpath[0] == '\0')
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                           _ ("xdg-run needs a path (xdg-run/PATH): the runtime directory "
                              "itself cannot be granted"));
      return FALSE;
    }
  /* The user's running instances (app ps, kill and enter trust what is
   * there: pids, environments, seccomp programs). */
  if (fs->base == HUTCH_FS_BASE_XDG_RUN
      && (strcmp (fs->subpath, "hutch") == 0 || g_str_has_prefix (fs->subpath, "hutch/")))
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                           _ ("xdg-run/hutch holds Hutch's running instances and cannot be "
                              "granted"));
      return FALSE;
    }
  if (fs->base == HUTCH_FS_BASE_ABSOLUTE)
    return check_absolute (fs->subpath, error);
  return TRUE;
}

static HutchFilesystem *
parse_filesystem (const char *value, GError **error)
{
  g_autoptr (HutchFilesystem) fs = g_new0 (HutchFilesystem, 1);
  g_autofree char *path = NULL;
  const char *colon;
  gboolean reset = FALSE;

  if (strlen (value) > MAX_VALUE_LENGTH)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                   _ ("it is longer than %d bytes"), MAX_VALUE_LENGTH);
      return NULL;
    }
  if (value[0] == '!')
    {
      reset = TRUE;
      value++;
    }
  fs->mode = reset ? HUTCH_FS_RESET : HUTCH_FS_READ_WRITE;

  colon = strchr (value, ':');
  if (colon != NULL)
    {
      if (reset)
        {
          g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE,
                               _ ("an entry with “!” takes no suffix (:ro, :rw or :create)"));
          return NULL;
        }
      if (!parse_mode (colon + 1, &fs->mode, error))
        return NULL;
    }
  path = colon != NULL ? g_strndup (value, (gsize)(colon - value)) : g_strdup (value);
  if (!parse_location (fs, path, error))
    return NULL;
  return g_steal_pointer (&fs);
}

/**
 * hutch_filesystem_parse:
 * @value: one entry of `filesystems=`, or the value of --filesystem;
 *   untrusted
 *
 * `[!]LOCATION[:ro|:rw|:create]`.  With "!" (RESET) no suffix is allowed.
 * A ":" always starts the suffix: paths with a ":" cannot be granted.
 *
 * Returns: (transfer full): the entry, or %NULL with a
 *   %HUTCH_ERROR_INVALID_PROFILE error quoting @value and saying what is
 *   wrong with it
 */
HutchFilesystem *
hutch_filesystem_parse (const char *value, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *quoted = NULL;
  HutchFilesystem *fs;

  g_return_val_if_fail (value != NULL, NULL);

  fs = parse_filesystem (value, &local_error);
  if (fs != NULL)
    return fs;
  quoted = hutch_quote_untrusted (value);
  /* TRANSLATORS: a value (a filesystem, a seccomp rule), and what is wrong with it */
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_PROFILE, _ ("“%s”: %s"), quoted,
               local_error->message);
  return NULL;
}

/**
 * hutch_filesystem_to_string:
 *
 * The entry as hutch_filesystem_parse() reads it: "!" for RESET, no suffix
 * for read-write.
 *
 * Returns: (transfer full): "xdg-download/Music:ro", "~/src", "!home"…
 */
char *
hutch_filesystem_to_string (const HutchFilesystem *fs)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (fs != NULL, g_string_free (s, FALSE));

  if (fs->mode == HUTCH_FS_RESET)
    g_string_append_c (s, '!');
  switch (fs->base)
    {
      case HUTCH_FS_BASE_HOME_PATH:
        g_string_append_printf (s, "~/%s", fs->subpath);
        break;
      case HUTCH_FS_BASE_ABSOLUTE:
        g_string_append_printf (s, "/%s", fs->subpath);
        break;
      default:
        g_string_append (s, base_to_string (fs->base));
        if (fs->subpath[0] != '\0')
          g_string_append_printf (s, "/%s", fs->subpath);
        break;
    }
  if (fs->mode == HUTCH_FS_READ_ONLY)
    g_string_append (s, ":ro");
  else if (fs->mode == HUTCH_FS_CREATE)
    g_string_append (s, ":create");
  return g_string_free (s, FALSE);
}
