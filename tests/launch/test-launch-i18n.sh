#!/bin/sh
# hutch-launch speaks the user's language: its messages come from the
# build's German catalogue (po/de.po) when the locale asks for German.
#
# hutch-launch reads its catalogue from LOCALEDIR, fixed at build time,
# where an uninstalled build has none.  So the test runs it in a sandbox
# whose LOCALEDIR holds the build's hutch.mo (the sandbox's root is an
# empty tmpfs: only the C libraries, hutch-launch and the catalogue are
# there).
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

localedir=$(sed -n 's/^#define LOCALEDIR "\(.*\)"$/\1/p' "$HUTCH_BUILDDIR/config.h")
mo=$HUTCH_BUILDDIR/po/de/LC_MESSAGES/hutch.mo
if [ -z "$localedir" ] || [ ! -f "$mo" ]; then
    echo "Bail out! no LOCALEDIR in config.h or no $mo"
    exit 1
fi

# german_of MSGID: its msgstr in po/de.po (msgcat puts each on one line).
german_of () {
    msgcat --no-wrap "$HUTCH_SRCDIR/po/de.po" \
        | awk -v id="msgid \"$1\"" '$0 == id { getline; sub(/^msgstr "/, ""); sub(/"$/, ""); print; exit }'
}

# in_locale LOCALE ARGS...: hutch-launch ARGS, run inside a sandbox that
# holds the catalogue, with LC_ALL=LOCALE.
in_locale () {
    local locale=$1; shift
    "$HL" --ro-bind /usr/lib /usr/lib --ro-bind-try /usr/lib64 /usr/lib64 \
        --symlink usr/lib /lib --symlink usr/lib64 /lib64 \
        --ro-bind "$HL" /hutch-launch --ro-bind "$mo" "$localedir/de/LC_MESSAGES/hutch.mo" \
        --clearenv --setenv LC_ALL "$locale" /hutch-launch "$@"
}

unknown=$(german_of 'unknown option “%s” (see --help)')
no_ns=$(german_of "cannot create the sandbox's namespaces (are unprivileged user namespaces disabled?)")
eperm=$(german_of "Operation not permitted")
if [ -z "$unknown" ] || [ -z "$no_ns" ] || [ -z "$eperm" ]; then
    echo "Bail out! po/de.po lacks the messages this test checks"
    exit 1
fi
expected="hutch-launch: $(printf '%s' "$unknown" | sed 's/%s/--frobnicate/')"

msg=$(in_locale de_DE.UTF-8 --frobnicate true 2>&1)
check "an option error is in German with LC_ALL=de_DE.UTF-8" test "$msg" = "$expected" \
    || diag "expected: $expected" "got: $msg"

msg=$(in_locale C.UTF-8 --frobnicate true 2>&1)
check "and in English with LC_ALL=C.UTF-8" \
    test "$msg" = "hutch-launch: unknown option “--frobnicate” (see --help)"

# Inside the sandbox, the default seccomp filter denies a nested sandbox
# (EPERM): a failure reported with errno, after the arguments were parsed.
# What errno means is hutch's to translate: musl's strerror() is English.
msg=$(in_locale de_DE.UTF-8 --ro-bind /usr /usr true 2>&1)
check "a set-up failure with errno is in German, errno's meaning too" \
    test "$msg" = "hutch-launch: $no_ns: $eperm" || diag "expected: hutch-launch: $no_ns: $eperm" "got: $msg"
msg=$(in_locale C.UTF-8 --ro-bind /usr /usr true 2>&1)
check "the same failure is all English with LC_ALL=C.UTF-8" \
    test "$msg" = "hutch-launch: cannot create the sandbox's namespaces (are unprivileged user namespaces disabled?): Operation not permitted"

done_testing
