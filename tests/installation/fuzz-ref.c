/* Fuzz target for the parsers of untrusted names in hutch-ref.c.
 *
 * Feeds one input, as a C string, to the ID, arch, branch and checksum
 * validators, to hutch_ref_parse(), hutch_ref_parse_partial() and
 * hutch_escape_for_terminal(), and checks what must always hold:
 *
 *   - whatever validates is safe as a path component (no "/", no "..",
 *     no leading "." or "-", bounded length);
 *   - a ref that parses formats back to the same string, and a partial
 *     parse of a full ref gives the same ref;
 *   - escaped text is valid UTF-8 without control or format characters,
 *     and plain printable ASCII passes unchanged;
 *   - every error message is in HUTCH_ERROR and safe to print.
 *
 * Built with -Dfuzzing=true this is a libFuzzer target; otherwise
 * tests/fuzz-driver.c replays the seed corpus in corpus-ref/.
 */
#include <stdint.h>
#include <string.h>

#include "hutch-error.h"
#include "hutch-ref.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* No control or format characters, except '\n' and '\t' if @flags keeps
 * them. */
static void
assert_printable (const char *text, HutchEscapeFlags flags)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == '\n' && (flags & HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES)) ||
          (c == '\t' && (flags & HUTCH_ESCAPE_FLAGS_KEEP_TABS)))
        continue;
      g_assert_false (g_unichar_iscntrl (c));
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
    }
}

static void
assert_error_is_safe (const GError *error, int code)
{
  g_assert_error (error, HUTCH_ERROR, code);
  assert_printable (error->message, HUTCH_ESCAPE_FLAGS_NONE);
}

static void
assert_safe_component (const char *text, gsize max_length)
{
  g_assert_cmpuint (strlen (text), >, 0);
  g_assert_cmpuint (strlen (text), <=, max_length);
  g_assert_null (strchr (text, '/'));
  g_assert_null (strstr (text, ".."));
  g_assert_cmpint (text[0], !=, '.');
  g_assert_cmpint (text[0], !=, '-');
}

static void
check_ref_round_trip (const HutchRef *ref)
{
  g_autofree char *formatted = hutch_ref_format (ref);
  g_autoptr(HutchRef) reparsed = hutch_ref_parse (formatted, NULL);

  g_assert_nonnull (reparsed);
  g_assert_true (hutch_ref_equal (ref, reparsed));
}

static void
check_validators (const char *text)
{
  g_autoptr(GError) error = NULL;

  if (hutch_id_is_valid (text, &error))
    {
      g_autoptr(HutchRef) ref = hutch_ref_new (HUTCH_REF_KIND_APP, text, "x86_64", "stable", NULL);

      assert_safe_component (text, HUTCH_ID_MAX_LENGTH);
      g_assert_nonnull (ref);
      check_ref_round_trip (ref);
    }
  else
    assert_error_is_safe (error, HUTCH_ERROR_INVALID_ID);
  g_clear_error (&error);

  if (hutch_arch_is_valid (text, &error))
    assert_safe_component (text, HUTCH_ARCH_MAX_LENGTH);
  else
    assert_error_is_safe (error, HUTCH_ERROR_INVALID_ARCH);
  g_clear_error (&error);

  if (hutch_branch_is_valid (text, &error))
    assert_safe_component (text, HUTCH_BRANCH_MAX_LENGTH);
  else
    assert_error_is_safe (error, HUTCH_ERROR_INVALID_BRANCH);
  g_clear_error (&error);

  if (hutch_checksum_is_valid (text, &error))
    assert_safe_component (text, HUTCH_CHECKSUM_LENGTH);
  else
    assert_error_is_safe (error, HUTCH_ERROR_INVALID_CHECKSUM);
}

/* A partial ref: every part present is valid; a full one round-trips. */
static void
check_partial (const char *text, HutchRefKind default_kind, const char *default_arch,
               const char *default_branch, const HutchRef *full)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HutchRef) ref = hutch_ref_parse_partial (text, default_kind, default_arch,
                                                     default_branch, &error);

  if (ref == NULL)
    {
      assert_error_is_safe (error, HUTCH_ERROR_INVALID_REF);
      g_assert_null (full);
      return;
    }
  g_assert_true (hutch_id_is_valid (ref->id, NULL));
  g_assert_true (hutch_arch_is_valid (ref->arch, NULL));
  if (default_branch != NULL)
    g_assert_nonnull (ref->branch);
  if (ref->branch != NULL)
    {
      g_assert_true (hutch_branch_is_valid (ref->branch, NULL));
      check_ref_round_trip (ref);
    }
  if (full != NULL)
    g_assert_true (hutch_ref_equal (ref, full));
}

static void
check_refs (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HutchRef) ref = hutch_ref_parse (text, &error);

  if (ref != NULL)
    {
      g_autofree char *formatted = hutch_ref_format (ref);

      g_assert_cmpstr (formatted, ==, text);
      g_assert_true (hutch_ref_validate (ref, NULL));
    }
  else
    assert_error_is_safe (error, HUTCH_ERROR_INVALID_REF);

  check_partial (text, HUTCH_REF_KIND_APP, "x86_64", NULL, ref);
  check_partial (text, HUTCH_REF_KIND_RUNTIME, NULL, "stable", ref);
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p > 0x7e || *p == '\\')
        return FALSE;
    }
  return TRUE;
}

static void
check_escape (const char *text, HutchEscapeFlags flags)
{
  g_autofree char *escaped = hutch_escape_for_terminal (text, flags);

  assert_printable (escaped, flags);
  if (is_plain_ascii (text))
    g_assert_cmpstr (escaped, ==, text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_malloc (size + 1);

  /* Inputs are C strings: anything past a NUL is ignored. */
  memcpy (text, data, size);
  text[size] = '\0';

  check_validators (text);
  check_refs (text);
  check_escape (text, HUTCH_ESCAPE_FLAGS_NONE);
  check_escape (text, HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES | HUTCH_ESCAPE_FLAGS_KEEP_TABS);
  return 0;
}
