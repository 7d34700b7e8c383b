/* The OSTree side of an installation: remotes, pulls, deploys and pruning,
 * for `hutch-app-repo` (the program behind `app install`, `app update`,
 * `app uninstall` and `app remote-*`).  Never linked into `app` itself:
 * the launch path must not load libostree (DESIGN.md, invariant 6).
 *
 * An installation (hutch-paths.h) holds repo/, one OSTree repository in
 * mode bare-user-only, and the deploys of hutch-deploy.h.  Here:
 *
 *   INSTALLATION/lock     flock()ed (LOCK_EX) by every command that changes
 *                         the installation, for as long as it runs
 *   INSTALLATION/.tmp/    work space of the command holding the lock;
 *                         whatever is in it is debris of a command that was
 *                         killed, and is removed when the next one starts
 *   refs/remotes/REMOTE/REF in the repository: an installed ref and where it
 *                         came from (its origin); it names the last commit
 *                         pulled, which may be newer than the active one if
 *                         an update was interrupted
 *
 * What this defends against:
 *   - an interrupted command (SIGKILL, full disk, lost connection): a
 *     commit is checked out into .tmp/, verified, renamed into place, and
 *     only then does the `active` link switch, by rename(2) of a new link
 *     over the old one.  At every moment `active` names a complete,
 *     verified deploy or nothing; the repository is only changed by
 *     libostree's own transactions, which resume where they stopped.
 *   - a repository that lies: every ref, ID, branch and commit from a
 *     remote passes hutch-ref.h before it touches a path; commits and
 *     summaries are GPG-verified by libostree unless the user chose
 *     --no-gpg-verify; a commit must be bound to the ref it was fetched for
 *     (ostree.ref-binding) when it says which; the deployed metadata file
 *     must be what the commit's signed xa.metadata said, so the
 *     permissions the user was shown are the ones enforced.
 *   - removing what a sandbox uses: an old deploy goes only when no `app
 *     run` holds it (hutch_deploy_is_unused()); otherwise it stays until a
 *     later command finds it unused.
 *
 * Library code: nothing here prints.  Errors are translated GErrors whose
 * untrusted parts are escaped; progress and "waiting for the lock" go to
 * callbacks.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "hutch-bundle.h"
#include "hutch-deploy.h"
#include "hutch-ref.h"

#include <gio/gio.h>
#include <ostree.h>

G_BEGIN_DECLS

/* The largest xa.metadata accepted; the same bound as the metadata
 * parser's (HUTCH_METADATA_MAX_SIZE in profiles/permissions). */
#define HUTCH_OSTREE_METADATA_MAX_SIZE (256 * 1024)
#define HUTCH_REMOTE_NAME_MAX_LENGTH   128

/* Whether two metadata texts are the same but for the newlines that end
 * them: `ostree commit --add-metadata-string=xa.metadata="$(cat metadata)"`
 * drops those of the file (ostree-util.c). */
gboolean hutch_metadata_texts_equal (const char *a, gsize a_len, const char *b, gsize b_len);

/* ---- The installation, locked (ostree-installation.c) ---- */

typedef struct _HutchInstallation HutchInstallation;

/* Called once, before waiting, if another command holds the lock. */
typedef void (*HutchLockWaitFunc) (gpointer user_data);

typedef enum
{
  HUTCH_INSTALLATION_OPEN_NONE = 0,
  /* To look only (remote-list, remote-ls): no lock, nothing created or
   * cleaned; HUTCH_ERROR_NOT_FOUND if there is no repository yet. */
  HUTCH_INSTALLATION_OPEN_READ_ONLY = 1 << 0,
} HutchInstallationOpenFlags;

/* Opens (creating it if needed) the installation in @dir, takes its lock
 * (waiting for it, after calling @on_wait), removes what an interrupted
 * command left in .tmp/ and opens (creating it if needed) its repository.
 * The lock is held until hutch_installation_free(). */
HutchInstallation *hutch_installation_open (const char *dir,
                                            gboolean system,
                                            HutchInstallationOpenFlags flags,
                                            HutchLockWaitFunc on_wait,
                                            gpointer user_data,
                                            GError **error);
void hutch_installation_free (HutchInstallation *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchInstallation, hutch_installation_free)

const char *hutch_installation_get_dir (HutchInstallation *self);
gboolean hutch_installation_is_system (HutchInstallation *self);
OstreeRepo *hutch_installation_get_repo (HutchInstallation *self);

/* The active deploys of @kind (every kind if @kind is -1), sorted by ref:
 * a GPtrArray of HutchDeploy.  Entries with invalid names are skipped. */
GPtrArray *hutch_installation_list_installed (HutchInstallation *self, int kind, GError **error);

/* The remote @ref was installed from, or NULL (no error) if the
 * repository has no ref for it (installed by hand, or its remote was
 * deleted with --force, which keeps no refs). */
