// Shared by the demo tests and scripts/screenshot.mjs: a fresh local Census per test (so every
// test starts from the same 36 seeded sources and the same destinations, syncs and runs),
// Debian's Chromium through playwright-core, and the page opened on that Census.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const TOKEN = 'census-demo-test-token';
/** census-local's default `--stitch-token`, which the page's local Stitch preset fills in. */
export const STITCH_TOKEN = 'census-local-dev-stitch';

/** The census-local binary: CENSUS_LOCAL_BIN, else CARGO_TARGET_DIR (or target)/debug. */
function censusBinary() {
  if (process.env.CENSUS_LOCAL_BIN) return process.env.CENSUS_LOCAL_BIN;
  return resolve(root, process.env.CARGO_TARGET_DIR ?? 'target', 'debug', 'census-local');
}

/**
 * Starts a local Census on a free port serving www/ and pkg/; `runMs` is how long a triggered
 * sync run takes and `stitchJobMs` a Stitch replication job (census-local's own defaults when
 * not given). Resolves to `{ url, token, stop(), api(method, path, body), stitch(method, path,
 * body), control(method, path, body), attempts() }`.
 */
export async function startCensus({ seed = 36, refreshMs = 1200, runMs, stitchJobMs, args = [] } = {}) {
  const child = spawn(censusBinary(), [
    '--port', '0', '--seed', String(seed), '--refresh-ms', String(refreshMs), '--token', TOKEN,
    ...(runMs === undefined ? [] : ['--run-ms', String(runMs)]),
    ...(stitchJobMs === undefined ? [] : ['--stitch-job-ms', String(stitchJobMs)]),
    '--www', join(root, 'www'), '--pkg', join(root, 'pkg'), ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`census-local not ready in 20 s: ${stderr}`)), 20_000);
    child.once('error', (error) => { clearTimeout(timer); fail(new Error(`cannot start ${censusBinary()}: ${error.message} (build it with cargo build -p census-local)`)); });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`census-local exited (${code}): ${stderr}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('CENSUS_LOCAL_READY ')) { clearTimeout(timer); ready(line.slice('CENSUS_LOCAL_READY '.length)); }
    });
  });

  async function call(path, method, body, headers = {}) {
    const response = await fetch(url + path, {
      method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  return {
    url,
    token: TOKEN,
    /** A call to the API with the token, as a script would make it (not through the page). */
    api: (method, path, body) => call(`/api/v1${path}`, method, body, { authorization: `Bearer ${TOKEN}` }),
    /** A call to the local Stitch Connect with its token (`/v4/sources` → `/stitch/v4/sources`). */
    stitch: (method, path, body) => call(`/stitch${path}`, method, body, { authorization: `Bearer ${STITCH_TOKEN}` }),
    /** A call to the test-control endpoints. */
    control: (method, path, body) => call(`/__control${path}`, method, body),
    /** The `/api/v1` requests received since the last reset: `{ attempts, counts }`. */
    attempts: async () => (await call('/__control/attempts', 'GET')).body,
    stop: () => new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    }),
  };
}

/** Debian's Chromium, headless, with the flags the rest of the suite uses. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'census-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A local Census of a test's own (`startCensus(censusOptions)`) and the demo page on it
 * (`openDemo(…, open)`), both closed when the test ends.
 */
export async function demoFor(t, browser, censusOptions, open) {
  const census = await startCensus(censusOptions);
  t.after(() => census.stop());
  const demo = await openDemo(browser.context, census, open);
  t.after(() => demo.page.close());
  return { census, ...demo };
}

/**
 * Opens the demo on `census` in a new tab and waits until its first load has finished: on the
 * Sources view, or on the view `hash` names (`#/syncs`, `#/stitch`). `problems` collects uncaught
 * exceptions, CSP and Trusted Types violations and other console errors; Chromium's own "Failed
 * to load resource" lines for deliberate HTTP errors are left out. `dialogs` collects any
 * window.alert/confirm/prompt, which the page must never open. `prepare(page)`, if given, runs
 * before the page is opened (say, to route its requests).
 */
export async function openDemo(context, census, { viewport, waitForRows = true, hash = '', prepare } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await prepare?.(page); // routes a test sets up before the page loads
  const problems = [];
  const dialogs = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  await page.goto(census.url + '/' + hash);
  await page.locator('html[data-ready=true]').waitFor();
  const table = { '#/syncs': '#syncs', '#/stitch': '#stitch-sources' }[hash] ?? '#sources';
  if (waitForRows) await page.locator(`${table} tbody tr`).first().waitFor();
  return { page, problems, dialogs };
}

/**
 * Lets the page reach `census` at `origin`, an origin the page's CSP allows (the local Census's
 * default http://127.0.0.1:8787), without taking that port: every request the page makes there is
 * answered from `census`, whatever port it runs on. A second server, for tests that switch the
 * page from one server to another.
 */
export async function serveAs(page, origin, census) {
  await page.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: census.url + url.pathname + url.search });
    await route.fulfill({ response });
  });
}

/** Ids of the rows on show, in order. */
export function rowIds(page) {
  return page.locator('#sources tbody tr').evaluateAll((rows) => rows.map((row) => Number(row.dataset.id)));
}
