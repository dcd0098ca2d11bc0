#!/usr/bin/env bash
# Runs every benchmark of issue 8 in headless Chromium against the local Census (release build)
# and rewrites BENCHMARKS.md: bundle size, memory over 10,000 calls, validation cost (with a CPU
# profile of where it goes), per-request overhead, and listing wall time; validation and
# per-request also in headless Firefox and in WebKit (BENCH_FIREFOX=0 and BENCH_WEBKIT=0 leave
# them out). About four minutes once the package and the local Census are built.
# Usage: scripts/bench.sh
#   BENCH_ROUNDS=N              listing rounds (default 7)
#   BENCH_VALIDATION_ROUNDS=N   validation samples per method and body (default 41)
#   BENCH_REQUEST_CALLS=N       calls per method in the per-request benchmark (default 500)
#   BENCH_PROFILE_SECONDS=N     seconds of profiling per body (default 4)
#   BENCH_FIREFOX=0             Chromium only
# The raw results (JSON) stay in ${CARGO_TARGET_DIR:-target}/bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
www=$(mktemp -d -t census-bench-www.XXXXXX)
trap 'stop_census; rm -rf "$www"' EXIT

scripts/ensure-tools.sh --browsers
scripts/build-pkg.sh
cargo build --release -p census-local
target_dir=${CARGO_TARGET_DIR:-target}
CENSUS_BIN=$target_dir/release/census-local
results=$target_dir/bench-results
rm -rf "$results"
mkdir -p "$results"
cut -d" " -f1-3 /proc/loadavg >"$results/loadavg-start.txt"
# A blank page for the benchmarks that load their own code: same origin as the API and /pkg/,
# and no Content-Security-Policy (the demo's would forbid zod's generated code).
printf '<!doctype html><meta charset="utf-8"><title>census-wasm bench</title>\n' >"$www/index.html"

say "bundle size: the client as pkg/ ships it, and peers bundled by esbuild"
node bench/size.mjs >"$results/size.json"

say "memory: 10,000 calls, successes and errors, through an injected fetch"
node bench/memory.mjs >"$results/memory.json"

token=census-bench-token
say "validation cost: 100 sources and ~1 MB, client against res.json, zod and valibot"
start_census --port 0 --seed 3000 --token "$token" --www "$www" --pkg pkg
export CENSUS_LOCAL_URL=$CENSUS_URL CENSUS_LOCAL_TOKEN=$token
node bench/validation.mjs >"$results/validation.json"

say "where listSources spends its time (CPU profile, wasm with names)"
node bench/profile.mjs >"$results/profile.json"

say "per-request overhead: getSource against fetch + res.json, same origin"
node bench/requests.mjs >"$results/requests.json"
stop_census

say "listing benchmark: 2,000 sources, 100 per page, 50 ms latency per request"
start_census --port 0 --seed 2000 --latency-ms 50 --www www --pkg pkg
CENSUS_LOCAL_URL=$CENSUS_URL node bench/listing.mjs >"$results/listing.json"
stop_census

node bench/report.mjs "$results" >BENCHMARKS.md
cat BENCHMARKS.md
