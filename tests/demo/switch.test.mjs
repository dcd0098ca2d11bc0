// Switching the page to another server in headless Chromium: the old server's rows, paging and
// totals go at once, before the new server's list arrives (here it never does), so no button of
// theirs can act on the new server, where the same id names something else. The second server
// is a local Census of its own, reached at http://127.0.0.1:8787 (an origin the page's CSP
// allows) through serveAs, so the test takes no fixed port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openDemo, serveAs, startCensus, TOKEN } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const OTHER = 'http://127.0.0.1:8787';

/** The page on server A, and server B (other data) reachable at OTHER. */
async function setup(t, { hash = '' } = {}) {
  const a = await startCensus();
  t.after(() => a.stop());
  const b = await startCensus({ seed: 80 });
  t.after(() => b.stop());
  const demo = await openDemo(browser.context, a, { hash });
  t.after(() => demo.page.close());
  await serveAs(demo.page, OTHER, b);
  return { a, b, ...demo };
}

async function switchTo(page, baseUrl) {
  await page.selectOption('#preset', 'custom');
  await page.fill('#base-url', baseUrl);
  await page.check('#auth-token');
  await page.fill('#api-token', TOKEN);
  await page.click('#connection button[type=submit]');
}

const counts = async (census) => (await census.attempts()).counts;

test('after a switch to a server whose list fails, the old sources are gone and nothing acts on the new one', async (t) => {
  const { a, b, page, problems } = await setup(t);
  const id = Number(await page.locator('#sources tbody tr').first().getAttribute('data-id'));
  assert.equal((await b.api('GET', `/sources/${id}`)).status, 200, 'server B has a source with the same id');
  await b.control('POST', '/faults', { route: 'GET /sources', fault: '503' });
  await b.control('DELETE', '/attempts');

  await switchTo(page, `${OTHER}/api/v1`);
  // At once, before B answers: no rows, no paging, no totals from A.
  assert.equal(await page.locator('#sources tbody tr').count(), 0);
  assert.equal(await page.locator('#page-info').textContent(), '');
  assert.equal(await page.locator('#total').textContent(), '');
  await page.locator('#error').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('#error .alert-title').textContent(), /^Could not load the sources: the server had a problem \(HTTP 503\)/);
  assert.equal(await page.locator('#sources tbody tr').count(), 0, 'A’s rows do not come back');
  assert.equal(await page.locator('#sources [data-action]').count(), 0, 'no Delete or Refresh button is left');
  assert.equal(await page.locator('#prev').isDisabled(), true);
  assert.equal(await page.locator('#next').isDisabled(), true);
  assert.doesNotMatch(await page.locator('#status').textContent(), /Showing/);

  const made = Object.keys(await counts(b));
  assert.ok(made.includes('GET /sources'), `B was asked for its list: ${made}`);
  assert.deepEqual(made.filter((call) => !call.startsWith('GET ')), [], 'nothing but reads reached B');
  assert.equal((await b.api('GET', `/sources/${id}`)).status, 200, 'B’s source is untouched');
  assert.equal((await a.api('GET', `/sources/${id}`)).status, 200, 'A’s source is untouched');
  assert.deepEqual(problems, []);
});

test('after a switch to a server whose syncs fail to list, the old syncs are gone and Trigger cannot reach the new one', async (t) => {
  const { b, page, problems } = await setup(t, { hash: '#/syncs' });
  const id = Number(await page.locator('#syncs tbody tr').first().getAttribute('data-id'));
  assert.equal((await b.api('GET', `/syncs/${id}`)).status, 200, 'server B has a sync with the same id');
  await b.control('POST', '/faults', { route: 'GET /syncs', fault: '503' });
  await b.control('DELETE', '/attempts');

  await switchTo(page, `${OTHER}/api/v1`);
  assert.equal(await page.locator('#syncs tbody tr').count(), 0);
  assert.equal(await page.locator('#syncs-page-info').textContent(), '');
  assert.equal(await page.locator('#syncs-total').textContent(), '');
  await page.locator('#syncs-error').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#syncs tbody tr').count(), 0, 'A’s rows do not come back');
  assert.equal(await page.locator('#syncs [data-action=trigger]').count(), 0);
  assert.equal(await page.locator('#syncs-prev').isDisabled(), true);
  assert.equal(await page.locator('#syncs-next').isDisabled(), true);
  const made = Object.keys(await counts(b));
  assert.deepEqual(made.filter((call) => call.includes('trigger')), [], 'no trigger reached B');
  assert.deepEqual(problems, []);
});

test('a switch that works shows the new server’s rows, whose buttons act on it', async (t) => {
  const { a, b, page, problems } = await setup(t);
  await switchTo(page, `${OTHER}/api/v1`);
  await page.locator('#total', { hasText: '80 sources' }).waitFor({ timeout: 20_000 });
  assert.match(await page.locator('#connection-status').textContent(), /^Connected to 127\.0\.0\.1:8787\/api\/v1 with the API token\.$/);
  const row = page.locator('#sources tbody tr').first();
  const id = Number(await row.getAttribute('data-id'));
  await row.getByRole('button', { name: /^Delete / }).click();
  await page.locator('#confirm-delete').getByRole('button', { name: 'Delete source' }).click();
  await page.locator('#total', { hasText: '79 sources' }).waitFor();
  assert.equal((await b.api('GET', `/sources/${id}`)).status, 404, 'deleted on B');
  assert.equal((await counts(a))[`DELETE /sources/${id}`], undefined, 'nothing sent to A');
  assert.deepEqual(problems, []);
});
