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
