#!/bin/sh
# hutch-bundler build-bundle and app install --bundle, end to end, as the
# unprivileged user: a runtime made with `runtime --from-host` and an app
# exported on it are bundled (reproducibly), installed into a fresh
# installation, and the app runs sandboxed; an app whose runtime is
# missing is refused clearly, or gets it from a remote; a bundle installed
# again, a newer one, an older one; the origin `app update` reports; bad
# files and bad options.  Needs the ostree CLI and gnupg.
. "$HUTCH_SRCDIR/tests/bundle/libbundle.sh"

B=$TEST_DIR/bundles
mkdir -p "$B"
runtime_commit=$(make_runtime)
check "a runtime from the host's programs" test -n "$runtime_commit"
c1=$(make_app 1 '[Context]
shared=network;')

# --- build-bundle ---
out=$("$BUNDLER" build-bundle "$REPO" "$B/app1.bundle" "$APP_ID" 2> "$TEST_DIR/err")
check "build-bundle prints the ref and the commit" \
    test "$out" = "app/$APP_ID/$ARCH/master $c1"
check "and says what it does on stderr" grep -q "^Bundling app/$APP_ID/$ARCH/master from " "$TEST_DIR/err"
check "a bundle starts with its format's magic bytes" \
    test "$(head -c 20 "$B/app1.bundle")" = hutch.bundle.version
bundle "$B/again.bundle"
check "the same commit gives the same bytes" cmp -s "$B/app1.bundle" "$B/again.bundle"
"$BUNDLER" build-export --timestamp=1700000001 "$TEST_DIR/repo2" "$TEST_DIR/app-build" > /dev/null
"$BUNDLER" build-bundle "$TEST_DIR/repo2" "$B/other-repo.bundle" "$APP_ID" 2> /dev/null > /dev/null
check "even from another repository holding the same commit" cmp -s "$B/app1.bundle" "$B/other-repo.bundle"
check "no work directory is left beside the bundle" test -z "$(ls -A "$B" | grep '^\.')"
check "ostree itself can apply a bundle: it is a static delta" \
    sh -c 'ostree init --repo="$1" --mode=bare-user-only && ostree --repo="$1" static-delta apply-offline "$2" &&
           ostree --repo="$1" fsck > /dev/null 2>&1' sh "$TEST_DIR/plain" "$B/app1.bundle"
bundle_runtime "$B/runtime.bundle"
check "build-bundle --runtime bundles the runtime" test -s "$B/runtime.bundle"

check_match "a ref the repository does not have is an error" "has no app/org.test.Missing/" \
    "$BUNDLER" build-bundle "$REPO" "$B/x.bundle" org.test.Missing
check_match "an invalid ID is an error" "not a valid" \
    "$BUNDLER" build-bundle "$REPO" "$B/x.bundle" 'org.test/../x'
check_match "a repository that is not there is an error" "cannot open the repository" \
    "$BUNDLER" build-bundle "$TEST_DIR/nowhere" "$B/x.bundle" "$APP_ID"
check_match "a repository URL that is not http(s) or file is an error" "not a URL Hutch can use" \
    "$BUNDLER" build-bundle --repo-url=ftp://example.org/repo "$REPO" "$B/x.bundle" "$APP_ID"
check "and none of those wrote a file" test ! -e "$B/x.bundle"

# --- The runtime is missing ---
refused "an app whose runtime is missing and offered by no remote is refused, naming the runtime" \
    "needs the runtime org.test.Host/$ARCH/test, which is not installed.*app install --bundle RUNTIME.bundle" \
    install_bundle "$B/app1.bundle"
check "  nothing is installed" test -z "$(active app/$APP_ID)"

# --- Install ---
out=$(install_bundle "$B/runtime.bundle" 2>&1)
check "the runtime's bundle installs" test "$(active runtime/org.test.Host test)" = "$runtime_commit"
check "  saying nothing vouches for an unsigned bundle" \
    sh -c 'printf "%s\n" "$1" | grep -q "warning: .*runtime.bundle is not signed: nothing vouches for"' sh "$out"
check "  and pinning it, as installed by name" \
    sh -c 'printf "%s\n" "$1" | grep -q "^Pinned org.test.Host/$2/test, installed by name"' sh "$out" "$ARCH"
out=$(install_bundle "$B/app1.bundle" 2>&1)
check "the app's bundle installs" test "$(active app/$APP_ID)" = "$c1"
[ "$(active app/$APP_ID)" = "$c1" ] || diag "$out"
check "  showing the ref, the commit and the permissions" \
    sh -c 'printf "%s\n" "$1" | grep -q "^  app/$2/$3/master  .*app1.bundle  $4" &&
           printf "%s\n" "$1" | grep -q "^    shared=network;"' sh "$out" "$APP_ID" "$ARCH" "$(echo "$c1" | cut -c1-12)"
check "the app runs in its sandbox, on the bundled runtime" runs 1
check "  whose /usr is the runtime's" \
    app_run --command=sh "$APP_ID" -c 'test -x /usr/bin/cat && test ! -e /usr/bin/ostree'
check "  and /.hutch-info names both commits" \
    sh -c 'info=$(HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" "$1" run --command=cat "$2" /.hutch-info) &&
           printf "%s\n" "$info" | grep -qx "app-commit=$3" &&
           printf "%s\n" "$info" | grep -qx "runtime-commit=$4"' sh "$APP" "$APP_ID" "$c1" "$runtime_commit"
check "the installation's repository passes ostree fsck" fsck_ok
check "the origin is recorded as a bundle" test -f "$INST/repo/refs/remotes/bundle/app/$APP_ID/$ARCH/master"
check_match "app info says so" "Origin: bundle" "$APP" info "$APP_ID"
check_match "installing it again changes nothing, and says so" "installed already.*use --reinstall" \
    install_bundle "$B/app1.bundle"
check_match "--reinstall installs it again" "^Installed app/$APP_ID/" install_bundle "$B/app1.bundle" --reinstall
check "  and it still runs" runs 1
check_match "app update says a bundle's app has nothing to update from" \
    "app/$APP_ID/$ARCH/master was installed from a bundle: there is nothing to update it from" "$APP" update -y
check_match "app remote-add refuses the name that marks bundles" "marks what was installed from a bundle" \
    "$APP" remote-add --no-gpg-verify bundle "file://$REPO"

# --- A newer bundle, then an older one ---
c2=$(make_app 2)
bundle "$B/app2.bundle" --repo-url=https://example.org/hutch/repo
out=$(install_bundle "$B/app2.bundle" 2>&1)
check "a newer bundle updates the app" runs 2
check "  showing the old and the new commit" \
    sh -c 'printf "%s\n" "$1" | grep -q "$2 → $3"' sh "$out" "$(echo "$c1" | cut -c1-12)" "$(echo "$c2" | cut -c1-12)"
check "  and where the packager publishes it" \
    sh -c 'printf "%s\n" "$1" | grep -q "publishes it at https://example.org/hutch/repo"' sh "$out"
check "  the old deploy is gone" test ! -e "$INST/app/$APP_ID/$ARCH/master/$c1"
check_match "app update names that repository" \
    "installed from a bundle: there is nothing to update it from; its packager publishes it at https://example.org/hutch/repo" \
    "$APP" update -y
refused "an older bundle is refused" "older than the installed one .*refusing to go back" \
    install_bundle "$B/app1.bundle"
check "  the newer one still runs" runs 2
check "uninstall removes a bundle's app" "$APP" uninstall -y "$APP_ID"
check "  and its origin" test ! -e "$INST/repo/refs/remotes/bundle/app/$APP_ID/$ARCH/master"
check "  and fsck still passes" fsck_ok

# --- The runtime from a remote ---
runtime_signed=$(make_runtime --gpg-sign="$KEY" --gpg-homedir="$GNUPGHOME")
export XDG_DATA_HOME=$TEST_DIR/second
INST=$XDG_DATA_HOME/hutch
"$APP" remote-add --gpg-import="$KEY_FILE" test "file://$REPO" > /dev/null
out=$(install_bundle "$B/app2.bundle" 2>&1)
check "a missing runtime comes from a remote that offers it" \
    test "$(active runtime/org.test.Host test)" = "$runtime_signed" -a "$(active app/$APP_ID)" = "$c2"
[ "$(active app/$APP_ID)" = "$c2" ] || diag "$out"
check "  runtime first" \
    sh -c 'printf "%s\n" "$1" | grep -A1 "^To install:" | grep -q "runtime/org.test.Host/.*  test  "' sh "$out"
check "  and the app runs" runs 2
check "  fsck passes" fsck_ok

# --- Bad files and options ---
refused "a file that is not a bundle is refused" "$TEST_DIR/key.gpg: it is not a Hutch bundle" \
    install_bundle "$KEY_FILE"
refused "a missing file is refused" "cannot open the bundle .*nothing-here" \
    install_bundle "$TEST_DIR/nothing-here"
refused "a directory is refused" "it is not a regular file" install_bundle "$B"
mkfifo "$TEST_DIR/fifo"
refused "a FIFO is refused, without blocking" "it is not a regular file" install_bundle "$TEST_DIR/fifo"
check_match "--bundle takes one file" "one FILE at a time" \
    "$APP" install -y --bundle "$B/app1.bundle" "$B/app2.bundle"
check_match "--bundle takes no --branch" "takes no --arch or --branch" \
    "$APP" install -y --bundle --branch=stable "$B/app1.bundle"
check_match "--gpg-import goes with --bundle" "goes with --bundle" \
    "$APP" install -y --gpg-import="$KEY_FILE" test "$APP_ID"
mkdir -p "$TEST_DIR/other-arch/files/bin"
printf '[Application]\nname=org.test.Foreign\nruntime=org.test.Host/%s/test\ncommand=hello\n' "$ARCH" \
    > "$TEST_DIR/other-arch/metadata"
"$BUNDLER" build-export --arch=fooarch "$REPO" "$TEST_DIR/other-arch" > /dev/null
"$BUNDLER" build-bundle --arch=fooarch "$REPO" "$B/foreign.bundle" org.test.Foreign > /dev/null 2>&1
refused "a bundle for another architecture is refused" "holds org.test.Foreign for fooarch, and this machine is $ARCH" \
    install_bundle "$B/foreign.bundle"
"$APP" uninstall -y "$APP_ID" > /dev/null
if printf 'n\n' | script -qec "$APP install --bundle $B/app1.bundle" /dev/null > "$TEST_DIR/ask" 2>&1; then :; fi
check "on a terminal, it asks before installing (and n means no)" \
    sh -c 'grep -q "Install?" "$1" && grep -q "cancelled" "$1"' sh "$TEST_DIR/ask"

done_testing
