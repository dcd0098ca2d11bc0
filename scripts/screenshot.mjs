#!/usr/bin/env node
// Regenerates docs/demo.png, the README's picture of the demo page: a fresh local Census with its
// seeded sources, a source just created through the form (highlighted) and a table refresh in
// progress. Needs pkg/ and census-local built first (scripts/build-pkg.sh; cargo build -p census-local).
// Usage: node scripts/screenshot.mjs [output.png]   (CARGO_TARGET_DIR and CHROMIUM are honoured)
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { launchBrowser, openDemo, root, startCensus } from '../tests/demo/harness.mjs';

const out = resolve(process.argv[2] ?? resolve(root, 'docs/demo.png'));
const census = await startCensus({ refreshMs: 60_000 });
const browser = await launchBrowser();
try {
  const { page, problems } = await openDemo(browser.context, census, { viewport: { width: 1200, height: 900 } });
  await page.emulateMedia({ reducedMotion: 'reduce' }); // no half-finished highlight animation
  await page.selectOption('#per-page', '10');
  await page.locator('#page-info', { hasText: 'Page 1 of 4' }).waitFor();

  await page.locator('#source-type option[value=snowflake]').waitFor({ state: 'attached' });
  await page.selectOption('#source-type', 'snowflake');
  await page.fill('#source-name', 'Snowflake - marketing');
  await page.fill('#source-label', 'Marketing');
  const field = (label) => page.locator('#credential-fields .field')
    .filter({ has: page.locator('label', { hasText: new RegExp(`^${label}( \\*)?$`) }) }).locator('input, textarea');
  await field('Account').fill('acme.eu-west-1');
  await field('Warehouse').fill('MARKETING_WH');
  await field('User').fill('CENSUS');
  await field('Password').fill('not-a-real-password');
  await page.click('#create-submit');
  await page.locator('#sources tbody tr.highlight').waitFor();
  await page.locator('#sources tbody tr').first().locator('.row-status').waitFor({ state: 'detached' }).catch(() => {});

  // A refresh under way on the third row, and the form showing a type's fields.
  await page.locator('#sources tbody tr').nth(2).locator('[data-action=refresh]').click();
  await page.locator('.row-status.busy', { hasText: 'Refreshing tables' }).waitFor();
  await page.selectOption('#source-type', 'postgres');
  await field('Host').fill('db.analytics.internal');
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });

  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  if (problems.length) throw new Error(`the page reported problems: ${problems.join('; ')}`);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await census.stop();
}
