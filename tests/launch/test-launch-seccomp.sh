#!/bin/sh
# hutch-launch: the default seccomp filter denies every syscall on its list
# through every ABI the kernel accepts on x86-64 (native, x32, i386).  The
# probe tells a seccomp denial from the kernel's own answer (see probe.c);
# each ABI's list is also run with --no-seccomp, where every entry must come
# out differently.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

if [ "$(uname -m)" != x86_64 ]; then
    echo "1..0 # SKIP the ABI lists are written for x86-64"
    exit 0
fi

# SPEC EXPECTED: SPEC is NAME[:ARG,…] as the probe takes it.
DENIED="
unshare:0x10000000 EPERM
unshare:0x20000 EPERM
unshare:0x40000000 EPERM
unshare:0x20000000 EPERM
unshare:0x8000000 EPERM
unshare:0x4000000 EPERM
unshare:0x2000000 EPERM
unshare:0x80 EPERM
setns:0,0 EPERM
clone:0x10000000 EPERM
clone:0x20000 EPERM
clone:0x40000000 EPERM
raw:clone3:0,0 ENOSYS
mount EPERM
umount EPERM
umount2 EPERM
pivot_root EPERM
chroot EPERM
open_tree EPERM
move_mount EPERM
fsopen EPERM
fsconfig EPERM
fsmount EPERM
fspick EPERM
mount_setattr EPERM
keyctl EPERM
add_key EPERM
request_key EPERM
perf_event_open EPERM
bpf EPERM
userfaultfd EPERM
ptrace EPERM
personality:0x0040000 EPERM
personality:0x0400000 EPERM
kexec_load EPERM
kexec_file_load EPERM
init_module EPERM
finit_module EPERM
delete_module EPERM
syslog EPERM
acct EPERM
quotactl EPERM
modify_ldt EPERM
uselib EPERM
ioctl:0,0x5412 EPERM
ioctl:0,0x100005412 EPERM
ioctl:0,0x541c EPERM
ioctl:0,0xffffffff0000541c EPERM
quotactl_fd EPERM
swapon EPERM
swapoff EPERM
reboot EPERM
vm86 EPERM
vm86old EPERM
iopl EPERM
ioperm EPERM
open_by_handle_at EPERM
lookup_dcookie EPERM
nfsservctl EPERM
move_pages EPERM
mbind EPERM
get_mempolicy EPERM
set_mempolicy EPERM
migrate_pages EPERM
socket:17,3 EAFNOSUPPORT
socket:38,5 EAFNOSUPPORT
raw:socketcall:99,0 ENOSYS
"
# i386 has socket() both through socketcall and, since Linux 4.3, as
# syscall 359, which libseccomp does not name on that ABI.
DENIED_I386="
#359:17,3 EAFNOSUPPORT
#359:38,5 EAFNOSUPPORT
"
ALLOWED_I386="
#359:1,1 ENOSYS
#359:2,1 ENOSYS
"

# Allowed: must reach the kernel (the probe's filter makes that ENOSYS).
ALLOWED="
unshare:0x400 ENOSYS
clone:0x11 ENOSYS
personality:0 ENOSYS
personality:8 ENOSYS
ioctl:0,0x5413 ENOSYS
socket:1,1 ENOSYS
socket:2,1 ENOSYS
socket:10,2 ENOSYS
socket:16,3 ENOSYS
getpid ENOSYS
"

# run_list ABI EXPECTED-LIST [hutch-launch options]: compare each line.
run_list () {
    abi=$1 list=$2; shift 2
    specs=$(echo "$list" | awk 'NF { print $1 }')
    # shellcheck disable=SC2086
    sandbox "$@" /probe syscalls "$abi" $specs > "$TEST_DIR/out" 2>&1
    echo "$list" | awk 'NF' | while read -r spec expected; do
        got=$(awk -v s="$spec" '$1 == s { print $2 }' "$TEST_DIR/out")
        echo "$spec $expected ${got:-missing}"
    done
}

# Does the kernel run x32 system calls at all? (CONFIG_X86_X32_ABI)
x32_kernel=yes
[ "$(sandbox --no-seccomp /probe syscall --raw x32 getpid)" != ENOSYS ] || x32_kernel=no
diag "x32 system calls on this kernel: $x32_kernel (seccomp sees them either way)"

for abi in native x32 i386; do
    denied=$DENIED allowed=$ALLOWED
    if [ $abi = i386 ]; then
        denied="$DENIED$DENIED_I386" allowed="$ALLOWED$ALLOWED_I386"
    fi
    run_list "$abi" "$denied" > "$TEST_DIR/on"
    run_list "$abi" "$denied" --no-seccomp > "$TEST_DIR/off"
    while read -r spec expected got; do
        if [ "$got" = NOSUCHCALL ]; then
            skip "$abi: $spec does not exist on this ABI"
            continue
        fi
        check "$abi: $spec is denied with $expected" test "$got" = "$expected"
        off=$(awk -v s="$spec" '$1 == s { print $3 }' "$TEST_DIR/off")
        if [ "$abi" = x32 ] && [ "$expected" = ENOSYS ] && [ "$x32_kernel" = no ]; then
            skip "$abi: $spec without the filter: this kernel has no x32 ABI, every x32 call is ENOSYS"
            continue
        fi
        check "$abi: $spec is not $expected without the filter (got $off)" test "$off" != "$expected"
    done < "$TEST_DIR/on"
    run_list "$abi" "$allowed" > "$TEST_DIR/allowed"
    while read -r spec expected got; do
        [ "$got" = NOSUCHCALL ] && continue
        check "$abi: $spec is allowed" test "$got" = "$expected"
    done < "$TEST_DIR/allowed"
done

# A syscall newer than the libseccomp the filter was built with
# (statmount, #457, Linux 6.8): refused with ENOSYS, as on an older kernel.
# Called for real (raw): a kernel that has it answers EFAULT here.
for abi in native i386; do
    if [ "$("$PROBE" syscalls "$abi" statmount | awk '{ print $2 }')" != NOSUCHCALL ]; then
        skip "$abi: this libseccomp knows statmount: the check needs a syscall it does not know"
        continue
    fi
    kernel=$(sandbox --no-seccomp /probe syscalls "$abi" raw:#457:0,0,0,0 | awk '{ print $2 }')
    if [ "$kernel" = ENOSYS ]; then
        skip "$abi: #457 (statmount): this kernel does not have it"
        continue
    fi
    check "$abi: #457 (statmount, newer than the filter) is ENOSYS (the kernel says $kernel)" \
        test "$(sandbox /probe syscalls "$abi" raw:#457:0,0,0,0 | awk '{ print $2 }')" = ENOSYS
done

# Other architectures than these three are killed: x86-64 offers no way to
# make such a call, so tests/profiles checks the filter's verdict for them.

done_testing
