#!/bin/sh
# Damaged, forged and interrupted bundle installs (DESIGN.md, invariants 4
# and 5), as the unprivileged user.  With version 1 of an app installed
# from a bundle, version 2's bundle (with a file of random bytes, so that
# its objects are new to the installation) is damaged in every region of
# the file: each damaged copy is refused with a clear error, nothing of it
# is installed or imported, version 1 still runs and ostree fsck passes.
# Then the metadata is rewritten to grant more (bundle-rewrite), a payload
# is damaged behind a fixed-up checksum (libostree's own validation), and
# the install is killed at each step (HUTCH_TEST_KILL_AT).
. "$HUTCH_SRCDIR/tests/bundle/libbundle.sh"

B=$TEST_DIR/bundles
mkdir -p "$B"
make_runtime > /dev/null
bundle_runtime "$B/runtime.bundle"
make_app 1 > /dev/null
bundle "$B/app1.bundle"
install_bundle "$B/runtime.bundle" > /dev/null 2>&1
install_bundle "$B/app1.bundle" > /dev/null 2>&1
check "version 1 is installed from its bundle and runs" runs 1

random_file () { mkdir -p "$1/files/share" && head -c 200000 /dev/urandom > "$1/files/share/random"; }
c2=$(make_app 2 '' random_file)
bundle "$B/app2.bundle"
size=$(stat -c %s "$B/app2.bundle")
# Where things are: Hutch's metadata text, and the part's key (its
# payload follows it).
meta_at=$(grep -boa 'command=hello' "$B/app2.bundle" | head -n 1 | cut -d: -f1)
part_at=$(grep -boa 'deltas/' "$B/app2.bundle" | head -n 1 | cut -d: -f1)
diag "bundle of $size bytes: metadata text at $meta_at, first part at $part_at"

# flipped OFFSET: a copy of version 2's bundle with byte OFFSET changed.
flipped () {
    cp "$B/app2.bundle" "$B/flipped.bundle"
    python3 -c 'import sys
f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2]))
f.write(bytes([b[0] ^ 0x20])); f.close()' "$B/flipped.bundle" "$1"
    echo "$B/flipped.bundle"
}

# damaged DESC OFFSET REGEX
damaged () {
    refused "a byte changed $1 is refused" "$3" install_bundle "$(flipped "$2")"
    check "  nothing of it was imported" sh -c '! ostree --repo="$1" show "$2" > /dev/null 2>&1' sh "$INST/repo" "$c2"
    check "  version 1 still runs" runs 1
}
damaged "at the start" 0 "flipped.bundle: it is not a Hutch bundle"
damaged "in the metadata it shows" "$((meta_at + 2))" \
    "flipped.bundle: the metadata it shows differs from the metadata its commit carries"
damaged "inside the data" "$((part_at + (size - part_at) / 2))" \
    "flipped.bundle: part 0 of the delta is damaged: its checksum does not match"
damaged "at the end" "$((size - 1))" "flipped.bundle: its header is damaged"
head -c $((size / 2)) "$B/app2.bundle" > "$B/half.bundle"
refused "a bundle cut in half is refused" "half.bundle: its header is damaged" install_bundle "$B/half.bundle"
head -c $((size - 1)) "$B/app2.bundle" > "$B/short.bundle"
refused "a bundle one byte short is refused" "short.bundle: its header is damaged" install_bundle "$B/short.bundle"
check "version 1 still runs after all that" runs 1

# --- Damage behind a fixed-up part checksum: libostree's validation (first:
# the forgeries below import version 2's objects, which would then be taken
# from the repository instead of the damaged part) ---
"$REWRITE" "$B/app2.bundle" "$B/payload.bundle" --flip-payload=100000 --fix-part-checksum
refused "a damaged payload whose checksum was fixed up is refused by libostree's validation" \
    "payload.bundle: it is damaged or was changed, and nothing of it was installed" \
    install_bundle "$B/payload.bundle"
check "  version 1 still runs" runs 1

# --- Metadata rewritten to grant more ---
printf '[Application]\nname=%s\nruntime=org.test.Host/%s/test\ncommand=hello\n\n[Context]\nfilesystems=host;\n' \
    "$APP_ID" "$ARCH" > "$TEST_DIR/wide"
"$REWRITE" "$B/app2.bundle" "$B/wide.bundle" --metadata="$TEST_DIR/wide"
refused "a bundle showing more permissions than its commit grants is refused" \
    "wide.bundle: the metadata it shows differs from the metadata its commit carries \(xa.metadata\)" \
    install_bundle "$B/wide.bundle"
"$REWRITE" "$B/app2.bundle" "$B/wide-commit.bundle" --metadata="$TEST_DIR/wide" --commit-metadata
refused "and so is one whose commit was rewritten to match" \
    "wide-commit.bundle: its commit object is not the commit $c2 it names: the bundle was changed" \
    install_bundle "$B/wide-commit.bundle"
"$REWRITE" "$B/app2.bundle" "$B/renamed.bundle" --metadata="$TEST_DIR/wide" --commit-metadata --rename-commit
out=$("$APP" install -y --bundle "$B/renamed.bundle" 2>&1)
check "a consistent forgery (commit renamed) gets past the header, but not the deploy check" \
    sh -c 'printf "%s\n" "$1" | grep -q "metadata file of app/.* differs from the metadata its commit .* shows"' sh "$out"
[ "$(active app/$APP_ID)" != "" ] || diag "$out"
check "  version 1 still runs, with its own permissions" runs 1
check "  and the repository is consistent" fsck_ok

# --- Killed at each step ---
v=2 prev=1
for point in after-import after-checkout before-active; do
    v=$((v + 1))
    make_app "$v" '' random_file > /dev/null
    bundle "$B/app$v.bundle"
    status=0
    HUTCH_TEST_KILL_AT=$point "$APP" install -y --bundle "$B/app$v.bundle" > "$TEST_DIR/out" 2>&1 || status=$?
    check "install --bundle killed at $point" test "$status" = 137
    check "  the previous version still runs" runs "$prev"
    check "  the repository is consistent" fsck_ok
    check_match "  running the install again completes it" "^Installed app/$APP_ID/" \
        install_bundle "$B/app$v.bundle"
    check "  the new version runs" runs "$v"
    prev=$v
    check "  nothing is left in .tmp" test -z "$(ls -A "$INST/.tmp")"
    check_match "  app update still knows it came from a bundle" "installed from a bundle" "$APP" update -y
done
check "the repository is consistent at the end" fsck_ok

done_testing
