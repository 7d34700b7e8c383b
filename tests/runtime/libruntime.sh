# libruntime.sh: what the runtime tests share.  Sourcing it sources
# libtest.sh, becomes the unprivileged test user, makes the test's
# directories, skips the test where no sandbox can be made, and calls
# runtime_init.  (Set HUTCH_TEST_SUBIDS=1 first for mmdebstrap.)
#
#   runtime_init                    a GPG key ($KEY, $KEY_FILE), a TMPDIR of
#                                   the test's own (to see the bundler clean up)
#   build_runtime ID BRANCH ARGS…   hutch-bundler runtime, signed: the commit
#                                   in $COMMIT, the seconds it took in $TOOK,
#                                   its stderr in $TEST_DIR/runtime.err
#   install_app_on ID BRANCH APP    an app on runtime ID/BRANCH whose
#                                   command prints "hello on COMMIT" (the
#                                   runtime's), exported signed to $REPO,
#                                   installed with app install
#   require_mmdebstrap              skips the test where mmdebstrap
#                                   --mode=unshare cannot work
#   tree_has REGEX…                 each REGEX matches a line of $TREE
#   tree_lacks REGEX                no line of $TREE (which must not be empty)
#                                   matches REGEX
#   tree_only REGEX                 every line of $TREE (not empty) matches REGEX

. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

BUNDLER=$HUTCH_BUILDDIR/bundler/hutch-bundler
ARCH=$(uname -m)
REPO=$TEST_DIR/repo
INST=$XDG_DATA_HOME/hutch
# hutch-app-repo beside app in the build tree.
export HUTCH_LIBEXEC_DIR="$HUTCH_BUILDDIR/launcher/app"

runtime_init () {
    export GNUPGHOME=$TEST_DIR/gnupg
    mkdir -m 700 "$GNUPGHOME"
    # Not in $TEST_DIR (0700): mmdebstrap --mode=unshare puts its own
    # temporary directory here and enters it as a subordinate user.
    TMPDIR=$(mktemp -d /tmp/hutch-runtime-test.XXXXXX)
    chmod 755 "$TMPDIR"
    export TMPDIR
    trap 'gpgconf --kill all 2> /dev/null; rm -rf "$TMPDIR"; cleanup_test_dirs' EXIT
    gpg --batch --quiet --passphrase '' --quick-gen-key 'Hutch Test <test@example.org>' ed25519 sign never 2> /dev/null
    KEY=$(gpg --batch --list-keys --with-colons 2> /dev/null | awk -F: '/^fpr/ { print $10; exit }')
    KEY_FILE=$TEST_DIR/key.gpg
    gpg --batch --export "$KEY" > "$KEY_FILE"
}

build_runtime () {
    local id=$1 branch=$2 start
    shift 2
    start=$(date +%s)
    COMMIT=$("$BUNDLER" runtime --id "$id" --branch "$branch" --gpg-sign="$KEY" \
        --gpg-homedir="$GNUPGHOME" "$@" 2> "$TEST_DIR/runtime.err" | sed -n "s|^runtime/$id/$ARCH/$branch ||p")
    TOOK=$(($(date +%s) - start))
}

install_app_on () {
    local id=$1 branch=$2 app=$3 dir=$TEST_DIR/app-$3
    mkdir -p "$dir/files/bin"
    cat > "$dir/files/bin/hello" <<'EOF2'
#!/bin/sh
while read -r line; do
    case $line in runtime-commit=*) echo "hello on ${line#runtime-commit=}" ;; esac
done < /.hutch-info
EOF2
    chmod 755 "$dir/files/bin/hello"
    printf '[Application]\nname=%s\nruntime=%s/%s/%s\ncommand=hello\n' "$app" "$id" "$ARCH" "$branch" \
        > "$dir/metadata"
    "$BUNDLER" build-export --gpg-sign="$KEY" --gpg-homedir="$GNUPGHOME" "$REPO" "$dir" > /dev/null &&
        "$APP" remote-add --if-not-exists --gpg-import="$KEY_FILE" test "file://$REPO" > /dev/null &&
        "$APP" install -y test "$app"
}

require_mmdebstrap () {
    if ! command -v mmdebstrap > /dev/null; then
        if [ "${HUTCH_TEST_MUST_WORK:-0}" = 1 ]; then
            echo "Bail out! mmdebstrap is not installed and HUTCH_TEST_MUST_WORK=1"
            exit 1
        fi
        echo "1..0 # SKIP mmdebstrap is not installed"
        exit 0
    fi
    # Under no_new_privs (a sandbox around the whole test run, such as
    # bubblewrap's) the setuid newuidmap that maps the subordinate IDs
    # cannot gain its privilege, so no unprivileged mmdebstrap can work.
    if grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status; then
        echo "1..0 # SKIP no_new_privs is set on the test run (a sandbox around it?): newuidmap cannot map the subordinate IDs mmdebstrap needs"
        exit 0
    fi
}

tree_has () {
    local re
    for re in "$@"; do printf '%s\n' "$TREE" | grep -Eq -- "$re" || return 1; done
}

tree_lacks () {
    [ -n "$TREE" ] && ! printf '%s\n' "$TREE" | grep -Eq -- "$1"
}

tree_only () {
    [ -n "$TREE" ] && ! printf '%s\n' "$TREE" | grep -Evq -- "$1"
}

runtime_init
