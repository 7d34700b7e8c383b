#!/bin/sh
# app remote-add, remote-list, remote-ls, remote-delete against a real,
# signed repository served over HTTP; a tampered summary is refused.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
app_commit=$(make_app org.test.Hello 1)
# Valid for OSTree, not for Hutch (two elements): never listed.
ostree commit --repo="$SRV" --owner-uid=0 --owner-gid=0 -b "app/org.test/$ARCH/stable" --tree=dir="$TEST_DIR/trees/app-org.test.Hello" \
    --gpg-sign="$KEY_ID" --gpg-homedir="$GNUPGHOME" > /dev/null
publish
cp -a "$SRV" "$WWW/tampered"
# One byte of the summary changed: its signature no longer matches.
printf 'X' | dd of="$WWW/tampered/summary" bs=1 seek=40 conv=notrunc 2> /dev/null
serve

check "app does not link libostree (the launch path never loads it)" \
    sh -c '! ldd "$1" | grep -q ostree' sh "$APP"
check "hutch-app-repo does" sh -c 'ldd "$1/hutch-app-repo" | grep -q libostree' sh "$HUTCH_LIBEXEC_DIR"
for cmd in remote-add remote-list remote-delete remote-ls install update uninstall; do
    check_match "app $cmd --help" "^Usage:" "$APP" "$cmd" --help
done
check_match "app --help lists the repository commands" "^  remote-add" "$APP" --help
msg=$(HUTCH_LIBEXEC_DIR=/nonexistent "$APP" install org.test.App 2>&1); rc=$?
check "without hutch-app-repo, app says which program it could not run" \
    test $rc = 1 -a "$msg" = "app: error: cannot run “/nonexistent/hutch-app-repo”: No such file or directory"

check_match "remote-add without a key or --no-gpg-verify is an error naming both" \
    "^app: error: .*--gpg-import=KEYFILE.*--no-gpg-verify" "$APP" remote-add test "$URL"
check "and adds nothing" test -z "$("$APP" remote-list)"
check_match "--gpg-import and --no-gpg-verify together are refused" "exclude each other" \
    "$APP" remote-add --no-gpg-verify --gpg-import="$KEY_FILE" test "$URL"
check_match "an ftp URL is refused" "^app: error: .*http://, https:// or file:///" \
    "$APP" remote-add --no-gpg-verify test ftp://127.0.0.1/x
check_match "a remote name with a slash is refused" "not a valid remote name" \
    "$APP" remote-add --no-gpg-verify ../x "$URL"
check_match "a key file without a key is refused" "cannot import the keys|holds no GPG key" \
    "$APP" remote-add --gpg-import=/dev/null test "$URL"
check "and leaves no remote behind" test -z "$("$APP" remote-list)"

check_match "remote-add with a key" "^Added the remote “test”, verified with 1 key" \
    "$APP" remote-add --gpg-import="$KEY_FILE" test "$URL"
check_match "adding it again is an error" "^app: error: there is a remote “test” already" \
    "$APP" remote-add --gpg-import="$KEY_FILE" test "$URL"
check_match "unless --if-not-exists" "exists already: left as it is" \
    "$APP" remote-add --if-not-exists --gpg-import="$KEY_FILE" test "$URL"
"$APP" remote-add --no-gpg-verify open "$URL" > /dev/null
check "remote-list shows both, and which verifies" \
    test "$("$APP" remote-list)" = "open	$URL	NOT verified
test	$URL	gpg-verified"

out=$("$APP" remote-ls test 2>&1)
check "remote-ls lists ID, branch, arch and commit" \
    sh -c 'echo "$1" | grep -qx "org.test.Hello	stable	$2	$3"' sh "$out" "$ARCH" "$app_commit"
check "remote-ls lists the runtime" sh -c 'echo "$1" | grep -q "^org.test.Platform	stable	"' sh "$out"
check "remote-ls leaves out a ref Hutch would refuse, and says so" \
    sh -c '! echo "$1" | grep -q "^org.test	" && echo "$1" | grep -q "warning: .*1 ref with an invalid name"' sh "$out"
check "remote-ls --app shows apps only" \
    test "$("$APP" remote-ls --app test 2> /dev/null | cut -f1)" = org.test.Hello
check "remote-ls --runtime shows runtimes only" \
    test "$("$APP" remote-ls --runtime test 2> /dev/null | cut -f1)" = org.test.Platform
check_match "remote-ls of an unknown remote" "^app: error: there is no remote “nope”" "$APP" remote-ls nope

"$APP" remote-add --gpg-import="$KEY_FILE" tampered "http://127.0.0.1:$PORT/tampered" > /dev/null
status=0; out=$("$APP" remote-ls tampered 2>&1) || status=$?
check "a tampered summary is refused" \
    sh -c 'test "$1" = 1 && echo "$2" | grep -q "^app: error: the summary of the remote “tampered” is not signed by a key it trusts" && echo "$2" | grep -q "BAD signature"' sh "$status" "$out"
