#!/bin/bash
# soak.sh — rotation and cron scenarios for N minutes with random timings, then a check
# that every line written was counted exactly once: by the --state runs (each run's lines
# by number, from its --by path section, so a line counted twice or never is named with
# the runs that counted it) and by one `logstat -f` following the same log all along.
# Not part of CI: it runs for minutes.
#
# A writer appends numbered lines in random bursts and pauses (the log is sometimes empty
# when a run looks), keeping its file open like a server and reopening it only when told
# (so lines land in the renamed file after a rotation, as they do in life). A rotator
# rotates in a random style — rename and create, then gzip or zstd or not, copytruncate
# (then gzip or not), dated names, delaycompress (the rotation before is compressed) —
# once at least one --state run has succeeded since the last rotation (two rotations
# between two runs lose the middle file: said, not a bug).
# The cron loop runs `logstat --state` at random intervals and kills some runs with -9.
#
# Usage: scripts/soak.sh [MINUTES] [LOGSTAT]   (default 30, ./build/logstat)
# SOAK_STYLES="3 4" limits the rotation styles (numbers as in rotate_once).
# SOAK_SEED=N fixes the random choices (bursts, pauses, styles, kills; the scheduling of
#   the processes still varies); the seed is printed, so a failing run can be tried again.
# SOAK_PACE=P scales every pause to P % (default 100; 20 runs five times as fast).
# SOAK_SIBLINGS=N starts with N old dated siblings (dateext, rotate 365): every run lists
#   them, so its plan takes longer and a rotation lands between plan and read more often.
#   SOAK_STYLES="3 5" SOAK_SIBLINGS=3000 SOAK_PACE=20 is the quick way to that race.
# The work directory keeps, when a count is wrong: events (writer, rotator and runs on one
# clock), runs.log (per run: state before and after, the siblings seen at its start and
# end, its count) and seen/RUN (the line numbers each run counted).
# Exit status 0 when every count matches; the figures are printed either way.
set -u
minutes=${1:-30}
bin=$(realpath "${2:-build/logstat}")
[ -x "$bin" ] || { echo "soak.sh: no logstat at $bin (build it first)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/logstat-soak.XXXXXX")
log=$work/access.log state=$work/state lock=$work/write.lock
seed=${SOAK_SEED:-$$$(date +%s)} pace=${SOAK_PACE:-100}
echo "soak.sh: $minutes min in $work with $bin (SOAK_SEED=$seed SOAK_PACE=$pace${SOAK_STYLES:+ SOAK_STYLES=\"$SOAK_STYLES\"}${SOAK_SIBLINGS:+ SOAK_SIBLINGS=$SOAK_SIBLINGS})"
end=$(($(date +%s) + minutes * 60))
mkdir "$work/seen"
for ((i = 0; i < ${SOAK_SIBLINGS:-0}; i++)); do echo "old $i" >"$log-1$(printf %07d "$i")"; done
[ "${SOAK_SIBLINGS:-0}" -gt 0 ] && touch -d '1 year ago' "$log"-1*

rand() { echo $((RANDOM % ($2 - $1 + 1) + $1)); }     # integer in [$1, $2]
put() { echo "$2" >"$work/$1.tmp.$BASHPID" && mv "$work/$1.tmp.$BASHPID" "$work/$1"; } # atomic
nap() { sleep "$(rand 0 $(($1 * pace / 100)))e-3"; }  # up to $1 ms, scaled by the pace
now() { date +%s.%N; }
event() { echo "$(now) $*" >>"$work/events"; }        # one line: atomic with O_APPEND
siblings() { # name:inode:size:mtime of the log and its 12 newest rotated siblings
	(cd "$work" && ls -t 2>/dev/null | grep '^access\.log' | grep -v '^access\.log-1' | head -13 |
		xargs -r stat -c '%n:%i:%s:%.9Y' 2>/dev/null | tr '\n' ' ')
}

# ---- the writer: numbered lines, status by number (200, 404, 500), file kept open ----
writer() {
	local seq=0 n i
	RANDOM=$((seed + 1))
	exec 3>>"$log"
	while [ ! -e "$work/stop" ]; do
		if [ -e "$work/reopen" ]; then # the rotator renamed the file: reopen the path
			exec 3>&- 3>>"$log"
			event "writer: reopened the log at line $seq"
			rm -f "$work/reopen"
			: >"$work/reopened"
		fi
		n=$(rand 1 40)
		{
			flock 4
			for ((i = 0; i < n; i++, seq++)); do
				case $((seq % 3)) in 0) s=200 ;; 1) s=404 ;; *) s=500 ;; esac
				printf '10.%d.%d.%d - - [10/Oct/2000:13:55:36 -0700] "GET /n/%d HTTP/1.1" %d %d "-" "soak"\n' \
					$((seq / 65536 % 256)) $((seq / 256 % 256)) $((seq % 256)) "$seq" "$s" "$seq" >&3
			done
		} 4>"$lock"
		put written "$seq"
		if [ "$(rand 0 30)" = 0 ]; then nap 3000; else nap 150; fi # sometimes a long quiet
	done
	exec 3>&-
}

