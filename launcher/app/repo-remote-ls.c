/* app remote-ls: what a remote offers, from its summary (verified as the
 * remote says), one ref per line, apps first, then runtimes, fields
 * separated by tabs: ID, branch, arch and commit, or the columns that
 * --columns names (Flatpak's names: sizes, runtime, ref…).
 *
 * Defends against: a remote driving the terminal.  Refs that fail the
 * rules of hutch-ref.h are not shown (their number is), what is shown is
 * escaped, and the runtime is read from metadata only as install reads it
 * (the summary's metadata when it is trusted as much as the commit).
 */
#include "repo-common.h"

#include "hutch-error.h"
#include "hutch-i18n.h"

#include <string.h>

typedef enum
{
  COLUMN_APPLICATION,
  COLUMN_BRANCH,
  COLUMN_ARCH,
  COLUMN_COMMIT,
  COLUMN_REF,
  COLUMN_RUNTIME,
  COLUMN_INSTALLED_SIZE,
  COLUMN_DOWNLOAD_SIZE,
  N_COLUMNS
} Column;

/* NULL-terminated, to be joined in messages. */
static const char *const column_names[N_COLUMNS + 1] = {
  [COLUMN_APPLICATION] = "application",
  [COLUMN_BRANCH] = "branch",
  [COLUMN_ARCH] = "arch",
  [COLUMN_COMMIT] = "commit",
  [COLUMN_REF] = "ref",
  [COLUMN_RUNTIME] = "runtime",
  [COLUMN_INSTALLED_SIZE] = "installed-size",
  [COLUMN_DOWNLOAD_SIZE] = "download-size",
};

static const Column default_columns[] = { COLUMN_APPLICATION, COLUMN_BRANCH, COLUMN_ARCH,
                                           COLUMN_COMMIT };

/* The columns @spec names ("a,b,…" or "all"), in its order, or NULL. */
static GArray *
parse_columns (const char *spec, GError **error)
{
  g_autoptr (GArray) columns = g_array_new (FALSE, FALSE, sizeof (Column));
  g_auto (GStrv) words = g_strsplit (spec, ",", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      Column column = 0;

      if (strcmp (words[i], "all") == 0)
        {
          for (column = 0; column < N_COLUMNS; column++)
            g_array_append_val (columns, column);
          continue;
        }
      while (column < N_COLUMNS && strcmp (words[i], column_names[column]) != 0)
        column++;
      if (column == N_COLUMNS)
        {
          g_autofree char *quoted = hutch_quote_untrusted (words[i]);
          g_autofree char *known = g_strjoinv (", ", (char **) column_names);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("unknown column “%s” in --columns: use %s, or all"), quoted, known);
          return NULL;
        }
      g_array_append_val (columns, column);
    }
  return g_steal_pointer (&columns);
}

static char *
format_size (guint64 size)
{
  return size == 0 ? g_strdup ("-") : g_format_size (size);
}

/* The runtime an app's metadata (from the summary) names, or "-". */
static char *
runtime_of (const HutchRemoteRef *rref)
{
  g_autoptr (HutchMetadata) metadata = NULL;

  if (rref->ref->kind != HUTCH_REF_KIND_APP || rref->metadata == NULL)
    return g_strdup ("-");
  metadata = hutch_repo_parse_metadata (rref->ref, rref->metadata, strlen (rref->metadata), NULL,
                                        NULL);
  return g_strdup (metadata != NULL && metadata->runtime != NULL ? metadata->runtime : "-");
}

static char *
column_value (const HutchRemoteRef *rref, Column column)
{
  switch (column)
    {
    case COLUMN_APPLICATION:
      return g_strdup (rref->ref->id);
    case COLUMN_BRANCH:
      return g_strdup (rref->ref->branch);
    case COLUMN_ARCH:
      return g_strdup (rref->ref->arch);
    case COLUMN_COMMIT:
      return g_strdup (rref->commit);
    case COLUMN_REF:
      return hutch_ref_format (rref->ref);
    case COLUMN_RUNTIME:
      return runtime_of (rref);
    case COLUMN_INSTALLED_SIZE:
      return format_size (rref->installed_size);
    case COLUMN_DOWNLOAD_SIZE:
      return format_size (rref->download_size);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
print_row (const HutchRemoteRef *rref, const GArray *columns)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;

  for (guint i = 0; i < columns->len; i++)
    g_ptr_array_add (fields, column_value (rref, g_array_index (columns, Column, i)));
  g_ptr_array_add (fields, NULL);
  line = g_strjoinv ("\t", (char **) fields->pdata);
  hutch_repo_say ("%s", line);
}

int
hutch_repo_remote_ls (int argc, char **argv)
{
  RepoOptions options = { 0 };
  gboolean apps = FALSE, runtimes = FALSE;
  g_autofree char *columns_spec = NULL;
  const GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_NONE, &apps, N_("Show apps only"), NULL },
    { "runtime", 0, 0, G_OPTION_ARG_NONE, &runtimes, N_("Show runtimes only"), NULL },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &columns_spec, N_("Show these columns, in this order: application, branch, arch, commit, ref, runtime, installed-size, download-size, or all"), N_("COLUMN,…") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = hutch_repo_context_new (_("NAME — list what a remote repository offers"), entries, &options, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchInstallation) installation = NULL;
  g_autoptr (RepoRemotes) remotes = NULL;
  g_autoptr (GArray) columns = NULL;
  GPtrArray *refs;

  if (!hutch_repo_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return hutch_repo_fail_literal (_("usage: app remote-ls [OPTION…] NAME"));
  if (columns_spec == NULL)
    {
      columns = g_array_new (FALSE, FALSE, sizeof (Column));
      g_array_append_vals (columns, default_columns, G_N_ELEMENTS (default_columns));
    }
  else if ((columns = parse_columns (columns_spec, &error)) == NULL)
    return hutch_repo_fail (error);
  if (!hutch_remote_name_is_valid (argv[1], &error))
    return hutch_repo_fail (error);
  installation = hutch_repo_open (&options, HUTCH_INSTALLATION_OPEN_READ_ONLY, &error);
  if (installation == NULL && g_error_matches (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND))
    {
      g_autofree char *message = g_strdup_printf (_("there is no remote “%s”"), argv[1]);
      return hutch_repo_fail_literal (message);
    }
  if (installation == NULL)
    return hutch_repo_fail (error);
  remotes = repo_remotes_new (installation);
  refs = repo_remotes_get_refs (remotes, argv[1], &error);
  if (refs == NULL)
    return hutch_repo_fail (error);
  for (guint i = 0; i < refs->len; i++)
    {
      const HutchRemoteRef *rref = g_ptr_array_index (refs, i);
      gboolean is_app = rref->ref->kind == HUTCH_REF_KIND_APP;

      if ((apps && !is_app && !runtimes) || (runtimes && is_app && !apps))
        continue;
      print_row (rref, columns);
    }
  return 0;
}
