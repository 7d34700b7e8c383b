/* Unit tests for the manifest model: a full flatpak-builder manifest with
 * nested modules, every source type, build-options with a per-arch part
 * and finish-args, read into the model of hutch-manifest.h; the metadata
 * made from it, byte for byte, read back by hutch_metadata_parse(); and
 * the warnings about keys Hutch does not use.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "hutch-error.h"
#include "hutch-manifest.h"
#include "hutch-metadata.h"
#include "hutch-ref.h"
#include "manifest-test-util.h"

#define SHA_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SHA_B "FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210"

/* @ARCH@ is the machine's arch, @OTHER@ another one. */
static const char full_manifest[]
    = "{\n"
      "  // flatpak-builder accepts comments\n"
      "  \"app-id\": \"org.example.Hello\",\n"
      "  \"runtime\": \"org.example.Platform\",\n"
      "  \"runtime-version\": \"24.08\",\n"
      "  \"sdk\": \"org.example.Sdk\",\n"
      "  \"command\": \"hello\",\n"
      "  \"default-branch\": \"stable\",\n"
      "  \"finish-args\": [\n"
      "    \"--share=network\",\n"
      "    \"--socket=wayland\",\n"
      "    \"--socket=fallback-x11\",\n"
      "    \"--device=dri\",\n"
      "    \"--filesystem=xdg-download:ro\",\n"
      "    \"--filesystem=~/Hello:create\",\n"
      "    \"--talk-name=org.freedesktop.Notifications\",\n"
      "    \"--env=HELLO_MODE=demo\",\n"
      "    \"--persist=.hello\",\n"
      "    \"--require-version=1.0.0\"\n"
      "  ],\n"
      "  \"build-options\": {\n"
      "    \"cflags\": \"-O2 -g\",\n"
      "    \"cxxflags\": \"-O2\",\n"
      "    \"cxxflags-override\": true,\n"
      "    \"cppflags\": \"-DHELLO=1\",\n"
      "    \"ldflags\": \"-Wl,--as-needed\",\n"
      "    \"prefix\": \"/app\",\n"
      "    \"libdir\": \"/app/lib64\",\n"
      "    \"append-path\": \"/app/tools/bin\",\n"
      "    \"prepend-path\": \"/app/early/bin\",\n"
      "    \"append-ld-library-path\": \"/app/tools/lib\",\n"
      "    \"prepend-ld-library-path\": \"/app/early/lib\",\n"
      "    \"append-pkg-config-path\": \"/app/tools/lib/pkgconfig\",\n"
      "    \"prepend-pkg-config-path\": \"/app/early/lib/pkgconfig\",\n"
      "    \"env\": {\"ZED\": \"last\", \"ALPHA\": \"first=1\", \"MIDDLE\": \"\"},\n"
      "    \"build-args\": [\"--share=network\"],\n"
      "    \"config-opts\": [\"--disable-docs\"],\n"
      "    \"make-args\": [\"V=1\"],\n"
      "    \"make-install-args\": [\"DESTDIR=\"],\n"
      "    \"strip\": true,\n"
      "    \"no-debuginfo\": false,\n"
      "    \"arch\": {\n"
      "      \"@ARCH@\": {\"cflags\": \"-march=x\", \"ldflags\": \"-s\", \"ldflags-override\": "
      "true,\n"
      "                 \"append-path\": \"/app/arch/bin\", \"prepend-path\": \"/app/first/bin\",\n"
      "                 \"env\": {\"ALPHA\": \"arch\", \"BETA\": \"b\"},\n"
      "                 \"config-opts\": [\"--arch-opt\"], \"no-debuginfo\": true},\n"
      "      \"@OTHER@\": {\"cflags\": \"-mother\"}\n"
      "    }\n"
      "  },\n"
      "  \"cleanup\": [\"/include\", \"*.la\"],\n"
      "  \"cleanup-commands\": [\"rm -rf /app/share/doc\"],\n"
      "  \"rename-desktop-file\": \"hello.desktop\",\n"
      "  \"rename-icon\": \"hello\",\n"
      "  \"rename-appdata-file\": \"hello.appdata.xml\",\n"
      "  \"copy-icon\": true,\n"
      "  \"modules\": [\n"
      "    {\n"
      "      \"name\": \"libfoo\",\n"
      "      \"buildsystem\": \"cmake-ninja\",\n"
      "      \"builddir\": true,\n"
      "      \"subdir\": \"src/foo\",\n"
      "      \"config-opts\": [\"-DFOO=ON\"],\n"
      "      \"make-args\": [\"-j1\"],\n"
      "      \"make-install-args\": [\"install/strip\"],\n"
      "      \"cleanup\": [\"/bin\"],\n"
      "      \"only-arches\": [\"x86_64\", \"aarch64\"],\n"
      "      \"skip-arches\": [\"i386\"],\n"
      "      \"no-autogen\": true,\n"
      "      \"build-options\": {\"env\": {\"FOO\": \"1\"}, \"cflags\": \"-Os\"},\n"
      "      \"sources\": [\n"
      "        {\"type\": \"archive\", \"url\": \"https://example.org/foo-1.0.tar.xz\",\n"
      "         \"sha256\": \"" SHA_B "\", \"strip-components\": 2,\n"
      "         \"archive-type\": \"tar-xz\", \"dest\": \"vendor/foo\"},\n"
      "        {\"type\": \"archive\", \"path\": \"foo-data.zip\"},\n"
      "        {\"type\": \"file\", \"path\": \"data/foo.conf\", \"dest-filename\": \"x.conf\",\n"
      "         \"sha256\": \"" SHA_A "\"},\n"
      "        {\"type\": \"file\", \"url\": \"https://example.org/dl/bar.bin?x=1#top\",\n"
      "         \"sha256\": \"" SHA_A "\", \"only-arches\": [\"x86_64\"]},\n"
      "        {\"type\": \"file\", \"path\": \"data/plain.txt\"},\n"
      "        {\"type\": \"patch\", \"path\": \"patches/a.patch\", \"paths\": "
      "[\"patches/b.patch\"],\n"
      "         \"strip-components\": 0, \"options\": [\"--ignore-whitespace\"]},\n"
      "        {\"type\": \"patch\", \"paths\": [\"patches/c.patch\"]},\n"
      "        {\"type\": \"script\", \"commands\": [\"echo hi\", \"exit 0\"],\n"
      "         \"dest-filename\": \"configure\"},\n"
      "        {\"type\": \"script\", \"commands\": []},\n"
      "        {\"type\": \"inline\", \"contents\": \"aGVs\\nbG8A\", \"base64\": true,\n"
      "         \"dest-filename\": \"hello.bin\"},\n"
      "        {\"type\": \"inline\", \"contents\": \"plain\\n\", \"dest-filename\": "
      "\"plain.txt\"},\n"
      "        {\"type\": \"dir\", \"path\": \"src\", \"skip\": [\"build\", \"a/b\"], \"dest\": "
      "\"s\"}\n"
      "      ],\n"
      "      \"modules\": [\n"
      "        {\"name\": \"libbar\", \"buildsystem\": \"meson\",\n"
      "         \"sources\": [{\"type\": \"dir\", \"path\": \".\"}]}\n"
      "      ]\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"hello\",\n"
      "      \"buildsystem\": \"simple\",\n"
      "      \"build-commands\": [\"install -D hello /app/bin/hello\"],\n"
      "      \"post-install\": [\"echo done\"],\n"
      "      \"disabled\": false,\n"
      "      \"sources\": [{\"type\": \"file\", \"path\": \"hello\"}]\n"
      "    },\n"
      "    {\"name\": \"old\", \"cmake\": true, \"disabled\": true, \"sources\": []},\n"
      "    {\"name\": \"q\", \"buildsystem\": \"qmake\", \"cmake\": true},\n"
      "    {\"name\": \"auto\", \"buildsystem\": \"autotools\"}\n"
      "  ]\n"
      "}\n";

