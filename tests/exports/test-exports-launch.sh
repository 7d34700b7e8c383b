#!/bin/sh
# Desktop integration, end to end: a test app's desktop file and D-Bus
# service file are exported (export-deploy: hutch_exports_update), the
# result passes desktop-file-validate, and starting the exported launcher
# with `gio launch` (and activating the exported service through a private
# dbus-daemon) runs the app's command inside its sandbox.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

ID=org.test.Exports
EXPORT_DEPLOY=$HUTCH_BUILDDIR/tests/exports/export-deploy
INSTALLATION=$XDG_DATA_HOME/hutch
SHARE=$INSTALLATION/exports/share
DATA=$HOME/.var/app/$ID/data
export HUTCH_APP_BIN="$APP" HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles"
# No session bus, no GVfs: gio launch needs neither.
export GIO_USE_VFS=local DBUS_SESSION_BUS_ADDRESS=disabled:

install_runtime_from_host org.test.Platform stable
install_test_app "$ID" ''
files="$INSTALLATION/app/$ID/$(uname -m)/stable/$FAKE_COMMIT_APP/files"
mkdir -p "$files/share/applications" "$files/share/dbus-1/services" \
    "$files/share/icons/hicolor/scalable/apps"

# The command writes what it sees to the app's data dir: its uid, its first
# argument (the file given to the launcher) and the sandbox's /.hutch-info.
cat > "$files/share/applications/$ID.desktop" << 'END'
[Desktop Entry]
Type=Application
Name=Exports Test
Exec=sh -c "id -u > \\"\\$XDG_DATA_HOME/launched\\"; printf '%%s\\\\n' \\"\\$1\\" >> \\"\\$XDG_DATA_HOME/launched\\"; cat /.hutch-info >> \\"\\$XDG_DATA_HOME/launched\\"" sh %f
TryExec=sh
Icon=org.test.Exports
END
cat > "$files/share/applications/org.test.Other.desktop" << 'END'
[Desktop Entry]
Type=Application
Name=Not mine
Exec=sh
END
cat > "$files/share/dbus-1/services/$ID.service" << 'END'
[D-BUS Service]
Name=org.test.Exports
Exec=sh -c 'cat /.hutch-info > "$XDG_DATA_HOME/activated"'
END
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' > "$files/share/icons/hicolor/scalable/apps/$ID.svg"

warnings=$("$EXPORT_DEPLOY" "$INSTALLATION" "app/$ID/$(uname -m)/stable" 2>&1); rc=$?
check "export-deploy succeeds" test $rc = 0
check_match "a desktop file named after another app is not exported, with a warning" \
    "org\.test\.Other\.desktop is not exported" echo "$warnings"
desktop=$SHARE/applications/$ID.desktop
check "the launcher, the icon and the service are exported" \
    test -f "$desktop" -a -f "$SHARE/icons/hicolor/scalable/apps/$ID.svg" \
    -a -f "$SHARE/dbus-1/services/$ID.service" -a ! -e "$SHARE/applications/org.test.Other.desktop"
check "the exported desktop file passes desktop-file-validate" desktop-file-validate "$desktop"
check_match "its Exec runs app run for the app" \
    "^Exec=$APP run --branch=stable --arch=$(uname -m) --command=sh $ID -c " cat "$desktop"
check "TryExec is gone" sh -c '! grep -q "^TryExec" "$1"' sh "$desktop"

# Launch it as a desktop would.
arg="$TEST_DIR/a file with spaces.txt"
: > "$arg"
gio launch "$desktop" "$arg" 2> "$TEST_DIR/gio.err"
check "gio launch starts the exported launcher" test $? = 0
if ! wait_for sh -c 'grep -q "^name=" "$1" 2> /dev/null' sh "$DATA/launched"; then
    diag "gio launch said:" "$(cat "$TEST_DIR/gio.err")"
fi
check "the command ran, as the user, inside the app's sandbox" \
    test "$(head -n 1 "$DATA/launched" 2> /dev/null)" = "$(id -u)"
check "the file given to the launcher reached the app as one argument" \
    test "$(sed -n 2p "$DATA/launched" 2> /dev/null)" = "$arg"
check "/.hutch-info in there names the app" grep -q "^name=$ID$" "$DATA/launched"

# The service's Exec, split as dbus-daemon splits it (like a shell), runs
# the app's command in the sandbox.
service_exec=$(sed -n 's/^Exec=//p' "$SHARE/dbus-1/services/$ID.service")
check_match "the service's Exec runs app run for the app" \
    "^'?$APP'? run --branch=stable --arch=$(uname -m) --command=sh $ID -c " echo "$service_exec"
if command -v dbus-daemon > /dev/null && command -v gdbus > /dev/null; then
    cat > "$TEST_DIR/bus.conf" << END
<busconfig>
  <type>session</type>
  <listen>unix:dir=$TEST_DIR</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$SHARE/dbus-1/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
END
    address=$(dbus-daemon --config-file="$TEST_DIR/bus.conf" --fork --print-address=1 --print-pid=3 3> "$TEST_DIR/bus.pid")
    track_pid "$(cat "$TEST_DIR/bus.pid")"
    # The command never takes the name; what it wrote is enough.
    DBUS_SESSION_BUS_ADDRESS=$address gdbus call --session --dest "$ID" --object-path / \
        --method org.freedesktop.DBus.Peer.Ping > "$TEST_DIR/gdbus.out" 2>&1 &
    track_pid $!
    wait_for test -s "$DATA/activated"
    check "D-Bus activation through the exported service runs the app in its sandbox" \
        grep -q "^name=$ID$" "$DATA/activated"
else
    sh -c "$service_exec" > /dev/null 2>&1
    check "the service's command runs the app in its sandbox" grep -q "^name=$ID$" "$DATA/activated"
fi

# Update with a deploy that no longer has the icon: it goes from the exports.
rm "$files/share/icons/hicolor/scalable/apps/$ID.svg"
"$EXPORT_DEPLOY" "$INSTALLATION" "app/$ID/$(uname -m)/stable" 2> /dev/null
check "an icon the new deploy lacks is removed from the exports" \
    test ! -e "$SHARE/icons/hicolor/scalable/apps/$ID.svg" -a -f "$desktop"

done_testing
