/* Unit tests for hutch-ref.c: validation of IDs, arches, branches,
 * checksums and refs, partial refs, and escaping for a terminal.
 *
 * The tables hold what a hostile repository or a careless user would send:
 * path tricks ("..", "/"), control characters, invalid UTF-8, look-alike
 * Unicode, and lengths at and past the limits.  Each table runs to the end
 * and reports every case that fails, not just the first.
 */
#include <string.h>

#include "hutch-error.h"
#include "hutch-ref.h"

typedef gboolean (*Validator) (const char *text, GError **error);

typedef struct
{
  const char *text;
  gboolean valid;
} ValidityCase;

/* Error messages quote untrusted text; they must be safe to print. */
static void
assert_printable (const char *message)
{
  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (g_unichar_iscntrl (c));
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
    }
}

/* Runs @validator over @cases; invalid ones must fail with @code. */
static void
check_validity_table (Validator validator, const ValidityCase *cases, gsize n_cases, int code)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = hutch_escape_for_terminal (cases[i].text, HUTCH_ESCAPE_FLAGS_NONE);
      gboolean valid = validator (cases[i].text, &error);

      if (valid != cases[i].valid)
        {
          g_test_message ("“%s” should be %s; error: %s", shown,
                          cases[i].valid ? "valid" : "invalid",
                          error ? error->message : "(none)");
          g_test_fail ();
          continue;
        }
      if (valid)
        {
          g_assert_no_error (error);
          /* Whatever passes is safe as one path component. */
          g_assert_null (strchr (cases[i].text, '/'));
          g_assert_null (strstr (cases[i].text, ".."));
          g_assert_cmpint (cases[i].text[0], !=, '.');
          g_assert_cmpint (cases[i].text[0], !=, '-');
        }
      else
        {
          g_assert_error (error, HUTCH_ERROR, code);
          assert_printable (error->message);
        }
    }
}

/* A string of @len bytes: @prefix followed by 'a's. */
static char *
make_long (const char *prefix, gsize len)
{
  gsize prefix_len = strlen (prefix);
  char *s;

  g_assert_cmpuint (prefix_len, <=, len);
  s = g_malloc (len + 1);
  memcpy (s, prefix, prefix_len);
  memset (s + prefix_len, 'a', len - prefix_len);
  s[len] = '\0';
  return s;
}

static const ValidityCase id_cases[] = {
  { "org.example.App", TRUE },
  { "org.example.App_2", TRUE },
  { "com.example.my-app", TRUE },
  { "org.example.-app", TRUE },   /* '-' may even start the last element */
  { "_org._example._App", TRUE },
  { "org.example.app.Sub.Deep", TRUE },
  { "A.B.C", TRUE },
  { "org.example.App1", TRUE },
  { "org.example.App.Locale", TRUE },
  { "", FALSE },
  { ".", FALSE },
  { "..", FALSE },
  { "...", FALSE },
  { "org", FALSE },
  { "org.example", FALSE },
  { ".org.example.App", FALSE },
  { "org.example.App.", FALSE },
  { "org..example.App", FALSE },
  { "org.example..App", FALSE },
  { "org.example.1App", FALSE },
  { "1org.example.App", FALSE },
  { "org.2.App", FALSE },
  { "org.my-example.App", FALSE },
  { "-org.example.App", FALSE },
  { "org/example/App", FALSE },
  { "org.example.App/", FALSE },
  { "org.example/../App", FALSE },
  { "../org.example.App", FALSE },
  { " org.example.App", FALSE },
  { "org.example.App ", FALSE },
  { "org.exa mple.App", FALSE },
  { "org.example.Äpp", FALSE },
  { "org.example.Аpp", FALSE },   /* Cyrillic А */
  { "org.example.App\n", FALSE },
  { "org.example.App\t", FALSE },
  { "org.example.\x1b[31mApp", FALSE },
  { "org.example.App\x7f", FALSE },
  { "org.example.\xc2\x9b", FALSE },
  { "org.example.\xff", FALSE },
  { "org.example.App\xe2\x80\xae", FALSE },
  { "org.example.App:1", FALSE },
  { "org.example.App*", FALSE },
  { "org.example.$HOME", FALSE },
  { "org.example.~App", FALSE },
  { "org.example.App\\", FALSE },
  { "global", FALSE },
  { "active", FALSE },
};

