/* An ELF file's program interpreter (PT_INTERP): the dynamic loader the
 * kernel would start for it, and so the one that may list its libraries.
 *
 * Defends against: a malformed file making the reader run off its buffers
 * or trust a loader path it did not find.  Every offset and size is
 * checked against the file's size before it is read, the number of
 * program headers is bounded, 32- and 64-bit files of either byte order
 * are read field by field, and the interpreter must be a NUL-terminated
 * absolute path shorter than PATH_MAX.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EI_CLASS      4
#define EI_DATA       5
#define ELFCLASS32    1
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define ELFDATA2MSB   2
#define PT_INTERP     3
#define MAX_PHNUM     4096
#define EHDR_SIZE_MAX 64

typedef struct
{
  int fd;
  const char *path;
  guint64 size;
  gboolean is_64;
  gboolean big_endian;
} ElfFile;

static guint64
get_uint (const ElfFile *elf, const guint8 *p, guint bytes)
{
  guint64 value = 0;

  for (guint i = 0; i < bytes; i++)
    {
      guint shift = elf->big_endian ? 8 * (bytes - 1 - i) : 8 * i;
      value |= (guint64)p[i] << shift;
    }
  return value;
}

static gboolean
fail_malformed (const ElfFile *elf, GError **error)
{
  g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED, _ ("“%s” is not a well-formed ELF file"),
               elf->path);
  return FALSE;
}

/* Reads @len bytes at @offset, all inside the file. */
static gboolean
read_at (const ElfFile *elf, guint64 offset, void *buf, gsize len, GError **error)
{
  if (offset > elf->size || len > elf->size - offset)
    return fail_malformed (elf, error);
  if (pread (elf->fd, buf, len, (off_t)offset) != (ssize_t)len)
    return fail_malformed (elf, error);
  return TRUE;
}

/* Fills in the class and byte order; *@out_phoff… from the file header. */
static gboolean
read_header (ElfFile *elf, guint64 *out_phoff, guint *out_phentsize, guint *out_phnum,
             GError **error)
{
  guint8 h[EHDR_SIZE_MAX] = { 0 };

  if (!read_at (elf, 0, h, MIN (elf->size, sizeof h), error) || elf->size < 52
      || memcmp (h, "\177ELF", 4) != 0)
    {
      g_clear_error (error);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("“%s” is neither an ELF program nor a script"), elf->path);
      return FALSE;
    }
  if ((h[EI_CLASS] != ELFCLASS32 && h[EI_CLASS] != ELFCLASS64)
      || (h[EI_DATA] != ELFDATA2LSB && h[EI_DATA] != ELFDATA2MSB))
    return fail_malformed (elf, error);
  elf->is_64 = h[EI_CLASS] == ELFCLASS64;
  elf->big_endian = h[EI_DATA] == ELFDATA2MSB;
  if (elf->is_64 && elf->size < 64)
    return fail_malformed (elf, error);
  /* e_phoff, e_phentsize, e_phnum */
  *out_phoff = elf->is_64 ? get_uint (elf, h + 32, 8) : get_uint (elf, h + 28, 4);
  *out_phentsize = (guint)get_uint (elf, h + (elf->is_64 ? 54 : 42), 2);
  *out_phnum = (guint)get_uint (elf, h + (elf->is_64 ? 56 : 44), 2);
  if (*out_phnum > MAX_PHNUM || (*out_phnum > 0 && *out_phentsize < (elf->is_64 ? 56u : 32u)))
    return fail_malformed (elf, error);
  return TRUE;
}

/* The interpreter named by the PT_INTERP header at @ph. */
static char *
read_interp (const ElfFile *elf, const guint8 *ph, GError **error)
{
  guint64 offset = elf->is_64 ? get_uint (elf, ph + 8, 8) : get_uint (elf, ph + 4, 4);
  guint64 size = elf->is_64 ? get_uint (elf, ph + 32, 8) : get_uint (elf, ph + 16, 4);
  g_autofree char *interp = NULL;

  if (size < 2 || size > PATH_MAX)
    {
      fail_malformed (elf, error);
      return NULL;
    }
  interp = g_malloc (size);
  if (!read_at (elf, offset, interp, size, error))
    return NULL;
  if (interp[size - 1] != '\0' || strlen (interp) != size - 1 || interp[0] != '/')
    {
      fail_malformed (elf, error);
      return NULL;
    }
  return g_steal_pointer (&interp);
}

static gboolean
find_interp (ElfFile *elf, char **out_interp, GError **error)
{
  guint64 phoff;
  guint phentsize, phnum;
  guint8 ph[64];

  if (!read_header (elf, &phoff, &phentsize, &phnum, error))
    return FALSE;
  *out_interp = NULL;
  for (guint i = 0; i < phnum; i++)
    {
      if (!read_at (elf, phoff + (guint64)i * phentsize, ph, elf->is_64 ? 56 : 32, error))
        return FALSE;
      if (get_uint (elf, ph, 4) == PT_INTERP)
        {
          *out_interp = read_interp (elf, ph, error);
          return *out_interp != NULL;
        }
    }
  return TRUE;
}

gboolean
hutch_elf_get_interp (const char *path, char **out_interp, GError **error)
{
  ElfFile elf = { -1, path, 0, FALSE, FALSE };
  struct stat st;
  gboolean ok;

  elf.fd = open (path, O_RDONLY | O_CLOEXEC);
  if (elf.fd < 0 || fstat (elf.fd, &st) < 0)
    {
      int errsv = errno;
      if (elf.fd >= 0)
        close (elf.fd);
      hutch_set_file_error (error, errsv, _ ("cannot read “%s”"), path);
      return FALSE;
    }
  elf.size = (guint64)st.st_size;
  ok = find_interp (&elf, out_interp, error);
  close (elf.fd);
  return ok;
}
