/* Remotes: adding, changing, deleting, listing them, the metadata of one
 * of their commits and their history (what their summaries offer:
 * ostree-summary.c).  See hutch-ostree.h.
 *
 * Defends against: a remote that lies.  GPG verification of commits and of
 * the summary is on unless the user explicitly chose otherwise (there is no
 * silent default); names and URLs are checked before they reach the
 * repository's config; refs and commits from a summary are validated
 * (hutch-ref.h) before anyone uses them; a commit must carry the metadata
 * it is shown with (xa.metadata), bounded in size, and be bound to the ref
 * it was fetched for when it names its refs (ostree.ref-binding), so a
 * remote cannot pass one app's signed commit off as another's.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

gboolean
hutch_remote_name_is_valid (const char *name, GError **error)
{
  g_autofree char *quoted = hutch_quote_untrusted (name);
  gsize len = strlen (name);
  gboolean ok = len > 0 && len <= HUTCH_REMOTE_NAME_MAX_LENGTH
                && (g_ascii_isalnum (name[0]) || name[0] == '_');

  for (const char *p = name; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.';
  if (ok)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("“%s” is not a valid remote name: use A–Z, a–z, 0–9, “_”, “-” and “.”, "
                 "starting with a letter, a digit or “_”, at most %d characters"),
               quoted, HUTCH_REMOTE_NAME_MAX_LENGTH);
  return FALSE;
}

gboolean
hutch_remote_exists (HutchInstallation *self, const char *name)
{
  g_auto (GStrv) names = hutch_remote_list (self);

  return g_strv_contains ((const char *const *) names, name);
}

/* Imports the keys of @in (which @source names in messages). */
static gboolean
import_keys_from (OstreeRepo *repo, const char *name, GInputStream *in, const char *source,
                  guint *out_n_keys, GError **error)
{
  guint n = 0;

  if (!ostree_repo_remote_gpg_import (repo, name, in, NULL, &n, NULL, error))
    return hutch_ostree_prefix_error (error, _("cannot import the keys of “%s”"), source);
  if (n == 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("“%s” holds no GPG key"), source);
      return FALSE;
    }
  if (out_n_keys != NULL)
    *out_n_keys = n;
  return TRUE;
}

static gboolean
import_keys (OstreeRepo *repo, const char *name, const char *path, guint *out_n_keys,
             GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) in = g_file_read (file, NULL, error);

  if (in == NULL)
    return hutch_ostree_prefix_error (error, _("cannot import the keys of “%s”"), path);
  return import_keys_from (repo, name, G_INPUT_STREAM (in), path, out_n_keys, error);
}

/* The keys @options gives: of its key file, or its key data. */
static gboolean
import_option_keys (OstreeRepo *repo, const char *name, const HutchRemoteAddOptions *options,
                    guint *out_n_keys, GError **error)
{
  g_autoptr (GInputStream) in = NULL;

  if (options->gpg_key_file != NULL)
    return import_keys (repo, name, options->gpg_key_file, out_n_keys, error);
  in = g_memory_input_stream_new_from_bytes (options->gpg_key_data);
  return import_keys_from (repo, name, in, options->gpg_key_source, out_n_keys, error);
}

static gboolean
check_add_options (const char *name, const char *url, const HutchRemoteAddOptions *options,
                   GError **error)
{
  if (!hutch_remote_name_is_valid (name, error) || !hutch_url_is_valid (url, error))
    return FALSE;
  if (strcmp (name, HUTCH_BUNDLE_ORIGIN) == 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("“%s” is not a name for a remote: it marks what was installed from a bundle"),
                   name);
      return FALSE;
    }
  if (options->gpg_key_file == NULL && options->gpg_key_data == NULL && !options->no_gpg_verify)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("how should this remote be verified? Give its public key with "
                             "--gpg-import=KEYFILE, or trust anything it serves with "
                             "--no-gpg-verify"));
      return FALSE;
    }
  if ((options->gpg_key_file != NULL || options->gpg_key_data != NULL) && options->no_gpg_verify)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("--gpg-import and --no-gpg-verify exclude each other"));
      return FALSE;
    }
  return TRUE;
}

