#!/bin/sh
# install-deps.sh: install the Debian 12 packages listed in .ci/packages
# that are missing (as root, or through sudo).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
missing=
for p in $(grep -v '^#' "$here/.ci/packages"); do
    dpkg-query -W -f '${Status}' "$p" 2> /dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
echo "Installing:$missing"
as_root () {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
as_root apt-get update -qq
# shellcheck disable=SC2086
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
