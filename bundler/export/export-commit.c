/* The tree and the metadata of an export's commit.
 *
 * Defends against: a commit whose checksum depends on who built it, when
 * or with which umask, and content `app install` could not deploy.  Every
 * entry is owned by 0:0; directories are 0755, regular files 0755 if their
 * owner may execute them and 0644 otherwise (so no setuid, setgid or
 * sticky bit, and nothing writable by others, which a bare-user-only
 * repository refuses); no extended attribute is read; only metadata,
 * files/ and export/ are taken from the build directory.
 *
 * Why a filter instead of OSTREE_REPO_COMMIT_MODIFIER_FLAGS_CANONICAL_PERMISSIONS:
 * the flag keeps the read and write bits as they are (so a umask of 077
 * changes the checksum), and libostree aborts the whole process on a
 * device node, socket or FIFO while applying it.  The filter gives modes
 * within what the flag allows, and turns such a file into an error naming
 * it (export-scan.c has refused it already; this catches one that
 * appeared since).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "export-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

/* Progress is reported every this many entries, and at the end. */
#define PROGRESS_EVERY 64

typedef struct
{
  const HutchExportTreeOptions *options;
  guint64 done;
  char *refused; /* the first special file met, relative to BUILDDIR */
} FilterState;

/* "/", or a path under one of the entries that are committed. */
static gboolean
is_committed (const char *path)
{
  static const char *const top[]
      = { HUTCH_EXPORT_METADATA, HUTCH_EXPORT_FILES, HUTCH_EXPORT_EXPORTS };
  gsize len;

  if (strcmp (path, "/") == 0)
    return TRUE;
  path++;
  len = strcspn (path, "/");
  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    if (len == strlen (top[i]) && strncmp (path, top[i], len) == 0)
      return TRUE;
  return FALSE;
}

static void
report (FilterState *state)
{
  const HutchExportTreeOptions *options = state->options;

  if (options->progress != NULL)
    options->progress (HUTCH_EXPORT_PHASE_COMMIT, state->done, MAX (options->total, state->done),
                       options->progress_data);
}

static OstreeRepoCommitFilterResult
canonicalise (OstreeRepo *repo, const char *path, GFileInfo *info, gpointer user_data)
{
  FilterState *state = user_data;
  guint32 mode = g_file_info_get_attribute_uint32 (info, "unix::mode");

  if (!is_committed (path))
    return OSTREE_REPO_COMMIT_FILTER_SKIP;
  switch (g_file_info_get_file_type (info))
    {
      case G_FILE_TYPE_DIRECTORY:
        mode = S_IFDIR | 0755;
        break;
      case G_FILE_TYPE_REGULAR:
        mode = S_IFREG | ((mode & S_IXUSR) != 0 ? 0755 : 0644);
        break;
      case G_FILE_TYPE_SYMBOLIC_LINK:
        break;
      default:
        if (state->refused == NULL)
          state->refused = g_strdup (path);
        return OSTREE_REPO_COMMIT_FILTER_SKIP;
    }
  g_file_info_set_attribute_uint32 (info, "unix::mode", mode);
  g_file_info_set_attribute_uint32 (info, "unix::uid", 0);
  g_file_info_set_attribute_uint32 (info, "unix::gid", 0);
  /* Directories come here twice (as an entry, then as a tree): files only. */
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY
      && ++state->done % PROGRESS_EVERY == 0)
    report (state);
  return OSTREE_REPO_COMMIT_FILTER_ALLOW;
}

gboolean
hutch_export_write_tree (OstreeRepo *repo, const char *builddir,
                         const HutchExportTreeOptions *options, GFile **out_root, GError **error)
{
  FilterState state = { options, 0, NULL };
  g_autoptr (OstreeMutableTree) mtree = ostree_mutable_tree_new ();
  g_autoptr (OstreeRepoCommitModifier) modifier = NULL;
  g_autofree char *refused = NULL;
  gboolean ok;

  modifier = ostree_repo_commit_modifier_new (OSTREE_REPO_COMMIT_MODIFIER_FLAGS_SKIP_XATTRS,
                                              canonicalise, &state, NULL);
  ok = ostree_repo_write_dfd_to_mtree (repo, AT_FDCWD, builddir, mtree, modifier, NULL, error);
  refused = g_steal_pointer (&state.refused);
  if (!ok)
    return FALSE;
  if (refused != NULL)
    {
      g_autofree char *path = g_build_filename (builddir, refused, NULL);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("“%s” is neither a regular file, a directory nor a symbolic link: a build "
                      "directory may hold nothing else"),
                   path);
      return FALSE;
    }
  report (&state);
  return ostree_repo_write_mtree (repo, mtree, out_root, NULL, error);
}

GVariant *
hutch_export_commit_metadata (const HutchExportInput *input, guint64 installed_size)
{
  g_autofree char *ref = hutch_ref_format (input->ref);
  const char *bindings[] = { ref, NULL };
  GVariantBuilder builder;

  /* Sorted by key, always added in this order: the same bytes every time. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", OSTREE_COMMIT_META_KEY_REF_BINDING,
                         g_variant_new_strv (bindings, -1));
  /* Flatpak's key, in Flatpak's byte order. */
  g_variant_builder_add (&builder, "{sv}", "xa.installed-size",
                         g_variant_new_uint64 (GUINT64_TO_BE (installed_size)));
  g_variant_builder_add (&builder, "{sv}", "xa.metadata", g_variant_new_string (input->text));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* The checksum in child @index (an "ay") of @commit_v. */
static char *
commit_checksum_at (GVariant *commit_v, gsize index)
{
  g_autoptr (GVariant) bytes = g_variant_get_child_value (commit_v, index);

  return ostree_checksum_from_bytes_v (bytes);
}

gboolean
hutch_export_same_as_commit (OstreeRepo *repo, const char *commit, GFile *root, GVariant *metadata,
                             gboolean *out_same, GError **error)
{
  g_autoptr (GVariant) commit_v = NULL;
  g_autoptr (GVariant) old_metadata = NULL;
  g_autofree char *contents = NULL, *dirmeta = NULL;
  OstreeRepoFile *repo_root = OSTREE_REPO_FILE (root);

  if (!ostree_repo_load_commit (repo, commit, &commit_v, NULL, error))
    return FALSE;
  old_metadata = g_variant_get_child_value (commit_v, 0);
  contents = commit_checksum_at (commit_v, 6);
  dirmeta = commit_checksum_at (commit_v, 7);
  *out_same = strcmp (contents, ostree_repo_file_tree_get_contents_checksum (repo_root)) == 0
              && strcmp (dirmeta, ostree_repo_file_tree_get_metadata_checksum (repo_root)) == 0
              && g_variant_equal (old_metadata, metadata);
  return TRUE;
}
