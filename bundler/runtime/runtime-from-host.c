/* A small runtime from the host's own programs: each program, the shared
 * libraries it loads and its dynamic loader, the interpreter of a script,
 * and busybox with its applet links if the host has it, in a merged-/usr
 * layout with an ld.so.cache.  Seconds to build; for tests and demos.
 *
 * Defends against: a runtime that does not run where it is mounted (every
 * file lands where the programs look for it: /lib64/ld-linux….so.2 at
 * usr/lib64/…, which /lib64 → usr/lib64 reaches in the sandbox), and
 * writing outside the staging root (runtime-fs.c; busybox's applet names
 * must be plain names).  Which libraries a program needs is asked of its
 * own loader only (runtime-libraries.c).
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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A script's interpreter may be a script, this many times. */
#define MAX_INTERPRETERS 4
#define SHEBANG_MAX      256

typedef struct
{
  const char *root;
  int root_fd;
  GHashTable *placed;   /* paths relative to the root */
  GHashTable *lib_dirs; /* /usr/… directories that got a library */
  char *busybox;        /* where busybox went, relative to the root */
  guint n_files;
} Stage;

static gboolean
has_dir (const char *path, const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (path);

  return strcmp (parent, dir) == 0;
}

char *
hutch_runtime_map_host_path (const char *path, HutchHostFileKind kind)
{
  static const char *const merged[]
      = { "/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/" };
  g_autofree char *canon = g_canonicalize_filename (path, "/");
  g_autofree char *base = g_path_get_basename (canon);

  if (kind == HUTCH_HOST_FILE_PROGRAM)
    return g_build_filename (has_dir (canon, "/usr/sbin") || has_dir (canon, "/sbin") ? "usr/sbin"
                                                                                      : "usr/bin",
                             base, NULL);
  if (g_str_has_prefix (canon, "/usr/"))
    return g_strdup (canon + 1);
  for (guint i = 0; i < G_N_ELEMENTS (merged); i++)
    if (g_str_has_prefix (canon, merged[i]))
      return g_strconcat ("usr", canon, NULL);
  return g_build_filename ("usr/lib", base, NULL);
}

/* Copies the host's @path to @relpath, unless something is there. */
static gboolean
place (Stage *stage, const char *path, const char *relpath, GError **error)
{
  if (g_hash_table_contains (stage->placed, relpath))
    return TRUE;
  if (!hutch_runtime_copy_file (path, stage->root_fd, relpath, error))
    return FALSE;
  g_hash_table_add (stage->placed, g_strdup (relpath));
  stage->n_files++;
  return TRUE;
}

static gboolean
place_libraries (Stage *stage, const char *program, GError **error)
{
  g_autoptr (GPtrArray) libraries = hutch_runtime_list_libraries (program, error);

  if (libraries == NULL)
    return FALSE;
  for (guint i = 0; i < libraries->len; i++)
    {
      const char *library = g_ptr_array_index (libraries, i);
      g_autofree char *relpath = hutch_runtime_map_host_path (library, HUTCH_HOST_FILE_LIBRARY);
      g_autofree char *dir = g_path_get_dirname (relpath);

      if (!place (stage, library, relpath, error))
        return FALSE;
      g_hash_table_add (stage->lib_dirs, g_strconcat ("/", dir, NULL));
    }
  return TRUE;
}

/* The interpreter of the script @path ("#!INTERPRETER [ARG]"), or NULL
 * (no error) if @path does not start with "#!". */
static char *
read_shebang (const char *path, GError **error)
{
  char buf[SHEBANG_MAX + 1] = { 0 };
  const char *start;
  gssize n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      hutch_set_file_error (error, errno, _ ("cannot read “%s”"), path);
      return NULL;
    }
  n = read (fd, buf, SHEBANG_MAX);
  close (fd);
  if (n < 2 || buf[0] != '#' || buf[1] != '!')
    return NULL;
  buf[strcspn (buf, "\n")] = '\0';
  start = buf + 2 + strspn (buf + 2, " \t");
  if (start[0] != '/')
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("the script “%s” names no absolute interpreter on its first line"), path);
      return NULL;
    }
  return g_strndup (start, strcspn (start, " \t"));
}

