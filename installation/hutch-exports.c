/* Exporting an app's launchers, icons and D-Bus services to the host.
 *
 * What this defends against: the deploy's files/ tree is the app
 * publisher's, and what lands in INSTALLATION/exports/share is read by the
 * user's desktop and session bus.  So:
 *
 *   - Reading the deploy never follows a symbolic link: every directory
 *     below the deploy directory and every file is opened with openat()
 *     and O_NOFOLLOW; a symbolic link, a FIFO, a device or anything but a
 *     regular file is refused with a warning; sizes and the number of
 *     entries looked at and files exported are bounded.
 *   - Only files named after the app are exported:
 *       share/applications/ID.desktop, ID.*.desktop
 *       share/icons/hicolor/SIZE/apps/ID{,.*,-*}.{png,svg,svgz}
 *         (SIZE: NxN, NxN@S, scalable or symbolic; the content must look
 *         like its extension says)
 *       share/dbus-1/services/ID.service, ID.*.service (Name= the same)
 *     where every name is a valid ID itself.  A name under ID that is, or
 *     lies under, the ID of another app installed here or system-wide
 *     (org.example.App.Tool when org.example.App.Tool is installed) is
 *     that app's, not this one's: an app cannot shadow another's launcher,
 *     icon or bus name, nor remove them.
 *   - Exported files are written to a temporary file and renamed over the
 *     old one, so the desktop never sees half a file; the text ones are
 *     rewritten by hutch-exports-desktop.c.  Files of the app that the new
 *     deploy no longer has are removed after the new ones are in place.
 *   - Exporters of one installation take turns (flock on exports/).
 *
 * The exports reflect one deploy of an app at a time: the last one given
 * to hutch_exports_update().
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-exports.h"

#include "hutch-error.h"
#include "hutch-exports-private.h"
#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HUTCH_BINDIR
#define HUTCH_BINDIR "/usr/local/bin"
#endif

typedef struct
{
  HutchExportTarget target;
  GPtrArray *installed; /* IDs installed here or system-wide */
  GPtrArray *warnings;  /* nullable */
  GHashTable *exported; /* paths under exports/share written this time */
  char *share_dir;      /* INSTALLATION/exports/share */
  guint n_files;
} Export;