static void
test_id_table (void)
{
  check_validity_table (hutch_id_is_valid, id_cases, G_N_ELEMENTS (id_cases),
                        HUTCH_ERROR_INVALID_ID);
}

static void
test_id_length (void)
{
  g_autofree char *id_255 = make_long ("org.example.", 255);
  g_autofree char *id_256 = make_long ("org.example.", 256);
  g_autofree char *id_huge = make_long ("org.example.", 100000);
  g_autoptr(GError) error = NULL;

  g_assert_true (hutch_id_is_valid (id_255, NULL));
  g_assert_false (hutch_id_is_valid (id_256, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
  g_assert_nonnull (strstr (error->message, "longer than 255 bytes"));
  g_clear_error (&error);

  /* A huge ID makes a short error. */
  g_assert_false (hutch_id_is_valid (id_huge, &error));
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_assert_nonnull (strstr (error->message, "…"));
}

typedef struct
{
  const char *id;
  const char *message;
} MessageCase;

static void
test_id_messages (void)
{
  static const MessageCase cases[] = {
    { "org.foo", "“org.foo” is not a valid application ID: it needs at least three elements" },
    { "", "“” is not a valid application ID: it is empty" },
    { ".org.foo.Bar", "“.org.foo.Bar” is not a valid application ID: it starts with “.”" },
    { "org.foo.Bar.", "“org.foo.Bar.” is not a valid application ID: it ends with “.”" },
    { "org..foo.Bar", "“org..foo.Bar” is not a valid application ID: it contains “..”" },
    { "org.2foo.Bar",
      "“org.2foo.Bar” is not a valid application ID: an element starts with a digit" },
    { "org.my-foo.Bar",
      "“org.my-foo.Bar” is not a valid application ID: only its last element may contain “-”" },
    { "org.foo/Bar.x",
      "“org.foo/Bar.x” is not a valid application ID: it contains “/”; "
      "only A–Z, a–z, 0–9, “_” and “-” are allowed" },
    { "org.foo.\x1b]0;pwned\x07",
      "“org.foo.\\x1b]0;pwned\\x07” is not a valid application ID: it contains “\\x1b”; "
      "only A–Z, a–z, 0–9, “_” and “-” are allowed" },
    { "org.foo.Bär",
      "“org.foo.Bär” is not a valid application ID: it contains “ä”; "
      "only A–Z, a–z, 0–9, “_” and “-” are allowed" },
    { "org.foo.B\xff",
      "“org.foo.B\\xff” is not a valid application ID: it contains “\\xff”; "
      "only A–Z, a–z, 0–9, “_” and “-” are allowed" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (hutch_id_is_valid (cases[i].id, &error));
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static const ValidityCase arch_cases[] = {
  { "x86_64", TRUE },
  { "i386", TRUE },
  { "aarch64", TRUE },
  { "arm", TRUE },
  { "ppc64le", TRUE },
  { "s390x", TRUE },
  { "riscv64", TRUE },
  { "loongarch64", TRUE },
  { "_", TRUE },
  { "abcdefghijklmnopqrstuvwxyz012345", TRUE },   /* 32 */
  { "abcdefghijklmnopqrstuvwxyz0123456", FALSE }, /* 33 */
  { "", FALSE },
  { ".", FALSE },
  { "..", FALSE },
  { "X86_64", FALSE },
  { "x86-64", FALSE },
  { "arm/v7", FALSE },
  { "x86 64", FALSE },
  { "x86_64\n", FALSE },
  { "ärm", FALSE },
  { "x86.64", FALSE },
};

static void
test_arch_table (void)
{
  check_validity_table (hutch_arch_is_valid, arch_cases, G_N_ELEMENTS (arch_cases),
                        HUTCH_ERROR_INVALID_ARCH);
}

static const ValidityCase branch_cases[] = {
  { "stable", TRUE },
  { "master", TRUE },
  { "beta", TRUE },
  { "24.08", TRUE },
  { "1.0-beta", TRUE },
  { "_x", TRUE },
  { "3", TRUE },
  { "a.b.c", TRUE },
  { "v1_2", TRUE },
  { "1.", TRUE },
  { "Stable-", TRUE },
  { "", FALSE },
  { ".", FALSE },
  { "..", FALSE },
  { ".hidden", FALSE },
  { "-rc", FALSE },
  { "a..b", FALSE },
  { "1..", FALSE },
  { "a/b", FALSE },
  { "stable/", FALSE },
  { "/stable", FALSE },
  { "st able", FALSE },
  { "stable\n", FALSE },
  { "\x1b[0m", FALSE },
  { "ßtable", FALSE },
  { "stäble", FALSE },
  { "~foo", FALSE },
  { "a:b", FALSE },
  { "a\\b", FALSE },
};

static void
test_branch_table (void)
{
  g_autofree char *branch_255 = make_long ("b", 255);
  g_autofree char *branch_256 = make_long ("b", 256);
  g_autoptr(GError) error = NULL;

  check_validity_table (hutch_branch_is_valid, branch_cases, G_N_ELEMENTS (branch_cases),
                        HUTCH_ERROR_INVALID_BRANCH);
  g_assert_true (hutch_branch_is_valid (branch_255, NULL));
  g_assert_false (hutch_branch_is_valid (branch_256, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BRANCH);
}

static const ValidityCase checksum_cases[] = {
  { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE },
  { "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", TRUE },
  { "", FALSE },
  { "active", FALSE },
  { "..", FALSE },
  { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", FALSE },   /* 63 */
  { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", FALSE }, /* 65 */
  { "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", FALSE },
  { "0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef", FALSE },
  { "../../../../../../../../../../../../../../../../../../../../etc/x", FALSE },
  { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n", FALSE },
};

static void
test_checksum_table (void)
{
  check_validity_table (hutch_checksum_is_valid, checksum_cases, G_N_ELEMENTS (checksum_cases),
                        HUTCH_ERROR_INVALID_CHECKSUM);
}

static void
test_get_arch (void)
{
  const char *arch = hutch_get_arch ();

  g_assert_true (hutch_arch_is_valid (arch, NULL));
#if defined(__x86_64__)
  g_assert_cmpstr (arch, ==, "x86_64");
#elif defined(__aarch64__)
  g_assert_cmpstr (arch, ==, "aarch64");
#endif
}

typedef struct
{
  const char *text;
  gboolean valid;
  HutchRefKind kind;
  const char *id;
  const char *arch;
  const char *branch;
} RefCase;

static const RefCase ref_cases[] = {
  { "app/org.example.App/x86_64/stable", TRUE,
    HUTCH_REF_KIND_APP, "org.example.App", "x86_64", "stable" },
  { "runtime/org.gnome.Platform/aarch64/45", TRUE,
    HUTCH_REF_KIND_RUNTIME, "org.gnome.Platform", "aarch64", "45" },
  { "app/com.example.my-app/arm/1.0-beta", TRUE,
    HUTCH_REF_KIND_APP, "com.example.my-app", "arm", "1.0-beta" },
  { "runtime/org.example.Sdk.Debug/i386/24.08", TRUE,
    HUTCH_REF_KIND_RUNTIME, "org.example.Sdk.Debug", "i386", "24.08" },
  { "" },
  { "/" },
  { "///" },
  { "////" },
  { "app" },
  { "app/org.example.App" },
  { "app/org.example.App/x86_64" },
  { "org.example.App/x86_64/stable" },
  { "app/org.example.App/x86_64/stable/" },
  { "app/org.example.App/x86_64/stable/extra" },
  { "app/org.example.App/x86_64//stable" },
  { "/app/org.example.App/x86_64/stable" },
  { "App/org.example.App/x86_64/stable" },
  { "apps/org.example.App/x86_64/stable" },
  { "extension/org.example.App/x86_64/stable" },
  { "app//x86_64/stable" },
  { "app/org.example.App//stable" },
  { "app/org.example.App/x86_64/" },
  { "app/org.a.b/../x" },
  { "app/org.a.b/x86_64/.." },
  { "app/../x86_64/stable" },
  { "app/org.example.App/x86_64/st\nable" },
  { "app/org.example.App/X86_64/stable" },
  { "app/org.example/x86_64/stable" },
  { " app/org.example.App/x86_64/stable" },
  { "app/org.example.App/x86_64/stable " },
  { "app/org.example.App/x86_64/stable\x1b[2J" },
  { "app\\org.example.App\\x86_64\\stable" },
};

static void
test_ref_parse_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ref_cases); i++)
    {
      const RefCase *c = &ref_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(HutchRef) ref = hutch_ref_parse (c->text, &error);
      g_autoptr(HutchRef) copy = NULL;
      g_autofree char *formatted = NULL;

      if ((ref != NULL) != c->valid)
        {
          g_autofree char *shown = hutch_escape_for_terminal (c->text, HUTCH_ESCAPE_FLAGS_NONE);
          g_test_message ("ref “%s” should be %s; error: %s", shown,
                          c->valid ? "valid" : "invalid", error ? error->message : "(none)");
          g_test_fail ();
          continue;
        }
      if (ref == NULL)
        {
          g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF);
          assert_printable (error->message);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (ref->kind, ==, c->kind);
      g_assert_cmpstr (ref->id, ==, c->id);
      g_assert_cmpstr (ref->arch, ==, c->arch);
      g_assert_cmpstr (ref->branch, ==, c->branch);
      formatted = hutch_ref_format (ref);
      g_assert_cmpstr (formatted, ==, c->text);
      copy = hutch_ref_dup (ref);
      g_assert_true (hutch_ref_equal (ref, copy));
      g_assert_true (hutch_ref_validate (copy, NULL));
    }
}

static void
test_ref_parse_messages (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (hutch_ref_parse ("app/org.foo/x86_64/stable", &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF);
  g_assert_cmpstr (error->message, ==,
                   "“app/org.foo/x86_64/stable” is not a valid ref: "
                   "“org.foo” is not a valid application ID: it needs at least three elements");
  g_clear_error (&error);

  g_assert_null (hutch_ref_parse ("runtime/org.foo/x86_64/stable", &error));
  g_assert_nonnull (strstr (error->message, "is not a valid runtime ID"));
  g_clear_error (&error);

  g_assert_null (hutch_ref_parse ("app/org.foo.Bar", &error));
  g_assert_cmpstr (error->message, ==,
                   "“app/org.foo.Bar” is not a valid ref: it must have the form "
                   "app/ID/ARCH/BRANCH or runtime/ID/ARCH/BRANCH");
  g_clear_error (&error);

  g_assert_null (hutch_ref_parse ("base/org.foo.Bar/x86_64/stable", &error));
  g_assert_cmpstr (error->message, ==,
                   "“base/org.foo.Bar/x86_64/stable” is not a valid ref: "
                   "it must start with “app/” or “runtime/”");
}

typedef struct
{
  const char *spec;
  HutchRefKind default_kind;
  const char *default_arch;
  const char *default_branch;
  gboolean valid;
  HutchRefKind kind;
  const char *id;
  const char *arch;
  const char *branch;
} PartialCase;

#define APP     HUTCH_REF_KIND_APP
#define RUNTIME HUTCH_REF_KIND_RUNTIME

static const PartialCase partial_cases[] = {
  { "org.a.b", APP, "x86_64", "stable", TRUE, APP, "org.a.b", "x86_64", "stable" },
  { "org.a.b", RUNTIME, "x86_64", "stable", TRUE, RUNTIME, "org.a.b", "x86_64", "stable" },
  { "org.a.b", APP, "x86_64", NULL, TRUE, APP, "org.a.b", "x86_64", NULL },
  { "org.a.b//beta", APP, "x86_64", "stable", TRUE, APP, "org.a.b", "x86_64", "beta" },
  { "org.a.b//beta", APP, "x86_64", NULL, TRUE, APP, "org.a.b", "x86_64", "beta" },
  { "org.a.b/aarch64", APP, "x86_64", "stable", TRUE, APP, "org.a.b", "aarch64", "stable" },
  { "org.a.b/aarch64", APP, "x86_64", NULL, TRUE, APP, "org.a.b", "aarch64", NULL },
  { "org.a.b/aarch64/beta", APP, "x86_64", NULL, TRUE, APP, "org.a.b", "aarch64", "beta" },
  { "org.a.b/", APP, "x86_64", "stable", TRUE, APP, "org.a.b", "x86_64", "stable" },
  { "org.a.b//", APP, "x86_64", NULL, TRUE, APP, "org.a.b", "x86_64", NULL },
  { "app/org.a.b/aarch64/beta", RUNTIME, "x86_64", NULL, TRUE, APP, "org.a.b", "aarch64", "beta" },
  { "runtime/org.a.b/i386/45", APP, "x86_64", "stable", TRUE, RUNTIME, "org.a.b", "i386", "45" },
  { "runtime/org.a.b", APP, "x86_64", "stable", TRUE, RUNTIME, "org.a.b", "x86_64", "stable" },
  { "runtime/org.a.b//45", APP, "x86_64", NULL, TRUE, RUNTIME, "org.a.b", "x86_64", "45" },
  { "app/org.a.b/", RUNTIME, "x86_64", NULL, TRUE, APP, "org.a.b", "x86_64", NULL },
  { "" },
  { "/" },
  { "//beta" },
  { "/x86_64/beta" },
  { "app" },
  { "app/" },
  { "runtime//x86_64/stable" },
  { "org.a" },
  { "org.a.b/x86_64/stable/extra" },
  { "app/org.a.b/x86_64/stable/extra" },
  { "app/org.a.b/x86_64/stable/" },
  { "org.a.b/../x" },
  { "org.a.b/x86_64/.." },
  { "org.a.b/X86" },
  { "org.a.b/x86_64/st able" },
  { "../org.a.b" },
  { "org.a.b\n" },
  { "apps/org.a.b" },
};

static void
check_partial_case (const PartialCase *c)
{
  g_autoptr(GError) error = NULL;
  /* Invalid rows leave the defaults zeroed; give them sane ones. */
  const char *default_arch = c->valid ? c->default_arch : "x86_64";
  const char *default_branch = c->valid ? c->default_branch : "stable";
  g_autoptr(HutchRef) ref = hutch_ref_parse_partial (c->spec, c->default_kind, default_arch,
                                                     default_branch, &error);

  if ((ref != NULL) != c->valid)
    {
      g_autofree char *shown = hutch_escape_for_terminal (c->spec, HUTCH_ESCAPE_FLAGS_NONE);
      g_test_message ("partial ref “%s” should be %s; error: %s", shown,
                      c->valid ? "valid" : "invalid", error ? error->message : "(none)");
      g_test_fail ();
      return;
    }
  if (ref == NULL)
    {
      g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF);
      assert_printable (error->message);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (ref->kind, ==, c->kind);
  g_assert_cmpstr (ref->id, ==, c->id);
  g_assert_cmpstr (ref->arch, ==, c->arch);
  g_assert_cmpstr (ref->branch, ==, c->branch);
  g_assert_cmpint (hutch_ref_validate (ref, NULL), ==, c->branch != NULL);
}

static void
test_ref_parse_partial_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (partial_cases); i++)
    check_partial_case (&partial_cases[i]);
}

static void
test_ref_parse_partial_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HutchRef) ref = NULL;

  /* A NULL default arch means this machine's. */
  ref = hutch_ref_parse_partial ("org.a.b", APP, NULL, "stable", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ref->arch, ==, hutch_get_arch ());
  g_clear_pointer (&ref, hutch_ref_free);

  /* Defaults are checked too, even when the spec overrides them. */
  ref = hutch_ref_parse_partial ("org.a.b/x86_64/stable", APP, "x86-64", NULL, &error);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ARCH);
  g_assert_null (ref);
  g_clear_error (&error);

  ref = hutch_ref_parse_partial ("org.a.b", APP, "x86_64", "..", &error);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BRANCH);
  g_assert_null (ref);
  g_clear_error (&error);

  /* A bare ID is reported as an ID, without repeating it. */
  ref = hutch_ref_parse_partial ("org.foo", APP, "x86_64", NULL, &error);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF);
  g_assert_cmpstr (error->message, ==,
                   "“org.foo” is not a valid application ID: it needs at least three elements");
  g_clear_error (&error);

  ref = hutch_ref_parse_partial ("org.foo.Bar/x86-64", APP, "x86_64", NULL, &error);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF);
  g_assert_cmpstr (error->message, ==,
                   "“org.foo.Bar/x86-64” is not a valid ref: “x86-64” is not a valid "
                   "architecture: it contains “-”; only a–z, 0–9 and “_” are allowed");
}

