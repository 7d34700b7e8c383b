/* "sources": what a module is built from.
 *
 * What this defends against: sources name files to read (path), places to
 * write (dest, dest-filename) and downloads to trust (url).  Paths are
 * relative to the file that names them and may not climb out ("..") or
 * start at "/"; a dest-filename is one file name; a download must carry
 * its SHA-256, since the build only takes it from a local mirror and
 * checks it.  Sources that need the network or a version control system
 * (git, bzr, svn, extra-data) are errors, not silently skipped: a build
 * without them would not be the build the packager wrote.  base64 inline
 * contents are decoded strictly (GLib's decoder skips bad characters).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "manifest-private.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"

#define SOURCE(name, kind, member, check)                                                          \
  MANIFEST_KEY_AT (HutchManifestSource, name, kind, member, check)

static gboolean
check_archive_type (const char *value, GError **error)
{
  static const char *const types[]
      = { "rpm",      "tar",    "tar-gzip", "tar-compress", "tar-bzip2", "tar-lzip", "tar-lzma",
          "tar-lzop", "tar-xz", "tar-zst",  "zip",          "7z",        NULL };
  g_autofree char *quoted = NULL;

  if (g_strv_contains (types, value))
    return TRUE;
  quoted = manifest_quote (value);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST,
               _ ("“%s” is not an archive type (rpm, tar, tar-gzip, tar-compress, tar-bzip2, "
                  "tar-lzip, tar-lzma, tar-lzop, tar-xz, tar-zst, zip or 7z)"),
               quoted);
  return FALSE;
}

/* A dir source may also be "." itself: the manifest's own directory. */
static gboolean
check_dir_path (const char *value, GError **error)
{
  return strcmp (value, ".") == 0 || manifest_check_path (value, error);
}

static const ManifestKey common_keys[] = {
  { "type", MANIFEST_KEY_DONE },
  SOURCE ("dest", MANIFEST_KEY_STRING, dest, manifest_check_path),
  SOURCE ("only-arches", MANIFEST_KEY_STRV, only_arches, manifest_check_arch),
  SOURCE ("skip-arches", MANIFEST_KEY_STRV, skip_arches, manifest_check_arch),
  { NULL },
};

/* file and archive */
static const ManifestKey download_keys[] = {
  SOURCE ("path", MANIFEST_KEY_STRING, path, manifest_check_path),
  SOURCE ("url", MANIFEST_KEY_STRING, url, manifest_check_url),
  SOURCE ("sha256", MANIFEST_KEY_STRING, sha256, manifest_check_sha256),
  { "mirror-urls", MANIFEST_KEY_IGNORED },
  { "md5", MANIFEST_KEY_IGNORED },
  { "sha1", MANIFEST_KEY_IGNORED },
  { "sha512", MANIFEST_KEY_IGNORED },
  { NULL },
};

static const ManifestKey file_keys[] = {
  SOURCE ("dest-filename", MANIFEST_KEY_STRING, dest_filename, manifest_check_filename),
  { NULL },
};

static const ManifestKey archive_keys[] = {
  SOURCE ("strip-components", MANIFEST_KEY_UINT, strip_components, NULL),
  SOURCE ("archive-type", MANIFEST_KEY_STRING, archive_type, check_archive_type),
  { "dest-filename", MANIFEST_KEY_IGNORED },
  { "git-init", MANIFEST_KEY_IGNORED },
  { NULL },
};

static const ManifestKey dir_keys[] = {
  SOURCE ("path", MANIFEST_KEY_STRING, path, check_dir_path),
  SOURCE ("skip", MANIFEST_KEY_STRV, skip, manifest_check_path),
  { NULL },
};

static const ManifestKey script_keys[] = {
  SOURCE ("commands", MANIFEST_KEY_STRV, commands, NULL),
  SOURCE ("dest-filename", MANIFEST_KEY_STRING, dest_filename, manifest_check_filename),
  { NULL },
};

static const ManifestKey patch_keys[] = {
  SOURCE ("path", MANIFEST_KEY_STRING, path, manifest_check_path),
  { "paths", MANIFEST_KEY_DONE },
  SOURCE ("strip-components", MANIFEST_KEY_UINT, patch_strip, NULL),
  SOURCE ("options", MANIFEST_KEY_STRV, patch_options, NULL),
  { "use-git", MANIFEST_KEY_IGNORED },
  { "use-git-am", MANIFEST_KEY_IGNORED },
  { NULL },
};