gboolean
hutch_remote_add (HutchInstallation *self, const char *name, const char *url,
                  const HutchRemoteAddOptions *options, gboolean *out_added, guint *out_n_keys,
                  GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  gboolean verify = !options->no_gpg_verify;
  g_autoptr (GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  g_autoptr (GVariant) remote_options = NULL;
  g_autoptr (GError) import_error = NULL;

  *out_added = FALSE;
  if (!check_add_options (name, url, options, error))
    return FALSE;
  if (hutch_remote_exists (self, name))
    {
      if (options->if_not_exists)
        return TRUE;
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _("there is a remote “%s” already"),
                   name);
      return FALSE;
    }
  g_variant_builder_add (builder, "{sv}", "gpg-verify", g_variant_new_boolean (verify));
  g_variant_builder_add (builder, "{sv}", "gpg-verify-summary", g_variant_new_boolean (verify));
  remote_options = g_variant_ref_sink (g_variant_builder_end (builder));
  /* Added verifying, with no key yet: if the import fails or we are
   * killed now, the remote trusts nothing until it is deleted. */
  if (!ostree_repo_remote_change (repo, NULL, OSTREE_REPO_REMOTE_CHANGE_ADD, name, url,
                                  remote_options, NULL, error))
    return hutch_ostree_prefix_error (error, _("cannot add the remote “%s”"), name);
  if ((options->gpg_key_file != NULL || options->gpg_key_data != NULL)
      && !import_option_keys (repo, name, options, out_n_keys, &import_error))
    {
      ostree_repo_remote_change (repo, NULL, OSTREE_REPO_REMOTE_CHANGE_DELETE, name, NULL, NULL,
                                 NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&import_error));
      return FALSE;
    }
  *out_added = TRUE;
  return TRUE;
}

/* @name is valid and names a remote of the installation. */
static gboolean
require_remote (HutchInstallation *self, const char *name, GError **error)
{
  if (!hutch_remote_name_is_valid (name, error))
    return FALSE;
  if (hutch_remote_exists (self, name))
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND, _("there is no remote “%s”"), name);
  return FALSE;
}

gboolean
hutch_remote_delete (HutchInstallation *self, const char *name, GError **error)
{
  if (!require_remote (self, name, error))
    return FALSE;
  if (!ostree_repo_remote_change (hutch_installation_get_repo (self), NULL,
                                  OSTREE_REPO_REMOTE_CHANGE_DELETE, name, NULL, NULL, NULL, error))
    return hutch_ostree_prefix_error (error, _("cannot delete the remote “%s”"), name);
  return TRUE;
}

static gboolean
check_modify_options (const HutchRemoteModifyOptions *options, GError **error)
{
  gboolean verify = options->gpg_key_file != NULL || options->gpg_verify;

  if (options->url == NULL && !verify && !options->no_gpg_verify)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("nothing to change: give --url, --gpg-import, --gpg-verify or "
                             "--no-gpg-verify"));
      return FALSE;
    }
  if (verify && options->no_gpg_verify)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                           _("--no-gpg-verify excludes --gpg-import and --gpg-verify"));
      return FALSE;
    }
  return options->url == NULL || hutch_url_is_valid (options->url, error);
}

/* Verification may be turned on only with a key to verify with. */
static gboolean
check_has_keys (OstreeRepo *repo, const char *name, GError **error)
{
  g_autoptr (GPtrArray) keys = NULL;

  if (!ostree_repo_remote_get_gpg_keys (repo, name, NULL, &keys, NULL, error))
    return hutch_ostree_prefix_error (error, _("cannot read the keys of the remote “%s”"), name);
  if (keys->len > 0)
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("the remote “%s” has no key to verify its signatures with: give one with "
                 "--gpg-import=KEYFILE"),
               name);
  return FALSE;
}

/* The URL and verification of @options, written to the repository's
 * configuration in one atomic replacement. */
