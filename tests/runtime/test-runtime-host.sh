#!/bin/sh
# hutch-bundler runtime --from-host: a small runtime from this machine's
# programs, committed and signed; an app built on it is installed with
# `app install` from the repository and runs in its sandbox, as the
# unprivileged user.  Needs the ostree CLI and gnupg; uses busybox if the
# machine has it.
. "$HUTCH_SRCDIR/tests/runtime/libruntime.sh"
RUNTIME=runtime/org.test.Host/$ARCH/test

# runtime ARGS...: the test's runtime; prints the commit.
runtime () { build_runtime org.test.Host test "$@" && echo "$COMMIT"; }
content_of () { ostree --repo="$1" log "$2" | sed -n 's/^ContentChecksum: *//p' | head -n 1; }

build_runtime org.test.Host test --repo="$REPO" --from-host sh cat ls
commit=$COMMIT
check "runtime --from-host commits $RUNTIME" sh -c 'echo "$1" | grep -Eq "^[0-9a-f]{64}$"' sh "$commit"
check "in seconds (took ${TOOK}s)" test "$TOOK" -lt 30
check "it says what it does on stderr" grep -q "^Committing $RUNTIME to " "$TEST_DIR/runtime.err"
TREE=$(ostree --repo="$REPO" ls -R "$RUNTIME")
check "the programs are in files/bin" tree_has ' /files/bin/sh$' ' /files/bin/cat$' ' /files/bin/ls$'
check "so are their libraries, in a merged-/usr layout" tree_has ' /files/lib/[^/]+/libc\.so\.6$'
check "and the dynamic loader where programs look for it (/lib64 is usr/lib64)" \
    tree_has "^-00755 0 0 +[0-9]+ /files/lib64/ld-linux"
check "files/etc has an ld.so.cache" tree_has ' /files/etc/ld\.so\.cache$'
placeholders=
for f in passwd group machine-id localtime timezone resolv.conf hosts host.conf nsswitch.conf; do
    placeholders="$placeholders ^-00644\s0\s0\s+0\s/files/etc/$f\$"
done
# shellcheck disable=SC2086 # one pattern a word
check "and an empty file for each of /etc's files that app run binds" tree_has $placeholders
check "every file is 0:0, and no mode but 0755 and 0644" tree_only '^(-00755|-00644|d00755|l00777) 0 0 '
check "the metadata names the runtime" \
    test "$(ostree --repo="$REPO" cat "$RUNTIME" /metadata)" = "[Runtime]
name=org.test.Host
runtime=org.test.Host/$ARCH/test"
if command -v busybox > /dev/null; then
    check "busybox is in, with its applets linked to it" \
        tree_has " /files/bin/busybox$" " /files/bin/wc -> busybox$"
    check "a program asked for wins over busybox's applet of its name" tree_has '^-.* /files/bin/cat$'
else
    skip "busybox (not installed here)"
    skip "busybox applets (not installed here)"
fi
again=$(runtime --repo="$REPO" --from-host sh cat ls)
check "building it again makes no new commit" test "$again" = "$commit"
other=$(runtime --repo="$TEST_DIR/repo2" --from-host sh cat ls)
check "the same programs give the same tree in a fresh repository" \
    test -n "$other" -a "$(content_of "$TEST_DIR/repo2" "$RUNTIME")" = "$(content_of "$REPO" "$RUNTIME")"

# Bad input: refused before anything is built.
check_match "a program that is not in PATH is an error naming it" \
    "hutch-bundler: error: .*no-such-program-here.* is not a program in PATH" \
    "$BUNDLER" runtime --id org.test.Host --branch test --repo="$TEST_DIR/bad" --from-host no-such-program-here
check "and makes no repository" test ! -e "$TEST_DIR/bad"
check_match "--debian and --from-host together are refused" "either --debian SUITE or --from-host" \
    "$BUNDLER" runtime --id org.test.Host --branch test --repo="$TEST_DIR/bad" --from-host --debian bookworm sh
check_match "an invalid ID is refused" "not a valid" \
    "$BUNDLER" runtime --id 'org.test/../x' --branch test --repo="$TEST_DIR/bad" --from-host sh
check_match "--id is required" "--id is required" "$BUNDLER" runtime --branch test --repo="$TEST_DIR/bad" --from-host sh
check "no work directory is left behind" test -z "$(ls -A "$TMPDIR")"

# An app on the runtime, from the same repository, installed with app install.
out=$(install_app_on org.test.Host test org.test.OnHost 2>&1)
check "app install installs the app and the runtime from the signed repository" \
    test -L "$INST/runtime/org.test.Host/$ARCH/test/active" -a -L "$INST/app/org.test.OnHost/$ARCH/master/active"
[ -L "$INST/runtime/org.test.Host/$ARCH/test/active" ] || diag "$out"
check "the installed runtime is the commit that was built" \
    test "$(readlink "$INST/runtime/org.test.Host/$ARCH/test/active")" = "$commit"
check "the app runs on the runtime, in its sandbox" \
    test "$(app_run org.test.OnHost 2>&1)" = "hello on $commit"
check "/usr is the runtime: the programs and nothing else of the host" \
    app_run --command=sh org.test.OnHost -c 'test -x /usr/bin/ls && test ! -e /usr/bin/gcc && test ! -e /usr/bin/ostree'
out=$(app_run --command=sh org.test.OnHost -c 'LD_DEBUG=libs ls / 2>&1 > /dev/null')
check "the dynamic loader finds the libraries through /etc/ld.so.cache" \
    sh -c 'printf "%s\n" "$1" | grep -q "search cache=/etc/ld.so.cache"' sh "$out"
check "/etc/passwd, bound over the runtime's empty one, knows the user and nobody else" \
    test "$(app_run --command=cut org.test.OnHost -d: -f1 /etc/passwd | tr '\n' ' ')" = "$(id -un) nobody "
if command -v busybox > /dev/null; then
    check "busybox applets run" test "$(app_run --command=sh org.test.OnHost -c 'echo a b | wc -w' | tr -d ' ')" = 2
else
    skip "busybox applets run (no busybox here)"
fi

check "runtime --help shows the options" \
    sh -c '"$1" runtime --help | grep -q -- "--from-host"' sh "$BUNDLER"
check "and names the command" sh -c '"$1" runtime --help | grep -q "^  hutch-bundler runtime \["' sh "$BUNDLER"

done_testing
