/* Tests of the seccomp profile parser: every syntax element, every error
 * with its file:line message, includes, `allow`, limits, canonical form.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "seccomp-test-util.h"

/* Text → canonical form (hutch_seccomp_profile_to_string) */
static const struct
{
  const char *input;
  const char *expected;
} valid_cases[] = {
  { "", "" },
  { "# only a comment\n\n  \t \n# another\n", "" },
  { "deny mount", "deny mount errno=EPERM\n" },
  { "deny mount   # with a comment → ünïcode\n", "deny mount errno=EPERM\n" },
  { "  deny\tmount\r\n", "deny mount errno=EPERM\n" },
  { "deny clone3 errno=ENOSYS", "deny clone3 errno=ENOSYS\n" },
  { "deny ptrace errno = 13", "deny ptrace errno=EACCES\n" },
  { "deny ptrace errno=4094", "deny ptrace errno=4094\n" },
  { "deny ptrace errno=1", "deny ptrace errno=EPERM\n" },
  { "deny vm86", "deny vm86 errno=EPERM\n" },
  { "deny ioctl if arg1:32 == TIOCSTI", "deny ioctl errno=EPERM if arg1:32 == 0x5412\n" },
  { "deny ioctl if arg1:32==TIOCSTI", "deny ioctl errno=EPERM if arg1:32 == 0x5412\n" },
  { "deny ioctl if arg1 != 5", "deny ioctl errno=EPERM if arg1 != 0x5\n" },
  { "deny ioctl if arg1 < 5", "deny ioctl errno=EPERM if arg1 < 0x5\n" },
  { "deny ioctl if arg1 <= 0x5", "deny ioctl errno=EPERM if arg1 <= 0x5\n" },
  { "deny ioctl if arg1 > 0XfF", "deny ioctl errno=EPERM if arg1 > 0xff\n" },
  { "deny ioctl if arg1 >= 0", "deny ioctl errno=EPERM if arg1 >= 0x0\n" },
  { "deny ioctl if arg5 == 18446744073709551615",
    "deny ioctl errno=EPERM if arg5 == 0xffffffffffffffff\n" },
  { "deny ioctl if arg0 == 0x0000000000000000000001", "deny ioctl errno=EPERM if arg0 == 0x1\n" },
  { "deny unshare if arg0 & CLONE_NEWUSER|CLONE_NEWNET",
    "deny unshare errno=EPERM if arg0 & 0x50000000\n" },
  { "deny unshare if arg0 & CLONE_NEWUSER | 1 | 1",
    "deny unshare errno=EPERM if arg0 & 0x10000001\n" },
  { "deny fcntl if arg1:32 & 0xff == 3", "deny fcntl errno=EPERM if arg1:32 & 0xff == 0x3\n" },
  { "deny socket if arg0 in 3,1,2,1", "deny socket errno=EPERM if arg0 in 0x1,0x2,0x3\n" },
  { "deny socket if arg0 in AF_INET", "deny socket errno=EPERM if arg0 in 0x2\n" },
  { "deny socket errno=EAFNOSUPPORT unless arg0:32 in AF_UNIX, AF_INET ,AF_LOCAL",
    "deny socket errno=EAFNOSUPPORT unless arg0:32 in 0x1,0x2\n" },
  { "deny mmap if arg2 & PROT_EXEC and arg3 & MAP_SHARED == MAP_SHARED",
    "deny mmap errno=EPERM if arg2 & 0x4 and arg3 & 0x1 == 0x1\n" },
  { "deny x if arg0 == 0 and arg1 == 1 and arg2 == 2 and arg3 == 3 and arg4 == 4 and arg5 == 5",
    NULL /* x is not a syscall: checked in the errors */ },
  { "deny ptrace\nallow ptrace", "" },
  { "allow ptrace", "" },
  { "deny ptrace\ndeny mount\nallow ptrace\ndeny ptrace errno=ESRCH",
    "deny mount errno=EPERM\ndeny ptrace errno=ESRCH\n" },
  { "deny ioctl if arg1 == 1\ndeny ioctl if arg1 == 2\nallow ioctl\ndeny ioctl if arg1 == 3",
    "deny ioctl errno=EPERM if arg1 == 0x3\n" },
  { "deny personality unless arg0:32 in PER_LINUX,PER_LINUX32,0xffffffff",
    "deny personality errno=EPERM unless arg0:32 in 0x0,0x8,0xffffffff\n" },
  { "deny prctl if arg0:32 == PR_SET_DUMPABLE and arg1 == 0",
    "deny prctl errno=EPERM if arg0:32 == 0x4 and arg1 == 0x0\n" },
  { "deny socket if arg0:32 == AF_NETLINK and arg2:32 == NETLINK_AUDIT",
    "deny socket errno=EPERM if arg0:32 == 0x10 and arg2:32 == 0x9\n" },
  { "deny openat if arg2 & O_WRONLY|O_RDWR", "deny openat errno=EPERM if arg2 & 0x3\n" },
};

