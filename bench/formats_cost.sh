#!/bin/sh
# formats_cost.sh — what a byte of JSON lines and of W3C costs next to a byte of CLF, for
# the same requests (bench/gen writes the three from one seed): instructions per byte under
# callgrind (deterministic, so a change shows even on a busy machine) and, with --cpu,
# CPU time per byte (perf's task-clock, a software counter) paired per round. A benchmark,
# not a test: it prints figures and never fails on them.
# Usage: bench/formats_cost.sh [--size 20M] [--cpu ROUNDS] LOGSTAT [BASE_LOGSTAT]
set -eu
size=20M
rounds=0
while [ $# -gt 0 ]; do
	case $1 in
	--size) size=$2; shift 2 ;;
	--cpu) rounds=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--size 20M] [--cpu ROUNDS] LOGSTAT [BASE_LOGSTAT]" >&2; exit 2; }
here=$(dirname "$0")
[ -x "$here/gen" ] || make -C "$here" gen >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$here/gen" --size "$size" --seed 3 >"$dir/clf"
"$here/gen" --size "$size" --seed 3 --format json >"$dir/json"
"$here/gen" --size "$size" --seed 3 --format w3c >"$dir/w3c"

per_byte() { # BIN FORMAT: instructions per byte of `BIN -j1 -o json FILE`
	valgrind --tool=callgrind --callgrind-out-file="$dir/cg" "$1" -j1 -o json "$dir/$2" \
		>/dev/null 2>"$dir/err"
	ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$dir/err")
	echo "$ir $(stat -c %s "$dir/$2")" | awk '{printf "%.2f", $1 / $2}'
}

echo "instructions per byte (callgrind, -j1, -o json, $size per format)"
for bin in "$@"; do
	c=$(per_byte "$bin" clf)
	j=$(per_byte "$bin" json)
	w=$(per_byte "$bin" w3c)
	echo "$bin: CLF $c, JSON $j ($(echo "$j $c" | awk '{printf "%.2f", $1 / $2}')x), W3C $w ($(echo "$w $c" | awk '{printf "%.2f", $1 / $2}')x)"
done

[ "$rounds" -gt 0 ] || exit 0
echo "CPU ms per run (perf task-clock, -j1, -o json), per round: CLF JSON W3C, JSON/CLF W3C/CLF"
for bin in "$@"; do
	r=0
	while [ $r -lt "$rounds" ]; do
		line=""
		for f in clf json w3c; do
			t=$(perf stat -x, -e task-clock "$bin" -j1 -o json "$dir/$f" 2>&1 >/dev/null |
				awk -F, '/task-clock/ {printf "%.0f", $1}')
			line="$line $t"
		done
		echo "$bin:$line" | awk '{printf "%s %s %s %s  %.2f %.2f\n", $1, $2, $3, $4, $3 / $2, $4 / $2}'
		r=$((r + 1))
	done
done
