#!/bin/sh
# app install: from a real signed repository over HTTP into the user's (and
# a system) installation, then the app runs sandboxed.  What is refused:
# unsigned commits, commits signed by another key, bad metadata, metadata
# that differs from what the commit shows, and questions nobody can answer.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
hello_commit=$(make_app org.test.Hello 1)
# Twin: the same files as Hello and a 1 MB file both share.
blob () { head -c 1048576 /dev/urandom > "$TEST_DIR/blob"; }
blob
share_blob () { mkdir -p "$1/files/share" && cp "$TEST_DIR/blob" "$1/files/share/blob"; }
APP_TREE_HOOK=share_blob make_app org.test.Twin1 1 > /dev/null
APP_TREE_HOOK=share_blob make_app org.test.Twin2 1 > /dev/null
make_app org.test.Twin3 1 > /dev/null
make_app org.test.Unsigned 1 '' --unsigned > /dev/null
make_app org.test.WrongKey 1 '' --wrong-key > /dev/null
make_app org.test.BadMeta 1 '[Context]
sockets=x11;bogus;' > /dev/null
make_app org.test.Network 1 "[Context]
shared=network;" > /dev/null
make_app org.test.Escape 1 "[Environment]
GREETING=$(printf 'a\033[31mred')" > /dev/null
make_app org.test.SysOnly 1 > /dev/null
# An app whose runtime is on another repository, published beside main.
on_other_runtime () { sed -i "s|^runtime=.*|runtime=org.test.Other/$ARCH/stable|" "$1/metadata"; }
APP_TREE_HOOK=on_other_runtime make_app org.test.Elsewhere 1 > /dev/null
# The metadata file says more than the xa.metadata the user is shown.
lie () { printf '[Context]\nfilesystems=home;\n' >> "$1/metadata"; }
make_liar () {
    local tree=$TEST_DIR/trees/$1
    mkdir -p "$tree/files/bin"
    printf '[Application]\nname=%s\nruntime=%s/%s/stable\ncommand=hello\n' "$1" "$2" "$ARCH" > "$tree/metadata"
    lie "$tree"
    ostree commit --repo="$SRV" --owner-uid=0 --owner-gid=0 -b "app/$1/$ARCH/stable" --tree=dir="$tree" \
        --add-metadata-string=xa.metadata="$(head -n 4 "$tree/metadata")" \
        --gpg-sign="$KEY_ID" --gpg-homedir="$GNUPGHOME" > /dev/null
}
make_liar org.test.Liar org.test.Platform
# A liar on a runtime nothing else uses: the runtime's deploy passes.
make_runtime org.test.Lonely > /dev/null
make_liar org.test.LonelyLiar org.test.Lonely
# Metadata of another app.
tree=$TEST_DIR/trees/impostor
mkdir -p "$tree/files"
printf '[Application]\nname=org.test.Hello\nruntime=org.test.Platform/%s/stable\ncommand=hello\n' "$ARCH" > "$tree/metadata"
commit "app/org.test.Impostor/$ARCH/stable" "$tree" > /dev/null
publish
main_srv=$SRV SRV=$WWW/rt
ostree init --repo="$SRV" --mode=archive-z2
make_runtime org.test.Other > /dev/null
publish
SRV=$main_srv
serve --redirect /moved.flatpakref=/twin.flatpakref --redirect /away.flatpakref=file:///etc/hostname
add_remote test

# --- Questions ---
status=0; out=$("$APP" install test org.test.Hello < /dev/null 2>&1) || status=$?
check "without a terminal and without -y, install refuses to guess" \
    sh -c 'test "$1" = 1 && echo "$2" | grep -q "^app: error: cannot ask whether to go on: standard input is not a terminal; add -y"' sh "$status" "$out"
