#!/bin/sh
# hutch-launch: the file-system operations and the new root.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

D=$TEST_DIR/data
mkdir -p "$D/sub"
echo content > "$D/file"

check "the root holds only what the operations made" \
    test "$(sandbox ls -A /)" = "bin
dev
lib
lib64
probe
proc
sbin
tmp
usr"
check "the root itself is read-only" test "$(sandbox /probe write /newfile)" = EROFS
check "--bind binds read-write" test "$(sandbox --bind "$D" /data /probe write /data/new)" = OK
check "what the sandbox writes through --bind reaches the host" test -f "$D/new"
check "--ro-bind binds read-only" test "$(sandbox --ro-bind "$D" /data /probe write /data/new2)" = EROFS
check "--ro-bind shows the content" test "$(sandbox --ro-bind "$D" /data cat /data/file)" = content
check "--ro-bind of a file" test "$(sandbox --ro-bind "$D/file" /etc/one cat /etc/one)" = content
check "--bind-try skips a missing source" sandbox --bind-try /no/such/dir /x true
check "--ro-bind-try skips a missing source" sandbox --ro-bind-try /no/such/dir /x true
check "--bind of a missing source fails" fails sandbox --bind /no/such/dir /x true
check "a relative source is relative to the caller's directory" \
    test "$(cd "$D" && sandbox --ro-bind file /etc/rel cat /etc/rel)" = content
exec 7< "$D"
check "--ro-bind-fd binds the directory open on an fd" \
    test "$(sandbox --ro-bind-fd 7 /fromfd cat /fromfd/file)" = content
exec 7<&-

# "MOUNTPOINT OPTIONS FSTYPE" for each mount in the sandbox (plain sh: the
# sandbox has no /etc, so no awk alternative).
MOUNTS='while read -r _ _ _ _ mp opts rest; do fs=${rest#*- }; echo "$mp $opts ${fs%% *}"; done < /proc/self/mountinfo'
check_match "binds are nosuid and nodev" "^/data rw,nosuid,nodev" \
    sandbox --bind "$D" /data sh -c "$MOUNTS"
check_match "--dev-bind allows device nodes" "^/hostnull rw,nosuid,relatime" \
    sandbox --dev-bind /dev/null /hostnull sh -c "$MOUNTS"

mkdir -p "$D/ro/inner"
check "--remount-ro makes a writable bind read-only" \
    test "$(sandbox --bind "$D/ro" /w --remount-ro /w /probe write /w/inner/x)" = EROFS
root_remount_ro () {
    [ "$(sandbox --bind "$D/ro" /w --remount-ro / /probe write /w/inner/y)" = EROFS ] && [ ! -e "$D/ro/inner/y" ]
}
protected readonly "--remount-ro / makes every mount in the sandbox read-only" root_remount_ro
check "an operation after --remount-ro / cannot write the root" \
    fails sandbox --remount-ro / --dir /later true
# The new root is built on a tmpfs mounted over the host's /tmp: a bind of
# /tmp must still show the host's /tmp, not that root.
marker=$(mktemp /tmp/hutch-marker.XXXXXX)
check "a bind of /tmp shows the host's /tmp, not the sandbox's root" \
    sandbox --bind /tmp /hosttmp sh -c 'test -e "/hosttmp/${1##*/}" && test ! -e /hosttmp/usr' sh "$marker"
rm -f "$marker"
check "--tmpfs is writable and empty" \
    test "$(sandbox --tmpfs /scratch sh -c 'ls -A /scratch; /probe write /scratch/x')" = OK
check "--perms and --size apply to the next --tmpfs" \
    test "$(sandbox --perms 0700 --size 1048576 --tmpfs /t sh -c 'stat -c %a /t; stat -f -c "%b %S" /t')" = "700
256 4096"
check "--dir creates a directory with --perms" \
    test "$(sandbox --perms 0750 --dir /a/b/c stat -c %a /a/b/c)" = 750
check "--symlink creates a link" test "$(sandbox --symlink /usr/bin /link readlink /link)" = /usr/bin
check "--symlink twice with the same target is fine" sandbox --symlink /x /l --symlink /x /l true
check "--symlink over a different link fails" fails sandbox --symlink /x /l --symlink /y /l true
check "--file copies data into a new file" \
    test "$(echo data | sandbox --perms 0640 --file 0 /etc/f sh -c 'cat /etc/f; stat -c %a /etc/f' < /dev/stdin)" = "data
640"
check "--ro-bind-data is read-only" \
    test "$(printf 'x' | sandbox --ro-bind-data 0 /etc/passwd2 sh -c 'cat /etc/passwd2; /probe write /etc/passwd2')" = "xEROFS"
check "--bind-data is writable" \
    test "$(printf 'x' | sandbox --bind-data 0 /etc/w /probe write /etc/w)" = OK
check "--proc shows the sandbox's processes only" \
    test "$(sandbox sh -c 'ls /proc | grep -c "^[0-9]"')" -le 5
check "--dev has the minimal devices" \
    test "$(sandbox ls /dev | tr '\n' ' ')" = "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero "
check "/dev/null works" sandbox sh -c 'echo x > /dev/null && head -c 4 /dev/urandom | wc -c | grep -qx 4'
check "/dev/shm is writable" test "$(sandbox /probe write /dev/shm/x)" = OK
check_match "--mqueue mounts a message queue file system" "^/dev/mqueue .* mqueue$" \
    sandbox --mqueue /dev/mqueue sh -c "$MOUNTS"

# A symbolic link planted in a directory the app can write, on an earlier
# launch, must not send a later operation outside the sandbox's root.
mkdir -p "$TEST_DIR/appdata" "$TEST_DIR/outside"
ln -s "$TEST_DIR/outside" "$TEST_DIR/appdata/evil"
ln -s ../../../../../../../.. "$TEST_DIR/appdata/up"
echo data | sandbox --bind "$TEST_DIR/appdata" /var/app --file 0 /var/app/evil/planted true 2> /dev/null
check "a planted absolute symlink cannot make --file write outside the root" \
    test ! -e "$TEST_DIR/outside/planted"
sandbox --bind "$TEST_DIR/appdata" /var/app --dir /var/app/evil/made --dir /var/app/up/escaped true 2> /dev/null
check "a planted symlink cannot make --dir create outside the root" \
    test ! -e "$TEST_DIR/outside/made" -a ! -e /escaped -a ! -e "$TEST_DIR/escaped"

done_testing
