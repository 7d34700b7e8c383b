#!/bin/sh
# hutch-launch: each protection, checked from inside the sandbox.  Every
# check runs twice (see `protected` in libtest.sh): as is, where it must
# pass, and with that protection switched off, where it must fail.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

caps_are_zero () {
    out=$(sandbox sh -c 'grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb):" /proc/self/status') || return 1
    [ "$(echo "$out" | grep -c ':[[:space:]]*0000000000000000$')" = 5 ]
}
protected caps "CapInh, CapPrm, CapEff, CapBnd and CapAmb are all zero" caps_are_zero

uid0_gains_nothing () {
    out=$(sandbox --uid 0 --gid 0 sh -c 'id -u; grep -E "^Cap(Prm|Eff):" /proc/self/status') || return 1
    [ "$(echo "$out" | head -1)" = 0 ] && [ "$(echo "$out" | grep -c ':[[:space:]]*0000000000000000$')" = 2 ]
}
protected caps "uid 0 inside gains no capability by executing a program" uid0_gains_nothing

nnp_is_set () { [ "$(sandbox sh -c 'grep "^NoNewPrivs:" /proc/self/status')" = "NoNewPrivs:	1" ]; }
if grep -q "^NoNewPrivs:[[:space:]]*1" /proc/self/status; then
    # Inherited from whatever runs the tests (bubblewrap sets it): cannot be
    # switched off from here.
    check "NoNewPrivs is 1" nnp_is_set
    skip "the tests themselves run with no_new_privs set: the nnp check cannot fail here"
else
    protected nnp "NoNewPrivs is 1" nnp_is_set
fi

seccomp_is_on () { [ "$(sandbox sh -c 'grep "^Seccomp:" /proc/self/status')" = "Seccomp:	2" ]; }
protected seccomp "Seccomp is 2 (filter mode)" seccomp_is_on

# Read-only binds: a directory the user owns, so that only the mount's
# read-only flag can stop the write.
mkdir -p "$TEST_DIR/owned"
ro_bind_is_read_only () {
    [ "$(sandbox --ro-bind "$TEST_DIR/owned" /app /probe write /app/x)" = EROFS ] && [ ! -e "$TEST_DIR/owned/x" ]
}
protected readonly "a read-only bind of the user's own directory cannot be written" ro_bind_is_read_only
usr_not_writable () { r=$(sandbox /probe write /usr/hutch-test-file); [ "$r" = EROFS ] || [ "$r" = EACCES ]; }
check "/usr cannot be written" usr_not_writable

touch "$HOME/host-marker"
marker_invisible () { sandbox sh -c 'test ! -e "$1" && test ! -e "$2"' sh "$HOME/host-marker" "$TEST_DIR"; }
protected rootfs "a marker file in the host's home is invisible" marker_invisible

sleep 300 &
host_pid=$!
track_pid $host_pid
host_pid_invisible () { sandbox sh -c '! kill -0 "$1" 2>/dev/null && test ! -e "/proc/$1"' sh "$host_pid"; }
protected pidns "host processes are invisible" host_pid_invisible
check "the command is pid 2, under a pid 1 of hutch-launch's" test "$(sandbox sh -c 'echo $$')" = 2

# pid 1 is a copy of the caller (with its whole environment): closed to the
# command from the command's first instruction on, with and without a
# network namespace of its own (the monitor reads pid 1's /proc entries
# before; pid 1 waits for it either way).
pid1_closed () { [ "$(sandbox "$@" /probe pid1 3> "$TEST_DIR/info")" = "mem=EACCES environ=EACCES" ]; }
protected dumpable "pid 1's memory and environment cannot be opened by the command" pid1_closed
protected dumpable "... nor with --share-net and --info-fd" pid1_closed --share-net --info-fd 3
info_share_net () { sandbox --share-net --info-fd 3 true 3> "$TEST_DIR/info" && cat "$TEST_DIR/info"; }
check_match "... and --info-fd still reports pid 1's namespaces" '"user-namespace": [0-9]' info_share_net

only_lo () { [ "$(sandbox sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "')" = lo ]; }
if [ "$(tail -n +3 /proc/net/dev | wc -l)" -gt 1 ]; then
    protected netns "only the lo interface exists" only_lo
else
    check "only the lo interface exists" only_lo
    skip "the host has no interface but lo: the netns check cannot fail here"
fi
check "lo is up: a TCP connection to 127.0.0.1 inside works" test "$(sandbox /probe loopback)" = OK

exec 7> "$TEST_DIR/leak"
no_fd_leak () { [ -z "$(sandbox /probe fds)" ]; }
protected close-fds "no file descriptor of the caller leaks into the sandbox" no_fd_leak
exec 7>&-

# Setuid programs.  A setuid-root copy of the probe can only be made as
# root: the harness does it through the stage hook.
if [ -n "${HUTCH_TEST_SETUID_PROBE:-}" ] && [ -u "$HUTCH_TEST_SETUID_PROBE" ] \
   && [ "$("$HUTCH_TEST_SETUID_PROBE" euid)" != 0 ]; then
    skip "the setuid-root probe does not work on the host either (nosuid /tmp?)"
elif [ -n "${HUTCH_TEST_SETUID_PROBE:-}" ] && [ -u "$HUTCH_TEST_SETUID_PROBE" ]; then
    ok "control: the setuid-root probe gives euid 0 on the host"
    suid_gains_nothing () {
        [ "$(sandbox --ro-bind "$HUTCH_TEST_SETUID_PROBE" /suid-probe /suid-probe euid)" = "$(id -u)" ]
    }
    check "a setuid-root program gains nothing in the sandbox" suid_gains_nothing
    diag "(no switch can make the setuid check fail: the kernel also ignores setuid to a" \
         " user the sandbox's namespace does not map; nosuid and no_new_privs are more layers)"
else
    skip "a setuid-root probe needs the suite to start as root"
fi

# Mounts made for the sandbox never show on the host.
mkfifo "$TEST_DIR/ready" "$TEST_DIR/go"
sandbox_bg --size 7340032 --tmpfs /marker-tmpfs --bind "$TEST_DIR" /sync \
    sh -c 'echo ready > /sync/ready; read x < /sync/go'
sandbox_pid=$bg_pid
read -r _ < "$TEST_DIR/ready"
check "the sandbox's mounts are not in the host's mount table" \
    sh -c '! grep -q -e "size=7168k" -e marker-tmpfs /proc/self/mountinfo'
echo go > "$TEST_DIR/go"
wait $sandbox_pid
diag "(mount propagation out of a user namespace's mount namespace is refused by the" \
     " kernel itself, so no switch of hutch-launch can make the mount check fail)"

done_testing
