// Memory benchmark: wasm linear memory and JS heap (after a forced GC) before and after 10,000
// client calls mixing successes and errors (bench/memory-check.mjs), in headless Chromium.
// Usage: node bench/memory.mjs   (CENSUS_LOCAL_URL=... to load the package from the local Census)
import { launchChromium, openPackagePage } from './browser.mjs';
import { measureMemory } from './memory-check.mjs';

const calls = Number(process.env.BENCH_MEMORY_CALLS ?? 10_000);
const browser = await launchChromium();
try {
  const page = await openPackagePage(browser, { url: process.env.CENSUS_LOCAL_URL });
  const result = await measureMemory(page, { calls });
  console.log(JSON.stringify({ chromium: browser.version(), ...result }));
} finally {
  await browser.close();
}