static gboolean
write_remote_config (OstreeRepo *repo, const char *name, const HutchRemoteModifyOptions *options,
                     GError **error)
{
  g_autoptr (GKeyFile) config = ostree_repo_copy_config (repo);
  g_autofree char *group = g_strdup_printf ("remote \"%s\"", name);

  if (!g_key_file_has_group (config, group))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the remote “%s” is not configured in the installation's repository, so "
                     "it cannot be changed there"),
                   name);
      return FALSE;
    }
  if (options->url != NULL)
    g_key_file_set_string (config, group, "url", options->url);
  if (options->gpg_key_file != NULL || options->gpg_verify || options->no_gpg_verify)
    {
      g_key_file_set_boolean (config, group, "gpg-verify", !options->no_gpg_verify);
      g_key_file_set_boolean (config, group, "gpg-verify-summary", !options->no_gpg_verify);
    }
  if (!ostree_repo_write_config (repo, config, error))
    return hutch_ostree_prefix_error (error, _("cannot change the remote “%s”"), name);
  return TRUE;
}

gboolean
hutch_remote_modify (HutchInstallation *self, const char *name,
                     const HutchRemoteModifyOptions *options, guint *out_n_keys, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);

  if (!require_remote (self, name, error) || !check_modify_options (options, error))
    return FALSE;
  if (options->gpg_key_file != NULL
      && !import_keys (repo, name, options->gpg_key_file, out_n_keys, error))
    return FALSE;
  if (options->gpg_verify && options->gpg_key_file == NULL && !check_has_keys (repo, name, error))
    return FALSE;
  return write_remote_config (repo, name, options, error);
}

char **
hutch_remote_list (HutchInstallation *self)
{
  guint n = 0;
  char **names = ostree_repo_remote_list (hutch_installation_get_repo (self), &n);

  if (names == NULL)
    return g_new0 (char *, 1);
  qsort (names, n, sizeof (char *), hutch_ostree_compare_strings);
  return names;
}

gboolean
hutch_remote_get_info (HutchInstallation *self, const char *name, char **out_url,
                       gboolean *out_gpg_verify, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);

  return ostree_repo_remote_get_url (repo, name, out_url, error)
         && ostree_repo_remote_get_gpg_verify (repo, name, out_gpg_verify, error);
}

/* If the commit says which refs it was made for, @ref must be one. */
static gboolean
check_ref_binding (GVariant *metadata, const HutchRef *ref, const char *commit, GError **error)
{
  g_autofree const char **bindings = NULL;
  g_autofree char *name = hutch_ref_format (ref);

  if (!g_variant_lookup (metadata, OSTREE_COMMIT_META_KEY_REF_BINDING, "^a&s", &bindings))
    return TRUE;
  if (g_strv_contains (bindings, name))
    return TRUE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("the commit %s was not made for %s: the remote serves another ref's commit "
                 "under that name"),
               commit, name);
  return FALSE;
}

/* The xa.metadata of a commit in the repository, checked. */
char *
hutch_ostree_commit_get_metadata (OstreeRepo *repo, const HutchRef *ref, const char *commit,
                                  guint64 *out_timestamp, GError **error)
{
  g_autoptr (GVariant) commit_v = NULL;
  g_autoptr (GVariant) metadata = NULL;
  g_autofree char *name = hutch_ref_format (ref);
  const char *text = NULL;

  if (!ostree_repo_load_commit (repo, commit, &commit_v, NULL, error))
    return NULL;
  metadata = g_variant_get_child_value (commit_v, 0);
  if (!check_ref_binding (metadata, ref, commit, error))
    return NULL;
  if (!g_variant_lookup (metadata, "xa.metadata", "&s", &text))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _("the commit %s of %s carries no metadata (xa.metadata): it was not made "
                     "for Hutch"),
                   commit, name);
      return NULL;
    }
  if (strlen (text) > HUTCH_OSTREE_METADATA_MAX_SIZE)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_METADATA,
                   _("the metadata of %s is larger than %d bytes"), name,
                   HUTCH_OSTREE_METADATA_MAX_SIZE);
      return NULL;
    }
  if (out_timestamp != NULL)
    *out_timestamp = ostree_commit_get_timestamp (commit_v);
  return g_strdup (text);
}

/* Fetches the commit object @commit of @ref, and @depth of its ancestors
 * (-1: all), verified as @remote says.  By checksum: no ref changes in the
 * repository, only commit objects (and their signatures) arrive, marked
 * partial. */
