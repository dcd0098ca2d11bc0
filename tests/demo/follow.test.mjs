// Following a sync run or a table refresh through failures, in headless Chromium: a status check
// that meets a 500 or a dropped connection does not end the follow; checks that keep failing end
// it with the reason and a "Resume following" button, and the run id or refresh key stays kept
// (sessionStorage) so the button, or a reload, goes on waiting; a refresh resumed after a reload
// goes on counting its time from its start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const setup = (t, { census, ...open } = {}) => demoFor(t, browser, census, open);

async function syncLabelled(census, label) {
  const { body } = await census.api('GET', '/syncs?per_page=100');
  const sync = body.data.find((s) => s.label === label);
  assert.ok(sync, `a seeded sync labelled ${label}`);
  return sync;
}

const syncRow = (page, id) => page.locator(`#syncs tbody tr[data-id="${id}"]`);
const keptRuns = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('census-demo.syncRuns') ?? 'null')?.runs ?? {});
const keptRefreshes = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('census-demo.refreshes') ?? 'null')?.jobs ?? {});

/** Resolves once `count` requests matching `path` have met a fault since the call. */
async function faultsMet(census, path, count) {
  const met = async () => (await census.attempts()).attempts.filter((a) => a.fault && path.test(a.path)).length;
  const before = await met();
  for (let i = 0; i < 300 && (await met()) < before + count; i += 1) await new Promise((done) => { setTimeout(done, 50); });
  assert.ok((await met()) >= before + count, `${count} faults met on ${path}`);
}

test('a followed run rides out a 500 and a dropped connection, and ends in its row', async (t) => {
  const { census, page, problems } = await setup(t, { hash: '#/syncs', census: { runMs: 6000 } });
  const sync = await syncLabelled(census, 'HubSpot contacts');
  const row = syncRow(page, sync.id);
  await row.getByRole('button', { name: /^Trigger / }).click();
  await row.locator('.run-text', { hasText: /working…$/ }).waitFor({ timeout: 15_000 });

  await census.control('POST', '/faults', { route: 'GET /sync_runs/*', fault: '500', times: 1 });
  await faultsMet(census, /^\/sync_runs\/\d+$/, 1);
  // The server out for a while: connections dropped until several checks have met it.
  await census.control('POST', '/faults', { route: 'GET /sync_runs/*', fault: 'drop' });
  await faultsMet(census, /^\/sync_runs\/\d+$/, 5);
  await census.control('DELETE', '/faults');

  await row.locator('.run.ok').waitFor({ timeout: 20_000 });
  assert.match(await row.locator('.run-text').textContent(), /^Run \d+ completed in /);
  assert.equal(await row.locator('.last-run .badge').textContent(), 'Completed');
  assert.deepEqual(await keptRuns(page), {}, 'nothing left to resume once it ended');
  assert.deepEqual(problems, []);
});

test('a run whose checks keep failing offers Resume following, keeps its id, and resumes', async (t) => {
  const { census, page, problems } = await setup(t, { hash: '#/syncs', census: { runMs: 4000 } });
  const sync = await syncLabelled(census, 'HubSpot contacts');
  const row = syncRow(page, sync.id);
  await row.getByRole('button', { name: /^Trigger / }).click();
  await row.locator('.run-text', { hasText: /queued…$|working…$/ }).waitFor({ timeout: 15_000 });
  const runId = (await keptRuns(page))[sync.id].runId;
  await census.control('POST', '/faults', { route: 'GET /sync_runs/*', fault: '500' });

  // A few tries, then the follow ends with the reason, and says the run goes on.
  await row.locator('.run-text', { hasText: /checking again in/ }).waitFor({ timeout: 15_000 });
  await row.locator('.run.failed').waitFor({ timeout: 30_000 });
  assert.match(await row.locator('.run-text').textContent(),
    new RegExp(`^Could not follow run ${runId}: its status checks kept failing \\(HTTP 500\\)\\. The run goes on in Census; Resume following checks on it again\\.$`));
  const resume = row.getByRole('button', { name: 'Resume following' });
  assert.equal(await resume.isVisible(), true);
  assert.equal(await row.locator('[data-action=stop]').isVisible(), false);
  assert.equal((await keptRuns(page))[sync.id]?.runId, runId, 'the run id stays kept, so a reload can resume it too');

  await census.control('DELETE', '/faults');
  await resume.focus();
  await page.keyboard.press('Enter');
  await row.locator('.run.ok').waitFor({ timeout: 20_000 });
  assert.match(await row.locator('.run-text').textContent(), new RegExp(`^Run ${runId} completed in `));
  assert.equal(await resume.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'trigger', 'focus stays in the row');
  assert.equal(await row.locator('.last-run .badge').textContent(), 'Completed');
  assert.deepEqual(await keptRuns(page), {});
  const triggers = (await census.attempts()).counts[`POST /syncs/${sync.id}/trigger`];
  assert.equal(triggers, 1, 'resuming triggered nothing');
  assert.deepEqual(problems, []);
});

