#!/bin/sh
# hutch-bundler build: what a build step can and cannot reach.  Each
# escape is tried for real, and a control shows the same command working
# where it is allowed, so that every check can fail.
. "$HUTCH_SRCDIR/tests/libtest.sh"
become_unprivileged "$@"
setup_test_dirs
require_userns
. "$HUTCH_SRCDIR/tests/build/build-lib.sh"
setup_build_test

# A TCP listener on the host's loopback: a sandbox with its own network
# namespace cannot reach it, one that shares the host's can.
python3=/usr/bin/python3
"$python3" -c '
import socket, sys
s = socket.socket ()
s.bind (("127.0.0.1", 0))
s.listen (16)
open (sys.argv[1], "w").write (str (s.getsockname ()[1]))
while True:
    c, _ = s.accept ()
    c.close ()
' "$TEST_DIR/port" &
track_pid $!
wait_for test -s "$TEST_DIR/port"
port=$(cat "$TEST_DIR/port")
connect=$(printf 'python3 -c \\"import socket; socket.create_connection((%s127.0.0.1%s, %s), 3)\\"' "'" "'" "$port")
interfaces='tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d \" \" | sort | tr \"\\n\" \" \"'

simple_manifest net.json \
    "{ \"name\": \"isolated\", \"buildsystem\": \"simple\",
       \"build-commands\": [\"$interfaces > /app/isolated.txt\"] }" \
    "{ \"name\": \"shared\", \"buildsystem\": \"simple\",
       \"build-options\": { \"build-args\": [\"--share=network\"] },
       \"build-commands\": [\"$interfaces > /app/shared.txt\", \"$connect\"] }"
check_build "a module with --share=network in build-args reaches the host's network" b-net net.json
check "a build step has no network interface but lo" test "$(cat b-net/files/isolated.txt)" = "lo "
only_lo () {
    build_off --force-clean b-net-off net.json && test "$(cat b-net-off/files/isolated.txt)" = "lo "
}
protected netns "a build step has no network interface but lo (through the test's launcher)" only_lo
check "with --share=network it sees the host's interfaces" \
    test "$(cat b-net/files/shared.txt)" = "$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\n' ' ')"
simple_manifest connect.json \
    "{ \"name\": \"connect\", \"buildsystem\": \"simple\", \"build-commands\": [\"$connect\"] }"
check_build_fails "a module that connects to the host fails without --share=network" \
    "module “connect”: simple: running build-commands failed with exit status 1" b-connect connect.json

# Writing: /app and the module's directory, nothing else.
mkdir -p "$TEST_DIR/victim"
simple_manifest write.json \
    "{ \"name\": \"writer\", \"buildsystem\": \"simple\",
       \"build-commands\": [\"touch /app/ok \$HOME/ok\", \"test \$HOME = /run/build/writer\",
                            \"test \$(pwd) = /run/build/writer\", \"cp \$HOME/ok /app/ok2\"] }"
check_build "a step writes to /app and to its own directory" b-write write.json
check "what it wrote to /app is in BUILDDIR/files" test -e b-write/files/ok -a -e b-write/files/ok2
# /var/tmp: a place the test user may write on the host outside /tmp
# (which every sandbox covers with its own).
for target in "$TEST_DIR/victim/escape" "$WORK/escape" "$HOME/escape" /usr/escape \
        "/var/tmp/hutch-build-escape-$$" "/tmp/hutch-escape-$$"; do
    simple_manifest escape.json \
        "{ \"name\": \"escape\", \"buildsystem\": \"simple\",
           \"build-commands\": [\"touch $target && test -e $target\"] }"
    if [ "$target" = "/tmp/hutch-escape-$$" ]; then
        # /tmp is the sandbox's own: the write works there and reaches nothing.
        check_build "a step may write its private /tmp" --force-clean b-escape escape.json
    else
        check_build_fails "a step cannot write $target" "module “escape”.*exit status" \
            --force-clean b-escape escape.json
    fi
    check "... and nothing reached $target on the host" test ! -e "$target"
done

# Modules: nested ones first, disabled ones and those for another arch
# left out, subdir honoured; then cleanup-commands in /app.
cat > order.json << 'EOF'
{
  "id": "org.test.Build", "runtime": "org.test.Platform", "runtime-version": "stable",
  "sdk": "org.test.Sdk", "command": "true",
  "cleanup-commands": ["test $(pwd) = /app && echo cleaned >> order"],
  "modules": [
    { "name": "outer", "buildsystem": "simple", "subdir": "sub",
      "build-commands": ["test $(pwd) = /run/build/outer/sub && echo outer >> /app/order"],
      "sources": [ { "type": "inline", "dest": "sub", "dest-filename": "x", "contents": "" } ],
      "modules": [
        { "name": "inner", "buildsystem": "simple", "build-commands": ["echo inner >> /app/order"] },
        { "name": "off", "disabled": true, "buildsystem": "simple", "build-commands": ["echo off >> /app/order"] },
        { "name": "elsewhere", "only-arches": ["nosuch"], "buildsystem": "simple",
          "build-commands": ["echo elsewhere >> /app/order"] }
      ] }
  ]
}
EOF
check_build "nested modules build" b-order order.json
check "nested modules first, disabled and other-arch ones left out, cleanup-commands last" \
    test "$(cat b-order/files/order 2> /dev/null | tr '\n' ' ')" = "inner outer cleaned "
