#!/bin/sh
# fuzz.sh — build the libFuzzer targets (clang, ASan, UBSan) into ./build-fuzz, seed each
# corpus from the project's own samples, and run every target for SECONDS (default 60).
# Crashes are written to build-fuzz/crashes/; the exit status is non-zero if any target failed.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
CC=clang cmake -S . -B build-fuzz -DLOGSTAT_FUZZ=ON -DLOGSTAT_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null

c=build-fuzz/corpus
targets_all="fuzz_scan fuzz_format fuzz_decoder fuzz_codes_file fuzz_families fuzz_html \
fuzz_codes_search fuzz_expo fuzz_state fuzz_json fuzz_summary fuzz_summary_sums fuzz_threshold \
fuzz_timespec fuzz_seek"
for t in $targets_all; do mkdir -p "$c/$t"; done
mkdir -p build-fuzz/crashes
i=0
for b in 00 01 02 03 80 c0 a1 08 89; do
	{ printf "\\x$b"; head -n 40 samples/access.log; } >"$c/fuzz_scan/seed$i"
	i=$((i + 1))
done
for z in tests/data/reallogs/*.zst; do
	{ printf '\x80'; zstd -dcq "$z" | head -n 20; } >"$c/fuzz_scan/$(basename "$z" .log.zst)"
done
printf '%%h %%l %%u %%t "%%r" %%>s %%b\n1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /" 200 1\n' \
	>"$c/fuzz_format/apache"
printf '$remote_addr [$time_local] "$request" $status $body_bytes_sent\n1.2.3.4 [10/Oct/2000:13:55:36 -0700] "GET /" 499 0\n' \
	>"$c/fuzz_format/nginx"
printf 'vhost_combined\nh.example:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a\\"b HTTP/1.1" 200 12345678 "-" "u"\n' \
	>"$c/fuzz_format/vhost"
head -n 30 samples/access.log >/tmp/logstat-fuzz-seed.$$
{ printf '\x00'; cat /tmp/logstat-fuzz-seed.$$; } >"$c/fuzz_decoder/plain"
{ printf '\x01'; gzip -c /tmp/logstat-fuzz-seed.$$; gzip -c /tmp/logstat-fuzz-seed.$$; } >"$c/fuzz_decoder/gzip"
{ printf '\x05'; gzip -c /tmp/logstat-fuzz-seed.$$; } >"$c/fuzz_decoder/gzip-isal"
{ printf '\x02'; zstd -qc /tmp/logstat-fuzz-seed.$$; } >"$c/fuzz_decoder/zstd"
for d in 00 01; do
	{ printf "\\x$d\\x3c\\x00"; head -n 700 samples/access.log; } >"$c/fuzz_seek/seed$d"
done
rm -f /tmp/logstat-fuzz-seed.$$
cp docs/codes.example "$c/fuzz_codes_file/example"
printf 'what does 499 mean\n' >"$c/fuzz_codes_search/question"
{ echo 'rate-limit Time-out login'; cat docs/codes.example; } >"$c/fuzz_codes_search/example"
# fuzz_families: the first byte picks the family (see fuzz/fuzz_families.c)
for pair in w3c:01 cloudfront:02 aws_elb:03 haproxy:05 s3:06 squid:07 json:08 caddy:08 \
	envoy:08 traefik:08 clf:80; do
	for f in tests/data/formats/"${pair%%:*}"_*.log; do
		[ -f "$f" ] || continue
		{ printf "\\x${pair##*:}"; head -n 20 "$f"; } >"$c/fuzz_families/$(basename "$f" .log)"
	done
done

cp tests/data/golden/hostile.log tests/data/golden/sample.log "$c/fuzz_html/"

printf 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' \
	>"$c/fuzz_expo/prometheus"
printf '/var/log/caf\303\251 "a\\b"\n\377' >"$c/fuzz_expo/name"

# a state file and a JSON report, made by logstat itself
seed=$(mktemp -d)
head -n 50 samples/access.log >"$seed/a.log"
ASAN_OPTIONS=detect_leaks=0 build-fuzz/logstat --state "$seed/st" -o json "$seed/a.log" \
	>"$c/fuzz_summary/report.json"
head -n 20 samples/access.log >>"$seed/a.log"
mv "$seed/a.log" "$seed/a.log.1" && head -n 5 samples/access.log >"$seed/a.log"
ASAN_OPTIONS=detect_leaks=0 build-fuzz/logstat --state "$seed/st" -o json "$seed/a.log" >/dev/null
cp "$seed/st" "$c/fuzz_state/state"
rm -rf "$seed"
cp "$c/fuzz_summary/report.json" "$c/fuzz_json/report.json"
cp "$c/fuzz_summary/report.json" "$c/fuzz_summary_sums/report.json"
i=0
for e in '5xx>1%' '502>0' '499>=100' 'unofficial>0.5%' 'malformed>0' 'requests<10' 'OTHER != 0.000001%'; do
	printf '%s' "$e" >"$c/fuzz_threshold/e$i"
	i=$((i + 1))
done
for e in 2024-05-01 '2024-05-01T13:00:05+02:00' '10/Oct/2000:13:55:36 -0700' '[10/Oct/2000:13:55:36 -0700]' \
	15m '-2d' '1w ago' now today yesterday '2024-05-01 13:00Z'; do
	printf '%s' "$e" >"$c/fuzz_timespec/t$i"
	i=$((i + 1))
done

targets=${*:-$targets_all}
status=0
for t in $targets; do
	echo "fuzz.sh: $t for ${secs}s"
	build-fuzz/fuzz/"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix=build-fuzz/crashes/"$t"- -print_final_stats=1 "$c/$t" \
		2>build-fuzz/"$t".log || status=1
	grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' build-fuzz/"$t".log | tail -n 2
done
exit $status
