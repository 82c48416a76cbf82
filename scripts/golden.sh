#!/bin/sh
# golden.sh — write the expected outputs of tests/data/golden/cases with the built binary
# (after an intended output change; review `git diff tests/data/golden` before committing).
# Usage: scripts/golden.sh --update [BINARY]   (default BINARY: build/logstat)
set -eu
cd "$(dirname "$0")/.."
[ "${1:-}" = "--update" ] || { echo "usage: scripts/golden.sh --update [BINARY]" >&2; exit 2; }
bin=$(realpath "${2:-build/logstat}")
cd tests/data/golden
grep -v '^#' cases | while IFS='|' read -r name env args; do
	name=$(echo "$name" | tr -d ' ')
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086
	set +e
	env -u NO_COLOR -u COLUMNS $env "$bin" $args >"$name.out" 2>"$name.err"
	echo $? >"$name.status"
	set -e
	echo "golden: $name (exit $(cat "$name.status"))"
done
