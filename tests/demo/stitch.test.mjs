// The demo page on Stitch Connect in headless Chromium: the server menu switches to the local
// Stitch (census-local's /stitch), the seeded sources with their type, status and setup step,
// pause and unpause (checked on the server too), a replication followed through its phases to
// succeeded, Stitch's already_running when a job already runs, a job resumed after a reload,
// stopping a job, errors, the token and a 375 px screen. Each test has its own local Census,
// seeded with the same 7 Stitch sources.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser, openDemo, startCensus, STITCH_TOKEN } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A job short enough for tests, long enough for each of its three phases to be seen. */
const JOB_MS = 3000;

const setup = (t, { census, ...open } = {}) =>
  demoFor(t, browser, { stitchJobMs: JOB_MS, ...census }, { hash: '#/stitch', ...open });

/** Every Stitch source, as the API lists them (active, paused and deleted). */
async function stitchSources(census) {
  const { status, body } = await census.stitch('GET', '/v4/sources');
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function sourceNamed(census, displayName) {
  const source = (await stitchSources(census)).find((s) => s.display_name === displayName);
  assert.ok(source, `a seeded Stitch source named ${displayName}`);
  return source;
}

const rowOf = (page, id) => page.locator(`#stitch-sources tbody tr[data-id="${id}"]`);

/** The account's extraction of a job, as the API shows it. */
async function extractionOf(census, source, jobName) {
  const { status, body } = await census.stitch('GET', `/v4/${source.stitch_client_id}/extractions`);
  assert.equal(status, 200, JSON.stringify(body));
  return body.data.find((e) => e.source_id === source.id && (!jobName || e.job_name === jobName));
}

/** Every text the row's job line shows, in order, from now on. */
async function watchJobText(page, id) {
  const seen = [];
  const name = `noteJob${id}`;
  await page.exposeFunction(name, (text) => { if (text && seen.at(-1) !== text) seen.push(text); });
  await rowOf(page, id).locator('.job-text').evaluate((node, fn) => new MutationObserver(() => window[fn](node.textContent))
    .observe(node, { childList: true, subtree: true, characterData: true }), name);
  return seen;
}

/** The Stitch calls the local Census received, as `METHOD /path` strings. */
async function stitchCalls(census) {
  return (await census.attempts()).attempts.filter((a) => a.path.startsWith('/stitch/')).map((a) => `${a.method} ${a.path}`);
}

test('the server menu switches to the local Stitch, which lists its sources with type, status and setup', async (t) => {
  const { census, page, problems, dialogs } = await setup(t, { hash: '' });
  // A source still at its first setup step, created through the API as any other tool could.
  const created = await census.stitch('POST', '/v4/sources', { display_name: 'New Postgres', type: 'platform.postgres' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const sent = [];
  page.on('request', (request) => sent.push({ url: request.url(), auth: request.headers().authorization }));

  // On Census first: the Stitch fields and view are not on show.
  assert.equal(await page.locator('#stitch-auth').isVisible(), false);
  assert.equal(await page.locator('#view-stitch').isVisible(), false);
  await page.selectOption('#preset', 'stitch-local');
  assert.equal(await page.inputValue('#base-url'), '/stitch');
  assert.equal(await page.inputValue('#stitch-token'), STITCH_TOKEN, 'census-local’s published default token');
  assert.equal(await page.locator('#census-auth').isVisible(), false);
  assert.equal(await page.locator('#stitch-auth').isVisible(), true);
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-sources tbody tr').first().waitFor();

  assert.equal(new URL(page.url()).hash, '#/stitch');
  assert.equal(await page.title(), 'census-wasm demo: Stitch sources');
  assert.equal(await page.locator('h1').textContent(), 'Stitch Sources');
  assert.equal(await page.locator('#sources-view').isVisible(), false);
  assert.deepEqual(await page.locator('nav.views a:visible').allTextContents(), ['Stitch sources'], 'only Stitch’s view is offered');
  assert.equal(await page.locator('#view-stitch').getAttribute('aria-current'), 'page');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stitch-title', 'focus goes to the view shown');
  assert.match(await page.locator('#connection-status').textContent(), /^Connected to Stitch at 127\.0\.0\.1:\d+\/stitch with the access token\.$/);

  const made = await stitchCalls(census); // the page's, before this test's own
  const sources = await stitchSources(census);
  assert.equal(sources.length, 8);
  const ids = await page.locator('#stitch-sources tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
  assert.deepEqual(ids, sources.map((s) => s.id), 'every source, deleted ones too, in the API’s order');
  assert.equal(await page.locator('#stitch-status').textContent(), '8 sources: 6 active, 1 paused, 1 deleted.');
  const seeded = ['Postgres 1', 'Mysql 2', 'Hubspot 3', 'Shopify 4', 'Closeio 5', 'Postgres 6', 'Mysql 7', 'New Postgres'];
  assert.deepEqual(await page.locator('#stitch-sources tbody th .name').allTextContents(), seeded);

  for (const source of sources) {
    const row = rowOf(page, source.id);
    const expected = source.deleted_at ? 'Deleted' : source.paused_at ? 'Paused' : 'Active';
    assert.equal(await row.locator('td.source-status .badge').textContent(), expected, `${source.display_name}'s status`);
    assert.equal(await row.locator('code.type').textContent(), source.type);
    assert.equal(await row.locator('td.setup').getAttribute('data-step'), source.report_card.current_step_type);
    assert.equal(await row.locator('td.setup .step').textContent(),
      `Step ${source.report_card.current_step} of ${source.report_card.steps.length}`);
    const toggle = row.locator('[data-action=pause]');
    assert.equal(await toggle.getAttribute('aria-label'), `${expected === 'Paused' ? 'Unpause' : 'Pause'} ${source.display_name}`);
    assert.equal(await toggle.isDisabled(), expected === 'Deleted', `${source.display_name}: pause off only when deleted`);
    assert.equal(await row.getByRole('button', { name: `Start replication of ${source.display_name}` }).isDisabled(), expected === 'Deleted');
  }
  assert.equal(await rowOf(page, created.body.id).locator('td.setup').textContent(), 'Connection details neededStep 1 of 4');
  assert.equal(await rowOf(page, (await sourceNamed(census, 'Postgres 1')).id).locator('td.setup').textContent(), 'Fully configuredStep 4 of 4');

  // Every Stitch request carried the token as a header, never in a URL.
  const toStitch = sent.filter((r) => r.url.includes('/stitch/'));
  assert.ok(toStitch.length > 0 && toStitch.every((r) => r.auth === `Bearer ${STITCH_TOKEN}`), 'the bearer header on every Stitch request');
  assert.ok(sent.every((r) => !r.url.includes(STITCH_TOKEN)));
  assert.deepEqual(made, ['POST /stitch/v4/sources', 'GET /stitch/v4/sources'], 'one list request');

  // And back to Census: its views again.
  await page.selectOption('#preset', 'local');
  assert.equal(await page.inputValue('#base-url'), '/api/v1');
  assert.equal(await page.locator('#stitch-auth').isVisible(), false);
  await page.click('#connection button[type=submit]');
  await page.locator('#sources tbody tr').first().waitFor();
  assert.equal(new URL(page.url()).hash, '#/sources');
  assert.equal(await page.locator('h1').textContent(), 'Census Sources and Syncs');
  assert.deepEqual(await page.locator('nav.views a:visible').allTextContents(), ['Sources', 'Syncs']);
  assert.equal(await page.locator('#stitch-view').isVisible(), false);
  assert.deepEqual(problems, []);
  assert.deepEqual(dialogs, []);
});

test('pause then unpause a source: the page and the server agree at each step', async (t) => {
  const { census, page, problems } = await setup(t);
  const source = await sourceNamed(census, 'Postgres 1');
  assert.equal(source.paused_at, null);
  const row = rowOf(page, source.id);
  const toggle = row.locator('[data-action=pause]');
  const note = row.locator('.row-status');
  assert.equal(await note.getAttribute('role'), 'status');

  await toggle.click();
  await row.locator('.row-status.ok').waitFor();
  assert.equal(await note.textContent(), 'Paused “Postgres 1”: it does not replicate on its schedule until unpaused.');
  assert.equal(await row.locator('td.source-status .badge').textContent(), 'Paused');
  assert.equal(await toggle.textContent(), 'Unpause');
  assert.equal(await toggle.getAttribute('aria-label'), 'Unpause Postgres 1');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'pause', 'focus stays on the button');
  const paused = await census.stitch('GET', `/v4/sources/${source.id}`);
  assert.equal(paused.status, 200);
  assert.ok(paused.body.paused_at, `paused on the server: ${JSON.stringify(paused.body.paused_at)}`);
  assert.ok(Math.abs(Date.parse(paused.body.paused_at) - Date.now()) < 60_000, 'paused now');
  assert.equal(await page.locator('#stitch-status').textContent(), '7 sources: 4 active, 2 paused, 1 deleted.');

  await toggle.click();
  await row.locator('.row-status', { hasText: 'Unpaused' }).waitFor();
  assert.equal(await note.textContent(), 'Unpaused “Postgres 1”: it replicates on its schedule again.');
  assert.equal(await row.locator('td.source-status .badge').textContent(), 'Active');
  assert.equal(await toggle.textContent(), 'Pause');
  assert.equal((await census.stitch('GET', `/v4/sources/${source.id}`)).body.paused_at, null, 'unpaused on the server');
  assert.equal(await page.locator('#stitch-status').textContent(), '7 sources: 5 active, 1 paused, 1 deleted.');

  // The seeded paused source unpauses too, and a reload shows what the server holds.
  const hubspot = await sourceNamed(census, 'Hubspot 3');
  assert.ok(hubspot.paused_at);
  await rowOf(page, hubspot.id).getByRole('button', { name: 'Unpause Hubspot 3' }).click();
  await rowOf(page, hubspot.id).locator('.row-status.ok').waitFor();
  assert.equal((await census.stitch('GET', `/v4/sources/${hubspot.id}`)).body.paused_at, null);
  await page.click('#stitch-reload');
  await page.locator('#stitch-status', { hasText: '7 sources: 6 active, 0 paused, 1 deleted.' }).waitFor();
  assert.equal(await rowOf(page, hubspot.id).locator('td.source-status .badge').textContent(), 'Active');

  const puts = (await stitchCalls(census)).filter((c) => c.startsWith('PUT '));
  assert.deepEqual(puts, [`PUT /stitch/v4/sources/${source.id}`, `PUT /stitch/v4/sources/${source.id}`, `PUT /stitch/v4/sources/${hubspot.id}`]);
  assert.deepEqual(problems, []);
});

test('start replication follows the job through discovery, tap and target to succeeded', async (t) => {
  const { census, page, problems } = await setup(t);
  const source = await sourceNamed(census, 'Mysql 2');
  const row = rowOf(page, source.id);
  const start = row.getByRole('button', { name: 'Start replication of Mysql 2' });
  assert.equal(await row.locator('.job-text').getAttribute('role'), 'status', 'a live region');
  const seen = await watchJobText(page, source.id);
  const started = Date.now();

  await start.click();
  await row.locator('.job.busy').waitFor();
  assert.equal(await start.getAttribute('aria-disabled'), 'true', 'no second job while one is followed');
  await start.click({ force: true }); // a second press, at once (Playwright would wait out aria-disabled): ignored
  await row.locator('.job[data-phase=discovery], .job[data-phase=tap], .job[data-phase=target]').first().waitFor();
  assert.equal(await row.locator('.phases li[aria-current=step]').count(), 1, 'one phase is the current one');
  assert.equal(await row.getByRole('button', { name: 'Stop the job' }).isVisible(), true);

  await row.locator('.job.ok').waitFor({ timeout: 20_000 });
  assert.ok(Date.now() - started >= JOB_MS - 200, 'it waited for the job to end');
  assert.match(await row.locator('.job-text').textContent(), /^Replication succeeded in \d+\.\d s\.$/);
  assert.equal(await row.locator('.job').getAttribute('data-phase'), 'succeeded');
  assert.deepEqual(await row.locator('.phases li').evaluateAll((items) => items.map((li) => `${li.dataset.phase}:${li.className}`)),
    ['discovery:done', 'tap:done', 'target:done']);
  assert.equal(await start.getAttribute('aria-disabled'), null);
  assert.equal(await row.getByRole('button', { name: 'Stop the job' }).isVisible(), false);

  // The phases in their order, as the job went through them.
  const phases = seen.map((text) => ({ 'Discovery: finding the streams…': 'discovery', 'Extraction (tap): reading the source…': 'tap',
    'Loading (target): writing to the destination…': 'target' })[text]).filter(Boolean);
  assert.ok(phases.length >= 2, `at least two phases seen live: ${seen}`);
  assert.deepEqual(phases, [...phases].sort((a, b) => ['discovery', 'tap', 'target'].indexOf(a) - ['discovery', 'tap', 'target'].indexOf(b)),
    `in order: ${seen}`);
  assert.equal(seen[0], 'Starting a replication…');

  // The result is the server's extraction of this job.
  const jobName = await row.locator('.job-result dt:text-is("Job") + dd').textContent();
  const extraction = await extractionOf(census, source, jobName);
  assert.ok(extraction, `the extraction of ${jobName}`);
  assert.ok(extraction.completion_time);
  assert.deepEqual([extraction.discovery_exit_status, extraction.tap_exit_status, extraction.target_exit_status], [0, 0, 0]);
  assert.equal(await row.locator('.job-result dt:text-is("Exit statuses") + dd').textContent(), 'discovery 0, tap 0, target 0');
  const calls = await stitchCalls(census);
  assert.deepEqual(calls.filter((c) => c.startsWith('POST ')), [`POST /stitch/v4/sources/${source.id}/sync`], 'one job started');
  assert.ok(calls.filter((c) => c.endsWith('/extractions')).length >= 2, `checked until it ended: ${calls}`);
  assert.deepEqual(problems, []);
});

test('a job already running shows Stitch’s already_running error, from another tab or another tool', async (t) => {
  const { census, page, problems } = await setup(t, { census: { stitchJobMs: 8000 } });
  const source = await sourceNamed(census, 'Shopify 4');
  const row = rowOf(page, source.id);
  await row.getByRole('button', { name: /^Start replication of / }).click();
  await row.locator('.job.busy .job-text', { hasText: /Job started|Discovery|Extraction|Loading/ }).waitFor();

  // The same source started in a second tab while the first follows its job.
  const other = await openDemo(browser.context, census, { hash: '#/stitch' });
  t.after(() => other.page.close());
  const again = rowOf(other.page, source.id);
  await again.getByRole('button', { name: /^Start replication of / }).click();
  await again.locator('.job.failed').waitFor();
  assert.equal(await again.locator('.job').getAttribute('data-error-type'), 'already_running');
  assert.equal(await again.locator('.job-text code.error-type').textContent(), 'already_running');
  assert.match(await again.locator('.job-text').textContent(),
    /^already_running Could not start a replication of “Shopify 4”: a replication job is already running for it \(already_running\)\. Wait for that one to finish, then start another\. Stitch said: “Did not create job for client-id: 116078; connection-id: \d+ because one already exists”$/);
  assert.equal(await again.getByRole('button', { name: /^Start replication of / }).getAttribute('aria-disabled'), null, 'it can be tried again');
  assert.equal(await again.locator('.phases').isVisible(), false);

  // Another tool's job on a source the page has not started.
  const closeio = await sourceNamed(census, 'Closeio 5');
  const byApi = await census.stitch('POST', `/v4/sources/${closeio.id}/sync`);
  assert.equal(byApi.status, 200, JSON.stringify(byApi.body));
  assert.ok(byApi.body.job_name);
  await rowOf(page, closeio.id).getByRole('button', { name: /^Start replication of / }).click();
  await rowOf(page, closeio.id).locator('.job[data-error-type=already_running]').waitFor();

  // The first tab's job goes on and ends well.
  await row.locator('.job.ok').waitFor({ timeout: 20_000 });
  const starts = (await stitchCalls(census)).filter((c) => c === `POST /stitch/v4/sources/${source.id}/sync`);
  assert.equal(starts.length, 2, 'one start per tab');
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
});

test('a job still running when the page reloads is resumed with waitForReplication, not started again', async (t) => {
  const { census, page, problems } = await setup(t, { census: { stitchJobMs: 4000 } });
  const source = await sourceNamed(census, 'Postgres 1');
  const row = rowOf(page, source.id);
  const clicked = Date.now();
  await row.getByRole('button', { name: /^Start replication of / }).click();
  // From the first progress report, which names the job: its name and start, never the token.
  await page.waitForFunction(() => sessionStorage.getItem('census-demo.stitchJobs'));
  const session = await page.evaluate(() => ({ ...sessionStorage }));
  assert.deepEqual(Object.keys(session), ['census-demo.stitchJobs'], 'nothing else kept: not the token');
  const saved = JSON.parse(session['census-demo.stitchJobs']);
  assert.equal(saved.baseUrl, '/stitch');
  assert.deepEqual(Object.keys(saved.jobs), [String(source.id)]);
  const { jobName, startedAt } = saved.jobs[source.id];
  assert.deepEqual(Object.keys(saved.jobs[source.id]).sort(), ['jobName', 'startedAt']);
  assert.ok(typeof jobName === 'string' && jobName, `a job name: ${jobName}`);
  assert.ok(Math.abs(startedAt - clicked) < 2000, 'started at the click');

  // Mid-job: the server lists the job, then the page reloads.
  await row.locator('.job[data-phase=discovery], .job[data-phase=tap], .job[data-phase=target]').first().waitFor();
  assert.equal((await extractionOf(census, source))?.job_name, jobName, 'the server runs the job kept');
  await page.waitForTimeout(500);
  const beforeReload = (Date.now() - clicked) / 1000;
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  const again = rowOf(page, source.id);
  await again.locator('.job-text', { hasText: /\S/ }).waitFor();
  // A resumed wait checks at once: the row says it is checking, or already the phase it found.
  const shown = await again.locator('.job-text').textContent();
  assert.ok(shown === `Job ${jobName}: checking on it after the reload…` || /^Extraction \((discovery|tap|target)\): /.test(shown), shown);
  assert.equal(await again.locator('.job').getAttribute('class'), 'job busy');
  assert.equal(await again.getByRole('button', { name: /^Start replication of / }).getAttribute('aria-disabled'), 'true');
  // The elapsed time counts from the click, not from the reload.
  const elapsed = parseFloat(await again.locator('.job-elapsed').textContent());
  assert.ok(elapsed >= beforeReload - 0.3, `elapsed ${elapsed} s, at least the ${beforeReload} s since the click`);

  await again.locator('.job.ok').waitFor({ timeout: 20_000 });
  assert.match(await again.locator('.job-text').textContent(), /^Replication succeeded in \d+\.\d s\.$/);
  assert.equal(await again.locator('.job-result dt:text-is("Job") + dd').textContent(), jobName);
  const extraction = await extractionOf(census, source);
  assert.equal(extraction.job_name, jobName, 'the source’s last job is still the one started before the reload');
  assert.ok(extraction.completion_time);
  assert.deepEqual([extraction.discovery_exit_status, extraction.tap_exit_status, extraction.target_exit_status], [0, 0, 0]);
  const starts = (await stitchCalls(census)).filter((c) => c === `POST /stitch/v4/sources/${source.id}/sync`);
  assert.equal(starts.length, 1, 'the reload started no second job');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('census-demo.stitchJobs')), null, 'nothing left to resume once it ended');

  // Another reload resumes nothing.
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  assert.equal(await page.locator('#stitch-sources .job.busy').count(), 0);
  assert.equal(await rowOf(page, source.id).locator('.job-text').textContent(), '');
  assert.deepEqual(problems, []);
});

test('Stop the job stops it, the server ends it as Stitch shows a terminated job, and the row says so', async (t) => {
  const { census, page, problems } = await setup(t, { census: { stitchJobMs: 9000 } });
  const source = await sourceNamed(census, 'Mysql 7');
  const row = rowOf(page, source.id);
  await row.getByRole('button', { name: /^Start replication of / }).click();
  const stop = row.getByRole('button', { name: 'Stop the job' });
  await stop.waitFor();
  await stop.click();
  await row.locator('.job.muted').waitFor({ timeout: 20_000 });
  // Stitch's terminated job has no exit status and says "Terminated" for each phase: which phase
  // was running it does not say, so the row names none and marks none as the failed one.
  assert.equal(await row.locator('.job-text').textContent(), 'Job stopped: Stitch ended it before it finished (Terminated).');
  assert.equal(await row.locator('.phases li.failed').count(), 0);
  const jobName = await row.locator('.job-result dt:text-is("Job") + dd').textContent();
  const extraction = await extractionOf(census, source, jobName);
  assert.deepEqual([extraction.discovery_exit_status, extraction.tap_exit_status, extraction.target_exit_status],
    [null, null, null], 'terminated on the server');
  assert.equal(extraction.tap_description, 'Terminated');
  assert.ok((await stitchCalls(census)).includes(`DELETE /stitch/v4/sources/${source.id}/sync`));
  assert.equal(await row.getByRole('button', { name: /^Start replication of / }).getAttribute('aria-disabled'), null);
  assert.deepEqual(problems, []);
});

test('a job Stitch terminated (finished, no exit status, each phase "Terminated") reads as failed, naming no phase', async (t) => {
  const { census, page, problems } = await setup(t);
  const source = await sourceNamed(census, 'Mysql 2');
  const row = rowOf(page, source.id);
  // The extractions as Stitch's reference shows a job it terminated on its own (one that ran too
  // long, say), which the local Stitch only does when asked to stop one: a job that succeeds is
  // rewritten on the way to the page.
  await page.route(`**/stitch/v4/${source.stitch_client_id}/extractions*`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const extraction of body.data ?? []) {
      if (extraction.source_id !== source.id || !extraction.job_name) continue;
      Object.assign(extraction, {
        completion_time: extraction.completion_time ?? new Date().toISOString(),
        discovery_exit_status: null, tap_exit_status: null, target_exit_status: null,
        discovery_description: 'Terminated', tap_description: 'Terminated', target_description: 'Terminated',
      });
    }
    await route.fulfill({ response, json: body });
  });
  await row.getByRole('button', { name: 'Start replication of Mysql 2' }).click();
  await row.locator('.job.failed').waitFor({ timeout: 20_000 });
  assert.equal(await row.locator('.job-text').textContent(), 'Replication failed: Stitch ended it before it finished (Terminated).');
  assert.equal(await row.locator('.phases li.failed').count(), 0);
  assert.deepEqual(problems, []);
});

