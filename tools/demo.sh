#!/bin/sh
# demo.sh: Hutch's main job on a fresh Debian 12 machine.  Installs what is
# needed, builds Hutch, and runs a shell in a sandbox built from the host's
# /usr, as an unprivileged user, printing what the sandbox can and cannot
# see.  (Later: install an app from a repository and run it.)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
tools/install-deps.sh
if [ -d build-demo ]; then meson setup --reconfigure build-demo > /dev/null; else meson setup build-demo > /dev/null; fi
ninja -C build-demo > /dev/null

# hutch-launch needs only libc: copy it where any user can run it.
bin=$(mktemp -d /tmp/hutch-demo.XXXXXX)
trap 'rm -rf "$bin"' EXIT
cp build-demo/launcher/hutch-launch/hutch-launch "$bin/"
chmod 755 "$bin" "$bin/hutch-launch"

cat > "$bin/demo-inside.sh" << 'INSIDE'
echo "== inside the sandbox =="
echo "I am: $(id)"
echo "/ holds: $(ls -A / | tr '\n' ' ')"
echo "my home ($HOME) exists: $(test -e "$HOME" && echo yes || echo no)"
echo "the host's marker file: $(cat "$MARKER" 2>&1)"
echo "processes I can see:"; for p in /proc/[0-9]*; do echo "  ${p#/proc/} $(tr '\0' ' ' < "$p/cmdline")"; done
echo "network interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ')"
grep -E '^(Cap(Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status | sed 's/^/  /'
printf 'writing to /usr: '; touch /usr/hutch-was-here 2>&1 || true
printf 'making a mount: '; mount -t tmpfs none /tmp 2>&1 || true
printf 'a user namespace: '; unshare -U true 2>&1 || true
INSIDE

cat > "$bin/run-demo.sh" << 'OUTSIDE'
bin=$(dirname "$0")
cd "$HOME" 2> /dev/null || cd /
marker=$(mktemp "${TMPDIR:-/tmp}/hutch-demo-marker.XXXXXX")
echo "secret host file" > "$marker"
echo "== on the host: $(id -un), $(ls /proc | grep -c '^[0-9]') processes, interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ')"
"$bin/hutch-launch" --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib \
    --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin --proc /proc --dev /dev \
    --tmpfs /tmp --ro-bind "$bin/demo-inside.sh" /demo.sh \
    --setenv MARKER "$marker" --die-with-parent \
    sh /demo.sh
rm -f "$marker"
OUTSIDE

if [ "$(id -u)" = 0 ]; then
    user=${SUDO_USER:-hutch-demo}
    [ "$user" != root ] || user=hutch-demo
    id "$user" > /dev/null 2>&1 || useradd --create-home --shell /bin/sh "$user"
    echo "(running the sandbox as the unprivileged user '$user')"
    chmod a+r "$bin"/*
    runuser -u "$user" -- sh "$bin/run-demo.sh"
else
    sh "$bin/run-demo.sh"
fi
