#!/bin/sh
# app override and the precedence of permission layers: metadata < global
# overrides < the app's overrides < app run's flags.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App '[Context]
filesystems=~/data:ro;
[Environment]
LAYER=metadata'
mkdir -p "$HOME/data"
layer () { app_run "$@" --command=sh org.test.App -c 'echo $LAYER'; }
sees_data () { app_run "$@" --command=sh org.test.App -c 'test -d "$1"' sh "$HOME/data"; }

check "metadata: its environment" test "$(layer)" = metadata
check "metadata: its filesystem grant" sees_data
"$APP" override --env=LAYER=global --nofilesystem=~/data
check "a global override beats the metadata (environment)" test "$(layer)" = global
check "a global override beats the metadata (filesystem revoked)" fails sees_data
"$APP" override org.test.App --env=LAYER=app --filesystem=~/data:ro
check "the app's override beats the global one (environment)" test "$(layer)" = app
check "the app's override beats the global one (filesystem granted)" sees_data
check "app run's flags beat every override (environment)" test "$(layer --env=LAYER=run)" = run
check "app run's flags beat every override (filesystem revoked)" fails sees_data --nofilesystem=~/data
shown=$("$APP" override --show org.test.App)
check "override --show prints the app's overrides" sh -c 'echo "$1" | grep -q "LAYER=app"' sh "$shown"
perms=$("$APP" info --show-permissions org.test.App)
check "info --show-permissions prints the merged result" \
    sh -c 'echo "$1" | grep -q "LAYER=app" && echo "$1" | grep -q "data"' sh "$perms"
"$APP" override --reset org.test.App
check "override --reset removes the app's overrides" test "$(layer)" = global
"$APP" override --reset
check "override --reset without an app removes the global ones" test "$(layer)" = metadata
msg=$("$APP" override --socket=x12 org.test.App 2>&1); rc=$?
check "a bad value is refused with a message naming it" sh -c 'test "$1" != 0 && echo "$2" | grep -q x12' sh $rc "$msg"
check "nothing was stored by the refused override" sh -c '! "$1" override --show org.test.App | grep -q x12' sh "$APP"

done_testing
