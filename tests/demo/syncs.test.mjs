// The demo page's Syncs view in headless Chromium: the switch between views (kept in the URL),
// the seeded syncs with where they read and write and their newest run, a triggered run
// followed live to completed, failed and skipped, a run resumed after a reload, stopping the
// wait, a destination object's fields (awkward names included), the keyboard, a 375 px screen
// and the CSP. Each test has its own local Census, seeded with the same destinations and syncs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser, openDemo, startCensus } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A run short enough for tests, long enough to be seen queued and working. */
const RUN_MS = 2500;

const setup = (t, { census, ...open } = {}) =>
  demoFor(t, browser, { runMs: RUN_MS, ...census }, { hash: '#/syncs', ...open });

/** Every sync, newest first, as the API lists them. */
async function allSyncs(census) {
  const { status, body } = await census.api('GET', '/syncs?per_page=100&order=desc');
  assert.equal(status, 200, JSON.stringify(body));
  return body.data;
}

async function syncLabelled(census, label) {
  const sync = (await allSyncs(census)).find((s) => s.label === label);
  assert.ok(sync, `a seeded sync labelled ${label}`);
  return sync;
}

const rowOf = (page, id) => page.locator(`#syncs tbody tr[data-id="${id}"]`);
const number = (n) => new Intl.NumberFormat('en-US').format(n);

/** Every text the row's run line shows, in order, from now on. */
async function watchRunText(page, id) {
  const seen = [];
  const name = `noteRun${id}`;
  await page.exposeFunction(name, (text) => { if (text && seen.at(-1) !== text) seen.push(text); });
  await rowOf(page, id).locator('.run-text').evaluate((node, fn) => new MutationObserver(() => window[fn](node.textContent))
    .observe(node, { childList: true, subtree: true, characterData: true }), name);
  return seen;
}

/** The calls the local Census received, as `METHOD /path?query` strings. */
async function calls(census) {
  return (await census.attempts()).attempts.map((a) => `${a.method} ${a.path}${a.query ? `?${a.query}` : ''}`);
}

const keptRuns = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('census-demo.syncRuns') ?? 'null')?.runs ?? {});

test('the links switch between Sources and Syncs, and the URL keeps the choice', async (t) => {
  const { page, problems } = await setup(t, { hash: '' });
  assert.equal(await page.locator('#view-sources').getAttribute('aria-current'), 'page');
  assert.equal(await page.locator('#syncs-view').isVisible(), false);
  assert.equal(await page.title(), 'census-wasm demo: Sources');

  await page.click('#view-syncs');
  await page.locator('#syncs tbody tr').first().waitFor();
  assert.equal(new URL(page.url()).hash, '#/syncs');
  assert.equal(await page.locator('#view-syncs').getAttribute('aria-current'), 'page');
  assert.equal(await page.locator('#view-sources').getAttribute('aria-current'), null);
  assert.equal(await page.locator('#sources-view').isVisible(), false);
  assert.equal(await page.title(), 'census-wasm demo: Syncs');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'syncs-title', 'focus goes to the view shown');
  assert.equal(await page.locator('#skip').textContent(), 'Skip to the syncs');

  // A reload stays on Syncs; the back button goes back to Sources.
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  await page.locator('#syncs tbody tr').first().waitFor();
  assert.equal(await page.locator('#sources-view').isVisible(), false);
  await page.goBack();
  await page.locator('#sources-view').waitFor();
  await page.locator('#sources tbody tr').first().waitFor();
  assert.equal(await page.locator('#view-sources').getAttribute('aria-current'), 'page');

  // The skip link moves focus to the view on show without changing the URL.
  await page.click('#view-syncs');
  await page.locator('#syncs-view').waitFor();
  await page.locator('#skip').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'syncs-title');
  assert.equal(new URL(page.url()).hash, '#/syncs');
  assert.deepEqual(problems, []);
});