static void
test_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchSeccompProfile) profile = NULL;
      g_autoptr (HutchSeccompProfile) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;

      if (valid_cases[i].expected == NULL)
        continue;
      g_test_message ("%s", valid_cases[i].input);
      profile = test_parse (valid_cases[i].input, NULL, &error);
      g_assert_no_error (error);
      text = hutch_seccomp_profile_to_string (profile);
      g_assert_cmpstr (text, ==, valid_cases[i].expected);

      /* The canonical form reads back as itself. */
      again = test_parse (text, NULL, &error);
      g_assert_no_error (error);
      text_again = hutch_seccomp_profile_to_string (again);
      g_assert_cmpstr (text_again, ==, text);
    }
}

static void
test_rule_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = test_parse (
      "# x\n\ndeny socket errno=EAFNOSUPPORT if arg0:32 in 2,1 and arg2 & 0xf0 == 0x10\n", NULL,
      &error);
  const HutchSeccompRule *rule;

  g_assert_no_error (error);
  g_assert_cmpuint (hutch_seccomp_profile_get_n_rules (profile), ==, 1);
  rule = hutch_seccomp_profile_get_rule (profile, 0);
  g_assert_cmpstr (rule->syscall, ==, "socket");
  g_assert_cmpint (rule->errnum, ==, EAFNOSUPPORT);
  g_assert_cmpstr (rule->file, ==, "test.seccomp");
  g_assert_cmpuint (rule->line, ==, 3);
  g_assert_cmpuint (rule->n_conds, ==, 2);
  g_assert_cmpuint (rule->conds[0].arg, ==, 0);
  g_assert_true (rule->conds[0].low32);
  g_assert_cmpint (rule->conds[0].cmp, ==, HUTCH_SECCOMP_CMP_IN);
  g_assert_cmpuint (rule->conds[0].n_values, ==, 2);
  g_assert_cmpuint (rule->conds[0].values[0], ==, 1);
  g_assert_cmpuint (rule->conds[0].values[1], ==, 2);
  g_assert_cmpuint (rule->conds[1].arg, ==, 2);
  g_assert_false (rule->conds[1].low32);
  g_assert_cmpint (rule->conds[1].cmp, ==, HUTCH_SECCOMP_CMP_MASKED_EQ);
  g_assert_cmpuint (rule->conds[1].mask, ==, 0xf0);
  g_assert_cmpuint (rule->conds[1].value, ==, 0x10);
}

