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

# A source tree (git keeps symbolic links) shipping links in the bundler's
# own directories: .hutch-bundler/build -> a directory of the user's would
# have a module named after one of its entries emptied, and bound writable.
mkdir -p "$TEST_DIR/victim/autostart" shipped
echo mine > "$TEST_DIR/victim/autostart/keep"
mkdir -p shipped/.hutch-bundler
ln -s "$TEST_DIR/victim" shipped/.hutch-bundler/build
simple_manifest shipped/app.json \
    '{ "name": "autostart", "buildsystem": "simple", "build-commands": ["touch $HOME/planted"] }'
(cd shipped && bundle_build b app.json); rc=$?
check "a link shipped as .hutch-bundler/build is refused" \
    sh -c 'test "$1" != 0 && grep -q "is a symbolic link or not a directory" "$2"' sh $rc "$TEST_DIR/out"
check "... and the directory it names is untouched" \
    test -f "$TEST_DIR/victim/autostart/keep" -a ! -e "$TEST_DIR/victim/autostart/planted"
rm shipped/.hutch-bundler/build
ln -s "$TEST_DIR/victim" shipped/.hutch-bundler-link
(cd shipped && bundle_build --state-dir=.hutch-bundler-link b2 app.json); rc=$?
check "a state directory that is a link is refused" \
    sh -c 'test "$1" != 0 && grep -q "is a symbolic link or not a directory" "$2"' sh $rc "$TEST_DIR/out"
mkdir -p "$TEST_DIR/victim/empty"
ln -s "$TEST_DIR/victim/empty" shipped/build-dir
(cd shipped && bundle_build build-dir app.json); rc=$?
check "a build directory that is a link is refused" \
    sh -c 'test "$1" != 0 && grep -q "is a symbolic link or not a directory" "$2"' sh $rc "$TEST_DIR/out"
check "... and nothing was written where it points" test -z "$(ls -A "$TEST_DIR/victim/empty")"

# An SDK whose files/etc is a symlink to a directory of the user's: the
# build does not get that directory as /etc.  The SDK is busybox and the C
# library.
sdk="$XDG_DATA_HOME/hutch/runtime/org.test.EtcSdk/$(uname -m)/stable/$FAKE_COMMIT_RUNTIME"
multiarch=$(gcc -print-multiarch 2> /dev/null || echo "$(uname -m)-linux-gnu")
mkdir -p "$sdk/files/bin" "$sdk/files/lib/$multiarch" "$sdk/files/lib64"
cp /bin/busybox "$sdk/files/bin/busybox"
for tool in sh cat; do ln -s busybox "$sdk/files/bin/$tool"; done
for lib in $(ldd /bin/busybox | awk '$3 ~ /^\// { print $3 }'); do
    cp -L "$lib" "$sdk/files/lib/$multiarch/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$sdk/files/lib64/"
ln -s "$TEST_DIR/secret" "$sdk/files/etc"
printf '[Runtime]\nname=org.test.EtcSdk\n' > "$sdk/metadata"
ln -sfn "$FAKE_COMMIT_RUNTIME" "$sdk/../active"
simple_manifest etc-sdk.json \
    '{ "name": "m", "buildsystem": "simple", "build-commands": ["cat /etc/key > /app/got || true"] }'
sed -i 's/"sdk": "org.test.Sdk"/"sdk": "org.test.EtcSdk"/' etc-sdk.json
check_build "a build on an SDK whose etc is a link to the host's runs" b-etc etc-sdk.json
check "... without that directory as /etc" test ! -s b-etc/files/got

# The desktop file rename-icon edits, made a FIFO by the build: an error,
# not a bundler waiting for a writer forever.
simple_manifest fifo.json \
    '{ "name": "m", "buildsystem": "simple", "build-commands": ["mkdir -p /app/share/applications", "mkfifo /app/share/applications/org.test.Build.desktop"] }'
sed -i 's/"command": "true",/"command": "true", "rename-icon": "x",/' fifo.json
check_build_fails "a FIFO where rename-icon edits the desktop file is an error" \
    "share/applications/org.test.Build.desktop: not a regular file" b-fifo fifo.json

# A build step cannot open the user's terminal (it would read what the
# user types while it runs).
if command -v script > /dev/null; then
    simple_manifest tty.json \
        '{ "name": "m", "buildsystem": "simple", "build-commands": ["if : < /dev/tty; then touch /app/tty-open; fi; true"] }'
    script -qec "$BUNDLER build b-tty tty.json" /dev/null < /dev/null > "$TEST_DIR/out" 2>&1
    check "a build step run from a terminal cannot open it" \
        sh -c 'test -d b-tty/files && test ! -e b-tty/files/tty-open'
else
    skip "a build step cannot open the terminal: script (util-linux) is not installed"
fi

mkdir -p inner
cp fail.json inner/
check_build_fails "--force-clean does not empty a directory that holds the current directory" \
    "will not empty" --force-clean . fail.json
check "... and the directory is as it was" test -f fail.json -a -d inner

done_testing
