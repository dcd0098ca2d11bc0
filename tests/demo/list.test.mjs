// The demo page's sources list in headless Chromium: the first page, paging, page size, order,
// the empty state, errors in words, a 375 px screen and the keyboard. Each test has its own
// local Census (36 seeded sources), so every test sees the same data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser, openDemo, rowIds, startCensus } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const setup = (t, { census, ...open } = {}) => demoFor(t, browser, census, open);

/** Source ids newest first, as `order=desc` lists them. */
async function newestFirst(census) {
  const { body } = await census.control('GET', '/sources');
  return body.ids.slice().reverse();
}

test('the page loads and lists the first page, newest first', async (t) => {
  const { census, page, problems, dialogs } = await setup(t);
  assert.equal(await page.locator('#sources tbody tr').count(), 25);
  assert.equal(await page.locator('#page-info').textContent(), 'Page 1 of 2');
  assert.equal(await page.locator('#total').textContent(), '36 sources');
  assert.equal(await page.locator('#status').textContent(), 'Showing 1–25 of 36.');
  assert.deepEqual(await rowIds(page), (await newestFirst(census)).slice(0, 25));
  assert.equal(await page.locator('#prev').isDisabled(), true);
  assert.equal(await page.locator('#next').isDisabled(), false);
  assert.equal(await page.locator('#sources').getAttribute('aria-busy'), 'false');

  // Each row: the name as a row header, the type by its /source_types label, a last-test badge.
  const first = page.locator('#sources tbody tr').first();
  const { body } = await census.api('GET', `/sources/${(await rowIds(page))[0]}`);
  assert.equal(await first.locator('th[scope=row] .name').textContent(), body.data.name);
  await page.locator('#source-type option[value=snowflake]').waitFor({ state: 'attached' });
  const labels = await page.locator('#sources tbody .type-label').allTextContents();
  assert.ok(labels.includes('Snowflake') && labels.includes('BigQuery'), `type labels, got ${[...new Set(labels)]}`);
  const badges = new Set(await page.locator('#sources tbody .badge').allTextContents());
  assert.ok(badges.has('Passed') && badges.has('Failed'), `last-test badges, got ${[...badges]}`);
  assert.match(await page.locator('#connection-status').textContent(), /through the proxy, no token/);
  assert.deepEqual(problems, []);
  assert.deepEqual(dialogs, []);
});

test('next goes to page 2 and previous comes back', async (t) => {
  const { census, page, problems } = await setup(t);
  const ids = await newestFirst(census);
  await page.click('#next');
  await page.locator('#page-info', { hasText: 'Page 2 of 2' }).waitFor();
  assert.deepEqual(await rowIds(page), ids.slice(25));
  assert.equal(await page.locator('#status').textContent(), 'Showing 26–36 of 36.');
  assert.equal(await page.locator('#next').isDisabled(), true);
  assert.equal(await page.locator('#prev').isDisabled(), false);

  await page.click('#prev');
  await page.locator('#page-info', { hasText: 'Page 1 of 2' }).waitFor();
  assert.deepEqual(await rowIds(page), ids.slice(0, 25));
  const pages = (await census.attempts()).attempts
    .filter((a) => a.method === 'GET' && a.path === '/sources').map((a) => new URLSearchParams(a.query).get('page'));
  assert.deepEqual(pages, ['1', '2', '1']);
  assert.deepEqual(problems, []);
});

