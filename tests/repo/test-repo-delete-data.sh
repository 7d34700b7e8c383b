#!/bin/sh
# app uninstall --delete-data: the data of the apps uninstalled goes, after
# a question; alone, the data of every app no longer installed.  Data that
# something still keeps (an installed app, Flatpak's install of the same
# ID, a running app) stays, and nothing outside ~/.var/app is touched.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
for id in org.test.Hello org.test.Other org.test.Busy; do
    make_app "$id" 1 > /dev/null
done
publish
serve
add_remote test
for id in org.test.Hello org.test.Other org.test.Busy; do
    "$APP" install -y test "$id" > /dev/null 2>&1 || echo "Bail out! cannot install $id"
done
DATA=$HOME/.var/app
for id in org.test.Hello org.test.Other org.test.Busy; do
    hello "$id" > /dev/null 2>&1
    echo "kept" > "$DATA/$id/marker"
done
check "running the apps made their data directories" \
    test -f "$DATA/org.test.Hello/marker" -a -f "$DATA/org.test.Other/marker"

# Without a terminal and without -y: nothing happens.
status=0; out=$("$APP" uninstall --delete-data org.test.Hello < /dev/null 2>&1) || status=$?
check "the data is not deleted without an answer" \
    sh -c 'test "$1" != 0 && echo "$2" | grep -q "cannot ask" && test -f "$3"' sh "$status" "$out" \
    "$DATA/org.test.Hello/marker"
check "and the app stays installed" test -n "$(installed_commit app/org.test.Hello)"

# The question lists the data; answered no, nothing changes.
out=$(printf 'n\n' | script -qec "$APP uninstall --delete-data org.test.Hello" /dev/null 2>&1)
check_match "the question names the directory to delete" "^  $DATA/org.test.Hello\\s*\$" \
    printf '%s\n' "$out"
check "answered no, the data and the app stay" \
    test -f "$DATA/org.test.Hello/marker" -a -n "$(installed_commit app/org.test.Hello)"

# Answered yes (-y): the app and its data go, the others' data stays.
out=$("$APP" uninstall -y --delete-data org.test.Hello 2>&1)
check_match "uninstall --delete-data says it deleted the data" "^Deleted the data of org.test.Hello$" \
    printf '%s\n' "$out"
check "the app's data is gone" test ! -e "$DATA/org.test.Hello"
check "the app is uninstalled" test -z "$(installed_commit app/org.test.Hello)"
check "another app's data stays" test -f "$DATA/org.test.Other/marker"

# Flatpak keeps its apps' data in the same place: an ID Flatpak has
# installed keeps its data.
mkdir -p "$XDG_DATA_HOME/flatpak/app/org.test.Other"
out=$("$APP" uninstall -y --delete-data org.test.Other 2>&1)
check "the data of an app Flatpak has installed stays, and says why" \
    sh -c 'echo "$1" | grep -q "^The data of org.test.Other stays: Flatpak has it installed" &&
           test -f "$2"' sh "$out" "$DATA/org.test.Other/marker" || diag "$out"
check "and the app is uninstalled all the same" test -z "$(installed_commit app/org.test.Other)"

# And in an installation Flatpak's installations.d names.
mkdir -p "$TEST_DIR/flatpak-conf/installations.d" "$TEST_DIR/extra/app/org.test.Busy"
printf '[Installation "extra"]\nPath=%s\n' "$TEST_DIR/extra" \
    > "$TEST_DIR/flatpak-conf/installations.d/extra.conf"
out=$(FLATPAK_CONFIG_DIR="$TEST_DIR/flatpak-conf" "$APP" uninstall -y --delete-data org.test.Busy 2>&1)
check "the data of an app in an installation Flatpak's installations.d names stays" \
    sh -c 'echo "$1" | grep -q "^The data of org.test.Busy stays: Flatpak has it installed" &&
           test -f "$2"' sh "$out" "$DATA/org.test.Busy/marker" || diag "$out"
"$APP" install -y test org.test.Busy > /dev/null 2>&1

# A running app's data stays, even with --force.
HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" "$APP" run --command=sleep org.test.Busy 30 > /dev/null 2>&1 &
busy=$!
track_pid $busy
wait_for sh -c '"$1" ps 2> /dev/null | grep -q org.test.Busy' sh "$APP"
out=$("$APP" uninstall -y --force --delete-data org.test.Busy 2>&1)
check "the data of a running app stays" \
    sh -c 'echo "$1" | grep -q "^The data of org.test.Busy stays: it is running" && test -f "$2"' \
    sh "$out" "$DATA/org.test.Busy/marker" || diag "$out"
kill "$busy" 2> /dev/null
wait "$busy" 2> /dev/null

# Alone: the data of every app no longer installed, and nothing else.
"$APP" install -y test org.test.Hello > /dev/null 2>&1
hello org.test.Hello > /dev/null 2>&1
mkdir -p "$DATA/org.test.Gone/sub" "$TEST_DIR/elsewhere" "$DATA/not an id"
echo precious > "$TEST_DIR/elsewhere/file"
ln -s "$TEST_DIR/elsewhere" "$DATA/org.test.Link"
ln -s "$TEST_DIR/elsewhere" "$DATA/org.test.Gone/sub/link"
chmod 500 "$DATA/org.test.Gone/sub"
out=$("$APP" uninstall -y --delete-data 2>&1)
check "alone, it deletes the data of apps no longer installed" \
    test ! -e "$DATA/org.test.Gone" -a ! -e "$DATA/org.test.Link" -a ! -e "$DATA/org.test.Busy"
check "not the data of an installed app, nor what Flatpak keeps" \
    test -d "$DATA/org.test.Hello" -a -f "$DATA/org.test.Other/marker"
check "nor what is not an app's data" test -d "$DATA/not an id"
check "and no symbolic link is followed" test -f "$TEST_DIR/elsewhere/file"
out=$("$APP" uninstall -y --delete-data 2>&1)
check_match "a second time there is nothing to delete" "^No data of an app that is not installed\\.$" \
    printf '%s\n' "$out"

# ~/.var/app itself a symbolic link: nothing is deleted through it.
mkdir -p "$TEST_DIR/other-home/app/org.test.Away"
mv "$DATA" "$TEST_DIR/data-moved"
ln -s "$TEST_DIR/other-home/app" "$DATA"
"$APP" uninstall -y --delete-data > /dev/null 2>&1
check "a symbolic link at ~/.var/app is not followed" test -d "$TEST_DIR/other-home/app/org.test.Away"

check_match "uninstall needs an ID, --unused or --delete-data" "^app: error: usage: app uninstall" \
    "$APP" uninstall
done_testing
