#!/usr/bin/env node
// Regenerates the README's pictures of the demo page, each from a fresh local Census:
//   docs/demo.png   the Sources view: the seeded sources, a source just created through the form
//                   (highlighted) and a table refresh in progress;
//   docs/syncs.png  the Syncs view: the seeded syncs, a run that failed, a run in progress with
//                   its counts, and a destination object's fields;
//   docs/stitch.png the Stitch sources view on the local Stitch: the seeded sources (one paused,
//                   one deleted), a replication that succeeded, one in its tap phase, and
//                   Stitch's already_running for a source whose job another tool started.
// Needs pkg/ and census-local built first (scripts/build-pkg.sh; cargo build -p census-local).
// Usage: node scripts/screenshot.mjs [sources|syncs|stitch] [output.png]
//   (no argument: all three pictures into docs/; a lone output.png is the Sources picture, as before;
//   CARGO_TARGET_DIR and CHROMIUM are honoured)
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { launchBrowser, openDemo, root, startCensus } from '../tests/demo/harness.mjs';

const VIEWPORT = { width: 1200, height: 900 };

async function sources(browser, out) {
  const census = await startCensus({ refreshMs: 60_000 });
  try {
    const { page, problems } = await openDemo(browser.context, census, { viewport: VIEWPORT });
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
    await shoot(page, problems, out);
  } finally {
    await census.stop();
  }
}

async function syncs(browser, out) {
  // Long enough to catch a run working with counts, short enough to see another one fail first.
  const census = await startCensus({ runMs: 6000 });
  try {
    const { page, problems } = await openDemo(browser.context, census, { viewport: VIEWPORT, hash: '#/syncs' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.locator('#syncs tbody .last-run', { hasText: 'Loading…' }).first().waitFor({ state: 'detached' });
    const row = (label) => page.locator('#syncs tbody tr').filter({ has: page.locator('th .name', { hasText: label }) });

    // A run that fails with Census's reason, then a run under way with its counts.
    await row('Salesforce leads').getByRole('button', { name: /^Trigger / }).click();
    await row('Salesforce leads').locator('.run.failed').waitFor({ timeout: 20_000 });
    await row('Braze users').getByRole('button', { name: /^Trigger / }).click();
    await row('Braze users').locator('.run-text', { hasText: /working/ }).waitFor();
    await page.waitForTimeout(1500); // counts well along
    // The fields of the object whose name needs every kind of escaping.
    await row('Export été 50%').locator('[data-action=object]').click();
    await page.locator('#object-fields tbody tr').first().waitFor();
    await shoot(page, problems, out);
  } finally {
    await census.stop();
  }
}

async function stitch(browser, out) {
  // Long enough to catch a job in its tap phase after another has finished.
  const census = await startCensus({ stitchJobMs: 6000 });
  try {
    const { page, problems } = await openDemo(browser.context, census, { viewport: VIEWPORT, hash: '#/stitch' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const row = (name) => page.locator('#stitch-sources tbody tr').filter({ has: page.locator('th .name', { hasText: name }) });
    const start = (name) => row(name).getByRole('button', { name: /^Start replication of / }).click();

    // A job that succeeds, then one started by another tool (already_running in the page), then
    // one caught in its tap phase.
    await start('Postgres 1');
    await row('Postgres 1').locator('.job.ok').waitFor({ timeout: 20_000 });
    const closeio = await row('Closeio 5').getAttribute('data-id');
    const { status } = await census.stitch('POST', `/v4/sources/${closeio}/sync`);
    if (status !== 200) throw new Error(`could not start a job on Closeio 5: HTTP ${status}`);
    await start('Closeio 5');
    await row('Closeio 5').locator('.job[data-error-type=already_running]').waitFor();
    await start('Mysql 2');
    await row('Mysql 2').locator('.job[data-phase=tap]').waitFor({ timeout: 20_000 });
    await shoot(page, problems, out);
  } finally {
    await census.stop();
  }
}

async function shoot(page, problems, out) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  if (problems.length) throw new Error(`the page reported problems: ${problems.join('; ')}`);
  console.log(`wrote ${out}`);
}

const SHOTS = { sources: [sources, 'docs/demo.png'], syncs: [syncs, 'docs/syncs.png'], stitch: [stitch, 'docs/stitch.png'] };
const args = process.argv.slice(2);
const [which, output] = args.length === 1 && args[0].endsWith('.png') ? ['sources', args[0]] : args;
if (which !== undefined && !(which in SHOTS)) {
  console.error('usage: node scripts/screenshot.mjs [sources|syncs|stitch] [output.png]');
  process.exit(2);
}
const browser = await launchBrowser();
try {
  for (const [name, [take, path]] of Object.entries(SHOTS)) {
    if (which === undefined || which === name) await take(browser, resolve(output ?? resolve(root, path)));
  }
} finally {
  await browser.close();
}
