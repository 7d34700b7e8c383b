#!/bin/sh
# hutch-bundler build: a C hello app from a manifest with the meson
# buildsystem and every kind of local source, on the host's /usr as SDK;
# what it leaves in BUILDDIR; the same build twice is the same, to the
# modification times and the commit.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/build/build-lib.sh"
setup_build_test

mkdir -p src archive/data-1.0
cat > src/meson.build << 'EOF'
project('hello', 'c')
executable('hello', 'hello.c', install: true)
datadir = get_option('datadir')
install_data('hello.desktop', install_dir: datadir / 'applications')
install_data('hello.png', install_dir: datadir / 'icons/hicolor/64x64/apps')
install_data('data/data.txt', 'NOTES', install_dir: datadir / 'hello')
install_headers('greeting.h')
install_data('libhello.la', install_dir: get_option('libdir'))
EOF
cat > src/hello.c << 'EOF'
#include <stdio.h>
#include "greeting.h"
int main (void) { printf ("Hello %s\n", GREETING); return 0; }
EOF
sed 's/"Hello /"Hello, patched, /' src/hello.c > hello-patched.c
mkdir -p a b && cp src/hello.c a/ && cp hello-patched.c b/hello.c
diff -u a/hello.c b/hello.c > fix.patch
rm -r a b hello-patched.c
printf '[Desktop Entry]\nName=Hello\nExec=hello\nIcon=hello\nType=Application\n' > src/hello.desktop
printf '\211PNG\r\n\032\n0000' > src/hello.png
: > src/libhello.la
echo "from a file source" > notes.txt
echo "from the archive" > archive/data-1.0/data.txt
tar -C archive -czf data.tar.gz data-1.0
sha=$(sha256sum data.tar.gz | cut -d' ' -f1)

cat > org.test.Hello.json << EOF
{
  "id": "org.test.Hello",
  "runtime": "org.test.Platform",
  "runtime-version": "stable",
  "sdk": "org.test.Sdk",
  "command": "hello",
  "finish-args": ["--share=ipc", "--socket=x11"],
  "rename-desktop-file": "hello.desktop",
  "rename-icon": "hello",
  "cleanup": ["*.la"],
  "modules": [
    {
      "name": "hello",
      "buildsystem": "meson",
      "cleanup": ["/include"],
      "post-install": ["./extra.sh"],
      "sources": [
        { "type": "dir", "path": "src" },
        { "type": "patch", "path": "fix.patch" },
        { "type": "inline", "dest-filename": "greeting.h",
          "contents": "#define GREETING \"from inline\"\n" },
        { "type": "script", "dest-filename": "extra.sh",
          "commands": ["mkdir -p /app/share/hello", "echo from script > /app/share/hello/script.txt"] },
        { "type": "archive", "path": "data.tar.gz", "sha256": "$sha", "dest": "data" },
        { "type": "file", "path": "notes.txt", "dest-filename": "NOTES" }
      ]
    }
  ]
}
EOF

check_build "the meson hello app builds" build org.test.Hello.json
check_match "each step is shown" '^\[1/1\] hello: meson: configuring$' cat "$TEST_DIR/out"
check "BUILDDIR/files/bin/hello exists" test -x build/files/bin/hello
check "it runs, patched, with the inline header" \
    test "$(build/files/bin/hello)" = "Hello, patched, from inline"
check "the archive was unpacked into dest, its top directory stripped" \
    test "$(cat build/files/share/hello/data.txt)" = "from the archive"
check "the file source got its dest-filename" \
    test "$(cat build/files/share/hello/NOTES)" = "from a file source"
check "the script ran as post-install" \
    test "$(cat build/files/share/hello/script.txt)" = "from script"
check "the module's cleanup removed what it installed in /include" test ! -e build/files/include
check "the top-level cleanup removed *.la" test ! -e build/files/lib/libhello.la

arch=$(uname -m)
meta=$(cat build/metadata)
check "the metadata names the app, runtime, SDK and command" sh -c '
    echo "$1" | grep -qx "\[Application\]" && echo "$1" | grep -qx "name=org.test.Hello" &&
    echo "$1" | grep -qx "runtime=org.test.Platform/$2/stable" &&
    echo "$1" | grep -qx "sdk=org.test.Sdk/$2/stable" && echo "$1" | grep -qx "command=hello"' \
    sh "$meta" "$arch"
check "the metadata holds finish-args as permissions" sh -c '
    echo "$1" | grep -qx "\[Context\]" && echo "$1" | grep -qx "shared=ipc;" &&
    echo "$1" | grep -qx "sockets=x11;"' sh "$meta"
check "the desktop file was renamed after the app" sh -c '
    test -f build/files/share/applications/org.test.Hello.desktop &&
    test ! -e build/files/share/applications/hello.desktop'
