#!/bin/sh
# Sockets, devices and ipc: each host service is faked by a listening Unix
# socket where the app would look for it; with the permission the app
# reaches it at the sandbox's own path, without it the path is not there.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''
R=$XDG_RUNTIME_DIR
mkdir -p "$R/pulse" "$R/gnupg" "$TEST_DIR/sockets"
chmod 700 "$R/gnupg"
serve () { "$PROBE" unix-listen "$1" & track_pid $!; wait_for test -S "$1"; }
serve "$R/wayland-7"
serve "$R/pulse/native"
serve "$R/pipewire-0"
serve "$R/bus"
serve "$R/gnupg/S.gpg-agent"
serve "$TEST_DIR/sockets/ssh"
serve "$TEST_DIR/sockets/system-bus"
serve "$TEST_DIR/sockets/pcscd.comm"
serve "$TEST_DIR/sockets/cups.sock"
export WAYLAND_DISPLAY=wayland-7 DBUS_SESSION_BUS_ADDRESS="unix:path=$R/bus,guid=0123"
export SSH_AUTH_SOCK="$TEST_DIR/sockets/ssh" DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TEST_DIR/sockets/system-bus"
export PCSCLITE_CSOCK_NAME="$TEST_DIR/sockets/pcscd.comm" CUPS_SERVER="$TEST_DIR/sockets/cups.sock"

# Inside the sandbox, where a client finds each socket: a variable the
# integration sets (a path, or a D-Bus or PulseAudio address), or a name
# under XDG_RUNTIME_DIR that clients use by default.
connect_inside='case "$1" in
    unix:path=*) p=${1#unix:path=}; p=${p%%,*} ;;
    unix:*) p=${1#unix:} ;;
    /*) p=$1 ;;
    *) p=$XDG_RUNTIME_DIR/$1 ;;
esac
/app/bin/probe unix-connect "$p"'
for spec in "wayland var:WAYLAND_DISPLAY" "pulseaudio var:PULSE_SERVER" "pipewire name:pipewire-0" \
            "session-bus var:DBUS_SESSION_BUS_ADDRESS" "system-bus var:DBUS_SYSTEM_BUS_ADDRESS" \
            "ssh-auth var:SSH_AUTH_SOCK" "gpg-agent name:gnupg/S.gpg-agent" \
            "pcsc var:PCSCLITE_CSOCK_NAME" "cups var:CUPS_SERVER"; do
    name=${spec%% *} where=${spec#* }
    case $where in
        var:*) inside=$(app_run "--socket=$name" --command=printenv org.test.App "${where#var:}") ;;
        name:*) inside=${where#name:} ;;
    esac
    check "--socket=$name: the app reaches the host's socket at ${inside:-?}" \
        test "$(app_run "--socket=$name" --command=sh org.test.App -c "$connect_inside" sh "$inside")" = "OK hello"
    check "without --socket=$name nothing answers there" \
        test "$(app_run --command=sh org.test.App -c "$connect_inside" sh "$inside")" != "OK hello"
done

# A socket under a writable grant (here the directory of $SSH_AUTH_SOCK):
# on one run the app swaps it for a symlink to the session bus, to be given
# the bus at the agent's place on the next.
S=$TEST_DIR/sockets
mv "$S/ssh" "$S/ssh.real"
ln -s "$R/bus" "$S/ssh"
swapped_run () {
    app_run --socket=ssh-auth "--filesystem=$S" --command=sh org.test.App \
        -c '/app/bin/probe unix-connect "$SSH_AUTH_SOCK"' 2>&1
}
swapped_not_followed () { ! swapped_run | grep -q "OK hello"; }
app_protected beneath "a socket swapped for a symlink under a writable grant does not lead out of it" \
    swapped_not_followed
check_match "  and app run says the socket was not bound" "sockets/ssh.* leads out of .*symbolic link" \
    swapped_run
rm "$S/ssh"
mv "$S/ssh.real" "$S/ssh"
check "  with the socket itself there, it is bound as usual" \
    test "$(swapped_run)" = "OK hello"

# Devices.
check "--device=all shows the host's /dev" \
    app_run --device=all --command=sh org.test.App -c "test -e /dev/$(ls /sys/block | head -1)"
check "without it the host's disks are not in /dev" \
    app_run --command=sh org.test.App -c "test ! -e /dev/$(ls /sys/block | head -1)"
echo shm-marker > /dev/shm/hutch-test-$$
check "--device=shm shares the host's /dev/shm" \
    app_run --device=shm --command=sh org.test.App -c "test -e /dev/shm/hutch-test-$$"
check "without it /dev/shm is the sandbox's own" \
    app_run --command=sh org.test.App -c "test ! -e /dev/shm/hutch-test-$$"
rm -f /dev/shm/hutch-test-$$

# IPC namespace.
host_ipc=$(readlink /proc/self/ns/ipc)
check "--share=ipc keeps the host's IPC namespace" \
    test "$(app_run --share=ipc --command=readlink org.test.App /proc/self/ns/ipc)" = "$host_ipc"
check "without it the sandbox has its own" \
    test "$(app_run --command=readlink org.test.App /proc/self/ns/ipc)" != "$host_ipc"

done_testing
