// Budgets, as fast assertions (a few seconds): the size of the client as pkg/ ships it, and memory
// that stays flat over 10,000 calls in headless Chromium. The limits live in bench/budget.json,
// which BENCHMARKS.md reports against too. Needs only the built pkg/ (CENSUS_PKG_DIR to check
// another) and Debian's Chromium; no server: Playwright serves pkg/ to the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { clientSizes, readBudget } from '../../bench/sizes.mjs';
import { launchChromium, openPackagePage } from '../../bench/browser.mjs';
import { measureMemory, MIX } from '../../bench/memory-check.mjs';

const pkgDir = process.env.CENSUS_PKG_DIR ?? fileURLToPath(new URL('../../pkg/', import.meta.url));
const budget = readBudget();
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

test(`the client (wasm + JS glue) is within ${kb(budget.bundleGzipBytes)} gzip`, () => {
  const { wasm, glue, total } = clientSizes(pkgDir);
  const line = `client size: wasm ${wasm.gzip} B + glue ${glue.gzip} B = ${total.gzip} B gzip -9 `
    + `(${kb(total.gzip)}; raw ${total.raw} B); budget ${budget.bundleGzipBytes} B (bench/budget.json)`;
  console.log(line);
  assert.ok(
    total.gzip <= budget.bundleGzipBytes,
    `${line}: over by ${total.gzip - budget.bundleGzipBytes} B`,
  );
});

test('10,000 calls, successes and errors, leave wasm memory and the JS heap where they were', async () => {
  const browser = await launchChromium();
  try {
    const page = await openPackagePage(browser, { pkgDir });
    const result = await measureMemory(page, { calls: 10_000 });
    const { growth } = result;
    const line = `memory over ${result.calls} calls (${result.ms} ms): JS heap ${growth.jsHeapBytes >= 0 ? '+' : ''}`
      + `${growth.jsHeapBytes} B, wasm memory +${growth.wasmBytes} B (${result.after.wasmBytes} B in all); `
      + `budget ${budget.memoryGrowthBytes} B (bench/budget.json)`;
    console.log(line);
    // Every kind of call in the mix really ran, and ended as it should (measureMemory checks each).
    const total = Object.values(result.outcomes).reduce((a, b) => a + b, 0);
    assert.equal(total, 10_000);
    assert.equal(Object.keys(result.outcomes).length, new Set(MIX.map((entry) => entry[3])).size);
    assert.ok(growth.wasmBytes + Math.max(0, growth.jsHeapBytes) < budget.memoryGrowthBytes, line);
  } finally {
    await browser.close();
  }
});
