#!/bin/sh
# launch-bench.sh [BUILDDIR]: one launch of `true` with a Flatpak-like set of
# operations (runtime at /usr, the /bin /lib /lib64 /sbin links, /proc, /dev,
# /tmp, every namespace, a new session, --die-with-parent, a seccomp filter),
# hutch-launch against bubblewrap (with the flatpak-like filter of
# ../shared/bench-peers/seccomp-export.c, and without a filter) and against the
# kernel's floor (../shared/bench-peers/floor.c -pd), side by side in one run.
#
# Median of ROUNDS rounds (default 51), each a batch of BATCH launches
# (default 100) per row, rows interleaved; CPU per launch from a cpuacct
# cgroup (wait4 misses bubblewrap's unreaped pid 1); peak RSS as the median of
# "Maximum resident set size" from /usr/bin/time -v over 21 runs.
#
# Run as root (it installs bubblewrap and time if missing, prepares the
# cgroup and runs the measurements as the unprivileged user hutch-bench) or as
# a user with those already in place.  PEERS overrides ../shared/bench-peers.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
[ -n "${BENCH_WORK:-}" ] || build=$(cd "${1:-$here/build}" && pwd)
PEERS=${PEERS:-$here/../shared/bench-peers}
ROUNDS=${ROUNDS:-51}
BATCH=${BATCH:-100}
CG=/sys/fs/cgroup/cpuacct/hutch-bench

if [ "$(id -u)" = 0 ]; then
    command -v bwrap > /dev/null && [ -x /usr/bin/time ] && [ -f /usr/include/seccomp.h ] \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap time libseccomp-dev > /dev/null
    . "$here/bench/bench-lib.sh"
    bench_work /tmp
    cp "$build/launcher/hutch-launch/hutch-launch" "$work/"
    cp "$PEERS/floor.c" "$PEERS/seccomp-export.c" "$work/"
    if [ -d "${CG%/*}" ]; then
        mkdir -p "$CG"
        chown hutch-bench "$CG/cgroup.procs" "$CG/tasks"
    fi
    bench_as_user launch-bench.sh ROUNDS="$ROUNDS" BATCH="$BATCH"
fi

# As the unprivileged user, in a work directory of copies.
work=${BENCH_WORK:-}
if [ -z "$work" ]; then
    work=$(mktemp -d /tmp/hutch-bench.XXXXXX)
    cp "$build/launcher/hutch-launch/hutch-launch" "$PEERS/floor.c" "$PEERS/seccomp-export.c" "$work/"
    mkdir "$work/bench" && cp "$here/bench/rep.c" "$here/bench/paired.py" "$work/bench/"
fi
bin=$(mktemp -d /tmp/hutch-bench-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
cc -O2 -o "$bin/rep" "$work/bench/rep.c"
cc -O2 -static -o "$bin/floor" "$work/floor.c"
cc -O2 -o "$bin/seccomp-export" "$work/seccomp-export.c" -lseccomp
"$bin/seccomp-export" "$bin/flatpak-like.bpf" > /dev/null
HL=$work/hutch-launch
# Both sandboxes load their filter (else the rows would not compare).
"$HL" --ro-bind /usr /usr --symlink usr/lib64 /lib64 --symlink usr/lib /lib --proc /proc \
    grep -q '^Seccomp:.2' /proc/self/status
bwrap --unshare-all --ro-bind /usr /usr --symlink usr/lib64 /lib64 --symlink usr/lib /lib --proc /proc \
    --seccomp 9 grep -q '^Seccomp:.2' /proc/self/status 9< "$bin/flatpak-like.bpf"

COMMON="--die-with-parent --new-session --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin --proc /proc --dev /dev --tmpfs /tmp"
cgroup=
[ -w "$CG/cgroup.procs" ] && cgroup="--cgroup $CG"

# paired OPTION...: the rows, side by side, with paired.py's OPTIONs.
paired () {
    # shellcheck disable=SC2086
    python3 "$work/bench/paired.py" --rep "$bin/rep" "$@" \
        --ratio hutch-launch/bwrap-all+seccomp --ratio hutch-launch/bwrap-all --ratio hutch-launch/floor-pd \
        "floor-pd=$bin/floor -pd" \
        "hutch-launch=$HL $COMMON true" \
        "bwrap-all+seccomp=-f 9=$bin/flatpak-like.bpf bwrap --unshare-all $COMMON --seccomp 9 true" \
        "bwrap-all=bwrap --unshare-all $COMMON true"
}

echo "== launch of true: $ROUNDS rounds x $BATCH launches, $(nproc) CPUs, $(uname -r)"
echo "   bubblewrap $(bwrap --version | cut -d' ' -f2); hutch-launch $("$HL" --version | cut -d' ' -f2)"
# shellcheck disable=SC2086
paired --rounds "$ROUNDS" --batch "$BATCH" $cgroup

echo "== one launch at a time, 20 ms apart (what a click costs on an idle machine): medians of 201 rounds"
# Each round launches every row once, each after 20 ms of sleep, timed by rep
# from fork to waitpid (no shell in between); 10 rounds of warm-up first.
paired --rounds 201 --warmup 10 --batch 1 --space 20

echo "== peak RSS, KiB (median of 21 runs of /usr/bin/time -v: the largest process waited for)"
peak () {
    name=$1; shift
    i=0
    while [ $i -lt 21 ]; do
        /usr/bin/time -f %M -o "$bin/rss" "$@" > /dev/null 2>&1
        cat "$bin/rss"
        i=$((i + 1))
    done | sort -n | sed -n 11p | sed "s/^/$name /"
}
# shellcheck disable=SC2086
peak hutch-launch "$HL" $COMMON true
# shellcheck disable=SC2086
peak bwrap-all bwrap --unshare-all $COMMON true
peak floor-pd "$bin/floor" -pd
