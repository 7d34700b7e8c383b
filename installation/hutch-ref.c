/* Validation of IDs, arches, branches, checksums and refs, and escaping of
 * untrusted text for a terminal.
 *
 * What this defends against: a remote repository, a bundle or a user's
 * command line hands us names that later become path components under an
 * installation or under ~/.var/app.  A name that passes here
 *
 *   - is non-empty and bounded in length;
 *   - is plain ASCII from a small alphabet: no "/", no NUL, no control
 *     characters, no spaces, no shell or terminal metacharacters;
 *   - is never ".", "..", contains no "..", and does not start with "." or
 *     "-", so it cannot climb out of its directory, hide as a dot file or be
 *     taken for a command-line option.
 *
 * Error messages quote the offending text only after escaping it (and
 * cutting it short), so printing a GError from here never lets a remote
 * name drive the user's terminal.
 *
 * The rules:
 *   ID        D-Bus well-known bus name, as Flatpak restricts it: at least
 *             three "."-separated elements of [A-Za-z0-9_], none empty, none
 *             starting with a digit; "-" allowed in the last element only;
 *             at most 255 bytes.
 *   arch      [a-z0-9_]+, at most 32 bytes.
 *   branch    [A-Za-z0-9_][A-Za-z0-9_.-]*, no "..", at most 255 bytes.
 *   checksum  exactly 64 of [0-9a-f] (an OSTree SHA-256 commit).
 *   ref       KIND/ID/ARCH/BRANCH with KIND "app" or "runtime".
 *   URL       of a repository (a remote's, a bundle's origin): http or https
 *             with a host, or file with an absolute path; at most 2048
 *             bytes, no spaces, no control characters.
 */
#include "hutch-ref.h"

#include <string.h>

#include "hutch-error.h"
#include "hutch-i18n.h"

/* Untrusted text quoted in an error message is cut to this many characters
 * (after escaping), so that a megabyte of garbage makes a readable error. */
#define QUOTE_MAX_CHARS 80

char *
hutch_quote_untrusted (const char *text)
{
  g_autofree char *escaped = hutch_escape_for_terminal (text, HUTCH_ESCAPE_FLAGS_NONE);
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (escaped, -1) <= QUOTE_MAX_CHARS)
    return g_steal_pointer (&escaped);
  cut = g_utf8_substring (escaped, 0, QUOTE_MAX_CHARS);
  return g_strconcat (cut, "…", NULL);
}

/* The (possibly multi-byte) character at @p, escaped for a message. */
static char *
quote_char_at (const char *p)
{
  gunichar c = g_utf8_get_char_validated (p, -1);
  gsize len = 1;
  g_autofree char *one = NULL;

  if (c != (gunichar) -1 && c != (gunichar) -2)
    len = g_unichar_to_utf8 (c, NULL);
  one = g_strndup (p, len);
  return hutch_escape_for_terminal (one, HUTCH_ESCAPE_FLAGS_NONE);
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* Why @id is not a valid ID, or NULL if it is. */
static char *
id_problem (const char *id)
{
  gsize len = strlen (id);
  const char *last_dot = strrchr (id, '.');
  gboolean at_element_start = TRUE;
  guint n_elements = 1;

  if (len == 0)
    return g_strdup (_("it is empty"));
  if (len > HUTCH_ID_MAX_LENGTH)
    return g_strdup_printf (_("it is longer than %d bytes"), HUTCH_ID_MAX_LENGTH);
  if (id[0] == '.')
    return g_strdup (_("it starts with “.”"));

  for (const char *p = id; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (at_element_start)
            return g_strdup (_("it contains “..”"));
          n_elements++;
          at_element_start = TRUE;
          continue;
        }
      if (!is_id_char (*p))
        {
          g_autofree char *c = quote_char_at (p);
          return g_strdup_printf (_("it contains “%s”; only A–Z, a–z, 0–9, “_” and “-” are allowed"),
                                  c);
        }
      if (*p == '-' && last_dot != NULL && p < last_dot)
        return g_strdup (_("only its last element may contain “-”"));
      if (at_element_start && g_ascii_isdigit (*p))
        return g_strdup (_("an element starts with a digit"));
      at_element_start = FALSE;
    }

  if (at_element_start)
    return g_strdup (_("it ends with “.”"));
  if (n_elements < 3)
    return g_strdup (_("it needs at least three elements"));
  return NULL;
}

