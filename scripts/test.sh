#!/bin/sh
# test.sh — set up, then run the whole test suite twice: on the normal build (./build)
# and on a build with AddressSanitizer + UBSan (./build-asan). Exit status is ctest's.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLOGSTAT_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
