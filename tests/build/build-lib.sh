# build-lib.sh: sourced by the tests of `hutch-bundler build`, after
# libtest.sh.  The host's /usr is both the SDK (org.test.Sdk) and the
# runtime (org.test.Platform), branch "stable", in the test user's
# installation; builds run through the build tree's hutch-launch.

BUNDLER=$HUTCH_BUILDDIR/bundler/hutch-bundler
export HUTCH_LAUNCH="$HL"

setup_build_test () {
    install_runtime_from_host org.test.Platform stable
    install_runtime_from_host org.test.Sdk stable
    WORK=$TEST_DIR/work
    mkdir -p "$WORK"
    cd "$WORK" || exit 1
}

# bundle_build ARGS...: hutch-bundler build with its output in $TEST_DIR/out
# (shown as diagnostics if a check fails); returns its exit status.
bundle_build () {
    "$BUNDLER" build "$@" > "$TEST_DIR/out" 2>&1
}

# build_off ARGS...: bundle_build through a hutch-launch with the
# protections in $OFF switched off (libtest.sh's "protected" sets it), so
# that a check shows it fails without them.
build_off () {
    printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$HL" "$OFF" > "$TEST_DIR/launch-off"
    chmod +x "$TEST_DIR/launch-off"
    HUTCH_LAUNCH="$TEST_DIR/launch-off" bundle_build "$@"
}

show_output () {
    diag "hutch-bundler's output:"
    sed 's/^/    /' "$TEST_DIR/out" | tail -n 40 | while IFS= read -r line; do diag "$line"; done
}

# check_build DESC ARGS...: the build succeeds.
check_build () {
    local desc=$1; shift
    if bundle_build "$@"; then ok "$desc"; else not_ok "$desc"; show_output; fi
}

# check_build_fails DESC REGEX ARGS...: the build fails with a message
# (a line of its output) matching the extended REGEX.
check_build_fails () {
    local desc=$1 regex=$2; shift 2
    if bundle_build "$@"; then
        not_ok "$desc (the build succeeded)"
        show_output
    elif grep -Eq -- "$regex" "$TEST_DIR/out"; then
        ok "$desc"
    else
        not_ok "$desc"
        diag "expected a line matching: $regex"
        show_output
    fi
}

# not_complete BUILDDIR: nothing there passes for a finished build.
not_complete () {
    [ ! -e "$1/metadata" ] || [ -e "$1/.hutch-build-incomplete" ]
}

# simple_manifest FILE MODULE-JSON...: a manifest of simple modules.
simple_manifest () {
    local file=$1; shift
    {
        printf '{\n  "id": "org.test.Build",\n  "runtime": "org.test.Platform",\n'
        printf '  "runtime-version": "stable",\n  "sdk": "org.test.Sdk",\n  "command": "true",\n'
        printf '  "modules": [\n'
        local first=1
        for module in "$@"; do
            [ $first = 1 ] || printf ',\n'
            first=0
            printf '    %s' "$module"
        done
        printf '\n  ]\n}\n'
    } > "$file"
}
