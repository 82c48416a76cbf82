#!/bin/sh
# Crude second opinion for count.py: two shell extractions of STATUS/BYTES per
# line, compared line by line with `count.py --per-line`.
#   A: mawk, split on every `"`, status/bytes = first two words of field 3
#      (ignores escapes; wrong wherever the request itself contains a quote)
#   B: sed, greedy regex  ] "(.*)" (DDD|-) (N|-)( .*)?$  (last match wins)
# Prints per-file counts and every line where A, B and the oracle disagree.
# Usage: crosscheck.sh LOG...   (plain or .zst)
set -eu
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
    case "$f" in *.zst) zstd -dc "$f" > "$tmp/log" ;; *) cat "$f" > "$tmp/log" ;; esac
    python3 "$here/count.py" --per-line "$f" |
        awk -F'\t' '{ if ($2 == "request") print $1, $3, $4;
                      else if ($2 == "no_status") print $1, "-", $4;
                      else print $1, "BAD", "BAD" }' > "$tmp/o"
    mawk -F'"' '{ sub(/\r$/, ""); n = split($3, a, " ");
                  s = a[1]; b = a[2];
                  if (s !~ /^([0-9][0-9][0-9]|-)$/ || b !~ /^([0-9]+|-)$/) { s = "BAD"; b = "BAD" }
                  else if (b == "-") b = 0;
                  print NR, s, b }' "$tmp/log" > "$tmp/a"
    sed -E 's/\r$//; s/^.*\] "(.*)" ([0-9]{3}|-) ([0-9]+|-)( .*)?$/\2 \3/; t; s/.*/BAD BAD/' "$tmp/log" |
        awk '{ b = $2; if (b == "-") b = 0; print NR, $1, b }' > "$tmp/b"
    echo "== $(basename "$f")"
    for m in o a b; do
        printf '%s: lines=%s ok=%s ' "$m" "$(wc -l < "$tmp/$m")" "$(awk '$2 != "BAD"' "$tmp/$m" | wc -l)"
        awk '$2 != "BAD" { n[$2]++; s[$2] += $3 } END { for (c in n) printf "%s:%d/%.0f ", c, n[c], s[c]; print "" }' "$tmp/$m" |
            tr ' ' '\n' | sort | tr '\n' ' '
        echo
    done
    paste -d' ' "$tmp/o" "$tmp/a" "$tmp/b" |
        awk '!($2 == $5 && $3 == $6 && $2 == $8 && $3 == $9) { print "  differ line " $1 ": oracle=" $2 "/" $3 " A=" $5 "/" $6 " B=" $8 "/" $9 }'
done