static gboolean
check_id (const char *id, HutchRefKind kind, GError **error)
{
  g_autofree char *problem = id_problem (id);
  g_autofree char *quoted = NULL;

  if (problem == NULL)
    return TRUE;
  quoted = hutch_quote_untrusted (id);
  if (kind == HUTCH_REF_KIND_RUNTIME)
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID,
                 _("“%s” is not a valid runtime ID: %s"), quoted, problem);
  else
    g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ID,
                 _("“%s” is not a valid application ID: %s"), quoted, problem);
  return FALSE;
}

/**
 * hutch_id_is_valid:
 * @id: an application or runtime ID, untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_ID error
 *
 * Checks @id against the rules at the top of this file.  A valid ID is safe
 * to use as a single path component.
 *
 * Returns: %TRUE if @id is valid
 */
gboolean
hutch_id_is_valid (const char *id, GError **error)
{
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_id (id, HUTCH_REF_KIND_APP, error);
}

/* Why @arch is not a valid arch, or NULL if it is. */
static char *
arch_problem (const char *arch)
{
  gsize len = strlen (arch);

  if (len == 0)
    return g_strdup (_("it is empty"));
  if (len > HUTCH_ARCH_MAX_LENGTH)
    return g_strdup_printf (_("it is longer than %d bytes"), HUTCH_ARCH_MAX_LENGTH);
  for (const char *p = arch; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
        {
          g_autofree char *c = quote_char_at (p);
          return g_strdup_printf (_("it contains “%s”; only a–z, 0–9 and “_” are allowed"), c);
        }
    }
  return NULL;
}

/**
 * hutch_arch_is_valid:
 * @arch: an architecture name such as "x86_64", untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_ARCH error
 *
 * Returns: %TRUE if @arch is made of [a-z0-9_] and at most
 *   %HUTCH_ARCH_MAX_LENGTH bytes long
 */
gboolean
hutch_arch_is_valid (const char *arch, GError **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (arch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problem = arch_problem (arch);
  if (problem == NULL)
    return TRUE;
  quoted = hutch_quote_untrusted (arch);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_ARCH,
               _("“%s” is not a valid architecture: %s"), quoted, problem);
  return FALSE;
}

static gboolean
is_branch_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-';
}

/* Why @branch is not a valid branch, or NULL if it is. */
static char *
branch_problem (const char *branch)
{
  gsize len = strlen (branch);

  if (len == 0)
    return g_strdup (_("it is empty"));
  if (len > HUTCH_BRANCH_MAX_LENGTH)
    return g_strdup_printf (_("it is longer than %d bytes"), HUTCH_BRANCH_MAX_LENGTH);
  if (!g_ascii_isalnum (branch[0]) && branch[0] != '_')
    {
      g_autofree char *c = quote_char_at (branch);
      return g_strdup_printf (_("it starts with “%s”; it must start with A–Z, a–z, 0–9 or “_”"), c);
    }
  for (const char *p = branch; *p != '\0'; p++)
    {
      if (!is_branch_char (*p))
        {
          g_autofree char *c = quote_char_at (p);
          return g_strdup_printf (
              _("it contains “%s”; only A–Z, a–z, 0–9, “_”, “.” and “-” are allowed"), c);
        }
    }
  if (strstr (branch, "..") != NULL)
    return g_strdup (_("it contains “..”"));
  return NULL;
}

/**
 * hutch_branch_is_valid:
 * @branch: a branch name such as "stable" or "24.08", untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_BRANCH error
 *
 * Returns: %TRUE if @branch follows the rules at the top of this file
 */
gboolean
hutch_branch_is_valid (const char *branch, GError **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (branch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problem = branch_problem (branch);
  if (problem == NULL)
    return TRUE;
  quoted = hutch_quote_untrusted (branch);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_BRANCH,
               _("“%s” is not a valid branch: %s"), quoted, problem);
  return FALSE;
}

