#!/bin/sh
# memcheck.sh — the binary under valgrind's memcheck, on the commands and inputs users run
# most: a read of memory never written, a bad free or a heap read out of bounds fails the
# test (memcheck does not see overruns of stack or global arrays; ASan does).
# (AddressSanitizer does not see uninitialised reads; this is how a warning carried from
# one input to the next and a short-option table read past its end were found.)
# Usage: tests/memcheck.sh LOGSTAT SOURCE_DIR WORK_DIR
set -eu
bin=$1 src=$2 work=$3
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed" >&2; exit 1; }
mkdir -p "$work"
s=$src/samples/access.log
gzip -c "$s" >"$work/s.gz"
zstd -qfc "$s" >"$work/s.zst"
{
	head -n 3 "$s"
	i=0
	while [ $i -lt 20 ]; do
		echo "garbage line $i"
		i=$((i + 1))
	done
} >"$work/mostly-bad.log"
rm -f "$work/state"
failed=0
n=0
# vg COMMAND...: run it under memcheck (its exit status is not the point: --fail-if and a
# bad input exit non-zero on purpose); any report of memcheck's fails the test
vg() {
	n=$((n + 1))
	rc=0
	valgrind -q --leak-check=no --error-exitcode=99 "$@" >"$work/out" 2>"$work/err" || rc=$?
	if [ $rc -eq 99 ] || grep -q '^==[0-9]*== \|^valgrind: ' "$work/err"; then
		echo "memcheck: $*" >&2
		grep '^==[0-9]*== \|^valgrind: ' "$work/err" | head -n 30 >&2
		failed=1
	fi
}
for o in text json csv html prometheus nagios; do
	vg "$bin" -o "$o" "$s"
done
vg "$bin" "$work/s.gz"
vg "$bin" -o json "$work/s.zst"
vg "$bin" -o json "$work/mostly-bad.log" "$s"
vg "$bin" --by path,client,vhost -o json "$s"
vg "$bin" --by path -o html "$s"
vg "$bin" -o prometheus --labels vhost,method "$s"
vg "$bin" --since 2023-10-10T13:55:40 --until 2023-10-10T13:56:00 "$s"
vg "$bin" --state "$work/state" "$s"
vg "$bin" --state "$work/state" "$s"
vg "$bin" codes 499
vg "$bin" codes -o json nginx
"$bin" -o json "$s" >"$work/r.json"
vg "$bin" merge "$work/r.json" "$work/r.json"
for f in "$src"/tests/data/formats/*.log; do
	[ -f "$f" ] && vg "$bin" -o json "$f"
done
echo "memcheck: $n runs"
exit $failed
