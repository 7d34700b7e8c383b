#!/bin/sh
# demo-user.sh SRCDIR WORKDIR: the unprivileged half of tools/demo.sh (and
# of the long test tests/long/test-demo-gtk.sh).  As a packager, it builds a
# runtime and an SDK from Debian packages, builds the sample GTK app
# examples/demo from its manifest in a sandbox, and exports all three,
# signed, to a repository it serves on 127.0.0.1; then, as a user, it adds
# that remote, installs the app by its ID and runs it sandboxed, and says
# what the app's report proves.
#
# APP, BUNDLER: the commands (default: app and hutch-bundler from PATH).
# HUTCH_DEMO_PORT: the HTTP port (default 18091).  HUTCH_DEMO_REBUILD=1
# rebuilds the runtime and SDK even if WORKDIR's repository has them.
# HUTCH_DEMO_SCREENSHOT=FILE: with a display (or Xvfb installed), also save
# a picture of the app's window there.
set -eu
src=$1
work=$2
APP=${APP:-app}
BUNDLER=${BUNDLER:-hutch-bundler}
port=${HUTCH_DEMO_PORT:-18091}
arch=$(uname -m)
repo=$work/repo
export GNUPGHOME="$work/gnupg"
mkdir -p "$work"
step=0
say () { step=$((step + 1)); printf '\n== %s/8 %s\n' "$step" "$*"; }
cleanup () {
    [ -z "${server:-}" ] || kill "$server" 2> /dev/null || true
    [ -z "${xvfb:-}" ] || kill "$xvfb" 2> /dev/null || true
    gpgconf --kill all 2> /dev/null || true
}
trap cleanup EXIT INT TERM

say "A signing key for the repository ($GNUPGHOME)"
if [ ! -s "$work/key.gpg" ]; then
    mkdir -p -m 700 "$GNUPGHOME"
    gpg --batch --quiet --passphrase '' --quick-gen-key 'Hutch Demo <demo@hutch.invalid>' ed25519 sign never
    gpg --batch --export > "$work/key.gpg"
fi
key=$(gpg --batch --list-keys --with-colons 2> /dev/null | awk -F: '/^fpr/ { print $10; exit }')
sign="--gpg-sign=$key --gpg-homedir=$GNUPGHOME"
echo "key $key"

has_ref () { [ -f "$repo/refs/heads/$1" ]; }

say "The runtime org.hutch.Platform//bookworm, from Debian packages"
if [ "${HUTCH_DEMO_REBUILD:-0}" = 1 ] || ! has_ref "runtime/org.hutch.Platform/$arch/bookworm"; then
    # shellcheck disable=SC2086
    "$BUNDLER" runtime --id org.hutch.Platform --branch bookworm --repo "$repo" $sign \
        --debian bookworm --packages libgtk-3-0,fonts-dejavu-core,librsvg2-common
else
    echo "(already in $repo; HUTCH_DEMO_REBUILD=1 rebuilds it)"
fi

say "The SDK org.hutch.Sdk//bookworm: the runtime plus compilers, meson and GTK's headers"
if [ "${HUTCH_DEMO_REBUILD:-0}" = 1 ] || ! has_ref "runtime/org.hutch.Sdk/$arch/bookworm"; then
    # shellcheck disable=SC2086
    "$BUNDLER" runtime --sdk --id org.hutch.Sdk --branch bookworm --repo "$repo" $sign \
        --debian bookworm --packages libgtk-3-dev,fonts-dejavu-core
else
    echo "(already in $repo)"
fi

say "Serving $repo on http://127.0.0.1:$port/repo"
(cd "$work" && exec python3 -m http.server "$port" --bind 127.0.0.1 > "$work/http.log" 2>&1) &
server=$!
url=http://127.0.0.1:$port/repo
i=0
until python3 -c "import urllib.request as u; u.urlopen('$url/config')" 2> /dev/null; do
    i=$((i + 1))
    if [ $i -gt 50 ] || ! kill -0 "$server" 2> /dev/null; then
        echo "demo: the HTTP server did not start (port $port busy? set HUTCH_DEMO_PORT):" >&2
        cat "$work/http.log" >&2
        exit 1
    fi
    sleep 0.1