static char *
replace (const char *text, const char *what, const char *with)
{
  g_auto (GStrv) parts = g_strsplit (text, what, -1);

  return g_strjoinv (with, parts);
}

static char *
full_manifest_text (void)
{
  const char *other = strcmp (hutch_get_arch (), "s390x") == 0 ? "riscv64" : "s390x";
  g_autofree char *with_arch = replace (full_manifest, "@ARCH@", hutch_get_arch ());

  return replace (with_arch, "@OTHER@", other);
}

static void
assert_strv (char **strv, const char *const *expected)
{
  g_assert_nonnull (strv);
  for (gsize i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (strv[i], ==, expected[i]);
  g_assert_cmpuint (g_strv_length (strv), ==, g_strv_length ((char **)expected));
}

#define ASSERT_STRV(strv, ...)                                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    const char *const expected_[] = { __VA_ARGS__, NULL };                                         \
    assert_strv ((strv), expected_);                                                               \
  }                                                                                                \
  G_STMT_END

static HutchManifest *
parse_full (void)
{
  g_autofree char *text = full_manifest_text ();
  g_autoptr (GError) error = NULL;
  HutchManifest *manifest
      = hutch_manifest_parse (text, strlen (text), "dir/hello.json", "dir", &error);

  g_assert_no_error (error);
  g_assert_nonnull (manifest);
  return manifest;
}

