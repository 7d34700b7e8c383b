/* hutch-app-repo: the commands of `app` that touch OSTree repositories
 * (remote-add, remote-list, remote-modify, remote-delete, remote-ls,
 * remote-info, install, update, uninstall, repair, make-current, mask), one
 * file each (repo-*.c), and what they share (repo-common.c, repo-progress.c,
 * repo-resolve.c, repo-match.c). */
#pragma once

#include "hutch-metadata.h"
#include "hutch-repo-file.h"
#include "hutch-ostree.h"

#include <glib.h>

G_BEGIN_DECLS

int hutch_repo_remote_add (int argc, char **argv);
int hutch_repo_remote_list (int argc, char **argv);
int hutch_repo_remote_delete (int argc, char **argv);
int hutch_repo_remote_modify (int argc, char **argv);
int hutch_repo_remote_ls (int argc, char **argv);
int hutch_repo_remote_info (int argc, char **argv);
int hutch_repo_install (int argc, char **argv);
int hutch_repo_update (int argc, char **argv);
int hutch_repo_uninstall (int argc, char **argv);
int hutch_repo_repair (int argc, char **argv);
int hutch_repo_make_current (int argc, char **argv);
int hutch_repo_mask (int argc, char **argv);
int hutch_repo_pin (int argc, char **argv);

/* The apps' data, ~/.var/app/ID (repo-delete-data.c).  Why @app_id's data
 * must stay (installed, by Hutch or Flatpak, or running), translated, or
 * NULL; the deploys in @leaving (HutchDeploy, may be NULL) count as gone
 * already.  Whether it has any; the IDs whose data nothing keeps, sorted;
 * and deleting it. */
char *repo_data_keep_reason (const char *app_id, GPtrArray *leaving);
gboolean repo_data_exists (const char *app_id);
GPtrArray *repo_data_list_unowned (void);
gboolean repo_data_delete (const char *app_id, GError **error);

/* Options every command has: --user/--system, and for those that change
 * an installation -y/--assumeyes and --noninteractive. */
typedef struct
{
  gboolean user;
  gboolean system;
  gboolean assumeyes;
  gboolean noninteractive;
} RepoOptions;

/* A context for `app COMMAND`, with @entries and the common options
 * (@with_questions: -y and --noninteractive as well). */
GOptionContext *hutch_repo_context_new (const char *parameter_string,
                                        const GOptionEntry *entries,
                                        RepoOptions *options,
                                        gboolean with_questions);
/* Parses; on error prints it and returns FALSE. */
gboolean hutch_repo_parse (GOptionContext *context, int *argc, char ***argv);

/* Opens the installation the options name, saying so if it must wait for
 * another command. */
HutchInstallation *hutch_repo_open (const RepoOptions *options,
                                    HutchInstallationOpenFlags flags,
                                    GError **error);

