#!/bin/sh
# Filesystem grants: :ro, :rw, :create, reserved paths, symlinks planted by
# the app, and the installation (with the app's overrides) out of reach.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''
mkdir -p "$HOME/Documents/sub"
echo doc > "$HOME/Documents/file"

w () { app_run "$@" org.test.App write "$HOME/Documents/new"; }
check "without a grant ~/Documents is not there" \
    app_run --command=sh org.test.App -c 'test ! -e "$1"' sh "$HOME/Documents"
check "with ~/Documents:ro it can be read" \
    test "$(app_run --filesystem=~/Documents:ro --command=cat org.test.App "$HOME/Documents/file")" = doc
check "with ~/Documents:ro it cannot be written" test "$(w --filesystem=~/Documents:ro)" = EROFS
check "with ~/Documents (rw) it can be written" test "$(w --filesystem=~/Documents)" = OK
check "... and the write reached the host" test -f "$HOME/Documents/new"
check "home:ro with ~/Documents rw: the child's mode wins" \
    test "$(w --filesystem=home:ro --filesystem=~/Documents)" = OK
check "a grant of a missing path without :create is skipped" \
    app_run --filesystem=~/nothing-here --command=sh org.test.App -c 'test ! -e "$1"' sh "$HOME/nothing-here"
check "the host directory was not created" test ! -e "$HOME/nothing-here"
check "with :create the directory is made and writable" \
    test "$(app_run --filesystem=~/made:create org.test.App write "$HOME/made/x")" = OK
check "... on the host" test -f "$HOME/made/x"
msg=$(app_run --filesystem=/usr org.test.App euid 2>&1); rc=$?
check "granting a reserved path is refused" sh -c 'test "$1" != 0 && echo "$2" | grep -q "/usr"' sh $rc "$msg"
msg=$(app_run --filesystem=~/../etc org.test.App euid 2>&1); rc=$?
check "a grant with .. is refused" test $rc != 0

# Symlinks planted by the app in its own data dir, for the next launch.
appdir="$HOME/.var/app/org.test.App"
mkdir -p "$HOME/secret" "$appdir"
echo "private key" > "$HOME/secret/id"
ln -sfn "$HOME/secret" "$appdir/.mozilla"
planted_not_followed () {
    out=$(app_run --persist=.mozilla --command=cat org.test.App "$HOME/.mozilla/id" 2>&1)
    ! echo "$out" | grep -q "private key"
}
if planted_not_followed; then ok "a symlink planted in the app's data does not expose its target (persist)"
else not_ok "a symlink planted in the app's data does not expose its target (persist)"; fi
if HUTCH_DEBUG_DISABLE=beneath planted_not_followed; then
    not_ok "... the check fails with protection 'beneath' off"
else
    ok "... the check fails with protection 'beneath' off"
fi
ln -sfn /etc "$appdir/sub"
out=$(app_run --filesystem=~/.var/app/org.test.App/sub --command=sh org.test.App -c 'ls "$1"' sh "$appdir/sub" 2>&1)
check "a planted symlink under a grant in the app's data is not followed out" \
    sh -c '! echo "$1" | grep -q passwd' sh "$out"
rm -f "$appdir/.mozilla" "$appdir/sub"

# An app with home access cannot rewrite its own permissions.
rewrites_overrides () {
    app_run --filesystem=home --command=sh org.test.App -c '
        mkdir -p "$1" && printf "[Context]\nshared=network;\n" > "$1/org.test.App"' sh \
        "$XDG_DATA_HOME/hutch/overrides" > /dev/null 2>&1
    test -e "$XDG_DATA_HOME/hutch/overrides/org.test.App"
}
if rewrites_overrides; then not_ok "an app with home access cannot write its own overrides"
else ok "an app with home access cannot write its own overrides"; fi
if HUTCH_DEBUG_DISABLE=hide-installations rewrites_overrides; then
    ok "... the check fails with protection 'hide-installations' off"
else
    not_ok "... the check fails with protection 'hide-installations' off"
fi
rm -f "$XDG_DATA_HOME/hutch/overrides/org.test.App"

done_testing
