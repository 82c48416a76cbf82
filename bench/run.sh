#!/usr/bin/env bash
# bench/run.sh: times logstat against reference tools on one plain access log and prints a
# Markdown table. A benchmark, not a test: it never fails on a timing and CI does not run it.
# Usage: bench/run.sh FILE [--runs N] [--many N] [--write-lines N] [--follow-limit S] [--quick]
#                     [--no-threads] [--no-many] [--no-follow] [--no-since] [--no-formats]
#   LOGSTAT=path (default ./build/logstat); LOGSTAT_ARGS="..." extra arguments for every
#   logstat row; LOGSTAT_BASE=path adds the same logstat rows for a second binary (new/base).
#   --runs N        rounds (5); every command runs once per round, the order rotated
#   --many N        small inputs of 20 lines cut from FILE for the many-inputs case (10000)
#   --write-lines N   lines the one-write-per-line writer appends for -f (200000)
#   --follow-limit S  give up on a follow catch-up after S seconds (30)
#   --quick         only the plain, .gz and .zst rows and their peers (all --no-* below)
#   --no-threads    no --threads 1/2/8/64 rows;  --no-many    no many-inputs case
#   --no-follow     no -f cases (catch-up, writer); --no-since   no --since cases (the middle
#                   of the span, the last hour)
#   --no-formats    no FILE.json / FILE.w3c rows (they run only when those files exist)
# Peak RSS needs GNU time at /usr/bin/time (Debian: apt-get install time); without it RSS is n/a.
# FILE.gz and FILE.zst are made once and cached beside FILE (or in $TMPDIR if that is read-only).
#
# How it measures: every command runs once to warm up (discarded), then N rounds run every
# command once each, in an order rotated by one place per round, so that a slow spell of a
# shared machine lands on all commands alike. Ratios are paired: logstat's time in round i
# over its peer's time in round i, then the median and min-max of those per-round ratios.
# Backticks inside single quotes are Markdown, not command substitutions:
# shellcheck disable=SC2016
set -u
export LC_ALL=C

# ---- options -----------------------------------------------------------------------------

die() {
    printf 'run.sh: %s\n' "$*" >&2
    exit 2
}

usage() {
    sed -n '2,23s/^# \{0,1\}//p' "$0"
}

positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, not '$2'"; }

runs=5
many=10000
follow_limit=30
write_lines=200000
do_threads=1 do_many=1 do_follow=1 do_since=1 do_formats=1
file=""
while (($# > 0)); do
    case $1 in
        --runs | --many | --write-lines | --follow-limit)
            (($# >= 2)) || die "$1 needs a value"
            positive "$1" "$2"
            case $1 in
                --runs) runs=$2 ;;
                --many) many=$2 ;;
                --write-lines) write_lines=$2 ;;
                *) follow_limit=$2 ;;
            esac
            shift 2
            ;;
        --runs=*) runs=${1#--runs=} && positive --runs "$runs" && shift ;;
        --many=*) many=${1#--many=} && positive --many "$many" && shift ;;
        --no-threads) do_threads=0 && shift ;;
        --no-many) do_many=0 && shift ;;
        --no-follow) do_follow=0 && shift ;;
        --no-since) do_since=0 && shift ;;
        --no-formats) do_formats=0 && shift ;;
        --quick) do_threads=0 do_many=0 do_follow=0 do_since=0 do_formats=0 && shift ;;
        -h | --help)
            usage
            exit 0
            ;;
        -*) die "unknown option: $1 (see --help)" ;;
        *)
            [[ -z $file ]] || die "only one FILE, please"
            file=$1
            shift
            ;;
    esac
done
[[ -n $file ]] || {
    usage >&2
    exit 2
}
[[ -f $file && -r $file ]] || die "no readable file: $file"
[[ -s $file ]] || die "empty file: $file"
magic=$(head -c 4 "$file" | od -An -tx1 | tr -d ' \n')
case $magic in
    1f8b*) die "$file is gzip; give the plain log (the .gz is made from it)" ;;
    28b52ffd) die "$file is zstd; give the plain log (the .zst is made from it)" ;;
esac

logstat=${LOGSTAT:-./build/logstat}
base=${LOGSTAT_BASE:-}
logstat_args=()
read -r -a logstat_args <<<"${LOGSTAT_ARGS:-}"
have() { command -v "$1" >/dev/null 2>&1; }
gnu_time=0
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
    gnu_time=1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/logstat-bench.XXXXXX") || die "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT
notes=()

# ---- compressed copies, cached beside the file -------------------------------------------

# cached_copy EXT CMD...: prints the path of FILE.EXT, made with CMD (reading FILE on stdin)
# unless a copy newer than FILE is already there. Written to a temporary name, then renamed,
# so an interrupted run never leaves a truncated cache behind.
cached_copy() {
    local ext=$1 out
    shift
    out="$file.$ext"
    if ! [[ -w $(dirname -- "$file") ]]; then
        out="${TMPDIR:-/tmp}/$(basename -- "$file").$ext"
    fi
    if [[ ! -s $out || $file -nt $out ]]; then
        printf 'making %s ...\n' "$out" >&2
        if ! "$@" <"$file" >"$out.tmp.$$"; then
            rm -f "$out.tmp.$$"
            return 1
        fi
        mv -f "$out.tmp.$$" "$out"
    fi
    printf '%s\n' "$out"
}