/* Places @path (at @relpath) and what it needs to run. */
static gboolean
place_program (Stage *stage, const char *path, const char *relpath, guint depth, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *interp = NULL;

  if (depth > MAX_INTERPRETERS)
    {
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_FAILED,
                   _ ("“%s” is a script run by a script, more than %d deep"), path,
                   MAX_INTERPRETERS);
      return FALSE;
    }
  interp = read_shebang (path, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (interp != NULL)
    {
      g_autofree char *interp_relpath
          = hutch_runtime_map_host_path (interp, HUTCH_HOST_FILE_LIBRARY);
      if (!place_program (stage, interp, interp_relpath, depth + 1, error))
        return FALSE;
    }
  else if (!place_libraries (stage, path, error))
    return FALSE;
  return place (stage, path, relpath, error);
}

/* The host path of the program @name: as given if it holds a "/", else
 * found in PATH. */
static char *
find_host_program (const char *name, GError **error)
{
  g_autofree char *path = NULL;

  if (strchr (name, '/') != NULL)
    path = g_canonicalize_filename (name, NULL);
  else
    path = g_find_program_in_path (name);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR)
      || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autofree char *quoted = hutch_escape_for_terminal (name, HUTCH_ESCAPE_FLAGS_NONE);
      g_set_error (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                   strchr (name, '/') != NULL ? _ ("“%s” is not an executable file")
                                              : _ ("“%s” is not a program in PATH"),
                   quoted);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static gboolean
add_program (Stage *stage, const char *name, GError **error)
{
  g_autofree char *path = find_host_program (name, error);
  g_autofree char *relpath = NULL;

  if (path == NULL)
    return FALSE;
  relpath = hutch_runtime_map_host_path (path, HUTCH_HOST_FILE_PROGRAM);
  return place_program (stage, path, relpath, 0, error);
}

/* A link of busybox's "--list-full" line @line ("usr/bin/awk"), unless
 * its name is taken or the line is not of a directory of programs. */
