#!/bin/sh
# The packager's whole path, end to end: a C app built from a manifest
# (meson buildsystem) in the bundler's sandbox, exported signed to a
# repository with a runtime made from the host's programs, published over
# HTTP on 127.0.0.1, then `app install`ed by its ID (the runtime first) and
# run sandboxed.  The packager has an installation of their own, where the
# host's /usr stands for the SDK and the runtime (build-lib.sh); the user's
# starts empty.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/build/build-lib.sh"
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

user_data=$XDG_DATA_HOME
XDG_DATA_HOME=$TEST_DIR/packager
install_runtime_from_host org.test.Sdk stable
install_runtime_from_host org.test.Platform stable
cp -r "$HUTCH_SRCDIR/tests/build/publish-hello" "$TEST_DIR/hello"
cd "$TEST_DIR/hello" || exit 1
sign="--gpg-sign=$KEY_ID --gpg-homedir=$GNUPGHOME"

# shellcheck disable=SC2086
check "a runtime from the host's sh and its libraries is exported signed" \
    "$BUNDLER" runtime --id org.test.Platform --branch stable --repo "$SRV" $sign --from-host sh
# shellcheck disable=SC2086
check_build "the app builds from its manifest and is exported signed (--repo)" \
    --repo="$SRV" $sign build org.test.Hello.json
check "the build made /app/bin/hello and the exports" \
    test -x build/files/bin/hello -a -f build/export/share/applications/org.test.Hello.desktop
check_match "the commit carries the app's metadata, with its finish-args" '^.\[Application\].*shared=ipc;' \
    ostree show --repo="$SRV" --print-metadata-key=xa.metadata "app/org.test.Hello/$ARCH/master"
commit=$(ostree rev-parse --repo="$SRV" "app/org.test.Hello/$ARCH/master")
check "the commit has a detached signature" \
    test -s "$SRV/objects/$(echo "$commit" | cut -c1-2)/$(echo "$commit" | cut -c3-).commitmeta"

XDG_DATA_HOME=$user_data
serve
GNUPGHOME=$WRONG_GNUPGHOME gpg --batch --export "$WRONG_KEY_ID" > "$TEST_DIR/wrong.gpg"
"$APP" remote-add --gpg-import="$TEST_DIR/wrong.gpg" wrong "$URL" > /dev/null
check_match "trusting another key, the user's install refuses the packager's signatures" \
    "[Ss]ignature|GPG|gpg" "$APP" install -y wrong org.test.Hello
check "... and installs nothing" test ! -e "$INST/app/org.test.Hello"
"$APP" remote-delete wrong > /dev/null
add_remote test
out=$("$APP" install -y test org.test.Hello 2>&1)
check "app install fetches it over HTTP" test $? = 0
check_match "the runtime the app needs is installed first" \
    "^Installed runtime/org.test.Platform/$ARCH/stable" printf '%s\n' "$out"
check_match "then the app" "^Installed app/org.test.Hello/$ARCH/master" printf '%s\n' "$out"

ran_sandboxed () {
    printf '%s\n' "$1" | grep -qx "hello from a manifest" &&
        printf '%s\n' "$1" | grep -q "^app-ref=app/org.test.Hello/" &&
        printf '%s\n' "$1" | grep -q "^runtime=.*org.test.Platform"
}
out=$(app_run org.test.Hello 2>&1)
if ran_sandboxed "$out"; then
    ok "the installed app runs in its sandbox (its /.hutch-info), on its runtime"
else
    not_ok "the installed app runs in its sandbox (its /.hutch-info), on its runtime"
    diag "$out"
fi
check_match "its launcher is exported, running it through app run" \
    "^Exec=.*app run .*org.test.Hello" cat "$INST/exports/share/applications/org.test.Hello.desktop"
check "its icon is exported" test -f "$INST/exports/share/icons/hicolor/scalable/apps/org.test.Hello.svg"
check "ostree fsck of the installation passes" fsck_ok "$INST/repo"

# Rebuilding the same manifest changes nothing: no new commit, no update.
before=$(ostree rev-parse --repo="$SRV" "app/org.test.Hello/$ARCH/master")
# shellcheck disable=SC2086
XDG_DATA_HOME=$TEST_DIR/packager check_build "the same manifest builds again" --force-clean --repo="$SRV" $sign build org.test.Hello.json
check "... into the same commit" \
    test "$(ostree rev-parse --repo="$SRV" "app/org.test.Hello/$ARCH/master")" = "$before"
check_match "... so app update finds nothing to do" "[Nn]othing to update|up to date|already" \
    "$APP" update -y org.test.Hello

done_testing