"$APP" remote-add --gpg-import="$KEY_FILE" unsigned "http://127.0.0.1:$PORT/unsigned" > /dev/null
cp -a "$SRV" "$WWW/unsigned"
rm "$WWW/unsigned/summary.sig"
check_match "a summary without a signature is refused" "no summary signatures" "$APP" remote-ls unsigned

# A remote reached through a file: URL.
check_match "a file:// remote works too" "^org.test.Hello	" \
    sh -c '"$1" remote-add --gpg-import="$2" local "file://$3" > /dev/null && "$1" remote-ls local' sh "$APP" "$KEY_FILE" "$SRV"

# From a .flatpakrepo file, as repositories publish them for Flatpak.
repo_file=$TEST_DIR/example.flatpakrepo
printf '[Flatpak Repo]\nTitle=Example\nUrl=%s\nHomepage=https://example.org/\nGPGKey=%s\n' \
    "$URL" "$(base64 -w0 "$KEY_FILE")" > "$repo_file"
check_match "remote-add --from reads the file's URL, title and key" \
    "^Added the remote “flat” \(Example\), verified with 1 key$" "$APP" remote-add --from flat "$repo_file"
check "remote-list shows its URL, verified" sh -c '"$1" remote-list | grep -qx "flat	$2	gpg-verified"' sh "$APP" "$URL"
check_match "and the remote works" "^org.test.Hello	" "$APP" remote-ls flat
cp "$repo_file" "$WWW/example.flatpakrepo"
out=$("$APP" remote-add --from flat2 "http://127.0.0.1:$PORT/example.flatpakrepo" 2>&1)
check "remote-add --from takes the file by URL too" \
    sh -c 'printf "%s\n" "$1" | grep -qx "Added the remote “flat2” (Example), verified with 1 key"' sh "$out" \
    || diag "$out"
check "and warns that its key came over plain http" \
    sh -c 'printf "%s\n" "$1" | grep -q "^app: warning: http://127.0.0.1:$2/example.flatpakrepo came over plain http: "' \
    sh "$out" "$PORT" || diag "$out"
check_match "and that remote works" "^org.test.Hello	" "$APP" remote-ls flat2
"$APP" remote-delete flat2 > /dev/null
GNUPGHOME=$WRONG_GNUPGHOME gpg --batch --export "$WRONG_KEY_ID" > "$TEST_DIR/wrong.gpg"
printf '[Flatpak Repo]\nUrl=%s\nGPGKey=%s\n' "$URL" "$(base64 -w0 "$TEST_DIR/wrong.gpg")" > "$repo_file"
"$APP" remote-add --from wrong "$repo_file" > /dev/null
check_match "a file with another key gives a remote that refuses the summary" \
    "not signed by a key it trusts" "$APP" remote-ls wrong
printf '[Flatpak Repo]\nTitle=x\nUrl=ftp://example.org/\n' > "$repo_file"
check_match "a file with a bad URL is refused, naming the file, line and key" \
    "^app: error: $repo_file:3: \[Flatpak Repo\] Url: .*http://, https:// or file:///" \
    "$APP" remote-add --from bad "$repo_file"
printf '[Flatpak Repo]\nUrl=%s\n' "$URL" > "$repo_file"
check_match "a file without a key needs --gpg-import or --no-gpg-verify" "--gpg-import=KEYFILE" \
    "$APP" remote-add --from nokey "$repo_file"
check_match "--gpg-import gives it one" "verified with 1 key" \
    "$APP" remote-add --from --gpg-import="$KEY_FILE" nokey "$repo_file"
check "and none of the refused ones was added" \
    sh -c '! "$1" remote-list | grep -q "^bad	"' sh "$APP"

check_match "remote-delete of an unknown remote" "^app: error: there is no remote “nope”" "$APP" remote-delete nope
check_match "remote-delete" "^Deleted the remote “open”" "$APP" remote-delete open
check "it is gone" sh -c '! "$1" remote-list | grep -q "^open"' sh "$APP"

# --system is root's; HUTCH_SYSTEM_DIR lets a test use a directory of its own.
check_match "--system without root is refused" "only root can change the system-wide installation" \
    env -u HUTCH_SYSTEM_DIR "$APP" remote-add --system --no-gpg-verify sys "$URL"
check_match "--system with HUTCH_SYSTEM_DIR (tests)" "^Added the remote “sys”" \
    env HUTCH_SYSTEM_DIR="$TEST_DIR/system" "$APP" remote-add --system --no-gpg-verify sys "$URL"
check "it went to the system installation" test -f "$TEST_DIR/system/repo/config"
check "and not to the user's" sh -c '! "$1" remote-list | grep -q "^sys"' sh "$APP"
check "remote-list on an installation that does not exist yet prints nothing" \
    test -z "$(env HUTCH_SYSTEM_DIR="$TEST_DIR/nothing" "$APP" remote-list --system)"

done_testing