check "and installs nothing" test ! -e "$INST/app/org.test.Hello"
check "but shows what it would install, with the permissions" \
    sh -c 'echo "$1" | grep -q "^  runtime/org.test.Platform/$2/stable  test  " && echo "$1" | grep -q "^  app/org.test.Hello/$2/stable  test  " && echo "$1" | grep -q "^Permissions of org.test.Hello:"' sh "$out" "$ARCH"
out=$(printf 'n\n' | script -qec "$APP install test org.test.Hello" /dev/null 2>&1)
check "on a terminal, N cancels" sh -c 'echo "$1" | grep -q "Install? \[y/N\]" && echo "$1" | grep -q "cancelled: nothing was changed"' sh "$out"
check "and installs nothing" test ! -e "$INST/app/org.test.Hello"
out=$(printf 'y\n' | script -qec "$APP install test org.test.Hello" /dev/null 2>&1)
check "on a terminal, y installs, with a progress bar" \
    sh -c 'echo "$1" | grep -q "Installed app/org.test.Hello/" && echo "$1" | grep -q "\[########################\] 100%"' sh "$out"

# --- The app runs, sandboxed, on its runtime ---
out=$(hello org.test.Hello)
check "the installed app runs in its sandbox (it reads /.hutch-info)" \
    test "$out" = "hello org.test.Hello 1
app-commit=$hello_commit"
check "deploys are KIND/ID/ARCH/BRANCH/COMMIT/{files,metadata} with a relative active link" \
    sh -c 'test -d "$1/app/org.test.Hello/$2/stable/$3/files" && test -f "$1/app/org.test.Hello/$2/stable/$3/metadata" && test "$(readlink "$1/app/org.test.Hello/$2/stable/active")" = "$3"' \
    sh "$INST" "$ARCH" "$hello_commit"
check "the repository is bare-user-only" grep -q '^mode=bare-user-only' "$INST/repo/config"
check "ostree fsck passes" fsck_ok "$INST/repo"
check "nothing is left in .tmp" test -z "$(ls -A "$INST/.tmp")"
info=$("$APP" info org.test.Hello)
check "app info names the ref, commit, origin, size and runtime" sh -c '
    printf "%s\n" "$1" | grep -q "^ *Ref: app/org.test.Hello/$2/stable$" &&
    printf "%s\n" "$1" | grep -q "^ *Commit: $3$" &&
    printf "%s\n" "$1" | grep -q "^ *Origin: test$" &&
    printf "%s\n" "$1" | grep -Eq "^ *Installed size: [0-9.]+ (bytes|kB|MB)$" &&
    printf "%s\n" "$1" | grep -q "^ *Runtime: org.test.Platform/$2/"' sh "$info" "$ARCH" "$hello_commit" \
    || diag "$info"
check "app info --show-commit --show-ref prints the two values, ref first, for scripts" \
    test "$("$APP" info --show-commit --show-ref org.test.Hello)" = "app/org.test.Hello/$ARCH/stable
$hello_commit"
out=$("$APP" info --show-origin --show-runtime --show-location org.test.Hello)
check "--show-origin, --show-location, --show-runtime, in that order whatever the options'" \
    test "$out" = "test
$INST/app/org.test.Hello/$ARCH/stable/$hello_commit
org.test.Platform/$ARCH/stable" || diag "$out"
check "--show-size is a number of bytes, --show-metadata the metadata" \
    sh -c '"$1" info --show-size org.test.Hello | grep -Eqx "[0-9]+" &&
           "$1" info --show-metadata org.test.Hello | grep -qx "command=hello"' sh "$APP"
check_match "app info of a runtime" "^ *Ref: runtime/org.test.Platform/$ARCH/stable$" "$APP" info org.test.Platform
check_match "app info of what is not installed says it is neither" \
    "^app: error: org.test.Nope is installed neither as an app nor as a runtime$" "$APP" info org.test.Nope

