// The demo page in headless Chromium (Debian's, through playwright-core) against the local Census
// that scripts/test.sh started; CENSUS_LOCAL_URL says where.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const url = process.env.CENSUS_LOCAL_URL;
let browser;
let context;

before(async () => {
  assert.ok(url, 'CENSUS_LOCAL_URL must point at a running local Census');
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'census-demo-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  browser = context;
});

after(async () => { await browser?.close(); });

async function openDemo() {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  await page.goto(url + '/');
  await page.locator('#sources tbody tr').first().waitFor();
  return { page, problems };
}

test('the demo lists the seeded sources through the proxy mode', async () => {
  const { page, problems } = await openDemo();
  const rows = page.locator('#sources tbody tr');
  assert.equal(await rows.count(), 25);
  assert.match(await page.locator('#page-info').textContent(), /^Page 1 of \d+$/);
  assert.match(await page.locator('#status').textContent(), /^\d+ sources in total$/);
  const types = await page.locator('#sources tbody td.type').allTextContents();
  assert.ok(new Set(types).size >= 3, `several source types, got ${[...new Set(types)]}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('next and previous page through the list', async () => {
  const { page } = await openDemo();
  const firstIds = await page.locator('#sources tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id));
  await page.click('#next');
  await page.locator('#page-info', { hasText: 'Page 2 of' }).waitFor();
  const secondIds = await page.locator('#sources tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id));
  assert.equal(secondIds.filter((id) => firstIds.includes(id)).length, 0, 'page 2 holds other sources');
  await page.click('#prev');
  await page.locator('#page-info', { hasText: 'Page 1 of' }).waitFor();
  await page.close();
});

test('a wrong token shows an authentication error in the page', async () => {
  const { page } = await openDemo();
  await page.fill('#api-token', 'wrong-token');
  await page.click('#connection button[type=submit]');
  const alert = page.locator('#error');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.textContent(), /^CensusAuthenticationError: .*HTTP 401/);
  assert.ok(!(await alert.textContent()).includes('wrong-token'));
  await page.close();
});
