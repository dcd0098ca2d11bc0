// Switching the page to another server in headless Chromium: the old server's rows, paging and
// totals go at once, before the new server's list arrives (here it never does), so no button of
// theirs can act on the new server, where the same id names something else. Another token on
// the same server may be another workspace too: the refreshes and runs followed are cancelled
// and no longer kept for a reload. The same for the Stitch sources view, where another access
// token is another account too: its rows go at once,
// a stale row's buttons do nothing, a replication followed is cancelled and a pause still
// answering is dropped; a base URL the client refuses leaves the page on the Stitch it had, as
// on Census. The second server is a local Census of its own, reached at http://127.0.0.1:8787
// (an origin the page's CSP allows) through serveAs, so the test takes no fixed port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser, openDemo, serveAs, startCensus, STITCH_TOKEN, TOKEN } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const OTHER = 'http://127.0.0.1:8787';

/** The page on server A, and server B (other data) reachable at OTHER. */
async function setup(t, { hash = '', census = {} } = {}) {
  const a = await startCensus(census);
  t.after(() => a.stop());
  const b = await startCensus({ seed: 80, ...census });
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

test('a refresh and a run followed when the Census token changes on the same server are cancelled and forgotten', async (t) => {
  const jobMs = 8000;
  const { census, page, problems } = await demoFor(t, browser, { refreshMs: jobMs, runMs: jobMs });
  const kept = () => page.evaluate(() => ({
    refreshes: JSON.parse(sessionStorage.getItem('census-demo.refreshes') ?? 'null')?.jobs ?? {},
    runs: JSON.parse(sessionStorage.getItem('census-demo.syncRuns') ?? 'null')?.runs ?? {},
  }));
  const started = Date.now();
  const source = page.locator('#sources tbody tr').first();
  const sourceId = await source.getAttribute('data-id');
  await source.getByRole('button', { name: /^Refresh tables of / }).click();
  await source.locator('.row-status.busy', { hasText: /\(check \d+\)/ }).waitFor();
  await page.click('#view-syncs');
  const sync = page.locator('#syncs tbody tr').first();
  const syncId = await sync.getAttribute('data-id');
  await sync.getByRole('button', { name: /^Trigger / }).click();
  await sync.locator('.run-text', { hasText: /queued…$|working…$/ }).waitFor({ timeout: 15_000 });
  assert.deepEqual([Object.keys((await kept()).refreshes), Object.keys((await kept()).runs)], [[sourceId], [syncId]], 'both kept for a reload');

  // The same connection again: the same workspace, so the run goes on in the new rows.
  await page.click('#connection button[type=submit]');
  await page.locator(`#syncs tbody tr[data-id="${syncId}"] .run.busy`).waitFor();
  assert.deepEqual(Object.keys((await kept()).runs), [syncId]);

  // A token on the same server (here the proxy's own): it may name another workspace, where
  // the ids followed mean nothing. The follows end at once and nothing is kept to resume.
  await page.check('#auth-token');
  await page.fill('#api-token', TOKEN);
  await page.click('#connection button[type=submit]');
  assert.deepEqual(await kept(), { refreshes: {}, runs: {} }, 'nothing is kept for a reload');
  await census.control('DELETE', '/attempts');
  await page.locator(`#syncs tbody tr[data-id="${syncId}"]`).waitFor();
  // Until after both have ended on the server: the old follows would have checked them by then.
  await page.waitForTimeout(Math.max(0, started + jobMs + 1500 - Date.now()));
  const row = page.locator(`#syncs tbody tr[data-id="${syncId}"]`);
  assert.equal(await row.locator('.run-text').textContent(), '', 'no run in the new row');
  assert.equal(await row.getByRole('button', { name: /^Trigger / }).getAttribute('aria-disabled'), null);
  await page.click('#view-sources');
  await page.locator(`#sources tbody tr[data-id="${sourceId}"]`).waitFor();
  assert.equal(await page.locator(`#sources tbody tr[data-id="${sourceId}"] .row-status`).textContent(), '', 'no refresh in the new row');
  const checks = (await census.attempts()).attempts.map((a) => `${a.method} ${a.path}`)
    .filter((call) => /^GET \/sync_runs\/\d+$|refresh_tables_status$/.test(call));
  assert.deepEqual(checks, [], 'the old follows checked no more');

  // Nor does a reload resume them.
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  await page.locator('#sources tbody tr').first().waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.busy').count(), 0);
  const after = (await census.attempts()).attempts.filter((a) => /^\/sync_runs\/\d+$|refresh_tables_status$/.test(a.path));
  assert.deepEqual(after, []);
  assert.deepEqual(problems, []);
});

// ---- The Stitch sources view ----

/** The Stitch calls a local Census received since its last reset, as `METHOD /path` strings. */
async function stitchCalls(census) {
  return (await census.attempts()).attempts.filter((a) => a.path.startsWith('/stitch/')).map((a) => `${a.method} ${a.path}`);
}

async function switchStitchTo(page, baseUrl, token = STITCH_TOKEN) {
  await page.selectOption('#preset', 'stitch-custom');
  await page.fill('#base-url', baseUrl);
  await page.fill('#stitch-token', token);
  await page.click('#connection button[type=submit]');
}

const stitchRow = (page, id) => page.locator(`#stitch-sources tbody tr[data-id="${id}"]`);

/** The first active Stitch source on show, and that a server reached at OTHER has one with its id. */
async function activeStitchSource(page, b) {
  const id = Number(await page.locator('#stitch-sources tbody tr[data-status=active]').first().getAttribute('data-id'));
  if (b) assert.equal((await b.stitch('GET', `/v4/sources/${id}`)).status, 200, 'server B has a Stitch source with the same id');
  return id;
}

test('after a switch to a Stitch server whose list fails, the old Stitch sources are gone and their buttons do nothing', async (t) => {
  const { a, b, page, problems } = await setup(t, { hash: '#/stitch' });
  const id = await activeStitchSource(page, b);
  // The row's buttons as they were: were a click to reach them once the rows are another
  // client's (a click racing the switch), they must not act with the new client.
  const pause = await stitchRow(page, id).locator('[data-action=pause]').elementHandle();
  const start = await stitchRow(page, id).locator('[data-action=start]').elementHandle();
  await b.control('POST', '/faults', { route: 'GET /stitch/v4/sources', fault: '503' });
  await a.control('DELETE', '/attempts');
  await b.control('DELETE', '/attempts');

  await switchStitchTo(page, `${OTHER}/stitch`);
  // At once, before B answers: no rows, no counts from A.
  assert.equal(await page.locator('#stitch-sources tbody tr').count(), 0);
  assert.doesNotMatch(await page.locator('#stitch-status').textContent(), /sources:/);
  await page.locator('#stitch-error').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('#stitch-error .alert-title').textContent(), /^Could not load the Stitch sources: .*\(HTTP 503/);
  assert.equal(await page.locator('#stitch-sources tbody tr').count(), 0, 'A’s rows do not come back');
  assert.equal(await page.locator('#stitch-sources [data-action]').count(), 0, 'no Pause or Start replication button is left');
  assert.equal(await page.locator('#stitch-status').textContent(), '');

  await pause.evaluate((button) => button.click());
  await start.evaluate((button) => button.click());
  await page.waitForTimeout(500); // time for a request, were one made
  const toB = await stitchCalls(b);
  assert.ok(toB.includes('GET /stitch/v4/sources'), `B was asked for its list: ${toB}`);
  assert.deepEqual(toB.filter((call) => !call.startsWith('GET ')), [], 'nothing but reads reached B');
  assert.deepEqual(await stitchCalls(a), [], 'nothing reached A after the switch');
  assert.equal((await b.stitch('GET', `/v4/sources/${id}`)).body.paused_at, null, 'B’s source is not paused');
  assert.equal((await a.stitch('GET', `/v4/sources/${id}`)).body.paused_at, null, 'A’s source is not paused');
  assert.deepEqual(problems, []);
});

test('a replication followed when the Stitch token changes is cancelled, and shows nowhere after', async (t) => {
  const jobMs = 6000;
  const { census, page, problems } = await demoFor(t, browser, { stitchJobMs: jobMs }, { hash: '#/stitch' });
  const id = await activeStitchSource(page);
  const clicked = Date.now();
  await stitchRow(page, id).getByRole('button', { name: /^Start replication of / }).click();
  await stitchRow(page, id).locator('.job[data-phase=discovery], .job[data-phase=tap], .job[data-phase=target]').first().waitFor();
  assert.ok(await page.evaluate(() => sessionStorage.getItem('census-demo.stitchJobs')), 'the job is kept for a reload');

  // Another token on the same server is another account (here one Stitch refuses).
  await page.fill('#stitch-token', 'another-account-token');
  await page.click('#connection button[type=submit]');
  assert.equal(await page.locator('#stitch-sources tbody tr').count(), 0, 'the rows go at once');
  await page.locator('#stitch-error').waitFor();
  assert.match(await page.locator('#stitch-error .alert-title').textContent(), /refused the access token \(HTTP 401\)/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('census-demo.stitchJobs')), null, 'the job is no longer kept');
  await census.control('DELETE', '/attempts');

  // Back on the first account's token: its rows again, without the job the page no longer follows.
  await page.fill('#stitch-token', STITCH_TOKEN);
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-status', { hasText: '7 sources' }).waitFor();
  // Until after the job has ended on the server: the old wait would have checked it by then.
  await page.waitForTimeout(Math.max(0, clicked + jobMs + 1500 - Date.now()));
  const row = stitchRow(page, id);
  assert.equal(await row.locator('.job-text').textContent(), '');
  assert.equal(await page.locator('#stitch-sources .job:is(.busy, .ok, .failed, .muted)').count(), 0, 'no job on show');
  assert.equal(await row.locator('.phases').isVisible(), false);
  assert.equal(await row.getByRole('button', { name: /^Start replication of / }).getAttribute('aria-disabled'), null);
  const calls = await stitchCalls(census);
  assert.deepEqual(calls.filter((call) => call.endsWith('/extractions')), [], `the old wait checked no more: ${calls}`);
  assert.deepEqual(calls.filter((call) => !call.startsWith('GET ')), [], 'nor was the job stopped or started');
  assert.deepEqual(problems, []);
});

