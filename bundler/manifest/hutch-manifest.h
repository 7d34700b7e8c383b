/* Manifests: what hutch-bundler builds, in flatpak-builder's format.
 *
 * A manifest is a JSON file (flatpak-builder's keys, so existing manifests
 * build with little or no change).  It is untrusted input: a manifest from
 * a stranger's repository must not crash the bundler, and must not name
 * files outside its own directory.  Every error names the file, line,
 * column and field: "FILE:LINE:COLUMN: modules[2].sources[0].sha256: what
 * is wrong".  Keys the bundler does not know, or knows but ignores, are
 * warnings, never silently dropped; keys whose loss would change what is
 * built or granted (finish-args it cannot express, network sources without
 * a mirror) are errors.
 *
 * This header is the model the parser fills and the build reads.  Every
 * string is owned by the struct that holds it; lists are NULL-terminated
 * string arrays (GStrv) or GPtrArrays that free their elements.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest manifest (or included module file) read, and how deep
 * modules and JSON values may nest. */
#define HUTCH_MANIFEST_MAX_SIZE  (4 * 1024 * 1024)
#define HUTCH_MANIFEST_MAX_DEPTH 64

/* Where a value was written: for messages about it found after parsing
 * (a checksum mismatch, a source that escapes, a missing runtime). */
typedef struct
{
  char *file;   /* the manifest or included module file, as given (shared by the
                 * locations in one file: a GRefString; read it, never free it) */
  guint line;   /* 1-based */
  guint column; /* 1-based, in bytes */
  char *field;  /* "modules[2].sources[0]" */
} HutchManifestLocation;

typedef enum
{
  HUTCH_SOURCE_FILE,
  HUTCH_SOURCE_DIR,
  HUTCH_SOURCE_ARCHIVE,
  HUTCH_SOURCE_SCRIPT,
  HUTCH_SOURCE_PATCH,
  HUTCH_SOURCE_INLINE,
} HutchSourceType;

typedef struct
{
  HutchSourceType type;
  HutchManifestLocation where;
  /* file, dir, archive, patch: a path relative to the directory of the file
   * that names it, already checked: relative, no "..", no empty element.
   * A dir source may also be "." (the directory itself).  The check is
   * lexical: open it beneath base_dir, never following a symbolic link out. */
  char *path;
  /* file, archive, patch: given instead of (or with) path; the build
   * fetches it only from a local mirror (--mirror-dir), else errors. */
  char *url;
  char *sha256;        /* lowercase hex, 64 digits; required with url */
  char *dest;          /* a subdirectory of the module's source dir, checked like path; NULL for its top */
  char *dest_filename; /* file, script, inline: the name to write; checked: one element;
                        * file: by default the last element of path or url;
                        * script: by default "autogen.sh" */
  char **commands;     /* script: its lines */
  char *contents;      /* inline: the text (decoded if base64) */
  gsize contents_len;
  gboolean base64;     /* inline: contents were base64 */
  guint strip_components; /* archive: leading path elements dropped, default 1 */
  char *archive_type;  /* archive: "tar", "tar-gzip", … "zip"; NULL: from the name */
  guint patch_strip;   /* patch: the -p of patch(1), default 1 */
  char **patch_options;
  char **skip;         /* dir: names not to copy */
  char **only_arches;
  char **skip_arches;
  /* The directory path is relative to: the manifest's base directory, or
   * that of the included module or source file that names this source;
   * NULL if the manifest was parsed without a base directory.  A GRefString
   * shared by the sources of one file. */
  char *base_dir;
} HutchManifestSource;

typedef enum
{
  HUTCH_BUILDSYSTEM_AUTOTOOLS, /* flatpak-builder's default */
  HUTCH_BUILDSYSTEM_CMAKE,
  HUTCH_BUILDSYSTEM_CMAKE_NINJA,
  HUTCH_BUILDSYSTEM_MESON,
  HUTCH_BUILDSYSTEM_SIMPLE,
  HUTCH_BUILDSYSTEM_QMAKE,
} HutchBuildSystem;

