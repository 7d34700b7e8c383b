#!/bin/sh
# Seccomp profiles chosen per app: default, strict, devel, extra rules; and
# the base filter that no profile can lift.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''
s () { app_run "$@" org.test.App syscalls native "$SPEC" | cut -d' ' -f2; }

SPEC=ptrace
check "default: ptrace is denied" test "$(s)" = EPERM
check "devel feature: ptrace is allowed" test "$(s --allow=devel)" = ENOSYS
check "devel profile: ptrace is allowed" test "$(s --seccomp-profile=devel)" = ENOSYS
SPEC=io_uring_setup
check "default: io_uring_setup is denied (its operations pass no filter)" test "$(s)" = EPERM
check "strict: io_uring_setup is denied" test "$(s --seccomp-profile=strict)" = EPERM
check "an app's rule may allow it again" test "$(s '--seccomp-rule=allow io_uring_setup')" = ENOSYS
SPEC=getcwd
check "an app rule denies getcwd with EACCES" test "$(s '--seccomp-rule=deny getcwd errno=EACCES')" = EACCES
check "without the rule getcwd is allowed" test "$(s)" = ENOSYS
SPEC=mount
check "a rule cannot lift the base filter: mount stays denied" test "$(s '--seccomp-rule=allow mount')" = EPERM
SPEC=socket:31,5
check "default: Bluetooth sockets are refused" test "$(s)" = EAFNOSUPPORT
check "bluetooth feature: Bluetooth sockets reach the kernel" test "$(s --allow=bluetooth)" = ENOSYS
msg=$(app_run '--seccomp-rule=deny frobnicate' org.test.App euid 2>&1); rc=$?
check "a rule naming an unknown syscall is a clear error" \
    sh -c 'test "$1" != 0 && echo "$2" | grep -q frobnicate' sh $rc "$msg"
ls "$XDG_DATA_HOME/hutch/seccomp-cache/"*.bpf > "$TEST_DIR/cache1"
SPEC=ptrace
s --allow=devel > /dev/null
ls "$XDG_DATA_HOME/hutch/seccomp-cache/"*.bpf > "$TEST_DIR/cache2"
check "compiled filters are cached: a second launch adds no file" cmp -s "$TEST_DIR/cache1" "$TEST_DIR/cache2"

done_testing
