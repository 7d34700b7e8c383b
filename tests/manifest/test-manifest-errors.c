/* Unit tests for the manifest parser's errors: each bad manifest fails
 * with exactly "FILE:LINE:COLUMN: FIELD: what is wrong" — wrong types,
 * missing keys, bad IDs, paths that escape, checksums, unknown build
 * systems, network and VCS sources, finish-args Hutch cannot express.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "hutch-manifest.h"
#include "manifest-test-util.h"

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The bad member starts line 2. */
#define HEAD MINIMAL_HEAD ",\n"
/* The bad source is modules[0].sources[0], at line 2, column 39. */
#define SOURCE_HEAD HEAD "\"modules\": [{\"name\": \"m\", \"sources\": ["
#define SOURCE_TAIL "]}]}"

static void
test_types (void)
{
  static const TestBadCase cases[] = {
    { HEAD "\"copy-icon\": \"yes\"}",
      "m.json:2:14: copy-icon: must be true or false, not a string" },
    { HEAD "\"cleanup\": \"x\"}", "m.json:2:12: cleanup: must be an array, not a string" },
    { HEAD "\"cleanup\": [\"a\", 2]}", "m.json:2:18: cleanup[1]: must be a string, not a number" },
    { HEAD "\"rename-icon\": null}", "m.json:2:16: rename-icon: must be a string, not null" },
    { HEAD "\"rename-icon\": \"a/b\"}",
      "m.json:2:16: rename-icon: “a/b” must be a file name, without “/”" },
    { HEAD "\"finish-args\": {}}", "m.json:2:16: finish-args: must be an array, not an object" },
    { HEAD "\"finish-args\": [true]}",
      "m.json:2:17: finish-args[0]: must be a string, not a boolean" },
    { HEAD "\"modules\": {}}", "m.json:2:12: modules: must be an array, not an object" },
    { HEAD "\"modules\": [1]}", "m.json:2:13: modules[0]: must be an object, not a number" },
    { HEAD "\"build-runtime\": 1}",
      "m.json:2:18: build-runtime: must be true or false, not a number" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_top (void)
{
  static const TestBadCase cases[] = {
    { "{\"runtime\": \"org.example.Platform\", \"sdk\": \"org.example.Sdk\", \"command\": \"a\"}",
      "m.json:1:1: id: this key is required" },
    { "\n {\"id\": \"org.example.App\", \"sdk\": \"org.example.Sdk\", \"command\": \"a\"}",
      "m.json:2:2: runtime: this key is required" },
    { "{\"id\": \"org.example.App\", \"runtime\": \"org.example.Platform\", \"command\": \"a\"}",
      "m.json:1:1: sdk: this key is required" },
    { "{\"id\": \"org.example.App\", \"runtime\": \"org.example.Platform\", \"sdk\": "
      "\"org.example.Sdk\"}",
      "m.json:1:1: command: this key is required" },
    { "{\"id\": \"hello\"}",
      "m.json:1:8: id: “hello” is not a valid application ID: it needs at least three elements" },
    { "{\"app-id\": \"org.example.A\\u001b[2J\"}",
      "m.json:1:12: app-id: “org.example.A\\x1b[2J” is not a valid application ID: it contains "
      "“\\x1b”; only A–Z, a–z, 0–9, “_” and “-” are allowed" },
    { HEAD "\"app-id\": \"org.example.App\"}",
      "m.json:2:11: app-id: means the same as a key given before; give only one" },
    { HEAD "\"branch\": \"a b\"}",
      "m.json:2:11: branch: “a b” is not a valid branch: it contains “ ”; only A–Z, a–z, 0–9, "
      "“_”, “.” and “-” are allowed" },
    { "{\"runtime\": \"org/example\"}",
      "m.json:1:13: runtime: “org/example” is not a valid runtime ID: it contains “/”; only A–Z, "
      "a–z, 0–9, “_” and “-” are allowed" },
    { "{\"runtime-version\": \"..\"}",
      "m.json:1:21: runtime-version: “..” is not a valid branch: it starts with “.”; it must start "
      "with A–Z, a–z, 0–9 or “_”" },
    { "{\"command\": \"\"}", "m.json:1:13: command: it is empty" },
    { "{\"command\": \"a\\nb\"}", "m.json:1:13: command: “a\\x0ab” contains a control character" },
    { HEAD "\"build-runtime\": true}",
      "m.json:2:18: build-runtime: only apps are built from manifests; build runtimes with "
      "“hutch-bundler runtime”" },
    { HEAD "\"build-extension\": true}",
      "m.json:2:20: build-extension: only apps are built from manifests; build runtimes with "
      "“hutch-bundler runtime”" },
    { HEAD "\"base\": \"org.electronjs.Electron2.BaseApp\"}",
      "m.json:2:9: base: base apps are not supported: /app is built from the modules alone" },
    { HEAD "\"metadata\": \"metadata.in\"}",
      "m.json:2:13: metadata: a metadata file is not supported: permissions come from "
      "“finish-args” only" },
  };
  g_autoptr (HutchManifest) no_runtime_build = test_parse (HEAD "\"build-runtime\": false}", NULL);

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
  g_assert_nonnull (no_runtime_build);
}

static void
test_build_options (void)
{
  static const TestBadCase cases[] = {
    { HEAD "\"build-options\": []}",
      "m.json:2:18: build-options: must be an object, not an array" },
    { HEAD "\"build-options\": {\"env\": {\"A\": 1}}}",
      "m.json:2:32: build-options.env.A: must be a string, not a number" },
    { HEAD "\"build-options\": {\"env\": [\"A=1\"]}}",
      "m.json:2:26: build-options.env: must be an object, not an array" },
    { HEAD "\"build-options\": {\"env\": {\"A=B\": \"x\"}}}",
      "m.json:2:27: build-options.env[\"A=B\"]: “A=B” is not an environment variable name (A–Z, "
      "a–z, 0–9 and “_”)" },
    { HEAD "\"build-options\": {\"env\": {\"1A\": \"x\"}}}",
      "m.json:2:27: build-options.env.1A: “1A” is not an environment variable name (A–Z, a–z, "
      "0–9 and “_”)" },
    { HEAD "\"build-options\": {\"strip\": \"true\"}}",
      "m.json:2:28: build-options.strip: must be true or false, not a string" },
    { HEAD "\"build-options\": {\"prefix\": \"app\"}}",
      "m.json:2:29: build-options.prefix: “app” must be an absolute path" },
    { HEAD "\"build-options\": {\"prefix\": \"/app/../usr\"}}",
      "m.json:2:29: build-options.prefix: “/app/../usr” leads out of its directory (“..”)" },
    { HEAD "\"build-options\": {\"arch\": []}}",
      "m.json:2:27: build-options.arch: must be an object, not an array" },
    { HEAD "\"build-options\": {\"arch\": {\"X86\": {}}}}",
      "m.json:2:28: build-options.arch.X86: “X86” is not a valid architecture: it contains “X”; "
      "only "
      "a–z, 0–9 and “_” are allowed" },
    { HEAD "\"build-options\": {\"arch\": {\"x86_64\": {\"arch\": {}}}}}",
      "m.json:2:47: build-options.arch.x86_64.arch: “arch” cannot be nested in “arch”" },
    { HEAD "\"build-options\": {\"arch\": {\"aarch64\": {\"cflags\": 1}}}}",
      "m.json:2:50: build-options.arch.aarch64.cflags: must be a string, not a number" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"build-options\": {\"libdir\": \"\"}}]}",
      "m.json:2:55: modules[0].build-options.libdir: it is empty" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_modules (void)
{
  static const TestBadCase cases[] = {
    { HEAD "\"modules\": [{\"sources\": []}]}",
      "m.json:2:13: modules[0].name: this key is required" },
    { HEAD "\"modules\": [{\"name\": \"a/b\"}]}",
      "m.json:2:22: modules[0].name: “a/b” must be a file name, without “/”" },
    { HEAD "\"modules\": [{\"name\": \"..\"}]}",
      "m.json:2:22: modules[0].name: “..” is not a file name" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"buildsystem\": \"scons\"}]}",
      "m.json:2:42: modules[0].buildsystem: “scons” is not a build system (autotools, cmake, "
      "cmake-ninja, meson, simple or qmake)" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"buildsystem\": \"Meson\"}]}",
      "m.json:2:42: modules[0].buildsystem: “Meson” is not a build system (autotools, cmake, "
      "cmake-ninja, meson, simple or qmake)" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"cmake\": \"yes\"}]}",
      "m.json:2:36: modules[0].cmake: must be true or false, not a string" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"subdir\": \"../x\"}]}",
      "m.json:2:37: modules[0].subdir: “../x” leads out of its directory (“..”)" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"only-arches\": [\"x86-64\"]}]}",
      "m.json:2:43: modules[0].only-arches[0]: “x86-64” is not a valid architecture: it contains "
      "“-”; "
      "only a–z, 0–9 and “_” are allowed" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"modules\": [{\"name\": \"n\", \"builddir\": 0}]}]}",
      "m.json:2:65: modules[0].modules[0].builddir: must be true or false, not a number" },
    { HEAD "\"modules\": [\"m.json\"]}",
      "m.json:2:13: modules[0]: module and source files cannot be read here (no base directory)" },
    { HEAD "\"modules\": [{\"name\": \"m\", \"sources\": {}}]}",
      "m.json:2:38: modules[0].sources: must be an array, not an object" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_source_types (void)
{
  static const TestBadCase cases[] = {
    { SOURCE_HEAD "{\"type\": \"git\", \"url\": \"https://example.org/x.git\"}" SOURCE_TAIL,
      "m.json:2:48: modules[0].sources[0].type: “git” sources are not supported: Hutch builds "
      "without network or version control; give a local copy as a “dir” or “archive” source" },
    { SOURCE_HEAD "{\"url\": \"svn://x\", \"type\": \"svn\"}" SOURCE_TAIL,
      "m.json:2:66: modules[0].sources[0].type: “svn” sources are not supported: Hutch builds "
      "without network or version control; give a local copy as a “dir” or “archive” source" },
    { SOURCE_HEAD "{\"type\": \"bzr\"}" SOURCE_TAIL,
      "m.json:2:48: modules[0].sources[0].type: “bzr” sources are not supported: Hutch builds "
      "without network or version control; give a local copy as a “dir” or “archive” source" },
    { SOURCE_HEAD "{\"type\": \"extra-data\"}" SOURCE_TAIL,
      "m.json:2:48: modules[0].sources[0].type: “extra-data” sources are not supported: Hutch "
      "builds without network or version control; give a local copy as a “dir” or “archive” "
      "source" },
    { SOURCE_HEAD "{\"type\": \"shell\", \"commands\": [\"x\"]}" SOURCE_TAIL,
      "m.json:2:48: modules[0].sources[0].type: “shell” sources are not supported; run the "
      "commands in the module's “build-commands” or a “script” source" },
    { SOURCE_HEAD "{\"type\": \"tarball\"}" SOURCE_TAIL,
      "m.json:2:48: modules[0].sources[0].type: “tarball” is not a source type (file, dir, "
      "archive, script, patch or inline)" },
    { SOURCE_HEAD "{\"path\": \"a\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].type: this key is required" },
    { SOURCE_HEAD "{\"type\": 1}" SOURCE_TAIL,
      "m.json:2:48: modules[0].sources[0].type: must be a string, not a number" },
    { SOURCE_HEAD "[]" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0]: must be an object, not an array" },
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \"a\"}, \"b.json\"" SOURCE_TAIL,
      "m.json:2:70: modules[0].sources[1]: module and source files cannot be read here (no base "
      "directory)" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_source_paths (void)
{
  static const TestBadCase cases[] = {
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \"../secret\"}" SOURCE_TAIL,
      "m.json:2:64: modules[0].sources[0].path: “../secret” leads out of its directory (“..”)" },
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \"a/../../b\"}" SOURCE_TAIL,
      "m.json:2:64: modules[0].sources[0].path: “a/../../b” leads out of its directory (“..”)" },
    { SOURCE_HEAD "{\"type\": \"archive\", \"path\": \"/etc/shadow\"}" SOURCE_TAIL,
      "m.json:2:67: modules[0].sources[0].path: “/etc/shadow” is an absolute path; paths are "
      "relative to the manifest's directory" },
    { SOURCE_HEAD "{\"type\": \"dir\", \"path\": \"a//b\"}" SOURCE_TAIL,
      "m.json:2:63: modules[0].sources[0].path: “a//b” has an empty element (“//”, or “/” at the "
      "end)" },
    { SOURCE_HEAD "{\"type\": \"dir\", \"path\": \"a/\"}" SOURCE_TAIL,
      "m.json:2:63: modules[0].sources[0].path: “a/” has an empty element (“//”, or “/” at the "
      "end)" },
    { SOURCE_HEAD "{\"type\": \"dir\", \"path\": \"./a\"}" SOURCE_TAIL,
      "m.json:2:63: modules[0].sources[0].path: “./a” has a “.” element" },
    { SOURCE_HEAD "{\"type\": \"dir\", \"path\": \"..\"}" SOURCE_TAIL,
      "m.json:2:63: modules[0].sources[0].path: “..” leads out of its directory (“..”)" },
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \".\"}" SOURCE_TAIL,
      "m.json:2:64: modules[0].sources[0].path: “.” has a “.” element" },
    { SOURCE_HEAD "{\"type\": \"patch\", \"path\": \"\"}" SOURCE_TAIL,
      "m.json:2:65: modules[0].sources[0].path: it is empty" },
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \"a\\tb\"}" SOURCE_TAIL,
      "m.json:2:64: modules[0].sources[0].path: “a\\x09b” contains a control character" },
    { SOURCE_HEAD "{\"type\": \"dir\", \"path\": \"a\", \"dest\": \"../b\"}" SOURCE_TAIL,
      "m.json:2:76: modules[0].sources[0].dest: “../b” leads out of its directory (“..”)" },
    { SOURCE_HEAD "{\"type\": \"dir\", \"path\": \"a\", \"dest\": \"/b\"}" SOURCE_TAIL,
      "m.json:2:76: modules[0].sources[0].dest: “/b” is an absolute path; paths are relative to "
      "the manifest's directory" },
    { SOURCE_HEAD "{\"type\": \"dir\", \"path\": \"a\", \"skip\": [\"x/..\"]}" SOURCE_TAIL,
      "m.json:2:77: modules[0].sources[0].skip[0]: “x/..” leads out of its directory (“..”)" },
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \"a\", \"dest-filename\": \"x/y\"}" SOURCE_TAIL,
      "m.json:2:86: modules[0].sources[0].dest-filename: “x/y” must be a file name, without “/”" },
    { SOURCE_HEAD "{\"type\": \"script\", \"commands\": [], \"dest-filename\": \"..\"}" SOURCE_TAIL,
      "m.json:2:91: modules[0].sources[0].dest-filename: “..” is not a file name" },
    { SOURCE_HEAD "{\"type\": \"patch\", \"paths\": [\"ok\", \"../x\"]}" SOURCE_TAIL,
      "m.json:2:73: modules[0].sources[0].paths[1]: “../x” leads out of its directory (“..”)" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_source_downloads (void)
{
  static const TestBadCase cases[] = {
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \"a\", \"sha256\": \"abc\"}" SOURCE_TAIL,
      "m.json:2:79: modules[0].sources[0].sha256: “abc” is not a SHA-256 checksum (64 hex "
      "digits)" },
    { SOURCE_HEAD "{\"type\": \"file\", \"path\": \"a\", \"sha256\": \"" SHA "0\"}" SOURCE_TAIL,
      "m.json:2:79: modules[0].sources[0].sha256: “" SHA "0” is not a SHA-256 checksum (64 hex "
      "digits)" },
    { SOURCE_HEAD
      "{\"type\": \"archive\", \"url\": \"https://example.org/a.tar\", \"sha256\": "
      "\"g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}" SOURCE_TAIL,
      "m.json:2:105: modules[0].sources[0].sha256: “g123456789abcdef0123456789abcdef0123456789abcd"
      "ef0123456789abcdef” is not a SHA-256 checksum (64 hex digits)" },
    { SOURCE_HEAD "{\"type\": \"archive\", \"url\": \"https://example.org/a.tar\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].sha256: this key is required with “url”" },
    { SOURCE_HEAD "{\"type\": \"file\", \"url\": \"example.org/a\", \"sha256\": \"" SHA
                  "\"}" SOURCE_TAIL,
      "m.json:2:63: modules[0].sources[0].url: “example.org/a” is not a URL (SCHEME://…)" },
    { SOURCE_HEAD "{\"type\": \"file\", \"url\": \"https://\", \"sha256\": \"" SHA
                  "\"}" SOURCE_TAIL,
      "m.json:2:63: modules[0].sources[0].url: “https://” is not a URL (SCHEME://…)" },
    { SOURCE_HEAD "{\"type\": \"file\", \"url\": \"https://x/a b\", \"sha256\": \"" SHA
                  "\"}" SOURCE_TAIL,
      "m.json:2:63: modules[0].sources[0].url: “https://x/a b” contains white space; write it as "
      "%20" },
    { SOURCE_HEAD "{\"type\": \"file\", \"url\": \"https://example.org/\", \"sha256\": \"" SHA
                  "\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].dest-filename: the URL does not end in a file name: "
      "this key is required" },
    { SOURCE_HEAD "{\"type\": \"file\", \"url\": \"https://example.org/..?x\", \"sha256\": \"" SHA
                  "\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].dest-filename: the URL does not end in a file name: "
      "this key is required" },
    { SOURCE_HEAD "{\"type\": \"file\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].path: this key is required" },
    { SOURCE_HEAD
      "{\"type\": \"archive\", \"path\": \"a.tar\", \"strip-components\": -1}" SOURCE_TAIL,
      "m.json:2:96: modules[0].sources[0].strip-components: must be a whole number from 0 to 255" },
    { SOURCE_HEAD
      "{\"type\": \"archive\", \"path\": \"a.tar\", \"strip-components\": 1.5}" SOURCE_TAIL,
      "m.json:2:96: modules[0].sources[0].strip-components: must be a whole number from 0 to 255" },
    { SOURCE_HEAD
      "{\"type\": \"archive\", \"path\": \"a.tar\", \"strip-components\": 256}" SOURCE_TAIL,
      "m.json:2:96: modules[0].sources[0].strip-components: must be a whole number from 0 to 255" },
    { SOURCE_HEAD
      "{\"type\": \"archive\", \"path\": \"a.tar\", \"strip-components\": \"1\"}" SOURCE_TAIL,
      "m.json:2:96: modules[0].sources[0].strip-components: must be a number, not a string" },
    { SOURCE_HEAD
      "{\"type\": \"archive\", \"path\": \"a.rar\", \"archive-type\": \"rar\"}" SOURCE_TAIL,
      "m.json:2:92: modules[0].sources[0].archive-type: “rar” is not an archive type (rpm, tar, "
      "tar-gzip, tar-compress, tar-bzip2, tar-lzip, tar-lzma, tar-lzop, tar-xz, tar-zst, zip or "
      "7z)" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_source_others (void)
{
  static const TestBadCase cases[] = {
    { SOURCE_HEAD "{\"type\": \"dir\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].path: this key is required" },
    { SOURCE_HEAD "{\"type\": \"script\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].commands: this key is required" },
    { SOURCE_HEAD "{\"type\": \"script\", \"commands\": \"make\"}" SOURCE_TAIL,
      "m.json:2:70: modules[0].sources[0].commands: must be an array, not a string" },
    { SOURCE_HEAD "{\"type\": \"patch\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].path: this key is required" },
    { SOURCE_HEAD "{\"type\": \"patch\", \"paths\": []}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].path: this key is required" },
    { SOURCE_HEAD "{\"type\": \"inline\", \"dest-filename\": \"a\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].contents: this key is required" },
    { SOURCE_HEAD "{\"type\": \"inline\", \"contents\": \"x\"}" SOURCE_TAIL,
      "m.json:2:39: modules[0].sources[0].dest-filename: this key is required" },
    { SOURCE_HEAD "{\"type\": \"inline\", \"contents\": 1, \"dest-filename\": \"a\"}" SOURCE_TAIL,
      "m.json:2:70: modules[0].sources[0].contents: must be a string, not a number" },
    { SOURCE_HEAD "{\"type\": \"inline\", \"contents\": \"aGVsbG8\", \"base64\": true, "
                  "\"dest-filename\": \"a\"}" SOURCE_TAIL,
      "m.json:2:70: modules[0].sources[0].contents: not valid base64 (with “base64”: true)" },
    { SOURCE_HEAD "{\"type\": \"inline\", \"contents\": \"aG=sbG8=\", \"base64\": true, "
                  "\"dest-filename\": \"a\"}" SOURCE_TAIL,
      "m.json:2:70: modules[0].sources[0].contents: not valid base64 (with “base64”: true)" },
    { SOURCE_HEAD "{\"type\": \"inline\", \"contents\": \"aGVs*bG8=\", \"base64\": true, "
                  "\"dest-filename\": \"a\"}" SOURCE_TAIL,
      "m.json:2:70: modules[0].sources[0].contents: not valid base64 (with “base64”: true)" },
    { SOURCE_HEAD "{\"type\": \"inline\", \"contents\": \"a===\", \"base64\": true, "
                  "\"dest-filename\": \"a\"}" SOURCE_TAIL,
      "m.json:2:70: modules[0].sources[0].contents: not valid base64 (with “base64”: true)" },
  };
  static const char good[] = SOURCE_HEAD
      "{\"type\": \"inline\", \"base64\": true, \"contents\": \"\", \"dest-filename\": \"e\"},"
      "{\"type\": \"inline\", \"base64\": true, \"contents\": \" aGk= \", \"dest-filename\": "
      "\"h\"},"
      "{\"type\": \"dir\", \"path\": \".\"}" SOURCE_TAIL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchManifest) manifest = NULL;
  const HutchManifestModule *module;
  const HutchManifestSource *source;

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));

  manifest = test_parse (good, &error);
  g_assert_no_error (error);
  module = g_ptr_array_index (manifest->modules, 0);
  source = g_ptr_array_index (module->sources, 0);
  g_assert_cmpuint (source->contents_len, ==, 0);
  source = g_ptr_array_index (module->sources, 1);
  g_assert_cmpmem (source->contents, source->contents_len, "hi", 2);
  source = g_ptr_array_index (module->sources, 2);
  g_assert_cmpstr (source->path, ==, ".");
  g_assert_null (source->base_dir);
}

static void
test_finish_args (void)
{
  static const TestBadCase cases[] = {
    { HEAD "\"finish-args\": [\"share=network\"]}",
      "m.json:2:17: finish-args[0]: “share=network” is not an option (--NAME=VALUE)" },
    { HEAD "\"finish-args\": [\"--\"]}",
      "m.json:2:17: finish-args[0]: “--” is not an option (--NAME=VALUE)" },
    { HEAD "\"finish-args\": [\"--=x\"]}",
      "m.json:2:17: finish-args[0]: “--=x” is not an option (--NAME=VALUE)" },
    { HEAD "\"finish-args\": [\"--share=ipc\", \"--frobnicate=1\"]}",
      "m.json:2:32: finish-args[1]: --frobnicate is not a permission option" },
    { HEAD "\"finish-args\": [\"--share\"]}",
      "m.json:2:17: finish-args[0]: --share needs a value" },
    { HEAD "\"finish-args\": [\"--share=bogus\"]}",
      "m.json:2:17: finish-args[0]: --share: “bogus” is not a share (network, ipc)" },
    { HEAD "\"finish-args\": [\"--socket=!x11\"]}",
      "m.json:2:17: finish-args[0]: --socket: a value cannot start with “!”; to revoke, use the "
      "option's opposite (--nosocket, --nofilesystem, --unset-env…)" },
    { HEAD "\"finish-args\": [\"--filesystem=/usr\"]}",
      "m.json:2:17: finish-args[0]: --filesystem: “/usr”: /usr is part of the sandbox and cannot "
      "be granted; use host-os" },
    { HEAD "\"finish-args\": [\"--metadata=X-Foo=a=b\"]}",
      "m.json:2:17: finish-args[0]: --metadata is not supported: it would change what the app is "
      "granted or runs; Hutch writes the metadata from the manifest's keys only" },
    { HEAD "\"finish-args\": [\"--extension=org.example.App.Plugin=directory=plugins\"]}",
      "m.json:2:17: finish-args[0]: --extension is not supported: it would change what the app is "
      "granted or runs; Hutch has no extensions" },
    { HEAD "\"finish-args\": [\"--command=other\"]}",
      "m.json:2:17: finish-args[0]: --command is not supported: it would change what the app is "
      "granted or runs; set “command” in the manifest instead" },
    { HEAD "\"finish-args\": [\"--no-exports\"]}",
      "m.json:2:17: finish-args[0]: --no-exports is not supported: it would change what the app "
      "is granted or runs; Hutch always exports the app's desktop files" },
    { HEAD "\"finish-args\": [\"--env-fd=3\"]}",
      "m.json:2:17: finish-args[0]: --env-fd is not supported: it would change what the app is "
      "granted or runs; use --env=NAME=VALUE" },
    /* Found by fuzz-manifest: "./!/x" is "!x" once normalized, a revocation. */
    { HEAD "\"finish-args\": [\"--persist=.//!/x\"]}",
      "m.json:2:17: finish-args[0]: --persist: “.//!/x”: a persistent path cannot start with "
      "“!”" },
    { HEAD "\"finish-args\": [\"--seccomp-profile=/etc/p.seccomp\"]}",
      "m.json:2:17: finish-args[0]: “/etc/p.seccomp”: an app's metadata can only name a profile "
      "(default, strict, devel), not a file" },
    { HEAD "\"finish-args\": [\"--nofilesystem=home:ro\"]}",
      "m.json:2:17: finish-args[0]: --nofilesystem: “home:ro”: no suffix (:ro, :rw or :create) "
      "when revoking" },
    { HEAD "\"finish-args\": [\"--\\u001b]0;x\\u0007=1\"]}",
      "m.json:2:17: finish-args[0]: --\\x1b]0;x\\x07 is not a permission option" },
  };

  test_run_bad_cases (cases, G_N_ELEMENTS (cases));
}

/* Many patches times many options would copy the options for each: bounded. */
static void
test_patch_copies (void)
{
  g_autoptr (GString) text = g_string_new (SOURCE_HEAD "{\"type\": \"patch\", \"options\": [");
  g_autofree char *option = g_strnfill (100, 'o');
  g_autofree char *expected = NULL;
  gsize column;

  for (int i = 0; i < 1000; i++)
    g_string_append_printf (text, "%s\"%s\"", i == 0 ? "" : ",", option);
  g_string_append (text, "], \"paths\": [");
  /* Column of the "[" of "paths", on line 2. */
  column = text->len - 1 - (gsize)(strchr (text->str, '\n') - text->str);
  for (int i = 0; i < 400; i++)
    g_string_append_printf (text, "%s\"p%d\"", i == 0 ? "" : ",", i);
  g_string_append (text, "]}" SOURCE_TAIL);
  expected = g_strdup_printf ("m.json:2:%zu: modules[0].sources[0].paths: copying the options to "
                              "each patch would take more than %d bytes; split the source",
                              column, 8 * HUTCH_MANIFEST_MAX_SIZE);
  test_assert_error (text->str, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/manifest-errors/types", test_types);
  g_test_add_func ("/manifest-errors/top", test_top);
  g_test_add_func ("/manifest-errors/build-options", test_build_options);
  g_test_add_func ("/manifest-errors/modules", test_modules);
  g_test_add_func ("/manifest-errors/source-types", test_source_types);
  g_test_add_func ("/manifest-errors/source-paths", test_source_paths);
  g_test_add_func ("/manifest-errors/source-downloads", test_source_downloads);
  g_test_add_func ("/manifest-errors/source-others", test_source_others);
  g_test_add_func ("/manifest-errors/finish-args", test_finish_args);
  g_test_add_func ("/manifest-errors/patch-copies", test_patch_copies);
  return g_test_run ();
}
