#!/bin/sh
# hutch-bundler build: bad manifests, bad sources and failed steps give
# clear errors naming the place in the manifest, and never leave a build
# directory that passes for complete, nor anything in a repository.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/build/build-lib.sh"
setup_build_test

echo data > data.txt
tar -czf data.tar.gz data.txt
sha=$(sha256sum data.tar.gz | cut -d' ' -f1)
bad=0000000000000000000000000000000000000000000000000000000000000000

# A manifest whose one module has the sources given; the source is on
# line 9, column 20.
one_source () {
    cat > "$1" << EOF
{
  "id": "org.test.Build",
  "runtime": "org.test.Platform",
  "runtime-version": "stable",
  "sdk": "${3:-org.test.Sdk}",
  "command": "true",
  "modules": [
    { "name": "m", "buildsystem": "${4:-simple}", "build-commands": ["true"],
      "sources": [ $2 ] }
  ]
}
EOF
}

one_source sha.json "{ \"type\": \"archive\", \"path\": \"data.tar.gz\", \"sha256\": \"$bad\" }"
check_build_fails "a sha256 mismatch names the source, the expected and the actual sum" \
    "^hutch-bundler: error: sha\\.json:9:20: modules\\[0\\]\\.sources\\[0\\]: sha256 mismatch: expected $bad, got $sha$" \
    b-sha sha.json
check "... and leaves nothing marked complete" not_complete b-sha
check "... nor the archive unpacked" test ! -e .hutch-bundler/build/m/data.txt

one_source good.json "{ \"type\": \"archive\", \"path\": \"data.tar.gz\", \"sha256\": \"$sha\", \"strip-components\": 0 }"
check_build "the right sum builds" b-good good.json
check "... and unpacks the archive" test -f .hutch-bundler/build/m/data.txt

one_source dotdot.json '{ "type": "file", "path": "../outside" }'
check_build_fails "a source path with .. is refused, naming the place" \
    "dotdot\\.json:9:[0-9]+: modules\\[0\\]\\.sources\\[0\\]" b-dotdot dotdot.json
check "... before BUILDDIR is touched" test ! -e b-dotdot/files

mkdir -p "$TEST_DIR/secret" && echo key > "$TEST_DIR/secret/key"
ln -s "$TEST_DIR/secret" leak
one_source link.json '{ "type": "file", "path": "leak/key" }'
check_build_fails "a source path leading out through a link is refused, naming the place" \
    "link\\.json:9:20: modules\\[0\\]\\.sources\\[0\\]: the path leads out of the manifest's directory" \
    b-link link.json
check "... and nothing was copied" test ! -e .hutch-bundler/build/m/key

one_source dir-dest.json '{ "type": "dir", "path": "plant" }, { "type": "file", "path": "data.txt", "dest": "evil" }'
mkdir -p plant && ln -s "$TEST_DIR/secret" plant/evil
check_build_fails "a dest reached through a link a source planted is refused" \
    "dir-dest\\.json:9:[0-9]+: modules\\[0\\]\\.sources\\[1\\]: dest: " b-dest dir-dest.json
check "... and nothing was written through the link" test ! -e "$TEST_DIR/secret/data.txt"

one_source url.json "{ \"type\": \"file\", \"url\": \"https://example.org/dl/data.txt?x=1\", \"sha256\": \"$(sha256sum data.txt | cut -d' ' -f1)\" }"
check_build_fails "a url source without a mirror is a clear error naming the place" \
    "url\\.json:9:20: modules\\[0\\]\\.sources\\[0\\]: network sources are not supported; give a local mirror with --mirror-dir" \
    b-url url.json
mkdir -p mirror && cp data.txt mirror/
check_build "with --mirror-dir the file is taken from the mirror" --mirror-dir=mirror b-url2 url.json
check "... under its own name" cmp -s data.txt .hutch-bundler/build/m/data.txt
echo changed > mirror/data.txt
check_build_fails "a mirror file that is not what its sha256 says is refused" \
    "url\\.json:9:20: .*sha256 mismatch" --mirror-dir=mirror b-url3 url.json

one_source bs.json '' org.test.Sdk bogus
check_build_fails "an unknown buildsystem names the place" \
    "bs\\.json:8:[0-9]+: modules\\[0\\]\\.buildsystem" b-bs bs.json
one_source qmake.json '' org.test.Sdk qmake
check_build_fails "qmake is a clear error naming the module" \
    "qmake\\.json:8:5: modules\\[0\\]: the buildsystem “qmake” is not supported" b-qmake qmake.json
check "... before anything is built" test ! -e b-qmake

one_source sdk.json '' org.test.Missing
check_build_fails "a missing SDK names the manifest, the ref and how to install it" \
    "sdk\\.json:[0-9]+:[0-9]+: sdk: runtime/org.test.Missing/$(uname -m)/stable is not installed.*app install" \
    b-sdk sdk.json
check "... and leaves nothing marked complete" not_complete b-sdk

simple_manifest fail.json \
    '{ "name": "first", "buildsystem": "simple", "build-commands": ["true"] }' \
    '{ "name": "failing", "buildsystem": "simple", "build-commands": ["touch /app/half", "exit 3"] }'
check_build_fails "a failed step names the module, the step and its exit status" \
    "module “failing”: simple: running build-commands failed with exit status 3" \
    --repo="$TEST_DIR/repo" b-fail fail.json
check "a failed build is marked incomplete" test -e b-fail/.hutch-build-incomplete -a ! -e b-fail/metadata
check "... and nothing was exported" test ! -e "$TEST_DIR/repo/refs/heads/app"
printf '[Application]\nname=org.test.Half\nruntime=org.test.Platform/%s/stable\ncommand=true\n' \
    "$(uname -m)" > b-fail/metadata
check_match "build-export refuses a build directory marked incomplete, even with metadata" \
    "holds an incomplete build" "$BUNDLER" build-export "$TEST_DIR/repo" b-fail
check "... and exports nothing" test ! -e "$TEST_DIR/repo/refs/heads/app"
rm b-fail/.hutch-build-incomplete
check "without the mark, the same directory exports (the check is what refused it)" \
    "$BUNDLER" build-export "$TEST_DIR/repo" b-fail

mkdir -p inner
cp fail.json inner/
check_build_fails "--force-clean does not empty a directory that holds the current directory" \
    "will not empty" --force-clean . fail.json
check "... and the directory is as it was" test -f fail.json -a -d inner

done_testing
