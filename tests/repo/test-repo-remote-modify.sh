#!/bin/sh
# app remote-modify against real repositories served over HTTP: a remote
# that moved, a publisher that changed its signing key, and verification
# turned off and on again (and refused on without a key).
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
make_app org.test.Hello 1 > /dev/null
publish
cp -a "$SRV" "$WWW/unsigned"
rm "$WWW/unsigned/summary.sig"
serve
# The key the publisher moves to (librepo.sh's second key).
NEW_KEY_FILE=$TEST_DIR/new-key.gpg
GNUPGHOME=$WRONG_GNUPGHOME gpg --batch --export "$WRONG_KEY_ID" > "$NEW_KEY_FILE"

check_match "app remote-modify --help" "^Usage:" "$APP" remote-modify --help
check_match "app --help lists it" "^  remote-modify" "$APP" --help

# A remote that moved.
add_remote test "http://127.0.0.1:$PORT/moved-away"
check "at its old URL the remote offers nothing" sh -c '! "$1" remote-ls test > /dev/null 2>&1' sh "$APP"
check_match "--url moves it" "^The remote “test” is now at $URL\$" "$APP" remote-modify --url="$URL" test
check "remote-list shows the new URL, still verified" \
    test "$("$APP" remote-list)" = "test	$URL	gpg-verified"
check_match "remote-ls reads the summary at the new URL" "^org.test.Hello	" "$APP" remote-ls test

# Mistakes change nothing.
config_before=$(cat "$INST/repo/config")
check_match "no change asked is an error naming the options" \
    "^app: error: nothing to change: give --url, --gpg-import, --gpg-verify or --no-gpg-verify" \
    "$APP" remote-modify test
check_match "an unknown remote" "^app: error: there is no remote “nope”" \
    "$APP" remote-modify --url="$URL" nope
check_match "an invalid remote name" "not a valid remote name" "$APP" remote-modify --url="$URL" ../x
check_match "an ftp URL is refused" "^app: error: .*http://, https:// or file:///" \
    "$APP" remote-modify --url=ftp://127.0.0.1/x test
check_match "--no-gpg-verify with --gpg-import is refused" "excludes --gpg-import and --gpg-verify" \
    "$APP" remote-modify --no-gpg-verify --gpg-import="$NEW_KEY_FILE" test
check_match "--no-gpg-verify with --gpg-verify is refused" "excludes --gpg-import and --gpg-verify" \
    "$APP" remote-modify --no-gpg-verify --gpg-verify test
check_match "a key file without a key is refused" "holds no GPG key|cannot import the keys" \
    "$APP" remote-modify --url="$URL/x" --gpg-import=/dev/null test
check "and none of them changed the configuration" test "$(cat "$INST/repo/config")" = "$config_before"

# The publisher signs with a new key from now on: a new version, and the
# summary, signed by the new key alone.
"$APP" install -y test org.test.Hello > /dev/null
make_app org.test.Hello 2 "" --wrong-key > /dev/null
ostree summary -u --repo="$SRV" --gpg-sign="$WRONG_KEY_ID" --gpg-homedir="$WRONG_GNUPGHOME"
check "before the new key is trusted, the update is refused" \
    sh -c '! "$1" update -y > /dev/null 2>&1' sh "$APP"
check_match "--gpg-import trusts the new key too" \
    "^The remote “test” also trusts 1 new key, and its signatures are verified" \
    "$APP" remote-modify --gpg-import="$NEW_KEY_FILE" test
check "then the update goes through" "$APP" update -y
check_match "and version 2 runs" "^hello org.test.Hello 2" hello org.test.Hello

# Verification off and on, seen by libostree (not only by remote-list):
# this remote's summary has no signature.
"$APP" remote-add --no-gpg-verify plain "http://127.0.0.1:$PORT/unsigned" > /dev/null
check_match "unverified, the unsigned summary is read" "^org.test.Hello	" "$APP" remote-ls plain
check_match "--gpg-verify on a remote without a key is refused" \
    "^app: error: the remote “plain” has no key to verify its signatures with: give one with --gpg-import=KEYFILE" \
    "$APP" remote-modify --gpg-verify plain
check "and leaves it unverified" sh -c '"$1" remote-list | grep -qx "plain	.*	NOT verified"' sh "$APP"
check_match "--gpg-import turns verification on" "its signatures are verified" \
    "$APP" remote-modify --gpg-import="$KEY_FILE" plain
check "remote-list says so" sh -c '"$1" remote-list | grep -qx "plain	.*	gpg-verified"' sh "$APP"
check_match "and the unsigned summary is refused" "no summary signatures" "$APP" remote-ls plain
check_match "--no-gpg-verify turns it off" "^The signatures of the remote “plain” will NOT be verified" \
    "$APP" remote-modify --no-gpg-verify plain
check_match "and the summary is read again" "^org.test.Hello	" "$APP" remote-ls plain
check_match "--gpg-verify turns it on with the key it has" \
    "^The signatures of the remote “plain” are verified" "$APP" remote-modify --gpg-verify plain
check_match "and the summary is refused again" "no summary signatures" "$APP" remote-ls plain

done_testing