static void
test_ref_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HutchRef) ref = NULL;
  g_autofree char *formatted = NULL;

  ref = hutch_ref_new (HUTCH_REF_KIND_RUNTIME, "org.example.Platform", "x86_64", "24.08", &error);
  g_assert_no_error (error);
  formatted = hutch_ref_format (ref);
  g_assert_cmpstr (formatted, ==, "runtime/org.example.Platform/x86_64/24.08");
  g_clear_pointer (&ref, hutch_ref_free);

  ref = hutch_ref_new (HUTCH_REF_KIND_RUNTIME, "org.example", "x86_64", "stable", &error);
  g_assert_null (ref);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID);
  g_assert_nonnull (strstr (error->message, "is not a valid runtime ID"));
  g_clear_error (&error);

  ref = hutch_ref_new (HUTCH_REF_KIND_APP, "org.example.App", "x86/64", "stable", &error);
  g_assert_null (ref);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ARCH);
  g_clear_error (&error);

  ref = hutch_ref_new (HUTCH_REF_KIND_APP, "org.example.App", "x86_64", "../..", &error);
  g_assert_null (ref);
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BRANCH);
}

static void
test_ref_validate (void)
{
  g_autoptr(HutchRef) ref = hutch_ref_parse ("app/org.example.App/x86_64/stable", NULL);
  g_autoptr(HutchRef) partial = hutch_ref_parse_partial ("org.example.App", APP, "x86_64",
                                                         NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (hutch_ref_validate (ref, &error));
  g_assert_no_error (error);

  g_assert_false (hutch_ref_validate (partial, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF);
  g_clear_error (&error);

  /* Somebody changed a field behind our back. */
  g_free (ref->branch);
  ref->branch = g_strdup ("../../../etc");
  g_assert_false (hutch_ref_validate (ref, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BRANCH);
  g_clear_error (&error);

  g_free (ref->branch);
  ref->branch = g_strdup ("stable");
  ref->kind = (HutchRefKind) 7;
  g_assert_false (hutch_ref_validate (ref, &error));
  g_assert_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF);
}

static void
test_ref_equal (void)
{
  g_autoptr(HutchRef) a = hutch_ref_parse ("app/org.example.App/x86_64/stable", NULL);
  g_autoptr(HutchRef) b = hutch_ref_parse ("runtime/org.example.App/x86_64/stable", NULL);
  g_autoptr(HutchRef) c = hutch_ref_parse ("app/org.example.App/x86_64/beta", NULL);
  g_autoptr(HutchRef) partial = hutch_ref_parse_partial ("org.example.App", APP, "x86_64",
                                                         NULL, NULL);
  g_autoptr(HutchRef) partial_copy = hutch_ref_dup (partial);

  g_assert_true (hutch_ref_equal (NULL, NULL));
  g_assert_false (hutch_ref_equal (a, NULL));
  g_assert_false (hutch_ref_equal (NULL, a));
  g_assert_true (hutch_ref_equal (a, a));
  g_assert_false (hutch_ref_equal (a, b));
  g_assert_false (hutch_ref_equal (a, c));
  g_assert_false (hutch_ref_equal (a, partial));
  g_assert_true (hutch_ref_equal (partial, partial_copy));
  g_assert_null (partial_copy->branch);
  g_assert_null (hutch_ref_dup (NULL));
  hutch_ref_free (NULL);
}

static void
test_ref_kind_to_string (void)
{
  g_assert_cmpstr (hutch_ref_kind_to_string (HUTCH_REF_KIND_APP), ==, "app");
  g_assert_cmpstr (hutch_ref_kind_to_string (HUTCH_REF_KIND_RUNTIME), ==, "runtime");
}

typedef struct
{
  const char *text;
  HutchEscapeFlags flags;
  const char *escaped;
} EscapeCase;

#define KEEP_NL  HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES
#define KEEP_TAB HUTCH_ESCAPE_FLAGS_KEEP_TABS

static const EscapeCase escape_cases[] = {
  { "", 0, "" },
  { "hello", 0, "hello" },
  { "Grüße, 日本語, 🐹", 0, "Grüße, 日本語, 🐹" },
  { "a\x1b[31mred", 0, "a\\x1b[31mred" },
  { "\x1b]0;title\x07", 0, "\\x1b]0;title\\x07" },
  { "\x01\x1f", 0, "\\x01\\x1f" },
  { "tab\there", 0, "tab\\x09here" },
  { "tab\there", KEEP_TAB, "tab\there" },
  { "tab\there", KEEP_NL, "tab\\x09here" },
  { "line\nbreak", 0, "line\\x0abreak" },
  { "line\nbreak", KEEP_NL, "line\nbreak" },
  { "line\nbreak", KEEP_TAB, "line\\x0abreak" },
  { "\n\t", KEEP_NL | KEEP_TAB, "\n\t" },
  { "carriage\rreturn", KEEP_NL | KEEP_TAB, "carriage\\x0dreturn" },
  { "\x7f", 0, "\\x7f" },
  { "\xc2\x9b" "31m", 0, "\\u009b31m" },    /* C1 CSI */
  { "\xc2\x85", 0, "\\u0085" },             /* C1 NEL */
  { "\xff", 0, "\\xff" },
  { "\xc3", 0, "\\xc3" },                   /* truncated sequence */
  { "\xc3(", 0, "\\xc3(" },
  { "\xc0\x80", 0, "\\xc0\\x80" },          /* overlong NUL */
  { "\xed\xa0\x80", 0, "\\xed\\xa0\\x80" }, /* surrogate */
  { "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80" }, /* past U+10FFFF */
  { "back\\slash", 0, "back\\\\slash" },
  { "\\x1b", 0, "\\\\x1b" },                /* a forged escape stays visible */
  { "abc\xe2\x80\xae" "txt.exe", 0, "abc\\u202etxt.exe" }, /* right-to-left override */
  { "zero\xe2\x80\x8bwidth", 0, "zero\\u200bwidth" },
  { "line\xe2\x80\xa8sep", 0, "line\\u2028sep" },
  { "\xef\xbb\xbf" "bom", 0, "\\ufeffbom" },
  { "\xef\xbf\xbf", 0, "\\uffff" },         /* noncharacter */
  { "\xf3\xa0\x80\x81", 0, "\\U000e0001" }, /* language tag */
};

static void
test_escape_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (escape_cases); i++)
    {
      g_autofree char *escaped = hutch_escape_for_terminal (escape_cases[i].text,
                                                            escape_cases[i].flags);

      if (g_strcmp0 (escaped, escape_cases[i].escaped) != 0)
        {
          g_autofree char *shown = g_strescape (escape_cases[i].text, NULL);
          g_autofree char *got = g_strescape (escaped, NULL);
          g_test_message ("escaping “%s” gave “%s”", shown, got);
          g_test_fail ();
        }
    }
}

