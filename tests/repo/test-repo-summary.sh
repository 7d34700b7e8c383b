#!/bin/sh
# app install with the metadata the summary carries (xa.cache, as Flatpak's
# and hutch-bundler's exports write it): shown without fetching the commit
# first, with the download size it gives, used only when the summary is as
# trusted as the commit, and refused at deploy when it differs from the
# commit's own metadata.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

# big_endian N: the number whose bytes in memory are N's, big-endian.
big_endian () {
    python3 -c 'import sys; print(int.from_bytes(int(sys.argv[1]).to_bytes(8, "big"), sys.byteorder))' "$1"
}

# publish_cache REF=FILE[=DOWNLOAD[=INSTALLED]]…: publish, with an xa.cache
# holding each FILE as the metadata of REF, DOWNLOAD and INSTALLED (default
# 0: unknown) as its download and installed sizes, big-endian, wrapped in a
# variant as Flatpak does.
publish_cache () {
    local entries='' a rest file sizes size installed text
    for a in "$@"; do
        rest=${a#*=}
        file=${rest%%=*}
        size=0 installed=0
        if [ "$file" != "$rest" ]; then
            sizes=${rest#*=}
            size=$(big_endian "${sizes%%=*}")
            [ "$sizes" = "${sizes#*=}" ] || installed=$(big_endian "${sizes#*=}")
        fi
        text=$(sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g" "$file" | awk '{ printf "%s\\n", $0 }')
        entries="$entries${entries:+, }'${a%%=*}': (uint64 $installed, uint64 $size, '$text')"
    done
    ostree summary -u --repo="$SRV" --gpg-sign="$KEY_ID" --gpg-homedir="$GNUPGHOME" \
        --add-metadata="xa.cache=<@a{s(tts)} {$entries}>"
}

# commits_fetched: how many commit objects the user's repository holds.
commits_fetched () {
    find "$INST/repo/objects" -name '*.commit' | wc -l
}

make_runtime org.test.Platform > /dev/null
make_app org.test.Hello 1 > /dev/null
make_app org.test.Home 1 '[Context]
filesystems=home;' > /dev/null
runtime_ref=runtime/org.test.Platform/$ARCH/stable
trees=$TEST_DIR/trees
# The summary says Home asks for nothing; its commit asks for the home.
head -n 4 "$trees/app-org.test.Home/metadata" > "$TEST_DIR/home-shown"
publish_cache "$runtime_ref=$trees/runtime-org.test.Platform-stable/metadata" \
    "app/org.test.Hello/$ARCH/stable=$trees/app-org.test.Hello/metadata=1234567=7654321" \
    "app/org.test.Home/$ARCH/stable=$TEST_DIR/home-shown"
check "the published summary carries xa.cache" \
    sh -c 'ostree summary --view --repo="$1" | grep -q "^xa.cache: <{"' sh "$SRV"
serve
add_remote test

# (g_format_size() puts a no-break space before the unit.)
columns=application,installed-size,download-size,runtime
out=$("$APP" remote-ls --columns=$columns test 2>&1)
check "remote-ls --columns shows the sizes and the runtime the summary gives" \
    sh -c 'echo "$1" | grep -Eqx "org\.test\.Hello	7\.7.MB	1\.2.MB	org\.test\.Platform/$2/stable"' sh "$out" "$ARCH" \
    || diag "$out"
check "and - where it gives none" \
    sh -c 'echo "$1" | grep -qx "org.test.Platform	-	-	-" && echo "$1" | grep -qx "org.test.Home	-	-	org.test.Platform/$2/stable"' \
    sh "$out" "$ARCH" || diag "$out"
check "--columns=ref,commit in that order" \
    sh -c '"$1" remote-ls --app --columns=ref,commit test | grep -Eqx "app/org\.test\.Hello/$2/stable	[0-9a-f]{64}"' sh "$APP" "$ARCH"
check "--columns=all shows the eight columns" \
    test "$("$APP" remote-ls --columns=all test | head -n 1 | awk -F '\t' '{ print NF }')" = 8
status=0; out=$("$APP" remote-ls --columns=application,size test 2>&1) || status=$?
check "an unknown column is an error naming it and the known ones" \
    sh -c 'test "$1" = 1 && echo "$2" | grep -q "^app: error: unknown column “size” in --columns: use application, branch, .*download-size, or all$"' \
    sh "$status" "$out" || diag "$out"

out=$(printf 'n\n' | script -qec "$APP install test org.test.Hello" /dev/null 2>&1)
check "the summary's metadata is shown: the runtime the app needs, its permissions" \
    sh -c 'echo "$1" | grep -q "^  runtime/org.test.Platform/$2/stable  test  " && echo "$1" | grep -q "^Permissions of org.test.Hello:"' sh "$out" "$ARCH"
check "with the download size the summary gives, where it gives one" \
    sh -c 'echo "$1" | grep -Eq "^  app/org.test.Hello/$2/stable  test  [0-9a-f]{12}  \(1\.2.MB to download\)\s*$" &&
           echo "$1" | grep -Eq "^  runtime/org.test.Platform/$2/stable  test  [0-9a-f]{12}\s*$"' sh "$out" "$ARCH" \
    || diag "$out"
check "and no commit was fetched before the question ($(commits_fetched) in the repository)" \
    test "$(commits_fetched)" = 0
check_match "installing with it works" "^Installed app/org.test.Hello/" "$APP" install -y test org.test.Hello
check "the app runs" test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 1"

# An update may fetch less than the whole commit: the size is a bound.
make_app org.test.Hello 2 > /dev/null
publish_cache "$runtime_ref=$trees/runtime-org.test.Platform-stable/metadata" \
    "app/org.test.Hello/$ARCH/stable=$trees/app-org.test.Hello/metadata=2345678" \
    "app/org.test.Home/$ARCH/stable=$TEST_DIR/home-shown"
out=$(printf 'n\n' | script -qec "$APP update org.test.Hello" /dev/null 2>&1)
check_match "an update shows the download size as an upper bound" \
    "^  app/org.test.Hello/$ARCH/stable  test  [0-9a-f]{12} → [0-9a-f]{12}  \(at most 2\.3.MB to download\)" \
    printf '%s\n' "$out"

status=0; out=$("$APP" install -y test org.test.Home 2>&1) || status=$?
check "metadata in the summary other than the commit's is refused at deploy" \
    sh -c 'test "$1" = 1 && echo "$2" | grep -q "^app: error: the metadata of app/org.test.Home/$3/stable in the remote.s summary differs from the metadata of its commit"' \
    sh "$status" "$out" "$ARCH" || diag "$out"
check "after showing what the summary said" \
    sh -c 'echo "$1" | grep -q "none: only its own files and data"' sh "$out"
check "and nothing of it is active" test ! -e "$INST/app/org.test.Home/$ARCH/stable/active"
check "ostree fsck passes" fsck_ok "$INST/repo"

# A summary nobody verifies is not trusted more than the commits it lists.
ostree config --repo="$INST/repo" set 'remote "test".gpg-verify-summary' false
out=$(printf 'n\n' | script -qec "$APP install test org.test.Home" /dev/null 2>&1)
check "with summaries unverified but commits verified, the commit's metadata is shown" \
    sh -c 'echo "$1" | grep -q "^    filesystems=home;"' sh "$out" || diag "$out"
check "and remote-ls shows neither sizes nor runtime from it" \
    test "$("$APP" remote-ls --app --columns=application,download-size,runtime test 2>&1)" = "org.test.Hello	-	-
org.test.Home	-	-"
ostree config --repo="$INST/repo" set 'remote "test".gpg-verify-summary' true

# A summary without xa.cache: the commits, as before.
publish
out=$(printf 'n\n' | script -qec "$APP install test org.test.Home" /dev/null 2>&1)
check "without xa.cache the commit's metadata is shown" \
    sh -c 'echo "$1" | grep -q "^    filesystems=home;"' sh "$out" || diag "$out"
check_match "and it installs" "^Installed app/org.test.Home/" "$APP" install -y test org.test.Home

done_testing
