# libtest.sh: sourced by every shell test of Hutch.
#
# - TAP output: ok / not_ok / skip / diag, and done_testing at the end.
# - Sandbox tests never run as root: started as root (as CI does), the test
#   copies what it needs to a world-readable stage directory and re-runs
#   itself as the dedicated user $HUTCH_TEST_USER (default hutch-test,
#   created if missing), and says so.
# - A private HOME, XDG_* directories and XDG_RUNTIME_DIR per test.
# - HUTCH_TEST_MUST_WORK=1 (set by CI) turns "user namespaces unavailable,
#   skipping" into a failure.
# - protected NAME DESC FUNC [ARGS]: runs FUNC twice, once as is (it must
#   succeed) and once with the protection NAME switched off through
#   hutch-launch --debug-disable (it must fail), so that every protection's
#   test is shown, on every run, to be able to fail.  FUNC passes $OFF to
#   hutch-launch.

set -u

: "${HUTCH_BUILDDIR:?run the tests through meson test}"
: "${HUTCH_SRCDIR:?run the tests through meson test}"

HUTCH_TEST_USER=${HUTCH_TEST_USER:-hutch-test}
HL=$HUTCH_BUILDDIR/launcher/hutch-launch/hutch-launch
PROBE=$HUTCH_BUILDDIR/tests/launch/hutch-test-probe
OFF=

_tap_n=0
_tap_failed=0

