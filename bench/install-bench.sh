#!/bin/sh
# install-bench.sh [BUILDDIR]: `app install` against `flatpak install` of
# the same runtime and app (bench/make-peer-repo.sh) from the same HTTP
# server on 127.0.0.1, and `ostree pull` of the same refs for reference.
#
# Each round installs into a brand-new user installation per tool (a fresh
# XDG_DATA_HOME), with the remote added beforehand; only the install
# command is timed, rows interleaved, each after a sync(2) so that none
# writes back what the set-up of another left.  The installations are removed
# only after the last round: on an ext4 without a journal (this VM's root),
# each new inode is allocated past every inode deleted in the last minute
# (recently_deleted() in the kernel), so deleting a row's installation
# before the next row made every row pay for the churn of the benchmark
# itself, more the more files it creates.  Median of ROUNDS rounds (default 21)
# and the median of per-round ratios.  Then the disk used by a user
# installation holding one runtime and two apps, by each tool (du counts a
# hard-linked file once).
#
# Run as root (installs what it needs and measures as the unprivileged user
# hutch-bench) or as a user with flatpak, ostree, busybox-static and python3.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
[ -n "${BENCH_WORK:-}" ] || build=$(cd "${1:-$here/build}" && pwd)
ROUNDS=${ROUNDS:-21}
PORT=${PORT:-8777}

if [ "$(id -u)" = 0 ]; then
    command -v flatpak > /dev/null && command -v ostree > /dev/null && [ -x /bin/busybox ] \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq flatpak ostree busybox-static python3 > /dev/null
    sh "$here/bench/system-bus.sh"
    . "$here/bench/bench-lib.sh"
    bench_work /var/tmp
    cp "$build/launcher/app/app" "$build/launcher/app/hutch-app-repo" "$work/"
    bench_as_user install-bench.sh ROUNDS="$ROUNDS" PORT="$PORT"
fi

work=${BENCH_WORK:-}
if [ -z "$work" ]; then
    work=$(mktemp -d /var/tmp/hutch-bench.XXXXXX)
    cp "$build/launcher/app/app" "$build/launcher/app/hutch-app-repo" "$work/"
    mkdir "$work/bench" && cp "$here/bench/"* "$work/bench/"
fi
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run"
unset DBUS_SESSION_BUS_ADDRESS
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

echo "== setting up: one repository served on http://127.0.0.1:$PORT"
sh "$work/bench/make-peer-repo.sh" "$work/peer"
(cd "$work/peer" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 > /dev/null 2>&1) &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT INT TERM
url=http://127.0.0.1:$PORT/repo
for _ in $(seq 50); do
    python3 -c "import urllib.request as u; u.urlopen('$url/config')" 2> /dev/null && break
    sleep 0.1
done

python3 - "$work" "$url" "$ROUNDS" << 'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time
work, url, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = os.path.join(work, "app")
refs = ["runtime/org.test.Platform/x86_64/1", "app/org.test.Hello/x86_64/stable"]

def run(argv, env, quiet=True):
    p = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL if quiet else None, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("%s failed: %s" % (" ".join(argv), p.stderr.decode()))

def fresh():
    d = tempfile.mkdtemp(dir=work)
    env = dict(os.environ, XDG_DATA_HOME=d)
    return d, env

# Each row: (prepare, timed install) on a fresh installation.
def hutch(env, d):
    run([app, "remote-add", "--no-gpg-verify", "peer", url], env)
    return [app, "install", "-y", "peer", "org.test.Hello"]

def flatpak(env, d):
    run(["flatpak", "--user", "remote-add", "--no-gpg-verify", "peer", url], env)
    return ["flatpak", "--user", "install", "-y", "--noninteractive", "peer", "org.test.Hello"]

def ostree(env, d):
    repo = os.path.join(d, "repo")
    run(["ostree", "--repo=" + repo, "init", "--mode=bare-user-only"], env)
    run(["ostree", "--repo=" + repo, "remote", "add", "--no-gpg-verify", "peer", url], env)
    return ["ostree", "--repo=" + repo, "pull", "peer"] + refs

rows = {"app install": hutch, "flatpak install": flatpak, "ostree pull": ostree}
times = {k: [] for k in rows}
installed = []
for _ in range(rounds):
    for name, prep in rows.items():
        d, env = fresh()
        argv = prep(env, d)
        os.sync()
        t0 = time.perf_counter()
        run(argv, env)
        times[name].append(time.perf_counter() - t0)
        installed.append(d)
for d in installed:
    subprocess.run(["chmod", "-R", "u+w", d])
    shutil.rmtree(d)
print("%-18s %10s" % ("row (runtime+app)", "median ms"))
for k, v in times.items():
    print("%-18s %10.1f" % (k, statistics.median(v) * 1e3))
ratio = lambda a, b: statistics.median(x / y for x, y in zip(times[a], times[b]))
print("ratio app install / flatpak install   %.2f  (target <= 0.7)" % ratio("app install", "flatpak install"))
print("ratio ostree pull / flatpak install   %.2f" % ratio("ostree pull", "flatpak install"))

# Disk use: one runtime, two apps.
print("== disk used by one runtime and two apps (du -sk, hard links counted once)")
for name, cmds in (("hutch", lambda env: [[app, "remote-add", "--no-gpg-verify", "peer", url],
                                          [app, "install", "-y", "peer", "org.test.Hello", "org.test.Hello2"]]),
                   ("flatpak", lambda env: [["flatpak", "--user", "remote-add", "--no-gpg-verify", "peer", url],
                                            ["flatpak", "--user", "install", "-y", "--noninteractive", "peer",
                                             "org.test.Hello", "org.test.Hello2"]])):
    d, env = fresh()
    for c in cmds(env):
        run(c, env)
    kib = int(subprocess.run(["du", "-sk", d], capture_output=True, text=True).stdout.split()[0])
    print("%-8s %8d KiB" % (name, kib))
    subprocess.run(["chmod", "-R", "u+w", d])
    shutil.rmtree(d)
PY
