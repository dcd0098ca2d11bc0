// Validation benchmark: from response body to validated JS objects, in headless Chromium, for a
// page of 100 sources and a body of 1,000+ sources (~1 MB), both real bodies from the local
// Census. The client (injected fetch + listSources) against res.json() alone, zod 4 (JIT, compiled
// and jitless), and valibot, on the same bytes in the same run (bench/page/validation.js); then
// the same in headless Firefox (bench/webdriver.mjs), unless BENCH_FIREFOX=0, and in WebKit unless
// BENCH_WEBKIT=0.
// Usage (via scripts/bench.sh): CENSUS_LOCAL_URL=... CENSUS_LOCAL_TOKEN=... node bench/validation.mjs
import { fileURLToPath } from 'node:url';
import { bundlePage, inChromium, summary } from './browser.mjs';
import { sourceBodies } from './fetch-bodies.mjs';
import { inOtherEngines } from './webdriver.mjs';

const url = process.env.CENSUS_LOCAL_URL;
const token = process.env.CENSUS_LOCAL_TOKEN;
if (!url || !token) throw new Error('CENSUS_LOCAL_URL and CENSUS_LOCAL_TOKEN must point at a local Census seeded with 1,500+ sources');
const rounds = Number(process.env.BENCH_VALIDATION_ROUNDS ?? 41);

const { page100, large } = await sourceBodies(url, token);
const code = await bundlePage(fileURLToPath(new URL('./page/validation.js', import.meta.url)));

/** The page's run as the report reads it: per body, each method's summary. */
function summarise(run) {
  const results = {};
  for (const [label, r] of Object.entries(run.results)) {
    results[label] = {
      bytes: r.bytes,
      sources: r.sources,
      reps: r.reps,
      rounds,
      methods: Object.fromEntries(Object.entries(r.times).map(([name, times]) => [name, summary(times)])),
      // The samples themselves, round by round, for ratios taken within a round (bench/report.mjs).
      times: r.times,
    };
  }
  return results;
}

const args = { bodies: { page100, large }, rounds };
const { version, run } = await inChromium(url, code, 'runValidation', args);
const chromium = { chromium: version, methods: run.methods, results: summarise(run) };
// WebKit's clock steps by 1 ms here, so each of its samples runs for about 60 ms rather than 6.
const others = await inOtherEngines(url, code, 'runValidation', (engine) => (engine === 'webkit' ? { ...args, sampleMs: 60 } : args));
const [firefox, webkit] = [others.firefox, others.webkit].map((other) => other && {
  browser: other.browser, methods: other.run.methods, results: summarise(other.run),
});
console.log(JSON.stringify({ ...chromium, firefox, webkit }));
