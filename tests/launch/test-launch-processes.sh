#!/bin/sh
# hutch-launch's processes: signals reach the command, pid 1 reaps orphans,
# --die-with-parent takes the sandbox down with its caller.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

# Each forwarded signal: the command traps it and exits with a code of its
# own.  (A background job of sh starts with SIGINT and SIGQUIT ignored, and
# sh cannot trap what it inherited ignored: env --default-signal resets them.)
for sig in INT TERM HUP QUIT USR1 USR2; do
    rm -f "$TEST_DIR/ready"
    # shellcheck disable=SC2086
    env --default-signal "$HL" $SANDBOX_BASE --bind "$TEST_DIR" /sync \
        sh -c "trap 'exit 7' $sig; touch /sync/ready; while :; do sleep 0.05; done" &
    pid=$!
    track_pid $pid
    wait_for test -e "$TEST_DIR/ready"
    kill -s "$sig" $pid
    wait_exit $pid
    check "SIG$sig sent to hutch-launch reaches the command" test $? = 7
done

rm -f "$TEST_DIR/ready"
sandbox_bg --bind "$TEST_DIR" /sync sh -c 'touch /sync/ready; exec sleep 60'
wait_for test -e "$TEST_DIR/ready"
kill -TERM $bg_pid
wait_exit $bg_pid
check "a command killed by a forwarded SIGTERM gives 143" test $? = 143

# An orphan (its parent exits first) must be reaped by pid 1: it must vanish
# from /proc, not stay a zombie.
no_zombie_stays () {
    sandbox sh -c '
        (sh -c "echo \$\$ > /tmp/orphan; exit 0" &)
        i=0
        while [ ! -s /tmp/orphan ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        pid=$(cat /tmp/orphan) || exit 1
        i=0
        while [ $i -lt 30 ]; do
            [ -e "/proc/$pid" ] || exit 0
            sleep 0.1; i=$((i + 1))
        done
        exit 1'
}
protected reaper "pid 1 reaps orphaned processes" no_zombie_stays

# --die-with-parent: kill the caller of hutch-launch, the sandbox goes too.
dies_with_parent () {
    rm -f "$TEST_DIR/info"
    # The caller: a shell that starts hutch-launch and waits.
    sh -c '"$@" & wait' sh "$HL" $SANDBOX_BASE --die-with-parent $OFF --info-fd 3 sleep 60 \
        3> "$TEST_DIR/info" &
    caller=$!
    wait_for grep -q child-pid "$TEST_DIR/info" || return 1
    child=$(sed 's/.*"child-pid": \([0-9]*\).*/\1/' "$TEST_DIR/info")
    kill -KILL $caller
    wait $caller 2> /dev/null
    if wait_for sh -c '! kill -0 "$1" 2>/dev/null' sh "$child"; then
        return 0
    fi
    pkill -KILL -P "$child" 2> /dev/null; kill -KILL "$child" 2> /dev/null
    return 1
}
protected die-with-parent "--die-with-parent kills the sandbox when its caller dies" dies_with_parent

# Without --die-with-parent the sandbox still dies with hutch-launch itself.
sandbox_bg --info-fd 3 sleep 60 3> "$TEST_DIR/info2"
hl=$bg_pid
wait_for grep -q child-pid "$TEST_DIR/info2"
child=$(sed 's/.*"child-pid": \([0-9]*\).*/\1/' "$TEST_DIR/info2")
kill -KILL $hl
check "killing hutch-launch kills the sandbox" wait_for sh -c '! kill -0 "$1" 2>/dev/null' sh "$child"

# The command's status comes back as soon as the command exits, even while
# pid 1 cannot finish: here pid 1 must wait for a zombie of the sandbox whose
# parent is outside it (what a process that joined the sandbox leaves), and
# only pid 1's report (not its exit) can end hutch-launch before that parent
# goes.  The parent: a shell that joined the sandbox's pid namespace without
# a fork, started a child there and became a sleep that never reaps it.
rm -f "$TEST_DIR/ready" "$TEST_DIR/go"
mkfifo "$TEST_DIR/go"
sandbox_bg --info-fd 3 --bind "$TEST_DIR" /sync sh -c 'touch /sync/ready; read x < /sync/go' \
    3> "$TEST_DIR/info3"
wait_for test -e "$TEST_DIR/ready"
pid1=$(sed 's/.*"child-pid": \([0-9]*\).*/\1/' "$TEST_DIR/info3")
command=$(pgrep -P "$pid1")
nsenter -t "$command" -U -p -F --preserve-credentials sh -c 'sleep 60 & exec sleep 60' &
outside=$!
track_pid $outside
wait_for pgrep -P $outside > /dev/null
echo > "$TEST_DIR/go"
wait_exit $bg_pid
check "hutch-launch exits with the command, not when pid 1 can" test $? = 0
kill -KILL $outside

done_testing
