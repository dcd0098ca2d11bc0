#!/usr/bin/env bash
# Builds the package and starts the local Census, which serves the demo page and the API.
# Usage: scripts/demo.sh [--port N] [other census-local flags]; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/ensure-tools.sh
scripts/build-pkg.sh
cargo build -p census-local
say "starting the local Census (Ctrl-C to stop)"
exec "$TARGET_DIR/debug/census-local" --www www --pkg pkg "$@"
