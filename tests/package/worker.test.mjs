// Setting 4, a Web Worker: the packed tarball installed into tests/worker/ (a fresh copy), whose
// page starts a dedicated module worker; the worker imports the package's files from
// node_modules (no bundler), lists every source from the local Census (through the page's
// backend, which adds the token) and posts them back, with the words of a request that got no
// answer, which in a browser name CORS. Opened in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { allSourceNames, installProject, launchChromium, localCensus, openPage, serve } from './settings.mjs';

let census;
let project;
let browser;

before(async () => {
  census = await localCensus();
  project = installProject('worker');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  project?.remove();
  await census?.stop();
});

test('a module worker lists every source and posts them back', async () => {
  const site = await serve(project.dir, { proxy: census });
  try {
    const { page, problems, result } = await openPage(browser, `${site.url}/`);
    assert.deepEqual(problems, []);
    assert.deepEqual(result, {
      names: await allSourceNames(census),
      notFound: 404,
      unreached: ': TypeError: Failed to fetch. The server may be down or unreachable, or it refused this origin (CORS)',
      inWorker: true,
    });
    assert.equal(await page.locator('#sources li').count(), result.names.length);
    assert.ok(site.served.includes('/node_modules/census-wasm/census_wasm_bg.wasm'), site.served.join(', '));
  } finally {
    await site.close();
  }
});
