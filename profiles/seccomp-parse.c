/* The grammar of one line of a seccomp profile.
 *
 * What this defends against: per-app rules are untrusted text, and a
 * mistake in a shipped profile silently widens every sandbox.  So this
 * parser never reads past the bytes it was given, accepts only ASCII
 * outside comments, bounds every list, and rejects rather than guesses:
 * unknown syscalls, constants and errno names, values that do not fit the
 * argument (a `:32` argument takes 32-bit values only), two comparisons of
 * one argument in a rule (libseccomp refuses them), conditions that can
 * never be true, and anything left over at the end of a line.
 *
 *   line   := 'include' NAME
 *           | 'allow' SYSCALL
 *           | 'deny' SYSCALL ['errno' '=' ERR] ['if' cond ('and' cond)*
 *                                               | 'unless' ARG 'in' list]
 *   cond   := ARG ('==' | '!=' | '<' | '<=' | '>' | '>=') value
 *           | ARG '&' value ['==' value]
 *           | ARG 'in' list
 *   list   := value (',' value)*
 *   value  := atom ('|' atom)*          atom := NUMBER | CONSTANT
 *   ARG    := 'arg0' … 'arg5', optionally followed by ':32'
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "seccomp-private.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "installation/hutch-i18n.h"

#define MAX_NAME_LENGTH 64

typedef struct
{
  const char *text;
  gsize len;
  gboolean is_word;
} Token;

typedef struct
{
  const char *file;
  guint line_no;
  Token *tokens; /* at most one per byte of the line */
  guint n_tokens;
  guint pos;
} Parser;

static gboolean G_GNUC_PRINTF (4, 5)
    fail (Parser *p, GError **error, int code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HUTCH_SECCOMP_ERROR, code, "%s:%u: %s", p->file, p->line_no, message);
  return FALSE;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ':' || c == '-' || c == '.';
}

static gsize
operator_length (const char *text, gsize len)
{
  static const char *const two[] = { "==", "!=", "<=", ">=" };

  for (gsize i = 0; i < G_N_ELEMENTS (two); i++)
    {
      if (len >= 2 && text[0] == two[i][0] && text[1] == two[i][1])
        return 2;
    }
  if (strchr ("<>&|,=", text[0]) != NULL && text[0] != '\0')
    return 1;
  return 0;
}

/* Splits a line into words and operators, stopping at a '#'. */
static gboolean
tokenize (Parser *p, const char *text, gsize len, GError **error)
{
  gsize i = 0;

  while (i < len && text[i] != '#')
    {
      Token *t = &p->tokens[p->n_tokens];
      gsize start = i;

      if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')
        {
          i++;
          continue;
        }
      if (is_word_char (text[i]))
        {
          while (i < len && is_word_char (text[i]))
            i++;
        }
      else if ((i += operator_length (text + i, len - i)) == start)
        {
          unsigned char c = (unsigned char)text[i];

          if (g_ascii_isprint (c))
            return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("unexpected character “%c”"), c);
          return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("unexpected byte 0x%02x"), c);
        }
      t->is_word = is_word_char (text[start]);
      t->text = text + start;
      t->len = i - start;
      p->n_tokens++;
    }
  return TRUE;
}

static const Token *
peek (Parser *p)
{
  return p->pos < p->n_tokens ? &p->tokens[p->pos] : NULL;
}

static gboolean
token_is (const Token *t, const char *s)
{
  return t != NULL && t->len == strlen (s) && memcmp (t->text, s, t->len) == 0;
}

static gboolean
accept (Parser *p, const char *s)
{
  if (!token_is (peek (p), s))
    return FALSE;
  p->pos++;
  return TRUE;
}

static char *
token_dup (const Token *t)
{
  return g_strndup (t->text, t->len);
}

/* "“X”" for the next token, or "the end of the line". */
static char *
describe_next (Parser *p)
{
  const Token *t = peek (p);

  if (t == NULL)
    return g_strdup (_ ("the end of the line"));
  /* TRANSLATORS: a word of a seccomp profile, quoted in a message. */
  return g_strdup_printf (_ ("“%.*s”"), (int)t->len, t->text);
}

static gboolean
expect_end (Parser *p, GError **error)
{
  g_autofree char *next = NULL;

  if (peek (p) == NULL)
    return TRUE;
  next = describe_next (p);
  return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("unexpected %s"), next);
}

/* A word, or an error naming what was wanted. */
static const Token *
expect_word (Parser *p, const char *what, GError **error)
{
  const Token *t = peek (p);
  g_autofree char *next = NULL;

  if (t != NULL && t->is_word)
    {
      p->pos++;
      return t;
    }
  next = describe_next (p);
  fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("expected %s, got %s"), what, next);
  return NULL;
}

