/* Unit tests for hutch-repo-file.c: what a .flatpakrepo file gives, and
 * the errors a bad one gets, naming the file, the line and the key. */
#include "hutch-error.h"
#include "hutch-repo-file.h"

#include <string.h>

static HutchRepoFile *
parse (const char *text, GError **error)
{
  return hutch_repo_file_parse (text, strlen (text), "r.flatpakrepo", error);
}

static void
assert_fails (const char *text, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchRepoFile) file = parse (text, &error);

  g_assert_null (file);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” does not hold “%s”", error->message, message);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/repo-file/good", test_good);
  g_test_add_func ("/repo-file/no-key", test_no_key);
  g_test_add_func ("/repo-file/errors", test_errors);
  return g_test_run ();
}
