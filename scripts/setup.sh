#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install dependencies, build a release carport,
# and run it on the bundled samples (output in build/samples/migrated_capps).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release
rm -rf build/samples && mkdir -p build/samples
build/release/carport capps samples/capps -o build/samples/migrated_capps --stats
build/release/carport verify build/samples/migrated_capps