static void
test_full_top (void)
{
  g_autoptr (HutchManifest) manifest = parse_full ();
  const HutchBuildOptions *options = manifest->build_options;
  const char *other = strcmp (hutch_get_arch (), "s390x") == 0 ? "riscv64" : "s390x";
  g_autofree char *arch_warning = g_strdup_printf (
      "dir/hello.json:47:7: build-options.arch.%s: applies to %s only; not used on %s", other,
      other, hutch_get_arch ());

  g_assert_cmpstr (manifest->path, ==, "dir/hello.json");
  g_assert_cmpstr (manifest->base_dir, ==, "dir");
  g_assert_cmpstr (manifest->id, ==, "org.example.Hello");
  g_assert_cmpstr (manifest->branch, ==, "stable");
  g_assert_true (manifest->branch_is_default);
  g_assert_cmpstr (manifest->runtime, ==, "org.example.Platform");
  g_assert_cmpstr (manifest->runtime_version, ==, "24.08");
  g_assert_cmpstr (manifest->sdk, ==, "org.example.Sdk");
  g_assert_cmpstr (manifest->command, ==, "hello");
  g_assert_cmpuint (g_strv_length (manifest->finish_args), ==, 10);
  g_assert_cmpstr (manifest->finish_args[9], ==, "--require-version=1.0.0");
  ASSERT_STRV (manifest->cleanup, "/include", "*.la");
  ASSERT_STRV (manifest->cleanup_commands, "rm -rf /app/share/doc");
  g_assert_cmpstr (manifest->rename_desktop_file, ==, "hello.desktop");
  g_assert_cmpstr (manifest->rename_icon, ==, "hello");
  g_assert_cmpstr (manifest->rename_appdata_file, ==, "hello.appdata.xml");
  g_assert_true (manifest->copy_icon);
  g_assert_false (manifest->build_runtime);
  g_assert_cmpuint (manifest->modules->len, ==, 5);

  /* The machine's arch applied over the rest. */
  g_assert_cmpstr (options->cflags, ==, "-O2 -g -march=x");
  g_assert_false (options->cflags_override);
  g_assert_cmpstr (options->cxxflags, ==, "-O2");
  g_assert_true (options->cxxflags_override);
  g_assert_cmpstr (options->cppflags, ==, "-DHELLO=1");
  g_assert_cmpstr (options->ldflags, ==, "-s");
  g_assert_true (options->ldflags_override);
  g_assert_cmpstr (options->prefix, ==, "/app");
  g_assert_cmpstr (options->libdir, ==, "/app/lib64");
  g_assert_cmpstr (options->append_path, ==, "/app/tools/bin:/app/arch/bin");
  g_assert_cmpstr (options->prepend_path, ==, "/app/first/bin:/app/early/bin");
  g_assert_cmpstr (options->append_ld_library_path, ==, "/app/tools/lib");
  g_assert_cmpstr (options->prepend_ld_library_path, ==, "/app/early/lib");
  g_assert_cmpstr (options->append_pkg_config_path, ==, "/app/tools/lib/pkgconfig");
  g_assert_cmpstr (options->prepend_pkg_config_path, ==, "/app/early/lib/pkgconfig");
  /* The manifest's order, not sorted; the arch's value in place. */
  ASSERT_STRV (options->env, "ZED=last", "ALPHA=arch", "MIDDLE=", "BETA=b");
  ASSERT_STRV (options->build_args, "--share=network");
  g_assert_true (options->network);
  ASSERT_STRV (options->config_opts, "--disable-docs", "--arch-opt");
  ASSERT_STRV (options->make_args, "V=1");
  ASSERT_STRV (options->make_install_args, "DESTDIR=");
  g_assert_true (options->strip);
  g_assert_true (options->no_debuginfo);

  g_assert_cmpuint (manifest->warnings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (manifest->warnings, 0), ==,
                   "dir/hello.json:19:5: finish-args[9]: --require-version ignored: Hutch does "
                   "not check Flatpak versions");
  g_assert_cmpstr (g_ptr_array_index (manifest->warnings, 1), ==, arch_warning);
}

