#!/bin/sh
# demo.sh: Hutch's main job, end to end, on a fresh Debian 12 machine.
#
#   1. installs the packages Hutch needs (tools/install-deps.sh), builds
#      Hutch and installs it under /usr/local (app, hutch-launch,
#      hutch-bundler; as root or through sudo);
#   2. as an unprivileged user (the one who ran sudo, else a user
#      "hutch-demo" made for it), runs tools/demo-user.sh: builds a runtime
#      and an SDK from Debian packages, builds the sample GTK app of
#      examples/demo from its manifest in a sandbox, exports them signed to
#      a repository served on 127.0.0.1, adds it as a remote, installs the
#      app by its ID, runs it sandboxed and prints what its report proves;
#      with Xvfb it also opens the app's window and saves a picture of it.
#
# The first run downloads about 200 MB of Debian packages for the runtime
# and the SDK (a few minutes); later runs reuse them (HUTCH_DEMO_REBUILD=1
# rebuilds).  Work files go to ~/hutch-demo of the demo user.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
as_root () { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

tools/install-deps.sh
if [ -d build-demo ]; then meson setup --reconfigure build-demo > /dev/null; else meson setup build-demo > /dev/null; fi
ninja -C build-demo > /dev/null
as_root meson install -C build-demo --quiet --no-rebuild > /dev/null
echo "Hutch is installed in /usr/local: $(command -v app) $(command -v hutch-bundler)"

if [ "$(id -u)" = 0 ]; then
    user=${SUDO_USER:-hutch-demo}
    [ "$user" != root ] || user=hutch-demo
    id "$user" > /dev/null 2>&1 || useradd --create-home --shell /bin/sh "$user"
else
    user=$(id -un)
fi
# mmdebstrap builds the runtimes in a user namespace with a range of
# subordinate IDs, which `useradd` gives new users; give one if missing.
if ! grep -q "^$user:" /etc/subuid 2> /dev/null || ! grep -q "^$user:" /etc/subgid 2> /dev/null; then
    as_root usermod --add-subuids 300000-365535 --add-subgids 300000-365535 "$user"
fi
home=$(getent passwd "$user" | cut -d: -f6)
shot=$home/hutch-demo/window.png
echo "Running the demo as the unprivileged user '$user' (work files in $home/hutch-demo)"
run_as_user () {
    if [ "$(id -un)" = "$user" ]; then "$@"; else as_root runuser -u "$user" -- "$@"; fi
}
# The demo user reads the manifest and the app's sources from a copy it
# may read (the checkout may be in root's home).
stage=$(mktemp -d /tmp/hutch-demo-src.XXXXXX)
trap 'rm -rf "$stage"' EXIT
cp -r "$here/tools" "$here/examples" "$stage/"
chmod -R a+rX "$stage"
run_as_user env HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin \
    LANG="${LANG:-C.UTF-8}" XDG_RUNTIME_DIR="$home/hutch-demo/run" HUTCH_DEMO_SCREENSHOT="$shot" \
    sh -c 'mkdir -p -m 700 "$XDG_RUNTIME_DIR" && exec sh "$1/tools/demo-user.sh" "$1" "$HOME/hutch-demo"' \
    sh "$stage"
