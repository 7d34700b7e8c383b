#!/bin/sh
# app list, ps, kill and enter.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''
export HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles"

list=$("$APP" list)
check "app list shows the app and the runtime" \
    sh -c 'echo "$1" | grep -q "^org.test.App  *stable  *x86_64  *111111111111 *user" && echo "$1" | grep -q "^org.test.Platform "' sh "$list"
check "app list --runtime shows only runtimes" sh -c '! "$1" list --runtime | grep -q org.test.App' sh "$APP"
check "app ps shows nothing while nothing runs" test -z "$("$APP" ps)"

"$APP" run --command=sleep org.test.App 60 &
monitor=$!
track_pid $monitor
wait_for sh -c '"$1" ps | grep -q org.test.App' sh "$APP"
ps_line=$("$APP" ps | grep org.test.App)
check "app ps shows the running app with its instance and commit" \
    sh -c 'm=$2; set -- $1; test "$1" = "$m" && test "$3" = org.test.App && test "$4" = 111111111111' sh "$ps_line" "$monitor"
inside=$("$APP" enter org.test.App sh -c 'echo $HUTCH_ID; grep -c "^name=org.test.App" /.hutch-info; grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\t" " "')
check "app enter runs a command in the app's sandbox, as restricted as the app" test "$inside" = "org.test.App
1
CapEff: 0000000000000000
NoNewPrivs: 1
Seccomp: 2"
check "app enter sees the sandbox's processes, not the host's" \
    test "$("$APP" enter "$monitor" sh -c 'ls /proc | grep -c "^[0-9]"')" -le 5
check "app enter of an app that does not run is an error" sh -c '! "$1" enter org.test.None true 2>/dev/null' sh "$APP"

# The process app enter forks into the sandbox is the app's to see there
# before it has its filter: stopped right then (a test-only stop point),
# the app must not get at its memory (it holds the caller's terminal and a
# copy of the caller's memory; written, it would run unfiltered).
stopped_mem_denied () {
    local entering out
    HUTCH_TEST_ENTER_STOP=1 "$APP" enter "$monitor" true > /dev/null 2>&1 &
    entering=$!
    out=$("$APP" enter "$monitor" sh -c '
        for _ in $(seq 100); do
            for s in /proc/[0-9]*/status; do
                if grep -q "^State:.*stopped" "$s" 2> /dev/null; then
                    p=${s%/status}
                    if (: 3< "$p/mem") 2> /dev/null; then echo OPENED; else echo DENIED; fi
                    kill -KILL "${p#/proc/}"
                    exit
                fi
            done
            sleep 0.05
        done
        echo NONE' 2> /dev/null)
    kill "$entering" 2> /dev/null
    wait "$entering" 2> /dev/null
    test "$out" = DENIED
}
app_protected dumpable "the process app enter starts cannot be taken over before its filter" \
    stopped_mem_denied
check "the monitor (outside the sandbox, unfiltered) is not dumpable either: its memory is closed" \
    sh -c '! cat "/proc/$1/environ" > /dev/null 2>&1' sh "$monitor"
"$APP" kill org.test.App
check "app kill stops it" wait_for sh -c '! kill -0 "$1" 2>/dev/null' sh "$monitor"
check "and app ps no longer shows it" test -z "$("$APP" ps)"
check "app kill of an app that does not run is an error" sh -c '! "$1" kill org.test.App 2>/dev/null' sh "$APP"

# app enter gets the sandbox's own seccomp program (here with a rule that
# denies getcwd), and the environment the app started with, not the one its
# command has now (an app can exec itself with LD_PRELOAD=its-own.so).
HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" "$APP" run '--seccomp-rule=deny getcwd errno=EACCES' \
    --env=MARK=launch --command=sh org.test.App -c 'exec env MARK=changed sleep 60' &
monitor=$!
track_pid $monitor
wait_for sh -c '"$1" ps | grep -q "^$2 "' sh "$APP" "$monitor"
check "app enter loads the sandbox's seccomp program, not the default" \
    test "$("$APP" enter "$monitor" probe syscalls native getcwd | cut -d' ' -f2)" = EACCES
check "app enter uses the environment the sandbox started with" \
    test "$("$APP" enter "$monitor" sh -c 'echo $MARK')" = launch
kill $monitor
wait $monitor 2> /dev/null

# With the host's network (one namespace the sandbox shares with us).
"$APP" run --share=network --command=sleep org.test.App 60 &
monitor=$!
track_pid $monitor
wait_for sh -c '"$1" ps | grep -q "^$2 "' sh "$APP" "$monitor"
check "app enter works in a sandbox that has the host's network" \
    test "$("$APP" enter "$monitor" sh -c 'echo $HUTCH_ID')" = org.test.App
kill $monitor
wait $monitor 2> /dev/null

# A listing while an app starts must not take the half-registered instance
# for dead: it used to remove its directory, and the app failed to start
# ("Failed to create file …/instances/PID/app…").
(while :; do "$APP" ps > /dev/null 2>&1; done) &
lister=$!
track_pid $lister
failed=0
for _ in $(seq 300); do
    "$APP" run --command=true org.test.App > /dev/null 2>> "$TEST_DIR/starts.log" || failed=$((failed + 1))
done
kill $lister 2> /dev/null
check "300 apps start while app ps runs over and over ($failed failed)" test "$failed" = 0 \
    || diag "$(cat "$TEST_DIR/starts.log")"

done_testing