static void
assert_location (const HutchManifestLocation *where, guint line, guint column, const char *field)
{
  g_assert_cmpstr (where->file, ==, "dir/hello.json");
  g_assert_cmpuint (where->line, ==, line);
  g_assert_cmpuint (where->column, ==, column);
  g_assert_cmpstr (where->field, ==, field);
}

static void
test_full_modules (void)
{
  g_autoptr (HutchManifest) manifest = parse_full ();
  const HutchManifestModule *foo = g_ptr_array_index (manifest->modules, 0);
  const HutchManifestModule *bar = g_ptr_array_index (foo->modules, 0);
  const HutchManifestModule *hello = g_ptr_array_index (manifest->modules, 1);
  const HutchManifestModule *old = g_ptr_array_index (manifest->modules, 2);
  const HutchManifestModule *q = g_ptr_array_index (manifest->modules, 3);
  const HutchManifestModule *autotools = g_ptr_array_index (manifest->modules, 4);

  assert_location (&foo->where, 57, 5, "modules[0]");
  g_assert_cmpstr (foo->name, ==, "libfoo");
  g_assert_false (foo->disabled);
  g_assert_cmpint (foo->buildsystem, ==, HUTCH_BUILDSYSTEM_CMAKE_NINJA);
  g_assert_true (foo->builddir);
  g_assert_cmpstr (foo->subdir, ==, "src/foo");
  ASSERT_STRV (foo->config_opts, "-DFOO=ON");
  ASSERT_STRV (foo->make_args, "-j1");
  ASSERT_STRV (foo->make_install_args, "install/strip");
  ASSERT_STRV (foo->cleanup, "/bin");
  ASSERT_STRV (foo->only_arches, "x86_64", "aarch64");
  ASSERT_STRV (foo->skip_arches, "i386");
  g_assert_true (foo->no_autogen);
  ASSERT_STRV (foo->build_options->env, "FOO=1");
  g_assert_cmpstr (foo->build_options->cflags, ==, "-Os");
  g_assert_null (foo->build_options->prefix);
  g_assert_null (foo->build_commands);
  g_assert_cmpuint (foo->sources->len, ==, 13);
  g_assert_cmpuint (foo->modules->len, ==, 1);

  assert_location (&bar->where, 92, 9, "modules[0].modules[0]");
  g_assert_cmpstr (bar->name, ==, "libbar");
  g_assert_cmpint (bar->buildsystem, ==, HUTCH_BUILDSYSTEM_MESON);
  g_assert_null (bar->build_options);
  g_assert_cmpuint (bar->sources->len, ==, 1);
  g_assert_cmpuint (bar->modules->len, ==, 0);

  g_assert_cmpstr (hello->name, ==, "hello");
  g_assert_cmpint (hello->buildsystem, ==, HUTCH_BUILDSYSTEM_SIMPLE);
  ASSERT_STRV (hello->build_commands, "install -D hello /app/bin/hello");
  ASSERT_STRV (hello->post_install, "echo done");
  g_assert_false (hello->disabled);
  g_assert_null (hello->config_opts);

  /* "cmake": true is the old spelling of "buildsystem": "cmake". */
  g_assert_true (old->disabled);
  g_assert_cmpint (old->buildsystem, ==, HUTCH_BUILDSYSTEM_CMAKE);
  g_assert_cmpuint (old->sources->len, ==, 0);
  g_assert_cmpint (q->buildsystem, ==, HUTCH_BUILDSYSTEM_QMAKE);
  g_assert_cmpint (autotools->buildsystem, ==, HUTCH_BUILDSYSTEM_AUTOTOOLS);
}