/**
 * hutch_checksum_is_valid:
 * @checksum: an OSTree commit checksum, untrusted (for instance the
 *   target of an `active` link)
 * @error: return location for a %HUTCH_ERROR_INVALID_CHECKSUM error
 *
 * Returns: %TRUE if @checksum is exactly %HUTCH_CHECKSUM_LENGTH lowercase
 *   hexadecimal digits
 */
gboolean
hutch_checksum_is_valid (const char *checksum, GError **error)
{
  const char *problem = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (checksum != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (const char *p = checksum; *p != '\0' && problem == NULL; p++)
    {
      if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
        problem = _("only 0–9 and a–f are allowed");
    }
  if (problem == NULL && strlen (checksum) != HUTCH_CHECKSUM_LENGTH)
    problem = _("it must be 64 characters long");
  if (problem == NULL)
    return TRUE;
  quoted = hutch_quote_untrusted (checksum);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_CHECKSUM,
               _("“%s” is not a valid commit checksum: %s"), quoted, problem);
  return FALSE;
}

/**
 * hutch_get_arch:
 *
 * Returns: the architecture Hutch was built for, named as Flatpak names it
 *   ("x86_64", "i386", "aarch64", "arm", …); a static string
 */
const char *
hutch_get_arch (void)
{
  /* Nested #ifdefs rather than `defined (A) && B`, which -Wundef dislikes. */
#if defined(__x86_64__)
#ifdef __ILP32__
#error "Hutch does not support the x32 ABI"
#endif
  return "x86_64";
#elif defined(__i386__)
  return "i386";
#elif defined(__aarch64__)
#ifdef __AARCH64EB__
#error "Hutch does not support big-endian aarch64"
#endif
  return "aarch64";
#elif defined(__arm__)
#ifdef __ARMEB__
#error "Hutch does not support big-endian arm"
#endif
  return "arm";
#elif defined(__powerpc64__)
#ifdef __LITTLE_ENDIAN__
  return "ppc64le";
#else
  return "ppc64";
#endif
#elif defined(__s390x__)
  return "s390x";
#elif defined(__riscv)
#if __riscv_xlen == 64
  return "riscv64";
#else
#error "Hutch supports 64-bit RISC-V only"
#endif
#elif defined(__loongarch64)
  return "loongarch64";
#else
#error "Unknown architecture: add its Flatpak name to hutch_get_arch()"
#endif
}

/**
 * hutch_ref_kind_to_string:
 * @kind: a ref kind
 *
 * Returns: "app" or "runtime", the first part of a ref and the name of the
 *   directory the kind is deployed in
 */
const char *
hutch_ref_kind_to_string (HutchRefKind kind)
{
  switch (kind)
    {
      case HUTCH_REF_KIND_APP:
        return "app";
      case HUTCH_REF_KIND_RUNTIME:
        return "runtime";
      default:
        g_return_val_if_reached (NULL);
    }
}

static gboolean
kind_from_string (const char *str, HutchRefKind *out_kind)
{
  if (strcmp (str, "app") == 0)
    *out_kind = HUTCH_REF_KIND_APP;
  else if (strcmp (str, "runtime") == 0)
    *out_kind = HUTCH_REF_KIND_RUNTIME;
  else
    return FALSE;
  return TRUE;
}

static gboolean
kind_is_valid (HutchRefKind kind)
{
  return kind == HUTCH_REF_KIND_APP || kind == HUTCH_REF_KIND_RUNTIME;
}

/* Builds a ref from parts the caller has validated. */
static HutchRef *
ref_new_trusted (HutchRefKind kind, const char *id, const char *arch, const char *branch)
{
  HutchRef *ref = g_new0 (HutchRef, 1);

  ref->kind = kind;
  ref->id = g_strdup (id);
  ref->arch = g_strdup (arch);
  ref->branch = g_strdup (branch);
  return ref;
}

