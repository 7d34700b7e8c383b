/* Pulling commits from a remote, with progress.  See hutch-ostree.h.
 *
 * Defends against: a remote serving something other than what the user
 * was shown (the commit is pinned by checksum, taken from the verified
 * summary; libostree verifies its signature and every object's checksum),
 * files a user's installation must not hold (setuid, setgid or
 * world-writable files: OSTREE_REPO_PULL_FLAGS_BAREUSERONLY_FILES), and an
 * interrupted pull (libostree keeps what it fetched in a staging
 * directory of the repository and reuses it the next time; the ref moves
 * only when the whole commit is in).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-i18n.h"

#include <string.h>

typedef struct
{
  HutchPullProgressFunc func;
  gpointer user_data;
  gint64 start;
} ProgressData;

/* A value of @progress, 0 if the pull has not set it (yet). */
static guint64
get_number (OstreeAsyncProgress *progress, const char *key)
{
  g_autoptr (GVariant) v = ostree_async_progress_get_variant (progress, key);

  if (v != NULL && g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    return g_variant_get_uint32 (v);
  if (v != NULL && g_variant_is_of_type (v, G_VARIANT_TYPE_UINT64))
    return g_variant_get_uint64 (v);
  return 0;
}

static void
read_progress (OstreeAsyncProgress *progress, ProgressData *data, HutchPullProgress *out)
{
  out->bytes = get_number (progress, "bytes-transferred");
  out->fetched = (guint) get_number (progress, "fetched");
  out->requested = (guint) get_number (progress, "requested");
  out->elapsed_us = (guint64) (g_get_monotonic_time () - data->start);
}

static void
on_changed (OstreeAsyncProgress *progress, gpointer user_data)
{
  ProgressData *data = user_data;
  HutchPullProgress report = { 0 };

  read_progress (progress, data, &report);
  data->func (&report, data->user_data);
}

/* The disk is full, or libostree's min-free-space-percent / -size limit,
 * which keeps a pull from filling it, was reached (it reports that as a
 * plain G_IO_ERROR_FAILED). */
static gboolean
no_space (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
         || (error->domain == G_IO_ERROR && strstr (error->message, "min-free-space") != NULL);
}

gboolean
hutch_pull (HutchInstallation *self, const char *remote, const HutchRef *const *refs,
            const char *const *commits, guint n_refs, HutchPullProgressFunc progress_func,
            gpointer user_data, GCancellable *cancellable, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_autoptr (GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  g_autoptr (GVariant) options = NULL;
  g_autoptr (OstreeAsyncProgress) progress = NULL;
  g_autoptr (GPtrArray) ref_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *names = NULL;
  ProgressData data = { progress_func, user_data, g_get_monotonic_time () };
  gboolean ok;

  g_return_val_if_fail (n_refs > 0, FALSE);
  if (!hutch_remote_name_is_valid (remote, error))
    return FALSE;
  for (guint i = 0; i < n_refs; i++)
    {
      if (!hutch_ref_validate (refs[i], error) || !hutch_checksum_is_valid (commits[i], error))
        return FALSE;
      g_ptr_array_add (ref_names, hutch_ref_format (refs[i]));
    }
  g_ptr_array_add (ref_names, NULL);
  names = g_strjoinv (", ", (char **) ref_names->pdata);
  /* One pull, one transaction: the objects of every ref are synced once. */
  g_variant_builder_add (builder, "{sv}", "refs",
                         g_variant_new_strv ((const char *const *) ref_names->pdata, n_refs));
  g_variant_builder_add (builder, "{sv}", "override-commit-ids",
                         g_variant_new_strv (commits, n_refs));
  g_variant_builder_add (builder, "{sv}", "flags",
                         g_variant_new_int32 (OSTREE_REPO_PULL_FLAGS_BAREUSERONLY_FILES));
  options = g_variant_ref_sink (g_variant_builder_end (builder));
  if (progress_func != NULL)
    progress = ostree_async_progress_new_and_connect (on_changed, &data);

  ok = ostree_repo_pull_with_options (repo, remote, options, progress, cancellable, error);
  if (progress != NULL)
    {
      HutchPullProgress report = { .done = TRUE };
      ostree_async_progress_finish (progress);
      read_progress (progress, &data, &report);
      if (ok)
        progress_func (&report, user_data);
    }
  if (!ok && no_space (*error))
    {
      g_autoptr (GError) cause = g_steal_pointer (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("not enough free space to download %s into “%s”: %s"), names,
                   hutch_installation_get_dir (self), cause->message);
      return FALSE;
    }
  if (!ok)
    return hutch_ostree_prefix_error (error, _("cannot download %s from the remote “%s”"), names,
                                      remote);
  hutch_installation_test_kill_point ("after-pull");
  return TRUE;
}
