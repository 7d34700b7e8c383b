# librepo.sh: fixtures of the repository tests, sourced after libtest.sh
# (and after become_unprivileged, setup_test_dirs).
#
# Real things only: GPG keys made here, OSTree repositories (archive mode,
# as a packager publishes them) built with the `ostree` command, a real
# HTTP server on 127.0.0.1 (http-server.py), and `app` itself.
#
#   repo_init                  keys ($KEY_ID, $KEY_FILE; $WRONG_KEY_ID), and
#                              the published repository $SRV (in $WWW/main)
#   make_runtime ID [BRANCH]   commit runtime/ID/ARCH/BRANCH: a tiny /usr
#                              (sh, cat, sleep, id, ls and their libraries)
#   make_app ID VERSION [METADATA-EXTRA] [OPTIONS…]
#                              commit app/ID/ARCH/stable running on
#                              org.test.Platform: /app/bin/hello prints
#                              "hello ID VERSION" and the commit it runs
#   publish                    update the signed summary
#   serve [OPTIONS…]           start http-server.py on $WWW; $URL is the
#                              main repository's URL
#   add_remote NAME [URL]      app remote-add with $KEY_FILE
#   installed_commit KIND/ID   the active commit in the user's installation
#   fsck_ok REPO               ostree fsck passes

ARCH=$(uname -m)
INST=$XDG_DATA_HOME/hutch
SERVER_PY=$HUTCH_SRCDIR/tests/repo/http-server.py
# hutch-app-repo beside app in the build tree; the variable says it.
export HUTCH_LIBEXEC_DIR="$HUTCH_BUILDDIR/launcher/app"

_repo_cleanup () {
    [ -z "${GNUPGHOME:-}" ] || gpgconf --kill all > /dev/null 2>&1 || true
    [ -z "${WRONG_GNUPGHOME:-}" ] || GNUPGHOME=$WRONG_GNUPGHOME gpgconf --kill all > /dev/null 2>&1 || true
    cleanup_test_dirs
}

_make_key () {
    mkdir -m 700 "$1"
    GNUPGHOME=$1 gpg --batch --quiet --passphrase '' --quick-gen-key "$2" ed25519 sign never 2> /dev/null
    GNUPGHOME=$1 gpg --batch --list-keys --with-colons 2> /dev/null | awk -F: '/^fpr/ { print $10; exit }'
}

repo_init () {
    trap '_repo_cleanup' EXIT
    export GNUPGHOME=$TEST_DIR/gpg
    WRONG_GNUPGHOME=$TEST_DIR/gpg-wrong
    KEY_ID=$(_make_key "$GNUPGHOME" "Hutch Test <test@example.org>")
    WRONG_KEY_ID=$(_make_key "$WRONG_GNUPGHOME" "Someone Else <else@example.org>")
    KEY_FILE=$TEST_DIR/key.gpg
    gpg --batch --export "$KEY_ID" > "$KEY_FILE"
    WWW=$TEST_DIR/www
    SRV=$WWW/main
    mkdir -p "$WWW"
    ostree init --repo="$SRV" --mode=archive-z2
}

# commit REF TREE [OSTREE-COMMIT-OPTIONS…]: signed with $KEY_ID unless the
# options say otherwise; xa.metadata is TREE/metadata.  Prints the commit.
commit () {
    local ref=$1 tree=$2 signer=$KEY_ID home=$GNUPGHOME n a
    shift 2
    n=$#
    for a in "$@"; do
        case $a in
            --unsigned) signer= ;;
            --wrong-key) signer=$WRONG_KEY_ID home=$WRONG_GNUPGHOME ;;
            *) set -- "$@" "$a" ;;
        esac
    done
    shift "$n"
    [ -z "$signer" ] || set -- "$@" --gpg-sign="$signer" --gpg-homedir="$home"
    # Owned by root, as packagers publish (a bare-user-only repository
    # stores no owner: its checksums assume 0:0).
    ostree commit --repo="$SRV" -b "$ref" --tree=dir="$tree" --owner-uid=0 --owner-gid=0 \
        --add-metadata-string=xa.metadata="$(cat "$tree/metadata")" "$@"
}

