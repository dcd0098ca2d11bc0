// The demo page for a screen reader, the keyboard alone, forced colours and widths between the
// phone layout and the full one, in headless Chromium: what an audit with axe-core and the
// keyboard found wanting, each checked here by the property that was missing (no axe-core in
// the suite). Each test has its own local Census.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const setup = (t, { census, ...open } = {}) => demoFor(t, browser, census, open);

/** The page's sideways scroll, in px: 0 when the body fits the viewport. */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('a refresh’s live region says what it is doing, not every check; the time and checks show beside it', async (t) => {
  const { page, problems } = await setup(t, { census: { refreshMs: 2500 } });
  const row = page.locator('#sources tbody tr').first();
  // A live region announces what it already held in the accessibility tree: there before the
  // refresh (not display: none), and the same one all along.
  const live = row.locator('td.row-actions [role=status]');
  assert.equal(await live.count(), 1);
  const renderedEmpty = await live.evaluate((node) => { node.dataset.before = 'yes'; return node.checkVisibility(); });
  const heard = [];
  await page.exposeFunction('noteLive', (text) => heard.push(text));
  await row.locator('td.row-actions').evaluate((cell) => {
    const said = new Map();
    new MutationObserver(() => {
      for (const region of cell.querySelectorAll('[role=status], [role=alert], [aria-live]:not([aria-live=off])')) {
        if (said.get(region) !== region.textContent) {
          said.set(region, region.textContent);
          if (region.textContent) window.noteLive(region.textContent);
        }
      }
    }).observe(cell, { childList: true, subtree: true, characterData: true });
  });

  await row.getByRole('button', { name: /^Refresh tables of / }).click();
  // Seen: the time and the checks, as before.
  await row.locator('.row-status.busy', { hasText: /Refreshing tables… \d+\.\d s \(check [3-9]\)/ }).waitFor();
  await row.locator('.row-status.ok').waitFor({ timeout: 15_000 });
  assert.equal(await live.getAttribute('data-before'), 'yes', 'the live region was not replaced');
  // Heard: each state once.
  assert.ok(!heard.some((text) => /check \d/.test(text)), `no check count is announced: ${JSON.stringify(heard)}`);
  // Starting, queued, refreshing, refreshed: four states, each heard once.
  assert.ok(heard.length <= 4 && new Set(heard).size === heard.length, `each state once, not once a check: ${JSON.stringify(heard)}`);
  assert.match(heard.at(-1), /^Tables refreshed in \d+\.\d s\.$/);
  assert.equal(renderedEmpty, true, 'rendered while empty, so its first message is heard');
  assert.deepEqual(problems, []);
});

test('between the phone layout and the full width (a wide window at 200%), a table scrolls in its box, not the page', async (t) => {
  for (const hash of ['', '#/syncs', '#/stitch']) {
    const { page, problems } = await setup(t, { hash, viewport: { width: 780, height: 800 } });
    if (hash === '#/syncs') await page.locator('#syncs .last-run .badge').first().waitFor();
    for (const width of [780, 820, 880, 940]) {
      await page.setViewportSize({ width, height: 800 });
      assert.equal(await overflow(page), 0, `${hash || '#/'} at ${width} px: the page does not scroll sideways`);
    }
    assert.deepEqual(problems, []);
  }
});

/** The texts of `row` (a locator) that show at under 4.5:1 against their background, opacity counted. */
const lowContrast = (row) => row.evaluate((tr) => {
  const rgba = (value) => (value.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const found = [];
  const walker = document.createTreeWalker(tr, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const element = text.parentElement;
    if (!text.textContent.trim() || !element.checkVisibility() || element.closest('button, .visually-hidden')) continue;
    let opacity = 1;
    let background = null;
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      opacity *= Number(style.opacity);
      const [r, g, b, a = 1] = rgba(style.backgroundColor);
      if (!background && a === 1) background = [r, g, b];
    }
    const [r, g, b, a = 1] = rgba(getComputedStyle(element).color);
    const alpha = a * opacity;
    const shown = [r, g, b].map((c, i) => c * alpha + background[i] * (1 - alpha));
    const [light, dark] = [luminance(shown), luminance(background)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) found.push(`“${text.textContent.trim()}” ${ratio.toFixed(2)}:1`);
  }
  return found;
});