static const ManifestKey inline_keys[] = {
  { "contents", MANIFEST_KEY_DONE },
  SOURCE ("base64", MANIFEST_KEY_BOOLEAN, base64, NULL),
  SOURCE ("dest-filename", MANIFEST_KEY_STRING, dest_filename, manifest_check_filename),
  { NULL },
};

static const struct
{
  const char *name;
  HutchSourceType type;
  const ManifestKey *keys;
  const ManifestKey *more_keys;
} source_types[] = {
  { "file", HUTCH_SOURCE_FILE, download_keys, file_keys },
  { "archive", HUTCH_SOURCE_ARCHIVE, download_keys, archive_keys },
  { "dir", HUTCH_SOURCE_DIR, dir_keys, NULL },
  { "script", HUTCH_SOURCE_SCRIPT, script_keys, NULL },
  { "patch", HUTCH_SOURCE_PATCH, patch_keys, NULL },
  { "inline", HUTCH_SOURCE_INLINE, inline_keys, NULL },
};

/* The index in source_types of the type named by the "type" of @object. */
static gboolean
read_type (ManifestFile *file, const ManifestJsonNode *object, const char *field, gsize *out,
           GError **error)
{
  static const char *const fetched[] = { "git", "bzr", "svn", "extra-data", NULL };
  g_autofree char *type_field = manifest_field_member (field, "type");
  const ManifestJsonNode *type = manifest_require (file, object, field, "type", error);
  g_autofree char *quoted = NULL;

  if (type == NULL || !manifest_expect_type (file, type, type_field, MANIFEST_JSON_STRING, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (source_types); i++)
    if (strcmp (source_types[i].name, type->text) == 0)
      {
        *out = i;
        return TRUE;
      }
  quoted = manifest_quote (type->text);
  if (g_strv_contains (fetched, type->text))
    return manifest_fail (file, type, type_field, error,
                          _ ("“%s” sources are not supported: Hutch builds without network or "
                             "version control; give a local copy as a “dir” or “archive” source"),
                          quoted);
  if (strcmp (type->text, "shell") == 0)
    return manifest_fail (file, type, type_field, error,
                          _ ("“shell” sources are not supported; run the commands in the "
                             "module's “build-commands” or a “script” source"));
  return manifest_fail (file, type, type_field, error,
                        _ ("“%s” is not a source type (file, dir, archive, script, patch or "
                           "inline)"),
                        quoted);
}

/* The last element of @url's path, without query or fragment. */
static char *
url_basename (const char *url)
{
  const char *start = strstr (url, "://") + 3;
  gsize len = strcspn (start, "?#");
  const char *slash = g_strrstr_len (start, (gssize)len, "/");

  if (slash == NULL)
    return g_strdup ("");
  return g_strndup (slash + 1, len - (gsize)(slash + 1 - start));
}

/* file: the name to write, by default that of path or url. */
static gboolean
default_dest_filename (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                       HutchManifestSource *source, GError **error)
{
  g_autofree char *dest_field = NULL;
  g_autofree char *name = NULL;

  if (source->dest_filename != NULL)
    return TRUE;
  name = source->path != NULL ? g_path_get_basename (source->path) : url_basename (source->url);
  if (manifest_check_filename (name, NULL))
    {
      source->dest_filename = g_steal_pointer (&name);
      return TRUE;
    }
  dest_field = manifest_field_member (field, "dest-filename");
  return manifest_fail (file, object, dest_field, error, "%s",
                        _ ("the URL does not end in a file name: this key is required"));
}

/* file and archive: a path, or a url with its sha256. */
static gboolean
check_download (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                HutchManifestSource *source, GError **error)
{
  g_autofree char *sha_field = NULL;

  if (source->path == NULL && source->url == NULL)
    return manifest_fail_missing (file, object, field, "path", error);
  if (source->url != NULL && source->sha256 == NULL)
    {
      sha_field = manifest_field_member (field, "sha256");
      return manifest_fail (file, object, sha_field, error, "%s",
                            _ ("this key is required with “url”"));
    }
  if (source->sha256 != NULL)
    {
      char *lower = g_ascii_strdown (source->sha256, -1);
      g_free (source->sha256);
      source->sha256 = lower;
    }
  if (source->type == HUTCH_SOURCE_FILE)
    return default_dest_filename (file, object, field, source, error);
  return TRUE;
}

/* Strict base64: the alphabet, "=" only at the end, white space ignored. */
static gboolean
decode_base64 (const char *text, guchar **out, gsize *out_len)
{
  g_autofree char *compact = g_malloc (strlen (text) + 1);
  gsize n = 0, padding = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (*p == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (*p) || *p == '+' || *p == '/'))
        return FALSE;
      compact[n++] = *p;
    }
  compact[n] = '\0';
  if (n % 4 != 0 || padding > 2)
    return FALSE;
  *out = n > 0 ? g_base64_decode (compact, out_len) : (guchar *)g_strdup ("");
  if (n == 0)
    *out_len = 0;
  return TRUE;
}