test('changing the page size pages by the new size from page 1', async (t) => {
  const { census, page, problems } = await setup(t);
  const ids = await newestFirst(census);
  await page.click('#next');
  await page.locator('#page-info', { hasText: 'Page 2 of 2' }).waitFor();

  await page.selectOption('#per-page', '10');
  await page.locator('#page-info', { hasText: 'Page 1 of 4' }).waitFor();
  assert.deepEqual(await rowIds(page), ids.slice(0, 10));
  for (let n = 2; n <= 4; n += 1) {
    await page.click('#next');
    await page.locator('#page-info', { hasText: `Page ${n} of 4` }).waitFor();
  }
  assert.deepEqual(await rowIds(page), ids.slice(30));
  assert.equal(await page.locator('#status').textContent(), 'Showing 31–36 of 36.');
  assert.equal(await page.locator('#next').isDisabled(), true);
  const last = (await census.attempts()).attempts.filter((a) => a.path === '/sources').at(-1);
  assert.equal(new URLSearchParams(last.query).get('per_page'), '10');
  assert.deepEqual(problems, []);
});

test('oldest first lists in creation order', async (t) => {
  const { census, page } = await setup(t);
  const { body } = await census.control('GET', '/sources');
  await page.selectOption('#order', 'asc');
  await page.waitForFunction((first) => document.querySelector('#sources tbody tr')?.dataset.id === String(first), body.ids[0]);
  assert.deepEqual(await rowIds(page), body.ids.slice(0, 25));
});

test('an empty workspace says so and offers the form', async (t) => {
  const { page, problems } = await setup(t, { census: { seed: 0 }, waitForRows: false });
  await page.locator('#empty').waitFor();
  assert.match(await page.locator('#empty').textContent(), /No sources yet/);
  assert.equal(await page.locator('#sources tbody tr').count(), 0);
  assert.equal(await page.locator('#sources thead').isVisible(), false);
  assert.equal(await page.locator('#page-info').textContent(), 'Page 1 of 1');
  assert.equal(await page.locator('#total').textContent(), '0 sources');
  assert.equal(await page.locator('#next').isDisabled(), true);
  assert.deepEqual(problems, []);
});

test('a server error is shown in words, and Try again recovers', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  await census.control('POST', '/faults', { route: 'GET /sources', fault: '500', times: 1 });
  const { page, problems } = await openDemo(browser.context, census, { waitForRows: false });
  t.after(() => page.close());
  const alert = page.locator('#error');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.locator('.alert-title').textContent(),
    /^Could not load the sources: the server had a problem \(HTTP 500\)\. Try again in a moment\./);
  assert.match(await alert.locator('.alert-detail').textContent(), /^CensusApiError: /);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.locator('#sources tbody tr').first().waitFor();
  assert.equal(await alert.isVisible(), false);
  assert.equal(await page.locator('#sources tbody tr').count(), 25);
  assert.deepEqual(problems, []);
});

test('a rate limit says how long to wait and holds the retry button until then', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  // 30 s is beyond the client's longest retry wait, so the error reaches the page.
  await census.control('POST', '/faults', { route: 'GET /sources', fault: 'rate_limit:30' });
  const { page } = await openDemo(browser.context, census, { waitForRows: false });
  t.after(() => page.close());
  const alert = page.locator('#error');
  await alert.waitFor();
  assert.match(await alert.locator('.alert-title').textContent(), /limiting requests right now\. Try again in 30 s\./);
  const retry = alert.locator('.alert-retry');
  assert.equal(await retry.isDisabled(), true);
  assert.match(await retry.textContent(), /^Try again in (30|29) s$/);
});

test('a wrong token says to check the token, and never shows it', async (t) => {
  const { page } = await setup(t);
  await page.check('#auth-token');
  await page.fill('#api-token', 'wrong-token-5f2a');
  await page.click('#connection button[type=submit]');
  const alert = page.locator('#error');
  await alert.waitFor();
  const text = await alert.textContent();
  // On the local Census, which token it takes.
  assert.match(await alert.locator('.alert-title').textContent(), /^Could not load the sources: the local Census refused the token \(HTTP 401\)\. It takes census-local’s --token, census-local-dev-token unless it was started with another; or choose “Through a proxy, no token”, since it serves this page\./);
  assert.ok(!text.includes('wrong-token-5f2a'));
  assert.ok(!(await page.content()).includes('wrong-token-5f2a'), 'the token is nowhere in the DOM');
});