static const HutchManifestSource *
source_at (const HutchManifest *manifest, guint index)
{
  const HutchManifestModule *foo = g_ptr_array_index (manifest->modules, 0);
  const HutchManifestSource *source = g_ptr_array_index (foo->sources, index);

  g_assert_cmpstr (source->base_dir, ==, "dir");
  return source;
}

static void
test_full_download_sources (void)
{
  g_autoptr (HutchManifest) manifest = parse_full ();
  const HutchManifestSource *archive = source_at (manifest, 0);
  const HutchManifestSource *zip = source_at (manifest, 1);
  const HutchManifestSource *conf = source_at (manifest, 2);
  const HutchManifestSource *bin = source_at (manifest, 3);
  const HutchManifestSource *plain = source_at (manifest, 4);
  g_autofree char *lower_b = g_ascii_strdown (SHA_B, -1);

  g_assert_cmpint (archive->type, ==, HUTCH_SOURCE_ARCHIVE);
  assert_location (&archive->where, 71, 9, "modules[0].sources[0]");
  g_assert_null (archive->path);
  g_assert_cmpstr (archive->url, ==, "https://example.org/foo-1.0.tar.xz");
  g_assert_cmpstr (archive->sha256, ==, lower_b);
  g_assert_cmpuint (archive->strip_components, ==, 2);
  g_assert_cmpstr (archive->archive_type, ==, "tar-xz");
  g_assert_cmpstr (archive->dest, ==, "vendor/foo");
  g_assert_null (archive->dest_filename);

  g_assert_cmpint (zip->type, ==, HUTCH_SOURCE_ARCHIVE);
  g_assert_cmpstr (zip->path, ==, "foo-data.zip");
  g_assert_null (zip->url);
  g_assert_null (zip->sha256);
  g_assert_cmpuint (zip->strip_components, ==, 1);
  g_assert_null (zip->archive_type);
  g_assert_null (zip->dest);

  g_assert_cmpint (conf->type, ==, HUTCH_SOURCE_FILE);
  g_assert_cmpstr (conf->path, ==, "data/foo.conf");
  g_assert_cmpstr (conf->dest_filename, ==, "x.conf");
  g_assert_cmpstr (conf->sha256, ==, SHA_A);

  g_assert_cmpint (bin->type, ==, HUTCH_SOURCE_FILE);
  g_assert_cmpstr (bin->url, ==, "https://example.org/dl/bar.bin?x=1#top");
  g_assert_cmpstr (bin->dest_filename, ==, "bar.bin");
  ASSERT_STRV (bin->only_arches, "x86_64");
  g_assert_null (bin->skip_arches);

  g_assert_cmpstr (plain->dest_filename, ==, "plain.txt");
  g_assert_null (plain->sha256);
}

