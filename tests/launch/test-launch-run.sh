#!/bin/sh
# hutch-launch: running a command, its exit status, environment, arguments
# and the status reports.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

status_of () { "$@" > /dev/null 2>&1; echo $?; }

check "a command runs and its output comes back" \
    test "$(sandbox echo hello)" = hello
check "exit status 0 passes through" test "$(status_of sandbox true)" = 0
check "exit status 42 passes through" test "$(status_of sandbox sh -c 'exit 42')" = 42
check "killed by SIGTERM gives 143" test "$(status_of sandbox sh -c 'kill -TERM $$')" = 143
check "killed by SIGKILL gives 137" test "$(status_of sandbox sh -c 'kill -KILL $$')" = 137
check "a missing command gives 127" test "$(status_of sandbox /no/such/command)" = 127
check "a command not in PATH gives 127" test "$(status_of sandbox no-such-command-anywhere)" = 127
printf 'not a program\n' > "$TEST_DIR/notexec"
chmod 644 "$TEST_DIR/notexec"
check "a file that is not executable gives 126" \
    test "$(status_of sandbox --ro-bind "$TEST_DIR/notexec" /notexec /notexec)" = 126
check "a set-up failure gives 125" \
    test "$(status_of sandbox --bind /no/such/source /x true)" = 125

msg=$(sandbox --bind /no/such/source /x true 2>&1)
check "a set-up failure is one line naming what failed and why" \
    test "$msg" = "hutch-launch: cannot bind “/no/such/source” on “/x”: No such file or directory"
msg=$("$HL" --frobnicate true 2>&1); rc=$?
check "an unknown option is an error naming it, status 125" \
    test "$rc" = 125 -a "$msg" = "hutch-launch: unknown option “--frobnicate” (see --help)"
msg=$(sandbox /no/such/command 2>&1)
check "a missing command is reported" \
    test "$msg" = "hutch-launch: cannot run “/no/such/command”: No such file or directory"

check "--help prints usage" sh -c '"$1" --help | grep -q "^Usage: hutch-launch"' sh "$HL"
check "--help lists --ro-bind" sh -c '"$1" --help | grep -q -- "--ro-bind SRC DEST"' sh "$HL"
check "--version prints the version" sh -c '"$1" --version | grep -q "^hutch-launch [0-9]"' sh "$HL"

check "a command that starts with '-' is a command after --" \
    test "$(sandbox --ro-bind /usr/bin/echo /-e -- /-e -x 2>&1)" = "-x"
check "--argv0 sets argv[0]" \
    test "$(sandbox --argv0 renamed sh -c 'echo $0')" = renamed

out=$(env FROM_CALLER=1 TO_UNSET=2 "$HL" $SANDBOX_BASE --unsetenv TO_UNSET --setenv NEW 'a b' \
      sh -c 'echo "${FROM_CALLER-}:${TO_UNSET-unset}:$NEW"')
check "the environment is the caller's with --setenv/--unsetenv applied" test "$out" = "1:unset:a b"
out=$(env FROM_CALLER=1 "$HL" $SANDBOX_BASE --clearenv --setenv PATH /usr/bin /usr/bin/env)
check "--clearenv empties the environment" test "$out" = "PATH=/usr/bin"
# shellcheck disable=SC2086
"$HL" $SANDBOX_BASE --clearenv --setenv A 1 --setenv B "two words" --env-fd 3 true 3> "$TEST_DIR/env"
check "--env-fd writes the command's environment, each entry ended by a NUL" \
    test "$(tr '\0' '|' < "$TEST_DIR/env")" = "A=1|B=two words|"

check "--chdir sets the directory" test "$(sandbox --chdir /usr/bin pwd)" = /usr/bin
check "without --chdir the sandbox starts in / when the caller's directory is absent" \
    test "$(cd "$TEST_DIR" && sandbox pwd)" = /
check "--hostname sets the host name" test "$(sandbox --hostname boxy cat /proc/sys/kernel/hostname)" = boxy
check "the user and group are the caller's by default" \
    test "$(sandbox sh -c 'echo $(id -u):$(id -g)')" = "$(id -u):$(id -g)"
check "--uid and --gid map the caller to other ids inside" \
    test "$(sandbox --uid 1234 --gid 5678 sh -c 'echo $(id -u):$(id -g)')" = "1234:5678"

printf -- '--setenv\0FROM_ARGS\0yes\0--dir\0/made-by-args\0' > "$TEST_DIR/args"
out=$(sandbox --args 3 sh -c 'echo $FROM_ARGS; test -d /made-by-args && echo dir' 3< "$TEST_DIR/args")
check "--args reads NUL-separated options from an fd" test "$out" = "yes
dir"

sandbox --info-fd 3 --json-status-fd 4 sh -c 'exit 3' 3> "$TEST_DIR/info" 4> "$TEST_DIR/status"
check "--info-fd gets the child pid and namespaces" \
    grep -Eq '^\{ "child-pid": [0-9]+, .*"net-namespace": [0-9]+.*"user-namespace": [0-9]+ \}$' "$TEST_DIR/info"
check "--json-status-fd gets the start and the exit code" \
    sh -c 'head -1 "$1" | grep -q "child-pid" && tail -1 "$1" | grep -qx "{ \"exit-code\": 3 }"' sh "$TEST_DIR/status"

exec 9> "$TEST_DIR/keep"
check "--keep-fd passes an fd to the command" \
    test "$(sandbox --keep-fd 9 /probe fds)" = 9
exec 9>&-

# --hold-fd: the monitor keeps a lock for as long as the sandbox lives; the
# sandbox itself never gets the fd.
: > "$TEST_DIR/lock"
(
    exec 8< "$TEST_DIR/lock"
    flock -s 8
    exec "$HL" $SANDBOX_BASE --ro-bind "$PROBE" /probe --hold-fd 8 sh -c '/probe fds > "$1"; sleep 1' sh /dev/stdout
) > "$TEST_DIR/hold-fds" &
holder=$!
track_pid $holder
wait_for sh -c '! flock -n -x "$1" true' sh "$TEST_DIR/lock"
check "--hold-fd keeps the caller's lock while the sandbox runs" sh -c '! flock -n -x "$1" true' sh "$TEST_DIR/lock"
wait_exit $holder
check "--hold-fd lets the lock go when the sandbox ends" flock -n -x "$TEST_DIR/lock" true
check "--hold-fd does not pass the fd into the sandbox" test ! -s "$TEST_DIR/hold-fds"

check "refuses to run setgid" sh -c '
    cp "$1" "$2/hl-setgid" && chmod g+s "$2/hl-setgid" || exit 1
    # A setgid bit only takes effect for another group: try every group we are in.
    for g in $(id -G); do
        chgrp "$g" "$2/hl-setgid" 2> /dev/null && chmod g+s "$2/hl-setgid"
        if [ "$(stat -c %g "$2/hl-setgid")" != "$(id -g)" ]; then
            msg=$("$2/hl-setgid" true 2>&1); rc=$?
            [ $rc = 125 ] && echo "$msg" | grep -q "refusing to run setuid"; exit
        fi
    done
    exit 0 # only one group: nothing to gain, nothing to test
' sh "$HL" "$TEST_DIR"

done_testing