check "export/ holds the renamed desktop file, its Icon renamed too" \
    grep -qx "Icon=org.test.Hello" build/export/share/applications/org.test.Hello.desktop
check "export/ holds the renamed icon" \
    cmp -s src/hello.png build/export/share/icons/hicolor/64x64/apps/org.test.Hello.png
check "export/ holds nothing else" \
    test "$(cd build/export && find . -type f | sort | tr '\n' ' ')" = "./share/applications/org.test.Hello.desktop ./share/icons/hicolor/64x64/apps/org.test.Hello.png "
check "the build is marked complete" test ! -e build/.hutch-build-incomplete
date=$(find org.test.Hello.json src fix.patch data.tar.gz notes.txt -type f -printf '%T@\n' \
    | cut -d. -f1 | sort -n | tail -n 1)
check "every time in BUILDDIR is at most the sources' date" \
    test -z "$(find build -newermt "@$date" -print)"
check "the newest time in BUILDDIR is the sources' date" \
    test "$(find build -printf '%T@\n' | sort -n | tail -n 1)" = "$date.0000000000"

# autotools: autogen.sh (no configure yet), configure --prefix, make,
# make install, with the build-options' CFLAGS.
mkdir -p auto
cat > auto/autogen.sh << 'EOF'
#!/bin/sh
test "$NOCONFIGURE" = 1 || exit 9
cp configure.in configure && chmod +x configure
EOF
cat > auto/configure.in << 'EOF'
#!/bin/sh
prefix=/usr/local
for arg; do case $arg in --prefix=*) prefix=${arg#--prefix=} ;; esac; done
sed "s|@prefix@|$prefix|" Makefile.in > Makefile
EOF
printf 'all: hello-auto\nhello-auto: hello.c\n\tgcc $(CFLAGS) -o hello-auto hello.c\n' > auto/Makefile.in
printf 'install:\n\tmkdir -p @prefix@/bin\n\tcp hello-auto @prefix@/bin/\n' >> auto/Makefile.in
printf '#include <stdio.h>\nint main (void) { puts (GREETING); return 0; }\n' > auto/hello.c
chmod +x auto/autogen.sh
cat > auto.json << 'EOF'
{
  "id": "org.test.Auto", "runtime": "org.test.Platform", "runtime-version": "stable",
  "sdk": "org.test.Sdk", "command": "hello-auto",
  "build-options": { "cflags": "-DGREETING=\\\"autotools\\\"" },
  "modules": [ { "name": "auto", "sources": [ { "type": "dir", "path": "auto" } ] } ]
}
EOF
check_build "an autotools module builds: autogen.sh, configure, make, make install" b-auto auto.json
check_match "... showing its steps" '^\[1/1\] auto: autotools: running autogen$' cat "$TEST_DIR/out"
check "... with the build-options' CFLAGS" test "$(b-auto/files/bin/hello-auto)" = autotools

# The same manifest again: the same files, modes, links and times.
listing () {
    (cd "$1" && find . -printf '%p %y %m %s %T@ %l\n' | LC_ALL=C sort)
}
check_build "the same manifest builds again into another directory" build2 org.test.Hello.json
check "both builds hold the same files, byte for byte" diff -r build build2
check "both builds hold the same modes and modification times" \
    test "$(listing build)" = "$(listing build2)"

check_build_fails "a non-empty BUILDDIR is refused without --force-clean" \
    "not empty.*--force-clean" build org.test.Hello.json
check "the refused build left BUILDDIR as it was" test -x build/files/bin/hello -a ! -e build/.hutch-build-incomplete
check_build "--force-clean builds into it again" --force-clean build org.test.Hello.json
check "... with the same result" test "$(listing build)" = "$(listing build2)"

# Export: the same sources give the same commit, in any repository.
if bundle_build --repo="$TEST_DIR/repo1" --force-clean build org.test.Hello.json; then
    commit1=$(tail -n 1 "$TEST_DIR/out")
    ok "build --repo exports the build"
else
    commit1=; not_ok "build --repo exports the build"; show_output
fi
check_match "it is committed on app/ID/ARCH/master" "^app/org.test.Hello/$arch/master [0-9a-f]{64}$" \
    echo "$commit1"
bundle_build --repo="$TEST_DIR/repo2" --default-branch=stable --force-clean build org.test.Hello.json
check_match "--default-branch names the branch" "^app/org.test.Hello/$arch/stable [0-9a-f]{64}$" \
    tail -n 1 "$TEST_DIR/out"
bundle_build --repo="$TEST_DIR/repo3" --force-clean build2 org.test.Hello.json
commit3=$(tail -n 1 "$TEST_DIR/out")
check "a second build of the same sources gives the same commit" test -n "$commit1" -a "$commit1" = "$commit3"

done_testing