test('a refresh rides out a failed status check', async (t) => {
  const { census, page, problems } = await setup(t, { census: { refreshMs: 3000 } });
  const row = page.locator('#sources tbody tr').first();
  await row.getByRole('button', { name: /^Refresh tables of / }).click();
  await row.locator('.row-status.busy', { hasText: /\(check \d+\)/ }).waitFor();
  await census.control('POST', '/faults', { route: 'GET /sources/*/refresh_tables_status', fault: '500', times: 1 });
  await faultsMet(census, /refresh_tables_status$/, 1);
  await row.locator('.row-status.ok').waitFor({ timeout: 20_000 });
  assert.match(await row.locator('.row-status').textContent(), /^Tables refreshed in \d+\.\d s\.$/);
  assert.deepEqual(await keptRefreshes(page), {});
  assert.deepEqual(problems, []);
});

test('a refresh whose checks keep failing offers Resume following and keeps its key', async (t) => {
  const { census, page, problems } = await setup(t, { census: { refreshMs: 3000 } });
  const row = page.locator('#sources tbody tr').first();
  const id = Number(await row.getAttribute('data-id'));
  await row.getByRole('button', { name: /^Refresh tables of / }).click();
  await row.locator('.row-status.busy', { hasText: /\(check \d+\)/ }).waitFor();
  await census.control('POST', '/faults', { route: 'GET /sources/*/refresh_tables_status', fault: '500' });
  await row.locator('.row-status.failed').waitFor({ timeout: 30_000 });
  assert.match(await row.locator('.row-status').textContent(),
    /^Could not follow the refresh: its status checks kept failing \(HTTP 500\)\. It may still be running; Resume following checks on it again\.$/);
  const resume = row.getByRole('button', { name: /^Resume following the refresh of / });
  assert.equal(await resume.isVisible(), true);
  const kept = (await keptRefreshes(page))[id];
  assert.ok(kept?.key, `the refresh key stays kept: ${JSON.stringify(kept)}`);

  await census.control('DELETE', '/faults');
  await resume.click();
  await row.locator('.row-status.ok').waitFor({ timeout: 20_000 });
  assert.equal(await resume.isVisible(), false);
  assert.deepEqual(await keptRefreshes(page), {});
  assert.equal((await census.attempts()).counts[`POST /sources/${id}/refresh_tables`], 1, 'resuming started no second refresh');
  assert.deepEqual(problems, []);
});

test('a refresh resumed after a reload goes on counting its time from its start', async (t) => {
  const { page, problems } = await setup(t, { census: { refreshMs: 6000 } });
  const row = page.locator('#sources tbody tr').first();
  const id = await row.getAttribute('data-id');
  await row.getByRole('button', { name: /^Refresh tables of / }).click();
  const elapsed = async (locator) => Number((await locator.textContent()).match(/(\d+\.\d) s/)?.[1]);
  await page.waitForFunction(() => Number(document.querySelector('#sources tbody tr .row-status').textContent.match(/(\d+\.\d) s/)?.[1]) >= 2);
  const before = await elapsed(row.locator('.row-status'));
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  const again = page.locator(`#sources tbody tr[data-id="${id}"] .row-status`);
  await again.filter({ hasText: /\(check \d+\)/ }).waitFor();
  assert.ok(await elapsed(again) > before, `counted from the start: ${before} s before the reload, then “${await again.textContent()}”`);
  await again.filter({ hasText: /^Tables refreshed in/ }).waitFor({ timeout: 15_000 });
  assert.ok(await elapsed(again) >= 6, `the whole refresh: ${await again.textContent()}`);
  assert.deepEqual(problems, []);
});