test('a pause still answering when the page switches Stitch server is dropped: the new server’s row shows nothing of it', async (t) => {
  const { a, b, page, problems } = await setup(t, { hash: '#/stitch' });
  const id = await activeStitchSource(page, b);
  await a.control('POST', '/faults', { route: `PUT /stitch/v4/sources/${id}`, fault: 'delay:1500' });
  await stitchRow(page, id).locator('[data-action=pause]').click();
  await stitchRow(page, id).locator('.row-status.busy').waitFor();
  const answered = page.waitForEvent('requestfinished', (request) => request.method() === 'PUT');

  await switchStitchTo(page, `${OTHER}/stitch`);
  await page.locator('#stitch-status', { hasText: '7 sources' }).waitFor();
  await answered;
  assert.ok((await a.stitch('GET', `/v4/sources/${id}`)).body.paused_at, 'the pause sent before the switch reached A');
  await page.waitForTimeout(300); // time for the page to act on A's answer, were it to
  const row = stitchRow(page, id);
  assert.equal(await row.locator('td.source-status .badge').textContent(), 'Active');
  assert.equal(await row.locator('.row-status').textContent(), '');
  assert.equal(await row.locator('[data-action=pause]').textContent(), 'Pause');
  assert.equal(await row.locator('[data-action=pause]').getAttribute('aria-disabled'), null);
  assert.equal(await page.locator('#stitch-status').textContent(), '7 sources: 5 active, 1 paused, 1 deleted.');
  assert.equal((await b.stitch('GET', `/v4/sources/${id}`)).body.paused_at, null, 'B’s source is not paused');
  assert.deepEqual(problems, []);
});

test('a Stitch base URL the client refuses leaves the page on the Stitch it was connected to', async (t) => {
  const { census, page, problems } = await demoFor(t, browser, {}, { hash: '#/stitch' });
  const id = await activeStitchSource(page);
  await page.fill('#base-url', 'http://example.com/stitch');
  await page.click('#connection button[type=submit]');
  await page.locator('#base-url-error', { hasText: 'http:' }).waitFor();
  assert.equal(await page.locator('#stitch-sources tbody tr').count(), 7, 'the rows stay');
  await stitchRow(page, id).locator('[data-action=pause]').click();
  await stitchRow(page, id).locator('.row-status.ok').waitFor();
  assert.ok((await census.stitch('GET', `/v4/sources/${id}`)).body.paused_at, 'paused with the client the page kept');
  assert.deepEqual(problems, []);
});
