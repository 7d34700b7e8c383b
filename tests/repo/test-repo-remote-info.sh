#!/bin/sh
# app remote-info (a remote's commit of an app, its history with --log)
# and app update --commit (back to an older commit, and forward again),
# against a real signed repository served over HTTP.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
# Commits a day apart: going back is told by their times (seconds).
c1=$(make_app org.test.Hello 1 "" --subject="first version" --timestamp="2026-11-01 10:00:00")
publish
serve
add_remote test
"$APP" install -y test org.test.Hello > /dev/null
c2=$(make_app org.test.Hello 2 "" --subject="second version" --timestamp="2026-11-02 10:00:00")
publish

check_match "app remote-info --help" "^Usage:" "$APP" remote-info --help
out=$("$APP" remote-info test org.test.Hello 2>&1)
check "remote-info shows the ref, the commit offered now, its parent and subject" sh -c '
    printf "%s\n" "$1" | grep -qx " *Ref: app/org.test.Hello/$2/stable" &&
    printf "%s\n" "$1" | grep -qx " *Commit: $3" &&
    printf "%s\n" "$1" | grep -qx " *Parent: $4" &&
    printf "%s\n" "$1" | grep -qx " *Subject: second version"' sh "$out" "$ARCH" "$c2" "$c1" \
    || diag "$out"
check "its date and the runtime it needs" sh -c '
    printf "%s\n" "$1" | grep -Eqx " *Date: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} \+0000" &&
    printf "%s\n" "$1" | grep -qx " *Runtime: org.test.Platform/$2/stable"' sh "$out" "$ARCH" \
    || diag "$out"
check "and no history without --log" sh -c '! printf "%s\n" "$1" | grep -q "^History:"' sh "$out"
out=$("$APP" remote-info --log test org.test.Hello 2>&1)
check "--log lists the commit before it" sh -c '
    printf "%s\n" "$1" | grep -qx "History:" &&
    printf "%s\n" "$1" | sed -n "/^History:/,\$p" | grep -qx " *Commit: $2" &&
    printf "%s\n" "$1" | sed -n "/^History:/,\$p" | grep -qx " *Subject: first version"' sh "$out" "$c1" \
    || diag "$out"
out=$("$APP" remote-info --commit="$c1" test org.test.Hello 2>&1)
check "--commit shows an older commit, and which one is offered now" sh -c '
    printf "%s\n" "$1" | grep -qx " *Commit: $2" && printf "%s\n" "$1" | grep -qx " *Parent: -" &&
    printf "%s\n" "$1" | grep -qx " *Offered now: $3"' sh "$out" "$c1" "$c2" || diag "$out"
check_match "-m shows the metadata" "^runtime=org.test.Platform/$ARCH/stable$" \
    "$APP" remote-info -m test org.test.Hello
check_match "an unknown remote" "^app: error: there is no remote “nope”" \
    "$APP" remote-info nope org.test.Hello
check_match "an ID the remote does not offer" "^app: error: the remote “test” offers no org.test.Nope" \
    "$APP" remote-info test org.test.Nope
runtime_commit=$(ostree rev-parse --repo="$SRV" "runtime/org.test.Platform/$ARCH/stable")
check_match "another ref's commit is refused" "was not made for app/org.test.Hello/" \
    "$APP" remote-info --commit="$runtime_commit" test org.test.Hello

# What a remote says is shown as text: no escape sequence reaches the
# terminal, and a subject cannot forge a line.
esc=$(printf '\033')
make_app org.test.Hello 3 "" --subject="$(printf 'red\033[31m\nCommit: forged')" \
    --timestamp="2026-11-03 10:00:00" > /dev/null
publish
out=$("$APP" remote-info test org.test.Hello 2>&1)
check "a subject's escape sequence and newline are escaped" sh -c '
    ! printf "%s\n" "$1" | grep -q "$2" && ! printf "%s\n" "$1" | grep -q "^Commit: forged" &&
    test "$(printf "%s\n" "$1" | grep -c "^ *Commit:")" = 1' sh "$out" "$esc" || diag "$out"

# Back to an older commit, and forward again.
check_match "update brings the app to the newest commit" "^Updated app/org.test.Hello/" \
    "$APP" update -y org.test.Hello
check_match "it runs version 3" "^hello org.test.Hello 3" hello org.test.Hello
out=$("$APP" update -y --commit="$c1" org.test.Hello 2>&1)
check "update --commit goes back to an older commit, and says so" sh -c '
    printf "%s\n" "$1" | grep -q "goes back to an older commit ($(printf %.12s "$2")), as --commit asks"' \
    sh "$out" "$c1" || diag "$out"
check "the old version runs" test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 1"
check "its commit is the one asked for" test "$(installed_commit app/org.test.Hello)" = "$c1"
check_match "update without --commit brings it forward again" "^Updated app/org.test.Hello/" \
    "$APP" update -y org.test.Hello
check_match "to version 3" "^hello org.test.Hello 3" hello org.test.Hello
check_match "--commit with two IDs is refused" "^app: error: --commit needs exactly one ID" \
    "$APP" update -y --commit="$c1" org.test.Hello org.test.Platform
check_match "--commit that is not a checksum is refused" "^app: error: .*not a valid commit|checksum" \
    "$APP" update -y --commit=HEAD org.test.Hello
check_match "--commit of another ref is refused" "was not made for app/org.test.Hello/" \
    "$APP" update -y --commit="$runtime_commit" org.test.Hello
check "and the app stays at version 3" test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 3"
check "ostree fsck passes" fsck_ok "$INST/repo"

done_testing
