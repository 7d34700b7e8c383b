#!/bin/sh
# Runs every fuzz target of a `-Dfuzzing=true` build (libFuzzer, clang) on
# a copy of its seed corpus.
#
#   tools/run-fuzzers.sh BUILDDIR [SECONDS]
#
# Every tests/DIR/fuzz-NAME the build has is run on tests/DIR/corpus-NAME
# (the seeds that `meson test --suite fuzz` replays in a normal build).
# SECONDS per target (default 0: only replay the seed corpus, as CI does to
# keep the fuzzing build working).  New inputs go to BUILDDIR/fuzz-work/NAME,
# never into tests/; a crash is saved as BUILDDIR/fuzz-work/NAME/crash-… and
# makes the script exit non-zero after the other targets have run.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: tools/run-fuzzers.sh BUILDDIR [SECONDS]}
seconds=${2:-0}
build=$(cd "$build" && pwd)
failed=0
found=0

if [ "$seconds" -gt 0 ]; then
    limit="-max_total_time=$seconds"
else
    limit="-runs=0"
fi
for target in $(find "$build/tests" -name 'fuzz-*' -type f -perm -u+x | sort); do
    name=$(basename "$target")
    dir=$(dirname "${target#"$build"/}")
    corpus=$here/$dir/corpus-${name#fuzz-}
    work=$build/fuzz-work/$name
    found=$((found + 1))
    if [ ! -d "$corpus" ]; then
        echo "FAIL $name: it has no seed corpus $corpus"
        failed=1
        continue
    fi
    mkdir -p "$work/corpus"
    cp "$corpus"/* "$work/corpus/"
    if "$target" "$limit" -artifact_prefix="$work/" "$work/corpus" > "$work/log" 2>&1; then
        echo "ok   $name"
    else
        echo "FAIL $name: see $work/log and $work/crash-*"
        failed=1
    fi
done
if [ "$found" = 0 ]; then
    echo "run-fuzzers: no fuzz target in $build: configure it with -Dfuzzing=true (clang)" >&2
    exit 2
fi
exit $failed
