/* A JSON reader that remembers where every value was written.
 *
 * The manifest parser needs the line and column of each value for its
 * messages ("FILE:LINE:COLUMN: modules[2].sources[0].sha256: …"), also for
 * errors found only when the value's meaning is checked; json-glib cannot
 * report those positions, hence this small reader, private to
 * bundler/manifest/.
 *
 * A document is a read-only tree held in two allocations (the nodes and
 * their strings), both bounded by the size of the input.  An object's
 * children are its keys, each followed by its value: manifest_json_next()
 * of a key is its value, manifest_json_next() of a value is the next key.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MANIFEST_JSON_NULL,
  MANIFEST_JSON_FALSE,
  MANIFEST_JSON_TRUE,
  MANIFEST_JSON_NUMBER,
  MANIFEST_JSON_STRING,
  MANIFEST_JSON_ARRAY,
  MANIFEST_JSON_OBJECT,
} ManifestJsonType;

typedef struct
{
  ManifestJsonType type;
  guint line;    /* 1-based */
  guint column;  /* 1-based, in bytes */
  guint32 first; /* array, object: the first child; 0 if none */
  guint32 next;  /* the next sibling (see above); 0 if none */
  /* string (and key): the decoded text, valid UTF-8 without NUL bytes;
   * number: the text as written; NULL otherwise. */
  const char *text;
} ManifestJsonNode;

typedef struct _ManifestJsonDoc ManifestJsonDoc;

/* Parses @len bytes at @data (no NUL needed at the end).  Errors are
 * HUTCH_ERROR_INVALID_MANIFEST "FILE:LINE:COLUMN: FIELD: what is wrong",
 * @filename naming the file.  The text must be UTF-8 without NUL bytes, at
 * most HUTCH_MANIFEST_MAX_SIZE bytes, nested at most
 * HUTCH_MANIFEST_MAX_DEPTH deep, without duplicate keys in an object;
 * comments (slash-star and double-slash) count as white space. */
ManifestJsonDoc *manifest_json_parse (const char *data, gsize len, const char *filename,
                                      GError **error);
void manifest_json_doc_free (ManifestJsonDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ManifestJsonDoc, manifest_json_doc_free)

const ManifestJsonNode *manifest_json_root (const ManifestJsonDoc *doc);
/* The first child of an array or object, or NULL. */
const ManifestJsonNode *manifest_json_first (const ManifestJsonDoc *doc,
                                             const ManifestJsonNode *node);
/* The next sibling, or NULL. */
const ManifestJsonNode *manifest_json_next (const ManifestJsonDoc *doc,
                                            const ManifestJsonNode *node);
/* The value of @key in @object, or NULL. */
const ManifestJsonNode *manifest_json_lookup (const ManifestJsonDoc *doc,
                                              const ManifestJsonNode *object, const char *key);
/* "a string", "an array"…, translated, for messages. */
const char *manifest_json_type_name (ManifestJsonType type);

G_END_DECLS