test('an API token the client refuses is explained without its option name', async (t) => {
  const { census, page } = await setup(t);
  await census.control('DELETE', '/attempts');
  await page.check('#auth-token');
  await page.fill('#api-token', 'abc def');
  await page.click('#connection button[type=submit]');
  const error = page.locator('#api-token-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'This API token will not work: it contains whitespace or control characters; copy the token again without them.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'api-token');
  assert.deepEqual((await census.attempts()).attempts, []);
});

test('an empty token field is a field error, not a request', async (t) => {
  const { census, page } = await setup(t);
  await census.control('DELETE', '/attempts');
  await page.check('#auth-token');
  await page.click('#connection button[type=submit]');
  await page.locator('#api-token-error').waitFor();
  assert.match(await page.locator('#api-token-error').textContent(), /Enter the API token/);
  assert.equal(await page.locator('#api-token').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'api-token');
  assert.deepEqual((await census.attempts()).attempts, []);
});

test('no server says to check that the local Census is running', async (t) => {
  const { census, page } = await setup(t);
  await census.stop();
  await page.click('#reload');
  const alert = page.locator('#error');
  await alert.waitFor({ timeout: 20_000 });
  assert.match(await alert.locator('.alert-title').textContent(),
    /^Could not load the sources: no answer from 127\.0\.0\.1:\d+\. Is the local Census running\?/);
  assert.match(await alert.locator('.alert-detail').textContent(), /^CensusNetworkError: /);
});

test('an answer that is not the Census API says to check the base URL', async (t) => {
  const { census, page } = await setup(t);
  await census.control('POST', '/faults', { route: 'GET /sources', fault: 'truncated' });
  await page.click('#reload');
  const alert = page.locator('#error');
  await alert.waitFor();
  assert.match(await alert.locator('.alert-title').textContent(), /not what the Census API sends\. Check the base URL/);
});

test('at 375 px the page does not scroll sideways and the table becomes cards', async (t) => {
  const { page, problems } = await setup(t, { viewport: { width: 375, height: 812 } });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(await overflow(), 0);
  assert.equal(await page.locator('#sources thead').isVisible(), false);
  const widths = await page.locator('#sources tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().right));
  assert.ok(widths.every((right) => right <= 375), `rows fit: ${Math.max(...widths)}`);

  // The create form with a type's fields, the token fields and the dialog fit too.
  await page.locator('#source-type option[value=postgres]').waitFor({ state: 'attached' });
  await page.selectOption('#source-type', 'postgres');
  await page.check('#auth-token');
  await page.click('#advanced summary');
  assert.equal(await overflow(), 0);
  await page.locator('#sources tbody tr').first().getByRole('button', { name: /^Delete/ }).click();
  await page.locator('#confirm-delete').waitFor();
  const box = await page.locator('#confirm-delete').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, 'the dialog fits');
  assert.equal(await overflow(), 0);
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
});

test('the keyboard reaches every control, with a visible focus ring', async (t) => {
  const { page } = await setup(t);
  await page.locator('#source-type option[value=postgres]').waitFor({ state: 'attached' });
  const reached = new Set();
  let ringMissing = null;
  for (let i = 0; i < 120 && !reached.has('create-submit'); i += 1) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        key: el.id || (el.dataset.action ? `row-${el.dataset.action}` : el.textContent.trim()),
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    reached.add(focus.key);
    if (!focus.ring) ringMissing ??= focus.key;
  }
  for (const id of ['preset', 'base-url', 'auth-proxy', 'Connect', 'per-page', 'order', 'reload', 'next',
    'row-refresh', 'row-delete', 'source-type', 'source-name', 'source-label', 'create-submit']) {
    assert.ok(reached.has(id), `Tab reaches ${id}; reached ${[...reached].join(', ')}`);
  }
  assert.equal(ringMissing, null, `every focused control shows a focus ring (${ringMissing} does not)`);

  // And the keyboard operates them: Enter on Next pages, Space opens the delete dialog, Escape cancels it.
  await page.focus('#next');
  await page.keyboard.press('Enter');
  await page.locator('#page-info', { hasText: 'Page 2 of 2' }).waitFor();
  await page.locator('#sources tbody tr [data-action=delete]').first().focus();
  await page.keyboard.press('Space');
  await page.locator('#confirm-delete[open]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancel', 'the dialog focuses Cancel');
  await page.keyboard.press('Escape');
  await page.locator('#confirm-delete[open]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#sources tbody tr').count(), 11);
});