# From a .flatpakref file, as an app's web page offers it for Flatpak.
ref_file=$TEST_DIR/twin.flatpakref
printf '[Flatpak Ref]\nTitle=Twin\nName=org.test.Twin3\nBranch=stable\nUrl=http://127.0.0.1:%s/main/\nGPGKey=%s\nSuggestRemoteName=suggested\nRuntimeRepo=https://example.org/x.flatpakrepo\n' \
    "$PORT" "$(base64 -w0 "$KEY_FILE")" > "$ref_file"
out=$("$APP" install -y --from "$ref_file" 2>&1)
check "install --from a .flatpakref uses the remote with its URL" \
    sh -c 'printf "%s\n" "$1" | grep -q "^Installed app/org.test.Twin3/$2/stable " &&
           ! printf "%s\n" "$1" | grep -q "Added the remote"' sh "$out" "$ARCH" || diag "$out"
"$APP" uninstall -y org.test.Twin3 > /dev/null
sed -i "s|^Url=.*|Url=http://localhost:$PORT/main|" "$ref_file"
out=$("$APP" install -y --from "$ref_file" 2>&1)
check "with a URL no remote has, it adds the remote the file suggests, with the file's key" \
    sh -c 'printf "%s\n" "$1" | grep -q "^Added the remote “suggested” for http://localhost:$3/main, verified with 1 key$" &&
           printf "%s\n" "$1" | grep -q "^Installed app/org.test.Twin3/$2/stable "' sh "$out" "$ARCH" "$PORT" \
    || diag "$out"
check "and remote-list shows it, verified" sh -c '"$1" remote-list | grep -q "^suggested	.*	gpg-verified$"' sh "$APP"
check "a local file's key comes with no warning" sh -c '! printf "%s\n" "$1" | grep -q "plain http"' sh "$out"
printf '[Flatpak Ref]\nName=org.test.Twin3\nUrl=http://127.0.0.2:%s/main/\n' "$PORT" > "$ref_file"
check_match "a file without a key for a new remote is refused" \
    "gives no key \(GPGKey\) for its remote http://127.0.0.2:$PORT/main/: give one with --gpg-import=KEYFILE" \
    "$APP" install -y --from "$ref_file"
printf '[Flatpak Ref]\nName=org.test.Twin3\nBranch=../x\nUrl=http://127.0.0.1:%s/main/\n' "$PORT" > "$ref_file"
check_match "a bad file is refused, naming the file, line and key" \
    "^app: error: $ref_file:3: \[Flatpak Ref\] Branch: " "$APP" install -y --from "$ref_file"
check_match "--from takes no --branch" "^app: error: --from takes no --arch or --branch" \
    "$APP" install -y --from --branch=x "$ref_file"
"$APP" uninstall -y org.test.Twin3 > /dev/null
head -c 300000 /dev/zero | tr '\0' '#' > "$ref_file"
check_match "a file larger than 256 KiB is refused whole, not read in part" \
    "^app: error: $ref_file: larger than 262144 bytes$" "$APP" install -y --from "$ref_file"

# The same files by URL, as app pages link them.
printf '[Flatpak Ref]\nName=org.test.Twin3\nBranch=stable\nUrl=http://127.0.0.1:%s/main/\n' "$PORT" > "$WWW/twin.flatpakref"
check_match "install --from an http URL" "^Installed app/org.test.Twin3/$ARCH/stable " \
    "$APP" install -y --from "http://127.0.0.1:$PORT/twin.flatpakref"
"$APP" uninstall -y org.test.Twin3 > /dev/null
check_match "a redirect to another http URL is followed" "^Installed app/org.test.Twin3/$ARCH/stable " \
    "$APP" install -y --from "http://127.0.0.1:$PORT/moved.flatpakref"
"$APP" uninstall -y org.test.Twin3 > /dev/null
check_match "a redirect to a file:// URL is not followed" \
    "^app: error: cannot download http://127.0.0.1:$PORT/away.flatpakref: .*file" \
    "$APP" install -y --from "http://127.0.0.1:$PORT/away.flatpakref"