/**
 * hutch_ref_new:
 * @kind: application or runtime
 * @id: an ID, untrusted
 * @arch: an arch, untrusted
 * @branch: a branch, untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_ID,
 *   %HUTCH_ERROR_INVALID_ARCH or %HUTCH_ERROR_INVALID_BRANCH error
 *
 * Validates the parts and builds a complete ref from copies of them.
 *
 * Returns: (transfer full): a new ref, or %NULL on error
 */
HutchRef *
hutch_ref_new (HutchRefKind kind,
               const char *id,
               const char *arch,
               const char *branch,
               GError **error)
{
  g_return_val_if_fail (kind_is_valid (kind), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (arch != NULL, NULL);
  g_return_val_if_fail (branch != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_id (id, kind, error) ||
      !hutch_arch_is_valid (arch, error) ||
      !hutch_branch_is_valid (branch, error))
    return NULL;
  return ref_new_trusted (kind, id, arch, branch);
}

/* Sets a %HUTCH_ERROR_INVALID_REF error about @text: "“text” is not a
 * valid ref: reason".  @reason is already escaped. */
static void
set_ref_error (GError **error, const char *text, const char *reason)
{
  g_autofree char *quoted = hutch_quote_untrusted (text);

  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF,
               _("“%s” is not a valid ref: %s"), quoted, reason);
}

/* Turns @cause, an error about one part of @text, into a
 * %HUTCH_ERROR_INVALID_REF error about @text.  Consumes @cause. */
static void
propagate_ref_error (GError **error, const char *text, const char *part, GError *cause)
{
  if (strcmp (text, part) == 0)
    g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF, cause->message);
  else
    set_ref_error (error, text, cause->message);
  g_error_free (cause);
}

/* Validates the parts of @text, which must all be present, and builds a
 * ref.  Errors are %HUTCH_ERROR_INVALID_REF errors about @text. */
static HutchRef *
ref_new_from_parts (const char *text,
                    HutchRefKind kind,
                    const char *id,
                    const char *arch,
                    const char *branch,
                    GError **error)
{
  GError *local_error = NULL;
  const char *bad_part = NULL;

  if (!check_id (id, kind, &local_error))
    bad_part = id;
  else if (!hutch_arch_is_valid (arch, &local_error))
    bad_part = arch;
  else if (branch != NULL && !hutch_branch_is_valid (branch, &local_error))
    bad_part = branch;

  if (bad_part != NULL)
    {
      propagate_ref_error (error, text, bad_part, local_error);
      return NULL;
    }
  return ref_new_trusted (kind, id, arch, branch);
}

/**
 * hutch_ref_parse:
 * @ref: a full ref such as "app/org.example.App/x86_64/stable", untrusted
 * @error: return location for a %HUTCH_ERROR_INVALID_REF error
 *
 * Parses a ref of exactly four parts, KIND/ID/ARCH/BRANCH, with KIND "app"
 * or "runtime", and validates each part.  On success,
 * hutch_ref_format() of the result equals @ref.
 *
 * Returns: (transfer full): a new, complete ref, or %NULL on error
 */