static void
export_clear (Export *e)
{
  g_clear_pointer (&e->installed, g_ptr_array_unref);
  g_clear_pointer (&e->exported, g_hash_table_unref);
  g_clear_pointer (&e->share_dir, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Export, export_clear)

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

void
hutch_exports_warn (GPtrArray *warnings, const char *format, ...)
{
  va_list args;

  if (warnings == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* @name is @prefix, or @prefix then '.' (or '-' if @allow_dash) and more. */
gboolean
hutch_exports_name_has_prefix (const char *name, const char *prefix, gboolean allow_dash)
{
  gsize len = strlen (prefix);

  if (strncmp (name, prefix, len) != 0)
    return FALSE;
  return name[len] == '\0' || (name[len] == '.' && name[len + 1] != '\0')
         || (allow_dash && name[len] == '-' && name[len + 1] != '\0');
}

/**
 * hutch_exports_get_app_bin:
 *
 * Where exported commands find `app`: `$HUTCH_APP_BIN` if it is an absolute
 * path (for tests; it only changes what this user's own exports run), else
 * BINDIR/app.
 *
 * Returns: (transfer full): the path
 */
char *
hutch_exports_get_app_bin (void)
{
  const char *env = g_getenv ("HUTCH_APP_BIN");

  if (env != NULL && g_path_is_absolute (env))
    return g_strdup (env);
  return g_build_filename (HUTCH_BINDIR, "app", NULL);
}

/* The stem of an exported name, if it has the extension of @kind. */
static char *
export_stem (HutchExportKind kind, const char *name)
{
  static const char *const desktop[] = { ".desktop", NULL };
  static const char *const icon[] = { ".png", ".svg", ".svgz", NULL };
  static const char *const service[] = { ".service", NULL };
  const char *const *exts = kind == HUTCH_EXPORT_DESKTOP ? desktop
                            : kind == HUTCH_EXPORT_ICON  ? icon
                                                         : service;

  for (guint i = 0; exts[i] != NULL; i++)
    if (g_str_has_suffix (name, exts[i]))
      return g_strndup (name, strlen (name) - strlen (exts[i]));
  return NULL;
}

/* The installed app, other than @app_id, whose ID @stem is or lies under:
 * the names under another app's ID are that app's. */
static const char *
other_owner (const char *stem, const char *app_id, GPtrArray *installed, gboolean allow_dash)
{
  for (guint i = 0; installed != NULL && i < installed->len; i++)
    {
      const char *other = g_ptr_array_index (installed, i);
      if (strlen (other) > strlen (app_id)
          && hutch_exports_name_has_prefix (stem, other, allow_dash))
        return other;
    }
  return NULL;
}

/**
 * hutch_exports_name_is_for_app:
 * @kind: what the file is
 * @name: its name
 * @app_id: a valid application ID
 *
 * Whether @name has an extension of @kind and a stem that is a valid ID,
 * @app_id or under it (see the top of this file).  Whether another
 * installed app owns the name is not looked at.
 *
 * Returns: %TRUE if @name is named after @app_id
 */
gboolean
hutch_exports_name_is_for_app (HutchExportKind kind, const char *name, const char *app_id)
{
  g_autofree char *stem = export_stem (kind, name);

  return stem != NULL && hutch_id_is_valid (stem, NULL)
         && hutch_exports_name_has_prefix (stem, app_id, kind == HUTCH_EXPORT_ICON);
}

/* @name, of @kind, is the app's to export or remove: named after the app,
 * and not another installed app's.  Otherwise *@why (if not NULL) says why
 * not. */
static gboolean
name_is_owned (const Export *e, HutchExportKind kind, const char *name, char **why)
{
  g_autofree char *stem = export_stem (kind, name);
  const char *id = e->target.ref->id;
  const char *other;

  if (!hutch_exports_name_is_for_app (kind, name, id))
    {
      if (why != NULL)
        *why = g_strdup_printf (_("it is not named after %s"), id);
      return FALSE;
    }
  other = other_owner (stem, id, e->installed, kind == HUTCH_EXPORT_ICON);
  if (other != NULL)
    {
      if (why != NULL)
        *why = g_strdup_printf (_("the name is for %s, another installed app"), other);
      return FALSE;
    }
  return TRUE;
}

/* IDs of the apps installed in @installation_dir and in the system's. */
static GPtrArray *
list_installed (const char *installation_dir)
{
  g_autofree char *system = hutch_get_system_installation_dir ();
  const char *dirs[] = { installation_dir, system };
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *apps = hutch_installation_get_kind_dir (dirs[i], HUTCH_REF_KIND_APP);
      g_autoptr (GDir) dir = apps != NULL ? g_dir_open (apps, 0, NULL) : NULL;
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (hutch_id_is_valid (name, NULL))
          g_ptr_array_add (ids, g_strdup (name));
    }
  return ids;
}

/* A directory below @parent_fd, never through a symbolic link. */
static int
open_dir_at (int parent_fd, const char *name)
{
  return openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* The names in @dir_fd, sorted; at most @max. */
static GPtrArray *
list_dir (int dir_fd, const char *path, guint max, GPtrArray *warnings)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  int fd = openat (dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *entry;

  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return names;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      if (names->len == max)
        {
          g_autofree char *quoted = hutch_quote_untrusted (path);
          hutch_exports_warn (warnings, _("%s: more than %u entries; the rest is ignored"), quoted,
                              max);
          break;
        }
      g_ptr_array_add (names, g_strdup (entry->d_name));
    }
  closedir (dir);
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* Reads the regular file @name of the deploy, at most @max bytes. */
static GBytes *
read_untrusted (int dir_fd, const char *name, gsize max, GError **error)
{
  hutch_autofd int fd
      = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  g_autofree char *buf = NULL;
  struct stat st;
  gsize len = 0;

  if (fd < 0 && errno == ELOOP)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED, _("it is a symbolic link"));
      return NULL;
    }
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), "%s", g_strerror (errsv));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED,
                   _("it is not a regular file"));
      return NULL;
    }
  if ((guint64)st.st_size > max)
    goto too_large;
  buf = g_malloc (max + 1);
  while (len <= max)
    {
      ssize_t n = read (fd, buf + len, max + 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), "%s",
                       g_strerror (errsv));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
    }
  if (len > max)
    goto too_large;
  return g_bytes_new_take (g_steal_pointer (&buf), len);