test('the Syncs view lists the seeded syncs with source → destination, schedule and last run', async (t) => {
  const { census, page, problems, dialogs } = await setup(t);
  await page.locator('#syncs tbody .last-run', { hasText: 'Loading…' }).first().waitFor({ state: 'detached' });
  const made = await calls(census); // the page's requests, before this test's own
  const syncs = await allSyncs(census);
  assert.ok(syncs.length >= 5, `seeded syncs: ${syncs.length}`);
  const ids = await page.locator('#syncs tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
  assert.deepEqual(ids, syncs.map((s) => s.id), 'newest first, as the API lists them');
  assert.equal(await page.locator('#syncs-status').textContent(), `Showing 1–${syncs.length} of ${syncs.length}.`);
  assert.equal(await page.locator('#syncs-total').textContent(), `${syncs.length} syncs`);

  for (const sync of syncs) {
    const row = rowOf(page, sync.id);
    const from = sync.source_attributes.connection_id;
    const to = sync.destination_attributes.connection_id;
    const source = (await census.api('GET', `/sources/${from}`)).body.data;
    const destination = (await census.api('GET', `/destinations/${to}`)).body.data;
    const newest = (await census.api('GET', `/syncs/${sync.id}/sync_runs?per_page=1&order=desc`)).body.data[0];
    assert.equal(await row.locator('th .name').textContent(), sync.label ?? `Sync ${sync.id}`);
    await row.locator('.source-name', { hasText: source.name }).waitFor();
    assert.equal(await row.locator('.destination-name').textContent(), destination.name);
    assert.equal(await row.locator('[data-action=object]').textContent(), `Fields of ${sync.destination_attributes.object}`);
    assert.equal(await row.locator('td[data-label=Operation] code').textContent(), sync.operation);
    const badge = row.locator('.last-run .badge');
    assert.equal((await badge.textContent()).toLowerCase(), newest ? newest.status : 'never run', `sync ${sync.id}'s last run`);
  }
  // The arrow is for the eye; a screen reader hears "to".
  const endpoints = rowOf(page, syncs[0].id).locator('td.endpoints');
  assert.equal(await endpoints.locator('.arrow').getAttribute('aria-hidden'), 'true');
  assert.equal(await endpoints.locator('.visually-hidden', { hasText: 'to' }).count(), 1);

  // Schedules in words, in both of the API's forms.
  const schedule = async (label) => rowOf(page, (await syncLabelled(census, label)).id).locator('td[data-label=Schedule]').textContent();
  assert.equal(await schedule('Braze users'), 'Hourly at :15');
  assert.equal(await schedule('Salesforce contacts'), 'Daily at 06:30 UTC');
  assert.equal(await schedule('HubSpot companies'), 'Weekly on Monday at 09:00 UTC');
  assert.equal(await schedule('Weekly signups sheet'), 'Cron 0 8 * * 1 (UTC)');
  assert.equal(await schedule('S3 users export'), 'Live');
  assert.equal(await schedule('Braze purchase events'), 'Daily at 06:00 UTC; After sync 52');
  assert.equal(await schedule('Salesforce leads'), 'After dbt Cloud job 118202');
  assert.equal(await schedule('HubSpot contacts'), 'Manual only');
  assert.match(await schedule('Export été 50%'), /Paused$/);

  // A failed last run says why.
  const leads = rowOf(page, (await syncLabelled(census, 'Salesforce leads')).id);
  if ((await leads.locator('.last-run .badge').textContent()) === 'Failed') {
    assert.match(await leads.locator('.last-run .step-error').textContent(), /^JSON_ARRAY_ERROR: /);
  }

  // One list request, and each sync's newest run asked for alone.
  assert.equal(made.filter((c) => c.startsWith('GET /syncs?')).length, 1);
  for (const sync of syncs) {
    assert.ok(made.some((c) => c.startsWith(`GET /syncs/${sync.id}/sync_runs?`) && /(^|[?&])per_page=1(&|$)/.test(c.split('?')[1])),
      `the newest run of sync ${sync.id} with per_page=1: ${made.filter((c) => c.includes('sync_runs'))}`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(dialogs, []);
});

test('the list shows before the last runs arrive, and they fill in after', async (t) => {
  const census = await startCensus({ runMs: RUN_MS });
  t.after(() => census.stop());
  await census.control('POST', '/faults', { route: 'GET /syncs/*/sync_runs', fault: 'delay:1500' });
  const { page, problems } = await openDemo(browser.context, census, { hash: '#/syncs' });
  t.after(() => page.close());
  const first = page.locator('#syncs tbody tr').first();
  assert.equal(await first.locator('.last-run').textContent(), 'Loading…', 'the rows did not wait for the runs');
  assert.equal(await first.locator('[data-action=trigger]').isEnabled(), true);
  await first.locator('.last-run .badge').waitFor({ timeout: 10_000 });
  assert.deepEqual(problems, []);
});

test('more syncs than a page: Next and Previous page through them, new syncs have never run', async (t) => {
  const census = await startCensus({ runMs: RUN_MS });
  t.after(() => census.stop());
  // 17 more syncs, created through the API as any other tool could: 26 in all, one on page 2.
  const model = (await census.api('GET', `/syncs/${(await syncLabelled(census, 'HubSpot contacts')).id}`)).body.data;
  for (let n = 1; n <= 17; n += 1) {
    const created = await census.api('POST', '/syncs', {
      label: `Copy ${n}`, operation: model.operation, source_attributes: model.source_attributes,
      destination_attributes: model.destination_attributes, mappings: model.mappings, schedule_frequency: 'never',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  const ids = (await allSyncs(census)).map((s) => s.id);
  assert.equal(ids.length, 26);
  const { page, problems } = await openDemo(browser.context, census, { hash: '#/syncs' });
  t.after(() => page.close());
  const shown = () => page.locator('#syncs tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
  assert.deepEqual(await shown(), ids.slice(0, 25));
  assert.equal(await page.locator('#syncs-page-info').textContent(), 'Page 1 of 2');
  assert.equal(await page.locator('#syncs-total').textContent(), '26 syncs');
  await rowOf(page, ids[0]).locator('.last-run .badge', { hasText: 'Never run' }).waitFor();
  assert.equal(await page.locator('#syncs-prev').isDisabled(), true);
  // A run followed while its row is on another page shows again with the row.
  await rowOf(page, ids[0]).getByRole('button', { name: /^Trigger / }).click();
  await rowOf(page, ids[0]).locator('.run.busy').waitFor();

  await page.click('#syncs-next');
  await page.locator('#syncs-page-info', { hasText: 'Page 2 of 2' }).waitFor();
  assert.deepEqual(await shown(), ids.slice(25));
  assert.equal(await page.locator('#syncs-status').textContent(), 'Showing 26–26 of 26.');
  assert.equal(await page.locator('#syncs-next').isDisabled(), true);
  await rowOf(page, ids[25]).locator('.last-run .badge').waitFor();
  await page.click('#syncs-prev');
  await page.locator('#syncs-page-info', { hasText: 'Page 1 of 2' }).waitFor();
  assert.deepEqual(await shown(), ids.slice(0, 25));
  await rowOf(page, ids[0]).locator('.run.busy, .run.ok').waitFor();
  await rowOf(page, ids[0]).locator('.run.ok').waitFor({ timeout: 15_000 });
  assert.equal(await rowOf(page, ids[0]).locator('.last-run .badge').textContent(), 'Completed');
  assert.deepEqual(problems, []);
});

test('triggering a sync shows it queued, then working with counts, then completed', async (t) => {
  const { census, page, problems } = await setup(t);
  const sync = await syncLabelled(census, 'Braze users');
  const row = rowOf(page, sync.id);
  const trigger = row.getByRole('button', { name: 'Trigger Braze users' });
  const text = row.locator('.run-text');
  assert.equal(await text.getAttribute('role'), 'status', 'a live region');
  const seen = await watchRunText(page, sync.id);
  await census.control('DELETE', '/attempts');

  await trigger.click();
  await row.locator('.run.busy').waitFor();
  assert.equal(await trigger.getAttribute('aria-disabled'), 'true', 'no second run while one is followed');
  // The wait, and its Stop button, begin once the trigger has answered with the run's id.
  await row.getByRole('button', { name: 'Stop waiting' }).waitFor();
  await row.locator('.run-text', { hasText: /^Run \d+ working…$/ }).waitFor();
  await row.locator('.run-counts dd[data-count=processed]', { hasText: /^\d[\d,]*$/ }).waitFor();
  assert.match(await row.locator('.run-counts dd[data-count=elapsed]').textContent(), /^\d+\.\d s$/);

  await row.locator('.run.ok').waitFor({ timeout: 15_000 });
  const runId = Number((await text.textContent()).match(/^Run (\d+) /)[1]);
  const run = (await census.api('GET', `/sync_runs/${runId}`)).body.data;
  assert.equal(run.sync_id, sync.id);
  assert.equal(run.status, 'completed');
  assert.equal(await text.textContent(), `Run ${runId} completed in ${await row.locator('[data-count=elapsed]').textContent()}: `
    + `${number(run.records_processed)} processed, ${number(run.records_updated)} updated, ${number(run.records_failed)} failed.`);
  assert.equal(await row.locator('[data-count=processed]').textContent(), number(run.records_processed));
  assert.equal(await row.locator('[data-count=updated]').textContent(), number(run.records_updated));
  assert.equal(await row.locator('[data-count=failed]').textContent(), number(run.records_failed));
  assert.deepEqual(seen.map((s) => s.replace(/\d+/g, 'N')).filter((s, i, all) => all.indexOf(s) === i).slice(0, 3),
    ['Starting a run…', 'Run N queued…', 'Run N working…'], `the states in order: ${seen}`);
  assert.equal(await trigger.getAttribute('aria-disabled'), null);
  assert.equal(await row.getByRole('button', { name: 'Stop waiting' }).isVisible(), false);
  // The last-run cell now shows this run.
  assert.equal(await row.locator('.last-run .badge').textContent(), 'Completed');
  assert.match(await row.locator('.last-run time').textContent(), /now|this minute|second/);

  const made = await calls(census);
  assert.deepEqual(made.filter((c) => c.startsWith('POST ')), [`POST /syncs/${sync.id}/trigger`], 'one trigger, not a full sync');
  assert.ok(made.filter((c) => c === `GET /sync_runs/${runId}`).length >= 2, 'checked until it ended');
  assert.deepEqual(await keptRuns(page), {}, 'nothing left to resume');
  assert.deepEqual(problems, []);
});

test('the full sync option asks Census to resync every record', async (t) => {
  const { census, page, problems } = await setup(t);
  const sync = await syncLabelled(census, 'HubSpot contacts');
  const row = rowOf(page, sync.id);
  await row.getByLabel('Full sync of HubSpot contacts').check();
  await row.getByRole('button', { name: 'Trigger HubSpot contacts' }).click();
  await row.locator('.run-text', { hasText: 'Starting a full sync…' }).or(row.locator('.run-text', { hasText: /^Run \d+/ })).first().waitFor();
  await row.locator('.run.ok').waitFor({ timeout: 15_000 });
  const trigger = (await census.attempts()).attempts.find((a) => a.method === 'POST');
  assert.equal(trigger.path, `/syncs/${sync.id}/trigger`);
  assert.equal(new URLSearchParams(trigger.query).get('force_full_sync'), 'true');
  const runId = Number((await row.locator('.run-text').textContent()).match(/^Run (\d+) /)[1]);
  assert.equal((await census.api('GET', `/sync_runs/${runId}`)).body.data.full_sync, true);
  assert.deepEqual(problems, []);
});

test('Full sync is cleared once its trigger is accepted, so the next Trigger is a plain run', async (t) => {
  const { census, page, problems } = await setup(t);
  const sync = await syncLabelled(census, 'HubSpot contacts');
  const row = rowOf(page, sync.id);
  const full = row.getByLabel('Full sync of HubSpot contacts');
  await full.check();
  await row.getByRole('button', { name: 'Trigger HubSpot contacts' }).click();
  await row.locator('.run-text', { hasText: /^Run \d+/ }).waitFor();
  assert.equal(await full.isChecked(), false, 'unticked once Census accepted the full sync');
  await row.locator('.run.ok').waitFor({ timeout: 15_000 });
  await row.getByRole('button', { name: 'Trigger HubSpot contacts' }).click();
  await row.locator('.run.busy').waitFor();
  await row.locator('.run.ok').waitFor({ timeout: 15_000 });
  const triggers = (await census.attempts()).attempts.filter((a) => a.method === 'POST' && a.path === `/syncs/${sync.id}/trigger`);
  assert.deepEqual(triggers.map((a) => new URLSearchParams(a.query).get('force_full_sync')), ['true', null]);
  assert.deepEqual(problems, []);
});

test('a trigger that fails keeps Full sync ticked, to be tried again as it was', async (t) => {
  const { census, page, problems } = await setup(t);
  const sync = await syncLabelled(census, 'HubSpot contacts');
  const row = rowOf(page, sync.id);
  const full = row.getByLabel('Full sync of HubSpot contacts');
  await full.check();
  await census.control('POST', '/faults', { route: 'POST /syncs/*/trigger', fault: '500', times: 1 });
  await row.getByRole('button', { name: 'Trigger HubSpot contacts' }).click();
  await row.locator('.run.failed').waitFor();
  assert.equal(await full.isChecked(), true);
  assert.ok(problems.every((p) => !p.startsWith('pageerror')), `no uncaught error: ${problems}`);
});

test('a run that fails shows Census’s error code and message; a skipped run says so', async (t) => {
  const { census, page, problems } = await setup(t);
  const failing = await syncLabelled(census, 'Salesforce leads');
  const skipping = await syncLabelled(census, 'Weekly signups sheet');
  await rowOf(page, failing.id).getByRole('button', { name: /^Trigger / }).click();
  await rowOf(page, skipping.id).getByRole('button', { name: /^Trigger / }).click();

  const failed = rowOf(page, failing.id);
  await failed.locator('.run.failed').waitFor({ timeout: 15_000 });
  const runId = Number((await failed.locator('.run-text').textContent()).match(/^Run (\d+) /)[1]);
  const run = (await census.api('GET', `/sync_runs/${runId}`)).body.data;
  assert.equal(run.status, 'failed');
  assert.equal(await failed.locator('.run-text').textContent(), `Run ${runId} failed: ${run.error_code}: ${run.error_message}`);
  assert.match(run.error_code, /^JSON_ARRAY_ERROR$/);
  assert.equal(await failed.locator('.last-run .badge').textContent(), 'Failed');
  // The reason shows once in the row: in the run box, not again in the Last run cell beside it.
  assert.equal(await failed.locator('.last-run .step-error').count(), 0);
  assert.equal((await failed.textContent()).split(run.error_code).length - 1, 1, 'the error code appears once');

  const skipped = rowOf(page, skipping.id);
  await skipped.locator('.run-text', { hasText: /^Run \d+ skipped: there was nothing to sync\.$/ }).waitFor({ timeout: 15_000 });
  assert.equal(await skipped.locator('.last-run .badge').textContent(), 'Skipped');
  assert.deepEqual(problems, []);
});

test('a trigger the server refuses says why in the row', async (t) => {
  const { census, page, problems } = await setup(t);
  await census.control('POST', '/faults', { route: 'POST /syncs/*/trigger', fault: '500' });
  const row = page.locator('#syncs tbody tr').first();
  const name = await row.locator('th .name').textContent();
  await row.getByRole('button', { name: /^Trigger / }).click();
  await row.locator('.run.failed').waitFor();
  assert.match(await row.locator('.run-text').textContent(),
    new RegExp(`^Could not trigger “${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”: the server had a problem \\(HTTP 500\\)`));
  assert.equal(await row.getByRole('button', { name: /^Trigger / }).getAttribute('aria-disabled'), null, 'it can be tried again');
  assert.deepEqual(await keptRuns(page), {});
  assert.deepEqual(problems, []);
});

test('a run still going when the page reloads is resumed with waitForSyncRun, not triggered again', async (t) => {
  const { census, page, problems } = await setup(t, { census: { runMs: 5000 } });
  const sync = await syncLabelled(census, 'Salesforce contacts');
  const row = rowOf(page, sync.id);
  const clicked = Date.now();
  await row.getByRole('button', { name: /^Trigger / }).click();
  // Right after the trigger's answer, before the first check of the run, its id is kept.
  await row.locator('.run-text', { hasText: /^Run \d+ queued…$/ }).waitFor();
  const runId = Number((await row.locator('.run-text').textContent()).match(/^Run (\d+) /)[1]);
  assert.equal((await keptRuns(page))[sync.id]?.runId, runId, 'the run id is kept as soon as it is known');

  await page.waitForTimeout(1200);
  const beforeReload = (Date.now() - clicked) / 1000;
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  const again = rowOf(page, sync.id);
  await again.locator('.run.busy').waitFor();
  assert.match(await again.locator('.run-text').textContent(), new RegExp(`^Run ${runId}(: checking on it after the reload| queued| working)…$`));
  assert.equal(await again.getByRole('button', { name: /^Trigger / }).getAttribute('aria-disabled'), 'true');
  assert.equal(await again.getByRole('button', { name: 'Stop waiting' }).isVisible(), true);
  // The elapsed time counts from the trigger, not from the reload.
  const elapsed = parseFloat(await again.locator('[data-count=elapsed]').textContent());
  assert.ok(elapsed >= beforeReload - 0.3, `elapsed ${elapsed} s, at least the ${beforeReload} s since the click`);

  await again.locator('.run.ok').waitFor({ timeout: 20_000 });
  assert.match(await again.locator('.run-text').textContent(), new RegExp(`^Run ${runId} completed in \\d+\\.\\d s: `));
  const made = await calls(census);
  assert.equal(made.filter((c) => c === `POST /syncs/${sync.id}/trigger`).length, 1, 'the reload triggered no second run');
  assert.ok(made.filter((c) => c === `GET /sync_runs/${runId}`).length >= 2);
  assert.deepEqual(await keptRuns(page), {}, 'nothing left to resume once it ended');

  // Another reload resumes nothing.
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  await page.locator('#syncs tbody tr').first().waitFor();
  assert.equal(await page.locator('.run.busy').count(), 0);
  assert.deepEqual(problems, []);
});

test('Stop waiting ends the wait, not the run', async (t) => {
  const { census, page, problems } = await setup(t, { census: { runMs: 8000 } });
  const sync = await syncLabelled(census, 'Braze purchase events');
  const row = rowOf(page, sync.id);
  await row.getByRole('button', { name: /^Trigger / }).click();
  await row.locator('.run-text', { hasText: /^Run \d+ (queued|working)…$/ }).waitFor();
  const runId = Number((await row.locator('.run-text').textContent()).match(/^Run (\d+) /)[1]);
  await row.getByRole('button', { name: 'Stop waiting' }).click();
  await row.locator('.run-text', { hasText: `Stopped waiting for run ${runId}. It goes on in Census; Reload shows how it ends.` }).waitFor();
  assert.equal(await row.getByRole('button', { name: 'Stop waiting' }).isVisible(), false);
  assert.equal(await row.getByRole('button', { name: /^Trigger / }).getAttribute('aria-disabled'), null);
  assert.deepEqual(await keptRuns(page), {}, 'a reload does not resume a wait the user stopped');
  const checks = (await calls(census)).filter((c) => c === `GET /sync_runs/${runId}`).length;
  await page.waitForTimeout(2500);
  assert.equal((await calls(census)).filter((c) => c === `GET /sync_runs/${runId}`).length, checks, 'no more checks');
  assert.match((await census.api('GET', `/sync_runs/${runId}`)).body.data.status, /^(queued|working)$/, 'the run goes on');
  assert.deepEqual(problems, []);
});

test('a destination object with an awkward name opens its fields, and closing returns focus', async (t) => {
  const { census, page, problems } = await setup(t);
  const awkward = (await allSyncs(census)).filter((s) => /[/%?# é]/.test(s.destination_attributes.object));
  assert.ok(awkward.some((s) => /[%?#]/.test(s.destination_attributes.object)), 'a seeded object named with % ? #');
  for (const sync of awkward) {
    const { connection_id: destinationId, object: name } = sync.destination_attributes;
    const expected = await census.api('GET', `/destinations/${destinationId}/objects/${encodeURIComponent(name)}`);
    assert.equal(expected.status, 200, JSON.stringify(expected.body));
    const object = expected.body.data;
    assert.equal(object.full_name, name);

    const button = rowOf(page, sync.id).getByRole('button', { name: `Fields of ${name}` });
    await button.click();
    await page.locator('#object-status', { hasText: /^\d+ fields?\.$/ }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'object-title', 'focus goes to the panel');
    assert.equal(await page.locator('#object-title').textContent(), `Fields of ${object.label && object.label !== name ? object.label : name}`);
    assert.equal(await page.locator('#object-about code').first().textContent(), name);
    const rows = await page.locator('#object-fields tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      full_name: tr.dataset.fullName,
      type: tr.querySelector('td[data-label=Type]').textContent,
      keys: [...tr.querySelectorAll('.badge.key')].map((b) => b.textContent),
    })));
    assert.deepEqual(rows, object.fields.map((f) => ({
      full_name: f.full_name,
      type: f.type ?? '—',
      keys: [['can_be_upsert_key', 'Upsert key'], ['can_be_update_key', 'Update key'], ['can_be_insert_key', 'Insert key'],
        ['can_be_reference_key', 'Reference key']].filter(([flag]) => f[flag]).map(([, label]) => label),
    })));
    // The name reached the server as one path segment, percent-encoded.
    const prefix = `/destinations/${destinationId}/objects/`;
    const asked = (await census.attempts()).attempts.filter((a) => a.method === 'GET' && a.path.startsWith(prefix)).at(-1);
    assert.equal(asked.status, 200, JSON.stringify(asked));
    const segment = asked.path.slice(prefix.length);
    assert.ok(!/[/?# ]/.test(segment), `one encoded segment: ${segment}`);
    assert.equal(decodeURIComponent(segment), name);

    await page.getByRole('button', { name: 'Close' }).click();
    assert.equal(await page.locator('#object-panel').isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), `Fields of ${name}`, 'focus goes back to the object');
  }
  // Escape closes it too.
  await rowOf(page, awkward[0].id).locator('[data-action=object]').click();
  await page.locator('#object-fields tbody tr').first().waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#object-panel').isVisible(), false);
  assert.deepEqual(problems, []);
});

test('the keyboard alone reaches the Syncs view, triggers a run and stops the wait', async (t) => {
  const { census, page, problems } = await setup(t, { hash: '', census: { runMs: 8000 } });
  const ring = () => page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
  let guard = 0;
  while ((await page.evaluate(() => document.activeElement.id)) !== 'view-syncs') {
    assert.ok((guard += 1) < 10, 'Tab reaches the Syncs link near the top');
    await page.keyboard.press('Tab');
  }
  assert.ok(await ring(), 'the link shows its focus');
  await page.keyboard.press('Enter');
  await page.locator('#syncs tbody tr').first().waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'syncs-title');

  const first = page.locator('#syncs tbody tr').first();
  const id = Number(await first.getAttribute('data-id'));
  guard = 0;
  while (!(await page.evaluate(() => document.activeElement.dataset?.action === 'trigger'))) {
    assert.ok((guard += 1) < 20, 'Tab reaches the first Trigger button');
    await page.keyboard.press('Tab');
  }
  assert.equal(Number(await page.evaluate(() => document.activeElement.closest('tr').dataset.id)), id);
  assert.ok(await ring(), 'the Trigger button shows its focus');
  await page.keyboard.press('Enter');
  await first.locator('.run-text', { hasText: /^Run \d+ (queued|working)…$/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'trigger', 'focus stays on Trigger');
  assert.equal((await calls(census)).filter((c) => c === `POST /syncs/${id}/trigger`).length, 1);
  await page.keyboard.press('Enter'); // a second press starts no second run
  await page.keyboard.press('Tab'); // the full sync option
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'full-sync');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Stop waiting');
  assert.ok(await ring());
  await page.keyboard.press('Space');
  await first.locator('.run-text', { hasText: /^Stopped waiting/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'trigger', 'focus returns to Trigger');
  assert.equal((await calls(census)).filter((c) => c === `POST /syncs/${id}/trigger`).length, 1);

  // The object's fields, by keyboard too.
  await first.locator('[data-action=object]').focus();
  await page.keyboard.press('Enter');
  await page.locator('#object-fields tbody tr').first().waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'object-title');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'object');
  assert.deepEqual(problems, []);
});

test('at 375 px the Syncs view does not scroll sideways and the tables become cards', async (t) => {
  const { census, page, problems } = await setup(t, { viewport: { width: 375, height: 812 } });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const fits = async (selector) => {
    const rights = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    assert.ok(rights.length > 0 && rights.every((right) => right <= 375), `${selector} fits: ${Math.max(...rights)}`);
  };
  await page.locator('#syncs tbody .last-run', { hasText: 'Loading…' }).first().waitFor({ state: 'detached' });
  assert.equal(await overflow(), 0);
  assert.equal(await page.locator('#syncs thead').isVisible(), false);
  await fits('#syncs tbody tr');
  await fits('nav.views a');

  // A failed run's long message and a run in progress fit too.
  const failing = await syncLabelled(census, 'Salesforce leads');
  await rowOf(page, failing.id).getByRole('button', { name: /^Trigger / }).click();
  await rowOf(page, failing.id).locator('.run.failed').waitFor({ timeout: 15_000 });
  await page.locator('#syncs tbody tr').first().getByRole('button', { name: /^Trigger / }).click();
  await page.locator('#syncs tbody tr').first().locator('.run-counts').waitFor();
  assert.equal(await overflow(), 0);
  await fits('#syncs tbody tr');

  const awkward = (await allSyncs(census)).find((s) => /[%?#]/.test(s.destination_attributes.object));
  await rowOf(page, awkward.id).locator('[data-action=object]').click();
  await page.locator('#object-fields tbody tr').first().waitFor();
  assert.equal(await page.locator('#object-fields thead').isVisible(), false);
  assert.equal(await overflow(), 0);
  await fits('#object-fields tbody tr');
  assert.deepEqual(problems, []);
});

test('the CSP is unchanged, sync data renders as text, and the view adds no inline code', async (t) => {
  const { census, page, problems, dialogs } = await setup(t);
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    + 'connect-src \'self\' https://app.getcensus.com https://app-eu.getcensus.com https://api.stitchdata.com http://127.0.0.1:8787 http://localhost:8787; '
    + "base-uri 'none'; form-action 'none'; object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
  assert.equal(await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content'), csp);
  const violations = [];
  await page.exposeFunction('noteViolation', (v) => violations.push(v));
  await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => window.noteViolation(`${e.violatedDirective} ${e.blockedURI}`)));

  // A label made of HTML, set through the API as any other tool could.
  const IMG = '<img src=x onerror=alert(1)>';
  const sync = (await allSyncs(census))[0];
  const patched = await census.api('PATCH', `/syncs/${sync.id}`, { label: IMG });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  await page.click('#syncs-reload');
  await rowOf(page, sync.id).locator('th .name', { hasText: IMG }).waitFor();
  assert.equal(await rowOf(page, sync.id).getByRole('button', { name: /^Trigger / }).getAttribute('aria-label'), `Trigger ${IMG}`);

  // Everything the view draws: runs, a failure, an object's fields.
  await rowOf(page, sync.id).getByRole('button', { name: /^Trigger / }).click();
  await rowOf(page, sync.id).locator('.run.ok, .run.failed, .run.muted').waitFor({ timeout: 15_000 });
  await rowOf(page, sync.id).locator('[data-action=object]').click();
  await page.locator('#object-fields tbody tr').first().waitFor();
  await page.waitForTimeout(300); // an onerror would have fired by now
  assert.equal(await page.locator('img, [style], style, script:not([src])').count(), 0);
  assert.deepEqual(violations, []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
});