/* Text → error code and message */
static const struct
{
  const char *input;
  int code;
  const char *message;
} error_cases[] = {
  { "deny mountt", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unknown syscall “mountt”" },
  { "deny Mount", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unknown syscall “Mount”" },
  { "deny 0x5", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unknown syscall “0x5”" },
  { "allow mountt", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unknown syscall “mountt”" },
  { "deny x if arg0 == 1", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unknown syscall “x”" },
  { "\n\ndeny mount if arg7 == 1", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:3: “arg7” is not an argument (arg0 to arg5, optionally followed by :32)" },
  { "deny mount if arg1:64 == 1", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “arg1:64” is not an argument (arg0 to arg5, optionally followed by :32)" },
  { "deny mount if argument0 == 1", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “argument0” is not an argument (arg0 to arg5, optionally followed by :32)" },
  { "frobnicate mount", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected deny, allow or include, got “frobnicate”" },
  { "== mount", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected deny, allow or include, got “==”" },
  { "deny", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected a syscall name, got the end of the line" },
  { "deny mount errno=EFOO", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unknown errno “EFOO”" },
  { "deny mount errno=0", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: errno “0” is not a number from 1 to 4094" },
  { "deny mount errno=4095", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: errno “4095” is not a number from 1 to 4094" },
  { "deny mount errno=01", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: errno “01” is not a number from 1 to 4094" },
  { "deny mount errno EPERM", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected “=” after errno, got “EPERM”" },
  { "deny mount errno=", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected an errno name or number, got the end of the line" },
  { "deny mount errno=EPERM errno=EPERM", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unexpected “errno”" },
  { "deny mount if", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected an argument (arg0 to arg5), got the end of the line" },
  { "deny mount if arg0", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected ==, !=, <, <=, >, >=, & or in after arg0, got the end of the line" },
  { "deny mount if arg0 = 1", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected ==, !=, <, <=, >, >=, & or in after arg0, got “=”" },
  { "deny mount if arg0 ! 1", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unexpected character “!”" },
  { "deny mount if arg0 == ", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected a number or a constant, got the end of the line" },
  { "deny mount if arg0 == FOO", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unknown constant “FOO”" },
  { "deny mount if arg0 == 1 | FOO", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unknown constant “FOO”" },
  { "deny mount if arg0 == 1 |", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected a number or a constant, got the end of the line" },
  { "deny mount if arg0 == 010", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “010” is not a number (decimal without a leading 0, or 0x and hex digits, "
    "at most 64 bits)" },
  { "deny mount if arg0 == 1x", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “1x” is not a number (decimal without a leading 0, or 0x and hex digits, "
    "at most 64 bits)" },
  { "deny mount if arg0 == 0x", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “0x” is not a number (decimal without a leading 0, or 0x and hex digits, "
    "at most 64 bits)" },
  { "deny mount if arg0 == 0x1ffffffffffffffff", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “0x1ffffffffffffffff” is not a number (decimal without a leading 0, or 0x "
    "and hex digits, at most 64 bits)" },
  { "deny mount if arg0 == 18446744073709551616", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “18446744073709551616” is not a number (decimal without a leading 0, or 0x "
    "and hex digits, at most 64 bits)" },
  { "deny ioctl if arg1:32 == 0x100000000", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: 0x100000000 does not fit in the 32 bits of arg1:32" },
  { "deny ioctl if arg1:32 in 1, 2, TIOCSTI|0x100000000", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: 0x100005412 does not fit in the 32 bits of arg1:32" },
  { "deny ioctl if arg1:32 & 0x100000000", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: 0x100000000 does not fit in the 32 bits of arg1:32" },
  { "deny mount if arg0 == 1 and arg0 == 2", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: arg0 is tested twice in one rule, which libseccomp cannot do: use “in”, or "
    "write two rules" },
  { "deny mount if arg0 == 1 and arg0:32 == 2", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: arg0 is tested twice in one rule, which libseccomp cannot do: use “in”, or "
    "write two rules" },
  { "deny mount if arg0 == 0 and arg1 == 1 and arg2 == 2 and arg3 == 3 and arg4 == 4 and arg5 == "
    "5 and arg0 == 6",
    HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: more conditions than arguments" },
  { "deny mount if arg0 == 1 or arg1 == 2", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unexpected “or”" },
  { "deny mount if arg0 == 1 and", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected an argument (arg0 to arg5), got the end of the line" },
  { "deny mount if arg0 & 0", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: the mask is 0: the condition can never be true" },
  { "deny mount if arg0 & 1 == 2", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: 0x2 has bits outside the mask 0x1: the condition can never be true" },
  { "deny mount if arg0 & 1 != 0", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unexpected “!=”" },
  { "deny mount if arg0 < 0", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: the condition can never be true" },
  { "deny mount if arg0:32 > 0xffffffff", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: the condition can never be true" },
  { "deny mount if arg0 > 0xffffffffffffffff", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: the condition can never be true" },
  { "deny mount unless arg0 == 1", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected “in” after unless arg0, got “==”" },
  { "deny mount unless arg0 in 1 and arg1 == 2", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unexpected “and”" },
  { "deny mount if arg0 == 1 unless arg1 in 2", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unexpected “unless”" },
  { "deny mount unless arg9 in 2", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “arg9” is not an argument (arg0 to arg5, optionally followed by :32)" },
  { "deny mount if arg0 in 1,", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected a number or a constant, got the end of the line" },
  { "deny mount if arg0 in ,1", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected a number or a constant, got “,”" },
  { "allow mount if arg0 == 1", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unexpected “if”" },
  { "allow", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected a syscall name, got the end of the line" },
  { "deny mount ; deny umount", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unexpected character “;”" },
  { "deny mount\n\tdeny ümount", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:2: unexpected byte 0xc3" },
  { "deny mount mount", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unexpected “mount”" },
  { "include ../etc/passwd", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: unexpected character “/”" },
  { "include ..", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “..” is not a profile name (letters, digits, - and _; no "
    "directory, no .seccomp)" },
  { "include default.seccomp", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: “default.seccomp” is not a profile name (letters, digits, - and _; no "
    "directory, no .seccomp)" },
  { "include", HUTCH_SECCOMP_ERROR_SYNTAX,
    "test.seccomp:1: expected a profile name, got the end of the line" },
  { "include default strict", HUTCH_SECCOMP_ERROR_SYNTAX, "test.seccomp:1: unexpected “strict”" },
  { "include default", HUTCH_SECCOMP_ERROR_INCLUDE, "test.seccomp:1: include is not allowed here" },
};

static void
test_errors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HutchSeccompProfile) profile = NULL;

      g_test_message ("%s", error_cases[i].input);
      profile = test_parse (error_cases[i].input, NULL, &error);
      g_assert_null (profile);
      g_assert_error (error, HUTCH_SECCOMP_ERROR, error_cases[i].code);
      g_assert_cmpstr (error->message, ==, error_cases[i].message);
    }
}

static void
test_nul_byte (void)
{
  static const char text[] = "deny mount\ndeny mount\0 # hidden";
  g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (hutch_seccomp_profile_load_data (profile, "nul.seccomp", text, sizeof text - 1,
                                                   NULL, &error));
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "nul.seccomp:2: unexpected byte 0x00");
}

/* The text is not NUL-terminated: the parser must stop at its length. */
static void
test_no_terminator (void)
{
  g_autofree char *text = g_malloc (10);
  g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *canonical = NULL;

  memcpy (text, "deny mount", 10);
  g_assert_true (hutch_seccomp_profile_load_data (profile, "t", text, 10, NULL, &error));
  g_assert_no_error (error);
  canonical = hutch_seccomp_profile_to_string (profile);
  g_assert_cmpstr (canonical, ==, "deny mount errno=EPERM\n");
}

static void
test_limits (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = NULL;

  /* a line of HUTCH_SECCOMP_MAX_LINE_LENGTH bytes is fine, one more is not */
  g_string_append (text, "deny mount ");
  while (text->len < HUTCH_SECCOMP_MAX_LINE_LENGTH)
    g_string_append_c (text, '#');
  profile = test_parse (text->str, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&profile, hutch_seccomp_profile_free);
  g_string_append (text, "#\n");
  profile = test_parse (text->str, NULL, &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "test.seccomp:1: line longer than 1024 bytes");
  g_clear_error (&error);

  /* HUTCH_SECCOMP_MAX_VALUES values in a list */
  g_string_assign (text, "deny ioctl if arg1 in 0");
  for (int i = 1; i < HUTCH_SECCOMP_MAX_VALUES; i++)
    g_string_append_printf (text, ",%d", i);
  profile = test_parse (text->str, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&profile, hutch_seccomp_profile_free);
  g_string_append (text, ",999");
  profile = test_parse (text->str, NULL, &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "test.seccomp:1: more than 64 values in one list");
  g_clear_error (&error);

  /* HUTCH_SECCOMP_MAX_RULES rules */
  g_string_truncate (text, 0);
  for (int i = 0; i < HUTCH_SECCOMP_MAX_RULES; i++)
    g_string_append (text, "deny ptrace\n");
  profile = test_parse (text->str, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&profile, hutch_seccomp_profile_free);
  g_string_append (text, "deny mount\n");
  profile = test_parse (text->str, NULL, &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "test.seccomp:2049: more than 2048 rules");
  g_clear_error (&error);

  /* … but allow makes room again */
  g_string_truncate (text, 0);
  for (int i = 0; i < HUTCH_SECCOMP_MAX_RULES; i++)
    g_string_append (text, "deny ptrace\n");
  g_string_append (text, "allow ptrace\ndeny mount\n");
  profile = test_parse (text->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hutch_seccomp_profile_get_n_rules (profile), ==, 1);
  g_clear_pointer (&profile, hutch_seccomp_profile_free);

  /* HUTCH_SECCOMP_MAX_FILE_SIZE bytes */
  g_string_truncate (text, 0);
  while (text->len <= HUTCH_SECCOMP_MAX_FILE_SIZE)
    g_string_append (text, "# padding\n");
  profile = test_parse (text->str, NULL, &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "test.seccomp: larger than 65536 bytes");
}

/* A directory of profiles for the include tests, removed afterwards. */
typedef struct
{
  char *dir;
} Fixture;

static void
write_profile (Fixture *f, const char *name, const char *text)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.seccomp", f->dir, name);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("hutch-seccomp-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr (GFileEnumerator) children
      = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, NULL, &child, NULL, NULL)
         && child != NULL)
    g_file_delete (child, NULL, NULL);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static HutchSeccompProfile *
load_named (Fixture *f, const char *name, GError **error)
{
  g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();

  if (!hutch_seccomp_profile_load_named (profile, f->dir, name, error))
    return NULL;
  return g_steal_pointer (&profile);
}

static void
test_include (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = NULL;
  g_autofree char *text = NULL;

  write_profile (f, "common", "deny ptrace\ndeny mount errno=EACCES\n");
  write_profile (f, "app-1", "deny bpf\ninclude common\nallow mount\ndeny kcmp\n");
  profile = load_named (f, "app-1", &error);
  g_assert_no_error (error);
  text = hutch_seccomp_profile_to_string (profile);
  g_assert_cmpstr (text, ==,
                   "deny bpf errno=EPERM\ndeny ptrace errno=EPERM\ndeny kcmp errno=EPERM\n");
  g_assert_cmpstr (hutch_seccomp_profile_get_rule (profile, 0)->file, ==, "app-1.seccomp");
  g_assert_cmpuint (hutch_seccomp_profile_get_rule (profile, 0)->line, ==, 1);
  g_assert_cmpstr (hutch_seccomp_profile_get_rule (profile, 1)->file, ==, "common.seccomp");
  g_assert_cmpuint (hutch_seccomp_profile_get_rule (profile, 1)->line, ==, 1);
  g_assert_cmpuint (hutch_seccomp_profile_get_rule (profile, 2)->line, ==, 4);

  /* A diamond is not a cycle. */
  write_profile (f, "left", "include common\n");
  write_profile (f, "right", "include common\n");
  write_profile (f, "diamond", "include left\ninclude right\n");
  g_clear_pointer (&profile, hutch_seccomp_profile_free);
  profile = load_named (f, "diamond", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hutch_seccomp_profile_get_n_rules (profile), ==, 4);

  /* Extra rules of an app, loaded after a named profile, allow from it. */
  g_assert_true (hutch_seccomp_profile_load_data (profile, "org.example.App", "allow ptrace\n", 13,
                                                  f->dir, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = hutch_seccomp_profile_to_string (profile);
  g_assert_cmpstr (text, ==, "deny mount errno=EACCES\ndeny mount errno=EACCES\n");
}

static void
test_include_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = NULL;
  g_autofree char *sub = g_build_filename (f->dir, "dir.seccomp", NULL);

  write_profile (f, "a", "# a\ninclude b\n");
  write_profile (f, "b", "include a\n");
  write_profile (f, "self", "deny ptrace\ninclude self\n");
  write_profile (f, "missing", "\n\ninclude nope\n");
  write_profile (f, "broken", "include bad\n");
  write_profile (f, "bad", "deny ptrace\n\ndeny mount if arg1 == 2 and arg1 == 3\n");
  write_profile (f, "subdir", "include dir\n");
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  profile = load_named (f, "a", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_INCLUDE);
  g_assert_cmpstr (error->message, ==, "b.seccomp:1: include cycle: a → b → a");
  g_clear_error (&error);

  profile = load_named (f, "self", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_INCLUDE);
  g_assert_cmpstr (error->message, ==, "self.seccomp:2: include cycle: self → self");
  g_clear_error (&error);

  profile = load_named (f, "missing", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_INCLUDE);
  g_assert_cmpstr (error->message, ==,
                   "missing.seccomp:3: cannot include “nope”: No such file or directory");
  g_clear_error (&error);

  profile = load_named (f, "broken", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "bad.seccomp:3: arg1 is tested twice in one rule, which libseccomp cannot do: "
                   "use “in”, or write two rules");
  g_clear_error (&error);

  profile = load_named (f, "subdir", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_INCLUDE);
  g_assert_cmpstr (error->message, ==,
                   "subdir.seccomp:1: cannot include “dir”: not a regular file");
  g_clear_error (&error);

  profile = load_named (f, "../a", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "“../a” is not a profile name (letters, digits, - and _)");
  g_clear_error (&error);

  profile = load_named (f, "", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_SYNTAX);
  g_clear_error (&error);

  profile = load_named (f, "nope", &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_suffix (error->message, "nope.seccomp: No such file or directory"));
  g_clear_error (&error);
}

static void
test_include_depth (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = NULL;

  /* p0 includes p1 … includes pN; p0 is at depth 0 */
  for (int i = 0; i <= HUTCH_SECCOMP_MAX_INCLUDE_DEPTH + 1; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%d", i);
      g_autofree char *text = g_strdup_printf ("deny ptrace\ninclude p%d\n", i + 1);
      write_profile (f, name, text);
    }
  {
    g_autofree char *last = g_strdup_printf ("p%d", HUTCH_SECCOMP_MAX_INCLUDE_DEPTH);
    write_profile (f, last, "deny mount\n");
  }
  profile = load_named (f, "p0", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hutch_seccomp_profile_get_n_rules (profile), ==,
                    HUTCH_SECCOMP_MAX_INCLUDE_DEPTH + 1);
  g_clear_pointer (&profile, hutch_seccomp_profile_free);

  {
    g_autofree char *last = g_strdup_printf ("p%d", HUTCH_SECCOMP_MAX_INCLUDE_DEPTH);
    g_autofree char *text = g_strdup_printf ("include p%d\n", HUTCH_SECCOMP_MAX_INCLUDE_DEPTH + 1);
    write_profile (f, last, text);
  }
  profile = load_named (f, "p0", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "p8.seccomp:1: includes nested more than 8 deep");
}

static void
test_include_too_large (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchSeccompProfile) profile = NULL;
  g_autofree char *big = g_strnfill (HUTCH_SECCOMP_MAX_FILE_SIZE + 1, '\n');

  write_profile (f, "big", big);
  write_profile (f, "uses-big", "include big\n");
  profile = load_named (f, "uses-big", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "uses-big.seccomp:1: cannot include “big”: larger than 65536 bytes");
  g_clear_error (&error);

  profile = load_named (f, "big", &error);
  g_assert_error (error, HUTCH_SECCOMP_ERROR, HUTCH_SECCOMP_ERROR_LIMIT);
}

/* Every shipped profile parses, and its canonical form reads back. */
static void
test_shipped_parse (void)
{
  static const char *const names[] = { "base", "default", "strict", "devel" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (HutchSeccompProfile) profile = hutch_seccomp_profile_new ();
      g_autoptr (HutchSeccompProfile) again = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;

      hutch_seccomp_profile_load_named (profile, test_profiles_dir (), names[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hutch_seccomp_profile_get_n_rules (profile), >, 0);
      text = hutch_seccomp_profile_to_string (profile);
      again = test_parse (text, NULL, &error);
      g_assert_no_error (error);
      text_again = hutch_seccomp_profile_to_string (again);
      g_assert_cmpstr (text_again, ==, text);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/seccomp/parse/valid", test_valid);
  g_test_add_func ("/seccomp/parse/rule-fields", test_rule_fields);
  g_test_add_func ("/seccomp/parse/errors", test_errors);
  g_test_add_func ("/seccomp/parse/nul-byte", test_nul_byte);
  g_test_add_func ("/seccomp/parse/no-terminator", test_no_terminator);
  g_test_add_func ("/seccomp/parse/limits", test_limits);
  g_test_add ("/seccomp/parse/include", Fixture, NULL, fixture_set_up, test_include,
              fixture_tear_down);
  g_test_add ("/seccomp/parse/include-errors", Fixture, NULL, fixture_set_up, test_include_errors,
              fixture_tear_down);
  g_test_add ("/seccomp/parse/include-depth", Fixture, NULL, fixture_set_up, test_include_depth,
              fixture_tear_down);
  g_test_add ("/seccomp/parse/include-too-large", Fixture, NULL, fixture_set_up,
              test_include_too_large, fixture_tear_down);
  g_test_add_func ("/seccomp/parse/shipped", test_shipped_parse);
  return g_test_run ();
}
