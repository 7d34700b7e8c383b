/* Who vouches for a bundle: the GPG signatures it carries over its commit,
 * checked before anything of it is imported.  See hutch_bundle_verify()
 * in hutch-ostree.h for the rules.
 *
 * A signature signs the commit object's bytes; the bundle's header was
 * checked to hash to the commit checksum it names (installation/bundle/),
 * and libostree imports nothing else under that checksum, so a signature
 * that verifies here vouches for everything that gets installed.
 *
 * Defends against: a bundle signed by a key the user did not choose.
 * libostree checks a signature against a remote's own keyring, and falls
 * back to system-wide keyrings only for a remote that has none; the keys
 * of --gpg-import therefore go into a remote of a scratch repository in
 * INSTALLATION/.tmp/, whose keyring holds them and nothing else.  A
 * signature that is bad, expired or revoked does not count.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ostree-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>

/* The name of the one remote of the scratch repository. */
#define KEYRING_REMOTE "bundle-keys"

void
hutch_bundle_trust_clear (HutchBundleTrust *trust)
{
  g_clear_pointer (&trust->fingerprint, g_free);
  g_clear_pointer (&trust->remote, g_free);
}

/* The fingerprint of a valid signature of @result, or NULL. */
static char *
valid_fingerprint (OstreeGpgVerifyResult *result)
{
  guint n = ostree_gpg_verify_result_count_all (result);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GVariant) signature = ostree_gpg_verify_result_get_all (result, i);
      gboolean valid = FALSE;
      const char *fingerprint = NULL;

      g_variant_get_child (signature, OSTREE_GPG_SIGNATURE_ATTR_VALID, "b", &valid);
      g_variant_get_child (signature, OSTREE_GPG_SIGNATURE_ATTR_FINGERPRINT, "&s", &fingerprint);
      if (valid && fingerprint != NULL && fingerprint[0] != '\0')
        return g_strdup (fingerprint);
    }
  return NULL;
}

/* A valid signature of @header's commit by a key @remote of @repo trusts. */
static char *
verify_with_remote (OstreeRepo *repo, const char *remote, const HutchBundleHeader *header)
{
  g_autoptr (OstreeGpgVerifyResult) result = NULL;

  result = ostree_repo_gpg_verify_data (repo, remote, header->commit_data, header->signatures, NULL,
                                        NULL, NULL, NULL);
  return result != NULL ? valid_fingerprint (result) : NULL;
}

/* A scratch repository in .tmp/ whose one remote trusts the keys of
 * @key_file, and nothing else. */
static OstreeRepo *
keyring_repo (HutchInstallation *self, const char *key_file, char **out_dir, GError **error)
{
  g_autofree char *tmp = hutch_installation_get_tmp_dir (self);
  char *dir = *out_dir = g_build_filename (tmp, "keys-XXXXXX", NULL);
  g_autoptr (GFile) path = NULL;
  g_autoptr (OstreeRepo) repo = NULL;
  g_autoptr (GFile) key_gfile = g_file_new_for_path (key_file);
  g_autoptr (GFileInputStream) in = NULL;
  guint n = 0;

  if (g_mkdtemp_full (dir, 0700) == NULL)
    {
      hutch_ostree_fail_errno (error, errno, _ ("cannot create “%s”"), dir);
      return NULL;
    }
  path = g_file_new_for_path (dir);
  repo = ostree_repo_new (path);
  if (!ostree_repo_create (repo, OSTREE_REPO_MODE_BARE_USER_ONLY, NULL, error)
      || !ostree_repo_remote_add (repo, KEYRING_REMOTE, "file:///", NULL, NULL, error))
    return NULL;
  in = g_file_read (key_gfile, NULL, error);
  if (in == NULL
      || !ostree_repo_remote_gpg_import (repo, KEYRING_REMOTE, G_INPUT_STREAM (in), NULL, &n, NULL,
                                         error))
    {
      g_autofree char *keys = hutch_quote_untrusted (key_file);
      hutch_ostree_prefix_error (error, _ ("cannot import the keys of “%s”"), keys);
      return NULL;
    }
  if (n == 0)
    {
      g_autofree char *keys = hutch_quote_untrusted (key_file);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("“%s” holds no GPG key"), keys);
      return NULL;
    }
  return g_steal_pointer (&repo);
}

static gboolean
verify_with_key_file (HutchInstallation *self, const HutchBundle *bundle, const char *key_file,
                      HutchBundleTrust *out, const char *path, GError **error)
{
  g_autoptr (OstreeRepo) repo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *keys = hutch_quote_untrusted (key_file);

  if (bundle->header->signatures == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE,
                   _ ("%s: it is not signed, and --gpg-import asks for a signature by a key of "
                      "“%s”: refusing it"),
                   path, keys);
      return FALSE;
    }
  repo = keyring_repo (self, key_file, &dir, error);
  if (repo != NULL)
    out->fingerprint = verify_with_remote (repo, KEYRING_REMOTE, bundle->header);
  g_clear_object (&repo);
  hutch_remove_tree_at (AT_FDCWD, dir, NULL);
  if (out->fingerprint != NULL)
    return TRUE;
  if (error != NULL && *error != NULL)
    return FALSE;
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE,
               _ ("%s: no key of “%s” made a valid signature of it: refusing it"), path, keys);
  return FALSE;
}

/* A signed bundle and no key file: the remotes' keys. */
static gboolean
verify_with_remotes (HutchInstallation *self, const HutchBundle *bundle, HutchBundleTrust *out,
                     const char *path, GError **error)
{
  OstreeRepo *repo = hutch_installation_get_repo (self);
  g_auto (GStrv) remotes = hutch_remote_list (self);

  for (guint i = 0; remotes[i] != NULL; i++)
    {
      gboolean verify = FALSE;
      if (!ostree_repo_remote_get_gpg_verify (repo, remotes[i], &verify, NULL) || !verify)
        continue;
      out->fingerprint = verify_with_remote (repo, remotes[i], bundle->header);
      if (out->fingerprint != NULL)
        {
          out->remote = g_strdup (remotes[i]);
          return TRUE;
        }
    }
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE,
               _ ("%s: it is signed, but by no key your remotes trust: give the packager's public "
                  "key with --gpg-import=KEYFILE"),
               path);
  return FALSE;
}

gboolean
hutch_bundle_verify (HutchInstallation *self, const HutchBundle *bundle, const char *key_file,
                     HutchBundleTrust *out, GError **error)
{
  g_autofree char *path = hutch_escape_for_terminal (bundle->path, HUTCH_ESCAPE_FLAGS_NONE);

  *out = (HutchBundleTrust){ NULL, NULL };
  if (key_file != NULL)
    return verify_with_key_file (self, bundle, key_file, out, path, error);
  if (bundle->header->signatures == NULL)
    return TRUE;
  return verify_with_remotes (self, bundle, out, path, error);
}
