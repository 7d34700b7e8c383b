#!/bin/sh
# Two branches of one app installed side by side, as Flatpak users have a
# stable and a beta: one of them is current, and only the current branch
# has the launcher and icon exported; `app run ID` runs it; app
# make-current switches; uninstalling the current branch hands the
# exports to the branch that stays.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

# with_desktop TREE: a launcher named after the branch, in the tree.
with_desktop () {
    mkdir -p "$1/files/share/applications"
    printf '[Desktop Entry]\nType=Application\nName=Hello %s\nExec=hello\n' "$APP_BRANCH" \
        > "$1/files/share/applications/org.test.Hello.desktop"
}

make_runtime org.test.Platform > /dev/null
APP_BRANCH=stable APP_TREE_HOOK=with_desktop make_app org.test.Hello 1 > /dev/null
APP_BRANCH=beta APP_TREE_HOOK=with_desktop make_app org.test.Hello 2 > /dev/null
publish
serve
add_remote test
launcher=$INST/exports/share/applications/org.test.Hello.desktop

# exported_branch: the branch whose launcher is exported ("none" if none).
exported_branch () {
    if [ -f "$launcher" ]; then sed -n 's/^Name=Hello //p' "$launcher"; else echo none; fi
}

"$APP" install -y test org.test.Hello//stable > /dev/null
check "the first branch installed is exported" test "$(exported_branch)" = stable
"$APP" install -y test org.test.Hello//beta > /dev/null
check "a branch installed next becomes current, and is exported" test "$(exported_branch)" = beta
check_match "app run ID runs the current branch" "^hello org.test.Hello 2$" hello org.test.Hello
check_match "--branch runs another" "^hello org.test.Hello 1$" hello --branch=stable org.test.Hello
check_match "app make-current switches the current branch" "stable is now the current branch" \
    "$APP" make-current org.test.Hello stable
check "and its launcher is exported" test "$(exported_branch)" = stable
check_match "app run ID runs it" "^hello org.test.Hello 1$" hello org.test.Hello
check "its launcher runs it" grep -q -- "--branch=stable " "$launcher"
check_match "make-current of a branch not installed is refused" \
    "^app: error: .*org.test.Hello.*nightly.* is not installed" "$APP" make-current org.test.Hello nightly

APP_BRANCH=beta APP_TREE_HOOK=with_desktop make_app org.test.Hello 3 > /dev/null
publish
"$APP" update -y org.test.Hello//beta > /dev/null
check "updating a branch that is not current leaves the exports alone" test "$(exported_branch)" = stable
check_match "and the beta runs its new version" "^hello org.test.Hello 3$" hello --branch=beta org.test.Hello

"$APP" uninstall -y org.test.Hello//stable > /dev/null
check "uninstalling the current branch hands the exports to the one left" test "$(exported_branch)" = beta
check_match "which app run ID runs" "^hello org.test.Hello 3$" hello org.test.Hello
"$APP" uninstall -y org.test.Hello//beta > /dev/null
check "uninstalling the last branch removes the exports" test "$(exported_branch)" = none

done_testing
