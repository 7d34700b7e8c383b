/* hutch-launch: error reporting, translation and small helpers. */
#include "launch-util.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The locale of the messages category, from the environment. */
static const char *
messages_category_locale (void)
{
  static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    {
      const char *v = getenv (vars[i]);
      if (v != NULL && v[0] != '\0')
        return v;
    }
  return "C";
}

/* The locale that decides the language of messages, as gettext picks it:
 * LANGUAGE, a list of languages, comes first unless the category is C. */
static const char *
message_locale (void)
{
  const char *category = messages_category_locale ();
  const char *language = getenv ("LANGUAGE");

  if (strcmp (category, "C") == 0 || strcmp (category, "POSIX") == 0 || language == NULL
      || language[0] == '\0')
    return category;
  return language;
}

/* musl's gettext reads only the LC_MESSAGES locale, not LANGUAGE: built
 * with musl, hutch-launch sets that locale to LANGUAGE's first language. */
static void
follow_language_variable (void)
{
#ifndef __GLIBC__
  const char *language = message_locale ();
  char first[64];
  size_t len = strcspn (language, ":");

  if (len == 0 || len >= sizeof first)
    return;
  memcpy (first, language, len);
  first[len] = '\0';
  setlocale (LC_MESSAGES, first);
#endif
}

static void
i18n_init (void)
{
  static bool done;

  if (done)
    return;
  done = true;
  setlocale (LC_ALL, "");
  follow_language_variable ();
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

void
i18n_prepare (void)
{
  static const char *const any_msgid = "hutch"; /* not a literal xgettext would extract */
  const char *loc = message_locale ();

  /* English needs no catalogue: start without the cost of a locale. */
  if (strncmp (loc, "C", 1) == 0 || strncmp (loc, "POSIX", 5) == 0 || strncmp (loc, "en", 2) == 0)
    return;
  i18n_init ();
  /* Load the catalogues now: the sandbox's pid 1 reports its errors after
   * the root has changed, when the host's locale files are out of view. */
  (void) dgettext (GETTEXT_PACKAGE, any_msgid);
  (void) strerror (EPERM);
}

const char *
tr (const char *msgid)
{
  i18n_init ();
  return dgettext (GETTEXT_PACKAGE, msgid);
}

static void PRINTF_LIKE (2, 0)
vreport (const char *prefix, const char *fmt, va_list ap, int errsv)
{
  /* One line, assembled first so that concurrent writers do not interleave. */
  char line[1024];
  size_t len;

  i18n_init ();
  len = (size_t) snprintf (line, sizeof line, "hutch-launch: %s", prefix);
  if (len < sizeof line)
    len += (size_t) vsnprintf (line + len, sizeof line - len, tr (fmt), ap);
  if (errsv != 0 && len < sizeof line)
    len += (size_t) snprintf (line + len, sizeof line - len, ": %s", describe_errno (errsv));
  if (len >= sizeof line - 1)
    len = sizeof line - 2;
  line[len++] = '\n';
  (void) write_all (STDERR_FILENO, line, len);
}

noreturn void
die (const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  vreport ("", fmt, ap, 0);
  va_end (ap);
  _exit (EXIT_SETUP_FAILED);
}

noreturn void
die_message (const char *message)
{
  char line[1024];
  int len = snprintf (line, sizeof line, "hutch-launch: %s\n", message);

  (void) write_all (STDERR_FILENO, line, len < (int) sizeof line ? (size_t) len : sizeof line - 1);
  _exit (EXIT_SETUP_FAILED);
}

noreturn void
die_errno (const char *fmt, ...)
{
  int errsv = errno;
  va_list ap;

  va_start (ap, fmt);
  vreport ("", fmt, ap, errsv);
  va_end (ap);
  _exit (EXIT_SETUP_FAILED);
}

noreturn void
die_with_code (int exit_code, int errsv, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  vreport ("", fmt, ap, errsv);
  va_end (ap);
  _exit (exit_code);
}

void
warn (const char *fmt, ...)
{
  int errsv = errno;
  va_list ap;

  va_start (ap, fmt);
  vreport (tr (N_("warning: ")), fmt, ap, 0);
  va_end (ap);
  errno = errsv;
}

bool
parse_uint (const char *s, unsigned long max, unsigned long *out)
{
  char *end;
  unsigned long v;

  if (s == NULL || *s < '0' || *s > '9')
    return false;
  errno = 0;
  v = strtoul (s, &end, 10);
  if (errno != 0 || *end != '\0' || v > max)
    return false;
  *out = v;
  return true;
}

bool
write_all (int fd, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return false;
        }
      p += n;
      len -= (size_t) n;
    }
  return true;
}

bool
copy_fd (int in, int out)
{
  char buf[16384];

  for (;;)
    {
      ssize_t n = read (in, buf, sizeof buf);
      if (n == 0)
        return true;
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return false;
        }
      if (!write_all (out, buf, (size_t) n))
        return false;
    }
}
