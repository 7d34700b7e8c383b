#!/bin/sh
# Every translation in po/ covers every translatable string of the sources
# listed in po/POTFILES, with no fuzzy entries, and compiles cleanly.
set -u
: "${HUTCH_SRCDIR:?run the tests through meson test}"
po=$HUTCH_SRCDIR/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
result () {
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

# Every source file with a marked string is listed: _(), N_(), C_(), NC_()
# or a plural through (g_)dngettext().
listed=$(grep -v '^#' "$po/POTFILES" | sort)
marked=$(cd "$HUTCH_SRCDIR" && grep -rlE '(^|[^A-Za-z0-9_])(N?C?_ ?\("|(g_)?dngettext ?\()' --include='*.c' \
    installation launcher profiles bundler portals 2> /dev/null | sort)
printf '%s\n' "$listed" > "$tmp/listed"
printf '%s\n' "$marked" > "$tmp/marked"
missing_files=$(comm -13 "$tmp/listed" "$tmp/marked")
[ -z "$missing_files" ]
result $? "po/POTFILES lists every source file with translatable strings"
for f in $missing_files; do echo "# not in po/POTFILES: $f"; done

# The keywords of meson's "glib" gettext preset.
xgettext --from-code=UTF-8 --add-comments=TRANSLATORS: --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
    --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
    --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
    --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
    --directory="$HUTCH_SRCDIR" --files-from="$po/POTFILES" --output="$tmp/hutch.pot"
result $? "xgettext extracts the strings of po/POTFILES"

for lang in $(grep -v '^#' "$po/LINGUAS"); do
    msgfmt --check --output-file=/dev/null "$po/$lang.po"
    result $? "$lang.po compiles with msgfmt --check"
    msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/$lang.po" "$po/$lang.po" "$tmp/hutch.pot"
    # msgfmt counts every entry, also those whose msgid wraps onto several lines.
    stats=$(LC_ALL=C msgfmt --statistics --output-file=/dev/null "$tmp/$lang.po" 2>&1)
    missing=$(echo "$stats" | sed -n 's/.* \([0-9]*\) untranslated message.*/\1/p')
    fuzzy=$(echo "$stats" | sed -n 's/.* \([0-9]*\) fuzzy translation.*/\1/p')
    missing=${missing:-0} fuzzy=${fuzzy:-0}
    [ "$missing" = 0 ] && [ "$fuzzy" = 0 ]
    result $? "$lang.po translates every string ($missing missing, $fuzzy fuzzy)"
    if [ "$missing" != 0 ]; then
        msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -A1 '^msgid' | head -40 | sed 's/^/# /'
    fi
done
echo "1..$n"
exit $failed
