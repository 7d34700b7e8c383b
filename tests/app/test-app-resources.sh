#!/bin/sh
# [Resources]: rlimits always apply; cgroup limits apply where the machine
# allows, and say clearly when they cannot.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''
check "--nofile sets the sandbox's open-files limit" \
    test "$(app_run --nofile=64 --command=sh org.test.App -c 'ulimit -n')" = 64
out=$(env -u XDG_RUNTIME_DIR HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" "$APP" run --memory-max=256M --command=true org.test.App 2>&1); rc=$?
if [ -w "$(sed -n 's|^0::|/sys/fs/cgroup|p' /proc/self/cgroup)" ]; then
    skip "this process's cgroup is delegated: see the limit itself (not on this machine)"
else
    check "memory-max without systemd or a delegated cgroup: a warning naming it, and the app runs" \
        sh -c 'test "$1" = 0 && echo "$2" | grep -q "warning: memory-max was not applied"' sh $rc "$out"
fi

done_testing
