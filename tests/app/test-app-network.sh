#!/bin/sh
# shared=network: a TCP server on the host's 127.0.0.1 is reachable only
# with the permission.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''
"$PROBE" listen "$TEST_DIR/port" &
track_pid $!
wait_for test -s "$TEST_DIR/port"
port=$(cat "$TEST_DIR/port")

check "control: the server answers on the host" test "$("$PROBE" connect "$port")" = "OK hello"
check "with --share=network the app reaches it" \
    test "$(app_run --share=network org.test.App connect "$port")" = "OK hello"
check "without it the app gets connection refused (its own lo)" \
    test "$(app_run org.test.App connect "$port")" = ECONNREFUSED
check "--unshare=network takes back what metadata granted" \
    test "$(app_run --share=network --unshare=network org.test.App connect "$port")" = ECONNREFUSED
check "with the network the host's resolv.conf is there" \
    app_run --share=network --command=sh org.test.App -c 'test ! -e /etc/resolv.conf -o -r /etc/resolv.conf'

done_testing
