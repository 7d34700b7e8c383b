/* Unit tests for the JSON reader of the manifest parser: the grammar,
 * comments, escapes and surrogates, UTF-8, duplicate keys, the depth and
 * size limits, and the line and column of every error.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "hutch-error.h"
#include "hutch-manifest.h"
#include "manifest-test-util.h"

static void
test_syntax (void)
{
  static const TestBadCase cases[] = {
    { "", "m.json:1:1: unexpected end of file; expected a value" },
    { "  \n  ", "m.json:2:3: unexpected end of file; expected a value" },
    { "{", "m.json:1:2: unexpected end of file; expected a key (a string in double quotes)" },
    { "{\"id\": \"a\",}", "m.json:1:12: a comma before “}” (trailing commas are not JSON)" },
    { "[1,]", "m.json:1:4: a comma before “]” (trailing commas are not JSON)" },
    { "{\"a\": 1 \"b\": 2}", "m.json:1:9: unexpected “\"”; expected “,” or “}”" },
    { "[1 2]", "m.json:1:4: unexpected “2”; expected “,” or “]”" },
    { "{\"a\" 1}", "m.json:1:6: unexpected “1”; expected “:”" },
    { "{a: 1}", "m.json:1:2: unexpected “a”; expected a key (a string in double quotes)" },
    { "{\"a\": tru}", "m.json:1:7: a: unexpected “t”; expected a value" },
    { "{\"a\": truex}", "m.json:1:7: a: unexpected “t”; expected a value" },
    { "{\"a\": nul}", "m.json:1:7: a: unexpected “n”; expected a value" },
    { "{\"a\": 01}", "m.json:1:7: a: invalid number" },
    { "{\"a\": 1.}", "m.json:1:7: a: invalid number" },
    { "{\"a\": -}", "m.json:1:7: a: invalid number" },
    { "{\"a\": 1e}", "m.json:1:7: a: invalid number" },
    { "{\"a\": 1x}", "m.json:1:7: a: invalid number" },
    { "{\"a\": .5}", "m.json:1:7: a: unexpected “.”; expected a value" },
    { "{\"a\": +1}", "m.json:1:7: a: unexpected “+”; expected a value" },
    { "{\"a\": 'x'}", "m.json:1:7: a: unexpected “'”; expected a value" },
    { "{} x", "m.json:1:4: unexpected “x”; expected the end of the file after the value" },
    { "{}}", "m.json:1:3: unexpected “}”; expected the end of the file after the value" },
    { "{/* abc", "m.json:1:2: unterminated comment" },
    { "{\n/* a\n*", "m.json:2:1: unterminated comment" },
    { "{\"a\": [1, /* x */ ]}",
      "m.json:1:19: a: a comma before “]” (trailing commas are not JSON)" },
    { "{\n  \"a\": [\n    1,\n    x\n  ]\n}",
      "m.json:4:5: a[1]: unexpected “x”; expected a value" },
    { "{\"a\": {\"b\": [true, {\"c\": ]}]}}",
      "m.json:1:26: a.b[1].c: unexpected “]”; expected a value" },
    { "{\"a b\": {\"c\": ?}}", "m.json:1:15: [\"a b\"].c: unexpected “?”; expected a value" },
    { "{\"a\": \u00e9}", "m.json:1:7: a: unexpected “\u00e9”; expected a value" },
    { "{\"a\": \u202e}", "m.json:1:7: a: unexpected “\\u202e”; expected a value" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_strings (void)
{
  static const TestBadCase cases[] = {
    { "{\"a\": \"x", "m.json:1:7: a: unterminated string" },
    { "{\"a\": \"x\\", "m.json:1:9: a: unterminated string" },
    { "{\"a\": \"\\q\"}", "m.json:1:8: a: “\\q” is not a JSON escape sequence" },
    { "{\"a\": \"\\'\"}", "m.json:1:8: a: “\\'” is not a JSON escape sequence" },
    { "{\"a\": \"\\u12\"}", "m.json:1:8: a: “\\u” must be followed by four hex digits" },
    { "{\"a\": \"\\u12g4\"}", "m.json:1:8: a: “\\u” must be followed by four hex digits" },
    { "{\"a\": \"\\u0000\"}", "m.json:1:8: a: “\\u0000” (a NUL character) is not allowed" },
    { "{\"a\": \"\\ud800x\"}",
      "m.json:1:8: a: “\\ud800” is a high surrogate without a low surrogate after it" },
    { "{\"a\": \"\\uD83D\\u0041\"}",
      "m.json:1:8: a: “\\ud83d” is a high surrogate without a low surrogate after it" },
    { "{\"a\": \"\\ud800\\ud800\"}",
      "m.json:1:8: a: “\\ud800” is a high surrogate without a low surrogate after it" },
    { "{\"a\": \"ab\\ud800\"}",
      "m.json:1:10: a: “\\ud800” is a high surrogate without a low surrogate after it" },
    { "{\"a\": \"\\udc00\"}",
      "m.json:1:8: a: “\\udc00” is a low surrogate without a high surrogate before it" },
    { "{\"a\": \"x\ty\"}",
      "m.json:1:9: a: the control character \\x09 must be escaped in a string" },
    { "{\"a\": \"x\ny\"}",
      "m.json:1:9: a: the control character \\x0a must be escaped in a string" },
    { "{\"a\\u0000\": 1}", "m.json:1:4: “\\u0000” (a NUL character) is not allowed" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

/* Escapes decode to the right UTF-8, surrogate pairs included. */
static void
test_escapes (void)
{
  static const char text[] = MINIMAL_HEAD ", \"cleanup-commands\": "
                                          "[\"a\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\", "
                                          "\"\\u20AC\", \"\"]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = test_parse (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (manifest->cleanup_commands[0], ==, "a\u00e9\U0001F600\"\\/\b\f\n\r\t");
  g_assert_cmpstr (manifest->cleanup_commands[1], ==, "\u20ac");
  g_assert_cmpstr (manifest->cleanup_commands[2], ==, "");
  g_assert_null (manifest->cleanup_commands[3]);
}

static void
test_encoding (void)
{
  static const TestBadCase cases[] = {
    { "{\"a\": \"\xff\"}", "m.json:1:8: invalid UTF-8 (the byte \\xff)" },
    /* Overlong "/", an encoded surrogate, beyond U+10FFFF, truncated. */
    { "{\"a\": \"\xc0\xaf\"}", "m.json:1:8: invalid UTF-8 (the byte \\xc0)" },
    { "{\n\"a\": \"\xed\xa0\x80\"}", "m.json:2:7: invalid UTF-8 (the byte \\xed)" },
    { "{\"a\": \"\xf4\x90\x80\x80\"}", "m.json:1:8: invalid UTF-8 (the byte \\xf4)" },
    { "{\"a\": \"\xe2\x82\"}", "m.json:1:8: invalid UTF-8 (the byte \\xe2)" },
    { "\xef\xbb", "m.json:1:1: invalid UTF-8 (the byte \\xef)" },
  };
  static const char with_nul[] = "{\"a\":\0}";
  static const char with_bom[] = "\xef\xbb\xbf" MINIMAL_HEAD "}";
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));

  manifest = hutch_manifest_parse (with_nul, sizeof with_nul - 1, "m.json", NULL, &error);
  g_assert_null (manifest);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST);
  g_assert_cmpstr (error->message, ==, "m.json:1:6: a NUL byte");
  g_clear_error (&error);

  /* A byte-order mark is skipped. */
  manifest = test_parse (with_bom, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (manifest->id, ==, "org.example.App");

  /* Not NUL-terminated: the parser stops at len. */
  g_clear_pointer (&manifest, hutch_manifest_free);
  manifest = hutch_manifest_parse (MINIMAL_HEAD "}garbage", strlen (MINIMAL_HEAD "}"), "m.json",
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manifest);
}

static void
test_comments_and_numbers (void)
{
  static const char text[]
      = "// a manifest\n"
        "{ /* id */ \"id\" /* : */ : \"org.example.App\", // the ID\n"
        "  \"runtime\": \"org.example.Platform\", \"sdk\": \"org.example.Sdk\",\n"
        "  \"command\": \"app\" /* last */ ,\n"
        "  \"x-numbers\": [0, -0, 1.5e10, -2E-3, 10, 1e+2, 0.25]\n"
        "} // the end";
  const char *const warnings[] = { "m.json:5:3: x-numbers: an extension key, ignored", NULL };
  g_autoptr (HutchManifest) manifest = test_assert_warnings (text, warnings);

  g_assert_cmpstr (manifest->command, ==, "app");
}

static void
test_root_type (void)
{
  test_assert_error ("[]", "m.json:1:1: a manifest must be a JSON object, not an array");
  test_assert_error (" \"x\"", "m.json:1:2: a manifest must be a JSON object, not a string");
  test_assert_error ("null", "m.json:1:1: a manifest must be a JSON object, not null");
  test_assert_error ("12", "m.json:1:1: a manifest must be a JSON object, not a number");
  test_assert_error ("false", "m.json:1:1: a manifest must be a JSON object, not a boolean");
}

static void
test_duplicate_keys (void)
{
  g_autoptr (GString) large = g_string_new ("{");

  test_assert_error ("{\"a\": 1, \"a\": 2}",
                     "m.json:1:10: the key “a” is given twice (first at line 1, column 2)");
  test_assert_error ("{\"build-options\": {\"cflags\": \"a\",\n \"cflags\": \"b\"}}",
                     "m.json:2:2: build-options: the key “cflags” is given twice "
                     "(first at line 1, column 20)");
  /* Escapes do not hide a duplicate. */
  test_assert_error ("{\"id\": 1, \"\\u0069d\": 2}",
                     "m.json:1:11: the key “id” is given twice (first at line 1, column 2)");

  /* Past LINEAR_KEY_SEARCH_MAX keys, through the hash table: the tenth
   * key repeats the fourth; then the twelfth repeats the eleventh. */
  for (int i = 0; i < 10; i++)
    g_string_append_printf (large, "\"k%d\":0,", i);
  g_string_append (large, "\"k3\":1}");
  test_assert_error (large->str,
                     "m.json:1:72: the key “k3” is given twice (first at line 1, column 23)");
  g_string_truncate (large, large->len - strlen ("\"k3\":1}"));
  g_string_append (large, "\"ka\":0,\"ka\":1}");
  test_assert_error (large->str,
                     "m.json:1:79: the key “ka” is given twice (first at line 1, column 72)");
}

/* HUTCH_MANIFEST_MAX_DEPTH nested values are fine; one more is not. */
static void
test_depth (void)
{
  int max = HUTCH_MANIFEST_MAX_DEPTH;
  g_autofree char *open_ok = g_strnfill (max, '[');
  g_autofree char *close_ok = g_strnfill (max, ']');
  g_autofree char *ok = g_strconcat (open_ok, close_ok, NULL);
  g_autofree char *open_bad = g_strnfill (max + 1, '[');
  g_autofree char *close_bad = g_strnfill (max + 1, ']');
  g_autofree char *bad = g_strconcat (open_bad, close_bad, NULL);
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autofree char *bomb = NULL;

  test_assert_error (ok, "m.json:1:1: a manifest must be a JSON object, not an array");

  g_string_printf (expected, "m.json:1:%d: ", max + 1);
  for (int i = 0; i < max; i++)
    g_string_append (expected, "[0]");
  g_string_append_printf (expected, ": nested deeper than %d levels", max);
  test_assert_error (bad, expected->str);

  /* A bomb far deeper than the limit fails the same way, without recursing. */
  bomb = g_strnfill (1000000, '[');
  test_assert_error (bomb, expected->str);
  memset (bomb, '{', 1000000);
  test_assert_error (bomb, "m.json:1:2: unexpected “{”; expected a key (a string in double "
                           "quotes)");
}

static void
test_size_limit (void)
{
  gsize len = HUTCH_MANIFEST_MAX_SIZE + 1;
  g_autofree char *big = g_malloc (len);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;
  g_autofree char *message = NULL;

  memset (big, ' ', len);
  big[0] = '{';
  big[len - 1] = '}';
  manifest = hutch_manifest_parse (big, len, "m.json", NULL, &error);
  g_assert_null (manifest);
  message = g_strdup_printf ("m.json: larger than %d bytes", HUTCH_MANIFEST_MAX_SIZE);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_MANIFEST);
  g_assert_cmpstr (error->message, ==, message);
}

