/* Unit tests for hutch-repo-file.c: what a .flatpakrepo or .flatpakref
 * file gives, and the errors a bad one gets, naming the file, the line and
 * the key. */
#include "hutch-error.h"
#include "hutch-repo-file.h"

#include <string.h>

static HutchRepoFile *
parse (const char *text, GError **error)
{
  return hutch_repo_file_parse (text, strlen (text), "r.flatpakrepo", error);
}

typedef HutchRepoFile *(*ParseFunc) (const char *text, GError **error);

static void
assert_fails_with (ParseFunc parse_func, const char *text, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchRepoFile) file = parse_func (text, &error);

  g_assert_null (file);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” does not hold “%s”", error->message, message);
}

static void
assert_fails (const char *text, const char *message)
{
  assert_fails_with (parse, text, message);
}

static void
test_good (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchRepoFile) file = parse ("[Flatpak Repo]\n"
                                          "Title=Example\n"
                                          "Comment=ignored\n"
                                          "Url=https://example.org/repo/\n"
                                          "GPGKey=QUJDRA==\n",
                                          &error);

  g_assert_no_error (error);
  g_assert_cmpstr (file->url, ==, "https://example.org/repo/");
  g_assert_cmpstr (file->title, ==, "Example");
  g_assert_cmpmem (g_bytes_get_data (file->gpg_key, NULL), g_bytes_get_size (file->gpg_key),
                   "ABCD", 4);
}

static void
test_no_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchRepoFile) file = parse ("[Flatpak Repo]\nUrl=file:///srv/repo\n", &error);

  g_assert_no_error (error);
  g_assert_null (file->gpg_key);
  g_assert_null (file->title);
}

static void
test_errors (void)
{
  assert_fails ("[Flatpak Repo]\nTitle=x\nUrl=ftp://example.org/\n",
                "r.flatpakrepo:3: [Flatpak Repo] Url: ");
  assert_fails ("[Flatpak Repo]\nTitle=x\n", "[Flatpak Repo] Url");
  assert_fails ("[Flatpak Repo]\nUrl=https://example.org/\nGPGKey=not base64!\n",
                "r.flatpakrepo:3: [Flatpak Repo] GPGKey: not a key in base64");
  /* GLib's decoder would skip the stray characters. */
  assert_fails ("[Flatpak Repo]\nUrl=https://example.org/\nGPGKey=QU*J\n", "GPGKey");
  assert_fails ("[Flatpak Repo]\nUrl=https://example.org/\nGPGKey=QUJD====\n", "GPGKey");
  assert_fails ("[Flatpak Repo]\nUrl=https://example.org/\nGPGKey=QU=D\n", "GPGKey");
  assert_fails ("[Flatpak Ref]\nName=org.example.App\n", "r.flatpakrepo: no [Flatpak Repo] group");
  assert_fails ("[Flatpak Repo\nUrl=x\n", "r.flatpakrepo");
}

static HutchRepoFile *
parse_ref (const char *text, GError **error)
{
  return hutch_ref_file_parse (text, strlen (text), "a.flatpakref", error);
}

static void
assert_ref_fails (const char *text, const char *message)
{
  assert_fails_with (parse_ref, text, message);
}

static void
test_ref (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchRepoFile) app = parse_ref ("[Flatpak Ref]\nName=org.example.App\nBranch=stable\n"
                                             "Url=https://example.org/repo/\nGPGKey=QUJDRA==\n"
                                             "SuggestRemoteName=example\n"
                                             "RuntimeRepo=https://example.org/rt.flatpakrepo\n",
                                             &error);
  g_autoptr (HutchRepoFile) runtime = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (app->ref->kind, ==, HUTCH_REF_KIND_APP);
  g_assert_cmpstr (app->ref->id, ==, "org.example.App");
  g_assert_cmpstr (app->ref->branch, ==, "stable");
  g_assert_cmpstr (app->ref->arch, ==, hutch_get_arch ());
  g_assert_cmpstr (app->suggested_remote, ==, "example");
  g_assert_cmpstr (app->runtime_repo, ==, "https://example.org/rt.flatpakrepo");
  runtime = parse_ref ("[Flatpak Ref]\nName=org.example.Platform\nIsRuntime=true\n"
                       "Url=file:///srv/repo\n",
                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (runtime->ref->kind, ==, HUTCH_REF_KIND_RUNTIME);
  g_assert_cmpstr (runtime->ref->branch, ==, "master");
  g_assert_null (runtime->runtime_repo);
  g_clear_pointer (&runtime, hutch_repo_file_free);
  runtime = parse_ref ("[Flatpak Ref]\nName=org.example.Platform\nIsRuntime=1\n"
                       "Url=file:///srv/repo\n",
                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (runtime->ref->kind, ==, HUTCH_REF_KIND_RUNTIME);
}

static void
test_ref_errors (void)
{
  assert_ref_fails ("[Flatpak Ref]\nName=../x\nUrl=https://example.org/\n",
                    "a.flatpakref:2: [Flatpak Ref] Name: ");
  assert_ref_fails ("[Flatpak Ref]\nName=org.example.App\nBranch=a/b\nUrl=https://example.org/\n",
                    "a.flatpakref:3: [Flatpak Ref] Branch: ");
  assert_ref_fails ("[Flatpak Ref]\nName=org.example.App\nUrl=https://example.org/\nIsRuntime=yes\n",
                    "a.flatpakref:4: [Flatpak Ref] IsRuntime: not true or false");
  assert_ref_fails ("[Flatpak Ref]\nName=org.example.App\n", "[Flatpak Ref] Url");
  assert_ref_fails ("[Flatpak Ref]\nName=org.example.App\nUrl=https://example.org/\nRuntimeRepo=x\n",
                    "a.flatpakref:4: [Flatpak Ref] RuntimeRepo: ");
  assert_ref_fails ("[Flatpak Ref]\nName=org.example.App\nUrl=https://example.org/\n"
                    "RuntimeRepo=file:///srv/rt.flatpakrepo\n",
                    "a.flatpakref:4: [Flatpak Ref] RuntimeRepo: not an http:// or https:// URL");
  assert_ref_fails ("[Flatpak Repo]\nUrl=https://example.org/\n",
                    "a.flatpakref: no [Flatpak Ref] group");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/repo-file/good", test_good);
  g_test_add_func ("/repo-file/no-key", test_no_key);
  g_test_add_func ("/repo-file/errors", test_errors);
  g_test_add_func ("/repo-file/ref", test_ref);
  g_test_add_func ("/repo-file/ref-errors", test_ref_errors);
  return g_test_run ();
}
