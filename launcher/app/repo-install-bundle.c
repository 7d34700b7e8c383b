/* app install --bundle FILE: install a single-file bundle made by
 * `hutch-bundler build-bundle` (format: installation/bundle/hutch-bundle.h).
 *
 * The order of events:
 *   1. open the bundle and check its header (hutch_bundle_open()): ref,
 *      metadata, commit, framing; a bad bundle is refused before anything
 *      touches the installation, not even its lock;
 *   2. take the installation's lock; check the signatures
 *      (hutch_bundle_verify()) and find the runtime an app needs (from the
 *      remotes, if it is not installed);
 *   3. show the ref, the commit, who vouches for it and the permissions
 *      (from the bundle's metadata, which is the commit's), and ask;
 *   4. install the runtime if needed, import the commit
 *      (hutch_bundle_import()), deploy it with the same checks as any
 *      install (its metadata file must be the commit's xa.metadata) and
 *      make it active; its origin is "bundle", so `app update` knows there
 *      is nothing to update it from.
 *
 * Defends against: installing what the user did not see or did not
 * choose to trust (the metadata shown is the metadata enforced; a signed
 * bundle must verify, an unsigned one is said to be so), a bundle made
 * for another machine, going back to an older commit of an installed app
 * without a word, and an interrupted install (every step is one of
 * installation/ostree/'s, each of which leaves the previous version
 * runnable).
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  const InstallBundleOptions *opts;
  HutchInstallation *installation;
  HutchBundle *bundle;
  HutchMetadata *metadata;
  HutchDeploy *installed; /* the active deploy of the bundle's ref, or NULL */
  HutchBundleTrust trust;
  RepoItem *runtime; /* to install first, or NULL */
  char *safe_path;   /* the file's name, escaped */
} BundleInstall;

static void
bundle_install_clear (BundleInstall *self)
{
  hutch_installation_free (self->installation);
  hutch_bundle_free (self->bundle);
  hutch_metadata_free (self->metadata);
  hutch_deploy_free (self->installed);
  hutch_bundle_trust_clear (&self->trust);
  repo_item_free (self->runtime);
  g_free (self->safe_path);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BundleInstall, bundle_install_clear)

/* Step 1: the bundle, its metadata, and the machine it is for. */
static gboolean
open_bundle (BundleInstall *self, const char *file, GPtrArray *warnings, GError **error)
{
  const HutchBundleHeader *header;

  self->bundle = hutch_bundle_open (file, error);
  if (self->bundle == NULL)
    return FALSE;
  header = self->bundle->header;
  self->metadata = hutch_repo_parse_metadata (header->ref, header->metadata,
                                              strlen (header->metadata), warnings, error);
  if (self->metadata == NULL)
    {
      g_prefix_error (error, "%s: ", self->safe_path);
      return FALSE;
    }
  if (strcmp (header->ref->arch, hutch_get_arch ()) != 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BUNDLE,
                   _ ("%s: it holds %s for %s, and this machine is %s"), self->safe_path,
                   header->ref->id, header->ref->arch, hutch_get_arch ());
      return FALSE;
    }
  return TRUE;
}

/* Nothing to do if this very commit is installed (without --reinstall);
 * an older commit than the installed one is refused, and so is a masked
 * ref (app mask). */
static gboolean
check_installed (BundleInstall *self, gboolean *out_done, GError **error)
{
  const HutchBundleHeader *header = self->bundle->header;
  g_autofree char *name = hutch_ref_format (header->ref);

  *out_done = FALSE;
  if (!repo_check_not_masked (self->installation, header->ref, error))
    return FALSE;
  self->installed
      = hutch_deploy_lookup (hutch_installation_get_dir (self->installation), header->ref, NULL);
  if (self->installed == NULL)
    return TRUE;
  if (strcmp (self->installed->commit, header->commit) == 0)
    {
      if (self->opts->reinstall)
        return TRUE;
      hutch_repo_say (_ ("%s is installed already (%.12s), from this very commit: nothing to do; "
                         "use --reinstall"),
                      name, header->commit);
      *out_done = TRUE;
      return TRUE;
    }
  if (header->timestamp < repo_commit_timestamp (self->installation, self->installed->commit))
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("%s: it holds a commit of %s (%.12s) older than the installed one (%.12s): "
                      "refusing to go back (uninstall it first to go back anyway)"),
                   self->safe_path, name, header->commit, self->installed->commit);
      return FALSE;
    }
  return TRUE;
}