static void
test_full_other_sources (void)
{
  g_autoptr (HutchManifest) manifest = parse_full ();
  const HutchManifestSource *patch_a = source_at (manifest, 5);
  const HutchManifestSource *patch_b = source_at (manifest, 6);
  const HutchManifestSource *patch_c = source_at (manifest, 7);
  const HutchManifestSource *script = source_at (manifest, 8);
  const HutchManifestSource *empty_script = source_at (manifest, 9);
  const HutchManifestSource *binary = source_at (manifest, 10);
  const HutchManifestSource *text = source_at (manifest, 11);
  const HutchManifestSource *dir = source_at (manifest, 12);

  /* "path" and "paths": one source per patch, in order. */
  g_assert_cmpint (patch_a->type, ==, HUTCH_SOURCE_PATCH);
  g_assert_cmpstr (patch_a->path, ==, "patches/a.patch");
  g_assert_cmpuint (patch_a->patch_strip, ==, 0);
  ASSERT_STRV (patch_a->patch_options, "--ignore-whitespace");
  g_assert_cmpstr (patch_b->path, ==, "patches/b.patch");
  g_assert_cmpuint (patch_b->patch_strip, ==, 0);
  ASSERT_STRV (patch_b->patch_options, "--ignore-whitespace");
  assert_location (&patch_b->where, 80, 9, "modules[0].sources[5]");
  g_assert_cmpstr (patch_c->path, ==, "patches/c.patch");
  g_assert_cmpuint (patch_c->patch_strip, ==, 1);
  g_assert_null (patch_c->patch_options);

  g_assert_cmpint (script->type, ==, HUTCH_SOURCE_SCRIPT);
  ASSERT_STRV (script->commands, "echo hi", "exit 0");
  g_assert_cmpstr (script->dest_filename, ==, "configure");
  g_assert_cmpstr (empty_script->dest_filename, ==, "autogen.sh");
  g_assert_nonnull (empty_script->commands);
  g_assert_null (empty_script->commands[0]);

  g_assert_cmpint (binary->type, ==, HUTCH_SOURCE_INLINE);
  g_assert_true (binary->base64);
  g_assert_cmpuint (binary->contents_len, ==, 6);
  g_assert_cmpmem (binary->contents, binary->contents_len, "hello\0", 6);
  g_assert_cmpstr (binary->dest_filename, ==, "hello.bin");
  g_assert_false (text->base64);
  g_assert_cmpstr (text->contents, ==, "plain\n");
  g_assert_cmpuint (text->contents_len, ==, 6);

  g_assert_cmpint (dir->type, ==, HUTCH_SOURCE_DIR);
  g_assert_cmpstr (dir->path, ==, "src");
  ASSERT_STRV (dir->skip, "build", "a/b");
  g_assert_cmpstr (dir->dest, ==, "s");
}

static const char expected_metadata[] = "[Application]\n"
                                        "name=org.example.Hello\n"
                                        "runtime=org.example.Platform/aarch64/24.08\n"
                                        "sdk=org.example.Sdk/aarch64/24.08\n"
                                        "command=hello\n"
                                        "\n"
                                        "[Context]\n"
                                        "shared=network;\n"
                                        "sockets=fallback-x11;wayland;\n"
                                        "devices=dri;\n"
                                        "filesystems=~/Hello:create;xdg-download:ro;\n"
                                        "persistent=.hello;\n"
                                        "\n"
                                        "[Environment]\n"
                                        "HELLO_MODE=demo\n"
                                        "\n"
                                        "[Session Bus Policy]\n"
                                        "org.freedesktop.Notifications=talk\n";

