# libbundle.sh: what the bundle tests share.  Sourcing it sources
# libtest.sh, becomes the unprivileged test user, makes the test's
# directories, skips the test where no sandbox can be made, and makes GPG
# keys.
#
#   $KEY, $KEY_FILE                 a key made for the test, and its public part
#   $WRONG_KEY, $WRONG_KEY_FILE     another one
#   make_runtime [ARGS…]            hutch-bundler runtime --from-host: the
#                                   runtime org.test.Host/ARCH/test in $REPO
#   make_app VERSION [EXTRA [DIR]]  an app org.test.Bundled on it, exported
#                                   to $REPO (its time: 1700000000 + VERSION):
#                                   /app/bin/hello prints "hello VERSION";
#                                   EXTRA is added to its metadata; a DIR
#                                   hook may add files.  Prints the commit.
#   bundle FILE [OPTIONS…]          build-bundle of the app, quietly
#   bundle_runtime FILE [OPTIONS…]  build-bundle --runtime of the runtime
#   install_bundle FILE [OPTIONS…]  app install -y --bundle FILE
#   runs VERSION                    the installed app runs and says so
#   active KIND/ID [BRANCH]         the active commit in the installation
#   has_object COMMIT               the installation's repository holds it
#   fsck_ok                         ostree fsck of the installation passes
#   refused DESC REGEX CMD…         CMD fails, saying REGEX, and the
#                                   installation is as it was: the same
#                                   active commits, nothing new in the
#                                   repository, fsck passes

. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

BUNDLER=$HUTCH_BUILDDIR/bundler/hutch-bundler
REWRITE=$HUTCH_BUILDDIR/tests/bundle/bundle-rewrite
ARCH=$(uname -m)
REPO=$TEST_DIR/repo
INST=$XDG_DATA_HOME/hutch
APP_ID=org.test.Bundled
# hutch-app-repo beside app in the build tree.
export HUTCH_LIBEXEC_DIR="$HUTCH_BUILDDIR/launcher/app"

_make_key () {
    mkdir -m 700 "$1"
    GNUPGHOME=$1 gpg --batch --quiet --passphrase '' --quick-gen-key "$2" ed25519 sign never 2> /dev/null
    GNUPGHOME=$1 gpg --batch --list-keys --with-colons 2> /dev/null | awk -F: '/^fpr/ { print $10; exit }'
}

export GNUPGHOME=$TEST_DIR/gnupg
WRONG_GNUPGHOME=$TEST_DIR/gnupg-wrong
trap 'gpgconf --kill all 2> /dev/null; GNUPGHOME=$WRONG_GNUPGHOME gpgconf --kill all 2> /dev/null; cleanup_test_dirs' EXIT
KEY=$(_make_key "$GNUPGHOME" 'Hutch Test <test@example.org>')
WRONG_KEY=$(_make_key "$WRONG_GNUPGHOME" 'Someone Else <else@example.org>')
KEY_FILE=$TEST_DIR/key.gpg
WRONG_KEY_FILE=$TEST_DIR/wrong-key.gpg
gpg --batch --export "$KEY" > "$KEY_FILE"
GNUPGHOME=$WRONG_GNUPGHOME gpg --batch --export "$WRONG_KEY" > "$WRONG_KEY_FILE"

make_runtime () {
    "$BUNDLER" runtime --id org.test.Host --branch test --repo="$REPO" "$@" --from-host sh cat \
        2> "$TEST_DIR/runtime.err" | sed -n "s|^runtime/org.test.Host/$ARCH/test ||p"
}

make_app () {
    local version=$1 extra=${2:-} hook=${3:-} dir=$TEST_DIR/app-build
    rm -rf "$dir"
    mkdir -p "$dir/files/bin"
    printf '#!/bin/sh\necho "hello %s"\n' "$version" > "$dir/files/bin/hello"
    chmod 755 "$dir/files/bin/hello"
    printf '[Application]\nname=%s\nruntime=org.test.Host/%s/test\ncommand=hello\n%s\n' \
        "$APP_ID" "$ARCH" "$extra" > "$dir/metadata"
    [ -z "$hook" ] || "$hook" "$dir"
    "$BUNDLER" build-export --timestamp=$((1700000000 + version)) "$REPO" "$dir" \
        | sed -n 's/^[^ ]* //p'
}

bundle () {
    local file=$1
    shift
    "$BUNDLER" build-bundle "$@" "$REPO" "$file" "$APP_ID" 2> "$TEST_DIR/bundle.err" > /dev/null
}

bundle_runtime () {
    local file=$1
    shift
    "$BUNDLER" build-bundle --runtime "$@" "$REPO" "$file" org.test.Host test \
        2> "$TEST_DIR/bundle.err" > /dev/null
}

install_bundle () {
    local file=$1
    shift
    "$APP" install -y "$@" --bundle "$file"
}

runs () { test "$(app_run "$APP_ID" 2>&1)" = "hello $1"; }

active () {
    readlink "$INST/${1%%/*}/${1#*/}/$ARCH/${2:-master}/active" 2> /dev/null
}

has_object () { ostree --repo="$INST/repo" show "$1" > /dev/null 2>&1; }

fsck_ok () {
    local out
    [ -e "$INST/repo/config" ] || return 0
    if out=$(ostree fsck --repo="$INST/repo" 2>&1); then return 0; fi
    diag "ostree fsck fails:" "$out"
    return 1
}

# What `refused` compares: the active commits and the repository's objects.
_state () {
    find "$INST" -name active -exec readlink {} \; 2> /dev/null | sort
    find "$INST/repo/objects" -type f 2> /dev/null | sort
}

refused () {
    local desc=$1 regex=$2 out rc=0 before after
    shift 2
    before=$(_state)
    out=$("$@" 2>&1) || rc=$?
    after=$(_state)
    if [ "$rc" != 0 ] && printf '%s\n' "$out" | grep -Eq -- "$regex" && [ "$before" = "$after" ] &&
        fsck_ok; then
        ok "$desc"
    else
        not_ok "$desc"
        diag "status $rc; expected a failure saying: $regex" "got: $out"
        [ "$before" = "$after" ] || diag "the installation changed"
    fi
}
