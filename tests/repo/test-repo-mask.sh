#!/bin/sh
# app mask: a masked app stays at its version through app update (the way
# to keep a version gone back to with app update --commit), naming it is
# refused, and app install refuses a masked app or runtime, against a
# real signed repository served over HTTP.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/repo/librepo.sh"
repo_init

make_runtime org.test.Platform > /dev/null
make_app org.test.Hello 1 > /dev/null
make_app org.test.Other 1 > /dev/null
publish
serve
add_remote test
"$APP" install -y test org.test.Hello > /dev/null
make_app org.test.Hello 2 > /dev/null
publish

check_match "app mask --help" "^Usage:" "$APP" mask --help
check_match "nothing is masked at first" "^Nothing is masked\.$" "$APP" mask
check_match "app mask ID masks it" "^Masked org.test.Hello: app update leaves it as it is" \
    "$APP" mask org.test.Hello
check_match "masking it again says so" "^org.test.Hello is masked already$" "$APP" mask org.test.Hello
check "app mask lists the patterns" test "$("$APP" mask)" = org.test.Hello
out=$("$APP" update -y 2>&1)
check "app update leaves a masked app as it is, and says so" \
    sh -c 'printf "%s\n" "$1" | grep -q "^app/org.test.Hello/$2/stable is masked (app mask: org.test.Hello): left as it is$"' \
    sh "$out" "$ARCH" || diag "$out"
check_match "it still runs version 1" "^hello org.test.Hello 1$" hello org.test.Hello
check_match "naming it in app update is refused, with the way out" \
    "^app: error: app/org.test.Hello/$ARCH/stable is masked \(app mask: org.test.Hello\): unmask it with app mask --remove org.test.Hello first$" \
    "$APP" update -y org.test.Hello
check_match "--remove unmasks it" "^Unmasked org.test.Hello$" "$APP" mask --remove org.test.Hello
check_match "removing it again says so" "^org.test.Hello was not masked$" "$APP" mask --remove org.test.Hello
check_match "then app update updates it" "^Updated app/org.test.Hello/" "$APP" update -y
check_match "to version 2" "^hello org.test.Hello 2$" hello org.test.Hello

# Patterns: globs, arch and branch; install refused.
"$APP" mask 'org.test.Oth*' > /dev/null
check_match "app install refuses what a glob masks" \
    "^app: error: app/org.test.Other/$ARCH/stable is masked \(app mask: org.test.Oth\*\)" \
    "$APP" install -y test org.test.Other
check "and installs nothing" test ! -e "$INST/app/org.test.Other"
"$APP" mask --remove 'org.test.Oth*' > /dev/null
"$APP" mask "org.test.Other/$ARCH/beta" > /dev/null
check_match "a pattern for another branch does not mask this one" "^Installed app/org.test.Other/" \
    "$APP" install -y test org.test.Other
"$APP" uninstall -y org.test.Other org.test.Hello org.test.Platform > /dev/null
"$APP" mask 'org.test.Platform//stable' > /dev/null 2>&1 || :
"$APP" mask org.test.Platform > /dev/null
check_match "an app whose runtime is masked is refused" \
    "^app: error: org.test.Other needs the runtime org.test.Platform/$ARCH/stable: runtime/org.test.Platform/$ARCH/stable is masked" \
    "$APP" install -y test org.test.Other

# Bad patterns, and a bad masks file.
check_match "a pattern with a path in it is refused" "^app: error: “\.\./x” is not a pattern" \
    "$APP" mask ../x
check_match "so is one with four parts" "is not a pattern" "$APP" mask a/b/c/d
check "and nothing of a refused command is kept" \
    test "$("$APP" mask)" = "org.test.Other/$ARCH/beta
org.test.Platform"
printf 'org.test.Hello\nnot a pattern\n' > "$INST/masked"
check_match "a damaged masks file is an error naming the file and line" \
    "^app: error: $INST/masked:2: “not a pattern” is not a pattern" "$APP" mask

done_testing
