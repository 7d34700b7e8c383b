#!/bin/sh
# Signed bundles, as the unprivileged user: build-bundle --gpg-sign signs
# the commit (once, however often it is run) and the signature travels in
# the bundle; app install --bundle --gpg-import=KEYFILE installs it only if
# a key of KEYFILE made a valid signature; a wrong key, an unsigned bundle
# with --gpg-import, a signed bundle nobody here can check, and a forgery
# that keeps the old signature are refused with nothing installed.  Needs
# the ostree CLI and gnupg.
. "$HUTCH_SRCDIR/tests/bundle/libbundle.sh"

B=$TEST_DIR/bundles
mkdir -p "$B"
make_runtime > /dev/null
bundle_runtime "$B/runtime.bundle"
c1=$(make_app 1)
bundle "$B/unsigned.bundle"
sign () { bundle "$1" --gpg-sign="$KEY" --gpg-homedir="$GNUPGHOME"; }
sign "$B/signed.bundle"
check "build-bundle --gpg-sign writes a bundle" test -s "$B/signed.bundle"
check "  whose commit is now signed in the repository" \
    sh -c 'mkdir -p "$3" && cp "$2" "$3/trustedkeys.gpg" &&
           ostree --repo="$1" show --gpg-homedir="$3" "$4" | grep -q "Good signature"' \
    sh "$REPO" "$KEY_FILE" "$TEST_DIR/trusted" "$c1"
sign "$B/signed-again.bundle"
check "signing again adds no second signature: the same bytes" cmp -s "$B/signed.bundle" "$B/signed-again.bundle"
check "the signature does not change the commit: the same commit, other bytes" \
    sh -c '! cmp -s "$1" "$2"' sh "$B/signed.bundle" "$B/unsigned.bundle"
bundle "$B/signed-by-repo.bundle"
check "a commit signed in the repository makes a signed bundle without --gpg-sign" \
    cmp -s "$B/signed.bundle" "$B/signed-by-repo.bundle"

install_bundle "$B/runtime.bundle" > /dev/null 2>&1
check "the runtime is installed (unsigned, with a warning)" test -n "$(active runtime/org.test.Host test)"

refused "a signed bundle and the wrong key: refused" \
    "signed.bundle: no key of .*wrong-key.gpg.* made a valid signature of it: refusing it" \
    install_bundle "$B/signed.bundle" --gpg-import="$WRONG_KEY_FILE"
check "  nothing is installed" test -z "$(active app/$APP_ID)"
refused "an unsigned bundle with --gpg-import: refused" \
    "unsigned.bundle: it is not signed, and --gpg-import asks for a signature" \
    install_bundle "$B/unsigned.bundle" --gpg-import="$KEY_FILE"
refused "a signed bundle that no key here can check: refused, saying what to do" \
    "signed.bundle: it is signed, but by no key your remotes trust: give the packager's public key with --gpg-import=KEYFILE" \
    install_bundle "$B/signed.bundle"
refused "a key file that holds no key: refused" "cannot import the keys of .*runtime.err|holds no GPG key" \
    install_bundle "$B/signed.bundle" --gpg-import="$TEST_DIR/runtime.err"

out=$(install_bundle "$B/signed.bundle" --gpg-import="$KEY_FILE" 2>&1)
check "a signed bundle and the right key: installed" test "$(active app/$APP_ID)" = "$c1"
[ "$(active app/$APP_ID)" = "$c1" ] || diag "$out"
check "  saying who signed it" sh -c 'printf "%s\n" "$1" | grep -q "^Signed by $2, a key of "' sh "$out" "$KEY"
check "  with no warning about an unsigned bundle" sh -c '! printf "%s\n" "$1" | grep -q "not signed"' sh "$out"
check "  and it runs" runs 1
check "  fsck passes" fsck_ok
check "  its signature is kept with the commit" \
    sh -c 'ostree --repo="$1" show --gpg-homedir="$2" "$3" | grep -q "Good signature"' \
    sh "$INST/repo" "$TEST_DIR/trusted" "$c1"

# A forgery keeping the old signature: the commit renamed after its
# metadata was widened.
c2=$(make_app 2)
sign "$B/signed2.bundle"
printf '[Application]\nname=%s\nruntime=org.test.Host/%s/test\ncommand=hello\n\n[Context]\nfilesystems=host;\n' \
    "$APP_ID" "$ARCH" > "$TEST_DIR/wide"
"$REWRITE" "$B/signed2.bundle" "$B/forged.bundle" --metadata="$TEST_DIR/wide" --commit-metadata --rename-commit
refused "a forgery that keeps the signature of the commit it changed: refused" \
    "forged.bundle: no key of .* made a valid signature of it" \
    install_bundle "$B/forged.bundle" --gpg-import="$KEY_FILE"
check "  version 1 still runs" runs 1

# A remote that trusts the key vouches for a signed bundle without --gpg-import.
"$APP" remote-add --gpg-import="$KEY_FILE" keys "file://$TEST_DIR/no-repository-here" > /dev/null
out=$(install_bundle "$B/signed2.bundle" 2>&1)
check "without --gpg-import, the keys of the remotes are used" test "$(active app/$APP_ID)" = "$c2"
check "  saying which remote trusts the key" \
    sh -c 'printf "%s\n" "$1" | grep -q "^Signed by $2, a key the remote “keys” trusts"' sh "$out" "$KEY"
check "  and it runs" runs 2
check "fsck passes at the end" fsck_ok

done_testing