static gboolean
parse_number (const Token *t, guint64 *value)
{
  guint64 v = 0;
  gsize i = 0;
  guint base = 10;

  if (t->len > 2 && t->text[0] == '0' && (t->text[1] == 'x' || t->text[1] == 'X'))
    {
      base = 16;
      i = 2;
    }
  else if (t->len > 1 && t->text[0] == '0')
    return FALSE; /* 010: octal to a C programmer, ten to others */
  for (; i < t->len; i++)
    {
      int digit = base == 16 ? g_ascii_xdigit_value (t->text[i]) : g_ascii_digit_value (t->text[i]);

      if (digit < 0 || v > (G_MAXUINT64 - (guint)digit) / base)
        return FALSE;
      v = v * base + (guint)digit;
    }
  *value = v;
  return TRUE;
}

/* atom := NUMBER | CONSTANT */
static gboolean
parse_atom (Parser *p, guint64 *value, GError **error)
{
  const Token *t = expect_word (p, _ ("a number or a constant"), error);
  g_autofree char *word = NULL;

  if (t == NULL)
    return FALSE;
  word = token_dup (t);
  if (g_ascii_isdigit (t->text[0]))
    {
      if (!parse_number (t, value))
        return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                     _ ("“%s” is not a number (decimal without a leading 0, or 0x and hex digits, "
                        "at most 64 bits)"),
                     word);
      return TRUE;
    }
  if (!hutch_seccomp_lookup_constant (word, value))
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("unknown constant “%s”"), word);
  return TRUE;
}

/* value := atom ('|' atom)*, checked against the width of @cond's argument. */
static gboolean
parse_value (Parser *p, const HutchSeccompCond *cond, guint64 *value, GError **error)
{
  guint64 v = 0;

  do
    {
      guint64 atom;

      if (!parse_atom (p, &atom, error))
        return FALSE;
      v |= atom;
    }
  while (accept (p, "|"));

  if (cond->low32 && v > G_MAXUINT32)
    {
      g_autofree char *hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", v);
      return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                   _ ("%s does not fit in the 32 bits of arg%u:32"), hex, cond->arg);
    }
  *value = v;
  return TRUE;
}

static int
compare_values (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;

  return x < y ? -1 : x > y;
}

/* list := value (',' value)*; stored sorted, without duplicates. */
static gboolean
parse_list (Parser *p, HutchSeccompCond *cond, GError **error)
{
  g_autofree guint64 *values = g_new (guint64, HUTCH_SECCOMP_MAX_VALUES);
  guint n = 0, kept = 0;

  do
    {
      if (n == HUTCH_SECCOMP_MAX_VALUES)
        return fail (p, error, HUTCH_SECCOMP_ERROR_LIMIT, _ ("more than %d values in one list"),
                     HUTCH_SECCOMP_MAX_VALUES);
      if (!parse_value (p, cond, &values[n++], error))
        return FALSE;
    }
  while (accept (p, ","));

  qsort (values, n, sizeof (guint64), compare_values);
  for (guint i = 0; i < n; i++)
    {
      if (kept == 0 || values[kept - 1] != values[i])
        values[kept++] = values[i];
    }
  cond->values = g_steal_pointer (&values);
  cond->n_values = kept;
  return TRUE;
}

/* ARG := 'arg' [0-5] [':32'] */
static gboolean
parse_arg (Parser *p, HutchSeccompRule *rule, HutchSeccompCond *cond, GError **error)
{
  const Token *t = expect_word (p, _ ("an argument (arg0 to arg5)"), error);
  g_autofree char *word = NULL;

  if (t == NULL)
    return FALSE;
  word = token_dup (t);
  if ((t->len != 4 && !(t->len == 7 && memcmp (t->text + 4, ":32", 3) == 0))
      || memcmp (t->text, "arg", 3) != 0 || t->text[3] < '0' || t->text[3] > '5')
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                 _ ("“%s” is not an argument (arg0 to arg5, optionally followed by :32)"), word);
  cond->arg = (guint)(t->text[3] - '0');
  cond->low32 = t->len == 7;

  for (guint i = 0; i < rule->n_conds; i++)
    {
      if (rule->conds[i].arg == cond->arg)
        return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                     _ ("arg%u is tested twice in one rule, which libseccomp cannot do: "
                        "use “in”, or write two rules"),
                     cond->arg);
    }
  return TRUE;
}

static const struct
{
  const char *text;
  HutchSeccompCmp cmp;
} comparisons[] = {
  { "==", HUTCH_SECCOMP_CMP_EQ }, { "!=", HUTCH_SECCOMP_CMP_NE }, { "<", HUTCH_SECCOMP_CMP_LT },
  { "<=", HUTCH_SECCOMP_CMP_LE }, { ">", HUTCH_SECCOMP_CMP_GT },  { ">=", HUTCH_SECCOMP_CMP_GE },
};

