// Shared by the browser benchmarks and tests/package/budget.test.mjs: launching Debian's Chromium
// through playwright-core, bundling in-page code with esbuild, and summary statistics.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium (CHROMIUM or /usr/bin/chromium); never a downloaded browser. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Bundles one in-page entry (bench/page/*.js) into an ES module string for the browser. The
 * package is not bundled: pages import it from the page's origin at `/pkg/index.js`, as a user's
 * page would load it.
 */
export async function bundlePage(entry) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** Loads an ES module given as text into the page and returns what `name` it exports, as a global. */
export async function loadModule(page, code, name) {
  await page.evaluate(async ({ code, name }) => {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    globalThis[name] = await import(url);
    URL.revokeObjectURL(url);
  }, { code, name });
}

/**
 * Opens `${url}/` (a running local Census) as a cross-origin-isolated page: the document's answer
 * gets COOP and COEP headers, so `performance.now` resolves to microseconds instead of Chromium's
 * 100 µs for pages that are not isolated. Only the document is intercepted; the package and API
 * requests that follow go to the server untouched (same origin, so COEP lets them through).
 */
export async function openIsolatedPage(browser, url) {
  const page = await browser.newPage();
  const home = `${url}/`;
  await page.route(home, (route) => route.fulfill({
    status: 200,
    contentType: 'text/html',
    headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
    body: '<!doctype html><meta charset="utf-8"><title>census-wasm bench</title>',
  }));
  await page.goto(home);
  await page.unroute(home);
  if (!(await page.evaluate(() => globalThis.crossOriginIsolated))) {
    throw new Error(`${home} did not load cross-origin isolated; timings would be coarse`);
  }
  return page;
}

/**
 * Runs the page code `code`'s export `name` with `args` in headless Chromium, on `url` (a running
 * local Census) opened cross-origin isolated. Resolves to `{ version, run }`.
 */
export async function inChromium(url, code, name, args) {
  const browser = await launchChromium();
  try {
    const page = await openIsolatedPage(browser, url);
    await loadModule(page, code, '__bench');
    const run = await page.evaluate(({ name, args }) => globalThis.__bench[name](args), { name, args });
    return { version: browser.version(), run };
  } finally {
    await browser.close();
  }
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const low = Math.floor(pos);
  const high = Math.ceil(pos);
  return sorted[low] + (sorted[high] - sorted[low]) * (pos - low);
}

/** `{ median, p25, p75, min, max, mean, n }` of a list of numbers. */
export function summary(values) {
  return {
    median: quantile(values, 0.5),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    n: values.length,
  };
}

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.ts': 'text/plain', '.md': 'text/plain' };

/**
 * A blank page at an origin where `/pkg/index.js` is the built package. With `url` (a running
 * local Census that serves a blank `/`), that server; without, a made-up origin whose requests
 * Playwright answers from `pkgDir`, so no server is needed (only for code that makes no real
 * requests: routing intercepts every request of the page).
 */
export async function openPackagePage(browser, { url, pkgDir } = {}) {
  const page = await browser.newPage();
  if (url) {
    await page.goto(`${url}/`);
    return page;
  }
  const { readFile } = await import('node:fs/promises');
  const { extname, join, resolve } = await import('node:path');
  const root = resolve(pkgDir ?? fileURLToPath(new URL('../pkg/', import.meta.url)));
  const origin = 'http://census-wasm-bench.test';
  await page.route(`${origin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') {
      await route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>census-wasm</title>' });
      return;
    }
    const file = resolve(join(root, path.replace(/^\/pkg\//, '')));
    if (!path.startsWith('/pkg/') || !file.startsWith(root)) {
      await route.fulfill({ status: 404, body: '' });
      return;
    }
    try {
      await route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) });
    } catch {
      await route.fulfill({ status: 404, body: '' });
    }
  });
  await page.goto(`${origin}/`);
  return page;
}
