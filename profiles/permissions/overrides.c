/* Override files, and the permissions an app runs with.
 *
 * What this defends against: an override file is the user's (or the
 * administrator's) word over an app's metadata, so it must never be lost
 * half-written, read by other users, or silently ignored.  It is written
 * to a temporary file and renamed into place (g_file_set_contents_full),
 * mode 0600 in a directory made 0700; reading one is bounded and refuses
 * anything but a regular file; a broken one is an error naming its line,
 * and updating a broken one fails rather than overwriting it.  The app ID
 * becomes a file name only through hutch-paths.h, which validates it.
 *
 * Two `app override` commands at the same moment may lose one of their
 * changes (the last rename wins); the file is never corrupt.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "permissions-private.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

/* Same bound as metadata: nobody writes a quarter of a megabyte of overrides. */
#define OVERRIDES_MAX_SIZE HUTCH_METADATA_MAX_SIZE

static char *
overrides_file (const char *installation_dir, const char *app_id, GError **error)
{
  if (app_id == NULL)
    return hutch_installation_get_global_overrides_file (installation_dir);
  return hutch_installation_get_app_overrides_file (installation_dir, app_id, error);
}

HutchPermissions *
hutch_overrides_load (const char *installation_dir, const char *app_id, GPtrArray *warnings,
                      GError **error)
{
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GKeyFile) keyfile = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (installation_dir != NULL && g_path_is_absolute (installation_dir), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = overrides_file (installation_dir, app_id, error);
  if (path == NULL)
    return NULL;
  /* Most apps have no overrides: say so without making an error (whose
   * message loads the locale's converters, on every `app run`). */
  if (access (path, F_OK) < 0 && errno == ENOENT)
    return g_steal_pointer (&perms);
  if (!hutch_read_file_bounded (path, OVERRIDES_MAX_SIZE, HUTCH_ERROR_INVALID_PROFILE, &text, &len,
                                &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&perms);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  keyfile = hutch_keyfile_load_text (text, len, path, HUTCH_ERROR_INVALID_PROFILE, NULL, error);
  if (keyfile == NULL
      || !hutch_permissions_load_keyfile (perms, keyfile, text, path, warnings, error))
    return NULL;
  return g_steal_pointer (&perms);
}

/* Stores @perms in @path, atomically, 0600 in a 0700 directory. */
static gboolean
store (const char *installation_dir, const char *path, const HutchPermissions *perms,
       GError **error)
{
  g_autofree char *dir = hutch_installation_get_overrides_dir (installation_dir);
  g_autoptr (GKeyFile) keyfile = hutch_permissions_to_keyfile (perms);
  g_autofree char *data = NULL;
  gsize len;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _ ("cannot create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  data = g_key_file_to_data (keyfile, &len, NULL);
  return g_file_set_contents_full (path, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

gboolean
hutch_overrides_update (const char *installation_dir, const char *app_id,
                        const HutchPermissions *changes, GError **error)
{
  g_autoptr (HutchPermissions) stored = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (installation_dir != NULL && g_path_is_absolute (installation_dir), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = overrides_file (installation_dir, app_id, error);
  if (path == NULL)
    return FALSE;
  stored = hutch_overrides_load (installation_dir, app_id, NULL, error);
  if (stored == NULL)
    return FALSE;
  hutch_permissions_merge (stored, changes);
  return store (installation_dir, path, stored, error);
}

gboolean
hutch_overrides_reset (const char *installation_dir, const char *app_id, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (installation_dir != NULL && g_path_is_absolute (installation_dir), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = overrides_file (installation_dir, app_id, error);
  if (path == NULL)
    return FALSE;
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _ ("cannot remove “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Merges the global overrides, then @app_id's, of @dir onto @perms. */
static gboolean
merge_overrides (HutchPermissions *perms, const char *dir, const char *app_id, GPtrArray *warnings,
                 GError **error)
{
  g_autoptr (HutchPermissions) global = NULL;
  g_autoptr (HutchPermissions) app = NULL;

  global = hutch_overrides_load (dir, NULL, warnings, error);
  if (global == NULL)
    return FALSE;
  app = hutch_overrides_load (dir, app_id, warnings, error);
  if (app == NULL)
    return FALSE;
  hutch_permissions_merge (perms, global);
  hutch_permissions_merge (perms, app);
  return TRUE;
}

HutchPermissions *
hutch_permissions_for_app (const HutchMetadata *metadata, const char *system_dir,
                           const char *user_dir, const HutchPermissions *run_flags,
                           GPtrArray *warnings, GError **error)
{
  g_autoptr (HutchPermissions) perms = NULL;

  g_return_val_if_fail (metadata != NULL && metadata->permissions != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  perms = hutch_permissions_copy (metadata->permissions);
  if (system_dir != NULL && !merge_overrides (perms, system_dir, metadata->name, warnings, error))
    return NULL;
  if (user_dir != NULL && !merge_overrides (perms, user_dir, metadata->name, warnings, error))
    return NULL;
  if (run_flags != NULL)
    hutch_permissions_merge (perms, run_flags);
  return g_steal_pointer (&perms);
}