ok () { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
not_ok () { _tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1)); echo "not ok $_tap_n - $*"; }
skip () { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $*"; }
# Every line of every argument gets its "# ", or TAP reads it as output.
diag () { for text in "$@"; do printf '%s\n' "$text" | sed 's/^/# /'; done; }

# check DESC COMMAND...: ok if COMMAND succeeds.  Returns 1 after a
# not ok, so that "check … || diag …" explains a failure.
check () {
    local desc=$1; shift
    # what COMMAND prints is not TAP: it goes to the log, on stderr
    if "$@" >&2; then ok "$desc"; else not_ok "$desc"; return 1; fi
}

# app_protected NAME DESC COMMAND...: as `protected`, for a protection of
# app run, which HUTCH_DEBUG_DISABLE=NAME switches off.
app_protected () {
    local name=$1 desc=$2; shift 2
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
    if HUTCH_DEBUG_DISABLE=$name "$@" > /dev/null 2>&1; then
        not_ok "$desc: the check fails with protection '$name' off"
    else
        ok "$desc: the check fails with protection '$name' off"
    fi
}

# fails COMMAND...: true if COMMAND (a shell function too, which
# `sh -c '! "$@"' sh FUNCTION` would not find) fails.
fails () { ! "$@"; }

# check_match DESC REGEX COMMAND...: ok if a line of COMMAND's output
# matches the extended REGEX (COMMAND may be a shell function).
check_match () {
    local desc=$1 regex=$2 out; shift 2
    out=$("$@" 2>&1)
    if printf '%s\n' "$out" | grep -Eq -- "$regex"; then
        ok "$desc"
    else
        not_ok "$desc"
        diag "expected a line matching: $regex" "got:" "$out"
    fi
}

done_testing () {
    echo "1..$_tap_n"
    [ "$_tap_failed" -eq 0 ]
}

# protected NAME DESC FUNC [ARGS...]
protected () {
    local name=$1 desc=$2; shift 2
    if OFF= "$@"; then ok "$desc"; else not_ok "$desc"; fi
    if OFF="--debug-disable $name" "$@" > /dev/null 2>&1; then
        not_ok "$desc: the check fails with protection '$name' off"
    else
        ok "$desc: the check fails with protection '$name' off"
    fi
}

# The kernel lets a user namespace mount a procfs only if a fully visible
# procfs exists in its mount namespace.  Inside another sandbox or container
# (fresh-check.sh's bubblewrap, Docker) /proc has parts covered, and no
# sandbox of any tool can mount its own /proc.  As root we can fix the
# machine: mount a complete procfs out of the way, once.
_ensure_visible_proc () {
    if runuser -u "$HUTCH_TEST_USER" -- unshare -Urpf --mount-proc true 2> /dev/null; then
        return 0
    fi
    mkdir -p /run/hutch-test-proc
    if ! mountpoint -q /run/hutch-test-proc; then
        mount -t proc proc /run/hutch-test-proc || return 0
    fi
    echo "# /proc here hides parts of itself (a sandbox or container around the tests?):"
    echo "#   mounted a complete procfs on /run/hutch-test-proc so that sandboxes may mount their own"
}

# mmdebstrap --mode=unshare maps 65536 subordinate IDs of the user running
# it; a --system user (as useradd made $HUTCH_TEST_USER) has none.  Tests
# that need them set HUTCH_TEST_SUBIDS=1 before become_unprivileged.
_ensure_subids () {
    if grep -q "^$HUTCH_TEST_USER:" /etc/subuid 2> /dev/null &&
        grep -q "^$HUTCH_TEST_USER:" /etc/subgid 2> /dev/null; then
        return 0
    fi
    usermod --add-subuids 200000-265535 --add-subgids 200000-265535 "$HUTCH_TEST_USER" || return 0
    echo "# gave '$HUTCH_TEST_USER' the subordinate IDs 200000-265535 (/etc/subuid, /etc/subgid)"
    echo "#   for mmdebstrap --mode=unshare"
}

# The test file itself and what it needs, made readable by the test user.
_stage_and_rerun () {
    local script stage srcdir
    script=$(realpath "$1"); shift
    srcdir=$(realpath "$HUTCH_SRCDIR")
    if ! id "$HUTCH_TEST_USER" > /dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$HUTCH_TEST_USER" || exit 1
    fi
    _ensure_visible_proc
    [ "${HUTCH_TEST_SUBIDS:-0}" != 1 ] || _ensure_subids
    # X servers started by tests put their sockets here.
    mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix
    stage=$(mktemp -d /tmp/hutch-stage.XXXXXX)
    chmod 755 "$stage"
    mkdir "$stage/build" "$stage/src"
    # Executables and generated files, not objects.
    tar -C "$HUTCH_BUILDDIR" --exclude='*.p' --exclude='*.a' --exclude='meson-*' -cf - . \
        | tar -C "$stage/build" -xf -
    tar -C "$HUTCH_SRCDIR" --exclude=.git --exclude='./build*' --exclude='./_build*' -cf - . \
        | tar -C "$stage/src" -xf -
    chmod -R a+rX "$stage"
    # Only root can make a setuid-root program, for the setuid test.
    if [ -x "$stage/build/tests/launch/hutch-test-probe" ]; then
        cp "$stage/build/tests/launch/hutch-test-probe" "$stage/suid-probe"
        chown root:root "$stage/suid-probe" && chmod 4755 "$stage/suid-probe"
    fi
    echo "# started as root: running this test as the unprivileged user '$HUTCH_TEST_USER'"
    local rc=0
    runuser -u "$HUTCH_TEST_USER" -- env HUTCH_BUILDDIR="$stage/build" HUTCH_SRCDIR="$stage/src" \
        HUTCH_TEST_STAGE="$stage" HUTCH_TEST_SETUID_PROBE="$stage/suid-probe" \
        PATH="$PATH" LC_ALL=C.UTF-8 \
        HUTCH_TEST_MUST_WORK="${HUTCH_TEST_MUST_WORK:-0}" \
        sh "$stage/src/${script#"$srcdir"/}" "$@" || rc=$?
    rm -rf "$stage"
    exit "$rc"
}

# Call first in every sandbox test: becomes the test user if root.
become_unprivileged () {
    if [ "$(id -u)" = 0 ]; then
        _stage_and_rerun "$0" "$@"
    fi
}

setup_test_dirs () {
    TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hutch-test.XXXXXX")
    export HOME="$TEST_DIR/home"
    export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"
    export XDG_CACHE_HOME="$HOME/.cache" XDG_RUNTIME_DIR="$TEST_DIR/run"
    mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
    trap 'cleanup_test_dirs' EXIT
}

cleanup_test_dirs () {
    [ -z "${_test_pids:-}" ] || kill $_test_pids 2> /dev/null || true
    chmod -R u+w "$TEST_DIR" 2> /dev/null || true
    rm -rf "$TEST_DIR"
}

# Remember a background process to kill when the test ends.
track_pid () { _test_pids="${_test_pids:-} $1"; }

# Skip the whole file (or fail with HUTCH_TEST_MUST_WORK=1) when this
# machine cannot create user namespaces.
require_userns () {
    local err
    # shellcheck disable=SC2086
    if err=$("$HL" $SANDBOX_BASE true 2>&1); then
        return 0
    fi
    case "$err" in
        *"create the sandbox's namespaces"*) ;;
        *) echo "Bail out! hutch-launch does not work: $err"; exit 1 ;;
    esac
    if [ "${HUTCH_TEST_MUST_WORK:-0}" = 1 ]; then
        echo "Bail out! cannot create a sandbox and HUTCH_TEST_MUST_WORK=1: $err"
        exit 1
    fi
    echo "1..0 # SKIP cannot create a sandbox here: $err"
    exit 0
}

