// Setting 1, a bundler: the packed tarball installed into tests/vite/ (a fresh copy), a Vite app
// whose page calls the local Census (cross-origin, with the token) and whose Vite-bundled worker
// lists every source. Its production build is served as static files and opened in headless
// Chromium; so is Vite's dev server, which pre-bundles the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, createLogger, createServer } from 'vite';
import { allSourceNames, installProject, launchChromium, localCensus, openPage, packedTarball, serve } from './settings.mjs';

let census;
let project;
let browser;
let names;

before(async () => {
  census = await localCensus();
  project = installProject('vite');
  browser = await launchChromium();
  names = await allSourceNames(census);
});

after(async () => {
  await browser?.close();
  project?.remove();
  await census?.stop();
});

/** A Vite logger that keeps warnings and errors (Vite's own, and Rolldown's it passes on). */
function strictLogger() {
  const logger = createLogger('warn');
  const said = [];
  logger.warn = (message) => said.push(`warning: ${message}`);
  logger.warnOnce = logger.warn;
  logger.error = (message) => said.push(`error: ${message}`);
  return { logger, said };
}

function pageUrl(origin) {
  return `${origin}/?${new URLSearchParams({ api: `${census.url}/api/v1`, token: census.token })}`;
}

test('the production build bundles the package and its wasm, and the app and its worker list sources', async () => {
  const { logger, said } = strictLogger();
  await build({ root: project.dir, logLevel: 'warn', customLogger: logger });
  assert.deepEqual(said, [], 'vite build said nothing');

  const assets = readdirSync(join(project.dir, 'dist', 'assets'));
  const wasm = assets.filter((file) => file.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one .wasm among ${assets.join(', ')}`);
  const shipped = readFileSync(join(project.dir, 'node_modules', 'census-wasm', 'census_wasm_bg.wasm'));
  assert.ok(readFileSync(join(project.dir, 'dist', 'assets', wasm[0])).equals(shipped), 'the wasm is emitted as the package holds it');

  const site = await serve(join(project.dir, 'dist'));
  try {
    const { problems, result } = await openPage(browser, pageUrl(site.url));
    assert.deepEqual(problems, []);
    assert.deepEqual(result, { firstPage: names.slice(0, 10), notFound: 404, worker: { names } });
    // The page and the worker each load the emitted wasm; nothing is read from node_modules.
    assert.equal(site.served.filter((path) => path === `/assets/${wasm[0]}`).length, 2, site.served.join(', '));
  } finally {
    await site.close();
  }
  console.log(`vite build: ${assets.join(', ')} (from ${packedTarball()})`);
});

test("Vite's dev server serves the package as installed, with no configuration for it", async () => {
  const { logger, said } = strictLogger();
  const server = await createServer({ root: project.dir, logLevel: 'warn', customLogger: logger, server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  try {
    const { problems, result } = await openPage(browser, pageUrl(server.resolvedUrls.local[0].replace(/\/$/, '')));
    assert.deepEqual(problems, []);
    assert.deepEqual(result, { firstPage: names.slice(0, 10), notFound: 404, worker: { names } });
    assert.deepEqual(said, []);
  } finally {
    await server.close();
  }
});
