// Shared by the tests of the package as users install it (tests/package/*.test.mjs): the packed
// tarball that scripts/build-pkg.sh wrote, each test project (tests/vite, tests/html, tests/node,
// tests/worker, tests/vitest, tests/bundlers) copied to a fresh folder with the tarball installed by npm, a static server for
// built pages, the local Census the tests talk to, and Debian's Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');

/** The tarball `npm pack` made of pkg/ (CENSUS_PKG_TARBALL, else the one in target/npm/). */
export function packedTarball() {
  if (process.env.CENSUS_PKG_TARBALL) return resolve(process.env.CENSUS_PKG_TARBALL);
  const dir = join(targetDir, 'npm');
  let found = [];
  try {
    found = readdirSync(dir).filter((name) => /^census-wasm-.+\.tgz$/.test(name));
  } catch {
    // reported below
  }
  if (found.length !== 1) throw new Error(`expected one census-wasm-*.tgz in ${dir}, found ${found.length}: run scripts/build-pkg.sh`);
  return join(dir, found[0]);
}

/**
 * Copies tests/<name>/ to a fresh folder and installs the packed tarball there with npm, as a
 * user would (`npm install ./census-wasm-x.y.z.tgz`; offline, since the package has no
 * dependencies). Returns the folder; `remove()` deletes it. With `inWorkspace`, the folder is
 * under the workspace's target/ rather than the system's temporary folder.
 */
export function installProject(name, { inWorkspace = false } = {}) {
  // In the workspace (under target/, which git ignores), Node finds the workspace's own
  // node_modules above the project: the test tools it runs with (Vitest, MSW), not the package.
  const parent = inWorkspace ? join(root, 'target', 'settings') : tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `census-wasm-${name}-`));
  cpSync(join(root, 'tests', name), dir, { recursive: true, filter: (path) => !path.split(sep).includes('node_modules') });
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', packedTarball()], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The local Census: the one scripts/test.sh started (CENSUS_LOCAL_URL, CENSUS_LOCAL_TOKEN), or a
 * fresh one on a free port when run alone. The tests here only read, so they can share it.
 */
export async function localCensus() {
  if (process.env.CENSUS_LOCAL_URL && process.env.CENSUS_LOCAL_TOKEN) {
    return { url: process.env.CENSUS_LOCAL_URL, token: process.env.CENSUS_LOCAL_TOKEN, stop: async () => {} };
  }
  const token = 'census-package-test-token';
  return { ...(await startCensus(['--seed', '36', '--token', token, '--no-control'])), token };
}

/**
 * Starts a census-local of this checkout's build (CENSUS_LOCAL_BIN, else target/debug/) on a free
 * port with `args`, for a test that needs a server of its own (one whose data it changes, or
 * with flags the shared one lacks). Resolves to `{ url, stop() }` once it is ready.
 */
export async function startCensus(args) {
  const binary = process.env.CENSUS_LOCAL_BIN ?? join(targetDir, 'debug', 'census-local');
  const child = spawn(binary, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`census-local not ready in 20 s: ${stderr}`)), 20_000);
    child.once('error', (error) => { clearTimeout(timer); fail(new Error(`cannot start ${binary} (cargo build -p census-local): ${error.message}`)); });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`census-local exited (${code}): ${stderr}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('CENSUS_LOCAL_READY ')) { clearTimeout(timer); ready(line.slice('CENSUS_LOCAL_READY '.length)); }
    });
  });
  return {
    url,
    stop: () => new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    }),
  };
}

/** `GET /api/v1<path>` on the local Census with its token, as the tests' reference answer. */
export async function api(census, path) {
  const response = await fetch(`${census.url}/api/v1${path}`, { headers: { authorization: `Bearer ${census.token}` } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return response.json();
}

/** Every source, oldest first, read page by page from the API itself. */
export async function allSourceNames(census) {
  const names = [];
  for (let page = 1; ; page += 1) {
    const body = await api(census, `/sources?per_page=100&order=asc&page=${page}`);
    names.push(...body.data.map((source) => source.name));
    if (!body.pagination.next_page) return names;
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves `dir` on 127.0.0.1 as a plain static host would (index.html for `/`, 404 for anything
 * missing, the right Content-Type for .wasm, an empty favicon), adding `headers` to every answer. With `proxy`
 * (`{ url, token }`, a local Census), `/api/v1/…` is forwarded there with the token added, as an
 * admin page's own backend would, so the page needs no token and its CSP can say connect-src
 * 'self'. Resolves to `{ url, served, close() }`; `served` lists the paths answered 200.
 */
export async function serve(dir, { headers = {}, proxy } = {}) {
  const base = resolve(dir);
  const served = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    if (proxy && path.startsWith('/api/v1/')) {
      const answer = await fetch(`${proxy.url}${request.url}`, {
        method: request.method,
        headers: { authorization: `Bearer ${proxy.token}`, 'content-type': request.headers['content-type'] ?? 'application/json' },
        body: ['GET', 'HEAD'].includes(request.method) ? undefined : request,
        duplex: 'half',
      });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', ...headers });
      response.end(Buffer.from(await answer.arrayBuffer()));
      served.push(path);
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204, headers);
      response.end();
      return;
    }
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) file = null;
    try {
      if (file && statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = file && readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
      response.end(body);
      served.push(path);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain', ...headers });
      response.end('not found');
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    // Chromium may hold a connection it opened ahead of a request it never sent; close() alone
    // ends only idle connections that have served a request, and no timeout starts for one that
    // never had any, so it would wait until Chromium dropped the socket. Every connection is
    // ended with the server.
    close: () => new Promise((done) => {
      server.close(done);
      server.closeAllConnections();
    }),
  };
}

/** Headless Debian Chromium (CHROMIUM or /usr/bin/chromium), never a downloaded browser. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The source id every test page asks for to get a CensusNotFoundError: its 404 is expected. */
export const MISSING_ID = 999999999;

/**
 * A fresh page whose `problems` collect uncaught errors, console errors and warnings, failed
 * requests, HTTP errors other than the deliberate 404 of source MISSING_ID (Chromium's console
 * line for each HTTP error is left to this check) and Content-Security-Policy violations
 * (reported by a listener the page cannot remove).
 */
export async function watchedPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (!['error', 'warning'].includes(message.type()) || message.text().startsWith('Failed to load resource:')) return;
    problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() < 400 || response.url().endsWith(`/sources/${MISSING_ID}`)) return;
    problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.exposeFunction('reportViolation', (text) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      globalThis.reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  });
  return { page, problems };
}

/**
 * Opens `url` in a watched page and waits for `<html data-done>`, which each test page sets when
 * it has finished (its result in `data-result`, JSON).
 */
export async function openPage(browser, url) {
  const { page, problems } = await watchedPage(browser);
  await page.goto(url);
  await page.locator('html[data-done]').waitFor({ state: 'attached', timeout: 20_000 }).catch((error) => {
    throw new Error(`${url} did not finish: ${error.message}\n${problems.join('\n')}`);
  });
  const result = JSON.parse(await page.locator('html').getAttribute('data-result'));
  return { page, problems, result };
}
