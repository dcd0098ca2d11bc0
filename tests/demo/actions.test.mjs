// The demo page's row actions in headless Chromium: refresh tables with live progress until
// completed, and delete behind an in-page confirm dialog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser, rowIds } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const setup = (t, censusOptions) => demoFor(t, browser, censusOptions);

test('refresh tables shows progress, then completion', async (t) => {
  // The local Census keeps the job processing for 1.5 s: several status checks.
  const { census, page, problems } = await setup(t, { refreshMs: 1500 });
  const row = page.locator('#sources tbody tr').nth(2);
  const id = Number(await row.getAttribute('data-id'));
  const button = row.getByRole('button', { name: /^Refresh tables of / });
  const status = row.locator('.row-status');
  // Its words are a live region; the time and checks beside them are not (a11y.test.mjs).
  assert.equal(await status.locator('[role=status]').count(), 1);

  const seen = [];
  await page.exposeFunction('noteStatus', (text) => seen.push(text));
  await status.evaluate((node) => new MutationObserver(() => window.noteStatus(node.textContent))
    .observe(node, { childList: true, subtree: true, characterData: true }));
  await button.click();
  await row.locator('.row-status.busy').waitFor();
  assert.equal(await button.isDisabled(), true, 'no second refresh while one runs');
  await page.locator('.row-status.busy', { hasText: /Refreshing tables… \d+\.\d s \(check \d+\)/ }).waitFor();
  assert.equal(await row.locator('.spinner').count(), 1);

  await row.locator('.row-status.ok').waitFor({ timeout: 15_000 });
  assert.match(await status.textContent(), /^Tables refreshed in \d+\.\d s\.$/);
  assert.equal(await button.isDisabled(), false);
  assert.ok(seen.some((text) => text.startsWith('Refresh queued')), `queued first: ${seen}`);
  assert.ok(seen.filter((text) => text.startsWith('Refreshing tables…')).length >= 1, `progress: ${seen}`);

  const { counts } = await census.attempts();
  assert.equal(counts[`POST /sources/${id}/refresh_tables`], 1);
  assert.ok(counts[`GET /sources/${id}/refresh_tables_status`] >= 2, 'checked until completed');
  assert.deepEqual(problems, []);
});

test('a refresh that keeps running shows its progress again after paging away and back', async (t) => {
  const { page } = await setup(t, { refreshMs: 4000 });
  const row = page.locator('#sources tbody tr').first();
  const id = await row.getAttribute('data-id');
  await row.getByRole('button', { name: /^Refresh tables of / }).click();
  await row.locator('.row-status.busy').waitFor();
  await page.click('#next');
  await page.locator('#page-info', { hasText: 'Page 2 of 2' }).waitFor();
  await page.click('#prev');
  await page.locator('#page-info', { hasText: 'Page 1 of 2' }).waitFor();
  const again = page.locator(`#sources tbody tr[data-id="${id}"]`);
  assert.equal(await again.getByRole('button', { name: /^Refresh tables of / }).isDisabled(), true);
  await again.locator('.row-status.ok').waitFor({ timeout: 15_000 });
});

test('a refresh still running when the page reloads is resumed, not started again', async (t) => {
  const { census, page, problems } = await setup(t, { refreshMs: 4000 });
  const row = page.locator('#sources tbody tr').first();
  const id = Number(await row.getAttribute('data-id'));
  await row.getByRole('button', { name: /^Refresh tables of / }).click();
  await row.locator('.row-status.busy', { hasText: /^Refresh queued|^Refreshing tables/ }).waitFor();
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  const again = page.locator(`#sources tbody tr[data-id="${id}"]`);
  await again.locator('.row-status.busy', { hasText: /Refreshing tables/ }).waitFor();
  assert.equal(await again.getByRole('button', { name: /^Refresh tables of / }).isDisabled(), true);
  await again.locator('.row-status.ok').waitFor({ timeout: 15_000 });
  assert.match(await again.locator('.row-status').textContent(), /^Tables refreshed in \d+\.\d s\.$/);
  const { counts } = await census.attempts();
  assert.equal(counts[`POST /sources/${id}/refresh_tables`], 1, 'the reload started no second job');
  assert.ok(counts[`GET /sources/${id}/refresh_tables_status`] >= 2);
  const kept = JSON.parse(await page.evaluate(() => sessionStorage.getItem('census-demo.refreshes')));
  assert.deepEqual(kept.jobs, {}, 'nothing left to resume once it completed');
  // Another reload resumes nothing.
  await page.reload();
  await page.locator('html[data-ready=true]').waitFor();
  await page.locator('#sources tbody tr').first().waitFor();
  assert.equal(await page.locator('.row-status.busy').count(), 0);
  assert.deepEqual(problems, []);
});

test('a refresh that fails says why in its row', async (t) => {
  const { census, page } = await setup(t);
  await census.control('POST', '/faults', { route: 'POST /sources/*/refresh_tables', fault: '500' });
  const row = page.locator('#sources tbody tr').first();
  await row.getByRole('button', { name: /^Refresh tables of / }).click();
  await row.locator('.row-status.failed').waitFor();
  assert.match(await row.locator('.row-status').textContent(), /^Could not refresh the tables: the server had a problem \(HTTP 500\)/);
});

