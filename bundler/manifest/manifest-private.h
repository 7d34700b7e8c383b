/* Internals of the manifest parser, shared by the files of
 * bundler/manifest/ only.
 *
 * The parser reads the JSON tree of manifest-json.h into the model of
 * hutch-manifest.h.  Most keys are described by tables (ManifestKey): the
 * key, the type of its value, where it goes in the struct being filled,
 * and a check of each string; manifest_read_object() walks an object
 * against its tables, so that type errors, unknown keys and ignored keys
 * get the same messages everywhere.  Messages are built by
 * manifest-location.c: "FILE:LINE:COLUMN: FIELD: what is wrong", with
 * every untrusted part escaped.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-manifest.h"
#include "manifest-json.h"

#include <glib.h>

G_BEGIN_DECLS

/* At most this many module and source files are read for one manifest
 * (counting a file each time it is included), and at most this many bytes
 * in all: including the same file twice at each of many levels must not
 * make the parser read it exponentially often. */
#define MANIFEST_MAX_FILES      256
#define MANIFEST_MAX_TOTAL_SIZE (8 * HUTCH_MANIFEST_MAX_SIZE)
/* Warnings kept, so that a megabyte of unknown keys is not a gigabyte of
 * messages; one more line says that there were more. */
#define MANIFEST_MAX_WARNINGS 200

/* The state of one hutch_manifest_parse() or _load(), shared by all the
 * files it reads. */
typedef struct
{
  HutchManifest *manifest; /* warnings go to manifest->warnings */
  char *base_dir;          /* where relative paths start, as given; NULL: no module files */
  char *real_base_dir;     /* its canonical path, once a file was included */
  GPtrArray *including;    /* canonical paths of the files being read, for cycles */
  guint n_files;
  gsize total_size;
  gsize copied_size; /* patch sources copied for their "paths" */
} ManifestLoader;

/* One file of a manifest: the manifest itself or a module or source file
 * it includes. */
typedef struct
{
  ManifestLoader *loader;
  ManifestJsonDoc *doc;
  /* In messages and locations: as given, or base_dir/dir/FILE.  A
   * GRefString, shared by the locations of everything in the file. */
  char *name;
  char *dir; /* the file's directory, relative to base_dir: "" for the manifest */
  /* The directory its paths start from (base_dir/dir), a GRefString shared
   * by its sources; NULL without a base directory. */
  char *base_dir;
  /* An included file: its canonical path, on the loader's stack of files
   * being read until the ManifestFile is freed. */
  char *real_path;
} ManifestFile;

void manifest_file_free (ManifestFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ManifestFile, manifest_file_free)

/* manifest-location.c: fields, locations and messages. */

/* Untrusted text escaped (hutch_escape_for_terminal()) and cut short. */
char *manifest_quote (const char *text);
/* "PARENT.KEY" (or "KEY" at the top; an odd KEY is quoted), "PARENT[INDEX]". */
char *manifest_field_member (const char *parent, const char *key);
char *manifest_field_index (const char *parent, guint index);
/* "FILE:LINE:COLUMN: FIELD: message", without the parts that are 0 or NULL. */
char *manifest_message_valist (const char *file, guint line, guint column, const char *field,
                               const char *format, va_list args) G_GNUC_PRINTF (5, 0);
void manifest_set_error (GError **error, const char *file, guint line, guint column,
                         const char *field, const char *format, ...) G_GNUC_PRINTF (6, 7);
void manifest_location_init (HutchManifestLocation *where, const ManifestFile *file,
                             const ManifestJsonNode *node, const char *field);
void manifest_location_clear (HutchManifestLocation *where);
/* Sets @error about @node, at @field; returns FALSE. */
gboolean manifest_fail (const ManifestFile *file, const ManifestJsonNode *node, const char *field,
                        GError **error, const char *format, ...) G_GNUC_PRINTF (5, 6);
/* The same with the message of @cause (freed). */
gboolean manifest_fail_with (const ManifestFile *file, const ManifestJsonNode *node,
                             const char *field, GError *cause, GError **error);
/* Adds a warning about @node to the manifest. */
void manifest_warn (const ManifestFile *file, const ManifestJsonNode *node, const char *field,
                    const char *format, ...) G_GNUC_PRINTF (4, 5);

/* manifest-keys.c: reading objects against tables of keys. */

/* Checks a string value; fails with a bare message ("“x” is …"). */
typedef gboolean (*ManifestCheck) (const char *value, GError **error);
/* Reads the value of a key itself; @target is the struct being filled. */
typedef gboolean (*ManifestHandler) (ManifestFile *file, const ManifestJsonNode *value,
                                     const char *field, gpointer target, GError **error);

