/* Paths of installations, deployments and per-app data.
 *
 * What this defends against: IDs, arches, branches and commit checksums
 * come from remote repositories and become path components here.  Nothing
 * reaches a path without passing the validators of hutch-ref.c, so no
 * component is empty, ".", "..", contains "/" or a control character, or is
 * unbounded; a path built here always stays inside its installation (or
 * inside ~/.var/app).  Functions that take a HutchRef check it again,
 * because its fields are plain public members; an invalid one is a
 * programming error (g_return_val_if_fail) and gives %NULL.
 *
 * The layout of an installation (INSTALLATION below):
 *
 *   INSTALLATION/repo/                          the OSTree repository
 *   INSTALLATION/exports/                       files exported to the host
 *                                               (.desktop files, icons, …)
 *   INSTALLATION/overrides/global               overrides for every app
 *   INSTALLATION/overrides/ID                   overrides for one app
 *   INSTALLATION/app/ID/ARCH/BRANCH/            deploy directory of a ref
 *   INSTALLATION/app/ID/ARCH/BRANCH/active      symlink to the active COMMIT
 *   INSTALLATION/app/ID/ARCH/BRANCH/COMMIT/     one deployed commit
 *   INSTALLATION/runtime/ID/ARCH/BRANCH/…       the same for runtimes
 *
 * Names cannot collide: an ID has at least three elements, so it is never
 * "global"; a commit is 64 hex digits, so it is never "active".
 *
 * Per-app writable data lives in ~/.var/app/ID/, whichever installation the
 * app comes from.
 */
#include "hutch-paths.h"

#include "hutch-error.h"

#define SYSTEM_INSTALLATION_DIR "/var/lib/hutch"

/**
 * hutch_get_user_installation_dir:
 *
 * The per-user installation: `$XDG_DATA_HOME/hutch`, by default
 * `~/.local/share/hutch`.  It comes from g_get_user_data_dir(), which reads
 * the environment once per process.  A relative `$XDG_DATA_HOME` is ignored,
 * as the XDG Base Directory specification requires.
 *
 * Returns: (transfer full): the directory
 */
char *
hutch_get_user_installation_dir (void)
{
  const char *data_dir = g_get_user_data_dir ();

  if (g_path_is_absolute (data_dir))
    return g_build_filename (data_dir, "hutch", NULL);
  return g_build_filename (g_get_home_dir (), ".local", "share", "hutch", NULL);
}

/**
 * hutch_get_system_installation_dir:
 *
 * The system-wide installation: `/var/lib/hutch`.
 *
 * For tests, the environment variable `HUTCH_SYSTEM_DIR` replaces it if it
 * holds an absolute path (anything else is ignored).  It is read on every
 * call.  This widens nothing: Hutch has no setuid binary, so the variable
 * only redirects processes of the user who sets it; a system-wide install
 * runs as root from an environment root controls (sudo resets it).
 *
 * Returns: (transfer full): the directory
 */
char *
hutch_get_system_installation_dir (void)
{
  const char *dir = g_getenv ("HUTCH_SYSTEM_DIR");

  if (dir != NULL && g_path_is_absolute (dir))
    return g_strdup (dir);
  return g_strdup (SYSTEM_INSTALLATION_DIR);
}

/**
 * hutch_get_app_data_dir:
 * @app_id: an application ID, untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_ID error
 *
 * The app's writable data directory, `~/.var/app/ID`.  The home directory
 * comes from g_get_home_dir(), which honours `$HOME`.
 *
 * Returns: (transfer full): the directory, or %NULL if @app_id is invalid
 */
char *
hutch_get_app_data_dir (const char *app_id, GError **error)
{
  g_return_val_if_fail (app_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!hutch_id_is_valid (app_id, error))
    return NULL;
  return g_build_filename (g_get_home_dir (), ".var", "app", app_id, NULL);
}

static gboolean
installation_dir_is_sound (const char *installation_dir)
{
  return installation_dir != NULL && g_path_is_absolute (installation_dir);
}

/**
 * hutch_installation_get_repo_dir:
 * @installation_dir: an absolute installation directory
 *
 * Returns: (transfer full): `INSTALLATION/repo`, the OSTree repository
 */
char *
hutch_installation_get_repo_dir (const char *installation_dir)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);

  return g_build_filename (installation_dir, "repo", NULL);
}

/**
 * hutch_installation_get_exports_dir:
 * @installation_dir: an absolute installation directory
 *
 * Returns: (transfer full): `INSTALLATION/exports`, where files exported to
 *   the host (desktop files, icons, D-Bus services) live
 */
char *
hutch_installation_get_exports_dir (const char *installation_dir)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);

  return g_build_filename (installation_dir, "exports", NULL);
}

/**
 * hutch_installation_get_overrides_dir:
 * @installation_dir: an absolute installation directory
 *
 * Returns: (transfer full): `INSTALLATION/overrides`
 */
char *
hutch_installation_get_overrides_dir (const char *installation_dir)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);

  return g_build_filename (installation_dir, "overrides", NULL);
}

/**
 * hutch_installation_get_global_overrides_file:
 * @installation_dir: an absolute installation directory
 *
 * Returns: (transfer full): `INSTALLATION/overrides/global`, the overrides
 *   that apply to every app
 */