static void
test_metadata (void)
{
  g_autoptr (HutchManifest) manifest = parse_full ();
  g_autoptr (HutchManifest) again = parse_full ();
  g_autofree char *metadata = hutch_manifest_to_metadata (manifest, "aarch64");
  g_autofree char *metadata_again = hutch_manifest_to_metadata (again, "aarch64");
  g_autofree char *here = hutch_manifest_to_metadata (manifest, NULL);
  g_autofree char *runtime_here
      = g_strdup_printf ("runtime=org.example.Platform/%s/24.08\n", hutch_get_arch ());
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HutchMetadata) parsed = NULL;
  g_autofree char *permissions = NULL;

  g_assert_cmpstr (metadata, ==, expected_metadata);
  g_assert_cmpstr (metadata_again, ==, metadata);
  g_assert_nonnull (strstr (here, runtime_here));

  parsed = hutch_metadata_parse (metadata, strlen (metadata), "metadata", warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpint (parsed->kind, ==, HUTCH_REF_KIND_APP);
  g_assert_cmpstr (parsed->name, ==, "org.example.Hello");
  g_assert_cmpstr (parsed->runtime, ==, "org.example.Platform/aarch64/24.08");
  g_assert_cmpstr (parsed->sdk, ==, "org.example.Sdk/aarch64/24.08");
  g_assert_cmpstr (parsed->command, ==, "hello");
  g_assert_true (hutch_permissions_has_share (parsed->permissions, HUTCH_SHARE_NETWORK));
  g_assert_true (hutch_permissions_has_socket (parsed->permissions, HUTCH_SOCKET_WAYLAND));
  g_assert_false (hutch_permissions_has_socket (parsed->permissions, HUTCH_SOCKET_X11));
  permissions = hutch_permissions_to_string (parsed->permissions);
  g_assert_cmpstr (permissions, ==, strstr (expected_metadata, "[Context]"));
}

/* No finish-args: no permission groups; defaults filled in. */
static void
test_minimal (void)
{
  g_autoptr (HutchManifest) manifest = test_assert_warnings (MINIMAL_HEAD "}", NULL);
  g_autofree char *metadata = hutch_manifest_to_metadata (manifest, "x86_64");
  g_autoptr (HutchMetadata) parsed = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (manifest->branch);
  g_assert_false (manifest->branch_is_default);
  g_assert_cmpstr (manifest->runtime_version, ==, "master");
  g_assert_cmpstr (manifest->metadata_context, ==, "");
  g_assert_null (manifest->finish_args);
  g_assert_null (manifest->build_options);
  g_assert_null (manifest->base_dir);
  g_assert_cmpuint (manifest->modules->len, ==, 0);
  g_assert_cmpstr (metadata, ==,
                   "[Application]\nname=org.example.App\n"
                   "runtime=org.example.Platform/x86_64/master\n"
                   "sdk=org.example.Sdk/x86_64/master\ncommand=app\n");
  parsed = hutch_metadata_parse (metadata, strlen (metadata), "metadata", NULL, &error);
  g_assert_no_error (error);
}

/* "branch" wins over "default-branch", in either order. */
static void
test_branches (void)
{
  static const char *const texts[] = {
    MINIMAL_HEAD ", \"branch\": \"b\", \"default-branch\": \"d\"}",
    MINIMAL_HEAD ", \"default-branch\": \"d\", \"branch\": \"b\"}",
  };
  g_autoptr (HutchManifest) only_branch = test_parse (MINIMAL_HEAD ", \"branch\": \"b\"}", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (HutchManifest) manifest = test_parse (texts[i], NULL);

      g_assert_cmpstr (manifest->branch, ==, "b");
      g_assert_false (manifest->branch_is_default);
    }
  g_assert_cmpstr (only_branch->branch, ==, "b");
  g_assert_false (only_branch->branch_is_default);
}

/* Filesystem revocation in Flatpak's spelling; permissions written in
 * Hutch's stable order whatever the order of finish-args. */
static void
test_finish_args (void)
{
  g_autoptr (HutchManifest) a = test_parse (
      MINIMAL_HEAD ", \"finish-args\": [\"--nofilesystem=host:reset\", \"--filesystem=home:ro\", "
                   "\"--socket=x11\", \"--nosocket=pulseaudio\", \"--own-name=org.example.App.X\", "
                   "\"--system-talk-name=org.freedesktop.UPower\", \"--unset-env=FOO\", "
                   "\"--allow=devel\", \"--unshare=ipc\"]}",
      NULL);
  g_autoptr (HutchManifest) b = test_parse (
      MINIMAL_HEAD
      ", \"finish-args\": [\"--unshare=ipc\", \"--allow=devel\", \"--unset-env=FOO\", "
      "\"--system-talk-name=org.freedesktop.UPower\", \"--own-name=org.example.App.X\", "
      "\"--nosocket=pulseaudio\", \"--socket=x11\", \"--nofilesystem=host\", "
      "\"--filesystem=home:ro\"]}",
      NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->metadata_context, ==, b->metadata_context);
  g_assert_nonnull (strstr (a->metadata_context, "filesystems=!host;home:ro;\n"));
  g_assert_nonnull (strstr (a->metadata_context, "sockets=x11;!pulseaudio;\n"));
}