static gboolean
read_contents (ManifestFile *file, const ManifestJsonNode *object, const char *field,
               HutchManifestSource *source, GError **error)
{
  g_autofree char *contents_field = manifest_field_member (field, "contents");
  const ManifestJsonNode *contents = manifest_require (file, object, field, "contents", error);
  guchar *decoded;

  if (contents == NULL
      || !manifest_expect_type (file, contents, contents_field, MANIFEST_JSON_STRING, error))
    return FALSE;
  if (source->dest_filename == NULL)
    return manifest_fail_missing (file, object, field, "dest-filename", error);
  if (!source->base64)
    {
      source->contents = g_strdup (contents->text);
      source->contents_len = strlen (contents->text);
      return TRUE;
    }
  if (!decode_base64 (contents->text, &decoded, &source->contents_len))
    return manifest_fail (file, contents, contents_field, error, "%s",
                          _ ("not valid base64 (with “base64”: true)"));
  source->contents = (char *)decoded;
  return TRUE;
}

/* A copy of the patch source @patch for another of its files. */
static HutchManifestSource *
copy_patch (const HutchManifestSource *patch, const char *path)
{
  HutchManifestSource *copy = g_new0 (HutchManifestSource, 1);

  copy->type = HUTCH_SOURCE_PATCH;
  copy->where.file = g_ref_string_acquire (patch->where.file);
  copy->where.line = patch->where.line;
  copy->where.column = patch->where.column;
  copy->where.field = g_strdup (patch->where.field);
  copy->base_dir = patch->base_dir != NULL ? g_ref_string_acquire (patch->base_dir) : NULL;
  copy->path = g_strdup (path);
  copy->dest = g_strdup (patch->dest);
  copy->patch_strip = patch->patch_strip;
  copy->patch_options = g_strdupv (patch->patch_options);
  copy->only_arches = g_strdupv (patch->only_arches);
  copy->skip_arches = g_strdupv (patch->skip_arches);
  return copy;
}

/* The bytes a copy of @patch takes (its struct and its own strings). */
static gsize
patch_copy_size (const HutchManifestSource *patch)
{
  char **const lists[] = { patch->patch_options, patch->only_arches, patch->skip_arches };
  gsize size = sizeof *patch + strlen (patch->where.field) + 1;

  if (patch->dest != NULL)
    size += strlen (patch->dest) + 1;
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    for (gsize j = 0; lists[i] != NULL && lists[i][j] != NULL; j++)
      size += sizeof (char *) + strlen (lists[i][j]) + 1;
  return size;
}

/* patch (taken): one source per file of "path" and "paths", in that
 * order, added to @sources. */
static gboolean
read_patch_paths (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                  HutchManifestSource *taken, GPtrArray *sources, GError **error)
{
  g_autoptr (HutchManifestSource) patch = taken;
  const ManifestJsonNode *paths = manifest_json_lookup (file->doc, object, "paths");
  g_autofree char *paths_field = manifest_field_member (field, "paths");
  g_auto (GStrv) more = NULL;
  gsize n;

  if (paths != NULL
      && (more = manifest_read_strv (file, paths, paths_field, manifest_check_path, error)) == NULL)
    return FALSE;
  if (patch->path == NULL && (more == NULL || more[0] == NULL))
    return manifest_fail_missing (file, object, field, "path", error);
  /* Each patch copies the options: many patches times many options must
   * not turn a small manifest into a huge model. */
  n = (patch->path != NULL ? 1 : 0) + (more != NULL ? g_strv_length (more) : 0);
  file->loader->copied_size += n * patch_copy_size (patch);
  if (file->loader->copied_size > MANIFEST_MAX_TOTAL_SIZE)
    return manifest_fail (file, paths, paths_field, error,
                          _ ("copying the options to each patch would take more than %d bytes; "
                             "split the source"),
                          MANIFEST_MAX_TOTAL_SIZE);
  if (patch->path != NULL)
    g_ptr_array_add (sources, copy_patch (patch, patch->path));
  for (gsize i = 0; more != NULL && more[i] != NULL; i++)
    g_ptr_array_add (sources, copy_patch (patch, more[i]));
  return TRUE;
}