test('every control has a label, and the presets fill the base URL', async (t) => {
  const { page } = await setup(t);
  await page.locator('#source-type option[value=trino]').waitFor({ state: 'attached' });
  await page.check('#auth-token');
  await page.click('#advanced summary');
  for (const type of ['snowflake', 'trino']) {
    await page.selectOption('#source-type', type);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => el.checkVisibility())
      .filter((el) => !(el.labels?.length && [...el.labels].some((l) => l.textContent.trim())) && !el.getAttribute('aria-label')
        && !(el.tagName === 'BUTTON' && el.textContent.trim()))
      .map((el) => el.outerHTML));
    assert.deepEqual(unlabelled, [], `${type}: unlabelled controls`);
  }
  await page.selectOption('#preset', 'eu');
  assert.equal(await page.inputValue('#base-url'), 'https://app-eu.getcensus.com/api/v1');
  assert.equal(await page.locator('#auth-token').isChecked(), true, 'the real API needs a token');
  await page.selectOption('#preset', 'us');
  assert.equal(await page.inputValue('#base-url'), 'https://app.getcensus.com/api/v1');
  assert.match(await page.locator('#base-url-hint').textContent(), /CORS/);
  await page.fill('#base-url', '/census/api/v1');
  assert.equal(await page.inputValue('#preset'), 'custom');
  await page.selectOption('#preset', 'local');
  assert.equal(await page.inputValue('#base-url'), '/api/v1');
  assert.equal(await page.locator('#auth-proxy').isChecked(), true);
});

test('by keyboard, Next and Previous keep the focus while the page loads and after', async (t) => {
  const { census, page, problems } = await setup(t);
  const focused = () => page.evaluate(() => document.activeElement.id);
  await census.control('POST', '/faults', { route: 'GET /sources', fault: 'delay:600', times: 1 });
  await page.focus('#next');
  await page.keyboard.press('Enter');
  await page.locator('#status', { hasText: 'Loading sources…' }).waitFor();
  assert.equal(await focused(), 'next', 'focus while page 2 loads');
  await page.locator('#page-info', { hasText: 'Page 2 of 2' }).waitFor();
  assert.equal(await focused(), 'next', 'focus on Next, now unavailable on the last page');
  assert.equal(await page.locator('#next').isDisabled(), true);
  await page.keyboard.press('Enter'); // unavailable: nothing happens
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'prev', 'Previous is one Shift+Tab back');
  await page.keyboard.press('Enter');
  await page.locator('#page-info', { hasText: 'Page 1 of 2' }).waitFor();
  assert.equal(await focused(), 'prev');
  const pages = (await census.attempts()).attempts.filter((a) => a.path === '/sources').map((a) => new URLSearchParams(a.query).get('page'));
  assert.deepEqual(pages, ['1', '2', '1']);
  assert.deepEqual(problems, []);
});

