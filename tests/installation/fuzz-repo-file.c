/* Fuzz target for hutch_repo_file_parse() and hutch_ref_file_parse(): a
 * .flatpakrepo or .flatpakref file, as it comes from a web page, fed as
 * raw bytes (NUL bytes included) to both.
 *
 * What must always hold:
 *   - no crash, no leak, no sanitizer report;
 *   - a file that parses has a URL Hutch can use, and a key, if any, that
 *     is not empty; a .flatpakref's ref is valid and round-trips;
 *   - a file that does not parse gets one HUTCH_ERROR message, printable
 *     (UTF-8, no control or format characters) and naming the file.
 *
 * Built with -Dfuzzing=true this is a libFuzzer target; otherwise
 * tests/fuzz-driver.c replays the seed corpus in corpus-repo-file/.
 */
#include <stdint.h>
#include <string.h>

#include "hutch-error.h"
#include "hutch-ref.h"
#include "hutch-repo-file.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FILENAME "example.flatpakrepo"

static void
assert_printable (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (g_unichar_iscntrl (c));
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
    }
}

static void
check (HutchRepoFile *file, GError *error, gboolean is_ref)
{
  if (file != NULL)
    {
      g_assert_null (error);
      g_assert_true (hutch_url_is_valid (file->url, NULL));
      g_assert_true (file->gpg_key == NULL || g_bytes_get_size (file->gpg_key) > 0);
      g_assert_true ((file->ref != NULL) == is_ref);
      if (file->ref != NULL)
        {
          g_autofree char *name = hutch_ref_format (file->ref);
          g_autoptr (HutchRef) again = hutch_ref_parse (name, NULL);

          g_assert_nonnull (again);
          g_assert_true (hutch_ref_equal (again, file->ref));
        }
      return;
    }
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED);
  assert_printable (error->message);
  g_assert_nonnull (strstr (error->message, FILENAME));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) repo_error = NULL, ref_error = NULL;
  g_autoptr (HutchRepoFile) repo = NULL, ref = NULL;

  if (size > HUTCH_REPO_FILE_MAX_SIZE)
    return 0;
  repo = hutch_repo_file_parse ((const char *) data, size, FILENAME, &repo_error);
  check (repo, repo_error, FALSE);
  ref = hutch_ref_file_parse ((const char *) data, size, FILENAME, &ref_error);
  check (ref, ref_error, TRUE);
  return 0;
}