/* The runtime an app needs, from a remote, if it is not installed. */
static gboolean
plan_runtime (BundleInstall *self, GPtrArray *warnings, GError **error)
{
  const HutchBundleHeader *header = self->bundle->header;
  g_autoptr (RepoRemotes) remotes = repo_remotes_new (self->installation);
  g_autoptr (GError) local_error = NULL;
  RepoItem item = { 0 };
  HutchRemoteRef rref = { header->ref, header->commit };

  item.rref = &rref;
  item.metadata = self->metadata;
  self->runtime
      = repo_item_runtime_needed (self->installation, remotes, &item, warnings, &local_error);
  if (local_error == NULL)
    return TRUE;
  if (!g_error_matches (local_error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
               _ ("%s needs the runtime %s, which is not installed and which no remote offers: "
                  "install it first, from its bundle (app install --bundle RUNTIME.bundle) or from "
                  "a remote that offers it (app remote-add)"),
               header->ref->id, self->metadata->runtime);
  return FALSE;
}

/* Step 3. */
static void
show (BundleInstall *self)
{
  const HutchBundleHeader *header = self->bundle->header;
  g_autofree char *name = hutch_ref_format (header->ref);

  hutch_repo_say ("%s", _ ("To install:"));
  if (self->runtime != NULL)
    {
      g_autoptr (GPtrArray) items = g_ptr_array_new ();
      g_ptr_array_add (items, self->runtime);
      repo_items_print (items);
    }
  if (self->installed != NULL && strcmp (self->installed->commit, header->commit) != 0)
    hutch_repo_say ("  %s  %s  %.12s → %.12s", name, self->bundle->path, self->installed->commit,
                    header->commit);
  else
    hutch_repo_say ("  %s  %s  %.12s", name, self->bundle->path, header->commit);
  if (self->trust.remote != NULL)
    hutch_repo_say (_ ("Signed by %s, a key the remote “%s” trusts."), self->trust.fingerprint,
                    self->trust.remote);
  else if (self->trust.fingerprint != NULL)
    hutch_repo_say (_ ("Signed by %s, a key of “%s”."), self->trust.fingerprint,
                    self->opts->key_file);
  if (header->origin_url != NULL)
    hutch_repo_say (_ ("Its packager publishes it at %s: add that repository with app remote-add "
                       "to get its updates."),
                    header->origin_url);
  if (self->metadata->kind == HUTCH_REF_KIND_APP)
    {
      hutch_repo_say (_ ("Permissions of %s:"), header->ref->id);
      hutch_repo_print_permissions (self->metadata);
    }
}

/* Step 4, after the runtime: the bundle's own commit. */
static gboolean
apply (BundleInstall *self, GError **error)
{
  const HutchBundleHeader *header = self->bundle->header;
  g_autofree char *name = hutch_ref_format (header->ref);
  g_autoptr (HutchDeploy) deploy = NULL;
  HutchDeployFlags flags
      = self->opts->reinstall ? HUTCH_DEPLOY_FLAGS_REPLACE : HUTCH_DEPLOY_FLAGS_NONE;

  hutch_repo_say (_ ("Installing %s from %s…"), name, self->bundle->path);
  fflush (stdout);
  if (!hutch_bundle_import (self->installation, self->bundle, NULL, error))
    return FALSE;
  deploy = hutch_installation_deploy (self->installation, header->ref, header->commit, flags,
                                      hutch_repo_check_deploy, NULL, NULL, error);
  if (deploy == NULL
      || !hutch_installation_activate (self->installation, deploy, HUTCH_BUNDLE_ORIGIN, error))
    return FALSE;
  hutch_repo_exports_update (self->installation, deploy, self->installed == NULL);
  hutch_repo_say (_ ("Installed %s (%.12s) from %s"), name, header->commit, self->bundle->path);
  repo_pin_runtime (self->installation, header->ref, TRUE);
  /* The version it replaces goes once no sandbox runs it. */
  if (self->installed != NULL)
    return hutch_installation_cleanup (self->installation, NULL, NULL, NULL, error);
  return TRUE;
}

/* Steps 2 to 4, once the bundle is open. */
static gboolean
install (BundleInstall *self, GPtrArray *warnings, GError **error)
{
  gboolean done = FALSE;

  self->installation = hutch_repo_open (self->opts->common, HUTCH_INSTALLATION_OPEN_NONE, error);
  if (self->installation == NULL || !check_installed (self, &done, error))
    return FALSE;
  if (done)
    return TRUE;
  if (!hutch_bundle_verify (self->installation, self->bundle, self->opts->key_file, &self->trust,
                            error)
      || !plan_runtime (self, warnings, error))
    return FALSE;
  hutch_repo_warn_all (warnings);
  if (self->trust.fingerprint == NULL)
    {
      g_autofree char *message = g_strdup_printf (
          _ ("%s is not signed: nothing vouches for what it holds; install it only if you trust "
             "where it came from"),
          self->bundle->path);
      hutch_repo_warn (message);
    }
  show (self);
  if (!hutch_repo_confirm (self->opts->common, _ ("Install?"), error))
    return FALSE;
  if (self->runtime != NULL
      && !repo_items_apply (self->installation, &self->runtime, 1, self->opts->common,
                            HUTCH_DEPLOY_FLAGS_NONE, error))
    return FALSE;
  return apply (self, error);
}

int
hutch_repo_install_bundle (const char *file, const InstallBundleOptions *opts)
{
  g_auto (BundleInstall) self = { opts };
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  self.safe_path = hutch_escape_for_terminal (file, HUTCH_ESCAPE_FLAGS_NONE);
  if (!open_bundle (&self, file, warnings, &error) || !install (&self, warnings, &error))
    return hutch_repo_fail (error);
  return 0;
}