if have pigz; then
    gz=$(cached_copy gz pigz -c) || die "could not compress $file with pigz"
else
    gz=$(cached_copy gz gzip -c) || die "could not compress $file with gzip"
fi
have zstd || die "zstd is needed to make $file.zst (apt-get install zstd)"
zst=$(cached_copy zst zstd -q -T0 -c) || die "could not compress $file with zstd"

size=$(stat -c %s -- "$file")
lines=$(wc -l <"$file")
lines=${lines// /}

# The status field for mawk and the line format for GoAccess: Apache vhost_combined has the
# virtual host as the first field, every other format here starts with the client.
format=$(head -n 500 "$file" | awk '{ n++; if ($1 ~ /^[A-Za-z0-9.-]+:[0-9]+$/) v++ }
    END { print (v * 2 > n) ? "vhost" : "plain" }')
if [[ $format == vhost ]]; then
    status_field=10
    goaccess_format='%^ %h %^[%d:%t %^] "%r" %s %^'
else
    status_field=9
    goaccess_format='%h %^[%d:%t %^] "%r" %s %^'
fi

# ---- the command registry ----------------------------------------------------------------
#
# Every row is a key in `keys`, with its label, section (which table it goes to), kind (cmd:
# run and timed; follow: a -f catch-up, see run_follow; write: -f behind a writer, see
# run_write), the bytes and lines it stands for
# (for MB/s and lines/s) and its command line in the array argv_KEY. A key listed in
# `skip_of` did not run (the reason goes to the notes). Results: wall_of[KEY,ROUND] in µs,
# rss_of[KEY,ROUND] in KiB, count_of[KEY,ROUND] for -f rows, cpu_of[KEY,ROUND] in ns for
# write rows.

keys=()
declare -A label_of=() section_of=() kind_of=() bytes_of=() lines_of=() skip_of=() rounds_of=()
declare -A wall_of=() rss_of=() count_of=() cpu_of=()
pairs=() # "A B": rows whose per-round ratio A/B is printed

# add KIND SECTION KEY LABEL BYTES LINES CMD...: registers one row.
add() {
    local kind=$1 section=$2 key=$3
    keys+=("$key")
    kind_of[$key]=$kind
    section_of[$key]=$section
    label_of[$key]=$4
    bytes_of[$key]=$5
    lines_of[$key]=$6
    rounds_of[$key]=$runs
    shift 6
    declare -g -a "argv_$key=()"
    local -n argv="argv_$key"
    argv=("$@")
}

# add_if TOOL SECTION KEY LABEL BYTES LINES CMD...: add, or an n/a row when TOOL is missing.
add_if() {
    local tool=$1
    shift
    add cmd "$@"
    have "$tool" || skip_of[$2]="$tool is not installed"
}

# add_binary KIND SECTION KEY LABEL BYTES LINES ARGS...: a logstat row, and with LOGSTAT_BASE
# the same row for the base binary (key base_KEY) paired with it as new/base.
add_binary() {
    local kind=$1 section=$2 key=$3 label=$4 bytes=$5 nlines=$6
    shift 6
    add "$kind" "$section" "$key" "logstat $label" "$bytes" "$nlines" "$logstat" "${logstat_args[@]}" "$@"
    [[ -x $logstat ]] || skip_of[$key]="no executable at $logstat (build it, or set LOGSTAT=path)"
    if [[ -n $base ]]; then
        add "$kind" "$section" "base_$key" "base $label" "$bytes" "$nlines" "$base" "${logstat_args[@]}" "$@"
        [[ -x $base ]] || skip_of[base_$key]="no executable at LOGSTAT_BASE=$base"
        pairs+=("$key base_$key")
    fi
}

add_logstat() { add_binary cmd "$@"; }

# skip_both KEY REASON: KEY and its base row do not run (a reason already given stays).
skip_both() {
    : "${skip_of[$1]:=$2}"
    [[ -z $base ]] || : "${skip_of[base_$1]:=$2}"
}

# ---- running one command -----------------------------------------------------------------

# run_once CMD...: runs CMD once with stdout discarded; sets run_us (wall, microseconds),
# run_kb (peak RSS in KiB, or empty) and run_status.
run_once() {
    local start end
    run_kb=""
    start=${EPOCHREALTIME/./}
    if ((gnu_time)); then
        /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>"$work/err"
        run_status=$?
    else
        "$@" >/dev/null 2>"$work/err"
        run_status=$?
    fi
    end=${EPOCHREALTIME/./}
    run_us=$((end - start))
    if ((gnu_time)) && [[ -s $work/rss ]]; then
        run_kb=$(tail -n 1 "$work/rss")
        [[ $run_kb =~ ^[0-9]+$ ]] || run_kb=""
    fi
}

# follow_start CMD...: starts CMD with its line output on a pipe opened as follow_fd; sets
# follow_pid.
follow_start() {
    local fifo=$work/follow.fifo
    rm -f "$fifo"
    mkfifo "$fifo" || return 1
    "$@" >"$fifo" 2>"$work/err" &
    follow_pid=$!
    exec {follow_fd}<"$fifo"
    rm -f "$fifo"
}

# follow_wait EXPECT DEADLINE_US: reads the output until a line's requests= reaches EXPECT or
# the deadline passes; sets run_count to the requests= last seen.
follow_wait() {
    local line left
    while ((run_count < $1)); do
        left=$(($2 - ${EPOCHREALTIME/./}))
        ((left > 0)) || break
        IFS= read -r -t "$((left / 1000000)).$(printf '%06d' $((left % 1000000)))" line <&"$follow_fd" || break
        [[ $line =~ (^|[[:space:]])requests=([0-9]+) ]] && run_count=${BASH_REMATCH[2]}
    done
}

# follow_stop: reads the peak RSS (VmHWM) into run_kb and stops the process; run_status is 1
# when it had already died on its own.
follow_stop() {
    run_status=0 run_kb=""
    if kill -0 "$follow_pid" 2>/dev/null; then
        run_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$follow_pid/status" 2>/dev/null)
        kill "$follow_pid" 2>/dev/null
    else
        run_status=1
    fi
    wait "$follow_pid" 2>/dev/null
    exec {follow_fd}<&-
}

# cpu_ns PID: CPU time of all live threads of PID in ns (/proc/PID/task/*/schedstat), or from
# the clock ticks of /proc/PID/stat when schedstat is missing.
cpu_ns() {
    local f sum=0 v
    for f in /proc/"$1"/task/*/schedstat; do
        read -r v _ <"$f" 2>/dev/null || continue
        sum=$((sum + v))
    done
    if ((sum == 0)); then
        sum=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.0f\n", ($12 + $13) * 1e9 / hz }' \
            "/proc/$1/stat" 2>/dev/null)
    fi
    printf '%s\n' "${sum:-0}"
}

# run_follow CMD...: `BIN -f --from-start ARGS... COPY` on a copy of FILE; stops at the first
# output line whose requests= reaches what the batch report counted (follow_expect), or after
# follow_limit seconds. Sets run_us (start to that line, start-up included), run_count,
# run_kb and run_status.
run_follow() {
    local start
    run_count=0
    start=${EPOCHREALTIME/./}
    follow_start "$1" -f --from-start "${@:2}" "$follow_copy" || return 1
    follow_wait "$follow_expect" $((start + follow_limit * 1000000))
    run_us=$((${EPOCHREALTIME/./} - start))
    follow_stop
}

# run_write CMD...: `BIN -f ARGS... TARGET` on an empty file, then a writer (perl syswrite)
# appends the first write_lines lines of FILE with one write() per line. Sets run_us (writer
# start to the output line that shows them all), run_count, run_cpu (logstat's CPU time in
# ns over that span), run_kb and run_status.
run_write() {
    local start cpu0
    run_count=0
    : >"$write_target"
    follow_start "$1" -f "${@:2}" "$write_target" || return 1
    sleep 0.5 # let it open the file and set up its watch before the first write
    cpu0=$(cpu_ns "$follow_pid")
    start=${EPOCHREALTIME/./}
    perl -e 'while (my $l = <STDIN>) { syswrite(STDOUT, $l) }' <"$write_src" >>"$write_target"
    follow_wait "$write_expect" $((start + follow_limit * 1000000))
    run_us=$((${EPOCHREALTIME/./} - start))
    run_cpu=$(($(cpu_ns "$follow_pid") - cpu0))
    follow_stop
}

# run_key KEY ROUND: runs one row once and stores its figures under ROUND (warm-up: w).
run_key() {
    local key=$1 r=$2
    # shellcheck disable=SC2178 # a nameref to the array argv_KEY
    local -n argv="argv_$key"
    case ${kind_of[$key]} in
        follow) run_follow "${argv[@]}" || run_status=1 ;;
        write) run_write "${argv[@]}" || run_status=1 ;;
        *) run_once "${argv[@]}" ;;
    esac
    if ((run_status != 0)); then
        local when="round $r"
        [[ $r != w ]] || when="warm-up"
        notes+=("${label_of[$key]}: $when: exit status $run_status: $(head -n 1 "$work/err" | cut -c1-160)")
        return 1
    fi
    # shellcheck disable=SC2034 # read through the namerefs of values and ratios
    wall_of[$key,$r]=$((run_us > 0 ? run_us : 1))
    [[ -z $run_kb ]] || rss_of[$key,$r]=$run_kb
    if [[ ${kind_of[$key]} != cmd ]]; then
        count_of[$key,$r]=$run_count
        [[ ${kind_of[$key]} != write ]] || cpu_of[$key,$r]=$run_cpu
    fi
}

# run_rounds: one warm-up run of each row (a row that fails it is skipped; one that took
# over 20 s runs in 3 rounds at most), then $runs rounds, the order rotated by one each round.
run_rounds() {
    local key r i n=${#keys[@]}
    for key in "${keys[@]}"; do
        [[ -z ${skip_of[$key]:-} ]] || continue
        printf 'warm-up: %s ...\n' "${label_of[$key]}" >&2
        if ! run_key "$key" w; then
            skip_of[$key]="failed its warm-up run (see above)"
        elif ((run_us > 20000000 && runs > 3)); then
            rounds_of[$key]=3
            notes+=("${label_of[$key]}: slow, 3 rounds only")
        fi
    done
    for ((r = 1; r <= runs; r++)); do
        printf 'round %d of %d ...\n' "$r" "$runs" >&2
        for ((i = 0; i < n; i++)); do
            key=${keys[$(((i + r - 1) % n))]}
            if [[ -z ${skip_of[$key]:-} ]] && ((r <= rounds_of[$key])); then
                run_key "$key" "$r" || true
            fi
        done
    done
}

# ---- figures from the rounds -------------------------------------------------------------

# stats: reads numbers, one a line; prints "n median min max" (n 0: nothing measured).
stats() {
    sort -g | awk '{ v[++n] = $1 } END {
        if (n == 0) { print 0; exit }
        m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        printf "%d %.17g %.17g %.17g\n", n, m, v[1], v[n] }'
}

# values KEY [MAP]: the per-round figures of KEY from wall_of (or MAP), one a line.
values() {
    local -n map=${2:-wall_of}
    local r
    for ((r = 1; r <= runs; r++)); do
        [[ -z ${map[$1,$r]:-} ]] || printf '%s\n' "${map[$1,$r]}"
    done
}

# ratios A B [MAP] [SCALE]: per round where both ran, (A / B) * SCALE, one a line.
ratios() {
    local -n map=${3:-wall_of}
    local r
    for ((r = 1; r <= runs; r++)); do
        if [[ -n ${map[$1,$r]:-} && -n ${map[$2,$r]:-} ]]; then
            printf '%s %s\n' "${map[$1,$r]}" "${map[$2,$r]}"
        fi
    done | awk -v s="${4:-1}" '$2 > 0 { printf "%.17g\n", $1 / $2 * s }'
}

# fmt_spread FORMAT "n median min max": "median (min-max)" with FORMAT, or n/a.
fmt_spread() {
    awk -v f="$1" -v s="$2" 'BEGIN { split(s, a, " ")
        if (a[1] == 0) { print "n/a"; exit }
        printf f " (" f "–" f ")\n", a[2], a[3], a[4] }'
}

# row_line KEY: one row of a throughput table.
row_line() {
    local key=$1 w k
    if [[ -n ${skip_of[$key]:-} ]]; then
        printf '| %s | n/a | n/a | n/a | n/a | n/a |\n' "${label_of[$key]}"
        return
    fi
    w=$(values "$key" | stats)
    k=$(values "$key" rss_of | stats)
    awk -v l="${label_of[$key]}" -v w="$w" -v k="$k" -v b="${bytes_of[$key]}" \
        -v n="${lines_of[$key]}" 'BEGIN {
        split(w, a, " "); split(k, m, " ")
        if (a[1] == 0) { printf "| %s | 0 | n/a | n/a | n/a | n/a |\n", l; exit }
        s = a[2] / 1e6
        rss = m[1] == 0 ? "n/a" : sprintf("%.1f (max %.1f)", m[2] / 1024, m[4] / 1024)
        printf "| %s | %d | %.3f (%.3f–%.3f) | %.0f | %.0f | %s |\n", l, a[1], s,
            a[3] / 1e6, a[4] / 1e6, b / 1e6 / s, n / s, rss }'
}

# throughput_table SECTION...: the rows of those sections.
throughput_table() {
    local key s
    printf '| command | rounds | wall s, median (min–max) | MB/s | lines/s | peak RSS MiB, median (max) |\n'
    printf '|---|---:|---:|---:|---:|---:|\n'
    for key in "${keys[@]}"; do
        for s in "$@"; do
            [[ ${section_of[$key]} != "$s" ]] || row_line "$key"
        done
    done
}

# pair_line A B: one row of the paired-ratio table, wall and peak RSS.
pair_line() {
    local a=$1 b=$2 w k
    [[ -z ${skip_of[$a]:-} && -z ${skip_of[$b]:-} ]] || return 0
    w=$(ratios "$a" "$b" | stats)
    k=$(ratios "$a" "$b" rss_of | stats)
    printf '| %s | %s | %s | %s | %s |\n' "${label_of[$a]}" "${label_of[$b]}" \
        "$(fmt_spread %.2fx "$w")" "$(fmt_spread %.2fx "$k")" "${w%% *}"
}

# ---- the cases ---------------------------------------------------------------------------

plain_args=(--output json "$file")
add_logstat main text "(plain, text report)" "$size" "$lines" "$file"
add_logstat main plain "--output json (plain, default threads)" "$size" "$lines" "${plain_args[@]}"
add_logstat main t1 "--output json --threads 1 (plain)" "$size" "$lines" --threads 1 "${plain_args[@]}"
add_logstat main gz "--output json (.gz)" "$size" "$lines" --output json "$gz"
add_logstat main zst "--output json (.zst)" "$size" "$lines" --output json "$zst"
add cmd main cat "cat FILE >/dev/null" "$size" "$lines" cat "$file"
add cmd main wc "wc -l FILE" "$size" "$lines" wc -l "$file"
add cmd main zstd "zstd -dc FILE.zst" "$size" "$lines" zstd -q -dc "$zst"
add cmd main gzip "gzip -dc FILE.gz" "$size" "$lines" gzip -dc "$gz"
add_if igzip main igzip "igzip -dc FILE.gz" "$size" "$lines" igzip -dc "$gz"
add_if mawk main mawk "mawk status tally" "$size" "$lines" \
    mawk "{c[\$$status_field]++} END{for(k in c) print k, c[k]}" "$file"
goaccess_args=(--no-global-config "--log-format=$goaccess_format" --date-format=%d/%b/%Y --time-format=%T)
for p in VISITORS REQUESTS REQUESTS_STATIC NOT_FOUND HOSTS OS BROWSERS VISIT_TIMES VIRTUAL_HOSTS \
    REFERRERS REFERRING_SITES KEYPHRASES REMOTE_USER CACHE_STATUS GEO_LOCATION ASN MIME_TYPE TLS_TYPE; do
    goaccess_args+=("--ignore-panel=$p")
done
add_if goaccess main goaccess "GoAccess, status panel only" "$size" "$lines" \
    goaccess "$file" "${goaccess_args[@]}" -o "$work/goaccess.json"
pairs+=("text wc" "plain wc" "t1 wc" "text cat" "gz igzip" "gz gzip" "zst zstd" "plain t1"
    "text mawk" "text goaccess")

if ((do_threads)); then
    for n in 2 8 64; do
        add_logstat threads "t$n" "--output json --threads $n (plain)" "$size" "$lines" \
            --threads "$n" "${plain_args[@]}"
    done
fi

# The batch report's own figures: the request count a follow run must reach, and the span
# of the file for --since.
batch_json=""
if [[ -x $logstat ]] && ((do_since || do_follow)); then
    batch_json=$("$logstat" "${logstat_args[@]}" --output json "$file" 2>/dev/null | head -c 4096)
fi
# json_field JSON KEY: the value of the first "KEY" in a report (no nesting needed here).
json_field() {
    local re="\"$2\": *\"?([^\",]*)"
    [[ $1 =~ $re ]] && printf '%s\n' "${BASH_REMATCH[1]}"
}

if ((do_since)); then
    first=$(json_field "$batch_json" first) last=$(json_field "$batch_json" last)
    mid="" end=""
    if [[ -n $first && -n $last && $first != null ]]; then
        mid=$(date -u -d "@$((($(date -d "$first" +%s) + $(date -d "$last" +%s)) / 2))" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null)
        end=$(date -u -d "@$(($(date -d "$last" +%s) - 3600))" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null)
    fi
    add_logstat since since "--since MIDDLE --output json (plain)" "$size" "$lines" \
        --since "${mid:-?}" "${plain_args[@]}"
    [[ -n $mid ]] || skip_both since "no time span from the batch report of $file"
    # the last hour of the span: a seek reads a few MB of the file, a full read all of it
    add_logstat since since_end "--since LAST-1h --output json (plain)" "$size" "$lines" \
        --since "${end:-?}" "${plain_args[@]}"
    [[ -n $end ]] || skip_both since_end "no time span from the batch report of $file"
    pairs+=("since plain" "since_end plain")
fi

if ((do_formats)); then
    for ext in json w3c; do
        [[ -s $file.$ext ]] || continue
        fsize=$(stat -c %s -- "$file.$ext")
        flines=$(wc -l <"$file.$ext")
        add_logstat formats "$ext" "--output json (FILE.$ext)" "$fsize" "${flines// /}" \
            --output json "$file.$ext"
    done
fi

if ((do_many)); then
    many_dir=$work/many
    mkdir -p "$many_dir"
    head -n $((many * 20)) "$file" | split -l 20 -a "${#many}" -d - "$many_dir/in."
    many_files=("$many_dir"/in.*)
    many_n=${#many_files[@]}
    many_bytes=$(cat "${many_files[@]}" | wc -c)
    ((many_n >= many)) || notes+=("many inputs: $file has $lines lines, so $many_n inputs, not $many")
    add_logstat many many "--output json DIR/* ($many_n inputs)" "$many_bytes" \
        "$((many_n * 20))" --output json "${many_files[@]}"
    add cmd many many_cat "cat DIR/* ($many_n inputs)" "$many_bytes" "$((many_n * 20))" cat "${many_files[@]}"
    pairs+=("many many_cat")
fi

if ((do_follow)); then
    follow_copy=$work/follow.log
    cp -- "$file" "$follow_copy"
    follow_expect=$(json_field "$batch_json" requests)
    add_binary follow follow f_default "-f --from-start (default interval)" "$size" "$lines"
    add_binary follow follow f_100 "-f --from-start --interval 100" "$size" "$lines" --interval 100
    if ! [[ $follow_expect =~ ^[0-9]+$ ]]; then
        skip_both f_default "no request count from a batch report of $file"
        skip_both f_100 "no request count from a batch report of $file"
    fi
    write_target=$work/write.log
    write_src=$work/write.src
    head -n "$write_lines" "$file" >"$write_src"
    write_n=$(wc -l <"$write_src")
    write_n=${write_n// /}
    write_expect=""
    if [[ -x $logstat ]]; then
        write_expect=$(json_field "$("$logstat" "${logstat_args[@]}" --output json "$write_src" 2>/dev/null |
            head -c 4096)" requests)
    fi
    add_binary write follow w_default "-f, $write_n lines written one write() each (default interval)" \
        "$(stat -c %s -- "$write_src")" "$write_n"
    if ! have perl; then
        skip_both w_default "perl is not installed (the writer)"
    elif ! [[ $write_expect =~ ^[0-9]+$ ]]; then
        skip_both w_default "no request count from a batch report of the first $write_n lines"
    fi
fi

cat "$file" >/dev/null # warm the page cache once before anything is timed
run_rounds

# ---- the report --------------------------------------------------------------------------

# rates KEY: per round, the requests a -f row counted per second of its wall time.
rates() {
    local r
    for ((r = 1; r <= runs; r++)); do
        [[ -z ${wall_of[$1,$r]:-} ]] || printf '%s %s\n' "${count_of[$1,$r]}" "${wall_of[$1,$r]}"
    done | awk '{ printf "%.17g\n", $1 / ($2 / 1e6) }'
}

# per_line KEY: per round, a write row's CPU ns per line written.
per_line() {
    local r
    for ((r = 1; r <= runs; r++)); do
        [[ -z ${cpu_of[$1,$r]:-} ]] || printf '%s\n' "${cpu_of[$1,$r]}"
    done | awk -v n="$write_n" '{ printf "%.17g\n", $1 / n }'
}

# caught KEY EXPECT: "C of N": in how many of its rounds KEY's count reached EXPECT.
caught() {
    local r n=0 c=0
    for ((r = 1; r <= runs; r++)); do
        [[ -n ${count_of[$1,$r]:-} ]] || continue
        n=$((n + 1))
        ((count_of[$1,$r] < $2)) || c=$((c + 1))
    done
    printf '%d of %d\n' "$c" "$n"
}

# follow_line KEY: a row of the follow tables (catch-up, or writer with its CPU per line).
follow_line() {
    local key=$1 expect=$follow_expect extra=""
    [[ ${kind_of[$key]} != write ]] || expect=$write_expect
    if [[ -n ${skip_of[$key]:-} ]]; then
        [[ ${kind_of[$key]} != write ]] || extra=" n/a |"
        printf '| %s | n/a | n/a | n/a |%s n/a |\n' "${label_of[$key]}" "$extra"
        return
    fi
    [[ ${kind_of[$key]} != write ]] || extra=" $(fmt_spread %.0f "$(per_line "$key" | stats)") |"
    printf '| %s | %s | %s | %s |%s %s |\n' "${label_of[$key]}" "$(caught "$key" "$expect")" \
        "$(fmt_spread %.3f "$(values "$key" | awk '{ print $1 / 1e6 }' | stats)")" \
        "$(fmt_spread %.0f "$(rates "$key" | stats)")" "$extra" \
        "$(max_rss "$key" | awk '{ print $1 } END { if (NR == 0) print "n/a" }')"
}

# verdict "n median min max" OP TARGET: "met" / "not met" by the median, with how many
# rounds were on the right side of the target.
verdict() {
    awk -v s="$1" -v op="$2" -v t="$3" 'BEGIN { split(s, a, " ")
        if (a[1] == 0) { print "n/a"; exit } }
        { ok += (op == "<=") ? ($1 <= t) : ($1 >= t) }
        END { if (a[1] == 0) exit
            m = (op == "<=") ? (a[2] <= t) : (a[2] >= t)
            printf "%s (%d of %d rounds)\n", m ? "met" : "NOT met", ok, a[1] }'
}

# target_ratio LABEL A B OP TARGET: a row of the targets table from the paired ratio A/B.
target_ratio() {
    local s v
    if [[ -n ${skip_of[$2]:-} || -n ${skip_of[$3]:-} ]]; then
        printf '| %s | n/a | n/a |\n' "$1"
        return
    fi
    s=$(ratios "$2" "$3" | stats)
    v=$(ratios "$2" "$3" | verdict "$s" "$4" "$5")
    printf '| %s | %s | %s |\n' "$1" "$(fmt_spread %.2fx "$s")" "$v"
}

# max_rss KEY...: "MiB key" of the largest peak RSS any round of those rows saw.
max_rss() {
    local key r
    for key in "$@"; do
        [[ -z ${skip_of[$key]:-} ]] || continue
        for ((r = 1; r <= runs; r++)); do
            [[ -z ${rss_of[$key,$r]:-} ]] || printf '%s %s\n' "${rss_of[$key,$r]}" "$key"
        done
    done | sort -n | tail -n 1 | awk '{ printf "%.1f %s\n", $1 / 1024, $2 }'
}

target_rss() {
    local label=$1 m
    shift
    m=$(max_rss "$@")
    if [[ -z $m ]]; then
        printf '| %s | n/a | n/a |\n' "$label"
    else
        awk -v l="$label" -v v="${m% *}" -v k="${label_of[${m#* }]}" 'BEGIN {
            printf "| %s | %.1f MiB (%s) | %s |\n", l, v, k, v <= 32 ? "met" : "NOT met" }'
    fi
}

targets_table() {
    local s
    printf '| target (issue 11) | measured: median (min–max) over the rounds | verdict |\n|---|---|---|\n'
    target_ratio "plain, full default report ≤ 1.5x \`wc -l\`" text wc "<=" 1.5
    target_ratio "stretch: plain, full default report ≤ 1.0x \`wc -l\`" text wc "<=" 1.0
    target_ratio "\`.gz\` ≤ 1.05x \`igzip -dc\`" gz igzip "<=" 1.05
    target_ratio "\`.zst\` ≤ 0.9x \`zstd -dc\`" zst zstd "<=" 0.9
    target_rss "peak RSS ≤ 32 MiB, plain/.gz/.zst and --threads up to 64 (largest of any round)" \
        text plain t1 gz zst t2 t8 t64 since since_end json w3c
    if ((do_many)) && [[ -z ${skip_of[many]:-} ]]; then
        target_rss "peak RSS ≤ 32 MiB with $many_n inputs in one run" many
        s=$(values many | awk -v n="$many_n" '{ print $1 / n }' | stats)
        printf '| ≤ 50 µs per small input (%s inputs of 20 lines) | %s µs | %s |\n' "$many_n" \
            "$(fmt_spread %.1f "$s")" "$(values many | awk -v n="$many_n" '{ print $1 / n }' | verdict "$s" "<=" 50)"
    else
        printf '| many inputs: ≤ 50 µs per input, ≤ 32 MiB | n/a | n/a |\n'
    fi
    if ((do_follow)) && [[ -z ${skip_of[f_default]:-} ]]; then
        s=$(rates f_default | stats)
        printf '| `-f --from-start` catch-up ≥ 5 M lines/s at the default interval | %s requests/s | %s |\n' \
            "$(fmt_spread %.0f "$s")" "$(rates f_default | verdict "$s" ">=" 5000000)"
    else
        printf '| `-f --from-start` catch-up ≥ 5 M lines/s at the default interval | n/a | n/a |\n'
    fi
    if ((do_follow)) && [[ -z ${skip_of[w_default]:-} ]]; then
        s=$(per_line w_default | stats)
        printf '| `-f` ≤ 150 ns of CPU per line, one-line-per-write writer | %s ns | %s |\n' \
            "$(fmt_spread %.0f "$s")" "$(per_line w_default | verdict "$s" "<=" 150)"
    else
        printf '| `-f` ≤ 150 ns of CPU per line, one-line-per-write writer | n/a | n/a |\n'
    fi
    if ((do_since)); then
        target_ratio "\`--since\` the middle of the span seeks: wall ≤ 0.6x the full run (indicative)" since plain "<=" 0.6
        target_ratio "\`--since\` the last hour seeks: wall ≤ 0.1x the full run (indicative)" since_end plain "<=" 0.1
    fi
    if [[ -n $base ]]; then
        target_ratio "throughput does not drop: new/base, plain text report ≤ 1.05x" text base_text "<=" 1.05
    fi
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
version_of() {
    if [[ -x $1 ]]; then
        "$1" --version 2>/dev/null | head -n 1
    else
        printf 'n/a\n'
    fi
}

printf '\n## logstat benchmark\n\n'
printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf -- '- machine: %s CPUs (nproc), %s, Linux %s, load average %s\n' "$(nproc)" "${cpu:-unknown CPU}" \
    "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf -- '- file: %s, %s bytes (%s MB), %s lines, %s format\n' "$file" "$size" \
    "$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }')" "$lines" "$format"
printf -- '- compressed: %s (%s bytes), %s (%s bytes)\n' "$gz" "$(stat -c %s -- "$gz")" "$zst" "$(stat -c %s -- "$zst")"
printf -- '- logstat: %s%s, %s\n' "$logstat" "${LOGSTAT_ARGS:+ $LOGSTAT_ARGS}" "$(version_of "$logstat")"
[[ -z $base ]] || printf -- '- base: %s, %s (rows "base …")\n' "$base" "$(version_of "$base")"
printf -- '- method: page cache warm; every command once as a warm-up (discarded), then %s rounds,\n' "$runs"
printf '  each running every command once in an order rotated by one per round; wall time from\n'
printf '  bash EPOCHREALTIME around the process; MB = 10^6 bytes of the uncompressed input of the\n'
printf '  row; MB/s and lines/s from the median wall time; ratios are paired per round\n'
if ((gnu_time)); then
    printf -- '- peak RSS: GNU time (%%M, KiB), MiB = 2^20 bytes\n'
else
    printf -- '- peak RSS: n/a, no GNU time at /usr/bin/time (apt-get install time)\n'
fi

printf '\n### Throughput\n\n'
throughput_table main threads since formats
if ((do_many)); then
    printf '\n### Many inputs\n\n%s inputs of 20 lines each, cut from FILE, all on one command line:\n\n' "$many_n"
    throughput_table many
    printf '\nWall per input, µs, median (min–max): logstat %s; cat %s\n' \
        "$(fmt_spread %.1f "$(values many | awk -v n="$many_n" '{ print $1 / n }' | stats)")" \
        "$(fmt_spread %.1f "$(values many_cat | awk -v n="$many_n" '{ print $1 / n }' | stats)")"
fi
if ((do_follow)); then
    printf '\n### Follow\n\n'
    printf 'Catch-up: `logstat -f --from-start` on a copy of FILE, its line output read as it comes.\n'
    printf 'Measured: the time from starting it to the first line whose `requests=` reaches the %s\n' "${follow_expect:-?}"
    printf 'requests the batch report counts (start-up included), and that count over the time. It is\n'
    printf 'only as fine as the lines logstat prints (one per interval), so when the catch-up ends\n'
    printf 'between two lines the rate is a lower bound; the --interval 100 row is the finer one.\n'
    printf 'Peak RSS: VmHWM of the process just before it is stopped.\n\n'
    printf '| command | caught up | time s, median (min–max) | requests/s, median (min–max) | peak RSS MiB (max) |\n'
    printf '|---|---:|---:|---:|---:|\n'
    for key in "${keys[@]}"; do
        [[ ${kind_of[$key]} != follow ]] || follow_line "$key"
    done
    printf '\nWriter: `logstat -f` on an empty file, then perl appends the first %s lines of FILE with\n' "${write_n:-?}"
    printf 'one write() per line, as fast as it can. Measured: logstat'"'"'s CPU time (the schedstat of\n'
    printf 'its threads) from the first write to the output line that shows all %s requests, over\n' "${write_expect:-?}"
    printf 'the lines written; the time is from the first write to that line.\n\n'
    printf '| command | caught up | time s, median (min–max) | requests/s, median (min–max) | CPU ns per line, median (min–max) | peak RSS MiB (max) |\n'
    printf '|---|---:|---:|---:|---:|---:|\n'
    for key in "${keys[@]}"; do
        [[ ${kind_of[$key]} != write ]] || follow_line "$key"
    done
fi
if ((do_formats)) && [[ -n ${label_of[json]:-}${label_of[w3c]:-} ]]; then
    printf '\n### Formats\n\nPer-byte cost next to the CLF file (wall / bytes, paired per round; above 1: slower per byte):\n\n'
    for ext in json w3c; do
        [[ -n ${label_of[$ext]:-} && -z ${skip_of[$ext]:-} && -z ${skip_of[plain]:-} ]] || continue
        printf -- '- FILE.%s / FILE: %s\n' "$ext" "$(fmt_spread %.2fx "$(ratios "$ext" plain wall_of \
            "$(awk -v a="${bytes_of[plain]}" -v b="${bytes_of[$ext]}" 'BEGIN { printf "%.17g", a / b }')" | stats)")"
    done
fi

printf '\n### Paired ratios\n\nPer round, the first row'"'"'s figure over the second'"'"'s; median (min–max) over the rounds\n'
printf 'where both ran (below 1: the first is faster or smaller):\n\n'
printf '| row | over | wall ratio | peak RSS ratio | rounds |\n|---|---|---:|---:|---:|\n'
for p in "${pairs[@]}"; do
    pair_line "${p% *}" "${p#* }"
done

printf '\n### Targets\n\n'
targets_table
printf '\nA target is met when the median of its per-round figures is on the right side of it.\n'

for key in "${keys[@]}"; do
    [[ -z ${skip_of[$key]:-} ]] || notes+=("${label_of[$key]}: n/a, ${skip_of[$key]}")
done
if ((${#notes[@]} > 0)); then
    printf '\nNotes:\n\n'
    printf -- '- %s\n' "${notes[@]}"
fi
exit 0