test('delete asks in the page, cancel keeps the row, confirm removes it', async (t) => {
  const { census, page, dialogs, problems } = await setup(t);
  const ids = await rowIds(page);
  const row = page.locator('#sources tbody tr').nth(1);
  const id = ids[1];
  const name = await row.locator('.name').textContent();
  const dialog = page.locator('#confirm-delete');

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.open && d.matches(':modal')), true);
  assert.match(await dialog.locator('#confirm-text').textContent(), new RegExp(`^“${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}” \\(.*, id ${id}\\) will be deleted`));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await dialog.isVisible(), false);
  assert.deepEqual(await rowIds(page), ids);
  assert.equal((await census.attempts()).counts[`DELETE /sources/${id}`], undefined, 'cancel sends nothing');

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await dialog.getByRole('button', { name: 'Delete source' }).click();
  await page.locator(`#sources tbody tr[data-id="${id}"]`).waitFor({ state: 'detached' });
  await page.locator('#total', { hasText: '35 sources' }).waitFor();
  const remaining = (await census.control('GET', '/sources')).body.ids.reverse();
  assert.ok(!remaining.includes(id));
  assert.deepEqual(await rowIds(page), remaining.slice(0, 25), 'the page refills from page 2');
  assert.deepEqual((await rowIds(page)).slice(0, 24), [ids[0], ...ids.slice(2)]);
  assert.match(await page.locator('#status').textContent(), new RegExp(`^Deleted “.*”\\. Showing 1–25 of 35\\.$`));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sources-title', 'focus goes back to the list');
  assert.equal((await census.attempts()).counts[`DELETE /sources/${id}`], 1);
  assert.equal((await census.api('GET', `/sources/${id}`)).status, 404);
  assert.deepEqual(dialogs, [], 'no window.confirm');
  assert.deepEqual(problems, []);
});

test('deleting the last source of the last page goes back a page', async (t) => {
  const { page } = await setup(t, { seed: 26 });
  await page.click('#next');
  await page.locator('#page-info', { hasText: 'Page 2 of 2' }).waitFor();
  await page.locator('#sources tbody tr [data-action=delete]').click();
  await page.locator('#confirm-delete').getByRole('button', { name: 'Delete source' }).click();
  await page.locator('#page-info', { hasText: 'Page 1 of 1' }).waitFor();
  assert.equal(await page.locator('#sources tbody tr').count(), 25);
});

test('a delete the server refuses keeps the row and says why', async (t) => {
  const { census, page } = await setup(t);
  await census.control('POST', '/faults', { route: 'DELETE /sources/*', fault: '500' });
  const id = (await rowIds(page))[0];
  await page.locator('#sources tbody tr [data-action=delete]').first().click();
  await page.locator('#confirm-delete').getByRole('button', { name: 'Delete source' }).click();
  await page.locator('#error').waitFor();
  assert.match(await page.locator('#error .alert-title').textContent(), /^Could not delete “.*”: the server had a problem \(HTTP 500\)/);
  assert.equal((await rowIds(page))[0], id);
});

test('by keyboard, Refresh tables keeps the focus while the refresh runs and after', async (t) => {
  const { census, page, problems } = await setup(t, { refreshMs: 1500 });
  const row = page.locator('#sources tbody tr').first();
  const id = Number(await row.getAttribute('data-id'));
  const button = row.getByRole('button', { name: /^Refresh tables of / });
  await button.focus();
  await page.keyboard.press('Enter');
  await row.locator('.row-status.busy').waitFor();
  const focused = () => page.evaluate(() => document.activeElement.dataset.action);
  assert.equal(await focused(), 'refresh', 'focus while it runs');
  assert.equal(await button.isDisabled(), true);
  await page.keyboard.press('Enter'); // unavailable while it runs: no second refresh
  await row.locator('.row-status.ok').waitFor({ timeout: 15_000 });
  assert.equal(await focused(), 'refresh', 'focus after it ends');
  assert.equal((await census.attempts()).counts[`POST /sources/${id}/refresh_tables`], 1);
  assert.deepEqual(problems, []);
});

test('a delete the server fails keeps the row and a status line that says so', async (t) => {
  const { census, page, problems } = await setup(t);
  const ids = await rowIds(page);
  const row = page.locator('#sources tbody tr').first();
  const name = await row.locator('.name').textContent();
  await census.control('POST', '/faults', { route: 'DELETE /sources/*', fault: '500' });
  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await page.locator('#confirm-delete').getByRole('button', { name: 'Delete source' }).click();
  await page.locator('#error').waitFor();
  assert.match(await page.locator('#error .alert-title').textContent(), /^Could not delete “.*”: the server had a problem \(HTTP 500\)/);
  assert.equal(await page.locator('#status').textContent(), `Could not delete “${name}”. Showing 1–25 of 36.`);
  assert.deepEqual(await rowIds(page), ids, 'the row stays');
  assert.ok(problems.every((p) => !p.startsWith('pageerror')), `no uncaught error: ${problems}`);
});