check_match "an HTTP error is an error, not a file" \
    "^app: error: cannot download http://127.0.0.1:$PORT/none.flatpakref: .*404" \
    "$APP" install -y --from "http://127.0.0.1:$PORT/none.flatpakref"
printf '[Flatpak Ref]\nName=org.test.Twin3\nBranch=../x\nUrl=http://127.0.0.1:%s/main/\n' "$PORT" > "$WWW/bad.flatpakref"
check_match "a bad file by URL: the error names the URL, line and key" \
    "^app: error: http://127.0.0.1:$PORT/bad.flatpakref:3: \[Flatpak Ref\] Branch: " \
    "$APP" install -y --from "http://127.0.0.1:$PORT/bad.flatpakref"
cp "$ref_file" "$WWW/big.flatpakref"
check_match "a server sending more than 256 KiB is cut off and refused" \
    "^app: error: http://127.0.0.1:$PORT/big.flatpakref: larger than 262144 bytes$" \
    "$APP" install -y --from "http://127.0.0.1:$PORT/big.flatpakref"
check "none of them installed anything" sh -c '! "$1" list | grep -q org.test.Twin3' sh "$APP"

# RuntimeRepo: the .flatpakrepo of where the runtime is, when no remote has it.
printf '[Flatpak Repo]\nTitle=Runtimes\nUrl=http://127.0.0.1:%s/rt/\nGPGKey=%s\n' \
    "$PORT" "$(base64 -w0 "$KEY_FILE")" > "$WWW/runtimes.flatpakrepo"
printf '[Flatpak Ref]\nName=org.test.Elsewhere\nBranch=stable\nUrl=http://127.0.0.1:%s/main/\n' "$PORT" \
    > "$WWW/elsewhere.flatpakref"
elsewhere=http://127.0.0.1:$PORT/elsewhere.flatpakref
check_match "without RuntimeRepo, a runtime no remote offers is an error" \
    "^app: error: org.test.Elsewhere needs the runtime org.test.Other/$ARCH/stable, which no remote offers$" \
    "$APP" install -y --from "$elsewhere"
echo "RuntimeRepo=http://127.0.0.1:$PORT/runtimes.flatpakrepo" >> "$WWW/elsewhere.flatpakref"
check_match "with it, adding its remote is asked first" \
    "^app: error: cannot ask whether to go on: standard input is not a terminal" \
    sh -c '"$1" install --from "$2" < /dev/null' sh "$APP" "$elsewhere"
check "and nothing was added without an answer" sh -c '! "$1" remote-list | grep -q "^runtimes"' sh "$APP"
out=$("$APP" install -y --from "$elsewhere" 2>&1)
check "with -y, the remote is added, named after the file, with its key, and the runtime comes from it" \
    sh -c 'printf "%s\n" "$1" | grep -qx "Added the remote “runtimes” for http://127.0.0.1:$2/rt/, verified with 1 key" &&
           printf "%s\n" "$1" | grep -q "^Installed runtime/org.test.Other/$3/stable " &&
           printf "%s\n" "$1" | grep -q "^Installed app/org.test.Elsewhere/$3/stable "' sh "$out" "$PORT" "$ARCH" \
    || diag "$out"
check "a key that came over plain http comes with a warning" \
    sh -c 'printf "%s\n" "$1" | grep -qx "app: warning: http://127.0.0.1:$2/runtimes.flatpakrepo came over plain http: anyone on the way could have put another key (GPGKey) in it; prefer its https URL, or a key from its publisher (--gpg-import)"' \
    sh "$out" "$PORT" || diag "$out"
check "and the app runs on it" test "$(hello org.test.Elsewhere | head -n 1)" = "hello org.test.Elsewhere 1"
"$APP" uninstall -y org.test.Elsewhere org.test.Other > /dev/null
"$APP" remote-delete runtimes > /dev/null
"$APP" remote-delete suggested > /dev/null

