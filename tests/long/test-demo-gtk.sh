#!/bin/sh
# The README's main job as a test (long suite: it downloads and builds a
# Debian runtime and SDK, minutes): tools/demo-user.sh with the build
# tree's programs, as the unprivileged test user.  The sample GTK app is
# built from its manifest against the Debian SDK, installed over HTTP from
# the signed repository, run sandboxed, and shown on a real X server (Xvfb)
# whose picture of the window it saves.
HUTCH_TEST_SUBIDS=1
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
if ! command -v Xvfb > /dev/null || ! command -v xauth > /dev/null || ! command -v mmdebstrap > /dev/null; then
    echo "1..0 # SKIP Xvfb, xauth or mmdebstrap missing"
    exit 0
fi

# Not in $TEST_DIR (0700): mmdebstrap --mode=unshare enters its temporary
# directory as a subordinate user.
TMPDIR=$(mktemp -d /tmp/hutch-demo-test.XXXXXX)
chmod 755 "$TMPDIR"
export TMPDIR
trap 'gpgconf --kill all 2> /dev/null; rm -rf "$TMPDIR"; cleanup_test_dirs' EXIT

bin=$TEST_DIR/bin
mkdir -p "$bin"
printf '#!/bin/sh\nHUTCH_PROFILES_DIR="%s" HUTCH_LIBEXEC_DIR="%s" exec "%s" "$@"\n' \
    "$HUTCH_SRCDIR/profiles" "$HUTCH_BUILDDIR/launcher/app" "$APP" > "$bin/app"
printf '#!/bin/sh\nHUTCH_LAUNCH="%s" exec "%s" "$@"\n' "$HL" "$HUTCH_BUILDDIR/bundler/hutch-bundler" \
    > "$bin/hutch-bundler"
chmod +x "$bin/app" "$bin/hutch-bundler"

shot=$TEST_DIR/window.png
port=$((20000 + $$ % 20000))
out=$(APP="$bin/app" BUNDLER="$bin/hutch-bundler" HUTCH_DEMO_PORT=$port HUTCH_DEMO_SCREENSHOT="$shot" \
    sh "$HUTCH_SRCDIR/tools/demo-user.sh" "$HUTCH_SRCDIR" "$TEST_DIR/demo" 2>&1)
rc=$?
check "the demo runs through: runtime, SDK, build, export, install, run" test "$rc" = 0
check_match "the app ran with no capabilities" '^  \[ok\] the app has no capabilities' printf '%s\n' "$out"
check_match "with no_new_privs" '^  \[ok\] no_new_privs is set' printf '%s\n' "$out"
check_match "with a seccomp filter" '^  \[ok\] a seccomp filter' printf '%s\n' "$out"
check_match "seeing of the host's homes only its user's, with only .var in it" "^  \[ok\] of the host's homes it sees only" printf '%s\n' "$out"
check_match "without a network" '^  \[ok\] its only network interface is lo' printf '%s\n' "$out"
check_match "it knows it is the installed org.hutch.Demo" '^  \[ok\] /.hutch-info names the app' printf '%s\n' "$out"
check "no check of the demo failed" sh -c '! printf "%s\n" "$1" | grep -q "^  \[!!\]"' sh "$out"

# A PNG of the window: its header, and a size that is a window's.
size=$(python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR"
print("%dx%d" % struct.unpack(">II", d[16:24]))' "$shot" 2> /dev/null)
check "the app's window was drawn on the X server and saved as a PNG ($size)" \
    sh -c 'case $1 in [3-9][0-9][0-9]x[2-9][0-9][0-9]) exit 0 ;; *) exit 1 ;; esac' sh "$size"
[ "$rc" = 0 ] || printf '%s\n' "$out" | tail -n 40 | while IFS= read -r l; do diag "$l"; done
if [ -n "${HUTCH_TEST_KEEP_SCREENSHOT:-}" ] && [ -s "$shot" ]; then
    cp "$shot" "$HUTCH_TEST_KEEP_SCREENSHOT" && diag "the window's picture: $HUTCH_TEST_KEEP_SCREENSHOT"
fi

done_testing
