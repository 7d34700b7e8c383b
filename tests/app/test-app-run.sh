#!/bin/sh
# app run: an installed app runs sandboxed on its runtime.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

install_runtime_from_host org.test.Platform stable
install_test_app org.test.App '[Environment]
FROM_METADATA=yes'

check "the app runs its command from /app" \
    test "$(app_run org.test.App euid)" = "$(id -u)"
check "arguments after the ID go to the app, even option-like ones" \
    test "$(app_run --command=sh org.test.App -c 'echo "$1 $2"' sh --filesystem=/ -x)" = "--filesystem=/ -x"
status=0; app_run --command=sh org.test.App -c 'exit 42' || status=$?
check "the app's exit status passes through" test $status = 42
check "/app holds the app, /usr the runtime" \
    app_run --command=sh org.test.App -c 'test -x /app/bin/probe && test -x /usr/bin/sh && test -L /bin'
check "the app's data lives in ~/.var/app/ID, writable" \
    app_run --command=sh org.test.App -c 'touch "$XDG_DATA_HOME/x" && test "$XDG_DATA_HOME" = "$HOME/.var/app/org.test.App/data"'
check "what the app wrote to its data dir is on the host" test -f "$HOME/.var/app/org.test.App/data/x"
check "the rest of the home directory is not there" \
    app_run --command=sh org.test.App -c 'test ! -e "$1"' sh "$HOME/.local/share/hutch"
check "the metadata's environment is set" \
    test "$(app_run --command=sh org.test.App -c 'echo $FROM_METADATA')" = yes
info=$(app_run --command=cat org.test.App /.hutch-info)
check "/.hutch-info names the app, its commit and its permissions" \
    sh -c 'echo "$1" | grep -q "^name=org.test.App$" && echo "$1" | grep -q "^app-commit=1111" && echo "$1" | grep -q "^\[Environment\]"' sh "$info"
# The host's /usr as a runtime has an empty etc/: no room for a generated
# /etc/passwd (the plan's unit tests check that case); no host account, anyway.
check "/etc/passwd, if the runtime has room for it, knows the user and nobody else" \
    app_run --command=sh org.test.App -c 'test ! -e /etc/passwd || test "$(cut -d: -f1 /etc/passwd | tr "\n" " ")" = "$1 nobody "' sh "$(id -un)"
check "the sandbox's XDG_RUNTIME_DIR is private" \
    test "$(app_run --command=sh org.test.App -c 'echo $XDG_RUNTIME_DIR; stat -c %a $XDG_RUNTIME_DIR')" = "/run/user/$(id -u)
700"
check "no network but lo by default" \
    test "$(app_run --command=sh org.test.App -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "')" = lo

# The working directory, as in Flatpak: the caller's if the sandbox has it,
# else home; --cwd chooses one.
mkdir -p "$HOME/Documents/sub" "$HOME/.var/app/org.test.App/data/sub"
check "the app starts in the caller's directory when the sandbox has it" \
    test "$(cd "$HOME/.var/app/org.test.App/data/sub" && app_run --command=pwd org.test.App)" = "$HOME/.var/app/org.test.App/data/sub"
check "... and there when it is granted" \
    test "$(cd "$HOME/Documents/sub" && app_run --filesystem=~/Documents:ro --command=pwd org.test.App)" = "$HOME/Documents/sub"
check "a directory the sandbox lacks gives home instead" \
    test "$(cd "$HOME/Documents/sub" && app_run --command=pwd org.test.App)" = "$HOME"
check "--cwd chooses the directory" test "$(app_run --cwd=/app/bin --command=pwd org.test.App)" = /app/bin
msg=$(app_run --cwd=app/bin --command=pwd org.test.App 2>&1); rc=$?
check "--cwd must be absolute" \
    test $rc = 1 -a "$msg" = "app: error: --cwd: “app/bin” is not an absolute path"
msg=$(app_run --cwd=/nowhere --command=pwd org.test.App 2>&1); rc=$?
check "--cwd of a directory the sandbox lacks is an error, not home" \
    sh -c 'test "$1" != 0 && echo "$2" | grep -q "/nowhere"' sh $rc "$msg"

# Another runtime: --runtime, --runtime-version, and --devel (the SDK).
install_runtime_from_host org.test.Sdk stable
install_runtime_from_host org.test.Platform beta
install_test_app org.test.Dev "sdk=org.test.Sdk/$(uname -m)/stable"
rt () { app_run "$@" --command=sh org.test.Dev -c 'grep "^runtime=" /.hutch-info'; }
check "by default the app runs on its runtime" test "$(rt)" = "runtime=runtime/org.test.Platform/$(uname -m)/stable"
check "--devel runs it on its SDK" test "$(rt --devel)" = "runtime=runtime/org.test.Sdk/$(uname -m)/stable"
check "--devel allows ptrace (the devel profile)" \
    test "$(app_run --devel org.test.Dev syscalls native ptrace | cut -d' ' -f2)" = ENOSYS
check "--runtime=ID keeps the arch and branch of the app's runtime" \
    test "$(rt --runtime=org.test.Sdk)" = "runtime=runtime/org.test.Sdk/$(uname -m)/stable"
check "--runtime-version picks the branch" test "$(rt --runtime-version=beta)" = "runtime=runtime/org.test.Platform/$(uname -m)/beta"
check "--runtime=ID//BRANCH too" test "$(rt --runtime=org.test.Platform//beta)" = "runtime=runtime/org.test.Platform/$(uname -m)/beta"
msg=$(rt --runtime-version=gamma 2>&1); rc=$?
check "a runtime that is not installed is an error" \
    sh -c 'test "$1" = 1 && echo "$2" | grep -q "the runtime org.test.Platform/$(uname -m)/gamma is not installed"' sh $rc "$msg" || diag "$msg"