static gboolean
add_applet (Stage *stage, const char *line, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (line);
  g_autofree char *name = g_path_get_basename (line);
  g_autofree char *relpath = NULL, *target = NULL, *busybox_dir = NULL;
  const char *usr_dir;
  int fd;

  if (strcmp (dir, "bin") == 0 || strcmp (dir, "usr/bin") == 0)
    usr_dir = "usr/bin";
  else if (strcmp (dir, "sbin") == 0 || strcmp (dir, "usr/sbin") == 0)
    usr_dir = "usr/sbin";
  else
    return TRUE;
  if (name[0] == '\0' || name[0] == '.' || strchr (name, '/') != NULL)
    return TRUE;
  relpath = g_build_filename (usr_dir, name, NULL);
  if (!g_hash_table_add (stage->placed, g_strdup (relpath)))
    return TRUE;
  busybox_dir = g_path_get_dirname (stage->busybox);
  target = strcmp (busybox_dir, usr_dir) == 0 ? g_path_get_basename (stage->busybox)
                                              : g_strconcat ("..", stage->busybox + 3, NULL);
  fd = hutch_runtime_open_dirs (stage->root_fd, usr_dir, error);
  if (fd < 0)
    return FALSE;
  if (symlinkat (target, fd, name) < 0)
    {
      int errsv = errno;
      close (fd);
      hutch_set_file_error (error, errsv, _ ("cannot create “%s”"), relpath);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* busybox and its applets, if the host has busybox. */
static gboolean
add_busybox (Stage *stage, GError **error)
{
  g_autofree char *path = g_find_program_in_path ("busybox");
  g_autofree char *list = NULL;
  g_auto (GStrv) lines = NULL;
  const char *argv[] = { NULL, "--list-full", NULL };

  if (path == NULL)
    return TRUE;
  stage->busybox = hutch_runtime_map_host_path (path, HUTCH_HOST_FILE_PROGRAM);
  if (!place_program (stage, path, stage->busybox, 0, error))
    return FALSE;
  argv[0] = path;
  list = hutch_runtime_run_capture (argv, NULL, error);
  if (list == NULL)
    return FALSE;
  lines = g_strsplit (list, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !add_applet (stage, lines[i], error))
      return FALSE;
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* etc/ld.so.conf naming every library directory, then ld.so.cache from
 * the host's ldconfig, chrooted into the root (in a user namespace of our
 * own unless we are root). */
static gboolean
make_ld_cache (Stage *stage, GError **error)
{
  static const char *const links[][2] = {
    { "usr/bin", "bin" },
    { "usr/sbin", "sbin" },
    { "usr/lib", "lib" },
    { "usr/lib64", "lib64" },
  };
  g_autoptr (GPtrArray) dirs = g_ptr_array_new ();
  g_autoptr (GString) conf = g_string_new (NULL);
  g_autofree char *ldconfig = hutch_runtime_find_program ("ldconfig");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer dir;

  g_hash_table_iter_init (&iter, stage->lib_dirs);
  while (g_hash_table_iter_next (&iter, &dir, NULL))
    g_ptr_array_add (dirs, dir);
  g_ptr_array_sort (dirs, compare_strings);
  for (guint i = 0; i < dirs->len; i++)
    g_string_append_printf (conf, "%s\n", (const char *)g_ptr_array_index (dirs, i));
  if (!hutch_runtime_write_file (stage->root_fd, "etc/ld.so.conf", conf->str, error))
    return FALSE;
  /* /lib… as in the sandbox, for ldconfig's own directories; only usr/
   * and etc/ are kept, so a link that cannot be made changes nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    (void)symlinkat (links[i][0], stage->root_fd, links[i][1]);
  if (ldconfig == NULL)
    {
      g_set_error_literal (error, HUTCH_ERROR, HUTCH_ERROR_NOT_FOUND,
                           _ ("ldconfig is not installed: it makes the runtime's ld.so.cache"));
      return FALSE;
    }
  if (geteuid () != 0)
    {
      g_ptr_array_add (argv, (char *)"unshare");
      g_ptr_array_add (argv, (char *)"--user");
      g_ptr_array_add (argv, (char *)"--map-root-user");
    }
  g_ptr_array_add (argv, ldconfig);
  g_ptr_array_add (argv, (char *)"-r");
  g_ptr_array_add (argv, (char *)stage->root);
  g_ptr_array_add (argv, NULL);
  if (hutch_runtime_run ((const char *const *)argv->pdata, NULL, error))
    return TRUE;
  g_prefix_error (error, _ ("cannot make the runtime's ld.so.cache: "));
  return FALSE;
}

gboolean
hutch_runtime_stage_from_host (const char *const *programs, const char *root, guint *out_n_files,
                               GError **error)
{
  Stage stage = { root, -1, NULL, NULL, NULL, 0 };
  gboolean ok = TRUE;

  stage.root_fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (stage.root_fd < 0)
    {
      hutch_set_file_error (error, errno, _ ("cannot open “%s”"), root);
      return FALSE;
    }
  stage.placed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stage.lib_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; ok && programs[i] != NULL; i++)
    ok = add_program (&stage, programs[i], error);
  ok = ok && add_busybox (&stage, error) && make_ld_cache (&stage, error);
  if (ok && out_n_files != NULL)
    *out_n_files = stage.n_files;
  g_hash_table_unref (stage.placed);
  g_hash_table_unref (stage.lib_dirs);
  g_free (stage.busybox);
  close (stage.root_fd);
  return ok;
}