test('a deleted Stitch source reads at full contrast: dimmed by colour, not by opacity', async (t) => {
  const { page } = await setup(t, { hash: '#/stitch' });
  const row = page.locator('#stitch-sources tbody tr[data-status=deleted]');
  assert.equal(await row.count(), 1, 'the seeded deleted source');
  const low = await lowContrast(row);
  assert.deepEqual(low, [], 'text under 4.5:1');
});

test('a source row being deleted stays readable: dimmed by colour, not by opacity', async (t) => {
  const { page } = await setup(t);
  const row = page.locator('#sources tbody tr').first();
  // The class the page gives the row while its DELETE is in flight (delete-source.js).
  await row.evaluate((tr) => tr.classList.add('deleting'));
  assert.deepEqual(await lowContrast(row), [], 'text under 4.5:1');
});

test('the request log, a box that scrolls, is reached and scrolled by the keyboard', async (t) => {
  const { page } = await setup(t);
  await page.focus('.log summary');
  await page.keyboard.press('Enter');
  await page.locator('.log[open]').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'log', 'Tab goes from Requests into the list');
  const name = await page.locator('#log').evaluate((log) => log.getAttribute('aria-label')
    ?? document.getElementById(log.getAttribute('aria-labelledby') ?? '')?.textContent);
  assert.match(name ?? '', /Requests/, 'the focused list has a name');
  // Enough requests to scroll it, then the arrow keys do.
  const log = page.locator('#log');
  const scrolls = () => log.evaluate((node) => node.scrollHeight > node.clientHeight);
  for (let i = 0; i < 40 && !(await scrolls()); i += 1) {
    await page.click('#reload');
    await page.locator('#sources').and(page.locator('[aria-busy=false]')).waitFor();
  }
  assert.ok(await scrolls(), 'the list scrolls');
  await page.focus('#log');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.getElementById('log').scrollTop > 0);
});

test('in forced colours (Windows High Contrast), the replication’s current phase still stands apart', async (t) => {
  const { page, problems } = await setup(t, { hash: '#/stitch', census: { stitchJobMs: 6000 } });
  await page.emulateMedia({ forcedColors: 'active' });
  assert.equal(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), true);
  await page.getByRole('button', { name: /^Start replication of / }).first().click();
  const phases = page.locator('#stitch-sources .phases').first();
  await phases.locator('li.current').waitFor();
  const looks = await phases.evaluate((list) => [...list.children].map((item) => {
    const style = getComputedStyle(item);
    const before = getComputedStyle(item, '::before').content;
    return {
      step: item.className || 'pending',
      // What forced colours keep: outlines, borders, text and its decoration (not backgrounds or shadows).
      look: [style.outlineStyle, style.outlineWidth, style.borderStyle, style.borderWidth, style.textDecorationLine,
        style.fontWeight, before].join(' '),
    };
  }));
  const current = looks.find((item) => item.step === 'current');
  const pending = looks.filter((item) => item.step === 'pending');
  assert.ok(current && pending.length, JSON.stringify(looks));
  for (const item of pending) assert.notEqual(current.look, item.look, `current and pending look alike: ${JSON.stringify(looks)}`);
  assert.deepEqual(problems, []);
});

