#!/bin/sh
# hutch-bundler runtime --debian --sdk: a Debian 12 SDK (compilers, meson,
# cmake…) built by mmdebstrap as the unprivileged user; an app on it
# compiles and runs a C program inside its sandbox.  Long (a few minutes,
# a few hundred megabytes from deb.debian.org): suite 'long' only.
HUTCH_TEST_SUBIDS=1
. "$HUTCH_SRCDIR/tests/runtime/libruntime.sh"
SUITE=${HUTCH_TEST_DEBIAN_SUITE:-bookworm}
RUNTIME=runtime/org.test.Sdk/$ARCH/12

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

done_testing
