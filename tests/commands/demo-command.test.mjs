// The README's first command, as a newcomer runs it: `scripts/demo.sh` (with `--port 0`, so it
// takes a free port rather than 8787) builds what it needs, starts the local Census serving the
// demo, and prints the URL; the page opened there lists the seeded sources through the server,
// with no token; Ctrl-C stops it cleanly. scripts/test.sh runs this after the package and demo
// tests, since the command rebuilds pkg/, which they read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { launchBrowser, root } from '../demo/harness.mjs';

test('scripts/demo.sh starts the demo on the local Census, and Ctrl-C stops it', { timeout: 900_000 }, async (t) => {
  const child = spawn('bash', [join(root, 'scripts/demo.sh'), '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  let output = '';
  child.stderr.on('data', (chunk) => { output += chunk; });
  const lines = [];
  createInterface({ input: child.stdout }).on('line', (line) => { lines.push(line); output += `${line}\n`; });
  // A build may come first: as long as it takes, up to the test's own limit.
  const url = await new Promise((ready, fail) => {
    const seen = setInterval(() => {
      const line = lines.find((l) => l.startsWith('CENSUS_LOCAL_READY '));
      if (line) { clearInterval(seen); ready(line.slice('CENSUS_LOCAL_READY '.length)); }
    }, 100);
    exited.then(({ code, signal }) => { clearInterval(seen); fail(new Error(`scripts/demo.sh exited (${code ?? signal}) before it was ready:\n${output}`)); });
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

  const browser = await launchBrowser();
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  await page.goto(`${url}/`);
  await page.locator('#sources tbody tr').first().waitFor();
  assert.equal(await page.locator('#sources tbody tr').count(), 25);
  assert.match(await page.locator('#connection-status').textContent(), /through the proxy, no token/);
  assert.deepEqual(problems, []);

  child.kill('SIGINT');
  const { code } = await exited;
  assert.equal(code, 0, output);
  assert.match(output, /census-local: stopped/);
});
