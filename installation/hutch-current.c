/* See hutch-current.h.
 *
 * Defends against: a recorded current branch that names a path: what the
 * link says is split and validated as an arch and a branch before use, and
 * the link is replaced by rename(), so that a reader never sees it half
 * written.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "hutch-current.h"

#include "hutch-files.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CURRENT_NAME ".current"

/* INSTALLATION/app/ID/NAME, or NULL if @id is not valid. */
static char *
app_path (const char *installation_dir, const char *id, const char *name)
{
  g_autofree char *kind_dir = NULL;

  if (!hutch_id_is_valid (id, NULL))
    return NULL;
  kind_dir = hutch_installation_get_kind_dir (installation_dir, HUTCH_REF_KIND_APP);
  return g_build_filename (kind_dir, id, name, NULL);
}

gboolean
hutch_current_get (const char *installation_dir, const char *id, char **out_arch,
                   char **out_branch)
{
  g_autofree char *link = app_path (installation_dir, id, CURRENT_NAME);
  g_autofree char *target = link != NULL ? g_file_read_link (link, NULL) : NULL;
  const char *slash = target != NULL ? strchr (target, '/') : NULL;
  g_autofree char *arch = NULL;

  if (slash == NULL)
    return FALSE;
  arch = g_strndup (target, (gsize) (slash - target));
  if (!hutch_arch_is_valid (arch, NULL) || !hutch_branch_is_valid (slash + 1, NULL))
    return FALSE;
  *out_arch = g_steal_pointer (&arch);
  *out_branch = g_strdup (slash + 1);
  return TRUE;
}

gboolean
hutch_current_is_or_none (const char *installation_dir, const HutchRef *ref)
{
  g_autofree char *arch = NULL, *branch = NULL;
  g_autoptr (HutchRef) current = NULL;
  g_autofree char *active = NULL;

  if (!hutch_current_get (installation_dir, ref->id, &arch, &branch))
    return TRUE;
  if (strcmp (arch, ref->arch) == 0 && strcmp (branch, ref->branch) == 0)
    return TRUE;
  /* A current branch that is no longer installed counts as none. */
  current = hutch_ref_new (HUTCH_REF_KIND_APP, ref->id, arch, branch, NULL);
  if (current == NULL)
    return TRUE;
  active = hutch_installation_get_active_link (installation_dir, current);
  return !g_file_test (active, G_FILE_TEST_IS_SYMLINK);
}

gboolean
hutch_current_set (const char *installation_dir, const HutchRef *ref, GError **error)
{
  g_autofree char *link = NULL, *tmp = NULL, *target = NULL;

  if (!hutch_ref_validate (ref, error))
    return FALSE;
  g_return_val_if_fail (ref->kind == HUTCH_REF_KIND_APP, FALSE);
  link = app_path (installation_dir, ref->id, CURRENT_NAME);
  tmp = app_path (installation_dir, ref->id, CURRENT_NAME ".new");
  target = g_strconcat (ref->arch, "/", ref->branch, NULL);
  if ((unlink (tmp) < 0 && errno != ENOENT) || symlink (target, tmp) < 0
      || rename (tmp, link) < 0)
    return hutch_set_file_error (error, errno, _("cannot record the current branch of %s"),
                                 ref->id);
  return TRUE;
}

gboolean
hutch_current_clear (const char *installation_dir, const char *id, GError **error)
{
  g_autofree char *link = app_path (installation_dir, id, CURRENT_NAME);

  if (link != NULL && unlink (link) < 0 && errno != ENOENT)
    return hutch_set_file_error (error, errno, _("cannot forget the current branch of %s"), id);
  return TRUE;
}
