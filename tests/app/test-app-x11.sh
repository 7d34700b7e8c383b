#!/bin/sh
# socket=x11: a real Xvfb, a real X client in the sandbox; only the
# display's socket and a cookie for it get in.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

if ! command -v Xvfb > /dev/null || ! command -v xdpyinfo > /dev/null || ! command -v xauth > /dev/null; then
    if [ "${HUTCH_TEST_MUST_WORK:-0}" = 1 ]; then
        echo "Bail out! Xvfb, xdpyinfo and xauth are needed (packages xvfb, x11-utils, xauth)"
        exit 1
    fi
    echo "1..0 # SKIP Xvfb, xdpyinfo or xauth missing"
    exit 0
fi
install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''

# A display number nobody uses, a cookie only this test knows.
n=$(( 90 + $$ % 400 ))
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
export XAUTHORITY="$TEST_DIR/Xauthority"
xauth -q -f "$XAUTHORITY" add ":$n" . "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
xauth -q -f "$XAUTHORITY" add ":$((n + 1))" . "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
Xvfb ":$n" -auth "$XAUTHORITY" -nolisten tcp > "$TEST_DIR/xvfb.log" 2>&1 &
track_pid $!
wait_for test -S "/tmp/.X11-unix/X$n" || { echo "Bail out! Xvfb did not start: $(cat "$TEST_DIR/xvfb.log")"; exit 1; }
export DISPLAY=":$n"

check "control: xdpyinfo works on the host" sh -c 'xdpyinfo > /dev/null 2>&1'
check "with --socket=x11 an X client in the sandbox reaches the display" \
    sh -c '"$@" > /dev/null 2>&1' sh env HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" \
    "$APP" run --socket=x11 --command=xdpyinfo org.test.App
check "without it the client fails" \
    sh -c '! "$@" > /dev/null 2>&1' sh env HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" \
    "$APP" run --command=xdpyinfo org.test.App
inside=$(app_run --socket=x11 --command=sh org.test.App -c 'echo $DISPLAY; ls /tmp/.X11-unix; xauth -f "$XAUTHORITY" list | wc -l')
check "the sandbox sees one display socket, as :99, and one cookie" test "$inside" = ":99
X99
1"
check "--socket=fallback-x11 gives X11 when there is no Wayland" \
    sh -c '"$@" > /dev/null 2>&1' sh env HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" \
    "$APP" run --socket=fallback-x11 --command=xdpyinfo org.test.App
check "the host's other displays' sockets are not there" \
    app_run --socket=x11 --command=sh org.test.App -c "test ! -e /tmp/.X11-unix/X$n"

done_testing
