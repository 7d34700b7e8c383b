#!/bin/sh
# run-tests.sh: install what Hutch needs, build it in build-tests/ and run
# the whole test suite.  Started as root, the sandbox tests run as the
# unprivileged user hutch-test (created if needed).
# HUTCH_TEST_MUST_WORK=1 turns "no user namespaces here" skips into failures.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
tools/install-deps.sh
if [ -d build-tests ]; then
    meson setup --reconfigure build-tests > /dev/null
else
    meson setup build-tests > /dev/null
fi
ninja -C build-tests
meson test -C build-tests --print-errorlogs "$@"
