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
echo one > "$HOME/notes.txt"
check "a single file can be granted (app opens it and passes it by fd), and written" \
    test "$(app_run --filesystem=~/notes.txt --command=sh org.test.App -c 'echo two >> "$1"; cat "$1"' sh "$HOME/notes.txt")" = "one
two"
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
app_protected beneath "a symlink planted in the app's data does not expose its target (persist)" \
    planted_not_followed
rm -f "$appdir/.mozilla"

# A symlink planted (on an earlier run) under a writable grant, aimed out of
# it, where a grant below that one is: ~/Games and ~/Games/saves granted,
# saves -> .. would bind the whole home.
mkdir -p "$HOME/Games"
ln -sfn .. "$HOME/Games/saves"
nested_run () {
    app_run --filesystem=~/Games --filesystem=~/Games/saves:ro --command=sh org.test.App \
        -c 'cat "$1"' sh "$HOME/secret/id" 2>&1
}
nested_not_followed () { ! nested_run | grep -q "private key"; }
# saves -> .. leads around the installation and ~/.var/app too: with the
# beneath protection off, the check of what the grant opened still refuses
# it; both are off for the check to show it can fail.
app_protected beneath,hide-installations,hide-apps \
    "a symlink planted under a writable grant does not redirect a grant below it" \
    nested_not_followed
only_beneath_off () { HUTCH_DEBUG_DISABLE=beneath nested_not_followed; }
check "  with only 'beneath' off it is still refused (it leads around the installation)" \
    only_beneath_off
check_match "... and app run says that grant was not made" "Games/saves.* leads out of .*symbolic link" nested_run
ln -sfn sub-real "$HOME/Games/saves"
mkdir -p "$HOME/Games/sub-real" && echo save > "$HOME/Games/sub-real/1"
check "a symlink that stays inside the writable grant still works" \
    test "$(app_run --filesystem=~/Games --filesystem=~/Games/saves:ro --command=cat org.test.App "$HOME/Games/saves/1")" = save
check "a missing source below a writable grant is skipped, as any missing grant" \
    app_run --filesystem=~/Games --filesystem=~/Games/none:ro --command=true org.test.App
rm -rf "$HOME/Games"

# A runtime whose files/etc is a symlink to a host directory (its
# packager's choice): /etc is opened beneath the runtime's files, so the
# link leads nowhere.  The runtime holds cat and the C library only.
rt="$XDG_DATA_HOME/hutch/runtime/org.test.EtcLink/$(uname -m)/stable/$FAKE_COMMIT_RUNTIME"
multiarch=$(gcc -print-multiarch 2> /dev/null || echo "$(uname -m)-linux-gnu")
mkdir -p "$rt/files/bin" "$rt/files/lib/$multiarch" "$rt/files/lib64"
cp /bin/cat "$rt/files/bin/cat"
cp -L "/lib/$multiarch/libc.so.6" "$rt/files/lib/$multiarch/"
cp -L /lib64/ld-linux-x86-64.so.2 "$rt/files/lib64/"
ln -s "$HOME/secret" "$rt/files/etc"
printf '[Runtime]\nname=org.test.EtcLink\n' > "$rt/metadata"
ln -sfn "$FAKE_COMMIT_RUNTIME" "$rt/../active"
etc_run () {
    app_run --runtime=org.test.EtcLink --command=/usr/bin/cat org.test.App /etc/id 2>&1
}
etc_link_not_followed () { ! etc_run | grep -q "private key"; }
app_protected beneath "a runtime's etc symlinked to a host directory does not show it as /etc" \
    etc_link_not_followed
check_match "  and app run says so" "etc.* leads out of .*symbolic link" etc_run

# home shows the user's files, not the other apps' data in ~/.var/app.
other="$HOME/.var/app/org.other.App"
mkdir -p "$other"
echo cookie > "$other/cookies"
other_app_hidden () {
    ! app_run --filesystem=home:ro --command=cat org.test.App "$other/cookies" 2> /dev/null | grep -q cookie
}
app_protected hide-apps "with home granted, another app's data is hidden" other_app_hidden
check "... the app's own data is still there, writable" \
    test "$(app_run --filesystem=home:ro org.test.App write "$HOME/.var/app/org.test.App/x")" = OK
check "... and another app's data can still be granted by name" \
    test "$(app_run --filesystem=home:ro --filesystem="$other:ro" --command=cat org.test.App "$other/cookies")" = cookie
rm -rf "$other"

# /tmp granted: the host's /tmp (the new root is built on a tmpfs over it).
marker=$(mktemp /tmp/hutch-marker.XXXXXX)
check "with /tmp granted the app sees the host's /tmp, and not its own root there" \
    app_run --filesystem=/tmp --command=sh org.test.App -c 'test -e "$1" && test ! -e /tmp/app' sh "$marker"
rm -f "$marker"

# An app with home access cannot rewrite its own permissions.
overrides_out_of_reach () {
    rm -f "$XDG_DATA_HOME/hutch/overrides/org.test.App"
    app_run --filesystem=home --command=sh org.test.App -c '
        mkdir -p "$1" && printf "[Context]\nshared=network;\n" > "$1/org.test.App"' sh \
        "$XDG_DATA_HOME/hutch/overrides" > /dev/null 2>&1
    test ! -e "$XDG_DATA_HOME/hutch/overrides/org.test.App"
}
app_protected hide-installations "an app with home access cannot write its own overrides" \
    overrides_out_of_reach
rm -f "$XDG_DATA_HOME/hutch/overrides/org.test.App"

# A grant into an installation, however spelled: its overrides, the
# repository other apps' files are links of, the exports the desktop runs.
# write_override GRANT DIR: the app, given GRANT, writes an override of
# its own in DIR (where GRANT shows the overrides); true if it did not.
write_override () {
    rm -f "$XDG_DATA_HOME/hutch/overrides/org.test.App"
    app_run "$1" --command=sh org.test.App -c '
        printf "[Context]\nshared=network;\n" > "$1/org.test.App"' sh "$2" > /dev/null 2>&1
    test ! -e "$XDG_DATA_HOME/hutch/overrides/org.test.App"
}
into_installation () {
    write_override --filesystem=xdg-data/hutch/overrides "$XDG_DATA_HOME/hutch/overrides"
}
mkdir -p "$XDG_DATA_HOME/hutch/overrides"
app_protected hide-installations "a grant into the installation (xdg-data/hutch/overrides) is not made" \
    into_installation
check_match "  and app run says why" "leads to Hutch's own files" \
    app_run --filesystem=xdg-data/hutch/overrides --command=true org.test.App

# An XDG user directory is read from ~/.config/user-dirs.dirs, which an app
# granted xdg-config may write: one that leads, through a symlink, around
# the installation (where no tmpfs hides it) is not granted either.
mkdir -p "$HOME/.config"
ln -sfn "$XDG_DATA_HOME" "$HOME/dl"
printf 'XDG_DOWNLOAD_DIR="$HOME/dl"\n' > "$HOME/.config/user-dirs.dirs"
around_installation () {
    write_override --filesystem=xdg-download "$HOME/dl/hutch/overrides"
}
app_protected hide-installations "a user directory leading around the installation is not granted" \
    around_installation
rm -f "$HOME/dl" "$HOME/.config/user-dirs.dirs"
rm -f "$XDG_DATA_HOME/hutch/overrides/org.test.App"

done_testing