test('a list Stitch refuses says why and can be tried again; a wrong token is named', async (t) => {
  const census = await startCensus({ stitchJobMs: JOB_MS });
  t.after(() => census.stop());
  await census.control('POST', '/faults', { route: 'GET /stitch/v4/sources', fault: '500' });
  const { page, problems } = await openDemo(browser.context, census, { hash: '#/stitch', waitForRows: false });
  t.after(() => page.close());
  await page.locator('#stitch-error').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('#stitch-error .alert-title').textContent(),
    /^Could not load the Stitch sources: Stitch had a problem \(HTTP 500[^)]*\)\. Try again in a moment\./);
  await census.control('DELETE', '/faults');
  await page.locator('#stitch-error .alert-retry').click();
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  assert.equal(await page.locator('#stitch-error').isVisible(), false);

  await page.fill('#stitch-token', 'not-the-stitch-token');
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-error').waitFor();
  assert.match(await page.locator('#stitch-error .alert-title').textContent(),
    /^Could not load the Stitch sources: the local Stitch refused the access token \(HTTP 401\)\. It takes census-local’s --stitch-token/);
  // An empty token is refused in the page, before any request.
  await page.fill('#stitch-token', '');
  await page.click('#connection button[type=submit]');
  assert.equal(await page.locator('#stitch-token-error').textContent(), 'Enter the Stitch access token.');
  assert.equal(await page.locator('#stitch-token').getAttribute('aria-invalid'), 'true');
  assert.ok(problems.every((p) => !p.startsWith('pageerror')), `no uncaught error: ${problems}`);
});

