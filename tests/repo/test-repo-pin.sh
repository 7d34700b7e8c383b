#!/bin/sh
# app pin: a runtime installed by name is pinned, and app uninstall --unused
# keeps it although no app uses it; a runtime pulled in by an app is not;
# pins by pattern, unpinning, and a damaged pins file, against a real signed
# repository served over HTTP.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
make_runtime org.test.Sdk > /dev/null
make_app org.test.Hello 1 > /dev/null
publish
serve
add_remote test
pins=$INST/pinned

check_match "app pin --help" "^Usage:" "$APP" pin --help
check_match "nothing is pinned at first" "^Nothing is pinned\.$" "$APP" pin
check_match "a runtime installed by name is pinned, and it says so" \
    "^Pinned org.test.Sdk/$ARCH/stable, installed by name: app uninstall --unused keeps it" \
    "$APP" install -y test org.test.Sdk
out=$("$APP" install -y test org.test.Hello 2>&1)
check "a runtime installed for an app is not" \
    sh -c 'printf "%s\n" "$1" | grep -q "^Installed runtime/org.test.Platform/" &&
           ! printf "%s\n" "$1" | grep -q "^Pinned"' sh "$out" || diag "$out"
check "app pin lists the pin" test "$("$APP" pin)" = "org.test.Sdk/$ARCH/stable"
"$APP" uninstall -y org.test.Hello > /dev/null
out=$("$APP" uninstall --unused -y 2>&1)
check "uninstall --unused removes the runtime no app uses and keeps the pinned one" \
    sh -c 'printf "%s\n" "$1" | grep -q "^Uninstalled runtime/org.test.Platform/" &&
           ! printf "%s\n" "$1" | grep -q "org.test.Sdk"' sh "$out" || diag "$out"
check_match "the pinned runtime is still installed" "^org.test.Sdk  *stable" "$APP" list --runtime
check_match "--remove unpins it" "^Unpinned org.test.Sdk/$ARCH/stable$" "$APP" pin --remove "org.test.Sdk/$ARCH/stable"
check_match "then --unused removes it" "^Uninstalled runtime/org.test.Sdk/" "$APP" uninstall --unused -y

# Pins by pattern, made by hand.
"$APP" install -y test org.test.Hello > /dev/null
"$APP" uninstall -y org.test.Hello > /dev/null
check_match "app pin PATTERN pins what it matches" "^Pinned org.test.Plat\*: app uninstall --unused keeps it$" \
    "$APP" pin 'org.test.Plat*'
check_match "pinning it again says so" "^org.test.Plat\* is pinned already$" "$APP" pin 'org.test.Plat*'
check_match "--unused keeps what a pattern pins" "^Nothing unused to uninstall\.$" "$APP" uninstall --unused -y
check_match "a runtime uninstalled by name goes, pinned or not" "^Uninstalled runtime/org.test.Platform/" \
    "$APP" uninstall -y org.test.Platform
check "and a pattern of the user's stays" test "$("$APP" pin)" = 'org.test.Plat*'
check_match "removing a pin that is not there says so" "^org.test.Sdk was not pinned$" "$APP" pin --remove org.test.Sdk
"$APP" install -y test org.test.Sdk > /dev/null
"$APP" uninstall -y org.test.Sdk > /dev/null
check "uninstalled by name, a runtime's own pin goes" test "$("$APP" pin)" = 'org.test.Plat*'

check_match "a bad pattern is refused" "^app: error: “a/b/c/d” is not a pattern" "$APP" pin a/b/c/d
check_match "--remove needs a pattern" "^app: error: usage: app pin --remove PATTERN" "$APP" pin --remove
printf 'org.test.Plat*\n../x\n' > "$pins"
check_match "a bad line in the pins file is an error naming file and line" \
    "^app: error: $pins:2: “../x” is not a pattern" "$APP" uninstall --unused -y
check_match "and app pin says the same" "^app: error: $pins:2: " "$APP" pin

done_testing
