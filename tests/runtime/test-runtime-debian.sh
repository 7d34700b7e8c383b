#!/bin/sh
# hutch-bundler runtime --debian: a Debian 12 runtime from deb.debian.org
# (through this machine's apt sources) with fontconfig and a font, built
# by mmdebstrap --mode=unshare as the unprivileged user, committed and
# signed; an app on it is installed with `app install` and runs in its
# sandbox.  Needs the network, mmdebstrap, uidmap, the ostree CLI and gnupg.
HUTCH_TEST_SUBIDS=1
. "$HUTCH_SRCDIR/tests/runtime/libruntime.sh"
SUITE=${HUTCH_TEST_DEBIAN_SUITE:-bookworm}
RUNTIME=runtime/org.test.Debian/$ARCH/12

require_mmdebstrap

check_match "a package name with a blank is refused" "not a valid Debian package name" \
    "$BUNDLER" runtime --id org.test.Debian --branch 12 --repo="$TEST_DIR/none" --debian "$SUITE" \
    --packages 'bash,bad name'
check_match "a mirror that is not a URL is refused" "not a mirror's URL" \
    "$BUNDLER" runtime --id org.test.Debian --branch 12 --repo="$TEST_DIR/none" --debian "$SUITE" \
    --mirror /etc/passwd

build_runtime org.test.Debian 12 --repo="$REPO" --debian "$SUITE" --packages fontconfig,fonts-dejavu-core
commit=$COMMIT
diag "building the Debian runtime took ${TOOK}s"
check "runtime --debian commits $RUNTIME (in ${TOOK}s)" sh -c 'echo "$1" | grep -Eq "^[0-9a-f]{64}$"' sh "$commit"
[ -n "$commit" ] || diag "$(tail -n 30 "$TEST_DIR/runtime.err")"
check "no work directory is left behind" test -z "$(ls -A "$TMPDIR")"
TREE=$(ostree --repo="$REPO" ls -R "$RUNTIME" 2> /dev/null)
check "files/ is Debian's /usr" tree_has ' /files/bin/bash$' ' /files/bin/dpkg$' ' /files/lib64/ld-linux'
check "files/etc is Debian's /etc" tree_has ' /files/etc/debian_version$' ' /files/etc/ld\.so\.cache$'
# ostree ls: TYPE+MODE UID GID SIZE PATH.
check "every file is 0:0, and no mode but 0755 and 0644 (no setuid bits)" \
    tree_only '^(-00755|-00644|d00755|l00777) 0 0 '
check "no password shadows, sudoers, host keys or the build machine's name" \
    tree_lacks ' /files/etc/(g?shadow-?|sudoers|ssh/ssh_host_.*|subuid|subgid|hostname)$'
check "passwd and group are empty: app run makes its own" \
    tree_has '^-00644 0 0 +0 /files/etc/passwd$' '^-00644 0 0 +0 /files/etc/group$'
check "documentation is left out, copyright files are kept" \
    tree_has ' /files/share/doc/bash/copyright$'
check "(no changelogs, no manual pages)" tree_lacks ' /files/share/(doc/bash/.*changelog|man/man1/bash\.1)'
check "the font cache is made, in /usr" \
    tree_has ' /files/etc/fonts/conf\.d/04-hutch-cachedir\.conf$' ' /files/lib/fontconfig/cache/[0-9a-f]+-le64\.cache-[0-9]+$'

out=$(install_app_on org.test.Debian 12 org.test.OnDebian 2>&1)
check "app install installs an app and the Debian runtime" \
    test -n "$commit" -a "$(readlink "$INST/runtime/org.test.Debian/$ARCH/12/active")" = "$commit"
[ -n "$commit" ] && [ -L "$INST/runtime/org.test.Debian/$ARCH/12/active" ] || diag "$out"
check "the app runs on the runtime, in its sandbox" \
    test "$(app_run org.test.OnDebian 2>&1)" = "hello on $commit"
check "it is Debian 12 inside" \
    test "$(app_run --command=cat org.test.OnDebian /etc/debian_version | cut -d. -f1)" = 12
out=$(app_run --command=sh org.test.OnDebian -c 'LD_DEBUG=libs bash -c true 2>&1')
check "libraries are found through the runtime's ld.so.cache" \
    sh -c 'printf "%s\n" "$1" | grep -q "search cache=/etc/ld.so.cache"' sh "$out"
check "the user's name resolves from the generated /etc/passwd" \
    test "$(app_run --command=id org.test.OnDebian -un)" = "$(id -un)"
fonts=$(app_run --command=fc-list org.test.OnDebian 2>&1)
check "fontconfig finds the fonts" sh -c 'printf "%s\n" "$1" | grep -q "DejaVu Sans"' sh "$fonts"
check "from the runtime's cache: the app wrote no font cache of its own" \
    sh -c 'test -d "$1" && test -z "$(ls -A "$1/fontconfig" 2> /dev/null)"' sh "$HOME/.var/app/org.test.OnDebian/cache"

done_testing
