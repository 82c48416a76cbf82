#!/usr/bin/env bash
# bench/run.sh: times logstat against reference tools on one plain access log and prints a
# Markdown table. A benchmark, not a test: it never fails on a timing and CI does not run it.
# Usage: bench/run.sh FILE [--runs N]
#   LOGSTAT=path (default ./build/logstat); LOGSTAT_ARGS="..." extra arguments for every logstat row.
# Peak RSS needs GNU time at /usr/bin/time (Debian: apt-get install time); without it RSS is n/a.
# FILE.gz and FILE.zst are made once and cached beside FILE (or in $TMPDIR if that is read-only).
set -u
export LC_ALL=C

die() {
    printf 'run.sh: %s\n' "$*" >&2
    exit 2
}

usage() {
    sed -n '2,7s/^# \{0,1\}//p' "$0"
}

runs=5
file=""
while (($# > 0)); do
    case $1 in
        --runs)
            (($# >= 2)) || die "--runs needs a value"
            runs=$2
            shift 2
            ;;
        --runs=*)
            runs=${1#--runs=}
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        -*) die "unknown option: $1" ;;
        *)
            [[ -z $file ]] || die "only one FILE, please"
            file=$1
            shift
            ;;
    esac
done
[[ -n $file ]] || { usage >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ -f $file && -r $file ]] || die "no readable file: $file"
[[ -s $file ]] || die "empty file: $file"
magic=$(head -c 4 "$file" | od -An -tx1 | tr -d ' \n')
case $magic in
    1f8b*) die "$file is gzip; give the plain log (the .gz is made from it)" ;;
    28b52ffd) die "$file is zstd; give the plain log (the .zst is made from it)" ;;
esac

logstat=${LOGSTAT:-./build/logstat}
logstat_args=()
read -r -a logstat_args <<<"${LOGSTAT_ARGS:-}"
have() { command -v "$1" >/dev/null 2>&1; }
gnu_time=0
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
    gnu_time=1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/logstat-bench.XXXXXX") || die "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT

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

# ---- timing ------------------------------------------------------------------------------

declare -A wall_of=()
rows=()
notes=()

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

median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

row_na() {
    rows+=("| $1 | n/a | n/a | n/a | n/a |")
    [[ -z ${2:-} ]] || notes+=("$1: $2")
}

