#!/bin/sh
# hutch-bundler runtime --debian --sdk: a Debian 12 SDK (compilers, meson,
# cmake…) built by mmdebstrap as the unprivileged user; an app on it
# compiles and runs a C program inside its sandbox; a manifest with cmake,
# cmake-ninja and autotools modules and a zip archive builds on it with
# hutch-bundler build, installs and runs.  Long (a few minutes,
# a few hundred megabytes from deb.debian.org): suite 'long' only.
HUTCH_TEST_SUBIDS=1
. "$HUTCH_SRCDIR/tests/runtime/libruntime.sh"
SUITE=${HUTCH_TEST_DEBIAN_SUITE:-bookworm}
RUNTIME=runtime/org.test.Sdk/$ARCH/12
require_mmdebstrap

build_runtime org.test.Sdk 12 --repo="$REPO" --sdk --debian "$SUITE"
commit=$COMMIT
diag "building the Debian SDK took ${TOOK}s"
check "runtime --debian --sdk commits $RUNTIME (in ${TOOK}s)" \
    sh -c 'echo "$1" | grep -Eq "^[0-9a-f]{64}$"' sh "$commit"
[ -n "$commit" ] || diag "$(tail -n 30 "$TEST_DIR/runtime.err")"
check "its metadata names it as its own SDK" \
    test "$(ostree --repo="$REPO" cat "$RUNTIME" /metadata 2> /dev/null)" = "[Runtime]
name=org.test.Sdk
runtime=org.test.Sdk/$ARCH/12
sdk=org.test.Sdk/$ARCH/12"
TREE=$(ostree --repo="$REPO" ls -R "$RUNTIME" 2> /dev/null)
# A program may be a link (gcc -> gcc-12).
check "it has the build tools" tree_has ' /files/bin/gcc( -> .*)?$' ' /files/bin/meson( -> .*)?$' \
    ' /files/bin/ninja( -> .*)?$' ' /files/bin/cmake( -> .*)?$' ' /files/bin/pkg-config( -> .*)?$' \
    ' /files/bin/make( -> .*)?$' ' /files/bin/patch( -> .*)?$' ' /files/bin/unzip( -> .*)?$'
check "every file is 0:0, and no mode but 0755 and 0644" tree_only '^(-00755|-00644|d00755|l00777) 0 0 '

out=$(install_app_on org.test.Sdk 12 org.test.OnSdk 2>&1)
check "app install installs an app on the SDK" \
    test -n "$commit" -a "$(readlink "$INST/runtime/org.test.Sdk/$ARCH/12/active")" = "$commit"