msg=$(rt --runtime='../x' 2>&1); rc=$?
check "an invalid --runtime is refused" sh -c 'test "$1" = 1 && echo "$2" | grep -q "not a valid"' sh $rc "$msg" || diag "$msg"
msg=$(app_run --devel --command=true org.test.App 2>&1); rc=$?
check "--devel of an app without an SDK is an error" \
    test $rc = 1 -a "$msg" = "app: error: org.test.App names no SDK (sdk= in its metadata): give one with --runtime"

msg=$(app_run org.test.Missing 2>&1); rc=$?
check "an app that is not installed is a clear error" \
    test $rc = 1 -a "$msg" = "app: error: the app org.test.Missing is not installed"
msg=$(app_run 'org.test/../x' 2>&1); rc=$?
check "an invalid ID is refused before it touches a path" sh -c 'test "$1" = 1 && echo "$2" | grep -q "not a valid application ID"' sh $rc "$msg"

# Bad metadata: an error naming file, line and key; nothing runs.
meta="$XDG_DATA_HOME/hutch/app/org.test.App/$(uname -m)/stable/$FAKE_COMMIT_APP/metadata"
cp "$meta" "$TEST_DIR/metadata.good"
printf '[Context]\nsockets=x11;bogus;\n' >> "$meta"
msg=$(app_run org.test.App euid 2>&1); rc=$?
check "a malformed metadata value is an error naming file, line and key" \
    sh -c 'test "$1" != 0 && echo "$2" | grep -q "metadata:[0-9]*: .*sockets.*bogus"' sh $rc "$msg"
cp "$TEST_DIR/metadata.good" "$meta"
printf '[Context]\nfilesystems=/usr;\n' >> "$meta"
msg=$(app_run org.test.App euid 2>&1); rc=$?
check "metadata asking for a reserved path is refused" \
    sh -c 'test "$1" != 0 && echo "$2" | grep -q "/usr"' sh $rc "$msg"
cp "$TEST_DIR/metadata.good" "$meta"
sed -i 's/^name=.*/name=org.test.Other/' "$meta"
msg=$(app_run org.test.App euid 2>&1); rc=$?
check "metadata naming another app (whose overrides would apply) is refused" \
    sh -c 'test "$1" = 1 && echo "$2" | grep -q "metadata names another app, “org.test.Other”"' \
    sh $rc "$msg"
cp "$TEST_DIR/metadata.good" "$meta"
printf '[Context]\nunknown-key=1\n' >> "$meta"
msg=$(app_run org.test.App euid 2>&1); rc=$?
check "an unknown key is a warning, and the app runs" \
    sh -c 'test "$1" = 0 && echo "$2" | grep -q "warning:.*unknown-key"' sh $rc "$msg"
cp "$TEST_DIR/metadata.good" "$meta"

check "app --help lists run" sh -c '"$1" --help | grep -q "^  run"' sh "$APP"
check "app run --help shows the permission options" sh -c '"$1" run --help-all | grep -q -- "--filesystem"' sh "$APP"
# app run skips setlocale() in English; GLib would print its help in ASCII.
check "app run --help names the command and keeps its UTF-8 under LANG=C.UTF-8" \
    sh -c 'env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$1" run --help | grep -qx "  app run \[OPTION…\] APP \[ARGUMENT…\] — run an app in its sandbox"' sh "$APP"
check "so does app ps --help" \
    sh -c 'env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$1" ps --help | grep -qx "  app ps \[OPTION…\] — list running apps"' sh "$APP"
# ... nor converts option values: a value in UTF-8 passes as given.
utf8_run () {
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles" "$APP" run "$@"
}
check "--env takes a value in UTF-8 under LANG=C.UTF-8" \
    test "$(utf8_run --env=X=Bücher --command=sh org.test.App -c 'echo "$X"')" = Bücher
mkdir -p "$HOME/Bücher"
check "so does --filesystem" \
    utf8_run --filesystem="$HOME/Bücher" --command=test org.test.App -d "$HOME/Bücher"
msg=$(utf8_run --command=/app/bin/Bücher org.test.App 2>&1); rc=$?
check "--command is run as given" \
    sh -c 'test "$1" = 127 && echo "$2" | grep -q "cannot run “/app/bin/Bücher”"' sh $rc "$msg" || diag "$msg"
msg=$(utf8_run --branch=bü org.test.App 2>&1); rc=$?
check "a --branch out of the rules is refused by them, not by a conversion" \
    test $rc = 1 -a "$msg" = "app: error: “bü” is not a valid branch: it contains “ü”; only A–Z, a–z, 0–9, “_”, “.” and “-” are allowed" \
    || diag "$rc $msg"
msg=$(utf8_run --runtime=org.ü org.test.App 2>&1); rc=$?
check "so is a --runtime" sh -c 'test "$1" = 1 && echo "$2" | grep -q "not a valid"' sh $rc "$msg" || diag "$rc $msg"
msg=$(utf8_run --arch=ü org.test.App 2>&1); rc=$?
check "and an --arch" \
    test $rc = 1 -a "$msg" = "app: error: “ü” is not a valid architecture: it contains “ü”; only a–z, 0–9 and “_” are allowed" \
    || diag "$rc $msg"
msg=$(utf8_run --env="X=$(printf 'B\374')" --command=true org.test.App 2>&1); rc=$?
# (The message quotes the value escaped; app keeps that escape as it is.)
check "a value that is not UTF-8 is refused, naming the option" \
    test $rc = 1 -a "$msg" = "app: error: --env: “B\\xfc” is not valid UTF-8" || diag "$rc $msg"

done_testing
