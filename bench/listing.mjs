// Listing benchmark: 2,000 sources at 100 per page from the local Census with 50 ms of latency
// per request, read sequentially (concurrency 1) and with concurrency 4, in headless Chromium.
// Both are measured in the same run, alternating, and the ratio of the medians is reported.
// Usage (via scripts/bench.sh): CENSUS_LOCAL_URL=http://127.0.0.1:PORT node bench/listing.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const url = process.env.CENSUS_LOCAL_URL;
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
if (!url) throw new Error('CENSUS_LOCAL_URL must point at a local Census started with --seed 2000 --latency-ms 50');

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'census-bench-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.locator('#sources tbody tr').first().waitFor();
  const result = await page.evaluate(async ({ rounds }) => {
    const { CensusClient } = await import('/pkg/index.js');
    const client = new CensusClient({ baseUrl: '/api/v1' });
    const time = async (concurrency) => {
      const started = performance.now();
      const all = await client.listAllSources({ perPage: 100, concurrency });
      const ms = performance.now() - started;
      if (all.length !== 2000) throw new Error(`listed ${all.length} sources, expected 2000`);
      return ms;
    };
    await time(4); // warm-up: connections, JIT
    const sequential = [];
    const concurrent = [];
    for (let i = 0; i < rounds; i += 1) {
      sequential.push(await time(1));
      concurrent.push(await time(4));
    }
    return { sequential, concurrent, userAgent: navigator.userAgent };
  }, { rounds });
  console.log(JSON.stringify(result));
} finally {
  await context.close();
}
