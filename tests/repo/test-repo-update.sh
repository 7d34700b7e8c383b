#!/bin/sh
# app update and app uninstall: a new commit served, updated beside the old
# one, the old one kept while a sandbox runs it and removed (and pruned) by a
# later command; permission changes shown; downgrades refused; a runtime a
# new version needs installed first; uninstall guards and --unused.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

T1="--timestamp=2026-01-01 00:00:00 +0000"
make_runtime org.test.Platform > /dev/null
v1=$(make_app org.test.Hello 1 '' "$T1")
make_app org.test.Other 1 > /dev/null
publish
serve
add_remote test
"$APP" install -y org.test.Hello org.test.Other > /dev/null
hello_dir=$INST/app/org.test.Hello/$ARCH/stable

check_match "nothing new: update says so" "^Nothing to update: everything is up to date.$" "$APP" update

# A sandbox of v1 runs while v2 arrives.
v2=$(make_app org.test.Hello 2 '[Context]
shared=network;' "--timestamp=2026-02-01 00:00:00 +0000")
publish
app_run --command=sleep org.test.Hello 4 &
sleeper=$!
track_pid $sleeper
check "the running sandbox holds its deploy" wait_for sh -c '! flock -n "$1" true' sh "$hello_dir/$v1"
out=$("$APP" update -y 2>&1)
check "update shows old and new commit" \
    sh -c 'echo "$1" | grep -q "^  app/org.test.Hello/$2/stable  test  $(echo $3 | cut -c1-12) → $(echo $4 | cut -c1-12)$"' sh "$out" "$ARCH" "$v1" "$v2"
check "and the new permissions" \
    sh -c 'echo "$1" | grep -q "^The permissions of org.test.Hello change to:" && echo "$1" | grep -q "^    shared=network;"' sh "$out"
check "and that the old version is kept while it runs" \
    sh -c 'echo "$1" | grep -q "^1 old version is still running"' sh "$out"
check "the new version runs" test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 2"
check "active points at it" test "$(readlink "$hello_dir/active")" = "$v2"
check "the old deploy is still there" test -d "$hello_dir/$v1/files"
check "the old sandbox still runs" kill -0 $sleeper
check "and ends well" wait_exit $sleeper
check_match "a later update, with nothing new" "^Nothing to update" "$APP" update
check "removes the old deploy, now unused" test ! -e "$hello_dir/$v1"
check "and prunes its commit from the repository" \
    sh -c '! ostree show --repo="$1" "$2" > /dev/null 2>&1' sh "$INST/repo" "$v1"
check "the repository is consistent" fsck_ok "$INST/repo"

# Updating one app leaves the others alone.
other_v1=$(installed_commit app/org.test.Other)
make_app org.test.Hello 3 '' "--timestamp=2026-03-01 00:00:00 +0000" > /dev/null
make_app org.test.Other 2 > /dev/null
publish
check_match "update ID updates that one" "^Updated app/org.test.Other/" "$APP" update -y org.test.Other
check "and not the other" test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 2"
check "Other moved on" test "$(installed_commit app/org.test.Other)" != "$other_v1"
check_match "update of something not installed" "^app: error: org.test.Missing is not installed" \
    "$APP" update org.test.Missing

# The remote rolls back to an older signed commit: refused.
ostree reset --repo="$SRV" "app/org.test.Hello/$ARCH/stable" "$v1"
publish
check_match "a commit older than the installed one is refused" \
    "^app: error: the remote “test” offers a commit of app/org.test.Hello/.* older than the installed one" \
    "$APP" update -y org.test.Hello
check "the installed version stays" test "$(installed_commit app/org.test.Hello)" = "$v2"

# A new version on a runtime branch that is not installed: runtime first.
make_runtime org.test.Platform next > /dev/null
sed_meta () { sed -i "s|^runtime=.*|runtime=org.test.Platform/$ARCH/next|" "$1/metadata"; }
APP_TREE_HOOK=sed_meta make_app org.test.Hello 4 '' "--timestamp=2026-04-01 00:00:00 +0000" > /dev/null
publish
out=$("$APP" update -y org.test.Hello 2>&1)
check "an update that needs another runtime installs it first" \
    sh -c 'echo "$1" | grep -n "^Install\|^Updat" | head -n 2 | grep -q "Installing runtime/org.test.Platform/$2/next" && echo "$1" | grep -q "^Updated app/org.test.Hello/"' sh "$out" "$ARCH"
[ "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 4" ] || diag "$out"
check "and the app runs on it" test "$(hello org.test.Hello | head -n 1)" = "hello org.test.Hello 4"

# A runtime uninstalled with --force comes back with the next update.
"$APP" uninstall --force org.test.Platform//stable > /dev/null
check_match "an app whose runtime was uninstalled with --force does not run" "runtime .*not installed" \
    app_run org.test.Other
check_match "update installs the runtime it lacks" "^Installed runtime/org.test.Platform/$ARCH/stable" \
    "$APP" update -y
check "and it runs again" test "$(hello org.test.Other | head -n 1)" = "hello org.test.Other 2"

# --- Uninstall ---
check_match "a runtime an installed app needs is not uninstalled" \
    "^app: error: runtime/org.test.Platform/$ARCH/stable is the runtime of org.test.Other: uninstall it first, or use --force" \
    "$APP" uninstall org.test.Platform//stable
app_run --command=sleep org.test.Other 3 &
sleeper=$!
track_pid $sleeper
other_dir=$INST/app/org.test.Other/$ARCH/stable
wait_for sh -c '! flock -n "$1" true' sh "$other_dir/active/"
check_match "a running app is not uninstalled" "^app: error: app/org.test.Other/$ARCH/stable is running: stop it first, or use --force" \
    "$APP" uninstall org.test.Other
out=$("$APP" uninstall --force org.test.Other 2>&1)
check "unless --force: it is uninstalled, its files stay while it runs" \
    sh -c 'echo "$1" | grep -q "^Uninstalled app/org.test.Other/" && echo "$1" | grep -q "^1 version is still running"' sh "$out"
check_match "it is no longer installed" "not installed" app_run org.test.Other
check "the running sandbox is unharmed" wait_exit $sleeper
check_match "uninstall Hello" "^Uninstalled app/org.test.Hello/$ARCH/stable$" "$APP" uninstall org.test.Hello
check "and every deploy of both apps is gone" test ! -e "$INST/app/org.test.Hello" -a ! -e "$INST/app/org.test.Other"
out=$("$APP" uninstall --unused -y 2>&1)
check "uninstall --unused removes the runtimes no app uses" \
    sh -c 'echo "$1" | grep -q "^Uninstalled runtime/org.test.Platform/$2/stable$" && echo "$1" | grep -q "^Uninstalled runtime/org.test.Platform/$2/next$"' sh "$out" "$ARCH"
check_match "then there is nothing unused" "^Nothing unused to uninstall.$" "$APP" uninstall --unused
check "the repository holds no object any more" test -z "$(find "$INST/repo/objects" -type f)"
check "and is consistent" fsck_ok "$INST/repo"

# --- A remote deleted with --force ---
"$APP" install -y org.test.Other > /dev/null
check_match "remote-delete --force" "^Deleted the remote “test”" "$APP" remote-delete --force test
check_match "update then says where the app came from is gone" \
    "warning: the remote “test” that app/org.test.Other/$ARCH/stable came from is gone: left as it is" "$APP" update
check "and the app still runs" test "$(hello org.test.Other | head -n 1)" = "hello org.test.Other 2"

# --- Everything at once ---
check_match "uninstall --all with IDs is refused" "^app: error: usage: app uninstall" \
    "$APP" uninstall --all org.test.Other
check_match "uninstall --all asks first (no terminal here: an error)" "^To uninstall:" \
    sh -c '"$1" uninstall --all < /dev/null 2>&1' sh "$APP"
check "and uninstalls nothing without an answer" test -n "$("$APP" list)"
out=$("$APP" uninstall --all -y 2>&1)
check "uninstall --all -y uninstalls every app and runtime" \
    sh -c 'echo "$1" | grep -q "^Uninstalled app/org.test.Other/$2/stable$" &&
           echo "$1" | grep -q "^Uninstalled runtime/org.test.Platform/$2/stable$" && test -z "$("$3" list)"' \
    sh "$out" "$ARCH" "$APP" || diag "$out"
check_match "then there is nothing to uninstall" "^Nothing is installed.$" "$APP" uninstall --all -y
check "and the repository is consistent" fsck_ok "$INST/repo"

done_testing