typedef enum
{
  MANIFEST_KEY_STRING,        /* char *: a string, checked by .check */
  MANIFEST_KEY_BOOLEAN,       /* gboolean */
  MANIFEST_KEY_STRV,          /* char **: an array of strings, each checked by .check */
  MANIFEST_KEY_UINT,          /* guint: a whole number, 0 to MANIFEST_UINT_MAX */
  MANIFEST_KEY_BUILD_OPTIONS, /* HutchBuildOptions *: manifest_read_build_options() */
  MANIFEST_KEY_CUSTOM,        /* .handler reads it */
  MANIFEST_KEY_DONE,          /* read by the caller before or after the walk */
  MANIFEST_KEY_IGNORED,       /* known, of no use to Hutch: a warning */
} ManifestKeyKind;

#define MANIFEST_UINT_MAX 255

typedef struct
{
  const char *name; /* NULL ends a table */
  ManifestKeyKind kind;
  gsize offset; /* in the struct being filled */
  ManifestCheck check;
  ManifestHandler handler;
} ManifestKey;

/* A key stored in the member @member of the struct @type. */
#define MANIFEST_KEY_AT(type, name, kind, member, check)                                           \
  {                                                                                                \
    name, kind, G_STRUCT_OFFSET (type, member), check, NULL                                        \
  }
/* A key that @handler reads. */
#define MANIFEST_KEY_HANDLER(name, handler)                                                        \
  {                                                                                                \
    name, MANIFEST_KEY_CUSTOM, 0, NULL, handler                                                    \
  }

/* Reads each member of @object through the first of the NULL-terminated
 * @tables that knows its key; unknown keys (and "x-…" ones) are warnings.
 * @object must be an object (checked with manifest_expect_type()). */
gboolean manifest_read_object (ManifestFile *file, const ManifestJsonNode *object,
                               const char *field, const ManifestKey *const *tables, gpointer target,
                               GError **error);
gboolean manifest_expect_type (const ManifestFile *file, const ManifestJsonNode *node,
                               const char *field, ManifestJsonType type, GError **error);
/* An array of strings, each checked by @check (may be NULL). */
char **manifest_read_strv (ManifestFile *file, const ManifestJsonNode *array, const char *field,
                           ManifestCheck check, GError **error);
/* A required key's value, or an error at @object naming the key. */
const ManifestJsonNode *manifest_require (ManifestFile *file, const ManifestJsonNode *object,
                                          const char *field, const char *key, GError **error);
gboolean manifest_fail_missing (const ManifestFile *file, const ManifestJsonNode *object,
                                const char *field, const char *key, GError **error);

/* manifest-checks.c: checks of string values (ManifestCheck). */

/* Relative, at most PATH_MAX bytes, no "..", "." or empty element, no
 * control character. */
gboolean manifest_check_path (const char *value, GError **error);
/* "/" followed by what manifest_check_path() accepts, or "/" alone. */
gboolean manifest_check_absolute_path (const char *value, GError **error);
/* One element of a path: a file name. */
gboolean manifest_check_filename (const char *value, GError **error);
gboolean manifest_check_app_id (const char *value, GError **error);
gboolean manifest_check_runtime_id (const char *value, GError **error);
gboolean manifest_check_branch (const char *value, GError **error);
gboolean manifest_check_arch (const char *value, GError **error);
gboolean manifest_check_text (const char *value, GError **error);
gboolean manifest_check_url (const char *value, GError **error);
gboolean manifest_check_sha256 (const char *value, GError **error);
gboolean manifest_check_env_name (const char *value, GError **error);

/* manifest-files.c: reading the manifest and the files it includes. */

gboolean manifest_read_file (const char *path, char **contents, gsize *len, GError **error);
/* Reads the file that the string @value names, relative to the directory
 * of @file, and parses it as JSON: the new file has the same loader, and
 * is "being read" (a cycle if included again) until it is freed. */
ManifestFile *manifest_include (ManifestFile *file, const ManifestJsonNode *value,
                                const char *field, GError **error);
/* A new file of @loader named @name, in @dir (relative to base_dir). */
ManifestFile *manifest_file_new (ManifestLoader *loader, const char *name, const char *dir);

/* manifest-options.c */
gboolean manifest_read_build_options (ManifestFile *file, const ManifestJsonNode *value,
                                      const char *field, HutchBuildOptions **out, GError **error);

/* manifest-modules.c: the "modules" arrays, at @depth modules deep. */
gboolean manifest_read_modules (ManifestFile *file, const ManifestJsonNode *array,
                                const char *field, guint depth, GPtrArray *modules, GError **error);

/* manifest-sources.c: the "sources" array of a module. */
gboolean manifest_read_sources (ManifestFile *file, const ManifestJsonNode *array,
                                const char *field, GPtrArray *sources, GError **error);

/* manifest-finish-args.c: finish-args into manifest->finish_args and
 * manifest->metadata_context. */
gboolean manifest_read_finish_args (ManifestFile *file, const ManifestJsonNode *array,
                                    const char *field, HutchManifest *manifest, GError **error);

/* manifest-free.c */
void manifest_module_free (HutchManifestModule *module);
void manifest_source_free (HutchManifestSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchManifestModule, manifest_module_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchManifestSource, manifest_source_free)

G_END_DECLS