/* ARG '&' MASK ['==' VALUE] */
static gboolean
parse_masked (Parser *p, HutchSeccompCond *cond, GError **error)
{
  if (!parse_value (p, cond, &cond->mask, error))
    return FALSE;
  if (cond->mask == 0)
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                 _ ("the mask is 0: the condition can never be true"));
  cond->cmp = HUTCH_SECCOMP_CMP_ANY_BIT;
  if (!accept (p, "=="))
    return TRUE;
  cond->cmp = HUTCH_SECCOMP_CMP_MASKED_EQ;
  if (!parse_value (p, cond, &cond->value, error))
    return FALSE;
  if ((cond->value & ~cond->mask) != 0)
    {
      g_autofree char *value_hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", cond->value);
      g_autofree char *mask_hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", cond->mask);
      return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                   _ ("%s has bits outside the mask %s: the condition can never be true"),
                   value_hex, mask_hex);
    }
  return TRUE;
}

static gboolean
parse_comparison (Parser *p, HutchSeccompCond *cond, GError **error)
{
  guint64 max = cond->low32 ? G_MAXUINT32 : G_MAXUINT64;

  if (!parse_value (p, cond, &cond->value, error))
    return FALSE;
  if ((cond->cmp == HUTCH_SECCOMP_CMP_LT && cond->value == 0)
      || (cond->cmp == HUTCH_SECCOMP_CMP_GT && cond->value == max))
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("the condition can never be true"));
  return TRUE;
}

/* cond := ARG OP value | ARG '&' value ['==' value] | ARG 'in' list */
static gboolean
parse_cond (Parser *p, HutchSeccompRule *rule, GError **error)
{
  HutchSeccompCond *cond = &rule->conds[rule->n_conds];
  g_autofree char *next = NULL;

  if (rule->n_conds == G_N_ELEMENTS (rule->conds))
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("more conditions than arguments"));
  if (!parse_arg (p, rule, cond, error))
    return FALSE;
  /* From here on the rule owns the condition, even a half-parsed one. */
  rule->n_conds++;

  for (gsize i = 0; i < G_N_ELEMENTS (comparisons); i++)
    {
      if (accept (p, comparisons[i].text))
        {
          cond->cmp = comparisons[i].cmp;
          return parse_comparison (p, cond, error);
        }
    }
  if (accept (p, "&"))
    return parse_masked (p, cond, error);
  if (accept (p, "in"))
    {
      cond->cmp = HUTCH_SECCOMP_CMP_IN;
      return parse_list (p, cond, error);
    }
  next = describe_next (p);
  return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
               _ ("expected ==, !=, <, <=, >, >=, & or in after arg%u, got %s"), cond->arg, next);
}

static gboolean
parse_syscall (Parser *p, char **name, GError **error)
{
  const Token *t = expect_word (p, _ ("a syscall name"), error);
  g_autofree char *word = NULL;

  if (t == NULL)
    return FALSE;
  word = token_dup (t);
  for (gsize i = 0; i < t->len; i++)
    {
      if (!g_ascii_islower (t->text[i]) && !g_ascii_isdigit (t->text[i]) && t->text[i] != '_')
        return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("unknown syscall “%s”"), word);
    }
  if (t->len > MAX_NAME_LENGTH || !hutch_seccomp_syscall_is_known (word))
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("unknown syscall “%s”"), word);
  *name = g_steal_pointer (&word);
  return TRUE;
}

/* 'errno' '=' (NAME | 1…4094); libseccomp refuses 4095, the kernel's MAX_ERRNO */
static gboolean
parse_errno (Parser *p, int *errnum, GError **error)
{
  const Token *t;
  g_autofree char *word = NULL;
  guint64 number;

  if (!accept (p, "="))
    {
      g_autofree char *next = describe_next (p);
      return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("expected “=” after errno, got %s"),
                   next);
    }
  if ((t = expect_word (p, _ ("an errno name or number"), error)) == NULL)
    return FALSE;
  word = token_dup (t);
  if (g_ascii_isdigit (t->text[0]))
    {
      if (!parse_number (t, &number) || number < 1 || number > 4094)
        return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                     _ ("errno “%s” is not a number from 1 to 4094"), word);
      *errnum = (int)number;
      return TRUE;
    }
  if (!hutch_seccomp_lookup_errno (word, errnum))
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("unknown errno “%s”"), word);
  return TRUE;
}