/* build-options, at the top and per module; the module's win. */
typedef struct
{
  char *cflags, *cxxflags, *cppflags, *ldflags;
  gboolean cflags_override, cxxflags_override, cppflags_override, ldflags_override;
  char *prefix;                  /* default /app */
  char *libdir;
  char *append_path, *prepend_path;
  char *append_ld_library_path, *prepend_ld_library_path;
  char *append_pkg_config_path, *prepend_pkg_config_path;
  char **env;                    /* "KEY=VALUE", in the manifest's order */
  char **build_args;             /* permission flags for the build sandbox: only --share=network is honoured */
  char **config_opts;
  char **make_args;
  char **make_install_args;
  gboolean strip;
  gboolean no_debuginfo;
  gboolean network;              /* build_args has --share=network */
} HutchBuildOptions;

typedef struct _HutchManifestModule HutchManifestModule;
struct _HutchManifestModule
{
  HutchManifestLocation where;
  char *name;                    /* required; checked: one path element */
  gboolean disabled;
  HutchBuildSystem buildsystem;
  gboolean builddir;             /* build in a subdirectory (always for meson) */
  char *subdir;                  /* checked like a source path */
  char **config_opts;
  char **make_args;
  char **make_install_args;
  char **build_commands;         /* simple */
  char **post_install;
  char **cleanup;                /* globs, relative to /app or absolute in it */
  char **only_arches;
  char **skip_arches;
  gboolean no_autogen;
  HutchBuildOptions *build_options; /* NULL if none */
  GPtrArray *sources;            /* of HutchManifestSource */
  GPtrArray *modules;            /* of HutchManifestModule, built first */
};

typedef struct
{
  char *path;                    /* the manifest file, as given */
  char *id;                      /* "id" or "app-id", a valid app ID */
  char *branch;                  /* "branch" or "default-branch"; NULL: the command line's or "master" */
  gboolean branch_is_default;    /* branch came from "default-branch": --default-branch wins */
  char *runtime;                 /* runtime ID */
  char *runtime_version;         /* "master" if not given */
  char *sdk;                     /* SDK runtime ID */
  HutchManifestLocation runtime_where; /* where "runtime" and "sdk" were written, for */
  HutchManifestLocation sdk_where;     /* messages about them (a runtime not installed) */
  char *command;
  char **finish_args;            /* as written: "--share=network", … */
  char *metadata_context;        /* finish-args as a key file's permission groups ([Context], …);
                                  * "" if there are none */
  HutchBuildOptions *build_options;
  char **cleanup;
  char **cleanup_commands;
  char *rename_desktop_file;
  char *rename_icon;
  char *rename_appdata_file;
  gboolean copy_icon;
  gboolean build_runtime;        /* "build-runtime": true is an error (not supported) */
  GPtrArray *modules;            /* of HutchManifestModule */
  GPtrArray *warnings;           /* of char*, translated "FILE:LINE:COLUMN: FIELD: …" lines */
  char *base_dir;                /* where relative paths start; NULL if parsed without one */
} HutchManifest;

/* Reads and checks @path; module entries that are strings name JSON files
 * relative to the manifest's directory, read the same way. */
HutchManifest *hutch_manifest_load (const char *path, GError **error);
/* The same from memory: @filename names it in messages; @base_dir is where
 * relative paths start; NULL refuses module files (the fuzz target). */
HutchManifest *hutch_manifest_parse (const char *data,
                                     gsize len,
                                     const char *filename,
                                     const char *base_dir,
                                     GError **error);
void hutch_manifest_free (HutchManifest *manifest);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchManifest, hutch_manifest_free)

/* Also for the merged options of bundler/build/ (build_options_merge()). */
void hutch_build_options_free (HutchBuildOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HutchBuildOptions, hutch_build_options_free)

/* The app's metadata key file, as the build exports it: [Application]
 * name, runtime=RUNTIME/ARCH/VERSION, sdk=SDK/ARCH/VERSION, command, then
 * the permission groups from finish-args.  Stable: the same manifest gives
 * the same bytes.  @arch: a valid arch, or NULL for hutch_get_arch(). */
char *hutch_manifest_to_metadata (const HutchManifest *manifest, const char *arch);

/* "FILE:LINE:COLUMN: FIELD: " + the message, for errors found later. */
char *hutch_manifest_location_format (const HutchManifestLocation *where,
                                      const char *format,
                                      ...) G_GNUC_PRINTF (2, 3);

/* Error domain of the parser: HUTCH_ERROR_INVALID_MANIFEST (hutch-error.h). */

G_END_DECLS
