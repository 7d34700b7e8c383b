#!/bin/sh
# hutch-bundler build-export: reproducible commits, no empty commits,
# parents and deltas, the metadata in the commit, GPG signatures that
# libostree verifies, and bad build directories refused with nothing
# committed.  Needs the ostree CLI and gnupg; python3 for the socket case.
. "$HUTCH_SRCDIR/tests/libtest.sh"
setup_test_dirs

BUNDLER=$HUTCH_BUILDDIR/bundler/hutch-bundler
ARCH=$(uname -m)
REF=app/org.test.Hello/$ARCH/master

# make_build DIR: a small app's build directory.
make_build () {
    mkdir -p "$1/files/bin" "$1/files/share/hello" "$1/export/share/applications"
    printf '#!/bin/sh\necho hello\n' > "$1/files/bin/hello"
    chmod 755 "$1/files/bin/hello"
    echo data > "$1/files/share/hello/data"
    ln -s ../share/hello/data "$1/files/bin/data-link"
    printf '[Desktop Entry]\nName=Hello\nExec=hello\nType=Application\n' \
        > "$1/export/share/applications/org.test.Hello.desktop"
    printf '[Application]\nname=org.test.Hello\nruntime=org.test.Platform/%s/stable\ncommand=hello\n\n[Context]\nshared=network;\n' \
        "$ARCH" > "$1/metadata"
}

# export_to REPO BUILDDIR [OPTIONS...]: prints the commit.
export_to () {
    local repo=$1 dir=$2; shift 2
    "$BUNDLER" build-export "$@" "$repo" "$dir" | sed -n 's/^[^ ]* //p'
}

n_commits () { ostree --repo="$1" log "$2" 2> /dev/null | grep -c '^commit '; }
n_objects () { find "$1/objects" -type f | wc -l; }

B=$TEST_DIR/build
make_build "$B"
export SOURCE_DATE_EPOCH=1700000000

# Reproducible: two fresh repositories, and a copy of the tree made with
# another umask, other modification times and a stray file beside it.
c1=$(export_to "$TEST_DIR/repo1" "$B")
c2=$(export_to "$TEST_DIR/repo2" "$B")
check "an export prints the ref and a commit checksum" \
    sh -c 'echo "$1" | grep -Eq "^[0-9a-f]{64}$"' sh "$c1"
check "the same tree, metadata and time give the same commit in two fresh repositories" \
    test "$c1" = "$c2"
(umask 077 && mkdir "$TEST_DIR/copy" && cp -R "$B/." "$TEST_DIR/copy/")
chmod 700 "$TEST_DIR/copy/files/bin/hello"
touch -d @1600000000 "$TEST_DIR/copy/files/share/hello/data"
mkdir "$TEST_DIR/copy/builddir-stuff" && echo log > "$TEST_DIR/copy/build.log"
c3=$(export_to "$TEST_DIR/repo3" "$TEST_DIR/copy")
check "owners, the umask, times and files beside metadata, files/ and export/ change nothing" \
    test "$c1" = "$c3"
check "every entry is committed as 0:0 with canonical modes" \
    sh -c 'out=$(ostree --repo="$1" ls -R "$2")
           echo "$out" | grep -q "^-00755 0 0 .* /files/bin/hello$" &&
           echo "$out" | grep -q "^-00644 0 0 .* /files/share/hello/data$" &&
           echo "$out" | grep -q "^l00777 0 0 .* /files/bin/data-link -> ../share/hello/data$" &&
           echo "$out" | grep -q "^d00755 0 0 .* /export/share/applications$" &&
           ! echo "$out" | grep -q "build.log\|builddir-stuff"' sh "$TEST_DIR/repo3" "$REF"
check "the commit's date is SOURCE_DATE_EPOCH" \
    sh -c 'ostree --repo="$1" log "$2" | grep -q "^Date:  2023-11-14 22:13:20 +0000$"' sh "$TEST_DIR/repo1" "$REF"

# No empty commits; a change is a new commit on top of the old one.
c4=$(export_to "$TEST_DIR/repo1" "$B")
check "exporting the same tree again makes no new commit" \
    test "$c4" = "$c1" -a "$(n_commits "$TEST_DIR/repo1" "$REF")" = 1