char *hutch_installation_get_origin (HutchInstallation *self, const HutchRef *ref, GError **error);

/* Test-only: if the environment variable HUTCH_TEST_KILL_AT equals
 * @point, the process kills itself with SIGKILL right here, so that tests
 * can show an interrupted install or update harms nothing.  The points are
 * "after-pull", "after-import" (of a bundle), "after-checkout" and
 * "before-active". */
void hutch_installation_test_kill_point (const char *point);

/* ---- Remotes (ostree-remote.c) ---- */

/* A remote's name: [A-Za-z0-9_][A-Za-z0-9_.-]*, at most
 * HUTCH_REMOTE_NAME_MAX_LENGTH bytes. */
gboolean hutch_remote_name_is_valid (const char *name, GError **error);

typedef struct
{
  const char *gpg_key_file;   /* keys to trust for this remote, or NULL */
  GBytes *gpg_key_data;       /* or these keys (unless gpg_key_file), or NULL */
  const char *gpg_key_source; /* what gives gpg_key_data, for messages */
  gboolean no_gpg_verify;     /* the user's explicit choice: verify nothing */
  gboolean if_not_exists;     /* an existing remote of this name is not an error */
} HutchRemoteAddOptions;

/* Adds a remote with an http, https or file URL.  Commits and the
 * summary are GPG-verified against the keys of @options->gpg_key_file (or
 * @options->gpg_key_data), unless @options->no_gpg_verify; one of the two
 * is required.  *@out_added
 * is FALSE if the remote existed and @options->if_not_exists is set.
 * *@out_n_keys (may be NULL) is the number of keys imported. */
gboolean hutch_remote_add (HutchInstallation *self,
                           const char *name,
                           const char *url,
                           const HutchRemoteAddOptions *options,
                           gboolean *out_added,
                           guint *out_n_keys,
                           GError **error);
gboolean hutch_remote_delete (HutchInstallation *self, const char *name, GError **error);

typedef struct
{
  const char *url;          /* the new URL, or NULL */
  const char *gpg_key_file; /* keys to trust too; turns verification on */
  gboolean gpg_verify;      /* turn verification on (the remote must have keys) */
  gboolean no_gpg_verify;   /* the user's explicit choice: verify nothing */
} HutchRemoteModifyOptions;

/* Changes an existing remote as @options say (at least one change).  Keys
 * are imported before the configuration changes, so an interrupted or
 * failed change leaves the remote as it was, or trusting the new keys
 * too.  *@out_n_keys (may be NULL) is the number of keys imported. */
gboolean hutch_remote_modify (HutchInstallation *self,
                              const char *name,
                              const HutchRemoteModifyOptions *options,
                              guint *out_n_keys,
                              GError **error);
/* The remotes' names, sorted (NULL-terminated; never NULL). */
char **hutch_remote_list (HutchInstallation *self);
gboolean hutch_remote_exists (HutchInstallation *self, const char *name);
/* The remote's URL and whether it verifies signatures. */
gboolean hutch_remote_get_info (HutchInstallation *self,
                                const char *name,
                                char **out_url,
                                gboolean *out_gpg_verify,
                                GError **error);

typedef struct
{
  HutchRef *ref;
  char *commit;
  /* Its metadata from the summary's xa.cache, if the summary carries it
   * and is trusted as much as the commit (ostree-summary.c), or NULL. */
  char *metadata;
  /* From the same xa.cache: the bytes a pull of the whole commit fetches,
   * and the bytes its files take once installed; 0 if unknown. */
  guint64 download_size;
  guint64 installed_size;
} HutchRemoteRef;

void hutch_remote_ref_free (HutchRemoteRef *rref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchRemoteRef, hutch_remote_ref_free)

/* The app and runtime refs the remote's summary offers (verified as the
 * remote says), sorted: a GPtrArray of HutchRemoteRef (ostree-summary.c).
 * Refs that are not valid (hutch-ref.h), or whose commit is not, are left
 * out and counted in *@out_n_invalid (may be NULL). */
GPtrArray *hutch_remote_list_refs (HutchInstallation *self,
                                   const char *remote,
                                   guint *out_n_invalid,
                                   GError **error);

/* Fetches the commit object of @commit only (verified as the remote says),
 * checks its ref binding against @ref, and returns its xa.metadata, the
 * app's or runtime's metadata as the packager signed it.  *@out_timestamp
 * (may be NULL) is the commit's time, in seconds since the epoch. */
char *hutch_remote_fetch_metadata (HutchInstallation *self,
                                   const char *remote,
                                   const HutchRef *ref,
                                   const char *commit,
                                   guint64 *out_timestamp,
                                   GCancellable *cancellable,
                                   GError **error);