HutchRef *
hutch_ref_parse (const char *ref, GError **error)
{
  g_auto(GStrv) parts = NULL;
  HutchRefKind kind;

  g_return_val_if_fail (ref != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* At most five pieces: a fifth one means too many slashes. */
  parts = g_strsplit (ref, "/", 5);
  if (g_strv_length (parts) != 4)
    {
      set_ref_error (error, ref,
                     _("it must have the form app/ID/ARCH/BRANCH or runtime/ID/ARCH/BRANCH"));
      return NULL;
    }
  if (!kind_from_string (parts[0], &kind))
    {
      set_ref_error (error, ref, _("it must start with “app/” or “runtime/”"));
      return NULL;
    }
  return ref_new_from_parts (ref, kind, parts[1], parts[2], parts[3], error);
}

/**
 * hutch_ref_parse_partial:
 * @spec: what a user typed, untrusted: "ID", "ID/ARCH", "ID//BRANCH",
 *   "ID/ARCH/BRANCH", any of those after "app/" or "runtime/", or a full ref
 * @default_kind: the kind if @spec does not start with "app/" or "runtime/"
 * @default_arch: (nullable): the arch if @spec leaves it out or empty;
 *   %NULL means hutch_get_arch()
 * @default_branch: (nullable): the branch if @spec leaves it out or empty;
 *   %NULL leaves the branch of the result %NULL (unspecified), so that the
 *   caller can pick the only installed branch
 * @error: return location for an error: %HUTCH_ERROR_INVALID_REF about
 *   @spec, or %HUTCH_ERROR_INVALID_ARCH / %HUTCH_ERROR_INVALID_BRANCH if a
 *   default is invalid
 *
 * Returns: (transfer full): a new ref whose branch may be %NULL, or %NULL
 *   on error
 */
HutchRef *
hutch_ref_parse_partial (const char *spec,
                         HutchRefKind default_kind,
                         const char *default_arch,
                         const char *default_branch,
                         GError **error)
{
  g_auto(GStrv) parts = NULL;
  HutchRefKind kind = default_kind;
  const char *id, *arch, *branch;
  guint n_parts, first = 0;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (kind_is_valid (default_kind), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (default_arch == NULL)
    default_arch = hutch_get_arch ();
  if (!hutch_arch_is_valid (default_arch, error))
    return NULL;
  if (default_branch != NULL && !hutch_branch_is_valid (default_branch, error))
    return NULL;

  /* KIND/ID/ARCH/BRANCH at most; a fifth piece means too many slashes.
   * Neither "app" nor "runtime" is a valid ID, so a leading one is a kind. */
  parts = g_strsplit (spec, "/", 5);
  n_parts = g_strv_length (parts);
  if (n_parts > 1 && kind_from_string (parts[0], &kind))
    first = 1;
  if (n_parts == 0 || n_parts - first > 3)
    {
      set_ref_error (error, spec,
                     _("it must have the form ID, ID/ARCH, ID//BRANCH or ID/ARCH/BRANCH, "
                       "optionally after “app/” or “runtime/”"));
      return NULL;
    }

  id = parts[first];
  arch = (n_parts > first + 1 && parts[first + 1][0] != '\0') ? parts[first + 1] : default_arch;
  branch = (n_parts > first + 2 && parts[first + 2][0] != '\0') ? parts[first + 2] : default_branch;
  return ref_new_from_parts (spec, kind, id, arch, branch, error);
}

/**
 * hutch_ref_validate:
 * @ref: a ref
 * @error: return location for an error
 *
 * Checks that @ref is complete and every field valid; for code that must
 * not trust that nobody changed a ref's fields since it was built.
 *
 * Returns: %TRUE if @ref is a valid, complete ref
 */
gboolean
hutch_ref_validate (const HutchRef *ref, GError **error)
{
  g_return_val_if_fail (ref != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kind_is_valid (ref->kind) || ref->id == NULL || ref->arch == NULL || ref->branch == NULL)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_INVALID_REF,
                           _("the ref is incomplete"));
      return FALSE;
    }
  return check_id (ref->id, ref->kind, error) &&
         hutch_arch_is_valid (ref->arch, error) &&
         hutch_branch_is_valid (ref->branch, error);
}

/**
 * hutch_ref_format:
 * @ref: a complete ref
 *
 * Returns: (transfer full): "KIND/ID/ARCH/BRANCH"
 */
char *
hutch_ref_format (const HutchRef *ref)
{
  g_return_val_if_fail (ref != NULL, NULL);
  g_return_val_if_fail (kind_is_valid (ref->kind), NULL);
  g_return_val_if_fail (ref->id != NULL && ref->arch != NULL && ref->branch != NULL, NULL);

  return g_strdup_printf ("%s/%s/%s/%s", hutch_ref_kind_to_string (ref->kind),
                          ref->id, ref->arch, ref->branch);
}

/**
 * hutch_ref_dup:
 * @ref: (nullable): a ref, complete or partial
 *
 * Returns: (transfer full) (nullable): a deep copy of @ref
 */
HutchRef *
hutch_ref_dup (const HutchRef *ref)
{
  if (ref == NULL)
    return NULL;
  return ref_new_trusted (ref->kind, ref->id, ref->arch, ref->branch);
}