done
"$APP" remote-add --if-not-exists --gpg-import="$work/key.gpg" hutch-demo "$url"

say "Installing the SDK and the runtime to build with (app install)"
"$APP" install -y hutch-demo org.hutch.Sdk org.hutch.Platform

say "Building org.hutch.Demo from examples/demo/org.hutch.Demo.json in a sandbox, exported signed"
# shellcheck disable=SC2086
"$BUNDLER" build --force-clean --state-dir="$work/state" --repo="$repo" $sign \
    "$work/build" "$src/examples/demo/org.hutch.Demo.json"

say "As a user: app install org.hutch.Demo, then app run"
"$APP" install -y hutch-demo org.hutch.Demo
"$APP" update -y org.hutch.Demo > /dev/null
"$APP" info org.hutch.Demo
report=$(env -u DISPLAY -u WAYLAND_DISPLAY "$APP" run org.hutch.Demo --text)
printf '\n%s\n' "$report"

say "What this proves"
field () { printf '%s\n' "$report" | sed -n "s|^$1: *||p" | sed 's/ *$//' | head -n 1; }
verdict () { if [ "$1" = yes ]; then echo "  [ok] $2"; else echo "  [!!] $2"; fail=1; fi; }
fail=0
caps=$(field capabilities)
verdict "$(case $caps in 'effective 0000000000000000, bounding 0000000000000000'*) echo yes ;; esac)" \
    "the app has no capabilities at all, not even in its bounding set ($caps)"
verdict "$([ "$(field no_new_privs)" = 1 ] && echo yes)" "no_new_privs is set: setuid programs cannot raise it"
verdict "$(case $(field seccomp) in 2*) echo yes ;; esac)" "a seccomp filter limits its system calls"
# Of /home it sees the user's own directory only (nothing when the home
# lies elsewhere, as in the tests).
case $HOME in
    /home/?*) own_home=${HOME#/home/} own_home=${own_home%%/*} ;;
    *) own_home="(not there)" ;;
esac
verdict "$([ "$(field /home)" = "$own_home" ] && [ "$(field home)" = .var ] && echo yes)" \
    "of the host's homes it sees only its user's, holding only .var (its own data): /home: $(field /home), home: $(field home)"
verdict "$([ "$(field network)" = "lo" ] && echo yes)" "its only network interface is lo: no network was granted"
verdict "$(printf '%s\n' "$report" | grep -q "^app-ref=app/org.hutch.Demo/" && echo yes)" \
    "/.hutch-info names the app it is, installed from the signed repository"
echo "  its whole / is: $(field /)"
echo "  the desktop launcher: $(ls "${XDG_DATA_HOME:-$HOME/.local/share}"/hutch/exports/share/applications/org.hutch.Demo.desktop 2> /dev/null || echo none)"

if [ -n "${HUTCH_DEMO_SCREENSHOT:-}" ]; then
    if [ -z "${DISPLAY:-}" ] && command -v Xvfb > /dev/null && command -v xauth > /dev/null; then
        n=$((150 + $$ % 300))
        while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
        export XAUTHORITY="$work/Xauthority" DISPLAY=":$n"
: > "$XAUTHORITY"
        xauth -q -f "$XAUTHORITY" add "$DISPLAY" . "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
        Xvfb "$DISPLAY" -auth "$XAUTHORITY" -nolisten tcp -screen 0 1024x768x24 > "$work/xvfb.log" 2>&1 &
        xvfb=$!
        i=0
        until [ -S "/tmp/.X11-unix/X$n" ] || [ $i -gt 100 ]; do i=$((i + 1)); sleep 0.1; done
    fi
    if [ -n "${DISPLAY:-}" ]; then
        # The app writes where it may: its own data directory.
        shot=$HOME/.var/app/org.hutch.Demo/data/window.png
        "$APP" run org.hutch.Demo --screenshot "$shot" > "$work/window.log" 2>&1 || true
        if [ -s "$shot" ]; then
            cp "$shot" "$HUTCH_DEMO_SCREENSHOT"
            echo "  with a display (X11 granted by the manifest's finish-args) it opened a window: $HUTCH_DEMO_SCREENSHOT"
        else
            verdict no "the app opened a window on $DISPLAY (see $work/window.log)"
        fi
    fi
fi
exit $fail