# _copy_with_libs BIN DEST: BIN and the libraries it needs, under DEST (a /usr).
_copy_with_libs () {
    local dest=$1 bin lib
    shift
    for bin in "$@"; do
        cp -L "$(command -v "$bin")" "$dest/bin/$bin"
        for lib in $(ldd "$(command -v "$bin")" | awk '/=>/ { print $3 } /^[[:space:]]*\// { print $1 }'); do
            lib=${lib#/usr}
            mkdir -p "$dest/$(dirname "$lib")"
            [ -e "$dest/$lib" ] || cp -L "$lib" "$dest/$lib"
        done
    done
}

make_runtime () {
    local id=$1 branch=${2:-stable}
    local tree=$TEST_DIR/trees/runtime-$id-$branch
    rm -rf "$tree"
    mkdir -p "$tree/files/bin"
    _copy_with_libs "$tree/files" sh cat sleep id ls
    printf '[Runtime]\nname=%s\n' "$id" > "$tree/metadata"
    commit "runtime/$id/$ARCH/$branch" "$tree"
}

# make_app ID VERSION [METADATA-EXTRA] [COMMIT-OPTIONS…]
# $APP_TREE_HOOK, if set, is run with the tree's directory before the commit;
# $APP_BRANCH, if set, is the app's branch (default stable).
make_app () {
    local id=$1 version=$2 extra=${3:-}
    shift 2; [ $# = 0 ] || shift
    local tree=$TEST_DIR/trees/app-$id
    rm -rf "$tree"
    mkdir -p "$tree/files/bin"
    cat > "$tree/files/bin/hello" <<EOF
#!/bin/sh
echo "hello $id $version"
while read -r line; do case \$line in app-commit=*) echo "\$line" ;; esac; done < /.hutch-info
EOF
    chmod 755 "$tree/files/bin/hello"
    printf '[Application]\nname=%s\nruntime=org.test.Platform/%s/stable\ncommand=hello\n%s\n' \
        "$id" "$ARCH" "$extra" > "$tree/metadata"
    [ -z "${APP_TREE_HOOK:-}" ] || "$APP_TREE_HOOK" "$tree"
    commit "app/$id/$ARCH/${APP_BRANCH:-stable}" "$tree" "$@"
}

publish () {
    ostree summary -u --repo="$SRV" --gpg-sign="$KEY_ID" --gpg-homedir="$GNUPGHOME"
}

# serve [http-server.py OPTIONS…]: sets $SERVER_PID, $PORT and $URL.
serve () {
    local portfile
    portfile=$(mktemp -u "$TEST_DIR/port.XXXXXX")
    python3 "$SERVER_PY" "$WWW" "$portfile" "$@" &
    SERVER_PID=$!
    track_pid "$SERVER_PID"
    if ! wait_for test -s "$portfile"; then
        echo "Bail out! the test HTTP server did not start"
        exit 1
    fi
    PORT=$(cat "$portfile")
    URL=http://127.0.0.1:$PORT/main
}

stop_server () {
    kill "$SERVER_PID" 2> /dev/null
    wait "$SERVER_PID" 2> /dev/null
    return 0
}

add_remote () {
    "$APP" remote-add --gpg-import="$KEY_FILE" "$1" "${2:-$URL}" > /dev/null
}

installed_commit () {
    readlink "$INST/${1%%/*}/${1#*/}/$ARCH/stable/active"
}

# fsck_ok REPO: ostree fsck passes (its output shown if not).
fsck_ok () {
    local out
    if out=$(ostree fsck --repo="$1" 2>&1); then return 0; fi
    diag "ostree fsck --repo=$1 fails:" "$out"
    return 1
}

# hello ID: what the installed app prints when run.
hello () {
    app_run "$@"
}