test('a Reload that fails keeps the rows on show and the line that counts them, as the Census lists do', async (t) => {
  const { census, page, problems } = await setup(t);
  const status = page.locator('#stitch-status');
  assert.equal(await status.textContent(), '7 sources: 5 active, 1 paused, 1 deleted.');
  await census.control('POST', '/faults', { route: 'GET /stitch/v4/sources', fault: '500' });
  await page.click('#stitch-reload');
  await page.locator('#stitch-error').waitFor();
  assert.match(await page.locator('#stitch-error .alert-title').textContent(), /^Could not load the Stitch sources: .*\(HTTP 500/);
  assert.equal(await page.locator('#stitch-sources tbody tr').count(), 7, 'the rows stay');
  assert.equal(await status.textContent(), '7 sources: 5 active, 1 paused, 1 deleted, as listed before the last load failed.',
    'and say what they are, and that they are from before the failure');
  assert.deepEqual(problems, []);
});

test('the Stitch token stays in memory, or in sessionStorage with its server when asked; never localStorage or a URL', async (t) => {
  const { page } = await setup(t);
  const storage = () => page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  assert.deepEqual(await storage(), { local: {}, session: {}, cookie: '' });

  // The real Stitch Connect: the local token is not carried over to it.
  await page.selectOption('#preset', 'stitch');
  assert.equal(await page.inputValue('#base-url'), 'https://api.stitchdata.com');
  assert.equal(await page.inputValue('#stitch-token'), '');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stitch-token');
  assert.match(await page.locator('#stitch-token-hint').textContent(), /memory only/);
  await page.fill('#base-url', '/stitch-proxy');
  assert.equal(await page.inputValue('#preset'), 'stitch-custom', 'an edited URL stays a Stitch one');
  await page.selectOption('#preset', 'stitch-local');
  assert.equal(await page.inputValue('#stitch-token'), STITCH_TOKEN);

  await page.check('#remember-stitch-token');
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-status', { hasText: '7 sources' }).waitFor();
  assert.deepEqual(await storage(), { local: {}, session: { 'census-demo.stitch': JSON.stringify({ baseUrl: '/stitch', accessToken: STITCH_TOKEN }) }, cookie: '' });
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  assert.equal(await page.inputValue('#preset'), 'stitch-local');
  assert.equal(await page.locator('#remember-stitch-token').isChecked(), true);
  assert.equal(await page.inputValue('#stitch-token'), STITCH_TOKEN);

  await page.uncheck('#remember-stitch-token');
  assert.deepEqual(await storage(), { local: {}, session: {}, cookie: '' });
  assert.ok(!page.url().includes(STITCH_TOKEN));
});

test('at 375 px the Stitch view does not scroll sideways, a finished job included', async (t) => {
  const { census, page, problems } = await setup(t, { viewport: { width: 375, height: 812 } });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(await overflow(), 0);
  assert.equal(await page.locator('#stitch-sources thead').isVisible(), false, 'rows become cards');
  const source = await sourceNamed(census, 'Postgres 1');
  await rowOf(page, source.id).getByRole('button', { name: /^Start replication of / }).click();
  await rowOf(page, source.id).locator('.job.ok').waitFor({ timeout: 20_000 });
  assert.equal(await overflow(), 0);
  const rights = await page.locator('#stitch-sources tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().right));
  assert.ok(rights.every((right) => right <= 375), `rows fit: ${Math.max(...rights)}`);
  assert.deepEqual(problems, []);
});

test('a replication that outlasts the page’s 30 minutes says the page stopped waiting, and offers Resume following', async (t) => {
  const { census, page, problems } = await setup(t, { census: { stitchJobMs: 3_600_000 } });
  await page.clock.install();
  const source = await sourceNamed(census, 'Postgres 1');
  const row = rowOf(page, source.id);
  const start = row.getByRole('button', { name: /^Start replication of / });
  await start.click();
  await row.locator('.job[data-phase=discovery]').waitFor({ timeout: 15_000 });
  await page.clock.fastForward('30:01');
  await row.locator('.job.failed').waitFor({ timeout: 20_000 });
  const text = await row.locator('.job-text').textContent();
  assert.doesNotMatch(text, /did not answer|unreachable/);
  assert.match(text, /^The page stopped waiting after 30 min; the job was still in its (discovery|tap|target) phase after \d+ status checks?\. It goes on in Stitch; Resume following checks on it again\.$/);
  assert.equal(await start.getAttribute('aria-disabled'), 'true', 'no second start while the job may go on');
  const kept = JSON.parse(await page.evaluate(() => sessionStorage.getItem('census-demo.stitchJobs')));
  assert.ok(kept?.jobs?.[source.id]?.jobName, 'the job stays kept for Resume following or a reload');
  const resume = row.getByRole('button', { name: /^Resume following the job of / });
  await resume.click();
  await row.locator('.job.busy').waitFor();
  assert.equal((await stitchCalls(census)).filter((c) => c === `POST /stitch/v4/sources/${source.id}/sync`).length, 1);
  assert.deepEqual(problems, []);
});

test('source types read as their proper names: MySQL, HubSpot, Close.io', async (t) => {
  const { census, page, problems } = await setup(t);
  const labels = {};
  for (const source of await stitchSources(census)) {
    labels[source.type] = await rowOf(page, source.id).locator('.type-label').textContent();
  }
  assert.deepEqual(labels, {
    'platform.postgres': 'PostgreSQL', 'platform.mysql': 'MySQL', 'platform.hubspot': 'HubSpot',
    'platform.shopify': 'Shopify', 'platform.closeio': 'Close.io',
  });
  assert.deepEqual(problems, []);
});

test('an access token the client refuses is explained without its option name', async (t) => {
  const { census, page, problems } = await setup(t);
  await census.control('DELETE', '/attempts');
  await page.fill('#stitch-token', 'ac_abc def');
  await page.click('#connection button[type=submit]');
  const error = page.locator('#stitch-token-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'This access token will not work: it contains whitespace or control characters; copy the token again without them.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stitch-token');
  assert.deepEqual(await stitchCalls(census), [], 'nothing was sent');
  assert.deepEqual(problems, []);
});

test('#/stitch typed into a Census tab switches to Stitch, as a load of that URL does, and a Census view back', async (t) => {
  const { page, problems } = await setup(t, { hash: '' });
  const status = page.locator('#connection-status');
  await page.evaluate(() => { location.hash = '#/stitch'; });
  await page.locator('#stitch-sources tbody tr').first().waitFor({ timeout: 10_000 });
  assert.equal(new URL(page.url()).hash, '#/stitch');
  assert.equal(await page.locator('#sources-view').isVisible(), false);
  assert.equal(await page.locator('#preset').inputValue(), 'stitch-local');
  assert.match(await status.textContent(), /^Connected to Stitch at 127\.0\.0\.1:\d+\/stitch with the access token\.$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stitch-title');

  await page.evaluate(() => { location.hash = '#/syncs'; });
  await page.locator('#syncs tbody tr').first().waitFor({ timeout: 10_000 });
  assert.equal(new URL(page.url()).hash, '#/syncs');
  assert.equal(await page.locator('#preset').inputValue(), 'local');
  assert.match(await status.textContent(), /^Connected to 127\.0\.0\.1:\d+\/api\/v1 through the proxy, no token\.$/);
  assert.deepEqual(problems, []);
});
