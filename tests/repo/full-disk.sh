#!/bin/sh
# Run by test-repo-safety.sh inside `unshare -Urm`, where an unprivileged
# user may mount: a 1 MB tmpfs as the whole installation, an install that
# cannot fit, then room again and the same install.
# Usage: full-disk.sh APP TEST_DIR KEY_FILE URL; exits with the step that
# went wrong (0: all as expected).  Outputs are left in TEST_DIR/full.*.
app=$1 dir=$2 key=$3 url=$4
arch=$(uname -m)
export XDG_DATA_HOME=$dir/small
inst=$XDG_DATA_HOME/hutch
mkdir -p "$inst"
mount -t tmpfs -o size=1m tmpfs "$inst" || exit 2
"$app" remote-add --gpg-import="$key" test "$url" > /dev/null || exit 3
status=0
"$app" install -y org.test.Hello > "$dir/full.out" 2>&1 || status=$?
echo "$status" > "$dir/full.status"
[ ! -e "$inst/app/org.test.Hello/$arch/stable/active" ] || exit 4
ostree fsck --repo="$inst/repo" > "$dir/full.fsck1" 2>&1 || exit 5
mount -o remount,size=64m tmpfs "$inst" || exit 6
"$app" install -y org.test.Hello > "$dir/full.out2" 2>&1 || exit 7
[ -L "$inst/app/org.test.Hello/$arch/stable/active" ] || exit 8
ostree fsck --repo="$inst/repo" > "$dir/full.fsck2" 2>&1 || exit 9
exit 0