/* The part of a deny line after its syscall name. */
static gboolean
parse_deny_tail (Parser *p, HutchSeccompRule *rule, GError **error)
{
  if (accept (p, "errno") && !parse_errno (p, &rule->errnum, error))
    return FALSE;

  if (accept (p, "if"))
    {
      do
        {
          if (!parse_cond (p, rule, error))
            return FALSE;
        }
      while (accept (p, "and"));
    }
  else if (accept (p, "unless"))
    {
      HutchSeccompCond *cond = &rule->conds[0];

      if (!parse_arg (p, rule, cond, error))
        return FALSE;
      rule->n_conds = 1;
      cond->cmp = HUTCH_SECCOMP_CMP_NOT_IN;
      if (!accept (p, "in"))
        {
          g_autofree char *next = describe_next (p);
          return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                       _ ("expected “in” after unless arg%u, got %s"), cond->arg, next);
        }
      if (!parse_list (p, cond, error))
        return FALSE;
    }
  return expect_end (p, error);
}

static gboolean
parse_deny (Parser *p, HutchSeccompLine *out, GError **error)
{
  g_autoptr (HutchSeccompRule) rule = g_new0 (HutchSeccompRule, 1);

  rule->errnum = EPERM;
  rule->file = g_ref_string_acquire ((char *)p->file);
  rule->line = p->line_no;
  if (!parse_syscall (p, &rule->syscall, error) || !parse_deny_tail (p, rule, error))
    return FALSE;
  out->kind = HUTCH_SECCOMP_LINE_DENY;
  out->rule = g_steal_pointer (&rule);
  return TRUE;
}

static gboolean
parse_include (Parser *p, HutchSeccompLine *out, GError **error)
{
  const Token *t = expect_word (p, _ ("a profile name"), error);
  g_autofree char *word = NULL;

  if (t == NULL)
    return FALSE;
  word = token_dup (t);
  for (gsize i = 0; i < t->len; i++)
    {
      if (!g_ascii_isalnum (t->text[i]) && t->text[i] != '_' && t->text[i] != '-')
        return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX,
                     _ ("“%s” is not a profile name (letters, digits, - and _; "
                        "no directory, no .seccomp)"),
                     word);
    }
  if (t->len > MAX_NAME_LENGTH)
    return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("profile name “%s” is too long"), word);
  if (!expect_end (p, error))
    return FALSE;
  out->kind = HUTCH_SECCOMP_LINE_INCLUDE;
  out->name = g_steal_pointer (&word);
  return TRUE;
}

static gboolean
parse_statement (Parser *p, HutchSeccompLine *out, GError **error)
{
  g_autofree char *next = NULL;

  if (peek (p) == NULL)
    {
      out->kind = HUTCH_SECCOMP_LINE_EMPTY;
      return TRUE;
    }
  if (accept (p, "deny"))
    return parse_deny (p, out, error);
  if (accept (p, "allow"))
    {
      g_autofree char *name = NULL;

      if (!parse_syscall (p, &name, error) || !expect_end (p, error))
        return FALSE;
      out->kind = HUTCH_SECCOMP_LINE_ALLOW;
      out->name = g_steal_pointer (&name);
      return TRUE;
    }
  if (accept (p, "include"))
    return parse_include (p, out, error);
  next = describe_next (p);
  return fail (p, error, HUTCH_SECCOMP_ERROR_SYNTAX, _ ("expected deny, allow or include, got %s"),
               next);
}

gboolean
hutch_seccomp_parse_line (const char *file, guint line_no, const char *text, gsize len,
                          HutchSeccompLine *out, GError **error)
{
  g_autofree Token *tokens = NULL;
  Parser parser = { file, line_no, NULL, 0, 0 };
  Parser *p = &parser;

  g_return_val_if_fail (out != NULL && out->rule == NULL && out->name == NULL, FALSE);

  if (len > HUTCH_SECCOMP_MAX_LINE_LENGTH)
    {
      g_set_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT,
                   _ ("%s:%u: line longer than %d bytes"), file, line_no,
                   HUTCH_SECCOMP_MAX_LINE_LENGTH);
      return FALSE;
    }
  p->tokens = tokens = g_new (Token, MAX (len, 1));
  return tokenize (p, text, len, error) && parse_statement (p, out, error);
}

void
hutch_seccomp_line_clear (HutchSeccompLine *line)
{
  g_clear_pointer (&line->rule, hutch_seccomp_rule_free);
  g_clear_pointer (&line->name, g_free);
  line->kind = HUTCH_SECCOMP_LINE_EMPTY;
}

void
hutch_seccomp_rule_free (HutchSeccompRule *rule)
{
  for (guint i = 0; i < rule->n_conds; i++)
    g_free (rule->conds[i].values);
  g_free (rule->syscall);
  g_clear_pointer (&rule->file, g_ref_string_release);
  g_free (rule);
}
