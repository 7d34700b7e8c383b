/* app install --from FILE and app remote-add --from: reading Flatpak's
 * .flatpakref and .flatpakrepo files, and the remote a .flatpakref names
 * (hutch-repo-file.h): the installation's remote with the same URL if
 * there is one, else a new remote, named after the file's
 * SuggestRemoteName (or the ref's ID) and trusting the file's key (or the
 * one --gpg-import gives).
 *
 * Defends against: a file that slips in a remote nobody checks: a new
 * remote verifies signatures like any other, with the key of the file the
 * user chose; a file without a key adds no remote (unless --gpg-import);
 * an existing remote keeps its own keys; a suggested name that is not a
 * valid remote name, or is taken by another URL, is not used.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"
#include "hutch-keyfile.h"

#include <string.h>

HutchRepoFile *
repo_read_flatpak_file (const char *location, gboolean is_ref, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (repo_is_url (location)
        ? !repo_fetch_url (location, HUTCH_REPO_FILE_MAX_SIZE, &text, &len, error)
        : !hutch_read_file_bounded (location, HUTCH_REPO_FILE_MAX_SIZE, HUTCH_ERROR_FAILED, &text,
                                    &len, error))
    return NULL;
  return is_ref ? hutch_ref_file_parse (text, len, location, error)
                : hutch_repo_file_parse (text, len, location, error);
}

/* Do @a and @b name the same place (trailing slashes aside)? */
static gboolean
same_url (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  while (la > 0 && a[la - 1] == '/')
    la--;
  while (lb > 0 && b[lb - 1] == '/')
    lb--;
  return la == lb && strncmp (a, b, la) == 0;
}

/* The remote whose URL is @url, or NULL. */
static char *
remote_with_url (HutchInstallation *installation, const char *url)
{
  g_auto (GStrv) names = hutch_remote_list (installation);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *remote_url = NULL;
      gboolean verify = TRUE;

      if (hutch_remote_get_info (installation, names[i], &remote_url, &verify, NULL)
          && same_url (remote_url, url))
        return g_strdup (names[i]);
    }
  return NULL;
}

/* A free, valid name for a new remote: @base, or if it is not a valid
 * name @fallback, with "-2", "-3"… if taken. */
static char *
new_remote_name (HutchInstallation *installation, const char *base, const char *fallback)
{
  if (base == NULL || !hutch_remote_name_is_valid (base, NULL))
    base = fallback;
  if (!hutch_remote_name_is_valid (base, NULL))
    base = "origin";
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);
      if (hutch_remote_name_is_valid (name, NULL) && !hutch_remote_exists (installation, name))
        return g_steal_pointer (&name);
    }
  return NULL;
}

/* Is there a key to verify the remote of @file (at @location) with? */
static gboolean
has_key (const HutchRepoFile *file, const char *location, const char *gpg_import, GError **error)
{
  g_autofree char *quoted = NULL;

  if (gpg_import != NULL || file->gpg_key != NULL)
    return TRUE;
  quoted = hutch_quote_untrusted (location);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("%s gives no key (GPGKey) for its remote %s: give one with "
                 "--gpg-import=KEYFILE"),
               quoted, file->url);
  return FALSE;
}

void
repo_warn_key_over_http (const char *location)
{
  g_autofree char *warning = NULL;

  if (g_ascii_strncasecmp (location, "http://", 7) != 0)
    return;
  warning = g_strdup_printf (_("%s came over plain http: anyone on the way could have put "
                               "another key (GPGKey) in it; prefer its https URL, or a key from "
                               "its publisher (--gpg-import)"),
                             location);
  hutch_repo_warn (warning);
}

/* Adds the remote @file describes, as @name, trusting @gpg_import or else
 * the file's key; @location is the file's path or URL, for messages. */
static gboolean
add_remote_from_file (HutchInstallation *installation, const HutchRepoFile *file,
                      const char *name, const char *location, const char *gpg_import,
                      GError **error)
{
  HutchRemoteAddOptions add = { 0 };
  gboolean added = FALSE;
  guint n_keys = 0;

  if (!has_key (file, location, gpg_import, error))
    return FALSE;
  if (name == NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("no free name for a remote for %s: add it with app remote-add"), file->url);
      return FALSE;
    }
  if (gpg_import == NULL)
    repo_warn_key_over_http (location);
  add.gpg_key_file = gpg_import;
  add.gpg_key_data = gpg_import == NULL ? file->gpg_key : NULL;
  add.gpg_key_source = location;
  if (!hutch_remote_add (installation, name, file->url, &add, &added, &n_keys, error))
    return FALSE;
  hutch_repo_say (g_dngettext (GETTEXT_PACKAGE,
                               "Added the remote “%s” for %s, verified with %u key",
                               "Added the remote “%s” for %s, verified with %u keys", n_keys),
                  name, file->url, n_keys);
  return TRUE;
}

char *
repo_remote_for_file (HutchInstallation *installation, const HutchRepoFile *file,
                      const char *path, const char *gpg_import, gboolean *out_added,
                      GError **error)
{
  g_autofree char *name = remote_with_url (installation, file->url);

  *out_added = FALSE;
  if (name != NULL)
    return g_steal_pointer (&name);
  name = new_remote_name (installation, file->suggested_remote, file->ref->id);
  if (!add_remote_from_file (installation, file, name, path, gpg_import, error))
    return NULL;
  *out_added = TRUE;
  return g_steal_pointer (&name);
}

/* "flathub" for https://example.org/repo/flathub.flatpakrepo. */
static char *
name_from_url (const char *url)
{
  const char *slash = strrchr (url, '/');
  char *name = g_strdup (slash != NULL ? slash + 1 : url);

  if (g_str_has_suffix (name, ".flatpakrepo"))
    name[strlen (name) - strlen (".flatpakrepo")] = '\0';
  return name;
}

char *
repo_remote_for_runtime_repo (HutchInstallation *installation, const char *url,
                              const char *runtime, const RepoOptions *options,
                              gboolean *out_added, GError **error)
{
  g_autoptr (HutchRepoFile) file = repo_read_flatpak_file (url, FALSE, error);
  g_autofree char *name = NULL, *base = NULL, *question = NULL;

  *out_added = FALSE;
  if (file == NULL)
    return NULL;
  /* Offering it or not, that remote is there already: nothing to add. */
  name = remote_with_url (installation, file->url);
  if (name != NULL)
    return g_steal_pointer (&name);
  if (!has_key (file, url, NULL, error))
    return NULL;
  base = name_from_url (url);
  name = new_remote_name (installation, base, "runtime");
  if (name != NULL)
    question = g_strdup_printf (_("No remote offers the runtime %s; the file's RuntimeRepo names "
                                  "%s. Add it as the remote “%s”?"),
                                runtime, file->url, name);
  if ((question != NULL && !hutch_repo_confirm (options, question, error))
      || !add_remote_from_file (installation, file, name, url, NULL, error))
    return NULL;
  *out_added = TRUE;
  return g_steal_pointer (&name);
}

void
repo_forget_added_remotes (HutchInstallation *installation, GPtrArray *added)
{
  for (guint i = 0; i < added->len; i++)
    {
      const char *name = g_ptr_array_index (added, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *used_by = NULL;
      guint n_used_by = 0;

      used_by = repo_installed_from (installation, name, &n_used_by, &error);
      if (used_by == NULL || n_used_by > 0)
        continue; /* something came from it: it stays */
      if (hutch_remote_delete (installation, name, &error))
        hutch_repo_say (_("Deleted the remote “%s” again: nothing was installed from it"), name);
      else
        hutch_repo_warn (error->message);
    }
}
