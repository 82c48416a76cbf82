#!/bin/sh
# setup.sh — install what logstat needs to build and run (Debian/Ubuntu, apt-get), then
# configure and build into ./build. What the tests need is installed by scripts/test.sh;
# the Criterion suites are built when Criterion is there. Safe to run again.
# Usage: scripts/setup.sh [extra cmake -D options]
set -eu
cd "$(dirname "$0")/.."

scripts/apt-install.sh build-essential cmake pkg-config libzstd-dev zlib1g-dev \
	libncurses-dev libisal-dev libmicrohttpd-dev gzip

tests=OFF
pkg-config --exists criterion && tests=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOGSTAT_TESTS=$tests "$@" >/dev/null
cmake --build build -j "$(nproc)"
