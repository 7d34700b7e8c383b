#!/bin/sh
# data/hutch.sh (profile.d) and data/60-hutch.conf (environment.d): the
# exports of the user's and the system's installations come first in
# $XDG_DATA_DIRS, once, and nothing that was there is lost.
. "$HUTCH_SRCDIR/tests/libtest.sh"

SNIPPET=$HUTCH_SRCDIR/data/hutch.sh
SYS=/var/lib/hutch/exports/share

# dirs_after SHELL [VAR=VALUE...]: $XDG_DATA_DIRS once SHELL sourced the
# snippet in that environment (and nothing else).
dirs_after () {
    local shell=$1; shift
    env -i "$@" "$shell" -c '. "$1"; printf "%s\n" "$XDG_DATA_DIRS"' sh "$SNIPPET"
}

# expect DESC EXPECTED [VAR=VALUE...]: with sh and with bash
expect () {
    local desc=$1 expected=$2 got shell; shift 2
    for shell in sh bash; do
        command -v "$shell" > /dev/null || continue
        got=$(dirs_after "$shell" "$@")
        if [ "$got" = "$expected" ]; then
            ok "$shell: $desc"
        else
            not_ok "$shell: $desc"
            diag "expected: $expected" "got:      $got"
        fi
    done
}

expect "unset XDG_DATA_DIRS: the defaults, after the exports" \
    "/home/u/.local/share/hutch/exports/share:$SYS:/usr/local/share:/usr/share" HOME=/home/u
expect "empty XDG_DATA_DIRS: the same" \
    "/home/u/.local/share/hutch/exports/share:$SYS:/usr/local/share:/usr/share" \
    HOME=/home/u XDG_DATA_DIRS=
expect "existing entries are kept, in order" \
    "/home/u/.local/share/hutch/exports/share:$SYS:/opt/share:/usr/share" \
    HOME=/home/u XDG_DATA_DIRS=/opt/share:/usr/share
expect "XDG_DATA_HOME is honoured" \
    "/data/hutch/exports/share:$SYS:/usr/share" HOME=/home/u XDG_DATA_HOME=/data XDG_DATA_DIRS=/usr/share
expect "a relative XDG_DATA_HOME is ignored" \
    "/home/u/.local/share/hutch/exports/share:$SYS:/usr/share" \
    HOME=/home/u XDG_DATA_HOME=rel XDG_DATA_DIRS=/usr/share
expect "spaces in HOME" \
    "/home/a b/.local/share/hutch/exports/share:$SYS:/usr/share" "HOME=/home/a b" XDG_DATA_DIRS=/usr/share
expect "entries already there are not added twice" \
    "/usr/share:$SYS:/home/u/.local/share/hutch/exports/share/" \
    HOME=/home/u "XDG_DATA_DIRS=/usr/share:$SYS:/home/u/.local/share/hutch/exports/share/"
expect "no HOME: only the system's exports" "$SYS:/usr/share" XDG_DATA_DIRS=/usr/share

twice=$(env -i HOME=/home/u XDG_DATA_DIRS=/usr/share sh -c '. "$1"; . "$1"; echo "$XDG_DATA_DIRS"' sh "$SNIPPET")
check "sourcing it twice changes nothing more" \
    test "$twice" = "/home/u/.local/share/hutch/exports/share:$SYS:/usr/share"
leaked=$(env -i HOME=/home/u sh -c '. "$1"; set | grep -c "^hutch_"' sh "$SNIPPET")
check "it leaves no variables of its own behind" test "$leaked" = 0

# environment.d: systemd's own generator expands it.
GEN=/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator
if [ -x "$GEN" ]; then
    cfg=$(mktemp -d)
    mkdir "$cfg/environment.d"
    cp "$HUTCH_SRCDIR/data/60-hutch.conf" "$cfg/environment.d/"
    got=$(env -i HOME=/home/u XDG_CONFIG_HOME="$cfg" XDG_DATA_DIRS=/opt/share "$GEN" | grep '^XDG_DATA_DIRS=')
    check_match "environment.d: the exports come first, existing entries stay" \
        "^XDG_DATA_DIRS=/home/u/.local/share/hutch/exports/share:$SYS:(.*:)?/opt/share" echo "$got"
    got=$(env -i HOME=/home/u XDG_CONFIG_HOME="$cfg" "$GEN" | grep '^XDG_DATA_DIRS=')
    check_match "environment.d: unset XDG_DATA_DIRS gets the defaults" \
        "^XDG_DATA_DIRS=/home/u/.local/share/hutch/exports/share:$SYS:.*/usr/local/share:/usr/share" echo "$got"
    rm -rf "$cfg"
else
    skip "environment.d: systemd's environment generator is not installed"
fi

done_testing