test('with two runs or two jobs followed, each Stop button is named with its row, as the row’s other buttons are', async (t) => {
  const { page, problems } = await setup(t, { hash: '#/syncs', census: { runMs: 8000 } });
  const rows = page.locator('#syncs tbody tr');
  const names = [];
  for (const row of [rows.nth(0), rows.nth(1)]) {
    const name = await row.locator('th .name').textContent();
    names.push(name);
    await row.getByRole('button', { name: `Trigger ${name}`, exact: true }).click();
  }
  for (const [i, name] of names.entries()) {
    const stop = rows.nth(i).locator('[data-action=stop]');
    await stop.waitFor();
    assert.equal(await rows.nth(i).getByRole('button', { name: `Stop waiting for ${name}`, exact: true }).count(), 1,
      `named: ${await stop.evaluate((button) => button.getAttribute('aria-label') ?? button.textContent)}`);
    assert.equal(await stop.textContent(), 'Stop waiting', 'the name begins with the words on show');
  }

  await page.selectOption('#preset', 'stitch-local');
  await page.click('#connection button[type=submit]');
  const jobs = page.locator('#stitch-sources tbody tr:not([data-status=deleted])');
  await jobs.first().waitFor();
  const sources = [];
  for (const row of [jobs.nth(0), jobs.nth(1)]) {
    const name = await row.locator('th .name').textContent();
    sources.push(name);
    await row.getByRole('button', { name: `Start replication of ${name}`, exact: true }).click();
  }
  for (const [i, name] of sources.entries()) {
    const stop = jobs.nth(i).locator('[data-action=stop]');
    await stop.waitFor();
    assert.equal(await jobs.nth(i).getByRole('button', { name: `Stop the job of ${name}`, exact: true }).count(), 1,
      `named: ${await stop.evaluate((button) => button.getAttribute('aria-label') ?? button.textContent)}`);
    assert.equal(await stop.textContent(), 'Stop the job');
  }
  assert.deepEqual(problems, []);
});

test('the live regions of a sync run and a Stitch job are rendered while empty, so their first message is heard', async (t) => {
  const { page, problems } = await setup(t, { hash: '#/syncs', census: { runMs: 3000 } });
  const row = page.locator('#syncs tbody tr').first();
  const live = row.locator('.run [role=status]');
  assert.equal(await live.evaluate((node) => { node.dataset.before = 'yes'; return node.checkVisibility(); }), true, 'a run’s, empty');
  await row.getByRole('button', { name: /^Trigger / }).click();
  await row.locator('.run.busy').waitFor();
  assert.equal(await live.getAttribute('data-before'), 'yes', 'the same region says it');
  assert.notEqual(await live.textContent(), '');

  await page.selectOption('#preset', 'stitch-local');
  await page.click('#connection button[type=submit]');
  const source = page.locator('#stitch-sources tbody tr:not([data-status=deleted])').first();
  await source.waitFor();
  for (const selector of ['.job [role=status]', '.row-status[role=status]']) {
    assert.equal(await source.locator(selector).evaluate((node) => node.checkVisibility()), true, `${selector}, empty`);
  }
  assert.deepEqual(problems, []);
});

/**
 * The controls of the page, as the view shows them, smaller than 24 by 24 CSS px (WCAG 2.2's
 * minimum target size, 2.5.8): what they are and their size. Links inside text are exempt, as
 * the criterion has it; a checkbox is not, though its label also toggles it, nor is a button
 * styled as a link in a table.
 */
const smallTargets = (page) => page.evaluate(() => [...document.querySelectorAll('button, select, summary, input')]
  .filter((node) => node.checkVisibility())
  .map((node) => ({ node, box: node.getBoundingClientRect() }))
  .filter(({ box }) => box.width < 24 || box.height < 24)
  .map(({ node, box }) => `${node.localName}#${node.id || node.textContent.trim().slice(0, 30)}: ${box.width.toFixed(1)}×${box.height.toFixed(1)}`));

test('every control a pointer aims at is at least 24 by 24 px, checkboxes included', async (t) => {
  const { page } = await setup(t);
  // The form's Advanced part holds the read-only checkbox.
  await page.locator('#advanced summary').click();
  assert.deepEqual(await smallTargets(page), [], 'the sources view');
  await page.evaluate(() => { location.hash = '#/syncs'; });
  await page.locator('#syncs tbody tr').first().waitFor();
  assert.deepEqual(await smallTargets(page), [], 'the syncs view');
  // Stitch's view, connected, and its token form with its checkbox.
  await page.evaluate(() => { location.hash = '#/stitch'; });
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  assert.deepEqual(await smallTargets(page), [], 'the Stitch view');
});