static gboolean
fetch_commits (OstreeRepo *repo, const char *remote, const HutchRef *ref, const char *commit,
               int depth, GCancellable *cancellable, GError **error)
{
  g_autoptr (GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  g_autoptr (GVariant) options = NULL;
  g_autofree char *name = hutch_ref_format (ref);
  const char *refs[] = { commit, NULL };

  if (!hutch_checksum_is_valid (commit, error))
    return FALSE;
  g_variant_builder_add (builder, "{sv}", "refs", g_variant_new_strv (refs, -1));
  g_variant_builder_add (builder, "{sv}", "flags",
                         g_variant_new_int32 (OSTREE_REPO_PULL_FLAGS_COMMIT_ONLY));
  if (depth != 0)
    g_variant_builder_add (builder, "{sv}", "depth", g_variant_new_int32 (depth));
  options = g_variant_ref_sink (g_variant_builder_end (builder));
  if (ostree_repo_pull_with_options (repo, remote, options, NULL, cancellable, error))
    return TRUE;
  if (error != NULL && (*error)->domain == OSTREE_GPG_ERROR)
    return hutch_ostree_prefix_error (error, _("the commit of %s is not signed by a key the "
                                               "remote “%s” trusts"),
                                      name, remote);
  return hutch_ostree_prefix_error (error, _("cannot fetch the commit of %s from the remote “%s”"),
                                    name, remote);
}

char *
hutch_remote_fetch_metadata (HutchInstallation *self, const char *remote, const HutchRef *ref,
                             const char *commit, guint64 *out_timestamp,
                             GCancellable *cancellable, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);

  if (!fetch_commits (repo, remote, ref, commit, 0, cancellable, error))
    return NULL;
  return hutch_ostree_commit_get_metadata (repo, ref, commit, out_timestamp, error);
}

void
hutch_commit_info_free (HutchCommitInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->commit);
  g_free (info->parent);
  g_free (info->subject);
  g_free (info->metadata);
  g_free (info);
}

/* What the repository's commit @commit says of itself, if it has the
 * commit and the commit was made for @ref (or names no ref); else NULL. */
static HutchCommitInfo *
load_commit_info (OstreeRepo *repo, const HutchRef *ref, const char *commit)
{
  g_autoptr (GVariant) commit_v = NULL;
  g_autoptr (GVariant) metadata = NULL;
  HutchCommitInfo *info;
  const char *subject = NULL, *text = NULL;

  if (!ostree_repo_load_commit (repo, commit, &commit_v, NULL, NULL))
    return NULL;
  metadata = g_variant_get_child_value (commit_v, 0);
  if (!check_ref_binding (metadata, ref, commit, NULL))
    return NULL;
  info = g_new0 (HutchCommitInfo, 1);
  info->commit = g_strdup (commit);
  info->parent = ostree_commit_get_parent (commit_v);
  g_variant_get_child (commit_v, 3, "&s", &subject);
  info->subject = g_strdup (subject);
  if (g_variant_lookup (metadata, "xa.metadata", "&s", &text)
      && strlen (text) <= HUTCH_OSTREE_METADATA_MAX_SIZE)
    info->metadata = g_strdup (text);
  info->timestamp = ostree_commit_get_timestamp (commit_v);
  return info;
}

GPtrArray *
hutch_remote_fetch_history (HutchInstallation *self, const char *remote, const HutchRef *ref,
                            const char *commit, int depth, GCancellable *cancellable,
                            GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_autoptr (GPtrArray) history = NULL;
  g_autofree char *name = hutch_ref_format (ref);
  HutchCommitInfo *info;

  if (!fetch_commits (repo, remote, ref, commit, depth, cancellable, error))
    return NULL;
  history = g_ptr_array_new_with_free_func ((GDestroyNotify) hutch_commit_info_free);
  info = load_commit_info (repo, ref, commit);
  if (info == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("the commit %s was not made for %s: the remote serves another ref's commit "
                     "under that name"),
                   commit, name);
      return NULL;
    }
  g_ptr_array_add (history, info);
  /* Ancestors as far as @depth, or as far as the remote keeps them. */
  while ((depth < 0 || history->len <= (guint) depth) && info->parent != NULL
         && (info = load_commit_info (repo, ref, info->parent)) != NULL)
    g_ptr_array_add (history, info);
  return g_steal_pointer (&history);
}