/* "app: error: MESSAGE" (escaped), with a hint for a full disk. */
int hutch_repo_fail (const GError *error);
int hutch_repo_fail_literal (const char *message);
void hutch_repo_warn (const char *message);
void hutch_repo_warn_all (GPtrArray *warnings);
/* Prints a line of text that may hold untrusted parts, escaped. */
void hutch_repo_say (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Asks @question with [y/N] (translated; English y and yes always count).
 * -y: yes.  --noninteractive: yes (as Flatpak's).  Neither, and standard
 * input is no terminal: an error, so a script never installs without
 * saying it wants to. */
gboolean hutch_repo_confirm (const RepoOptions *options, const char *question, GError **error);

/* Progress of a pull on standard output: one updating line on a
 * terminal, otherwise a plain line every few seconds. */
typedef struct
{
  gboolean terminal;
  gint64 last_line;
  guint64 last_bytes;
  gint64 last_time;
  double rate;
  gboolean line_open;
} RepoProgress;

void hutch_repo_progress_init (RepoProgress *progress, const RepoOptions *options);
void hutch_repo_progress_report (const HutchPullProgress *report, gpointer user_data);
/* Ends an updating line a failed pull left open. */
void hutch_repo_progress_end (RepoProgress *progress);

/* The permissions of @metadata, as the user should read them before
 * installing: escaped, indented. */
void hutch_repo_print_permissions (const HutchMetadata *metadata);

/* Parses @text, the metadata of @ref (from its commit), and checks it
 * is metadata of that very ref: its kind and its name. */
HutchMetadata *hutch_repo_parse_metadata (const HutchRef *ref,
                                          const char *text,
                                          gsize len,
                                          GPtrArray *warnings,
                                          GError **error);
/* A HutchDeployCheckFunc: hutch_repo_parse_metadata() of the checkout,
 * and, if @user_data is the metadata text shown before installing (from
 * the summary), the checkout's must be that text. */
gboolean hutch_repo_check_deploy (const HutchRef *ref,
                                  const char *metadata,
                                  gsize len,
                                  gpointer user_data,
                                  GError **error);

/* Exports (desktop files, icons…) of a deploy just activated: an app
 * installed now (@installed_now) becomes the current branch of its app
 * (hutch-current.h) and is exported; an update is exported only if its
 * branch is current (or none is).  A failure is a warning. */
void hutch_repo_exports_update (HutchInstallation *installation,
                                const HutchDeploy *deploy,
                                gboolean installed_now);
/* After @ref was uninstalled: if it was its app's current branch, its
 * exports go, and another installed branch of the app, if any, becomes
 * current and is exported.  A failure is a warning. */
void hutch_repo_exports_remove (HutchInstallation *installation, const HutchRef *ref);

/* ---- app install --bundle (repo-install-bundle.c) ---- */

typedef struct
{
  const char *key_file; /* --gpg-import, or NULL */
  gboolean reinstall;
  const RepoOptions *common;
} InstallBundleOptions;

int hutch_repo_install_bundle (const char *file, const InstallBundleOptions *opts);

/* ---- What to install (repo-resolve.c) ---- */

typedef struct
{
  char *remote;
  HutchRemoteRef *rref;  /* ref and commit on the remote */
  char *metadata_text;   /* its xa.metadata, as shown to the user */
  gboolean from_summary; /* metadata_text is the summary's (xa.cache) */
  HutchMetadata *metadata;
  guint64 timestamp; /* the commit's; 0 if from_summary */
  HutchDeploy *old;  /* the active deploy this replaces, or NULL */
} RepoItem;

void repo_item_free (RepoItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RepoItem, repo_item_free)

/* Refs of remotes, fetched once each. */
typedef struct _RepoRemotes RepoRemotes;
RepoRemotes *repo_remotes_new (HutchInstallation *installation);
void repo_remotes_free (RepoRemotes *remotes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RepoRemotes, repo_remotes_free)
/* The refs @remote offers (GPtrArray of HutchRemoteRef), or NULL. */
GPtrArray *repo_remotes_get_refs (RepoRemotes *remotes, const char *remote, GError **error);
/* The commit of exactly @ref on @remote, NULL (no error) if not offered. */
const HutchRemoteRef *repo_remotes_lookup (RepoRemotes *remotes,
                                           const char *remote,
                                           const HutchRef *ref,
                                           GError **error);
/* How repo_item_fetch() may learn an item's metadata. */
typedef enum
{
  /* from the summary if it carries it, else from the commit object */
  REPO_FETCH_SUMMARY_OR_COMMIT,
  /* from the commit object, which also gives the item's timestamp */
  REPO_FETCH_COMMIT,
} RepoFetchSource;

/* Fetches the metadata of @remote's @rref and parses it into a new item. */
RepoItem *repo_item_fetch (HutchInstallation *installation,
                           const char *remote,
                           const HutchRemoteRef *rref,
                           RepoFetchSource source,
                           GPtrArray *warnings,
                           GError **error);
/* The runtime an app item needs, if neither installation has it: an item
 * from @item's remote if it offers it, else from the first remote that
 * does.  NULL with no error if nothing is needed. */
RepoItem *repo_item_runtime_needed (HutchInstallation *installation,
                                    RepoRemotes *remotes,
                                    const RepoItem *item,
                                    GPtrArray *warnings,
                                    GError **error);
/* Pulls @items (one pull per remote), then deploys and activates each in
 * order; @flags as hutch_installation_deploy(). */
gboolean repo_items_apply (HutchInstallation *installation,
                           RepoItem *const *items,
                           guint n_items,
                           const RepoOptions *options,
                           HutchDeployFlags flags,
                           GError **error);
/* Shows the items and their permissions. */
void repo_items_print (GPtrArray *items);
gboolean repo_items_have (GPtrArray *items, const HutchRef *ref);
/* The time of @commit (0 if the repository does not hold it). */
guint64 repo_commit_timestamp (HutchInstallation *installation, const char *commit);

/* A ref a remote offers, as the user named it (repo-match.c). */
typedef struct
{
  char *remote;               /* while matching, borrowed; in the result, to free */
  const HutchRemoteRef *rref; /* the RepoRemotes' */
} RepoMatch;

/* The one ref that @spec (ID, ID/ARCH/BRANCH, app/…, runtime/…), narrowed
 * by @arch and @branch (may be NULL), names on @remote, or on any remote if
 * @remote is NULL: an app rather than a runtime of the same ID unless the
 * kind is given; several remotes or branches are an error naming them. */
gboolean repo_match (HutchInstallation *installation,
                     RepoRemotes *remotes,
                     const char *remote,
                     const char *spec,
                     const char *arch,
                     const char *branch,
                     RepoMatch *out,
                     GError **error);

/* app install --from and app remote-add --from (repo-ref-file.c): the
 * .flatpakref (@is_ref) or .flatpakrepo file at @location (a path, or an
 * http or https URL), read and checked; and the remote of the installation
 * a .flatpakref names, added if need be (trusting @gpg_import, or else the
 * file's key). */
HutchRepoFile *repo_read_flatpak_file (const char *location, gboolean is_ref, GError **error);
char *repo_remote_for_file (HutchInstallation *installation,
                            const HutchRepoFile *file,
                            const char *path,
                            const char *gpg_import,
                            gboolean *out_added,
                            GError **error);
/* For a .flatpakref's RuntimeRepo: the remote of the .flatpakrepo file at
 * @url, when no remote offers @runtime: the installation's remote with its
 * URL, else a new one (named after the file, trusting its key), after
 * asking. */
char *repo_remote_for_runtime_repo (HutchInstallation *installation,
                                    const char *url,
                                    const char *runtime,
                                    const RepoOptions *options,
                                    gboolean *out_added,
                                    GError **error);
/* A warning if @location, where the key of a new remote comes from, is
 * a plain http URL. */
void repo_warn_key_over_http (const char *location);
/* After a failed app install --from: deletes again each remote of
 * @added (names) that the command added, if nothing came from it. */
void repo_forget_added_remotes (HutchInstallation *installation, GPtrArray *added);
/* The refs installed from @remote, joined by ", ", and their number. */
char *repo_installed_from (HutchInstallation *installation,
                           const char *remote,
                           guint *n_refs,
                           GError **error);

/* repo-fetch.c: is @location an http or https URL?  And the file at
 * @url, with a NUL after it; one of more than @max_size bytes is an error,
 * "URL: larger than N bytes", as hutch_read_file_bounded() says it. */
gboolean repo_is_url (const char *location);
gboolean repo_fetch_url (const char *url, gsize max_size, char **contents, gsize *length,
                         GError **error);

/* A runtime installed by name is pinned (repo-patterns.c): with @pin, its
 * own pattern is added unless a pin matches it already, and said;
 * uninstalled by name, without @pin, its own pattern goes.  Nothing for an
 * app; a failure is a warning (the install or uninstall is done). */
void repo_pin_runtime (HutchInstallation *installation, const HutchRef *ref, gboolean pin);

/* FALSE, with an error that says how to unmask it, if @ref is masked
 * (`app mask`, hutch-patterns.h). */
gboolean repo_check_not_masked (HutchInstallation *installation, const HutchRef *ref,
                                GError **error);
/* That error, for @ref masked by @pattern. */
void repo_set_masked_error (const HutchRef *ref, const char *pattern, GError **error);

/* The deploy among @installed that @spec (ID, ID/ARCH/BRANCH, app/…,
 * runtime/…) names: an app before a runtime of the same ID unless the
 * kind is given; several branches are an error. */
HutchDeploy *repo_select_installed (GPtrArray *installed,
                                    const char *spec,
                                    const char *arch,
                                    const char *branch,
                                    GError **error);

G_END_DECLS