# measure KEY LABEL CMD...: one discarded warm-up run, then the median of $runs runs.
# A tool whose warm-up took over 20 s gets at most 3 measured runs, so GoAccess and awk on a
# large file do not hold the whole benchmark up.
measure() {
    local key=$1 label=$2 n=$runs i
    shift 2
    local -a walls=() kbs=()
    printf 'timing %s ...\n' "$label" >&2
    run_once "$@"
    if ((run_status != 0)); then
        row_na "$label" "exit status $run_status: $(head -n 1 "$work/err" | cut -c1-160)"
        return
    fi
    if ((run_us > 20000000 && n > 3)); then
        n=3
        notes+=("$label: slow, median of 3 runs")
    fi
    for ((i = 0; i < n; i++)); do
        run_once "$@"
        walls+=("$run_us")
        [[ -z $run_kb ]] || kbs+=("$run_kb")
    done
    local us kb rss
    us=$(median "${walls[@]}")
    ((us > 0)) || us=1
    wall_of[$key]=$us
    if ((${#kbs[@]} > 0)); then
        kb=$(median "${kbs[@]}")
        rss=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
    else
        rss="n/a"
    fi
    rows+=("$(awk -v l="$label" -v us="$us" -v b="$size" -v n="$lines" -v r="$rss" 'BEGIN {
        s = us / 1e6
        printf "| %s | %.3f | %.0f | %.0f | %s |", l, s, b / 1e6 / s, n / s, r }')")
}

# measure_if TOOL KEY LABEL CMD...: measure, or an n/a row when TOOL is not installed.
measure_if() {
    local tool=$1
    shift
    if have "$tool"; then
        measure "$@"
    else
        row_na "$2" "$tool is not installed"
    fi
}

# ---- the cases ---------------------------------------------------------------------------

cat "$file" >/dev/null # warm the page cache once before anything is timed

if [[ -x $logstat ]]; then
    ls_cmd=("$logstat" "${logstat_args[@]}")
    measure ls_plain "logstat --output json (plain, default threads)" "${ls_cmd[@]}" --output json "$file"
    measure ls_t1 "logstat --output json --threads 1 (plain)" "${ls_cmd[@]}" --threads 1 --output json "$file"
    measure ls_text "logstat (plain, text report)" "${ls_cmd[@]}" "$file"
    measure ls_gz "logstat --output json (.gz)" "${ls_cmd[@]}" --output json "$gz"
    measure ls_zst "logstat --output json (.zst)" "${ls_cmd[@]}" --output json "$zst"
else
    for label in "logstat --output json (plain, default threads)" "logstat --output json --threads 1 (plain)" \
        "logstat (plain, text report)" "logstat --output json (.gz)" "logstat --output json (.zst)"; do
        row_na "$label"
    done
    notes+=("logstat: no executable at $logstat (build it, or set LOGSTAT=path)")
fi
measure cat "cat FILE >/dev/null" cat "$file"
measure wc "wc -l FILE" wc -l "$file"
measure zstd "zstd -dc FILE.zst" zstd -q -dc "$zst"
measure gzip "gzip -dc FILE.gz" gzip -dc "$gz"
measure_if igzip igzip "igzip -dc FILE.gz" igzip -dc "$gz"
measure_if mawk mawk "mawk status tally" mawk "{c[\$$status_field]++} END{for(k in c) print k, c[k]}" "$file"
goaccess_panels=()
for p in VISITORS REQUESTS REQUESTS_STATIC NOT_FOUND HOSTS OS BROWSERS VISIT_TIMES VIRTUAL_HOSTS \
    REFERRERS REFERRING_SITES KEYPHRASES REMOTE_USER CACHE_STATUS GEO_LOCATION ASN MIME_TYPE TLS_TYPE; do
    goaccess_panels+=("--ignore-panel=$p")
done
measure_if goaccess goaccess "GoAccess, status panel only" goaccess "$file" --no-global-config \
    "--log-format=$goaccess_format" --date-format=%d/%b/%Y --time-format=%T \
    "${goaccess_panels[@]}" -o "$work/goaccess.json"

# ---- the report --------------------------------------------------------------------------

# ratio LABEL KEY_LOGSTAT KEY_PEER TARGET: logstat's wall time as a multiple of the peer's,
# against the target multiple (empty: no target). Never fails: it only prints.
ratio() {
    local a=${wall_of[$2]:-} b=${wall_of[$3]:-}
    if [[ -z $a || -z $b ]]; then
        printf -- '- %s: n/a\n' "$1"
    else
        awk -v l="$1" -v a="$a" -v b="$b" -v t="$4" 'BEGIN {
            r = a / b
            verdict = t == "" ? "" : (r <= t + 0 ? sprintf(" (target <= %sx: met)", t) \
                                                 : sprintf(" (target <= %sx: NOT met)", t))
            printf "- %s: %.2fx the wall time (%.3f s vs %.3f s)%s\n", l, r, a / 1e6, b / 1e6, verdict
        }'
    fi
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
logstat_version="n/a"
if [[ -x $logstat ]]; then
    logstat_version=$("$logstat" --version 2>/dev/null | head -n 1)
    [[ -n $logstat_version ]] || logstat_version="(no --version)"
fi

printf '\n## logstat benchmark\n\n'
printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf -- '- machine: %s CPUs (nproc), %s, Linux %s\n' "$(nproc)" "${cpu:-unknown CPU}" "$(uname -r)"
printf -- '- file: %s, %s bytes (%s MB), %s lines, %s format\n' "$file" "$size" \
    "$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }')" "$lines" "$format"
printf -- '- compressed: %s (%s bytes), %s (%s bytes)\n' "$gz" "$(stat -c %s -- "$gz")" "$zst" "$(stat -c %s -- "$zst")"
printf -- '- logstat: %s%s, %s\n' "$logstat" "${LOGSTAT_ARGS:+ $LOGSTAT_ARGS}" "$logstat_version"
printf -- '- method: page cache warm, 1 warm-up run discarded, median of %s runs; MB = 10^6 bytes of the\n' "$runs"
printf '  uncompressed file for every row; lines/s over the lines of the file\n'
if ((gnu_time)); then
    printf -- '- peak RSS: GNU time (%%M), median of the runs\n'
else
    printf -- '- peak RSS: n/a, no GNU time at /usr/bin/time (apt-get install time)\n'
fi
printf '\n| tool | wall s | MB/s | lines/s | peak RSS MiB |\n|---|---:|---:|---:|---:|\n'
printf '%s\n' "${rows[@]}"

fastest_gz=""
for k in igzip gzip; do
    if [[ -n ${wall_of[$k]:-} ]] && [[ -z $fastest_gz || ${wall_of[$k]} -lt ${wall_of[$fastest_gz]} ]]; then
        fastest_gz=$k
    fi
done
printf '\nWall-time ratios, logstat / peer (below 1: logstat is faster):\n\n'
ratio "logstat plain, default text report / wc -l" ls_text wc 2.0
ratio "logstat plain, JSON / wc -l" ls_plain wc 2.0
ratio "logstat .zst / zstd -dc" ls_zst zstd 1.15
ratio "logstat .gz / ${fastest_gz:-gzip} -dc (fastest gzip decoder)" ls_gz "${fastest_gz:-gzip}" 1.15
ratio "logstat default threads / --threads 1" ls_plain ls_t1 ""
ratio "logstat plain / mawk status tally" ls_text mawk ""
ratio "logstat plain / GoAccess status panel" ls_text goaccess ""
if ((${#notes[@]} > 0)); then
    printf '\nNotes:\n\n'
    printf -- '- %s\n' "${notes[@]}"
fi
exit 0