check_match "the progress counts the modules that build" '^\[2/2\] outer: simple: running build-commands$' \
    cat "$TEST_DIR/out"

# The environment is the build's, not the packager's.
simple_manifest env.json \
    "{ \"name\": \"envmod\", \"buildsystem\": \"simple\",
       \"build-options\": { \"env\": { \"FROM_MANIFEST\": \"yes\" }, \"cflags\": \"-O1\" },
       \"build-commands\": [\"env | sort > /app/env.txt\", \"grep -E ^Cap[EB] /proc/self/status > /app/status.txt\",
                            \"grep Seccomp: /proc/self/status >> /app/status.txt\"] }"
export HUTCH_TEST_SECRET=leaked
check_build "a step's environment can be inspected" b-env env.json
unset HUTCH_TEST_SECRET
env_txt=$(cat b-env/files/env.txt 2> /dev/null)
check "the packager's environment does not reach a step" \
    sh -c '! echo "$1" | grep -q HUTCH_TEST_SECRET && ! echo "$1" | grep -q "^XDG_RUNTIME_DIR="' sh "$env_txt"
for var in "FROM_MANIFEST=yes" "CFLAGS=-O1" "HOME=/run/build/envmod" "FLATPAK_ID=org.test.Build" \
        "HUTCH_ID=org.test.Build" "FLATPAK_DEST=/app" "FLATPAK_BUILDER_BUILDDIR=/run/build/envmod" \
        "LANG=C.UTF-8" "PATH=/app/bin:/usr/bin" "LD_LIBRARY_PATH=/app/lib"; do
    check "a step has $var" sh -c 'echo "$1" | grep -qx -- "$2"' sh "$env_txt" "$var"
done
check "a step runs with no capabilities and a seccomp filter" \
    test "$(cat b-env/files/status.txt 2> /dev/null)" = "CapEff:	0000000000000000
CapBnd:	0000000000000000
Seccomp:	2"
confined () {
    build_off --force-clean b-env-off env.json &&
        test "$(cat b-env-off/files/status.txt 2> /dev/null)" = "CapEff:	0000000000000000
CapBnd:	0000000000000000
Seccomp:	2"
}
protected caps "a step has no capabilities (through the test's launcher)" confined
protected seccomp "a step has a seccomp filter (through the test's launcher)" confined

# Archives: links in them stay links; one that writes out of its
# directory, through a link it holds or by a name with "..", lands nowhere
# on the host.
make_tar () {
    "$python3" -c '
import io, sys, tarfile
t = tarfile.open (sys.argv[1], "w:gz")
for spec in sys.argv[2:]:
    name, _, link = spec.partition ("=>")
    info = tarfile.TarInfo (name)
    if link:
        info.type, info.linkname = tarfile.SYMTYPE, link
        t.addfile (info)
    else:
        info.size = 4
        t.addfile (info, io.BytesIO (b"data"))
t.close ()
' "$@"
}
archive_module () {
    printf '{ "name": "%s", "buildsystem": "simple", "build-commands": ["%s"],
              "sources": [{ "type": "archive", "path": "%s", "sha256": "%s" }] }' \
        "$1" "$2" "$3" "$(sha256sum "$3" | cut -d' ' -f1)"
}
make_tar links.tar.gz "top/link=>$TEST_DIR/victim" top/ok.txt
simple_manifest links.json "$(archive_module links 'test -L link -a -f ok.txt' links.tar.gz)"
check_build "an archive with a link to a host path unpacks" b-links links.json
check "its link was moved as a link, not followed" \
    test -L "$WORK/.hutch-bundler/build/links/link" -a "$(ls -A "$TEST_DIR/victim")" = ""
make_tar evil.tar.gz "top/link=>$TEST_DIR/victim" top/link/pwned top/../../pwned-by-name
simple_manifest evil.json "$(archive_module evil true evil.tar.gz)"
bundle_build b-evil evil.json
check "a malicious archive wrote nothing through its link" test ! -e "$TEST_DIR/victim/pwned"
check "... nor by a name with .." \
    sh -c '! find "$1" /tmp -name pwned-by-name 2> /dev/null | grep -q .' sh "$TEST_DIR"

done_testing
