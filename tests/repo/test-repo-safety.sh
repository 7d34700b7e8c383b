#!/bin/sh
# DESIGN.md, invariant 4: a failed or interrupted install or update leaves
# the previous version runnable and the repository consistent.  Killed at
# each step (HUTCH_TEST_KILL_AT, test-only) and for real in the middle of a
# slow download; a full disk; a broken connection; two commands at once.
# Each time: the old version runs, `ostree fsck` passes, and running the
# command again completes it.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

version=1
# new_version [HOOK]: commit and publish org.test.Hello $version+1.
new_version () {
    version=$((version + 1))
    APP_TREE_HOOK=${1:-} make_app org.test.Hello "$version" '' \
        "--timestamp=2026-01-$(printf %02d "$version") 00:00:00 +0000" > /dev/null
    publish
}
runs () { test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello $1"; }

make_runtime org.test.Platform > /dev/null
make_app org.test.Hello 1 '' "--timestamp=2026-01-01 00:00:00 +0000" > /dev/null
make_app org.test.Fresh 1 > /dev/null
publish
serve
add_remote test
"$APP" install -y org.test.Hello > /dev/null

# --- Killed at each step of an update ---
for point in after-pull after-checkout before-active; do
    new_version
    status=0
    HUTCH_TEST_KILL_AT=$point "$APP" update -y > "$TEST_DIR/out" 2>&1 || status=$?
    check "update killed at $point" test "$status" = 137
    check "  the previous version still runs" runs $((version - 1))
    check "  the repository is consistent" fsck_ok "$INST/repo"
    if [ "$point" = after-checkout ]; then
        check "  the interrupted checkout waits in .tmp" test -n "$(ls -A "$INST/.tmp")"
    fi
    check_match "  running update again completes it" "^Updated app/org.test.Hello/" "$APP" update -y
    check "  the new version runs" runs $version
    check "  nothing is left in .tmp" test -z "$(ls -A "$INST/.tmp")"
    check "  no stray active link" test ! -e "$INST/app/org.test.Hello/$ARCH/stable/.active.new"
done

status=0
HUTCH_TEST_KILL_AT=before-active "$APP" install -y org.test.Fresh > /dev/null 2>&1 || status=$?
check "install killed before the active link" test "$status" = 137
check_match "  the app is not installed, not half-installed" "not installed" app_run org.test.Fresh
check "  the repository is consistent" fsck_ok "$INST/repo"
check_match "  running install again completes it" "^Installed app/org.test.Fresh/" "$APP" install -y org.test.Fresh
check "  and it runs" test "$(hello org.test.Fresh | head -n 1)" = "hello org.test.Fresh 1"

# --- A real SIGKILL in the middle of a slow download ---
big_file () { mkdir -p "$1/files/share" && head -c 600000 /dev/urandom > "$1/files/share/big"; }
new_version big_file
stop_server
serve --port "$PORT" --rate 150000 --log "$TEST_DIR/slow.log"
"$APP" update -y > "$TEST_DIR/out" 2>&1 &
pid=$!
track_pid $pid
wait_for_long sh -c 'test "$(grep -c /objects/ "$1" 2> /dev/null)" -ge 3' sh "$TEST_DIR/slow.log"
sleep 0.5
check "the download is under way" kill -0 $pid
kill -KILL $pid
wait $pid 2> /dev/null
check "  after SIGKILL mid-download the previous version runs" runs $((version - 1))
check "  the repository is consistent" fsck_ok "$INST/repo"
stop_server
serve --port "$PORT"
check_match "  running update again completes it" "^Updated app/org.test.Hello/" "$APP" update -y
check "  the new version runs" runs $version

# --- A broken connection ---
many_files () { mkdir -p "$1/files/share" && for i in 1 2 3 4 5 6 7 8; do head -c 3000 /dev/urandom > "$1/files/share/f$i"; done; }
new_version many_files
stop_server
serve --port "$PORT" --break-after 4 --log "$TEST_DIR/broken.log"
status=0
out=$("$APP" update -y 2>&1) || status=$?
check "a broken connection is a clear error" \
    sh -c 'test "$1" = 1 && echo "$2" | grep -q "^app: error: the download stopped: run the command again" && echo "$2" | grep -q "cannot download app/org.test.Hello/"' sh "$status" "$out"
[ "$status" = 1 ] || diag "status $status:" "$out"
check "  the previous version runs" runs $((version - 1))
check "  the repository is consistent" fsck_ok "$INST/repo"
stop_server
serve --port "$PORT" --log "$TEST_DIR/again.log"
check_match "  running update again completes it" "^Updated app/org.test.Hello/" "$APP" update -y
check "  the new version runs" runs $version
# The signature (.commitmeta) is fetched each time; objects are not.
fetched_before=$(grep /objects/ "$TEST_DIR/broken.log" | head -n 4 | grep -v '\.commitmeta$' | sort -u)
check "  what arrived before the break is not fetched again (the pull resumes)" \
    sh -c 'test -n "$1" && ! printf "%s\n" "$1" | grep -qxFf - "$2"' sh "$fetched_before" "$TEST_DIR/again.log"

# --- Two installs at once: the second waits for the first ---
APP_TREE_HOOK=big_file make_app org.test.Big 1 > /dev/null
publish
stop_server
serve --port "$PORT" --rate 300000 --log "$TEST_DIR/lock.log"
"$APP" install -y org.test.Big > "$TEST_DIR/first" 2>&1 &
first=$!
track_pid $first
wait_for_long grep -q /objects/ "$TEST_DIR/lock.log"
out=$("$APP" install -y --reinstall org.test.Fresh 2>&1)
check "a second command waits for the installation lock, and says so" \
    sh -c 'echo "$1" | grep -q "^app: waiting for another app command to finish with .*hutch…$"' sh "$out"
check "  then completes" sh -c 'echo "$1" | grep -q "^Installed app/org.test.Fresh/"' sh "$out"
check "  after the first" sh -c '! kill -0 "$1" 2> /dev/null' sh $first
check "  which completed too" wait_exit $first
fresh_runs () { app_run org.test.Fresh > /dev/null; }
big_runs () { test "$(hello org.test.Big | head -n 1)" = "hello org.test.Big 1"; }
check "  both run" big_runs
check "  both run" fresh_runs
check "  the repository is consistent" fsck_ok "$INST/repo"
stop_server
serve --port "$PORT"

# --- A full disk (a small tmpfs as the installation, in a user namespace) ---
status=0
unshare -Urm sh "$HUTCH_SRCDIR/tests/repo/full-disk.sh" "$APP" "$TEST_DIR" "$KEY_FILE" "$URL" \
    2> "$TEST_DIR/full.err" || status=$?
check "a full disk is a clear error, installs nothing, and the repository stays consistent" \
    sh -c 'test "$1" = 0 && test "$(cat "$2/full.status")" = 1 && grep -q "^app: error: not enough free space to download .* into “$2/small/hutch”: " "$2/full.out" && grep -q "^app: the disk is full: make room and run the command again" "$2/full.out"' sh "$status" "$TEST_DIR"
[ "$status" = 0 ] && grep -q "disk is full" "$TEST_DIR/full.out" || diag "full-disk.sh: step $status, install: status $(cat "$TEST_DIR/full.status" 2> /dev/null), said:" \
    "$(cat "$TEST_DIR/full.err" "$TEST_DIR/full.out" 2> /dev/null)"
check "  with room again, running install again completes it" grep -q "^Installed app/org.test.Hello/" "$TEST_DIR/full.out2"

done_testing
