/* hutch_bundler_write_bundle(): a commit of a repository to a bundle file.
 * See bundler-bundle.h, and installation/bundle/hutch-bundle.h for the
 * format.
 *
 * The order of events:
 *   1. check the ref, the URL and the commit (bundle-source.c): nothing
 *      is written for bad input;
 *   2. sign the commit in the repository if asked to (it is then signed
 *      there for good, as build-export --gpg-sign would have done);
 *   3. write the delta into a new directory beside FILE (bundle-delta.c);
 *   4. read it back exactly as `app install --bundle` will
 *      (hutch_bundle_open()), so that a bundle that would be refused is
 *      never handed out;
 *   5. rename it over FILE: FILE is the old file or the new bundle, never
 *      half of one.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bundle-private.h"

#include "export-private.h"
#include "hutch-bundle.h"
#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Hutch's keys of the superblock, in the order of hutch-bundle.h: the
 * version first, so that every bundle starts with the same bytes. */
static GVariant *
bundle_metadata (const HutchRef *ref, const HutchBundleSource *source, const char *origin_url)
{
  g_autofree char *name = hutch_ref_format (ref);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_VERSION,
                         g_variant_new_uint32 (HUTCH_BUNDLE_FORMAT_VERSION));
  g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_REF, g_variant_new_string (name));
  g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_METADATA,
                         g_variant_new_string (source->metadata));
  if (origin_url != NULL)
    g_variant_builder_add (&builder, "{sv}", HUTCH_BUNDLE_KEY_ORIGIN_URL,
                           g_variant_new_string (origin_url));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* Step 4: the file at @path is a bundle of @source's commit of @ref. */
static gboolean
read_back (const char *path, const HutchRef *ref, const HutchBundleSource *source, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (HutchBundle) bundle = hutch_bundle_open (path, &local_error);

  if (bundle != NULL && hutch_ref_equal (bundle->header->ref, ref)
      && g_strcmp0 (bundle->header->commit, source->commit) == 0)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _ ("the bundle libostree wrote does not read back as a bundle of %s: %s"),
               source->commit, local_error != NULL ? local_error->message : _ ("another commit"));
  return FALSE;
}

/* Steps 3 to 5, in the directory @work beside @file. */
static gboolean
write_in (const char *work, const char *file, const HutchRef *ref, const HutchBundleSource *source,
          GVariant *metadata, GError **error)
{
  g_autofree char *path = g_build_filename (work, "bundle", NULL);
  g_autofree char *dir = g_path_get_dirname (file);
  int dfd;

  if (!hutch_bundle_write_delta (source, metadata, path, error)
      || !read_back (path, ref, source, error))
    return FALSE;
  if (rename (path, file) < 0)
    return hutch_set_file_error (error, errno, _ ("cannot write “%s”"), file);
  dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0)
    {
      fsync (dfd);
      close (dfd);
    }
  return TRUE;
}

gboolean
hutch_bundler_write_bundle (const char *repo_path, const char *file, const HutchRef *ref,
                            const HutchBundleWriteOptions *options, char **out_commit,
                            GError **error)
{
  static const HutchBundleWriteOptions defaults = { NULL };
  g_autoptr (HutchBundleSource) source = NULL;
  g_autoptr (GVariant) metadata = NULL;
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *work = NULL;
  gboolean ok;

  if (options == NULL)
    options = &defaults;
  if (!hutch_ref_validate (ref, error)
      || (options->origin_url != NULL && !hutch_url_is_valid (options->origin_url, error)))
    return FALSE;
  source = hutch_bundle_source_open (repo_path, ref, error);
  if (source == NULL
      || (options->gpg_key_id != NULL
          && !hutch_export_sign_commit (source->repo, source->commit, options->gpg_key_id,
                                        options->gpg_homedir, error)))
    return FALSE;
  metadata = bundle_metadata (ref, source, options->origin_url);
  work = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  if (g_mkdtemp_full (work, 0755) == NULL)
    return hutch_set_file_error (error, errno, _ ("cannot create “%s”"), work);
  ok = write_in (work, file, ref, source, metadata, error);
  hutch_remove_tree_at (AT_FDCWD, work, NULL);
  if (ok && out_commit != NULL)
    *out_commit = g_strdup (source->commit);
  return ok;
}
