#!/bin/sh
# app-run-bench.sh [BUILDDIR]: what a click on an app's icon costs.
#
# The same runtime and app (bench/make-peer-repo.sh, exported by Flatpak)
# installed both by `flatpak install` and by `app install`, then, side by
# side in one run, interleaved:
#
#   app run --command=true org.test.Hello
#   flatpak run --command=true org.test.Hello      (no session bus)
#   hutch-launch alone with the operations `app run` gives it
#
# "hutch-launch alone" replays `app run --print-launch-args`: its data
# files (--bind-data FD, written by app run into memfds) become read-only
# binds of files with the same content, written once, and its --seccomp FD (the default profile,
# compiled and cached) is dropped: hutch-launch applies the same built-in
# default profile when given none.  So the row pays for every mount and
# namespace app run asks for, and the difference is app run's own work:
# reading metadata and overrides, merging permissions, planning, opening the
# cached filter.  Directories app run opens beneath the user's home and
# passes as --bind-fd become plain binds of the same paths.
#
# Median of ROUNDS rounds (default 31) of BATCH launches (default 20) per
# row.  Run as root (installs flatpak, busybox-static and gcc if
# missing and measures as the unprivileged user hutch-bench) or as a user
# with those in place.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
[ -n "${BENCH_WORK:-}" ] || build=$(cd "${1:-$here/build}" && pwd)
ROUNDS=${ROUNDS:-31}
BATCH=${BATCH:-20}

if [ "$(id -u)" = 0 ]; then
    command -v flatpak > /dev/null && [ -x /bin/busybox ] && command -v gcc > /dev/null \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq flatpak busybox-static gcc > /dev/null
    sh "$here/bench/system-bus.sh"
    . "$here/bench/bench-lib.sh"
    bench_work /tmp
    cp "$build/launcher/hutch-launch/hutch-launch" "$build/launcher/app/app" \
        "$build/launcher/app/hutch-app-repo" "$work/"
    mkdir "$work/profiles" && cp -r "$here/profiles/seccomp" "$work/profiles/"
    bench_as_user app-run-bench.sh ROUNDS="$ROUNDS" BATCH="$BATCH"
fi

# As the unprivileged user, with a home, data and runtime directories of
# its own (no session bus: both tools run without one).
work=${BENCH_WORK:-}
if [ -z "$work" ]; then
    work=$(mktemp -d /tmp/hutch-bench.XXXXXX)
    cp "$build/launcher/hutch-launch/hutch-launch" "$build/launcher/app/app" \
        "$build/launcher/app/hutch-app-repo" "$work/"
    mkdir "$work/bench" "$work/profiles"
    cp "$here/bench/"* "$work/bench/" && cp -r "$here/profiles/seccomp" "$work/profiles/"
fi
# XDG_RUNTIME_DIR on a tmpfs, as /run/user/UID is in a desktop session
# (both tools keep their instances' files there).
run_dir=$(mktemp -d /dev/shm/hutch-bench-run.XXXXXX 2> /dev/null || mktemp -d "$work/run.XXXXXX")
trap 'rm -rf "$run_dir"' EXIT
export HOME="$work/home" XDG_RUNTIME_DIR="$run_dir" HUTCH_PROFILES_DIR="$work/profiles"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cc -O2 -o "$work/rep" "$work/bench/rep.c"

echo "== setting up: one repository, installed by Flatpak and by Hutch"
sh "$work/bench/make-peer-repo.sh" "$work/peer"
flatpak --user remote-add --no-gpg-verify peer "file://$work/peer/repo"
flatpak --user install -y --noninteractive peer org.test.Hello > /dev/null
"$work/app" remote-add --no-gpg-verify peer "file://$work/peer/repo"
"$work/app" install -y peer org.test.Hello > /dev/null
flatpak run --command=true org.test.Hello     # first run builds the ld.so.cache
"$work/app" run --command=true org.test.Hello # first run compiles the seccomp cache

# hutch-launch alone: app run's operations with files for its fds.
mkdir "$work/data"
"$work/app" run --print-launch-args --command=true org.test.Hello > "$work/launch-args"
n=0
set --
exec 3< "$work/launch-args"
read -r first <&3 # "hutch-launch"
while read -r arg <&3; do
    case "$arg" in
        --seccomp) read -r _ <&3 ;;
        --bind-data | --ro-bind-data | --file)
            read -r fd <&3 && read -r dest <&3
            n=$((n + 1))
            "$work/app" run --command=cat org.test.Hello "$dest" > "$work/data/$n" 2> /dev/null || :
            set -- "$@" --ro-bind "$work/data/$n" "$dest" ;;
        --bind-fd | --ro-bind-fd)
            # A directory app run opened beneath the user's home; its path
            # in the sandbox is its path on the host.
            read -r _ <&3 && read -r dest <&3
            set -- "$@" "${arg%-fd}" "$dest" "$dest" ;;
        *) set -- "$@" "$arg" ;;
    esac
done
exec 3<&-
: "$first"
printf '%s\n' "$work/hutch-launch" "$@" > "$work/launch-argv"

python3 - "$work" "$ROUNDS" "$BATCH" << 'PY'
import os, shlex, statistics, subprocess, sys, time
work, rounds, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rep = os.path.join(work, "rep")
alone = open(os.path.join(work, "launch-argv")).read().splitlines()
rows = {
    "app run": [os.path.join(work, "app"), "run", "--command=true", "org.test.Hello"],
    "flatpak run": ["flatpak", "run", "--command=true", "org.test.Hello"],
    "hutch-launch alone": alone,
}
times = {k: [] for k in rows}
for _ in range(rounds):
    for name, argv in rows.items():
        t0 = time.perf_counter()
        p = subprocess.run([rep, str(batch)] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        t1 = time.perf_counter()
        if p.returncode != 0:
            sys.exit("%s failed: %s" % (name, p.stderr.decode()))
        times[name].append((t1 - t0) / batch)
print("%-22s %10s" % ("row", "median ms"))
for k, v in times.items():
    print("%-22s %10.2f" % (k, statistics.median(v) * 1e3))
def ratio(a, b):
    return statistics.median(x / y for x, y in zip(times[a], times[b]))
print("ratio app run / hutch-launch alone   %.2f   (target <= 1.3)" % ratio("app run", "hutch-launch alone"))
print("ratio app run / flatpak run          %.3f  (target <= 0.1)" % ratio("app run", "flatpak run"))
PY
