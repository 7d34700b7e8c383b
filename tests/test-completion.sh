#!/bin/sh
# The bash completions in data/.  app: commands and options from its
# --help, app IDs from what is installed, remotes and what they offer,
# running apps.  hutch-launch: options and their values from its --help,
# then the command.  hutch-bundler: commands and options from its --help.
# Bash itself runs each completion function, as it would on a <Tab>.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns

export HUTCH_LIBEXEC_DIR="$HUTCH_BUILDDIR/launcher/app" HUTCH_PROFILES_DIR="$HUTCH_SRCDIR/profiles"
install_runtime_from_host org.test.Platform stable
install_test_app org.test.App ''

# A remote: a repository hutch-bundler exports, reached through file://.
mkdir -p "$TEST_DIR/build/files/bin"
printf '[Application]\nname=org.test.Offered\nruntime=org.test.Platform/%s/stable\ncommand=x\n' \
    "$(uname -m)" > "$TEST_DIR/build/metadata"
"$HUTCH_BUILDDIR/bundler/hutch-bundler" build-export "$TEST_DIR/repo" "$TEST_DIR/build" > /dev/null
"$APP" remote-add --no-gpg-verify test "file://$TEST_DIR/repo" > /dev/null

# complete LINE: what <Tab> offers at the end of LINE, one per line,
# sorted; "(default)" if it leaves the word to bash's own completion.
complete () {
    PATH="$(dirname "$APP"):$(dirname "$HL"):$HUTCH_BUILDDIR/bundler:$PATH" bash -c '
        tool=${2%% *}
        . "$1/data/$tool.bash-completion"
        # bash splits words at COMP_WORDBREAKS: "--branch=x" is "--branch" "=" "x".
        read -r -a COMP_WORDS <<< "${2//=/ = }"
        COMP_CWORD=${#COMP_WORDS[@]}
        [[ $2 == *" " ]] || COMP_CWORD=$((COMP_CWORD - 1))
        compopt () { [[ $* != "-o default" ]] || echo "(default)"; }
        "_${tool//-/_}"
        printf "%s\n" "${COMPREPLY[@]}" | sed "/^$/d" | sort' sh "$HUTCH_SRCDIR" "$1"
}

check_match "app <Tab> offers the commands" "^remote-ls$" complete "app "
check "app r<Tab> offers exactly the commands that start with r" \
    test "$(complete "app r")" = "$(printf 'remote-add\nremote-delete\nremote-info\nremote-list\nremote-ls\nremote-modify\nrepair\nrun')"
check "app run <Tab> offers installed apps, not runtimes" test "$(complete "app run ")" = org.test.App
check "app info <Tab> offers apps and runtimes" \
    test "$(complete "app info org.test.")" = "$(printf 'org.test.App\norg.test.Platform')"
check "app run --com<Tab> offers --command= from app run --help" \
    test "$(complete "app run --com")" = "--command="
check "app uninstall --del<Tab> offers --delete-data" \
    test "$(complete "app uninstall --del")" = "--delete-data"
check "app remote-ls <Tab> offers the remotes" test "$(complete "app remote-ls ")" = test
check "app remote-modify <Tab> offers the remotes" test "$(complete "app remote-modify ")" = test
check "app install <Tab> offers the remotes" test "$(complete "app install ")" = test
check "app install test <Tab> offers what the remote has" \
    test "$(complete "app install test ")" = org.test.Offered
check "app remote-info <Tab>, then test <Tab>: remotes, then what it has" \
    test "$(complete "app remote-info ")/$(complete "app remote-info test ")" = test/org.test.Offered
check "app make-current <Tab>, then ID <Tab>: installed apps, then their branches" \
    test "$(complete "app make-current ")/$(complete "app make-current org.test.App ")" = org.test.App/stable
check "app mask org.test.A<Tab> offers the installed app" test "$(complete "app mask org.test.A")" = org.test.App
check "app pin org.test.<Tab> offers the installed runtimes only" \
    test "$(complete "app pin org.test.")" = org.test.Platform
check "app run ID <Tab> leaves the app's arguments to bash" \
    test "$(complete "app run org.test.App ")" = "(default)"
check "an option's value is left alone" test -z "$(complete "app run --branch=")"

"$APP" run --command=sleep org.test.App 60 > /dev/null 2>&1 &
monitor=$!
track_pid $monitor
wait_for sh -c '"$1" ps | grep -q org.test.App' sh "$APP"
check "app kill <Tab> offers the running app and its instance" \
    test "$(complete "app kill ")" = "$(printf '%s\norg.test.App' "$monitor")"
kill "$monitor" 2> /dev/null

check "hutch-launch --ro<Tab> offers the --ro-* options" \
    test "$(complete "hutch-launch --ro")" = "$(printf -- '--ro-bind\n--ro-bind-data\n--ro-bind-fd\n--ro-bind-try')"
check "hutch-launch --bind <Tab> and --bind SRC <Tab> are paths" \
    test "$(complete "hutch-launch --bind ")$(complete "hutch-launch --bind /usr ")" = "(default)(default)"
check "hutch-launch --uid <Tab> has nothing to offer" test -z "$(complete "hutch-launch --uid ")"
check "hutch-launch --setenv <Tab> offers environment variables" \
    sh -c 'echo "$1" | grep -qx HOME' sh "$(complete "hutch-launch --setenv HO")"
check "after an option's values, options again" \
    test "$(complete "hutch-launch --bind /a /b --pro")" = "--proc"
check "the command is a command" \
    sh -c 'echo "$1" | grep -qx true' sh "$(complete "hutch-launch --proc /proc tru")"
check "and its arguments are left to bash" \
    test "$(complete "hutch-launch --proc /proc true -")" = "(default)"

check "hutch-bundler <Tab> offers its commands" \
    test "$(complete "hutch-bundler build")" = "$(printf 'build\nbuild-bundle\nbuild-export')"
check "hutch-bundler build --fo<Tab> offers --force-clean" \
    test "$(complete "hutch-bundler build --fo")" = "--force-clean"
check "hutch-bundler build <Tab> is paths" test "$(complete "hutch-bundler build ")" = "(default)"

done_testing