# What install --from added goes again when nothing came of it.
printf '[Flatpak Ref]\nName=org.test.Twin3\nBranch=stable\nUrl=http://localhost:%s/main\nGPGKey=%s\nSuggestRemoteName=suggested\n' \
    "$PORT" "$(base64 -w0 "$KEY_FILE")" > "$ref_file"
out=$("$APP" install --from "$ref_file" < /dev/null 2>&1)
check "declined, install --from deletes the remote it added for the file" \
    sh -c 'printf "%s\n" "$1" | grep -qx "Deleted the remote “suggested” again: nothing was installed from it" &&
           ! "$2" remote-list | grep -q "^suggested"' sh "$out" "$APP" || diag "$out"
printf '[Flatpak Repo]\nUrl=http://localhost:%s/main/\nGPGKey=%s\n' "$PORT" "$(base64 -w0 "$KEY_FILE")" \
    > "$WWW/no-runtimes.flatpakrepo"
sed "s|^RuntimeRepo=.*|RuntimeRepo=http://127.0.0.1:$PORT/no-runtimes.flatpakrepo|" \
    "$WWW/elsewhere.flatpakref" > "$WWW/elsewhere2.flatpakref"
out=$("$APP" install -y --from "http://127.0.0.1:$PORT/elsewhere2.flatpakref" 2>&1)
check "failed, it deletes the RuntimeRepo remote it added too" \
    sh -c 'printf "%s\n" "$1" | grep -q "^app: error: org.test.Elsewhere needs the runtime org.test.Other/.*, which no remote offers$" &&
           printf "%s\n" "$1" | grep -qx "Deleted the remote “no-runtimes” again: nothing was installed from it" &&
           ! "$2" remote-list | grep -q "^no-runtimes"' sh "$out" "$APP" || diag "$out"

check_match "installing it again says so, and succeeds" "org.test.Hello/$ARCH/stable is installed already" \
    "$APP" install -y test org.test.Hello
check_match "--reinstall installs it again" "^Installed app/org.test.Hello/" \
    "$APP" install -y --reinstall org.test.Hello
check "and it still runs" test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 1"

# --- Shared storage: hard links to the repository ---
out=$("$APP" install --noninteractive org.test.Twin1 2>&1)
check "--noninteractive installs without asking, with plain progress lines" \
    sh -c 'echo "$1" | grep -q "^  downloaded [0-9]* objects" && ! echo "$1" | grep -q "\[y/N\]" && ! echo "$1" | grep -q "runtime/org.test.Platform"' sh "$out"
before=$(du -sk "$INST" | cut -f1)
"$APP" install -y org.test.Twin2 > /dev/null
after=$(du -sk "$INST" | cut -f1)
check "a second app with the same 1 MB file costs no second MB ($before KB → $after KB)" \
    test $((after - before)) -lt 200
blob1=$INST/app/org.test.Twin1/$ARCH/stable/active/files/share/blob
check "the file is one inode, in the repository and both deploys" \
    sh -c 'test "$(stat -c %h "$1")" -ge 3 && test "$(stat -c %i "$1")" = "$(stat -c %i "$2")"' \
    sh "$blob1" "$INST/app/org.test.Twin2/$ARCH/stable/active/files/share/blob"
check "the runtime is deployed once for three apps" \
    test "$(ls "$INST/runtime/org.test.Platform/$ARCH/stable" | wc -l)" = 2

# --- Refused ---
refused () {
    local desc=$1 regex=$2 id=$3 out status=0
    out=$("$APP" install -y "$id" 2>&1) || status=$?
    if [ "$status" = 1 ] && printf '%s\n' "$out" | grep -Eq -- "$regex" && [ ! -e "$INST/app/$id" ]; then
        ok "$desc"
    else
        not_ok "$desc"
        diag "status $status, output:" "$out"
    fi
}
refused "an unsigned commit is refused, and nothing deployed" \
    "^app: error: the commit of app/org.test.Unsigned/.* is not signed by a key the remote “test” trusts" org.test.Unsigned