/**
 * hutch_ref_equal:
 * @a: (nullable): a ref
 * @b: (nullable): another ref
 *
 * Returns: %TRUE if @a and @b have the same fields (a %NULL branch equals
 *   only a %NULL branch), or are both %NULL
 */
gboolean
hutch_ref_equal (const HutchRef *a, const HutchRef *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->kind == b->kind &&
         g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->arch, b->arch) == 0 &&
         g_strcmp0 (a->branch, b->branch) == 0;
}

/**
 * hutch_ref_free:
 * @ref: (nullable): a ref
 */
void
hutch_ref_free (HutchRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->id);
  g_free (ref->arch);
  g_free (ref->branch);
  g_free (ref);
}

/* Code points a terminal could act on, or that hide or reorder text:
 * C0, DEL and C1 controls, format characters (bidirectional overrides,
 * zero-width characters), line and paragraph separators, and anything
 * unassigned in GLib's Unicode tables. */
static gboolean
unichar_needs_escape (gunichar c)
{
  switch (g_unichar_type (c))
    {
      case G_UNICODE_CONTROL:
      case G_UNICODE_FORMAT:
      case G_UNICODE_UNASSIGNED:
      case G_UNICODE_SURROGATE:
      case G_UNICODE_LINE_SEPARATOR:
      case G_UNICODE_PARAGRAPH_SEPARATOR:
        return TRUE;
      default:
        return FALSE;
    }
}

/**
 * hutch_escape_for_terminal:
 * @text: (nullable): untrusted text, in any encoding
 * @flags: what to leave alone
 *
 * Makes @text safe to print on a terminal, and unambiguous:
 *
 *   - invalid UTF-8 bytes become `\xNN` (lowercase hex);
 *   - C0 controls and DEL become `\xNN`, except '\n' and '\t' when @flags
 *     says to keep them;
 *   - other code points a terminal could act on, or that hide or reorder
 *     text (C1 controls, bidirectional overrides, zero-width characters,
 *     line separators, unassigned code points), become `\uNNNN` or
 *     `\UNNNNNNNN`;
 *   - a backslash becomes two, so that the escapes above cannot be forged
 *     (unless @flags keeps backslashes: for text whose untrusted parts were
 *     escaped already, where a second escape would show them twice).
 *
 * The result is valid UTF-8 and contains no control characters but the
 * kept '\n' and '\t'.
 *
 * Returns: (transfer full) (nullable): the escaped text, or %NULL if @text
 *   is %NULL
 */
char *
hutch_escape_for_terminal (const char *text, HutchEscapeFlags flags)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

      next = g_utf8_next_char (p);
      if (c == '\\' && !(flags & HUTCH_ESCAPE_FLAGS_KEEP_BACKSLASHES))
        g_string_append (out, "\\\\");
      else if ((c == '\n' && (flags & HUTCH_ESCAPE_FLAGS_KEEP_NEWLINES)) ||
               (c == '\t' && (flags & HUTCH_ESCAPE_FLAGS_KEEP_TABS)))
        g_string_append_c (out, (char) c);
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", (guint) c);
      else if (unichar_needs_escape (c))
        g_string_append_printf (out, c <= 0xffff ? "\\u%04x" : "\\U%08x", (guint) c);
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }
  return g_string_free (out, FALSE);
}

gboolean
hutch_url_is_valid (const char *url, GError **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *quoted = NULL;
  const char *scheme = NULL;
  gboolean ok = strlen (url) <= HUTCH_URL_MAX_LENGTH;

  for (const char *p = url; ok && *p != '\0'; p++)
    ok = !g_ascii_iscntrl (*p) && *p != ' ';
  if (ok && (uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) != NULL)
    scheme = g_uri_get_scheme (uri);
  if (scheme != NULL
      && (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
      && g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0')
    return TRUE;
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0
      && g_path_is_absolute (g_uri_get_path (uri)))
    return TRUE;
  quoted = hutch_quote_untrusted (url);
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
               _("“%s” is not a URL Hutch can use: it must start with http://, https:// or file:///"),
               quoted);
  return FALSE;
}
