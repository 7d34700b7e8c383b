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

# --sandbox: none of what the metadata grants, only what the command line does.
install_test_app org.test.Granted '[Context]
shared=network;
filesystems=home;'
check "control: the metadata's grant reaches the server" \
    test "$(app_run org.test.Granted connect "$port")" = "OK hello"
check "with --sandbox the metadata's network is gone" \
    test "$(app_run --sandbox org.test.Granted connect "$port")" = ECONNREFUSED
touch "$HOME/marker"
check "and so is its home" app_run --sandbox --command=test org.test.Granted ! -e "$HOME/marker"
check "control: without --sandbox the home is there" \
    app_run --command=test org.test.Granted -e "$HOME/marker"
check "the flags given with --sandbox still grant" \
    test "$(app_run --sandbox --share=network org.test.Granted connect "$port")" = "OK hello"

done_testing
