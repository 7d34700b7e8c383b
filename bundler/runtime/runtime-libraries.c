/* Which shared libraries a host program loads: its own dynamic loader,
 * run as `LOADER --list PROGRAM`, says (what ldd does, without ldd's
 * shell script and its guesses).
 *
 * Defends against: following an untrusted path.  The loader is the one
 * the program names (PT_INTERP, read by runtime-elf.c), so nothing runs
 * that running the program would not run; it must be an absolute path to
 * a regular file that only root (or this user) can write.  It runs with an
 * environment of LC_ALL=C alone, so no LD_LIBRARY_PATH, LD_PRELOAD or
 * LD_AUDIT of ours adds or swaps a library.  Its output is parsed
 * strictly: a library "not found" is an error naming it, and only
 * absolute paths are taken.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime-private.h"

#include "hutch-error.h"
#include "hutch-files.h"
#include "hutch-i18n.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The path in a line of `ld.so --list`: "NAME => PATH (0x…)",
 * "PATH (0x…)", or NULL for the vDSO ("NAME (0x…)"). */
static char *
path_of_line (const char *line, const char *program, GError **error)
{
  const char *arrow = strstr (line, " => ");
  const char *start = arrow != NULL ? arrow + 4 : line;
  const char *end = strstr (start, " (0x");

  if (arrow != NULL && g_str_has_prefix (start, "not found"))
    {
      g_autofree char *name = g_strndup (line, arrow - line);
      g_autofree char *quoted = hutch_escape_for_terminal (name, HUTCH_ESCAPE_FLAGS_NONE);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                   _ ("“%s” needs the library “%s”, which its dynamic loader does not find"),
                   program, quoted);
      return NULL;
    }
  if (start[0] != '/')
    return NULL;
  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

GPtrArray *
hutch_ld_list_parse (const char *output, const char *program, GError **error)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      char *path = path_of_line (g_strstrip (lines[i]), program, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  return g_steal_pointer (&paths);
}

/* The loader @interp of @program is a file we may trust to run. */
static gboolean
check_loader (const char *interp, const char *program, GError **error)
{
  struct stat st;

  if (stat (interp, &st) < 0)
    {
      int errsv = errno;
      hutch_set_file_error (error, errsv, _ ("the dynamic loader “%s” of “%s”"), interp, program);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode) || (st.st_uid != 0 && st.st_uid != geteuid ())
      || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_PERMISSION_DENIED,
                   _ ("the dynamic loader “%s” of “%s” is not a regular file that only its owner "
                      "(root or you) can write: refusing to run it"),
                   interp, program);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
hutch_runtime_list_libraries (const char *program, GError **error)
{
  static const char *const env[] = { "LC_ALL=C", NULL };
  g_autofree char *interp = NULL;
  g_autofree char *output = NULL;
  const char *argv[] = { NULL, "--list", program, NULL };

  if (!hutch_elf_get_interp (program, &interp, error))
    return NULL;
  if (interp == NULL)
    return g_ptr_array_new_with_free_func (g_free);
  if (!check_loader (interp, program, error))
    return NULL;
  /* On a library it cannot find, the loader says which on stderr. */
  argv[0] = interp;
  output = hutch_runtime_run_capture (argv, env, error);
  if (output == NULL)
    {
      g_prefix_error (error, _ ("cannot list the libraries of “%s”: "), program);
      return NULL;
    }
  return hutch_ld_list_parse (output, program, error);
}
