#!/bin/sh
# setup.sh — install what logstat needs to build and test (Debian/Ubuntu, apt-get), then
# configure and build into ./build. Safe to run again: it installs only what is missing.
# Usage: scripts/setup.sh [extra cmake -D options]
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake pkg-config libzstd-dev zlib1g-dev libncurses-dev
libcriterion-dev libisal-dev zstd gzip tmux prometheus"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j "$(nproc)"
