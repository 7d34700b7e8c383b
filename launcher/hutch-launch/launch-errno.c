/* hutch-launch: what an errno value means, in the user's language.
 *
 * Built with musl, hutch-launch gets English only from strerror(): musl
 * has no catalogues of its own.  So the errors a launch can meet are
 * described here, in hutch's catalogue (po/), and a description the
 * catalogue does not translate comes from strerror() as before: the same
 * English text, or glibc's translation when built with glibc.
 */
#include "launch-util.h"

#include <errno.h>
#include <string.h>

static const struct
{
  int errnum;
  const char *msgid;
} descriptions[] = {
  { EPERM, N_("Operation not permitted") },
  { ENOENT, N_("No such file or directory") },
  { ESRCH, N_("No such process") },
  { EINTR, N_("Interrupted system call") },
  { EIO, N_("Input/output error") },
  { ENXIO, N_("No such device or address") },
  { E2BIG, N_("Argument list too long") },
  { ENOEXEC, N_("Exec format error") },
  { EBADF, N_("Bad file descriptor") },
  { ECHILD, N_("No child process") },
  { EAGAIN, N_("Resource temporarily unavailable") },
  { ENOMEM, N_("Out of memory") },
  { EACCES, N_("Permission denied") },
  { EFAULT, N_("Bad address") },
  { EBUSY, N_("Device or resource busy") },
  { EEXIST, N_("File exists") },
  { EXDEV, N_("Cross-device link") },
  { ENODEV, N_("No such device") },
  { ENOTDIR, N_("Not a directory") },
  { EISDIR, N_("Is a directory") },
  { EINVAL, N_("Invalid argument") },
  { ENFILE, N_("Too many open files in system") },
  { EMFILE, N_("Too many open files") },
  { ENOTTY, N_("Inappropriate ioctl for device") },
  { ETXTBSY, N_("Text file busy") },
  { EFBIG, N_("File too large") },
  { ENOSPC, N_("No space left on device") },
  { ESPIPE, N_("Invalid seek") },
  { EROFS, N_("Read-only file system") },
  { EMLINK, N_("Too many links") },
  { EPIPE, N_("Broken pipe") },
  { ERANGE, N_("Result not representable") },
  { ENAMETOOLONG, N_("File name too long") },
  { ENOSYS, N_("Function not implemented") },
  { ENOTEMPTY, N_("Directory not empty") },
  { ELOOP, N_("Too many levels of symbolic links") },
  { EOVERFLOW, N_("Value too large for data type") },
  { EOPNOTSUPP, N_("Operation not supported") },
  { ENOTSOCK, N_("Not a socket") },
  { ENETDOWN, N_("Network is down") },
  { ENOBUFS, N_("No buffer space available") },
  { EDQUOT, N_("Disk quota exceeded") },
  { ESTALE, N_("Stale file handle") },
};

const char *
describe_errno (int errnum)
{
  for (size_t i = 0; i < sizeof descriptions / sizeof descriptions[0]; i++)
    if (descriptions[i].errnum == errnum)
      {
        const char *translated = tr (descriptions[i].msgid);

        if (translated != descriptions[i].msgid)
          return translated;
        break;
      }
  return strerror (errnum);
}
