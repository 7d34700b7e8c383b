/* Which ref of which remote a user means by an ID (app install, app
 * remote-info).
 *
 * Defends against: an ID resolved to the wrong thing by guessing: several
 * remotes or branches offering it is an error that names them.
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

/* "a, b" of the distinct @field strings of @matches. */
static char *
join_distinct (GArray *matches, gboolean remotes)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < matches->len; i++)
    {
      const RepoMatch *m = &g_array_index (matches, RepoMatch, i);
      const char *value = remotes ? m->remote : m->rref->ref->branch;
      if (!g_ptr_array_find_with_equal_func (seen, value, g_str_equal, NULL))
        g_ptr_array_add (seen, (gpointer) value);
    }
  g_ptr_array_add (seen, NULL);
  return g_strjoinv (", ", (char **) seen->pdata);
}

/* The refs of @remotes matching @want (kind only if @kind_given; branch
 * only if set). */
static GArray *
find_matches (RepoRemotes *remotes, char **names, const HutchRef *want, gboolean kind_given,
              gboolean strict, GError **error)
{
  g_autoptr (GArray) matches = g_array_new (FALSE, FALSE, sizeof (RepoMatch));
  gboolean any_app = FALSE;

  for (guint r = 0; names[r] != NULL; r++)
    {
      g_autoptr (GError) local_error = NULL;
      GPtrArray *refs = repo_remotes_get_refs (remotes, names[r], &local_error);
      if (refs == NULL && strict)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (refs == NULL)
        hutch_repo_warn (local_error->message);
      for (guint i = 0; refs != NULL && i < refs->len; i++)
        {
          const HutchRemoteRef *rref = g_ptr_array_index (refs, i);
          RepoMatch m = { names[r], rref };
          if (strcmp (rref->ref->id, want->id) != 0 || strcmp (rref->ref->arch, want->arch) != 0
              || (kind_given && rref->ref->kind != want->kind)
              || (want->branch != NULL && strcmp (rref->ref->branch, want->branch) != 0))
            continue;
          any_app |= rref->ref->kind == HUTCH_REF_KIND_APP;
          g_array_append_val (matches, m);
        }
    }
  /* An app and a runtime of the same ID: the app, unless runtime/ was said. */
  for (guint i = matches->len; any_app && i > 0; i--)
    if (g_array_index (matches, RepoMatch, i - 1).rref->ref->kind != HUTCH_REF_KIND_APP)
      g_array_remove_index (matches, i - 1);
  return g_steal_pointer (&matches);
}

gboolean
repo_match (HutchInstallation *installation, RepoRemotes *remotes, const char *remote,
            const char *spec, const char *arch, const char *branch, RepoMatch *out,
            GError **error)
{
  gboolean kind_given = g_str_has_prefix (spec, "app/") || g_str_has_prefix (spec, "runtime/");
  g_autoptr (HutchRef) want = NULL;
  g_auto (GStrv) names = NULL;
  g_autoptr (GArray) matches = NULL;
  g_autofree char *list = NULL;

  want = hutch_ref_parse_partial (spec, HUTCH_REF_KIND_APP, arch, branch, error);
  if (want == NULL)
    return FALSE;
  names = remote != NULL ? g_strdupv ((char *[]) { (char *) remote, NULL })
                         : hutch_remote_list (installation);
  matches = find_matches (remotes, names, want, kind_given, remote != NULL, error);
  if (matches == NULL)
    return FALSE;
  if (matches->len == 0)
    {
      if (remote != NULL)
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                     _("the remote “%s” offers no %s for %s"), remote, want->id, want->arch);
      else
        g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                     _("no remote offers %s for %s (see app remote-ls)"), want->id, want->arch);
      return FALSE;
    }
  list = join_distinct (matches, TRUE);
  if (strchr (list, ',') != NULL)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("%s is offered by several remotes (%s): name one, as in "
                     "“app install REMOTE %s”"),
                   want->id, list, want->id);
      return FALSE;
    }
  g_free (list);
  list = join_distinct (matches, FALSE);
  if (matches->len > 1)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _("%s has several branches (%s): choose one with --branch"), want->id, list);
      return FALSE;
    }
  *out = g_array_index (matches, RepoMatch, 0);
  out->remote = g_strdup (out->remote);
  return TRUE;
}
