// Writes BENCHMARKS.md from the benchmark results given as JSON on the command line.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { execSync } from 'node:child_process';

const listing = JSON.parse(process.argv[2]);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
const sequential = median(listing.sequential);
const concurrent = median(listing.concurrent);
const ratio = concurrent / sequential;
const target = 0.35;
const version = (name) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
const chromium = execSync('/usr/bin/chromium --version 2>/dev/null').toString().trim();
const commit = execSync('git rev-parse --short HEAD').toString().trim();

console.log(`# Benchmarks

Produced by \`scripts/bench.sh\` (which rewrites this file) on ${new Date().toISOString().slice(0, 10)},
commit ${commit}, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, in headless ${chromium}
(playwright-core ${version('playwright-core')}) against the local Census (release build). Ratios are
measured within one run, with the two variants alternating; times are medians over
${listing.sequential.length} rounds, with the spread (min–max).

## Listing 2,000 sources

\`listAllSources({ perPage: 100, concurrency })\`: 20 pages from a local Census started with
\`--seed 2000 --latency-ms 50\` (50 ms added to every request), same origin (no preflight).

| variant | median | spread | ratio to sequential | target | |
|---|---|---|---|---|---|
| sequential (\`concurrency: 1\`) | ${sequential.toFixed(0)} ms | ${spread(listing.sequential)} ms | 1.00× | | |
| concurrent prefetch (\`concurrency: 4\`) | ${concurrent.toFixed(0)} ms | ${spread(listing.concurrent)} ms | ${ratio.toFixed(2)}× | ≤ ${target}× | ${ratio <= target ? 'pass' : 'miss'} |

The floor for 4 in flight is 1 + ⌈19 / 4⌉ = 6 round trips against 20: 0.30×.

The size, validation-cost, per-request and memory benchmarks of issue 8 are not built yet.
`);