/* The largest input is fine and does not take long: many small values. */
static void
test_many_values (void)
{
  gsize n = HUTCH_MANIFEST_MAX_SIZE / 2 - 64;
  g_autoptr (GString) text = g_string_sized_new (HUTCH_MANIFEST_MAX_SIZE);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;

  g_string_append (text, MINIMAL_HEAD ", \"x-many\": [0");
  while (text->len < n * 2)
    g_string_append (text, ",0");
  g_string_append (text, "]}");
  g_assert_cmpuint (text->len, <=, HUTCH_MANIFEST_MAX_SIZE);
  manifest = hutch_manifest_parse (text->str, text->len, "m.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (manifest->warnings->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/manifest-json/syntax", test_syntax);
  g_test_add_func ("/manifest-json/strings", test_strings);
  g_test_add_func ("/manifest-json/escapes", test_escapes);
  g_test_add_func ("/manifest-json/encoding", test_encoding);
  g_test_add_func ("/manifest-json/comments-and-numbers", test_comments_and_numbers);
  g_test_add_func ("/manifest-json/root-type", test_root_type);
  g_test_add_func ("/manifest-json/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/manifest-json/depth", test_depth);
  g_test_add_func ("/manifest-json/size-limit", test_size_limit);
  g_test_add_func ("/manifest-json/many-values", test_many_values);
  return g_test_run ();
}
