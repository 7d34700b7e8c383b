#!/bin/sh
# hutch-launch and the terminal: TIOCSTI and TIOCLINUX are denied, so the
# sandbox may keep the controlling terminal (and job control) without being
# able to type into the caller's shell; --new-session detaches from it.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

if ! command -v script > /dev/null; then
    echo "1..0 # SKIP script(1) from util-linux is needed for a pty"
    exit 0
fi

# in_pty COMMAND: run COMMAND (a shell string) with a new pty as its
# controlling terminal and print what it printed.
in_pty () { script -qec "$1" /dev/null < /dev/null | tr -d '\r'; }

# $OFF is expanded when in_pty runs the string.
tiocsti_denied () {
    out=$(in_pty "$HL $(echo $SANDBOX_BASE) --ro-bind $PROBE /probe $OFF /probe tiocsti")
    [ "$out" = "TIOCSTI=EPERM TIOCSTI_HIGH=EPERM TIOCLINUX=EPERM" ]
}
protected seccomp "TIOCSTI (also with high bits set) and TIOCLINUX fail on the controlling terminal" tiocsti_denied
diag "without the filter: $(in_pty "$HL $(echo $SANDBOX_BASE) --ro-bind $PROBE /probe --no-seccomp /probe tiocsti" | tail -1)"

check "the sandbox keeps the controlling terminal" \
    test "$(in_pty "$HL $(echo $SANDBOX_BASE) sh -c 'test -t 0 && echo tty'")" = tty
job_control () {
    out=$(in_pty "$HL $(echo $SANDBOX_BASE) bash --norc -ic 'set -o | grep ^monitor; sleep 1 & jobs'" 2>&1)
    echo "$out" | grep -q "^monitor[[:space:]]*on" && echo "$out" | grep -q "Running.*sleep 1" \
        && ! echo "$out" | grep -q "no job control"
}
if command -v bash > /dev/null; then
    check "an interactive shell in the sandbox has job control" job_control
else
    skip "bash is needed for the job-control test"
fi
check "--new-session detaches from the terminal" \
    test "$(in_pty "$HL $(echo $SANDBOX_BASE) --new-session sh -c 'test -t 0 && echo tty; cat /proc/self/stat | cut -d\" \" -f7'")" = "tty
0"

done_testing