c5=$(SOURCE_DATE_EPOCH=1800000000 export_to "$TEST_DIR/repo1" "$B")
check "not even with another timestamp" test "$c5" = "$c1"
echo changed > "$B/files/share/hello/data"
c6=$(export_to "$TEST_DIR/repo1" "$B")
check "a changed file makes a new commit" test -n "$c6" -a "$c6" != "$c1"
check "whose parent is the previous commit" \
    test "$(ostree --repo="$TEST_DIR/repo1" rev-parse "$c6^")" = "$c1"
check "with a static delta from the previous commit" \
    sh -c 'ostree --repo="$1" static-delta list | grep -qx "$2-$3"' sh "$TEST_DIR/repo1" "$c1" "$c6"
check "and the summary names the new commit" \
    sh -c 'ostree --repo="$1" summary --view | grep -q "$2"' sh "$TEST_DIR/repo1" "$c6"
c7=$("$BUNDLER" build-export --no-static-delta --no-update-summary --subject=Other --timestamp=0 \
     "$TEST_DIR/repo1" "$B" stable | sed -n 's/^[^ ]* //p')
check "a branch, a subject and --timestamp" \
    sh -c 'ostree --repo="$1" log app/org.test.Hello/$3/stable | grep -q "^Date:  1970-01-01 00:00:00 +0000$" &&
           ostree --repo="$1" log app/org.test.Hello/$3/stable | grep -q "^    Other$" &&
           ostree --repo="$1" rev-parse app/org.test.Hello/$3/stable | grep -qx "$2"' \
    sh "$TEST_DIR/repo1" "$c7" "$ARCH"
check "--no-update-summary leaves the summary without the new ref" \
    sh -c '! ostree --repo="$1" summary --view | grep -q "$2"' sh "$TEST_DIR/repo1" "$c7"

# Without SOURCE_DATE_EPOCH: the newest modification time of what is committed.
find "$B" -exec touch -h -d @1234567890 {} +
touch -d @1000000000 "$B/files/bin/hello"
c8=$(env -u SOURCE_DATE_EPOCH "$BUNDLER" build-export "$TEST_DIR/repo4" "$B" | sed -n 's/^[^ ]* //p')
check "without SOURCE_DATE_EPOCH, the time is the newest file's" \
    sh -c 'ostree --repo="$1" log "$2" | grep -q "^Date:  2009-02-13 23:31:30 +0000$"' sh "$TEST_DIR/repo4" "$c8"

# The metadata travels in the commit.
meta=$(ostree --repo="$TEST_DIR/repo1" show --print-metadata-key=xa.metadata "$REF")
check "xa.metadata holds the metadata file, permissions included" \
    test "$meta" = "'[Application]\\nname=org.test.Hello\\nruntime=org.test.Platform/$ARCH/stable\\ncommand=hello\\n\\n[Context]\\nshared=network;\\n'"
check "the commit is bound to its ref" \
    test "$(ostree --repo="$TEST_DIR/repo1" show --print-metadata-key=ostree.ref-binding "$REF")" = "['$REF']"
check "xa.installed-size is there" \
    sh -c 'ostree --repo="$1" show --print-metadata-key=xa.installed-size "$2" | grep -Eq "^uint64 [0-9]+$"' \
    sh "$TEST_DIR/repo1" "$REF"
# And in the summary, as Flatpak's xa.cache: installers show it (and find
# the runtime) without fetching the commit first.
view=$(ostree --repo="$TEST_DIR/repo1" summary --view)
check "the summary's xa.cache holds the metadata of the ref, as its commit does" \
    sh -c 'printf "%s\n" "$1" | grep "^xa.cache: <{" | grep -qF "$2: (uint64 " &&
           printf "%s\n" "$1" | grep "^xa.cache: " | grep -qF "$3"' sh "$view" "'$REF'" "${meta#\'}" \
    || diag "$view"
