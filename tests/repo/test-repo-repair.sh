#!/bin/sh
# app repair against a real signed repository served over HTTP: a file
# changed in a deploy (which changes the repository's object, a hard link
# of it), an object or a directory object gone, a remote gone, a running
# app, and a repair killed half way.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
make_app org.test.Hello 1 > /dev/null
publish
serve
add_remote test
"$APP" install -y test org.test.Hello > /dev/null
hello_bin=$INST/app/org.test.Hello/$ARCH/stable/active/files/bin/hello
objects=$INST/repo/objects

# damage_hello: append to the app's program, through its deploy.
damage_hello () {
    chmod u+w "$hello_bin" && echo 'echo tampered' >> "$hello_bin"
}

# runs_sound: the app prints what version 1 prints, nothing tampered.
runs_sound () {
    local said
    said=$(hello org.test.Hello)
    test "$said" = "hello org.test.Hello 1
app-commit=$(installed_commit app/org.test.Hello)" || { diag "it says: $said"; return 1; }
}

# repair [OPTIONS…]: app repair, its output in $out and status in $status.
repair () {
    status=0
    out=$("$APP" repair "$@" 2>&1) || status=$?
}

check_match "app repair --help" "^Usage:" "$APP" repair --help
repair
check "a sound installation: nothing is damaged, status 0" \
    sh -c 'test "$1" = 0 && printf "%s\n" "$2" | grep -qx "Nothing is damaged." &&
           printf "%s\n" "$2" | grep -Eq "^  [0-9]+ objects checked: all sound$"' sh "$status" "$out" \
    || diag "$out"

damage_hello
check "a file changed in a deploy changes the repository's object (a hard link)" \
    sh -c '! ostree fsck --repo="$1" > /dev/null 2>&1' sh "$INST/repo"
repair --dry-run
check "--dry-run finds it and says so, status 1" \
    sh -c 'test "$1" = 1 && printf "%s\n" "$2" | grep -q "^  [0-9]* objects checked: 1 damaged, 0 missing$" &&
           printf "%s\n" "$2" | grep -qx "1 app or runtime is damaged."' sh "$status" "$out" \
    || diag "$out"
check "and changes nothing" sh -c 'printf "%s\n" "$1" | grep -q tampered' sh "$(hello org.test.Hello)"
repair
check "repair fetches the object again and checks the app out anew" \
    sh -c 'test "$1" = 0 && printf "%s\n" "$2" | grep -qx "Repaired app/org.test.Hello/$3/stable" &&
           printf "%s\n" "$2" | grep -qx "Everything installed is sound again."' sh "$status" "$out" "$ARCH" \
    || diag "$out"
check "the app runs its own program again" runs_sound
check "ostree fsck passes" fsck_ok "$INST/repo"

# An object gone, then a directory object (the tree cannot be walked).
file_object=$(find "$objects" -name '*.file' -type f | head -n 1)
rm -f "$file_object"
repair
check "a missing object is fetched again" \
    sh -c 'test "$1" = 0 && test -e "$2" && printf "%s\n" "$3" | grep -q "^Repaired "' \
    sh "$status" "$file_object" "$out" || diag "$out"
dirtree=$(find "$objects" -name '*.dirtree' | head -n 1)
rm -f "$dirtree"
repair
check "so is a missing directory object" \
    sh -c 'test "$1" = 0 && test -e "$2" && printf "%s\n" "$3" | grep -q "it is incomplete"' \
    sh "$status" "$dirtree" "$out" || diag "$out"
check "ostree fsck passes" fsck_ok "$INST/repo"

# A file removed from a deploy: its object is sound, the deploy is not.
rm -f "$hello_bin"
repair
check "a file gone from a deploy is found and checked out again" \
    sh -c 'test "$1" = 0 && printf "%s\n" "$2" | grep -qx "  1 file of the deploy is not the commit.s" &&
           printf "%s\n" "$2" | grep -q "^Repaired app/org.test.Hello/"' sh "$status" "$out" || diag "$out"
check "and the app runs" runs_sound

# A file added to a deploy (its directories are its owner's to write).
planted=$(dirname "$hello_bin")/planted
echo planted > "$planted"
repair
check "a file added to a deploy is found, and the deploy checked out anew without it" \
    sh -c 'test "$1" = 0 && printf "%s\n" "$2" | grep -qx "  1 file of the deploy is not the commit.s" &&
           test ! -e "$3"' sh "$status" "$out" "$planted" || diag "$out"

# Nothing to fetch from: said, status 1; the remote back, mended.
"$APP" remote-delete --force test > /dev/null
damage_hello
repair
check "without the remote, repair says what to do, status 1" \
    sh -c 'test "$1" = 1 && printf "%s\n" "$2" | grep -q "warning: app/org.test.Hello/.* has no remote to fetch it again from"' \
    sh "$status" "$out" || diag "$out"
check "the repository kept the rest of the commit" \
    test -e "$objects/$(installed_commit app/org.test.Hello | cut -c1-2)/$(installed_commit app/org.test.Hello | cut -c3-).commit"
add_remote test
repair
check "with the remote added again, it is mended" \
    sh -c 'test "$1" = 0 && printf "%s\n" "$2" | grep -q "it is incomplete"' sh "$status" "$out" || diag "$out"
check "and runs its own program" runs_sound

# A running app's deploy is not swapped from under it.
damage_hello
"$APP" run --command=sleep org.test.Hello 60 > /dev/null 2>&1 &
track_pid $!
wait_for sh -c '"$1" ps | grep -q org.test.Hello' sh "$APP"
repair
check "a running app's deploy is left in place, and repair says so" \
    sh -c 'test "$1" = 1 && printf "%s\n" "$2" | grep -q "in use by a running app: stop it first"' \
    sh "$status" "$out" || diag "$out"
"$APP" kill org.test.Hello > /dev/null
wait_for sh -c '! "$1" ps | grep -q org.test.Hello' sh "$APP"
repair
check "stopped, it is mended" sh -c 'test "$1" = 0' sh "$status" || diag "$out"
check "and runs its own program" runs_sound

# Killed after the new checkout, before it replaced the deploy.
damage_hello
status=0; out=$(HUTCH_TEST_KILL_AT=after-checkout "$APP" repair 2>&1) || status=$?
check "a repair killed half way dies by SIGKILL" test "$status" = 137 || diag "status $status" "$out"
repair
check "the next repair finishes the job" test "$status" = 0 || diag "$out"
check "and the app runs its own program" runs_sound
check "ostree fsck passes" fsck_ok "$INST/repo"
check "nothing is left in .tmp" test -z "$(ls -A "$INST/.tmp")"

done_testing
