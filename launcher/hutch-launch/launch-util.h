/* hutch-launch: error reporting, translation and small helpers.
 *
 * Plain C, no GLib.  Every failure of hutch-launch itself is reported as one
 * line "hutch-launch: what: why" on stderr and exits with a status the app
 * cannot be confused with by callers that check: see the EXIT_* values and
 * the man page.  Messages are msgids (marked N_()) translated at the moment
 * they are printed, so the successful launch path never loads a locale.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

/* Exit statuses, as env(1), chroot(1) and timeout(1) use them. */
#define EXIT_SETUP_FAILED   125 /* hutch-launch itself failed */
#define EXIT_CANNOT_EXECUTE 126 /* the command exists but could not be run */
#define EXIT_NOT_FOUND      127 /* the command was not found */

#define N_(s) (s)

#define PRINTF_LIKE(fmt, args) __attribute__ ((format (printf, fmt, args)))

/* Load the locale and the message catalogues now if the user's language is
 * not English, so that messages printed from inside the sandbox, after the
 * root has changed, are translated too. */
void i18n_prepare (void);

/* The translation of @msgid in the user's locale. */
const char *tr (const char *msgid) __attribute__ ((format_arg (1)));

/* What @errnum means, translated when hutch's catalogue can (launch-errno.c);
 * strerror() otherwise. */
const char *describe_errno (int errnum);

/* Print "hutch-launch: MESSAGE" (MESSAGE translated) and exit 125. */
noreturn void die (const char *fmt, ...) PRINTF_LIKE (1, 2);

/* Print "hutch-launch: MESSAGE" with an already translated MESSAGE, exit 125. */
noreturn void die_message (const char *message);

/* Same as die(), with ": " and what errno means appended. */
noreturn void die_errno (const char *fmt, ...) PRINTF_LIKE (1, 2);

/* Same as die_errno() with an explicit errno value and exit status. */
noreturn void die_with_code (int exit_code, int errsv, const char *fmt, ...) PRINTF_LIKE (3, 4);

/* Print "hutch-launch: warning: MESSAGE" and go on. */
void warn (const char *fmt, ...) PRINTF_LIKE (1, 2);

/* Parse a non-negative decimal integer no larger than @max; false if @s is
 * not exactly that. */
bool parse_uint (const char *s, unsigned long max, unsigned long *out);

/* Write all of @buf to @fd, retrying on EINTR and short writes. */
bool write_all (int fd, const void *buf, size_t len);

/* Copy everything readable from @in to @out with a buffer on the stack:
 * usable after fork() without allocating. */
bool copy_fd (int in, int out);
