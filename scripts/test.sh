#!/bin/sh
# test.sh — set up, then run the whole test suite twice: on the normal build (./build)
# and on a build with AddressSanitizer + UBSan (./build-asan); last, compile a Release build
# (./build-release) so -Werror holds at every optimisation level. Exit status is ctest's.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh

# Tests only: the HTML report is opened in Debian's headless chromium (tests/html_chromium.py).
missing=""
for p in chromium python3 fonts-dejavu-core; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
ctest --test-dir build --output-on-failure -j "$(nproc)"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLOGSTAT_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$(nproc)"

# -O3 brings warnings (format-truncation …) that -O2 does not: keep them errors too.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j "$(nproc)"