too_large:
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("it is larger than %zu bytes"), (size_t) max);
  return NULL;
}

/* The content looks like what the icon's extension says. */
static gboolean
icon_content_matches (const char *name, GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (g_str_has_suffix (name, ".png"))
    return len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
  if (g_str_has_suffix (name, ".svgz"))
    return len >= 2 && memcmp (data, "\x1f\x8b", 2) == 0;
  /* SVG: XML text, perhaps after a byte-order mark and blanks. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    data += 3, len -= 3;
  while (len > 0 && g_ascii_isspace (*data))
    data++, len--;
  return len > 0 && *data == '<';
}

/* Writes @name in @dir (a directory of the exports) atomically: a
 * temporary file renamed over it.  Unchanged contents are left alone. */
static gboolean
write_export (const char *dir, const char *name, const void *data, gsize len, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *old = NULL;
  g_autofree char *tmp = NULL;
  hutch_autofd int dir_fd = -1;
  hutch_autofd int fd = -1;
  gsize old_len;

  if (g_file_get_contents (path, &old, &old_len, NULL) && old_len == len
      && memcmp (old, data, len) == 0 && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0755) < 0)
    return hutch_set_file_error (error, errno, _("cannot create “%s”"), dir);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return hutch_set_file_error (error, errno, _("cannot open “%s”"), dir);
  for (guint tries = 0; fd < 0 && tries < 100; tries++)
    {
      g_free (tmp);
      tmp = g_strdup_printf (".%s.%06X", name, g_random_int_range (0, 0x1000000));
      fd = openat (dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd < 0 && errno != EEXIST)
        return hutch_set_file_error (error, errno, _("cannot create “%s”"), path);
    }
  if (fd < 0)
    return hutch_set_file_error (error, EEXIST, _("cannot create “%s”"), path);
  for (gsize done = 0; done < len;)
    {
      ssize_t n = write (fd, (const char *)data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      done += n;
    }
  /* Readable by everyone whatever the umask: a system installation's
   * exports serve every user. */
  if (fchmod (fd, 0644) < 0 || fsync (fd) < 0 || renameat (dir_fd, tmp, dir_fd, name) < 0)
    goto fail;
  return TRUE;

fail:
  {
    int errsv = errno;
    unlinkat (dir_fd, tmp, 0);
    return hutch_set_file_error (error, errsv, _("cannot write “%s”"), path);
  }
}

/* Records a file to export; FALSE once the app has exported too many. */
static gboolean
count_file (Export *e)
{
  if (e->n_files == HUTCH_EXPORTS_MAX_FILES)
    hutch_exports_warn (e->warnings, _("more than %d files to export; the rest is ignored"),
                        HUTCH_EXPORTS_MAX_FILES);
  return e->n_files++ < HUTCH_EXPORTS_MAX_FILES;
}

/* Exports @name from @src_fd to exports/share/@rel_dir, rewritten by
 * @kind's rules.  Problems with the app's file are warnings; failing to
 * write is an error. */
static gboolean
export_one (Export *e, HutchExportKind kind, int src_fd, const char *rel_dir, const char *name,
            GError **error)
{
  static const gsize max[] = { HUTCH_EXPORTS_MAX_DESKTOP_SIZE, HUTCH_EXPORTS_MAX_ICON_SIZE,
                               HUTCH_EXPORTS_MAX_SERVICE_SIZE };
  g_autofree char *rel = g_build_filename (rel_dir, name, NULL);
  g_autofree char *dir = g_build_filename (e->share_dir, rel_dir, NULL);
  g_autofree char *stem = export_stem (kind, name);
  g_autofree char *quoted = hutch_quote_untrusted (rel);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *data;

  if (!count_file (e))
    return TRUE;
  bytes = read_untrusted (src_fd, name, max[kind], &local_error);
  if (bytes != NULL && kind == HUTCH_EXPORT_ICON && !icon_content_matches (name, bytes))
    g_set_error (&local_error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                 _("its content is not what its extension says"));
  data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  if (local_error == NULL && kind == HUTCH_EXPORT_DESKTOP)
    text = hutch_exports_rewrite_desktop_file (&e->target, data, len, e->warnings, &local_error);
  else if (local_error == NULL && kind == HUTCH_EXPORT_SERVICE)
    text = hutch_exports_rewrite_dbus_service (&e->target, stem, data, len, &local_error);
  if (local_error != NULL)
    {
      hutch_exports_warn (e->warnings, _("share/%s is not exported: %s"), quoted,
                          local_error->message);
      return TRUE;
    }
  if (text != NULL)
    data = text, len = strlen (text);
  if (!write_export (dir, name, data, len, error))
    return FALSE;
  g_hash_table_add (e->exported, g_steal_pointer (&rel));
  return TRUE;
}

/* Exports the files of @kind in the deploy's directory @src_fd
 * (share/@rel_dir) that are the app's. */
static gboolean
export_dir (Export *e, HutchExportKind kind, int src_fd, const char *rel_dir, GError **error)
{
  g_autofree char *shown = g_build_filename ("share", rel_dir, NULL);
  g_autoptr (GPtrArray) names = list_dir (src_fd, shown, HUTCH_EXPORTS_MAX_ENTRIES, e->warnings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = export_stem (kind, name);
      g_autofree char *why = NULL;

      if (stem == NULL)
        continue;
      if (!name_is_owned (e, kind, name, &why))
        {
          g_autofree char *quoted = hutch_quote_untrusted (name);
          hutch_exports_warn (e->warnings, _("share/%s/%s is not exported: %s"), rel_dir, quoted,
                              why);
          continue;
        }
      if (!export_one (e, kind, src_fd, rel_dir, name, error))
        return FALSE;
    }
  return TRUE;
}

/* Opens @rel below @parent_fd, one component at a time, never through a
 * symbolic link; -1 if it is missing, or (with a warning naming @shown)
 * if it is not a plain directory. */
static int
open_subdir (Export *e, int parent_fd, const char *rel, const char *shown)
{
  g_auto (GStrv) parts = g_strsplit (rel, "/", -1);
  hutch_autofd int fd = fcntl (parent_fd, F_DUPFD_CLOEXEC, 0);
  int result;

  for (guint i = 0; fd >= 0 && parts[i] != NULL; i++)
    {
      int next = open_dir_at (fd, parts[i]);
      int errsv = errno;
      struct stat st;

      if (next < 0 && errsv == ENOTDIR && fstatat (fd, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0
          && S_ISLNK (st.st_mode))
        errsv = ELOOP;
      hutch_exports_close_fd (&fd);
      fd = next;
      if (fd < 0 && errsv != ENOENT)
        {
          g_autofree char *quoted = hutch_quote_untrusted (shown);
          hutch_exports_warn (e->warnings, _("%s is not exported: %s"), quoted,
                              errsv == ELOOP ? _("it is a symbolic link") : g_strerror (errsv));
        }
    }
  result = fd;
  fd = -1;
  return result;
}

/* Icon size directories: NxN or NxN@S (N up to 4 digits, S one), or
 * scalable or symbolic. */
static gboolean
icon_size_is_valid (const char *size)
{
  g_auto (GStrv) scale = NULL;
  g_auto (GStrv) dims = NULL;

  if (strcmp (size, "scalable") == 0 || strcmp (size, "symbolic") == 0)
    return TRUE;
  scale = g_strsplit (size, "@", 2);
  if (scale[1] != NULL && !(strlen (scale[1]) == 1 && scale[1][0] >= '1' && scale[1][0] <= '9'))
    return FALSE;
  dims = g_strsplit (scale[0], "x", 3);
  if (g_strv_length (dims) != 2 || strcmp (dims[0], dims[1]) != 0)
    return FALSE;
  if (strlen (dims[0]) < 1 || strlen (dims[0]) > 4 || dims[0][0] == '0')
    return FALSE;
  for (const char *p = dims[0]; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
export_icons (Export *e, int share_fd, GError **error)
{
  hutch_autofd int hicolor_fd = open_subdir (e, share_fd, "icons/hicolor", "share/icons/hicolor");
  g_autoptr (GPtrArray) sizes = NULL;

  if (hicolor_fd < 0)
    return TRUE;
  sizes = list_dir (hicolor_fd, "share/icons/hicolor", HUTCH_EXPORTS_MAX_ENTRIES, e->warnings);
  for (guint i = 0; i < sizes->len; i++)
    {
      const char *size = g_ptr_array_index (sizes, i);
      g_autofree char *rel = g_build_filename ("icons", "hicolor", size, "apps", NULL);
      g_autofree char *shown = g_build_filename ("share", rel, NULL);
      g_autofree char *size_apps = g_build_filename (size, "apps", NULL);
      hutch_autofd int apps_fd = -1;

      if (!icon_size_is_valid (size))
        continue;
      apps_fd = open_subdir (e, hicolor_fd, size_apps, shown);
      if (apps_fd >= 0 && !export_dir (e, HUTCH_EXPORT_ICON, apps_fd, rel, error))
        return FALSE;
    }
  return TRUE;
}

/* Whether the exported file @name in @dir_fd was written for @app_id: a
 * desktop file says so in X-Hutch, a service file runs `app run … ID`.
 * Icons carry no mark. */
static gboolean
written_for_app (int dir_fd, HutchExportKind kind, const char *name, const char *app_id)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *value = NULL;
  g_auto (GStrv) argv = NULL;
  gsize len;
  const char *data;

  if (kind == HUTCH_EXPORT_ICON)
    return FALSE;
  bytes = read_untrusted (dir_fd, name, HUTCH_EXPORTS_MAX_DESKTOP_SIZE, NULL);
  data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  if (data == NULL || !g_key_file_load_from_data (key_file, data, len, G_KEY_FILE_NONE, NULL))
    return FALSE;
  if (kind == HUTCH_EXPORT_DESKTOP)
    {
      value = g_key_file_get_string (key_file, "Desktop Entry", "X-Hutch", NULL);
      return g_strcmp0 (value, app_id) == 0;
    }
  value = g_key_file_get_value (key_file, "D-BUS Service", "Exec", NULL);
  if (value == NULL || !g_shell_parse_argv (value, NULL, &argv, NULL))
    return FALSE;
  /* APP run --branch=B --arch=A --command=CMD ID … */
  if (g_strv_length (argv) < 3 || strcmp (argv[1], "run") != 0)
    return FALSE;
  for (guint i = 2; argv[i] != NULL; i++)
    if (!g_str_has_prefix (argv[i], "--"))
      return strcmp (argv[i], app_id) == 0;
  return FALSE;
}

/* The app wrote @name, not exported this time, and it is to go: it is
 * named after the app, or it is named after another installed app (which
 * was installed after it was written, perhaps in another installation)
 * and marked as this app's. */
static gboolean
is_stale (Export *e, HutchExportKind kind, int dir_fd, const char *name, const char *rel)
{
  const char *id = e->target.ref->id;
  g_autofree char *stem = NULL;

  if (g_hash_table_contains (e->exported, rel) || !hutch_exports_name_is_for_app (kind, name, id))
    return FALSE;
  if (name_is_owned (e, kind, name, NULL))
    return TRUE;
  stem = export_stem (kind, name);
  return other_owner (stem, id, e->installed, kind == HUTCH_EXPORT_ICON) != NULL
         && written_for_app (dir_fd, kind, name, id);
}

/* Removes the app's files in exports/share/@rel_dir that were not exported
 * this time, and temporary files of ours left by a crash. */
static gboolean
remove_stale_in (Export *e, HutchExportKind kind, const char *rel_dir, GError **error)
{
  g_autofree char *dir = g_build_filename (e->share_dir, rel_dir, NULL);
  hutch_autofd int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  g_autoptr (GPtrArray) names = NULL;

  if (dir_fd < 0)
    return TRUE;
  names = list_dir (dir_fd, dir, G_MAXUINT, NULL);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *rel = g_build_filename (rel_dir, name, NULL);
      g_autofree char *tmp_of = NULL;
      gboolean stale;

      /* .NAME.XXXXXX: a temporary file of write_export(). */
      if (name[0] == '.' && strlen (name) > 8 && name[strlen (name) - 7] == '.')
        {
          tmp_of = g_strndup (name + 1, strlen (name) - 8);
          stale = name_is_owned (e, kind, tmp_of, NULL);
        }
      else
        stale = is_stale (e, kind, dir_fd, name, rel);
      if (stale && unlinkat (dir_fd, name, 0) < 0 && errno != ENOENT && errno != EISDIR)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          return hutch_set_file_error (error, errno, _("cannot remove “%s”"), path);
        }
    }
  return TRUE;
}

static gboolean
remove_stale (Export *e, GError **error)
{
  g_autofree char *hicolor = g_build_filename (e->share_dir, "icons", "hicolor", NULL);
  g_autoptr (GDir) sizes = g_dir_open (hicolor, 0, NULL);
  const char *size;

  if (!remove_stale_in (e, HUTCH_EXPORT_DESKTOP, "applications", error)
      || !remove_stale_in (e, HUTCH_EXPORT_SERVICE, "dbus-1/services", error))
    return FALSE;
  while (sizes != NULL && (size = g_dir_read_name (sizes)) != NULL)
    {
      g_autofree char *rel = g_build_filename ("icons", "hicolor", size, "apps", NULL);
      if (!remove_stale_in (e, HUTCH_EXPORT_ICON, rel, error))
        return FALSE;
    }
  return TRUE;
}

/* Creates exports/ if needed and takes its lock; returns the locked fd. */
static int
lock_exports (const char *installation_dir, GError **error)
{
  g_autofree char *exports = hutch_installation_get_exports_dir (installation_dir);
  int fd;

  if (g_mkdir_with_parents (exports, 0755) < 0)
    return hutch_set_file_error (error, errno, _("cannot create “%s”"), exports), -1;
  fd = open (exports, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return hutch_set_file_error (error, errno, _("cannot open “%s”"), exports), -1;
  while (flock (fd, LOCK_EX) < 0)
    {
      if (errno != EINTR)
        {
          int errsv = errno;
          close (fd);
          return hutch_set_file_error (error, errsv, _("cannot lock “%s”"), exports), -1;
        }
    }
  return fd;
}

static void
export_init (Export *e, const char *installation_dir, const HutchRef *ref, GPtrArray *warnings)
{
  g_autofree char *exports = hutch_installation_get_exports_dir (installation_dir);

  e->target.ref = ref;
  e->installed = list_installed (installation_dir);
  e->warnings = warnings;
  e->exported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->share_dir = g_build_filename (exports, "share", NULL);
}

/* Opens the deploy's files/share, never through a symbolic link. */
static int
open_deploy_share (Export *e, const HutchDeploy *deploy)
{
  hutch_autofd int deploy_fd = open (deploy->deploy_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (deploy_fd < 0)
    return -1;
  return open_subdir (e, deploy_fd, "files/share", "files/share");
}

/**
 * hutch_exports_update_full:
 * @installation_dir: the installation whose exports change (absolute)
 * @deploy: the app's deploy to export
 * @app_bin: (nullable): the absolute path of `app` for the exported
 *   commands; %NULL: hutch_exports_get_app_bin()
 * @warnings: (nullable) (element-type utf8): where to add a message, safe
 *   to print, for each file not exported and each thing removed from one
 * @error: return location for an error
 *
 * Exports the app's launchers, icons and D-Bus services (see the top of
 * this file) and removes those of its files that @deploy no longer has.
 * Files of the deploy that are refused are warnings, not errors; an error
 * means the exports could not be written (the app's old exports may then
 * be partly replaced).
 *
 * Returns: %TRUE on success
 */
gboolean
hutch_exports_update_full (const char *installation_dir, const HutchDeploy *deploy,
                           const char *app_bin, GPtrArray *warnings, GError **error)
{
  g_autofree char *default_bin = NULL;
  hutch_autofd int lock_fd = -1;
  hutch_autofd int share_fd = -1;
  g_auto (Export) e = { { NULL } };

  g_return_val_if_fail (installation_dir != NULL && g_path_is_absolute (installation_dir), FALSE);
  g_return_val_if_fail (deploy != NULL && deploy->ref != NULL, FALSE);
  g_return_val_if_fail (deploy->ref->kind == HUTCH_REF_KIND_APP, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hutch_ref_validate (deploy->ref, error))
    return FALSE;
  if (app_bin == NULL)
    app_bin = default_bin = hutch_exports_get_app_bin ();
  if (!g_path_is_absolute (app_bin) || !g_utf8_validate (app_bin, -1, NULL)
      || strchr (app_bin, '=') != NULL || strpbrk (app_bin, "\n\r\t") != NULL)
    {
      g_autofree char *quoted = hutch_quote_untrusted (app_bin);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("“%s” cannot be the path of app in exported commands"), quoted);
      return FALSE;
    }
  lock_fd = lock_exports (installation_dir, error);
  if (lock_fd < 0)
    return FALSE;
  export_init (&e, installation_dir, deploy->ref, warnings);
  e.target.app_bin = app_bin;
  share_fd = open_deploy_share (&e, deploy);
  if (share_fd >= 0)
    {
      hutch_autofd int apps_fd = open_subdir (&e, share_fd, "applications", "share/applications");
      hutch_autofd int services_fd
          = open_subdir (&e, share_fd, "dbus-1/services", "share/dbus-1/services");

      if ((apps_fd >= 0 && !export_dir (&e, HUTCH_EXPORT_DESKTOP, apps_fd, "applications", error))
          || (services_fd >= 0
              && !export_dir (&e, HUTCH_EXPORT_SERVICE, services_fd, "dbus-1/services", error))
          || !export_icons (&e, share_fd, error))
        return FALSE;
    }
  return remove_stale (&e, error);
}

/**
 * hutch_exports_update:
 * @installation_dir: the installation whose exports change (absolute)
 * @deploy: the app's deploy to export
 * @error: return location for an error
 *
 * hutch_exports_update_full() with `app` from hutch_exports_get_app_bin()
 * and no warnings.
 *
 * Returns: %TRUE on success
 */
gboolean
hutch_exports_update (const char *installation_dir, const HutchDeploy *deploy, GError **error)
{
  return hutch_exports_update_full (installation_dir, deploy, NULL, NULL, error);
}

/**
 * hutch_exports_remove:
 * @installation_dir: the installation whose exports change (absolute)
 * @ref: the app (its ID counts; branch and arch do not: an app has one set
 *   of exports)
 * @error: return location for an error
 *
 * Removes every exported file of the app.  Files under the ID of another
 * installed app stay.
 *
 * Returns: %TRUE on success
 */
gboolean
hutch_exports_remove (const char *installation_dir, const HutchRef *ref, GError **error)
{
  hutch_autofd int lock_fd = -1;
  g_auto (Export) e = { { NULL } };

  g_return_val_if_fail (installation_dir != NULL && g_path_is_absolute (installation_dir), FALSE);
  g_return_val_if_fail (ref != NULL && ref->kind == HUTCH_REF_KIND_APP, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hutch_id_is_valid (ref->id, error))
    return FALSE;
  lock_fd = lock_exports (installation_dir, error);
  if (lock_fd < 0)
    return FALSE;
  export_init (&e, installation_dir, ref, NULL);
  return remove_stale (&e, error);
}