char *
hutch_installation_get_global_overrides_file (const char *installation_dir)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);

  return g_build_filename (installation_dir, "overrides", "global", NULL);
}

/**
 * hutch_installation_get_app_overrides_file:
 * @installation_dir: an absolute installation directory
 * @app_id: an application ID, untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_ID error
 *
 * Returns: (transfer full): `INSTALLATION/overrides/ID`, or %NULL if
 *   @app_id is invalid
 */
char *
hutch_installation_get_app_overrides_file (const char *installation_dir,
                                           const char *app_id,
                                           GError **error)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!hutch_id_is_valid (app_id, error))
    return NULL;
  return g_build_filename (installation_dir, "overrides", app_id, NULL);
}

/**
 * hutch_installation_get_kind_dir:
 * @installation_dir: an absolute installation directory
 * @kind: application or runtime
 *
 * Returns: (transfer full): `INSTALLATION/app` or `INSTALLATION/runtime`,
 *   which holds one directory per installed ID.  Whoever lists it must
 *   validate each entry with hutch_id_is_valid().
 */
char *
hutch_installation_get_kind_dir (const char *installation_dir, HutchRefKind kind)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);
  g_return_val_if_fail (kind == HUTCH_REF_KIND_APP || kind == HUTCH_REF_KIND_RUNTIME, NULL);

  return g_build_filename (installation_dir, hutch_ref_kind_to_string (kind), NULL);
}

/* Kind, ID and arch valid; the branch is not looked at. */
static gboolean
ref_prefix_is_sound (const HutchRef *ref)
{
  return ref != NULL &&
         (ref->kind == HUTCH_REF_KIND_APP || ref->kind == HUTCH_REF_KIND_RUNTIME) &&
         ref->id != NULL && hutch_id_is_valid (ref->id, NULL) &&
         ref->arch != NULL && hutch_arch_is_valid (ref->arch, NULL);
}

static gboolean
ref_is_sound (const HutchRef *ref)
{
  return ref != NULL && hutch_ref_validate (ref, NULL);
}

/**
 * hutch_installation_get_branches_dir:
 * @installation_dir: an absolute installation directory
 * @ref: a ref, possibly partial: its branch is not used and may be %NULL
 *
 * Returns: (transfer full): `INSTALLATION/KIND/ID/ARCH`, which holds one
 *   deploy directory per installed branch.  Whoever lists it must validate
 *   each entry with hutch_branch_is_valid().
 */
char *
hutch_installation_get_branches_dir (const char *installation_dir, const HutchRef *ref)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);
  g_return_val_if_fail (ref_prefix_is_sound (ref), NULL);

  return g_build_filename (installation_dir, hutch_ref_kind_to_string (ref->kind),
                           ref->id, ref->arch, NULL);
}

/**
 * hutch_installation_get_deploy_dir:
 * @installation_dir: an absolute installation directory
 * @ref: a complete, valid ref
 *
 * Returns: (transfer full): `INSTALLATION/KIND/ID/ARCH/BRANCH`, the deploy
 *   directory of @ref
 */
char *
hutch_installation_get_deploy_dir (const char *installation_dir, const HutchRef *ref)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);
  g_return_val_if_fail (ref_is_sound (ref), NULL);

  return g_build_filename (installation_dir, hutch_ref_kind_to_string (ref->kind),
                           ref->id, ref->arch, ref->branch, NULL);
}

/**
 * hutch_installation_get_active_link:
 * @installation_dir: an absolute installation directory
 * @ref: a complete, valid ref
 *
 * Returns: (transfer full): `INSTALLATION/KIND/ID/ARCH/BRANCH/active`, the
 *   symbolic link to the active commit.  Whoever reads it must validate the
 *   target with hutch_checksum_is_valid() (or pass it to
 *   hutch_installation_get_commit_dir(), which does).
 */
char *
hutch_installation_get_active_link (const char *installation_dir, const HutchRef *ref)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);
  g_return_val_if_fail (ref_is_sound (ref), NULL);

  return g_build_filename (installation_dir, hutch_ref_kind_to_string (ref->kind),
                           ref->id, ref->arch, ref->branch, "active", NULL);
}

/**
 * hutch_installation_get_commit_dir:
 * @installation_dir: an absolute installation directory
 * @ref: a complete, valid ref
 * @commit: a commit checksum, untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_CHECKSUM error
 *
 * Returns: (transfer full): `INSTALLATION/KIND/ID/ARCH/BRANCH/COMMIT`, the
 *   checkout of @commit, or %NULL if @commit is not a valid checksum
 */
char *
hutch_installation_get_commit_dir (const char *installation_dir,
                                   const HutchRef *ref,
                                   const char *commit,
                                   GError **error)
{
  g_return_val_if_fail (installation_dir_is_sound (installation_dir), NULL);
  g_return_val_if_fail (ref_is_sound (ref), NULL);
  g_return_val_if_fail (commit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!hutch_checksum_is_valid (commit, error))
    return NULL;
  return g_build_filename (installation_dir, hutch_ref_kind_to_string (ref->kind),
                           ref->id, ref->arch, ref->branch, commit, NULL);
}