APP=$HUTCH_BUILDDIR/launcher/app/app
FAKE_COMMIT_APP=1111111111111111111111111111111111111111111111111111111111111111
FAKE_COMMIT_RUNTIME=2222222222222222222222222222222222222222222222222222222222222222

# install_runtime_from_host ID BRANCH: a runtime in the user's installation
# whose files are the host's /usr (a symlink), deployed by hand.
install_runtime_from_host () {
    local dir="$XDG_DATA_HOME/hutch/runtime/$1/$(uname -m)/$2"
    mkdir -p "$dir/$FAKE_COMMIT_RUNTIME"
    ln -sfn /usr "$dir/$FAKE_COMMIT_RUNTIME/files"
    printf '[Runtime]\nname=%s\n' "$1" > "$dir/$FAKE_COMMIT_RUNTIME/metadata"
    ln -sfn "$FAKE_COMMIT_RUNTIME" "$dir/active"
}

# install_test_app ID METADATA-CONTEXT: an app whose files hold the probe at
# /app/bin/probe; its metadata is [Application] plus the text given.
install_test_app () {
    local id=$1 extra=$2
    local dir="$XDG_DATA_HOME/hutch/app/$id/$(uname -m)/stable"
    mkdir -p "$dir/$FAKE_COMMIT_APP/files/bin"
    cp "$PROBE" "$dir/$FAKE_COMMIT_APP/files/bin/probe"
    printf '[Application]\nname=%s\nruntime=org.test.Platform/%s/stable\ncommand=probe\n%s\n' \
        "$id" "$(uname -m)" "$extra" > "$dir/$FAKE_COMMIT_APP/metadata"
    ln -sfn "$FAKE_COMMIT_APP" "$dir/active"
}

# app_run ARGS...: app run with the source tree's seccomp profiles.
app_run () {
    HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" "$APP" run "$@"
}

# The usual sandbox: the host's /usr as the runtime, /proc, /dev, /tmp and
# the probe at /probe.
SANDBOX_BASE="--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib
  --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin --proc /proc --dev /dev --tmpfs /tmp"

sandbox () {
    # shellcheck disable=SC2086 # word splitting of the option lists is wanted
    "$HL" $SANDBOX_BASE --ro-bind "$PROBE" /probe $OFF "$@"
}

# sandbox_bg ARGS...: start a sandbox in the background; $bg_pid is the pid of
# hutch-launch itself (not of a subshell, as "sandbox ... &" would give).
sandbox_bg () {
    # shellcheck disable=SC2086
    "$HL" $SANDBOX_BASE --ro-bind "$PROBE" /probe $OFF "$@" &
    bg_pid=$!
    track_pid $bg_pid
}

# wait_exit PID: the exit status of background job PID, waiting at most 20
# seconds (then it is killed and the status is 255).
wait_exit () {
    if ! wait_for_long sh -c '! kill -0 "$1" 2> /dev/null' sh "$1"; then
        kill -KILL "$1" 2> /dev/null
        wait "$1" 2> /dev/null
        return 255
    fi
    wait "$1"
}

wait_for_long () {
    local i=0
    while [ $i -lt 200 ]; do
        if "$@"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# wait_for COMMAND...: retry for up to 5 seconds.
wait_for () {
    local i=0
    while [ $i -lt 50 ]; do
        if "$@"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
