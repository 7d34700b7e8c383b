/* Fuzz target: app metadata and permission options, untrusted text.
 *
 * The input is parsed as metadata.  Then each of its lines is applied as a
 * command-line permission option ("NAME=VALUE", with or without the leading
 * "--"), as `app run` would.  Besides crashes and sanitizer reports, it
 * checks the invariants the rest of Hutch relies on:
 *
 *   - whatever was accepted is saved as text that reads back as the same
 *     layer (the stable text of hutch_permissions_to_string());
 *   - a copy is the same layer, and merging a layer onto a copy of itself
 *     changes nothing;
 *   - no granted filesystem has a ".." component or an empty path where a
 *     path is required.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hutch-metadata.h"
#include "hutch-permissions.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_filesystems (const HutchPermissions *perms)
{
  g_autoptr (GPtrArray) filesystems = hutch_permissions_get_filesystems (perms);

  for (guint i = 0; i < filesystems->len; i++)
    {
      const HutchFilesystem *fs = g_ptr_array_index (filesystems, i);
      g_auto (GStrv) parts = g_strsplit (fs->subpath, "/", -1);

      if (fs->mode == HUTCH_FS_RESET)
        abort ();
      if ((fs->base == HUTCH_FS_BASE_ABSOLUTE || fs->base == HUTCH_FS_BASE_XDG_RUN
           || fs->base == HUTCH_FS_BASE_HOME_PATH)
          && fs->subpath[0] == '\0')
        abort ();
      for (gsize j = 0; fs->subpath[0] != '\0' && parts[j] != NULL; j++)
        if (parts[j][0] == '\0' || strcmp (parts[j], ".") == 0 || strcmp (parts[j], "..") == 0)
          abort ();
    }
}

/* The layer's text reads back as the same layer; copies are equal. */
static void
check_layer (const HutchPermissions *perms)
{
  g_autofree char *text = hutch_permissions_to_string (perms);
  g_autofree char *again_text = NULL;
  g_autofree char *copy_text = NULL;
  g_autofree char *merged_text = NULL;
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (HutchPermissions) again = hutch_permissions_new ();
  g_autoptr (HutchPermissions) copy = hutch_permissions_copy (perms);
  g_autoptr (GError) error = NULL;

  if (!g_key_file_load_from_data (keyfile, text, strlen (text), G_KEY_FILE_NONE, &error)
      || !hutch_permissions_load_keyfile (again, keyfile, text, "saved", NULL, &error))
    {
      fprintf (stderr, "saved text does not load: %s\n%s", error->message, text);
      abort ();
    }
  again_text = hutch_permissions_to_string (again);
  copy_text = hutch_permissions_to_string (copy);
  hutch_permissions_merge (copy, perms);
  merged_text = hutch_permissions_to_string (copy);
  if (strcmp (text, again_text) != 0 || strcmp (text, copy_text) != 0
      || strcmp (text, merged_text) != 0)
    {
      fprintf (stderr, "unstable text:\n%s---\n%s---\n%s---\n%s", text, again_text, copy_text,
               merged_text);
      abort ();
    }
  check_filesystems (perms);
}

static void
apply_lines (const char *text, gsize len)
{
  g_autofree char *copy = g_strndup (text, len);
  g_auto (GStrv) lines = g_strsplit (copy, "\n", -1);
  g_autoptr (HutchPermissions) perms = hutch_permissions_new ();

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *eq;
      g_autofree char *option = NULL;

      if (g_str_has_prefix (line, "--"))
        line += 2;
      eq = strchr (line, '=');
      option = eq != NULL ? g_strndup (line, (gsize)(eq - line)) : g_strdup (line);
      hutch_permissions_apply_option (perms, option, eq != NULL ? eq + 1 : NULL, NULL);
    }
  check_layer (perms);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (HutchMetadata) metadata = NULL;

  metadata = hutch_metadata_parse ((const char *)data, size, "fuzz", warnings, NULL);
  if (metadata != NULL)
    check_layer (metadata->permissions);
  apply_lines ((const char *)data, size);
  return 0;
}
