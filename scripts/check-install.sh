#!/bin/sh
# check-install.sh BUILD_DIR [--deb] — install BUILD_DIR into a temporary prefix and check
# every installed file: the list is exactly tests/data/installed-files.txt, the binary
# runs, the man pages render without a warning, the completions load, the docs are there.
# With --deb also build the Debian package (cpack -G DEB) and check it: dpkg-deb -c / -I,
# lintian without errors, and the binary run from a dpkg -x scratch root.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "check-install: $*" >&2
	exit 1
}

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
(cd "$tmp/prefix" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$tmp/got"
LC_ALL=C sort "$src/tests/data/installed-files.txt" >"$tmp/want"
diff -u "$tmp/want" "$tmp/got" || fail "installed files differ from tests/data/installed-files.txt"

p=$tmp/prefix
"$p/bin/logstat" --version | grep -q '^logstat [0-9]' || fail "bin/logstat --version"
"$p/bin/logstat" explain -o json 404 | grep -q '"code":404' || fail "bin/logstat explain"
for page in man1/logstat.1.gz man5/logstat-codes.5.gz; do
	[ -n "$(gzip -dc "$p/share/man/$page" | groff -ww -z -man 2>&1)" ] &&
		fail "$page: groff warnings"
	gzip -dc "$p/share/man/$page" | groff -man -Tutf8 -P-cbou 2>/dev/null | grep -q "^NAME" ||
		fail "$page does not render"
done
bash --norc -c '. "$1" && complete -p logstat' sh \
	"$p/share/bash-completion/completions/logstat" | grep -q -- '-F _logstat logstat' ||
	fail "bash completion"
zsh -n "$p/share/zsh/vendor-completions/_logstat" || fail "zsh completion"
fish --no-execute "$p/share/fish/vendor_completions.d/logstat.fish" || fail "fish completion"
for f in README.md codes.md cron.md formats.md html.md json.md live.md copyright; do
	[ -s "$p/share/doc/logstat/$f" ] || fail "doc $f is empty"
done
gzip -t "$p/share/doc/logstat/changelog.gz" || fail "changelog.gz"
echo "check-install: $(wc -l <"$tmp/got") installed files checked"

[ "${2:-}" = "--deb" ] || exit 0
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb" >/dev/null) ||
	fail "cpack -G DEB"
deb=$(ls "$tmp"/deb/logstat_*.deb)
dpkg-deb -I "$deb" >"$tmp/info"
for field in 'Package: logstat' 'Architecture: ' 'Depends: .*libc6' 'Depends: .*libzstd1' \
	'Maintainer: ' 'Description: '; do
	grep -q "^ $field" "$tmp/info" || fail "dpkg-deb -I: no '$field'"
done
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./usr/||' | LC_ALL=C sort \
	>"$tmp/deb-files"
diff -u "$tmp/want" "$tmp/deb-files" || fail "the package's files differ"
dpkg-deb -c "$deb" | awk '$2 != "root/root" {print; bad=1} END {exit bad}' ||
	fail "files not owned by root"
lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1 | grep -v 'root privileges' |
	tee "$tmp/lintian" >&2
grep -q '^E:' "$tmp/lintian" && fail "lintian errors"
dpkg -x "$deb" "$tmp/root"
"$tmp/root/usr/bin/logstat" --version | grep -q '^logstat [0-9]' ||
	fail "logstat --version from the package"
echo "check-install: $(basename "$deb") checked ($(wc -l <"$tmp/lintian") lintian lines)"