// The page's own limits (2 min for a refresh, 30 min for a run) are reached with Playwright's
// fake clock, installed once the page has loaded: the job runs on for far longer on the server
// and every status check answers it is still going, so running out of time is no failed check.
test('a refresh that outlasts the page’s 2 minutes says the page stopped waiting, and Refresh tables waits for it', async (t) => {
  const { census, page, problems } = await setup(t, { census: { refreshMs: 300_000 } });
  await page.clock.install();
  const row = page.locator('#sources tbody tr').first();
  const id = Number(await row.getAttribute('data-id'));
  const refresh = row.getByRole('button', { name: /^Refresh tables of / });
  await refresh.click();
  await row.locator('.row-status.busy', { hasText: /\(check \d+\)/ }).waitFor();
  await page.clock.fastForward('02:01');
  await row.locator('.row-status.failed').waitFor({ timeout: 20_000 });
  const text = await row.locator('.row-status').textContent();
  assert.doesNotMatch(text, /kept failing|no answer/);
  assert.match(text, /^The page stopped waiting after 2 min; the refresh was still processing after \d+ status checks?\. Resume following checks on it again; a new refresh can start once it has ended\.$/);
  assert.ok((await census.attempts()).attempts.filter((a) => a.path.endsWith('/refresh_tables_status')).every((a) => !a.fault));
  assert.ok((await keptRefreshes(page))[id]?.key, 'the key stays kept');
  // Refresh tables stays off while the refresh may still run; Resume following is the way on.
  assert.equal(await refresh.getAttribute('aria-disabled'), 'true');
  await refresh.click({ force: true }); // aria-disabled: Playwright would otherwise wait for it
  assert.equal((await census.attempts()).counts[`POST /sources/${id}/refresh_tables`], 1, 'no second refresh');
  const resume = row.getByRole('button', { name: /^Resume following the refresh of / });
  assert.equal(await resume.isVisible(), true);
  await resume.click();
  await row.locator('.row-status.busy').waitFor();
  assert.deepEqual(problems, []);
});

test('a run that outlasts the page’s 30 minutes says the page stopped waiting, and Trigger waits for it', async (t) => {
  const { census, page, problems } = await setup(t, { hash: '#/syncs', census: { runMs: 3_600_000 } });
  await page.clock.install();
  const sync = await syncLabelled(census, 'HubSpot contacts');
  const row = syncRow(page, sync.id);
  const trigger = row.getByRole('button', { name: /^Trigger / });
  await trigger.click();
  await row.locator('.run-text', { hasText: /queued…$|working…$/ }).waitFor({ timeout: 15_000 });
  const runId = (await keptRuns(page))[sync.id].runId;
  await page.clock.fastForward('30:01');
  await row.locator('.run.failed').waitFor({ timeout: 20_000 });
  const text = await row.locator('.run-text').textContent();
  assert.doesNotMatch(text, /kept failing|no answer/);
  assert.match(text, new RegExp(`^The page stopped waiting for run ${runId} after 30 min; it was still (queued|working) after \\d+ status checks?\\. The run goes on in Census; Resume following checks on it again\\.$`));
  assert.equal((await keptRuns(page))[sync.id]?.runId, runId, 'the run id stays kept');
  assert.equal(await trigger.getAttribute('aria-disabled'), 'true', 'no second run while this one may go on');
  await trigger.click({ force: true });
  assert.equal((await census.attempts()).counts[`POST /syncs/${sync.id}/trigger`], 1);
  assert.equal(await row.getByRole('button', { name: 'Resume following' }).isVisible(), true);
  assert.deepEqual(problems, []);
});
