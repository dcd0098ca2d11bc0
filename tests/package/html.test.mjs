// Setting 2, an internal admin page with no bundler and no build step: the packed tarball
// installed into tests/html/ (a fresh copy), whose one module script imports the package's files
// from node_modules under a strict Content-Security-Policy (Trusted Types included). It is served
// as static files by a backend that forwards /api/v1 to the local Census with the token, as an
// admin page's own server would, and opened in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { allSourceNames, api, installProject, launchChromium, localCensus, openPage, serve, watchedPage } from './settings.mjs';

let census;
let project;
let browser;

/** Waits up to 5 s for `condition`: violation events reach the test a moment after the fact. */
async function until(condition, page) {
  for (let waited = 0; !condition() && waited < 5000; waited += 50) await page.waitForTimeout(50);
}

before(async () => {
  census = await localCensus();
  project = installProject('html');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  project?.remove();
  await census?.stop();
});

test('the page lists every source under its CSP, with no violation, error or warning', async () => {
  const site = await serve(project.dir, { proxy: census });
  try {
    const { page, problems, result } = await openPage(browser, `${site.url}/`);
    assert.deepEqual(result, { methodAtImport: 'function', names: await allSourceNames(census), notFound: 404 });
    assert.equal(await page.locator('#status').textContent(), `${result.names.length} sources`);
    assert.ok(site.served.includes('/node_modules/census-wasm/census_wasm_bg.wasm'), site.served.join(', '));
    // The policy is in force and its violations are seen: Trusted Types refuse an HTML string,
    // and that refusal (its violation and Chromium's console line) is all that was reported:
    // anything from loading the page would have come before it.
    const sink = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return 'allowed';
      } catch (error) {
        return error.name;
      }
    });
    assert.equal(sink, 'TypeError');
    await until(() => problems.some((problem) => problem.startsWith('CSP violation')), page);
    assert.deepEqual(problems, [
      "console error: This document requires 'TrustedHTML' assignment. The action has been blocked.",
      'CSP violation: require-trusted-types-for blocked trusted-types-sink',
    ]);
  } finally {
    await site.close();
  }
});

test("without 'wasm-unsafe-eval' the import fails with a CensusError naming the wasm and the README's section", async () => {
  // A second policy, as a header: both must allow what the page does, and this one refuses wasm.
  const site = await serve(project.dir, { proxy: census, headers: { 'content-security-policy': "script-src 'self'" } });
  const { page, problems } = await watchedPage(browser);
  try {
    const failed = page.waitForEvent('pageerror');
    await page.goto(`${site.url}/`);
    const error = await failed;
    assert.match(error.message, /^census-wasm could not load http:\/\/127\.0\.0\.1:\d+\/node_modules\/census-wasm\/census_wasm_bg\.wasm \(CompileError: .*\); see "Loading the wasm" in its README$/);
    const violation = 'CSP violation: script-src blocked wasm-eval';
    await until(() => problems.includes(violation), page);
    assert.ok(problems.includes(violation), problems.join('\n'));
    assert.equal(await page.locator('html').getAttribute('data-done'), null);
  } finally {
    await page.close();
    await site.close();
  }
});

test('census-wasm/init: a client made before init() throws a CensusError that says to call it; after init() it works', async () => {
  const site = await serve(project.dir, { proxy: census });
  try {
    const { problems, result } = await openPage(browser, `${site.url}/manual.html`);
    assert.deepEqual(problems, []);
    const { beforeInit, workspace, methodBeforeInit, methodAfterInit } = result;
    assert.equal(methodBeforeInit, 'undefined', 'no methods before the wasm is loaded');
    assert.equal(methodAfterInit, 'function', 'the methods are on the prototype once init() has resolved, before any client');
    assert.equal(beforeInit.censusError, true);
    assert.equal(beforeInit.code, 'invalid_config');
    assert.match(beforeInit.message, /call init\(\)/);
    assert.equal(workspace, (await api(census, '/workspace')).data.name);
  } finally {
    await site.close();
  }
});
