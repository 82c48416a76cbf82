#!/usr/bin/env bash
# bench/drill.sh: what the drill-down costs. A benchmark, not a test: it prints figures and
# never fails on a timing. Usage: bench/drill.sh [DIR] (default $TMPDIR or /tmp); it writes
# there a 1 GiB nginx log (bench/gen, with rt=) and a log of 10 million distinct paths.
#   LOGSTAT=path (default ./build/logstat); THREADS=N (default 2).
# Prints wall time and peak RSS (GNU time at /usr/bin/time) per run.
set -eu
export LC_ALL=C
dir=${1:-${TMPDIR:-/tmp}}
logstat=${LOGSTAT:-./build/logstat}
threads=${THREADS:-2}
[[ -x bench/gen ]] || make -C bench >/dev/null
big=$dir/drill-1g.log
distinct=$dir/drill-10m-paths.log
[[ -s $big ]] || bench/gen --size 1G --format nginx > "$big"
if [[ ! -s $distinct ]]; then
    # every line a new path: the worst case for a table of values
    awk 'BEGIN { for (i = 0; i < 10000000; i++)
        printf "10.%d.%d.%d - - [10/Oct/2023:13:55:36 +0000] \"GET /item/%d?x=1 HTTP/1.1\" 404 12\n",
            i % 250, i / 250 % 250, i % 7, i }' > "$distinct"
fi
# nginx combined plus the fields bench/gen writes after it; rt= is $request_time
nginx='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" rt=$request_time uct="$upstream_connect_time" urt="$upstream_response_time"'

run() { # label, then logstat's arguments
    local label=$1
    shift
    local out
    out=$( { /usr/bin/time -f '%e %M' "$logstat" -j "$threads" -o json "$@" > /dev/null; } 2>&1 | tail -1)
    printf '| %-44s | %8s s | %6d MiB |\n' "$label" "${out% *}" $(( ${out#* } / 1024 ))
}

printf '| %-44s | %10s | %10s |\n|---|---|---|\n' "run ($threads threads)" "wall" "peak RSS"
run "1 GiB, default" "$big"
run "1 GiB, --by path" --by path "$big"
run "1 GiB, --by path,client,hour" --by path,client,hour "$big"
run "1 GiB, latency (-F with \$request_time)" -F "$nginx" "$big"
run "1 GiB, latency + --by path" -F "$nginx" --by path "$big"
run "1 GiB, --status 5xx --by path" --status 5xx --by path "$big"
run "10M distinct paths, default" "$distinct"
run "10M distinct paths, --by path" --by path "$distinct"
run "10M distinct paths, --by path,request,client" --by path,request,client "$distinct"
