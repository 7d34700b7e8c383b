#!/bin/sh
# Runs every fuzz target of a `-Dfuzzing=true` build (libFuzzer, clang) on
# a copy of its seed corpus.
#
#   tools/run-fuzzers.sh BUILDDIR [SECONDS]
#
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
listed=

# target (under tests/) and its seed corpus (under tests/)
for pair in \
    bundle/fuzz-bundle-header:bundle/corpus-bundle-header \
    exports/fuzz-desktop-exec:exports/corpus-desktop-exec \
    host/fuzz-dbus-address:host/corpus-dbus-address \
    host/fuzz-xauth:host/corpus-xauth \
    installation/fuzz-ref:installation/corpus-ref \
    manifest/fuzz-manifest:manifest/corpus-manifest \
    permissions/fuzz-metadata:permissions/corpus-metadata \
    profiles/fuzz-seccomp-profile:profiles/corpus-seccomp; do
    target=$build/tests/${pair%%:*}
    name=$(basename "$target")
    listed="$listed $name "
    work=$build/fuzz-work/$name
    if [ ! -x "$target" ]; then
        echo "run-fuzzers: $target is missing: configure with -Dfuzzing=true (clang)" >&2
        exit 2
    fi
    mkdir -p "$work/corpus"
    cp "$here/tests/${pair#*:}"/* "$work/corpus/"
    if [ "$seconds" -gt 0 ]; then
        limit="-max_total_time=$seconds"
    else
        limit="-runs=0"
    fi
    if "$target" "$limit" -artifact_prefix="$work/" "$work/corpus" > "$work/log" 2>&1; then
        echo "ok   $name"
    else
        echo "FAIL $name: see $work/log and $work/crash-*"
        failed=1
    fi
done

# A target added to the build but not to the list above would go unrun.
for target in $(find "$build/tests" -name 'fuzz-*' -type f -perm -u+x | sort); do
    case "$listed" in
    *" $(basename "$target") "*) ;;
    *) echo "FAIL $target is not listed in $0"; failed=1 ;;
    esac
done
exit $failed
