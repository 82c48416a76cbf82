#!/bin/sh
# formats_wall.sh — wall time per byte of JSON lines and of W3C next to CLF, run the way a
# user runs logstat (`-o json FILE`, default threads), on FILE and its twins FILE.json and
# FILE.w3c (bench/gen --size S --seed N [--format json|w3c]: the same size, the same kind of
# requests). Each round runs every command once, the order rotated by one place per round
# so that a slow spell lands on all alike; the ratios are paired per round (JSON's seconds
# per byte over CLF's in the same round), then the median and min–max. One discarded round
# first warms the page cache. A benchmark: it prints figures and never fails on them.
# Needs GNU date (%N) and stat, as on Debian.
# Usage: bench/formats_wall.sh [--rounds 11] FILE LOGSTAT [BASE_LOGSTAT]
set -eu
rounds=11
if [ "${1:-}" = --rounds ]; then
	rounds=$2
	shift 2
fi
case $rounds in
'' | *[!0-9]* | 0) echo "$0: --rounds takes a positive number, not '$rounds'" >&2; exit 2 ;;
esac
[ $# -ge 2 ] || { echo "usage: $0 [--rounds 11] FILE LOGSTAT [BASE_LOGSTAT]" >&2; exit 2; }
file=$1
shift
for f in "$file" "$file.json" "$file.w3c"; do
	[ -s "$f" ] || { echo "$0: $f is missing (bench/gen --format json|w3c)" >&2; exit 2; }
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# run BIN FILE: seconds of `BIN -o json FILE`
run() {
	t0=$(date +%s.%N)
	"$1" -o json "$2" >/dev/null
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{printf "%.4f", $2 - $1}'
}

# binary BIN_INDEX ARGS...: the binary at that place among the arguments
binary() {
	shift "$(($1 + 1))"
	echo "$1"
}

cmds=""
b=0
for bin in "$@"; do
	for ext in clf json w3c; do
		cmds="${cmds:+$cmds }$b:$ext"
	done
	b=$((b + 1))
done
ncmds=$((3 * $#))

r=0
while [ $r -le "$rounds" ]; do
	# rotate the order by r places
	i=0
	order=""
	for c in $cmds; do
		order="$order $(echo "$cmds" | cut -d' ' -f$(((i + r) % ncmds + 1)))"
		i=$((i + 1))
	done
	line=""
	for c in $order; do
		b=${c%%:*} ext=${c#*:}
		bin=$(binary "$b" "$@")
		f=$file
		[ "$ext" = clf ] || f=$file.$ext
		line="$line $c=$(run "$bin" "$f")"
	done
	[ $r -gt 0 ] && echo "$r$line" >>"$out" # round 0 warms up
	r=$((r + 1))
done

sizes="$(stat -c %s "$file") $(stat -c %s "$file.json") $(stat -c %s "$file.w3c")"
echo "wall seconds per run (-o json, default threads), $rounds rounds after one warm-up"
b=0
for bin in "$@"; do
	echo "$bin:"
	awk -v b="$b" -v sizes="$sizes" '
		BEGIN { split(sizes, s, " ") }
		{
			for (i = 2; i <= NF; i++) {
				split($i, kv, "=")
				t[kv[1]] = kv[2]
			}
			c = t[b ":clf"] / s[1]
			j[NR] = (t[b ":json"] / s[2]) / c
			w[NR] = (t[b ":w3c"] / s[3]) / c
			printf "  round %d: CLF %.3f s, JSON %.3f s, W3C %.3f s; per byte JSON %.2fx, W3C %.2fx\n",
			       $1, t[b ":clf"], t[b ":json"], t[b ":w3c"], j[NR], w[NR]
		}
		function summary(name, v, n,    i, k, x) {
			for (i = 1; i <= n; i++)
				for (k = i + 1; k <= n; k++)
					if (v[k] < v[i]) { x = v[i]; v[i] = v[k]; v[k] = x }
			printf "  %s per byte over CLF: median %.2fx (%.2f-%.2f)\n", name,
			       n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2, v[1], v[n]
		}
		END { summary("JSON lines", j, NR); summary("W3C", w, NR) }' "$out"
	b=$((b + 1))
done