/* The checks and defaults of each type, once its keys are read; adds the
 * source (or, for a patch with "paths", several) to @sources. */
static gboolean
finish_source (ManifestFile *file, const ManifestJsonNode *object, const char *field,
               HutchManifestSource *source, GPtrArray *sources, GError **error)
{
  g_autoptr (HutchManifestSource) owned = source;
  gboolean ok = TRUE;

  switch (source->type)
    {
      case HUTCH_SOURCE_FILE:
      case HUTCH_SOURCE_ARCHIVE:
        ok = check_download (file, object, field, source, error);
        break;
      case HUTCH_SOURCE_DIR:
        if (source->path == NULL)
          ok = manifest_fail_missing (file, object, field, "path", error);
        break;
      case HUTCH_SOURCE_SCRIPT:
        if (source->commands == NULL)
          ok = manifest_fail_missing (file, object, field, "commands", error);
        if (source->dest_filename == NULL)
          source->dest_filename = g_strdup ("autogen.sh");
        break;
      case HUTCH_SOURCE_PATCH:
        return read_patch_paths (file, object, field, g_steal_pointer (&owned), sources, error);
      case HUTCH_SOURCE_INLINE:
      default:
        ok = read_contents (file, object, field, source, error);
        break;
    }
  if (ok)
    g_ptr_array_add (sources, g_steal_pointer (&owned));
  return ok;
}

static gboolean
read_source_object (ManifestFile *file, const ManifestJsonNode *object, const char *field,
                    GPtrArray *sources, GError **error)
{
  g_autoptr (HutchManifestSource) source = NULL;
  const ManifestKey *tables[4] = { common_keys, NULL, NULL, NULL };
  gsize type = 0;

  if (!manifest_expect_type (file, object, field, MANIFEST_JSON_OBJECT, error)
      || !read_type (file, object, field, &type, error))
    return FALSE;
  tables[1] = source_types[type].keys;
  tables[2] = source_types[type].more_keys;
  source = g_new0 (HutchManifestSource, 1);
  source->type = source_types[type].type;
  source->strip_components = 1;
  source->patch_strip = 1;
  source->base_dir = file->base_dir != NULL ? g_ref_string_acquire (file->base_dir) : NULL;
  manifest_location_init (&source->where, file, object, field);
  if (!manifest_read_object (file, object, field, tables, source, error))
    return FALSE;
  return finish_source (file, object, field, g_steal_pointer (&source), sources, error);
}

/* A file named in "sources": one source object, or an array of them. */
static gboolean
read_source_file (ManifestFile *file, const ManifestJsonNode *value, const char *field,
                  GPtrArray *sources, GError **error)
{
  g_autoptr (ManifestFile) included = manifest_include (file, value, field, error);
  const ManifestJsonNode *root;
  guint i = 0;

  if (included == NULL)
    return FALSE;
  root = manifest_json_root (included->doc);
  if (root->type != MANIFEST_JSON_ARRAY)
    return read_source_object (included, root, field, sources, error);
  for (const ManifestJsonNode *item = manifest_json_first (included->doc, root); item != NULL;
       item = manifest_json_next (included->doc, item), i++)
    {
      g_autofree char *item_field = manifest_field_index (field, i);

      if (!read_source_object (included, item, item_field, sources, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
manifest_read_sources (ManifestFile *file, const ManifestJsonNode *array, const char *field,
                       GPtrArray *sources, GError **error)
{
  guint i = 0;

  if (!manifest_expect_type (file, array, field, MANIFEST_JSON_ARRAY, error))
    return FALSE;
  for (const ManifestJsonNode *item = manifest_json_first (file->doc, array); item != NULL;
       item = manifest_json_next (file->doc, item), i++)
    {
      g_autofree char *item_field = manifest_field_index (field, i);
      gboolean ok = item->type == MANIFEST_JSON_STRING
                        ? read_source_file (file, item, item_field, sources, error)
                        : read_source_object (file, item, item_field, sources, error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}