static void
test_warnings (void)
{
  const char *const expected[] = {
    "m.json:2:1: sdk-extensions: not supported by Hutch, ignored",
    "m.json:3:1: x-checker-data: an extension key, ignored",
    "m.json:4:1: frobnicate: unknown key, ignored",
    "m.json:4:18: [\"a\\x1bb\"]: unknown key, ignored",
    "m.json:5:19: build-options.secret-env: not supported by Hutch, ignored",
    "m.json:5:52: build-options.build-args[0]: “--filesystem=host” ignored: builds only get "
    "“--share=network” from build-args",
    "m.json:6:14: modules[0].rm-configure: not supported by Hutch, ignored",
    "m.json:6:49: modules[0].sources[0].md5: not supported by Hutch, ignored",
    "m.json:6:80: modules[0].sources[0].dest-filename: not supported by Hutch, ignored",
    "m.json:6:119: modules[0].sources[0].skip: unknown key, ignored",
    NULL,
  };
  g_autoptr (HutchManifest) manifest = test_assert_warnings (
      MINIMAL_HEAD
      ",\n"
      "\"sdk-extensions\": [\"org.example.Sdk.Extension.rust\"],\n"
      "\"x-checker-data\": {\"type\": \"anitya\"},\n"
      "\"frobnicate\": 1, \"a\\u001bb\": 2,\n"
      "\"build-options\": {\"secret-env\": [], \"build-args\": [\"--filesystem=host\"]},\n"
      "\"modules\": [{\"rm-configure\": true, \"sources\": [{\"md5\": \"x\", \"type\": "
      "\"archive\", \"dest-filename\": \"y\", \"path\": \"a.tar\", \"skip\": []}], "
      "\"name\": \"m\"}]}",
      expected);

  g_assert_false (manifest->build_options->network);
}

/* A flood of unknown keys makes at most MANIFEST_MAX_WARNINGS (200)
 * warnings, and one line saying there were more. */
static void
test_many_warnings (void)
{
  g_autoptr (GString) text = g_string_new (MINIMAL_HEAD);
  g_autoptr (HutchManifest) manifest = NULL;

  for (int i = 0; i < 1000; i++)
    g_string_append_printf (text, ", \"unknown%d\": %d", i, i);
  g_string_append (text, "}");
  manifest = test_parse (text->str, NULL);
  g_assert_nonnull (manifest);
  g_assert_cmpuint (manifest->warnings->len, ==, 201);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (manifest->warnings, 199),
                                   ": unknown199: unknown key, ignored"));
  g_assert_cmpstr (g_ptr_array_index (manifest->warnings, 200), ==,
                   "m.json: more than 200 warnings; the rest are not shown");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/manifest/full/top", test_full_top);
  g_test_add_func ("/manifest/full/modules", test_full_modules);
  g_test_add_func ("/manifest/full/download-sources", test_full_download_sources);
  g_test_add_func ("/manifest/full/other-sources", test_full_other_sources);
  g_test_add_func ("/manifest/metadata", test_metadata);
  g_test_add_func ("/manifest/minimal", test_minimal);
  g_test_add_func ("/manifest/branches", test_branches);
  g_test_add_func ("/manifest/finish-args", test_finish_args);
  g_test_add_func ("/manifest/warnings", test_warnings);
  g_test_add_func ("/manifest/many-warnings", test_many_warnings);
  return g_test_run ();
}