# The download size in xa.cache (second field, big-endian as Flatpak stores
# it) is what a client fetches for the commit without a delta: its commit,
# dirtree, dirmeta and file objects, not those of its parent (c1).
commit_objects_size () {
    ostree --repo="$1" ls -R -C "$2" | awk -v c="$(ostree --repo="$1" rev-parse "$2")" '
        BEGIN { print c ".commit" }
        $1 ~ /^d/ { print $5 ".dirtree"; print $6 ".dirmeta"; next }
        { print $5 ".filez" }' | sort -u | while read -r o; do
        stat -c %s "$1/objects/$(echo "$o" | cut -c1-2)/$(echo "$o" | cut -c3-)"
    done | awk '{ n += $1 } END { print n }'
}
objects_size=$(commit_objects_size "$TEST_DIR/repo1" "$REF")
cached_size=$(printf '%s\n' "$view" | python3 -c '
import re, sys
m = re.search(r"^xa\.cache: <\{.*?" + re.escape(sys.argv[1]) + r"\x27: \(uint64 \d+, uint64 (\d+),", sys.stdin.read(), re.M)
print(int.from_bytes(int(m.group(1)).to_bytes(8, sys.byteorder), "big") if m else "none")' "$REF")
check "xa.cache's download size is the size of the commit's objects" \
    test "$cached_size" = "$objects_size" -a "$objects_size" -gt 0 \
    || diag "xa.cache: $cached_size, objects: $objects_size"
mkdir -p "$TEST_DIR/rt/files/etc"
printf '[Runtime]\nname=org.test.Platform\nruntime=org.test.Platform/%s/stable\n' "$ARCH" > "$TEST_DIR/rt/metadata"
"$BUNDLER" build-export "$TEST_DIR/repo1" "$TEST_DIR/rt" stable > "$TEST_DIR/out"
check "[Runtime] metadata is exported as runtime/ID/ARCH/BRANCH" \
    grep -q "^runtime/org.test.Platform/$ARCH/stable [0-9a-f]\{64\}$" "$TEST_DIR/out"

# Bad build directories: an error naming what is wrong, nothing committed.
head_before=$(ostree --repo="$TEST_DIR/repo1" rev-parse "$REF")
objects_before=$(n_objects "$TEST_DIR/repo1")
# refused DESC REGEX BUILDDIR: the export fails with a message matching
# REGEX, and neither the ref nor the objects changed.
refused () {
    local desc=$1 regex=$2 dir=$3 out rc=0
    out=$("$BUNDLER" build-export "$TEST_DIR/repo1" "$dir" 2>&1) || rc=$?
    if [ $rc = 1 ] && printf '%s\n' "$out" | grep -Eq -- "$regex" &&
        [ "$(ostree --repo="$TEST_DIR/repo1" rev-parse "$REF")" = "$head_before" ] &&
        [ "$(n_objects "$TEST_DIR/repo1")" = "$objects_before" ]; then
        ok "$desc"
    else
        not_ok "$desc"
        diag "status $rc, expected 1; expected a line matching: $regex" "got: $out"
    fi
}
echo "more" >> "$B/files/share/hello/data"
mv "$B/metadata" "$TEST_DIR/metadata.good"
refused "a missing metadata file is refused" "error: .*$B/metadata.* is missing" "$B"
printf '[Application]\nname=org.test.Hello\ncommand=hello\nruntime=org.test.Platform/%s/stable\n[Context]\nsockets=x11;bogus;\n' \
    "$ARCH" > "$B/metadata"
refused "bad metadata is refused, naming file, line and key" \
    "error: .*$B/metadata:6: .*sockets.*bogus" "$B"
ln -s "$TEST_DIR/metadata.good" "$B/metadata.link" && rm "$B/metadata" && mv "$B/metadata.link" "$B/metadata"
refused "a metadata file that is a symbolic link is refused" "error: .*$B/metadata" "$B"
rm "$B/metadata" && cp "$TEST_DIR/metadata.good" "$B/metadata"
mkfifo "$B/files/share/hello/fifo"
refused "a FIFO is refused, by name" "error: .*$B/files/share/hello/fifo.* is a FIFO" "$B"
rm "$B/files/share/hello/fifo"
if command -v python3 > /dev/null; then
    python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$B/export/sock"
    refused "a socket is refused, by name" "error: .*$B/export/sock.* is a socket" "$B"
    rm "$B/export/sock"
else
    skip "a socket is refused (no python3 to make one)"
fi
if [ "$(id -u)" = 0 ]; then
    mknod "$B/files/null" c 1 3
    refused "a device node is refused, by name" "error: .*$B/files/null.* is a character device node" "$B"
    rm "$B/files/null"
else
    skip "a device node is refused (only root can make one)"
fi
mv "$B/files" "$B/files.away"
refused "a build directory without files/ is refused" "error: .*$B/files.* is missing" "$B"
mv "$B/files.away" "$B/files"
check "the build directory exports again once it is fixed" \
    test "$(export_to "$TEST_DIR/repo1" "$B")" != "$head_before"
mkdir "$TEST_DIR/not-a-repo" && echo x > "$TEST_DIR/not-a-repo/file"
check_match "a directory that is not a repository is not made into one" \
    "is not an OSTree repository" "$BUNDLER" build-export "$TEST_DIR/not-a-repo" "$B"
check "and stays as it was" test "$(ls "$TEST_DIR/not-a-repo")" = file
check_match "SOURCE_DATE_EPOCH must be a number" "SOURCE_DATE_EPOCH is .*soon" \
    env SOURCE_DATE_EPOCH=soon "$BUNDLER" build-export "$TEST_DIR/repo1" "$B"

# GPG: the commit and the summary are signed; libostree verifies both.
if command -v gpg > /dev/null; then
    export GNUPGHOME="$TEST_DIR/gnupg"
    mkdir -m 700 "$GNUPGHOME"
    gpg --batch --quiet --passphrase '' --quick-gen-key 'Hutch Test <test@example.org>' default default never 2> /dev/null
    key=$(gpg --list-keys --with-colons 2> /dev/null | awk -F: '/^fpr/ { print $10; exit }')
    gpg --export --armor "$key" > "$TEST_DIR/key.asc"
    # What `ostree show --gpg-homedir` reads: keyrings named *.gpg.
    mkdir "$TEST_DIR/trusted" && gpg --export "$key" > "$TEST_DIR/trusted/trustedkeys.gpg"
    cs=$(export_to "$TEST_DIR/signed" "$B" --gpg-sign="$key" --gpg-homedir="$GNUPGHOME")
    cu=$(export_to "$TEST_DIR/unsigned" "$B")
    check "a signature does not change the commit" test -n "$cs" -a "$cs" = "$cu"
    check_match "the commit carries a good signature by the key" "Good signature from .*Hutch Test" \
        ostree --repo="$TEST_DIR/signed" show --gpg-homedir="$TEST_DIR/trusted" "$cs"
    # pull REPO: pulls REF from REPO into a fresh repository that trusts
    # only the key and verifies both the commit and the summary.
    pull () {
        rm -rf "$TEST_DIR/client"
        ostree --repo="$TEST_DIR/client" init --mode=bare-user-only &&
            ostree --repo="$TEST_DIR/client" remote add --set=gpg-verify=true \
                --set=gpg-verify-summary=true --gpg-import="$TEST_DIR/key.asc" origin "file://$1" > /dev/null &&
            ostree --repo="$TEST_DIR/client" pull origin "$REF" > /dev/null 2>&1
    }
    check "a client that trusts the key pulls the signed commit (signed summary and commit verified)" \
        pull "$TEST_DIR/signed"
    if pull "$TEST_DIR/unsigned"; then
        not_ok "the same client refuses the unsigned repository"
    else
        ok "the same client refuses the unsigned repository"
    fi
    cs2=$(export_to "$TEST_DIR/signed" "$B" --gpg-sign="$key" --gpg-homedir="$GNUPGHOME")
    check "re-exporting with the same key keeps the commit and its one signature" \
        sh -c 'test "$1" = "$2" && ostree --repo="$3" show --gpg-homedir="$4" "$1" | grep -q "Found 1 signature"' \
        sh "$cs" "$cs2" "$TEST_DIR/signed" "$TEST_DIR/trusted"
    out=$("$BUNDLER" build-export --gpg-sign=0000000000000000DEADBEEF --gpg-homedir="$GNUPGHOME" \
        "$TEST_DIR/badkey" "$B" 2>&1); rc=$?
    check "an unknown key is an error, and no ref is made" \
        sh -c 'test "$1" = 1 && echo "$2" | grep -q "cannot sign" && ! ostree --repo="$3" rev-parse "$4" > /dev/null 2>&1' \
        sh $rc "$out" "$TEST_DIR/badkey" "$REF"
    gpgconf --homedir "$GNUPGHOME" --kill all 2> /dev/null || true
else
    skip "GPG signatures (no gpg)"
fi

check "build-export --help shows the options" \
    sh -c '"$1" build-export --help | grep -q -- "--gpg-sign=KEYID"' sh "$BUNDLER"
check_match "build-export without a build directory is an error" "give REPO and BUILDDIR" \
    "$BUNDLER" build-export "$TEST_DIR/repo1"

done_testing
