#!/bin/sh
# data/hutch.sh (profile.d) and data/60-hutch.conf (environment.d): the
# exports of the system's and the user's installations come after the
# host's directories in $XDG_DATA_DIRS (the first one with a name wins:
# no app may shadow the host's launchers and D-Bus services), once, and
# nothing that was there is lost.
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

expect "unset XDG_DATA_DIRS: the defaults, then the system's exports, then the user's" \
    "/usr/local/share:/usr/share:$SYS:/home/u/.local/share/hutch/exports/share" HOME=/home/u
expect "empty XDG_DATA_DIRS: the same" \
    "/usr/local/share:/usr/share:$SYS:/home/u/.local/share/hutch/exports/share" \
    HOME=/home/u XDG_DATA_DIRS=
expect "existing entries are kept, in order, first" \
    "/opt/share:/usr/share:$SYS:/home/u/.local/share/hutch/exports/share" \
    HOME=/home/u XDG_DATA_DIRS=/opt/share:/usr/share
expect "XDG_DATA_HOME is honoured" \
    "/usr/share:$SYS:/data/hutch/exports/share" HOME=/home/u XDG_DATA_HOME=/data XDG_DATA_DIRS=/usr/share
expect "a relative XDG_DATA_HOME is ignored" \
    "/usr/share:$SYS:/home/u/.local/share/hutch/exports/share" \
    HOME=/home/u XDG_DATA_HOME=rel XDG_DATA_DIRS=/usr/share
expect "spaces in HOME" \
    "/usr/share:$SYS:/home/a b/.local/share/hutch/exports/share" "HOME=/home/a b" XDG_DATA_DIRS=/usr/share
expect "entries already there are not added twice" \
    "/usr/share:$SYS:/home/u/.local/share/hutch/exports/share/" \
    HOME=/home/u "XDG_DATA_DIRS=/usr/share:$SYS:/home/u/.local/share/hutch/exports/share/"
expect "no HOME: only the system's exports" "/usr/share:$SYS" XDG_DATA_DIRS=/usr/share

twice=$(env -i HOME=/home/u XDG_DATA_DIRS=/usr/share sh -c '. "$1"; . "$1"; echo "$XDG_DATA_DIRS"' sh "$SNIPPET")
check "sourcing it twice changes nothing more" \
    test "$twice" = "/usr/share:$SYS:/home/u/.local/share/hutch/exports/share"
leaked=$(env -i HOME=/home/u sh -c '. "$1"; set | grep -c "^hutch_"' sh "$SNIPPET")
check "it leaves no variables of its own behind" test "$leaked" = 0

# What the order is for: a D-Bus service of the host's and one an app
# exported under the same name (an app may be called
# org.freedesktop.portal): the session bus, with the directories the
# snippet gives, starts the host's.  (The scripts do not take the name:
# the bus waits for them, so dbus-send gives up after 2 s.)
bus_dir=$(mktemp -d)
for who in host hutch; do
    case $who in
        host) d=$bus_dir/usr/share/dbus-1/services ;;
        hutch) d=$bus_dir/home/.local/share/hutch/exports/share/dbus-1/services ;;
    esac
    mkdir -p "$d"
    printf '#!/bin/sh\necho %s > "%s/started"\n' "$who" "$bus_dir" > "$bus_dir/$who.sh"
    chmod +x "$bus_dir/$who.sh"
    printf '[D-BUS Service]\nName=org.freedesktop.portal.Desktop\nExec=%s\n' "$bus_dir/$who.sh" \
        > "$d/org.freedesktop.portal.Desktop.service"
done
started_by () {
    env -i PATH="$PATH" HOME="$bus_dir/home" XDG_DATA_DIRS="$bus_dir/usr/share" sh -c '
        . "$1"
        dbus-run-session -- dbus-send --session --print-reply --reply-timeout=2000 \
            --dest=org.freedesktop.DBus \
            /org/freedesktop/DBus org.freedesktop.DBus.StartServiceByName \
            string:org.freedesktop.portal.Desktop uint32:0' sh "$SNIPPET" > /dev/null 2>&1
    cat "$bus_dir/started" 2> /dev/null
}
if command -v dbus-run-session > /dev/null; then
    check "the session bus starts the host's service, not an app's of the same name" \
        test "$(started_by)" = host
else
    skip "dbus-run-session is not installed"
fi
rm -rf "$bus_dir"

# environment.d: systemd's own generator expands it.
GEN=/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator
if [ -x "$GEN" ]; then
    cfg=$(mktemp -d)
    mkdir "$cfg/environment.d"
    cp "$HUTCH_SRCDIR/data/60-hutch.conf" "$cfg/environment.d/"
    got=$(env -i HOME=/home/u XDG_CONFIG_HOME="$cfg" XDG_DATA_DIRS=/opt/share "$GEN" | grep '^XDG_DATA_DIRS=')
    check_match "environment.d: the exports come after the existing entries" \
        "^XDG_DATA_DIRS=(.*:)?/opt/share:$SYS:/home/u/.local/share/hutch/exports/share\$" echo "$got"
    got=$(env -i HOME=/home/u XDG_CONFIG_HOME="$cfg" "$GEN" | grep '^XDG_DATA_DIRS=')
    check_match "environment.d: unset XDG_DATA_DIRS gets the defaults" \
        "^XDG_DATA_DIRS=(.*:)?/usr/local/share:/usr/share:$SYS:/home/u/.local/share/hutch/exports/share\$" \
        echo "$got"
    rm -rf "$cfg"
else
    skip "environment.d: systemd's environment generator is not installed"
fi

done_testing