refused "a commit signed by another key is refused" \
    "not signed by a key the remote “test” trusts" org.test.WrongKey
refused "bad metadata is refused before anything is pulled, naming file, line and key" \
    "^app: error: app/org.test.BadMeta/$ARCH/stable:metadata:[0-9]+: .*sockets.*bogus" org.test.BadMeta
refused "a metadata file other than the commit's xa.metadata is refused" \
    "the metadata file of app/org.test.Liar/.* differs from the metadata its commit .* shows" org.test.Liar
refused "metadata of another app is refused" \
    "the metadata of app/org.test.Impostor/.* is the metadata of org.test.Hello" org.test.Impostor
check_match "  the runtime installed with it is deployed and active all the same" \
    "^org.test.Lonely " sh -c '"$1" install -y org.test.LonelyLiar > /dev/null 2>&1; "$1" list --runtime' sh "$APP"
check "  the app is not" test ! -e "$INST/app/org.test.LonelyLiar"
check "a refused checkout leaves nothing in .tmp after the next command" \
    sh -c '"$1" install -y org.test.Hello > /dev/null; test -z "$(ls -A "$2/.tmp")"' sh "$APP" "$INST"
check "ostree fsck still passes" fsck_ok "$INST/repo"
refused "an ID no remote offers" "^app: error: no remote offers org.test.Nothing for $ARCH" org.test.Nothing
refused "an invalid ID never reaches a path" "“org..test.x” is not a valid application ID" "org..test.x"
refused "nor does an invalid ref" "is not a valid ref" "org.test/../../x"
refused "a control character in metadata is refused, and shown escaped" '\\x1b\[31m' org.test.Escape
check "never raw" sh -c '! "$1" install -y org.test.Escape 2>&1 | grep -q "$(printf "\033")"' sh "$APP"
check_match "the permissions are shown before installing" "^    shared=network;" \
    "$APP" install -y org.test.Network

# --- Several remotes ---
add_remote mirror
check_match "an ID offered by several remotes is an error naming them" \
    "^app: error: org.test.Twin1 is offered by several remotes \(mirror, test\): name one" \
    "$APP" install -y --reinstall org.test.Twin1
check_match "naming the remote settles it" "^Installed app/org.test.Twin1/" \
    "$APP" install -y --reinstall mirror org.test.Twin1
check "the reinstalled app's origin is now the remote named" \
    sh -c 'test -e "$1/repo/refs/remotes/mirror/app/org.test.Twin1/$2/stable" && test ! -e "$1/repo/refs/remotes/test/app/org.test.Twin1/$2/stable"' sh "$INST" "$ARCH"
check_match "app info shows the new origin" "^ *Origin: mirror$" "$APP" info org.test.Twin1
check_match "a remote with installed apps is not deleted" \
    "^app: error: app/org.test.Hello/$ARCH/stable, .* came from the remote “test”: uninstall them first" \
    "$APP" remote-delete test

# --- The system installation (HUTCH_SYSTEM_DIR stands for /var/lib/hutch) ---
export HUTCH_SYSTEM_DIR=$TEST_DIR/system
"$APP" remote-add --system --gpg-import="$KEY_FILE" sys "$URL" > /dev/null
check_match "install --system" "^Installed app/org.test.SysOnly/" "$APP" install --system -y org.test.SysOnly
check "the system installation gets its own runtime" \
    test -d "$HUTCH_SYSTEM_DIR/runtime/org.test.Platform/$ARCH/stable/active/files/bin"
check "nothing went to the user's installation" test ! -e "$INST/app/org.test.SysOnly"
check "the system app runs" test "$(hello org.test.SysOnly | head -n 1)" = "hello org.test.SysOnly 1"
check "ostree fsck of the system repository passes" fsck_ok "$HUTCH_SYSTEM_DIR/repo"

done_testing