typedef struct
{
  char *commit;
  char *parent;   /* NULL for the first commit */
  char *subject;  /* as the remote gives it: escape it before showing it */
  char *metadata; /* its xa.metadata, if of a size to show, or NULL; the same */
  guint64 timestamp;
} HutchCommitInfo;

void hutch_commit_info_free (HutchCommitInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchCommitInfo, hutch_commit_info_free)

/* The commit @commit of @ref on @remote, then its ancestors, newest first,
 * @depth of them at most (-1: all): a GPtrArray of HutchCommitInfo.  Only
 * commit objects are fetched, verified as the remote says.  The walk stops
 * at the first ancestor the remote does not keep, or that was made for
 * another ref; @commit itself must have been made for @ref. */
GPtrArray *hutch_remote_fetch_history (HutchInstallation *self,
                                       const char *remote,
                                       const HutchRef *ref,
                                       const char *commit,
                                       int depth,
                                       GCancellable *cancellable,
                                       GError **error);

/* ---- Pulls (ostree-pull.c) ---- */

typedef struct
{
  guint64 bytes;       /* transferred so far */
  guint fetched;       /* objects fetched */
  guint requested;     /* objects known to be needed so far */
  guint64 elapsed_us;  /* since the pull started */
  gboolean done;       /* the last report */
} HutchPullProgress;

typedef void (*HutchPullProgressFunc) (const HutchPullProgress *progress, gpointer user_data);

/* Pulls @commits[i], the commit @refs[i] has on @remote, in full, for
 * each of the @n_refs refs, in one transaction, and points
 * refs/remotes/REMOTE/REF at each.  Objects the repository has are not
 * fetched again, so a pull that was interrupted resumes.  A full disk is
 * a G_IO_ERROR_NO_SPACE error. */
gboolean hutch_pull (HutchInstallation *self,
                     const char *remote,
                     const HutchRef *const *refs,
                     const char *const *commits,
                     guint n_refs,
                     HutchPullProgressFunc progress,
                     gpointer user_data,
                     GCancellable *cancellable,
                     GError **error);

/* ---- Deploys (ostree-deploy.c) ---- */

/* Checks a deploy's metadata after checkout, before it is put in place
 * (for instance with hutch_metadata_parse()): returns FALSE with @error
 * set to refuse it. */
typedef gboolean (*HutchDeployCheckFunc) (const HutchRef *ref,
                                          const char *metadata,
                                          gsize len,
                                          gpointer user_data,
                                          GError **error);

typedef enum
{
  HUTCH_DEPLOY_FLAGS_NONE = 0,
  /* Check the commit out again even if its deploy exists (it is swapped
   * for the new one atomically, if no sandbox holds it). */
  HUTCH_DEPLOY_FLAGS_REPLACE = 1 << 0,
} HutchDeployFlags;

/* Deploys @commit (pulled already) as INSTALLATION/KIND/ID/ARCH/BRANCH/COMMIT:
 * checks it out into .tmp/ (hard links to the repository's files),
 * verifies that its metadata file is the commit's xa.metadata, calls
 * @check, and renames it into place.  Does not change `active`. */
HutchDeploy *hutch_installation_deploy (HutchInstallation *self,
                                        const HutchRef *ref,
                                        const char *commit,
                                        HutchDeployFlags flags,
                                        HutchDeployCheckFunc check,
                                        gpointer user_data,
                                        GCancellable *cancellable,
                                        GError **error);

/* Several deploys with one syncfs() for all their checkouts (an install
 * of an app and its runtime): hutch_deploy_batch_add() checks each commit
 * out and verifies it as hutch_installation_deploy() does (or verifies its
 * deploy if already in place), hutch_deploy_batch_finish() syncs them and
 * renames them into place, in order, and returns the deploys (NULL on an
 * error).  @self must outlive the batch.  A batch freed unfinished leaves
 * its checkouts in .tmp/, for the next command's cleanup. */
typedef struct _HutchDeployBatch HutchDeployBatch;

HutchDeployBatch *hutch_deploy_batch_new (HutchInstallation *self, HutchDeployFlags flags);
gboolean hutch_deploy_batch_add (HutchDeployBatch *batch,
                                 const HutchRef *ref,
                                 const char *commit,
                                 HutchDeployCheckFunc check,
                                 gpointer user_data,
                                 GCancellable *cancellable,
                                 GError **error);
GPtrArray *hutch_deploy_batch_finish (HutchDeployBatch *batch, GError **error);
void hutch_deploy_batch_free (HutchDeployBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchDeployBatch, hutch_deploy_batch_free)

/* Makes @deploy the active one of its ref, atomically, and @origin
 * (the remote it was pulled from) its only origin. */
gboolean hutch_installation_activate (HutchInstallation *self,
                                      const HutchDeploy *deploy,
                                      const char *origin,
                                      GError **error);