# ---- the rotator ----
shift_numbered() { # NAME.k[.gz|.zst] -> NAME.(k+1)..., keeping 12
	local k ext
	for ((k = 12; k >= 1; k--)); do
		for ext in "" .gz .zst; do
			[ -e "$log.$k$ext" ] || continue
			if [ "$k" = 12 ]; then rm -f "$log.$k$ext"; else mv "$log.$k$ext" "$log.$((k + 1))$ext"; fi
		done
	done
}

reopen_writer() { # like postrotate: the server reopens its log, a little later
	nap 400
	rm -f "$work/reopened"
	: >"$work/reopen"
	while [ ! -e "$work/reopened" ] && [ ! -e "$work/stop" ]; do sleep 0.02; done
}

compress() { # $1 file, $2 gz|zst|none
	case $2 in
	gz) gzip -q "$1" ;;
	zst) zstd -q --rm "$1" ;;
	esac
}

rotate_once() {
	local -a pick=(${SOAK_STYLES:-0 1 2 3 4 5 6 7 8})
	local style=${pick[$(rand 0 $((${#pick[@]} - 1)))]} day
	day=$(printf '2024%04d' "$(cat "$work/rotations")")
	event "rotator: rotation $(cat "$work/rotations") style $style begins"
	case $style in
	0 | 1 | 2) # rename and create; compress after the server reopened
		shift_numbered
		mv "$log" "$log.1" && : >>"$log"
		event "rotator: renamed to access.log.1, created access.log"
		reopen_writer
		compress "$log.1" "$(echo none gz zst | cut -d' ' -f$((style + 1)))" ;;
	3 | 4) # copytruncate (the writer waits meanwhile: no line falls between copy and truncate)
		shift_numbered
		{ flock 4; cp "$log" "$log.1" && : >"$log"; } 4>"$lock"
		event "rotator: copied to access.log.1 and truncated"
		[ "$style" = 4 ] && compress "$log.1" gz ;;
	8) # delaycompress: rename and create, then the rotation before is compressed
		shift_numbered
		mv "$log" "$log.1" && : >>"$log"
		event "rotator: renamed to access.log.1, created access.log"
		reopen_writer
		[ -e "$log.2" ] && compress "$log.2" gz ;;
	*) # dateext
		mv "$log" "$log-$day" && : >>"$log"
		event "rotator: renamed to access.log-$day, created access.log"
		reopen_writer
		compress "$log-$day" "$(echo none gz zst | cut -d' ' -f$((style - 4)))" ;;
	esac
	event "rotator: rotation $(cat "$work/rotations") done"
	put rotations $(($(cat "$work/rotations") + 1))
	echo "$style" >>"$work/styles"
}

# A run that began after the last rotation must have succeeded before the next one.
rotator() {
	local since
	RANDOM=$((seed + 2))
	while [ ! -e "$work/stop" ]; do
		since=$(cat "$work/started")
		nap 2500
		while [ "$(cat "$work/okstart")" -le "$since" ] && [ ! -e "$work/stop" ]; do
			sleep 0.05
		done
		[ -e "$work/stop" ] || rotate_once
	done
}

# ---- cron: incremental runs, some killed ----
state_lines() { grep -h '^input \|^prev \|^totals ' "$state" 2>/dev/null | cut -d' ' -f1-9 | tr '\n' '|'; }

cron_run() { # $1: "nokill" for a run that must finish
	local n=$(($(cat "$work/started") + 1)) before t0 dir0
	put started "$n"
	before=$(state_lines) dir0=$(siblings) t0=$(now)
	event "cron: run $n starts"
	# every path row: the numbers of the lines this run counted
	"$bin" --state "$state" -o csv --by path --top 100000 "$log" >"$work/out" 2>"$work/err" &
	local pid=$! kill_it=$(rand 0 7)
	if [ "$kill_it" = 0 ] && [ "${1:-}" != nokill ]; then
		nap 60
		kill -9 "$pid" 2>/dev/null && put killed $(($(cat "$work/killed") + 1))
	fi
	wait "$pid"
	local rc=$? after
	after=$(state_lines)
	if [ "$after" != "$before" ]; then # saved (even when killed after saving): it counts
		sed -n 's|^path,/n/\([0-9]*\),\([0-9]*\),.*|\1 \2|p' "$work/out" >"$work/seen/$n"
	fi
	{
		echo "run $n rc $rc $t0 .. $(now) counted $(awk '{ c += $2 } END { print c + 0 }' \
			"$work/seen/$n" 2>/dev/null)"
		echo "  before: $before"
		echo "  after:  $after"
		echo "  files at start: $dir0"
		echo "  files at end:   $(siblings)"
		sed 's/^/  said: /' "$work/err"
	} >>"$work/runs.log"
	event "cron: run $n exited $rc"
	if [ "$rc" = 0 ]; then
		put runs $(($(cat "$work/runs") + 1))
		put okstart "$n"
	elif [ "$rc" != 137 ]; then
		echo "soak.sh: run $n exited $rc: $(cat "$work/err")" >>"$work/failures"
	fi
	grep -h 'warning' "$work/err" >>"$work/warnings" 2>/dev/null
}

cron() {
	RANDOM=$((seed + 3))
	while [ ! -e "$work/stop" ]; do
		nap 1200
		cron_run
	done
}

echo 0 >"$work/runs"; echo 0 >"$work/started"; echo 0 >"$work/okstart"; echo 0 >"$work/rotations"; echo 0 >"$work/killed"; echo 0 >"$work/written"
: >"$work/styles"; : >"$work/warnings"
"$bin" -f --no-ui --interval 200 "$log" >"$work/follow.out" 2>"$work/follow.err" &
follow=$!
sleep 0.5
writer & wpid=$!
rotator & rpid=$!
cron 2>"$work/cron.err" & cpid=$! # the shell says "Killed" for each run killed: kept apart
while [ "$(date +%s)" -lt "$end" ]; do sleep 5; done
: >"$work/stop"
wait "$wpid" "$rpid" "$cpid"
cron_run nokill # everything written is in the log or a finished predecessor now
sleep 7 # past the follower's linger on a rotated file
kill -INT "$follow"
wait "$follow"

written=$(cat "$work/written")
want() { echo $(((written + 2 - $1) / 3)); } # lines with seq % 3 == $1 among 0..written-1
read -r _ lines requests _ <<<"$(grep '^totals ' "$state")"
code() { awk -v c="$1" '$1 == "code" && $2 == c { print $3 }' "$state"; }
followed=$(tail -n 1 "$work/follow.out" | sed -n 's/.* requests=\([0-9]*\) .*/\1/p')
status=0
check() { # name got want
	if [ "$2" = "$3" ]; then echo "  ok   $1: $2"; else echo "  FAIL $1: $2, want $3"; status=1; fi
}
echo "soak.sh: $written lines written, $(cat "$work/rotations") rotations" \
	"(styles $(sort "$work/styles" | uniq -c | awk '{printf "%s:%s ", $2, $1}')), " \
	"$(cat "$work/runs") --state runs ok, $(cat "$work/killed") killed with -9"
check "--state lines" "$lines" "$written"
check "--state requests" "$requests" "$written"
check "--state 200" "$(code 200)" "$(want 0)"
check "--state 404" "$(code 404)" "$(want 1)"
check "--state 500" "$(code 500)" "$(want 2)"
check "-f requests" "$followed" "$written"
# Line by line: each number 0..written-1 counted once by the saved runs. Ranges of lines
# counted twice or never, with the runs that counted them (runs.log, events).
awk -v w="$written" '
	FNR == 1 { run = FILENAME; sub(/.*\//, "", run) }
	{ c[$1] += $2; r[$1] = r[$1] " " run }
	function flush() {
		if (kind != "") printf "%s %d-%d%s\n", kind, lo, hi, kind == "twice" ? " runs" rs : ""
		kind = ""
	}
	END {
		for (i = 0; i < w; i++) {
			k = !(i in c) ? "never" : c[i] > 1 ? "twice" : ""
			if (k != kind || (k == "twice" && r[i] != rs) || i != hi + 1) flush()
			if (k != "" && kind == "") { kind = k; lo = i; rs = r[i] }
			hi = i
		}
		flush()
		for (i in c) if (i + 0 >= w) printf "unwritten %d\n", i
	}' "$work"/seen/* >"$work/lines.check"
if [ -s "$work/lines.check" ]; then
	awk '{ split($2, a, "-"); t[$1] += $1 == "unwritten" ? 1 : a[2] - a[1] + 1 } END { for (k in t) printf "  FAIL lines %s: %d\n", k, t[k] }' \
		"$work/lines.check"
	head -20 "$work/lines.check" | sed 's/^/    /'
	status=1
else
	echo "  ok   --state line by line: each of $written counted once"
fi
if [ -s "$work/failures" ]; then
	echo "  FAIL runs that failed:"; sed 's/^/    /' "$work/failures"; status=1
fi
[ -s "$work/warnings" ] && { echo "  warnings from --state runs:"; sort "$work/warnings" | uniq -c | head; }
grep -v ' Killed ' "$work/cron.err" | sed 's/^/  shell: /'
[ -s "$work/follow.err" ] && { echo "  -f said:"; grep -v ': following$\|: rotated$' "$work/follow.err" | sort | uniq -c | head; }
[ "$status" = 0 ] && rm -rf "$work" || echo "soak.sh: kept $work"
exit $status
