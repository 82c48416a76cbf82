#!/bin/sh
# test.sh — install what the tests need, set up, then run the whole test suite twice: on
# the normal build (./build) and on a build with AddressSanitizer + UBSan (./build-asan);
# build and check the Debian package; last, compile a Release build (./build-release) so
# -Werror holds at every optimisation level. Exit status is ctest's.
set -eu
cd "$(dirname "$0")/.."
# Criterion for the suites; zstd, tmux, prometheus for end-to-end tests; chromium, python3
# and fonts for the HTML report (tests/html_chromium.py); groff, mandoc, zsh, fish for the
# man pages and completions; lintian for the package; systemd-analyze for the example units;
# valgrind for tests/memcheck.sh.
scripts/apt-install.sh libcriterion-dev zstd gzip tmux prometheus chromium python3 \
	fonts-dejavu-core groff-base mandoc bash zsh fish lintian dpkg-dev file systemd valgrind
scripts/setup.sh -DLOGSTAT_TESTS=ON
ctest --test-dir build --output-on-failure -j "$(nproc)"
scripts/check-install.sh build --deb

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLOGSTAT_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$(nproc)"

# -O3 brings warnings (format-truncation …) that -O2 does not: keep them errors too.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j "$(nproc)"

# Without libmicrohttpd logstat still builds, and --listen says the exporter is not built in.
cmake -S . -B build-noexporter -DLOGSTAT_WITH_EXPORTER=OFF -DLOGSTAT_TESTS=OFF >/dev/null
cmake --build build-noexporter -j "$(nproc)" --target logstat
if build-noexporter/logstat -f --no-ui --listen 0 /dev/null 2>build-noexporter/listen.err ||
	! grep -q "built without libmicrohttpd" build-noexporter/listen.err; then
	echo "test: a build without libmicrohttpd does not refuse --listen clearly" >&2
	exit 1
fi