/* Makes @ref not installed: removes its `active` link and its repository
 * refs.  Its deploys go with the next hutch_installation_cleanup(). */
gboolean hutch_installation_deactivate (HutchInstallation *self, const HutchRef *ref, GError **error);

/* Removes every deploy that is not active and that no sandbox holds,
 * then repository refs of refs not installed, then every object no
 * installed ref or remaining deploy needs.  *@out_n_held (may be NULL) is
 * the number of old deploys kept because a sandbox still runs them;
 * *@out_bytes_freed (may be NULL) what pruning freed in the repository. */
gboolean hutch_installation_cleanup (HutchInstallation *self,
                                     guint *out_n_held,
                                     guint64 *out_bytes_freed,
                                     GCancellable *cancellable,
                                     GError **error);

/* ---- Verifying (ostree-verify.c) ---- */

typedef struct
{
  guint n_checked;     /* objects whose content matches their name */
  guint n_corrupt;     /* objects whose content does not */
  guint n_missing;     /* objects the commit needs that are not there */
  gboolean incomplete; /* the commit is missing, marked partial, or its tree
                        * cannot be walked (counted as one missing): a pull
                        * must fetch what it lacks first */
} HutchVerifyResult;

typedef void (*HutchVerifyProgressFunc) (guint done, guint total, gpointer user_data);

/* Checks every object @commit reaches against its checksum.  With @mend,
 * corrupt objects are removed and, if any object is corrupt or missing,
 * the commit is marked partial: a pull of it then fetches what it lacks.
 * A deploy of it still holds the damaged files: check it out again. */
gboolean hutch_installation_verify_commit (HutchInstallation *self,
                                           const char *commit,
                                           gboolean mend,
                                           HutchVerifyProgressFunc progress,
                                           gpointer user_data,
                                           HutchVerifyResult *result,
                                           GCancellable *cancellable,
                                           GError **error);

/* Counts in *@out_n_differ the files and directories of @deploy's commit
 * that its deploy lacks or holds other content for (neither a hard link of
 * the object nor a copy of it).  Files the deploy has beyond the commit's
 * are not looked for. */
gboolean hutch_installation_verify_deploy (HutchInstallation *self,
                                           const HutchDeploy *deploy,
                                           guint *out_n_differ,
                                           GCancellable *cancellable,
                                           GError **error);

/* ---- Bundles (ostree-bundle.c, ostree-bundle-verify.c) ---- */

/* The origin of what a bundle installed: refs/remotes/bundle/REF names its
 * commit, as refs/remotes/REMOTE/REF does for a pull.  No remote may take
 * this name (hutch_remote_add() refuses it), so `app update` knows there
 * is nothing to update it from. */
#define HUTCH_BUNDLE_ORIGIN "bundle"

/* Who vouches for a bundle (hutch_bundle_verify()). */
typedef struct
{
  char *fingerprint; /* of the key whose signature verified; NULL: unsigned */
  char *remote;      /* the remote trusting that key; NULL: the key file's */
} HutchBundleTrust;

void hutch_bundle_trust_clear (HutchBundleTrust *trust);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HutchBundleTrust, hutch_bundle_trust_clear)

/* Checks the GPG signatures @bundle carries over its commit, before
 * anything is imported:
 *   - with @key_file: the bundle must be signed, and a signature must
 *     verify with a key of @key_file (those keys only: they go into a
 *     keyring of their own);
 *   - without, a signed bundle: a signature must verify with the keys of
 *     one of the installation's remotes that verify signatures;
 *   - without, an unsigned bundle: TRUE, and @out->fingerprint is NULL:
 *     nothing vouches for it, which the caller must say.
 * Refusals are HUTCH_ERROR_INVALID_BUNDLE "FILE: …". */
gboolean hutch_bundle_verify (HutchInstallation *self,
                              const HutchBundle *bundle,
                              const char *key_file,
                              HutchBundleTrust *out,
                              GError **error);

/* Imports @bundle's commit into the repository, in one transaction, with
 * every object checked against its checksum (libostree's offline
 * execution of the delta, validating), reading the file that was checked
 * (its descriptor), never the path again.  Before the transaction is
 * committed: the commit must be complete, bound to the bundle's ref and
 * carry the bundle's metadata; it is marked complete, its detached
 * metadata is the bundle's (with the origin URL, if any), and
 * refs/remotes/bundle/REF names it.  Nothing changes on error. */
gboolean hutch_bundle_import (HutchInstallation *self,
                              const HutchBundle *bundle,
                              GCancellable *cancellable,
                              GError **error);

/* The origin URL the bundle that installed @commit named, or NULL. */
char *hutch_installation_get_bundle_url (HutchInstallation *self, const char *commit);

G_END_DECLS