static void
test_escape_all_bytes (void)
{
  char text[256];
  g_autofree char *escaped = NULL;

  /* Every byte but NUL, in one string. */
  for (int i = 1; i < 256; i++)
    text[i - 1] = (char) i;
  text[255] = '\0';

  escaped = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_NONE);
  assert_printable (escaped);
  g_clear_pointer (&escaped, g_free);

  escaped = hutch_escape_for_terminal (text, KEEP_NL | KEEP_TAB);
  g_assert_true (g_utf8_validate (escaped, -1, NULL));
  for (const char *p = escaped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_true (c == '\n' || c == '\t' || !g_unichar_iscntrl (c));
    }

  g_clear_pointer (&escaped, g_free);

  /* Kept backslashes: still nothing a terminal acts on. */
  escaped = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES);
  assert_printable (escaped);

  g_assert_null (hutch_escape_for_terminal (NULL, HUTCH_ESCAPE_FLAGS_NONE));
}

/* A message quoting an escaped value shows the escape once. */
static void
test_escape_keep_backslashes (void)
{
  g_autofree char *quoted = hutch_quote_untrusted ("B\xfc\n\x1b");
  g_autofree char *message = g_strdup_printf ("“%s” is not valid", quoted);
  g_autofree char *shown = hutch_escape_for_terminal (message,
                                                      HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES);
  g_autofree char *raw = hutch_escape_for_terminal ("a\\b\x1b\n",
                                                    HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES);

  g_assert_cmpstr (shown, ==, "“B\\xfc\\x0a\\x1b” is not valid");
  g_assert_cmpstr (raw, ==, "a\\b\\x1b\\x0a");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id/table", test_id_table);
  g_test_add_func ("/id/length", test_id_length);
  g_test_add_func ("/id/messages", test_id_messages);
  g_test_add_func ("/arch/table", test_arch_table);
  g_test_add_func ("/arch/machine", test_get_arch);
  g_test_add_func ("/branch/table", test_branch_table);
  g_test_add_func ("/checksum/table", test_checksum_table);
  g_test_add_func ("/ref/parse", test_ref_parse_table);
  g_test_add_func ("/ref/parse-messages", test_ref_parse_messages);
  g_test_add_func ("/ref/parse-partial", test_ref_parse_partial_table);
  g_test_add_func ("/ref/parse-partial-defaults", test_ref_parse_partial_defaults);
  g_test_add_func ("/ref/new", test_ref_new);
  g_test_add_func ("/ref/validate", test_ref_validate);
  g_test_add_func ("/ref/equal", test_ref_equal);
  g_test_add_func ("/ref/kind-to-string", test_ref_kind_to_string);
  g_test_add_func ("/escape/table", test_escape_table);
  g_test_add_func ("/escape/all-bytes", test_escape_all_bytes);
  g_test_add_func ("/escape/keep-backslashes", test_escape_keep_backslashes);

  return g_test_run ();
}