[ -L "$INST/runtime/org.test.Sdk/$ARCH/12/active" ] || diag "$out"
out=$(app_run --command=sh org.test.OnSdk -c '
    cd "$XDG_DATA_HOME" &&
    printf "#include <stdio.h>\nint main (void) { puts (\"built in the sandbox\"); return 0; }\n" > hello.c &&
    gcc -O2 -o hello hello.c && ./hello' 2>&1)
check "gcc compiles a C program in the sandbox, and it runs" test "$out" = "built in the sandbox"
[ "$out" = "built in the sandbox" ] || diag "$out"
quietly () { "$@" > /dev/null; }
check "meson, ninja and cmake run" \
    quietly app_run --command=sh org.test.OnSdk -c 'meson --version && ninja --version && cmake --version'

# --- The buildsystems the host cannot test (no cmake there), and a zip
# archive, built from one manifest with this SDK and installed ---
export HUTCH_LAUNCH="$HL"
cd "$TEST_DIR" || exit 1 # the bundler keeps its state in ./.hutch-bundler
SRC=$TEST_DIR/src
mkdir -p "$SRC/cmake" "$SRC/ninja" "$SRC/autotools" "$SRC/zip/top"
c_program () { # FILE TEXT
    printf '#include <stdio.h>\nint main (void) { puts ("%s"); return 0; }\n' "$2" > "$1"
}
for kind in cmake ninja; do
    c_program "$SRC/$kind/hello.c" "built by $kind"
    printf 'cmake_minimum_required(VERSION 3.13)\nproject(hello C)\nadd_executable(hello-%s hello.c)\ninstall(TARGETS hello-%s DESTINATION bin)\n' \
        "$kind" "$kind" > "$SRC/$kind/CMakeLists.txt"
done
c_program "$SRC/autotools/hello.c" "built by autotools"
# A configure script of our own: the SDK has make, not autoconf.
cat > "$SRC/autotools/configure" << 'EOF2'
#!/bin/sh
prefix=/usr/local
for arg in "$@"; do case $arg in --prefix=*) prefix=${arg#--prefix=} ;; esac; done
printf 'all: hello-autotools\nhello-autotools: hello.c\n\t$(CC) -o $@ hello.c\ninstall: all\n\tmkdir -p $(DESTDIR)%s/bin\n\tcp hello-autotools $(DESTDIR)%s/bin/\n' \
    "$prefix" "$prefix" > Makefile
EOF2
chmod 755 "$SRC/autotools/configure"
echo "from a zip archive" > "$SRC/zip/top/zipped.txt"
(cd "$SRC/zip" && python3 -c 'import zipfile; z = zipfile.ZipFile("../data.zip", "w"); z.write("top/zipped.txt"); z.close()')
zip_sum=$(sha256sum "$SRC/data.zip" | cut -d' ' -f1)
cat > "$SRC/org.test.Systems.json" << EOF2
{
  "id": "org.test.Systems",
  "runtime": "org.test.Sdk",
  "runtime-version": "12",
  "sdk": "org.test.Sdk",
  "command": "hello-cmake",
  "modules": [
    { "name": "cmake", "buildsystem": "cmake", "sources": [ { "type": "dir", "path": "cmake" } ] },
    { "name": "ninja", "buildsystem": "cmake-ninja", "sources": [ { "type": "dir", "path": "ninja" } ] },
    { "name": "autotools", "buildsystem": "autotools", "sources": [ { "type": "dir", "path": "autotools" } ] },
    { "name": "zip", "buildsystem": "simple",
      "sources": [ { "type": "archive", "path": "data.zip", "sha256": "$zip_sum" } ],
      "build-commands": [ "install -D -m 644 zipped.txt /app/share/zipped.txt" ] }
  ]
}
EOF2
out=$("$BUNDLER" build --repo="$REPO" --gpg-sign="$KEY" --gpg-homedir="$GNUPGHOME" \
    "$TEST_DIR/systems" "$SRC/org.test.Systems.json" 2>&1)
check "cmake, cmake-ninja, autotools and a zip archive build in the SDK's sandbox" \
    test -x "$TEST_DIR/systems/files/bin/hello-cmake" -a -x "$TEST_DIR/systems/files/bin/hello-ninja" \
    -a -x "$TEST_DIR/systems/files/bin/hello-autotools" -a -f "$TEST_DIR/systems/files/share/zipped.txt"
[ -f "$TEST_DIR/systems/files/share/zipped.txt" ] || diag "$out"
quietly "$APP" install -y test org.test.Systems
out=$(app_run --command=sh org.test.Systems -c 'hello-cmake; hello-ninja; hello-autotools; cat /app/share/zipped.txt' 2>&1)
check "installed, each program runs in the app's sandbox" test "$out" = "built by cmake
built by ninja
built by autotools
from a zip archive"
[ "$out" = "built by cmake
built by ninja
built by autotools
from a zip archive" ] || diag "$out"
sed "s/$zip_sum/$(printf '%064d' 0)/" "$SRC/org.test.Systems.json" > "$SRC/bad-sum.json"
check_match "a zip archive whose sha256 does not match is refused" "sha256" \
    "$BUNDLER" build "$TEST_DIR/bad-sum" "$SRC/bad-sum.json"

done_testing
