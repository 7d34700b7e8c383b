#!/bin/sh
# make-peer-repo.sh WORKDIR: a tiny runtime and two apps, exported with
# `flatpak build-export` into WORKDIR/repo (archive mode), offline, so that
# Flatpak and Hutch install the very same commits for the benchmarks.
#
#   runtime/org.test.Platform/ARCH/1: busybox (static) and its applet links,
#     the host's /usr/bin/true with the C library and the dynamic loader, and
#     a static ldconfig (flatpak runs it to build the app's ld.so.cache)
#   app/org.test.Hello/ARCH/stable, app/org.test.Hello2/ARCH/stable: a shell
#     script /app/bin/hello and a data file that makes the two differ
#
# Run it as the user who installs them.
set -eu
W=$1
arch=$(flatpak --default-arch)
multiarch=$(gcc -print-multiarch 2> /dev/null || echo "$arch-linux-gnu")
rm -rf "$W/runtime" "$W/app1" "$W/app2" "$W/repo"
mkdir -p "$W"

# The runtime.  `flatpak build-export --runtime` commits DIR/usr as files/
# (DIR/files must exist, and may be empty).
R=$W/runtime
mkdir -p "$R/files" "$R/usr/bin" "$R/usr/lib/$multiarch" "$R/usr/lib64" "$R/usr/etc"
cp /bin/busybox "$R/usr/bin/busybox"
for applet in sh cat echo env ls sleep id mkdir rm cp ps grep sed head wc; do
    ln -s busybox "$R/usr/bin/$applet"
done
cp /usr/bin/true "$R/usr/bin/true"
cp /sbin/ldconfig "$R/usr/bin/ldconfig"
cp -L "/lib/$multiarch/libc.so.6" "$R/usr/lib/$multiarch/libc.so.6"
cp -L /lib64/ld-linux-x86-64.so.2 "$R/usr/lib/$multiarch/ld-linux-x86-64.so.2"
ln -s "../lib/$multiarch/ld-linux-x86-64.so.2" "$R/usr/lib64/ld-linux-x86-64.so.2"
printf '/usr/lib/%s\n' "$multiarch" > "$R/usr/etc/ld.so.conf"
printf '[Runtime]\nname=org.test.Platform\nruntime=org.test.Platform/%s/1\nsdk=org.test.Platform/%s/1\n' \
    "$arch" "$arch" > "$R/metadata"

# The apps.
make_app () {
    mkdir -p "$1/files/bin" "$1/files/share/$2" "$1/export"
    printf '#!/bin/sh\necho "hello from %s"\n' "$2" > "$1/files/bin/hello"
    chmod 755 "$1/files/bin/hello"
    echo "$2" > "$1/files/share/$2/data.txt"
    printf '[Application]\nname=%s\nruntime=org.test.Platform/%s/1\nsdk=org.test.Platform/%s/1\ncommand=hello\n' \
        "$2" "$arch" "$arch" > "$1/metadata"
}
make_app "$W/app1" org.test.Hello
make_app "$W/app2" org.test.Hello2

flatpak build-export --runtime "$W/repo" "$R" 1 > /dev/null
flatpak build-export "$W/repo" "$W/app1" stable > /dev/null
flatpak build-export "$W/repo" "$W/app2" stable > /dev/null
flatpak build-update-repo "$W/repo" > /dev/null
