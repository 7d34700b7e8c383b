/* Pulling a commit from a remote, with progress.  See hutch-ostree.h.
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

typedef struct
{
  HutchPullProgressFunc func;
  gpointer user_data;
  gint64 start;
} ProgressData;

static void
read_progress (OstreeAsyncProgress *progress, ProgressData *data, HutchPullProgress *out)
{
  guint64 bytes = 0;
  guint fetched = 0, requested = 0;

  ostree_async_progress_get (progress, "bytes-transferred", "t", &bytes, "fetched", "u", &fetched,
                             "requested", "u", &requested, NULL);
  out->bytes = bytes;
  out->fetched = fetched;
  out->requested = requested;
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

gboolean
hutch_pull (HutchInstallation *self, const char *remote, const HutchRef *ref, const char *commit,
            HutchPullProgressFunc progress_func, gpointer user_data, GCancellable *cancellable,
            GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_autoptr (GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  g_autoptr (GVariant) options = NULL;
  g_autoptr (OstreeAsyncProgress) progress = NULL;
  g_autofree char *name = NULL;
  ProgressData data = { progress_func, user_data, g_get_monotonic_time () };
  const char *refs[2] = { NULL, NULL };
  const char *commits[] = { commit, NULL };
  gboolean ok;

  if (!hutch_ref_validate (ref, error) || !hutch_checksum_is_valid (commit, error)
      || !hutch_remote_name_is_valid (remote, error))
    return FALSE;
  name = hutch_ref_format (ref);
  refs[0] = name;
  g_variant_builder_add (builder, "{sv}", "refs", g_variant_new_strv (refs, -1));
  g_variant_builder_add (builder, "{sv}", "override-commit-ids", g_variant_new_strv (commits, -1));
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
  if (!ok)
    return hutch_ostree_prefix_error (error, _("cannot download %s from the remote “%s”"), name,
                                      remote);
  hutch_installation_test_kill_point ("after-pull");
  return TRUE;
}