test('Try again keeps the focus in the list: after it works, and while a rate limit holds it', async (t) => {
  const { census, page, problems } = await setup(t);
  const focused = () => page.evaluate(() => document.activeElement.id || document.activeElement.className);
  await census.control('POST', '/faults', { route: 'GET /sources', fault: '500', times: 1 });
  await page.click('#reload');
  const retry = page.locator('#error .alert-retry');
  await retry.waitFor();
  await retry.focus();
  await page.keyboard.press('Enter');
  await page.locator('#error').waitFor({ state: 'hidden' });
  assert.equal(await focused(), 'sources-title', 'the list’s heading, not the top of the page');

  await census.control('POST', '/faults', { route: 'GET /sources', fault: '500', times: 1 });
  await census.control('POST', '/faults', { route: 'GET /sources', fault: 'rate_limit:30', times: 1 });
  await page.click('#reload');
  await retry.waitFor();
  await retry.focus();
  await page.keyboard.press('Enter');
  await page.locator('#error .alert-title', { hasText: 'Try again in 30 s' }).waitFor();
  assert.equal(await retry.isDisabled(), true);
  assert.match(await retry.textContent(), /^Try again in \d+ s$/);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('alert-retry')), true, 'focus stays on the button');
  const before = (await census.attempts()).counts['GET /sources'];
  await page.keyboard.press('Enter'); // held: nothing is sent
  await page.locator('#error .alert-retry', { hasText: /^Try again in (2[0-9]|30) s$/ }).waitFor();
  assert.equal((await census.attempts()).counts['GET /sources'], before);
  assert.deepEqual(problems, []);
});

test('after Next fails, the pager still describes the page on show, and Try again goes on to page 2', async (t) => {
  const { census, page, problems } = await setup(t);
  const first = await rowIds(page);
  await census.control('POST', '/faults', { route: 'GET /sources', fault: '500', times: 1 });
  await page.click('#next');
  await page.locator('#error').waitFor();
  assert.deepEqual(await rowIds(page), first, 'page 1 stays on show');
  assert.equal(await page.locator('#page-info').textContent(), 'Page 1 of 2');
  assert.equal(await page.locator('#prev').isDisabled(), true, 'no page before page 1');
  assert.equal(await page.locator('#next').isDisabled(), false, 'Next can be tried again');
  assert.equal(await page.locator('#status').textContent(), 'Showing 1–25 of 36, as listed before the last load failed.');

  await page.click('#reload'); // reloads what is on show: page 1
  await page.locator('#error').waitFor({ state: 'hidden' });
  assert.equal(await page.locator('#page-info').textContent(), 'Page 1 of 2');
  assert.deepEqual(await rowIds(page), first);

  await census.control('POST', '/faults', { route: 'GET /sources', fault: '500', times: 1 });
  await page.click('#next');
  await page.locator('#error .alert-retry').click();
  await page.locator('#page-info', { hasText: 'Page 2 of 2' }).waitFor();
  assert.equal(await page.locator('#status').textContent(), 'Showing 26–36 of 36.');
  const pages = (await census.attempts()).attempts.filter((a) => a.path === '/sources').map((a) => new URLSearchParams(a.query).get('page'));
  assert.deepEqual(pages, ['1', '2', '1', '2', '2']);
  assert.deepEqual(problems, []);
});

test('after a Reload fails, the status says the rows on show are from before it', async (t) => {
  const { census, page, problems } = await setup(t);
  await census.control('POST', '/faults', { route: 'GET /sources', fault: '500', times: 1 });
  await page.click('#reload');
  await page.locator('#error').waitFor();
  assert.equal(await page.locator('#sources tbody tr').count(), 25, 'the rows stay');
  assert.equal(await page.locator('#status').textContent(), 'Showing 1–25 of 36, as listed before the last load failed.');
  await page.click('#reload');
  await page.locator('#status', { hasText: /^Showing 1–25 of 36\.$/ }).waitFor();

  // The syncs too.
  await page.click('#view-syncs');
  await page.locator('#syncs tbody tr').first().waitFor();
  const shown = await page.locator('#syncs-status').textContent();
  await census.control('POST', '/faults', { route: 'GET /syncs', fault: '500', times: 1 });
  await page.click('#syncs-reload');
  await page.locator('#syncs-error').waitFor();
  assert.equal(await page.locator('#syncs-status').textContent(), `${shown.replace(/\.$/, '')}, as listed before the last load failed.`);
  assert.deepEqual(problems, []);
});
