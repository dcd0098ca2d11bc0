#!/usr/bin/env bash
# Runs the benchmarks in headless Chromium against the local Census and rewrites BENCHMARKS.md.
# Usage: scripts/bench.sh   (BENCH_ROUNDS=N to change the number of rounds, default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
trap stop_census EXIT

scripts/ensure-tools.sh --browsers
scripts/build-pkg.sh
cargo build --release -p census-local
say "listing benchmark: 2,000 sources, 100 per page, 50 ms latency per request"
CENSUS_BIN=target/release/census-local
CENSUS_LOG=$(mktemp -t census-local.XXXXXX)
"$CENSUS_BIN" --port 0 --seed 2000 --latency-ms 50 --www www --pkg pkg >"$CENSUS_LOG" 2>&1 &
CENSUS_PID=$!
for _ in $(seq 1 200); do grep -q '^CENSUS_LOCAL_READY ' "$CENSUS_LOG" && break; sleep 0.1; done
CENSUS_URL=$(sed -n 's/^CENSUS_LOCAL_READY //p' "$CENSUS_LOG")
[ -n "$CENSUS_URL" ] || die "the local Census did not start: $(cat "$CENSUS_LOG")"
listing=$(CENSUS_LOCAL_URL=$CENSUS_URL node bench/listing.mjs)
stop_census
node bench/report.mjs "$listing" > BENCHMARKS.md
cat BENCHMARKS.md
