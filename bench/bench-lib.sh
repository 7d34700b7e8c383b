# bench-lib.sh: what the benchmarks share when they are started as root.
# They measure as the unprivileged user hutch-bench, in a work directory of
# copies that it owns.
#
#   bench_work DIR             a new work directory under DIR, holding bench/,
#                              in $work; hutch-bench is created if missing
#   bench_as_user SCRIPT VAR=VALUE…
#                              runs bench/SCRIPT of $work as hutch-bench with
#                              BENCH_WORK=$work and the variables given,
#                              removes $work and exits with SCRIPT's status

bench_work () {
    id hutch-bench > /dev/null 2>&1 || useradd --system --user-group --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin hutch-bench
    work=$(mktemp -d "$1/hutch-bench.XXXXXX")
    cp -r "$here/bench" "$work/bench"
}

bench_as_user () {
    local script=$1 rc=0
    shift
    chmod -R a+rX "$work"
    chown hutch-bench "$work"
    runuser -u hutch-bench -- env BENCH_WORK="$work" PATH=/usr/local/bin:/usr/bin:/bin \
        LANG=C.UTF-8 "$@" sh "$work/bench/$script" || rc=$?
    rm -rf "$work"
    exit $rc
}
