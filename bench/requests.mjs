// Per-request overhead benchmark: 500 sequential `getSource(id)` calls against 500 raw
// `fetch(url, { headers: { Authorization } })` + `res.json()` of the same URLs, alternating, in
// headless Chromium on a page served by the local Census itself (same origin, so no preflight).
// Usage (via scripts/bench.sh): CENSUS_LOCAL_URL=... CENSUS_LOCAL_TOKEN=... node bench/requests.mjs
import { fileURLToPath } from 'node:url';
import { launchChromium, bundlePage, loadModule, openIsolatedPage, summary } from './browser.mjs';
import { sourceBodies } from './fetch-bodies.mjs';

const url = process.env.CENSUS_LOCAL_URL;
const token = process.env.CENSUS_LOCAL_TOKEN;
if (!url || !token) throw new Error('CENSUS_LOCAL_URL and CENSUS_LOCAL_TOKEN must point at a running local Census');
const calls = Number(process.env.BENCH_REQUEST_CALLS ?? 500);

const { ids, sourceBody } = await sourceBodies(url, token, { largeBytes: 0 });
const code = await bundlePage(fileURLToPath(new URL('./page/requests.js', import.meta.url)));
const browser = await launchChromium();
try {
  const page = await openIsolatedPage(browser, url);
  await loadModule(page, code, '__requests');
  const run = await page.evaluate((args) => globalThis.__requests.runRequests(args), { token, ids, calls });
  const methods = Object.fromEntries(Object.entries(run.times).map(([name, times]) => [name, summary(times)]));
  console.log(JSON.stringify({ chromium: browser.version(), calls, bodyBytes: sourceBody.length, methods }));
} finally {
  await browser.close();
}
