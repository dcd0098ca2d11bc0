// Per-request overhead benchmark: 500 sequential `getSource(id)` calls against 500 raw
// `fetch(url, { headers: { Authorization } })` + `res.json()` of the same URLs, alternating, in
// headless Chromium on a page served by the local Census itself (same origin, so no preflight);
// then the same in headless Firefox (bench/webdriver.mjs), unless BENCH_FIREFOX=0, and in WebKit unless
// BENCH_WEBKIT=0.
// Usage (via scripts/bench.sh): CENSUS_LOCAL_URL=... CENSUS_LOCAL_TOKEN=... node bench/requests.mjs
import { fileURLToPath } from 'node:url';
import { bundlePage, inChromium, summary } from './browser.mjs';
import { sourceBodies } from './fetch-bodies.mjs';
import { inOtherEngines } from './webdriver.mjs';

const url = process.env.CENSUS_LOCAL_URL;
const token = process.env.CENSUS_LOCAL_TOKEN;
if (!url || !token) throw new Error('CENSUS_LOCAL_URL and CENSUS_LOCAL_TOKEN must point at a running local Census');
const calls = Number(process.env.BENCH_REQUEST_CALLS ?? 500);

const { ids, sourceBody } = await sourceBodies(url, token, { largeBytes: 0 });
const code = await bundlePage(fileURLToPath(new URL('./page/requests.js', import.meta.url)));
const args = { token, ids, calls };
const summarise = (run) => Object.fromEntries(Object.entries(run.times).map(([name, times]) => [name, summary(times)]));
const { version, run } = await inChromium(url, code, 'runRequests', args);
const chromium = { chromium: version, calls, bodyBytes: sourceBody.length, methods: summarise(run) };
const others = await inOtherEngines(url, code, 'runRequests', () => args);
const [firefox, webkit] = [others.firefox, others.webkit].map((other) => other && { browser: other.browser, methods: summarise(other.run) });
console.log(JSON.stringify({ ...chromium, firefox, webkit }));
