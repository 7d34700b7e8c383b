/* Shared by the files of bundler/runtime/ and their unit tests; not for
 * other users.
 *
 *   runtime-apt-sources.c  the machine's apt sources, as mmdebstrap mirrors
 *   runtime-debian.c       a Debian root from mmdebstrap
 *   runtime-subids.c       subordinate UID/GID ranges for mmdebstrap --mode=unshare
 *   runtime-from-host.c    a root from the host's programs
 *   runtime-libraries.c    which shared libraries a host program loads
 *   runtime-elf.c          an ELF file's program interpreter
 *   runtime-layout.c       a staged root made into a build directory
 *   runtime-fs.c           files: created beneath a directory, copied, removed
 *   runtime-spawn.c        running the tools all this needs
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bundler-runtime.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* ---- runtime-apt-sources.c ---- */

typedef struct
{
  char *uri;
  char *suite;
  char *components; /* space-separated */
  char *signed_by;  /* a keyring's path, or NULL */
} HutchAptSource;

void hutch_apt_source_free (HutchAptSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchAptSource, hutch_apt_source_free)

/* Adds the enabled "deb" entries of sources.list text (one-line format)
 * or of a .sources file (deb822) to @sources, one per suite. */
void hutch_apt_sources_parse_list (const char *text, GPtrArray *sources);
void hutch_apt_sources_parse_deb822 (const char *text, GPtrArray *sources);
/* The entries of @dir/sources.list and @dir/sources.list.d/ (NULL: /etc/apt). */
GPtrArray *hutch_apt_sources_read (const char *dir);
/* mmdebstrap's MIRROR arguments for @suite: the machine's entries for
 * @suite and its -updates and -security suites, as one-line entries; if
 * there are none, the URI of the machine's main archive; empty if the
 * machine has no Debian entries (mmdebstrap's default). */
GPtrArray *hutch_apt_sources_mirrors_for (GPtrArray *sources, const char *suite);

/* ---- runtime-subids.c ---- */

/* TRUE if @text (/etc/subuid or /etc/subgid) gives @user (name or
 * number) a range of at least @count IDs. */
gboolean hutch_subids_have_range (const char *text, const char *user, guint32 uid, guint64 count);
/* An error naming the fix unless the user has subordinate UID and GID
 * ranges of 65536 IDs, as mmdebstrap --mode=unshare needs. */
gboolean hutch_subids_check (GError **error);

/* ---- runtime-elf.c ---- */

/* *@out_interp is the program interpreter (PT_INTERP) of the ELF file
 * @path, or NULL if it has none (a static program).  Not an ELF file is
 * an error. */
gboolean hutch_elf_get_interp (const char *path, char **out_interp, GError **error);

/* ---- runtime-libraries.c ---- */

/* The paths in the output of `ld.so --list PROGRAM` (the libraries and
 * the loader; not the vDSO).  A library "not found" is an error. */
GPtrArray *hutch_ld_list_parse (const char *output, const char *program, GError **error);
/* The files @program needs to run: its loader (if it has one, which must
 * be a file only root, or this user, can write) and the libraries the
 * loader lists for it.  Empty for a static program. */
GPtrArray *hutch_runtime_list_libraries (const char *program, GError **error);

/* ---- runtime-from-host.c ---- */

typedef enum
{
  HUTCH_HOST_FILE_PROGRAM, /* a program the packager named: found by name in PATH */
  HUTCH_HOST_FILE_LIBRARY, /* a library, a loader or an interpreter: found by its path */
} HutchHostFileKind;

/* Where the host file @path goes in the runtime's root, relative to it
 * (usr/…): merged /usr, so /bin, /lib… go to usr/bin, usr/lib…; a
 * program outside /usr/bin, /usr/sbin, /bin and /sbin goes to
 * usr/bin/NAME, a library outside /usr and /lib* to usr/lib/NAME. */
char *hutch_runtime_map_host_path (const char *path, HutchHostFileKind kind);

/* ---- runtime-fs.c ---- */

/* Opens (making them as needed) the directories of @relpath beneath the
 * directory @root_fd, following no symbolic link; returns an fd of the
 * last one, or -1 with @error set. */
int hutch_runtime_open_dirs (int root_fd, const char *relpath, GError **error);
/* Copies the regular file @src (links followed: it is the host's) to
 * @relpath beneath @root_fd, which must not exist; mode 0755 or 0644. */
gboolean hutch_runtime_copy_file (const char *src, int root_fd, const char *relpath,
                                  GError **error);
/* Writes @contents to @relpath beneath @root_fd, replacing a file there. */
gboolean hutch_runtime_write_file (int root_fd, const char *relpath, const char *contents,
                                   GError **error);

/* ---- runtime-spawn.c ---- */

/* Runs @argv (the program found in PATH unless it holds a "/") with the
 * output going where ours goes; an exit status other than 0 is an error
 * naming the program.  @envp NULL: our environment. */
gboolean hutch_runtime_run (const char *const *argv, const char *const *envp, GError **error);
/* As hutch_runtime_run(), and returns what it printed on stdout. */
char *hutch_runtime_run_capture (const char *const *argv, const char *const *envp, GError **error);
/* Runs @writer | @reader: the output of the first is the input of the
 * second; an error if either fails (the writer's, if both do). */
gboolean hutch_runtime_run_pipe (const char *const *writer, const char *const *reader,
                                 GError **error);
/* The path of @name in PATH, else in /usr/sbin or /sbin (where
 * ldconfig lives, which a user's PATH often lacks), or NULL. */
char *hutch_runtime_find_program (const char *name);

G_END_DECLS
