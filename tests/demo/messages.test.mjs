// What the page says when the connection is wrong, in headless Chromium: a base URL that lists
// nothing (a 404 on the list) points at the base URL, not at a deleted source; a gateway's 5xx
// error page says the gateway or server failed, on Census and Stitch alike; a base URL the client refuses is explained in
// the page's words, without the client's option name, with advice that agrees with it; a
// refused token never reads "Connected"; and a 503 or 429 that says how long to wait
// (Retry-After, from census-local's `503:SECS` and `rate_limit:SECS` faults) says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoFor, launchBrowser, openDemo, serveAs, startCensus, STITCH_TOKEN, TOKEN } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const setup = (t, censusOptions) => demoFor(t, browser, censusOptions);

async function connectTo(page, baseUrl) {
  await page.fill('#base-url', baseUrl);
  await page.click('#connection button[type=submit]');
}

test('a base URL with no API behind it (a 404 on the list) says to check the base URL', async (t) => {
  const { page, problems } = await setup(t);
  await connectTo(page, '/api/v2');
  const alert = page.locator('#error');
  await alert.waitFor();
  const title = await alert.locator('.alert-title').textContent();
  assert.match(title, /^Could not load the sources: 127\.0\.0\.1:\d+ has no such list at \/api\/v2 \(HTTP 404\)\. Check the base URL/);
  assert.doesNotMatch(title, /no longer exists|deleted/);
  assert.match(await page.locator('#connection-status').textContent(), /^Not connected to 127\.0\.0\.1:\d+\/api\/v2 yet/);
  // The source types' 404 says the same, beside the form.
  await page.locator('#types-error').waitFor();
  assert.match(await page.locator('#types-error .alert-title').textContent(), /has no such list at \/api\/v2 \(HTTP 404\)\. Check the base URL/);
  assert.ok(problems.every((p) => !p.startsWith('pageerror')), `no uncaught error: ${problems}`);
});

test('a gateway’s HTML error page says the gateway or server failed, not that the base URL is wrong', async (t) => {
  const { census, page, problems } = await setup(t);
  await census.control('POST', '/faults', { route: 'GET /sources', fault: 'html' });
  await page.click('#reload');
  const alert = page.locator('#error');
  await alert.waitFor({ timeout: 20_000 });
  const title = await alert.locator('.alert-title').textContent();
  assert.match(title, /^Could not load the sources: the server or a gateway in front of it failed \(HTTP 502\) and answered with an error page\. Try again in a moment\.$/);
  assert.doesNotMatch(title, /Check the base URL/);
  assert.match(await alert.locator('.alert-detail').textContent(), /^CensusResponseError: /);
  assert.deepEqual(problems, []);
});

test('Stitch too: a gateway’s HTML error page says the gateway or server failed, not that the base URL is wrong', async (t) => {
  const { census, page, problems } = await setup(t);
  await page.selectOption('#preset', 'stitch-local');
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  await census.control('POST', '/faults', { route: 'GET /stitch/v4/sources', fault: 'html' });
  await page.click('#stitch-reload');
  const alert = page.locator('#stitch-error');
  await alert.waitFor({ timeout: 20_000 });
  const title = await alert.locator('.alert-title').textContent();
  assert.match(title, /^Could not load the Stitch sources: the server or a gateway in front of it failed \(HTTP 502\) and answered with an error page\. Try again in a moment\.$/);
  assert.doesNotMatch(title, /Check the base URL|not what the Stitch Connect API sends/);
  assert.match(await alert.locator('.alert-detail').textContent(), /^CensusResponseError: /);
  assert.deepEqual(problems, []);
});

test('a base URL the client refuses is explained without its option name, with advice that agrees', async (t) => {
  const { census, page, problems } = await setup(t);
  await census.control('DELETE', '/attempts');
  const error = page.locator('#base-url-error');
  await connectTo(page, 'api/v1');
  await error.waitFor();
  const relative = await error.textContent();
  assert.doesNotMatch(relative, /baseUrl/);
  assert.match(relative, /^This base URL will not work: it must be an absolute https:\/\/ URL .* or a path starting with \/\./);
  assert.match(relative, /start it with \/, as in \/api\/v1/);
  assert.doesNotMatch(relative, /Use https:\/\/…, or http:\/\/ only for localhost/, 'no advice that leaves out the path');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'base-url');

  await connectTo(page, 'http://example.com/api/v1');
  await page.locator('#base-url-error', { hasText: 'http:' }).waitFor();
  assert.match(await error.textContent(), /^This base URL will not work: http: is only allowed for this machine \(localhost, /);
  assert.deepEqual((await census.attempts()).attempts, [], 'nothing was sent');
  // The page goes on with the server it was connected to.
  await page.click('#reload');
  await page.locator('#status', { hasText: 'Showing 1–25 of 36.' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a base URL whose origin the page’s CSP does not allow is refused before sending, and says why', async (t) => {
  const { census, page, problems } = await setup(t);
  const elsewhere = [];
  page.on('request', (request) => { if (!request.url().startsWith(census.url)) elsewhere.push(request.url()); });
  const status = await page.locator('#connection-status').textContent();
  await page.selectOption('#preset', 'custom');
  await connectTo(page, 'http://127.0.0.1:1/api/v1');
  const error = page.locator('#base-url-error');
  await page.locator('#base-url-error:not([hidden]), #error:not([hidden])').first().waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#error').isVisible(), false, 'no “no answer” alert');
  assert.equal(await error.textContent(), 'This base URL will not work here: the page’s Content-Security-Policy does not allow '
    + 'connecting to http://127.0.0.1:1 (connect-src), so the browser would refuse every request. Use a path on this origin '
    + '(a proxy, such as /api/v1), or add the origin to connect-src in the page’s CSP.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'base-url');
  assert.equal(await page.locator('#connection-status').textContent(), status, 'the page stays on its server');

  // Stitch: the same.
  await page.selectOption('#preset', 'stitch-custom');
  await page.fill('#stitch-token', STITCH_TOKEN);
  await connectTo(page, 'http://127.0.0.1:1');
  await error.filter({ hasText: '127.0.0.1:1' }).waitFor({ timeout: 20_000 });
  assert.match(await error.textContent(), /does not allow connecting to http:\/\/127\.0\.0\.1:1 \(connect-src\).*\(a proxy, such as \/stitch\)/);
  assert.equal(await page.locator('#stitch-error').isVisible(), false);
  assert.deepEqual(elsewhere, [], 'nothing was sent');
  assert.deepEqual(problems, [], 'no CSP violation either');
});

test('a request the browser refuses under a CSP the page cannot read (an HTTP header) says so in the alert', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  const other = await startCensus({ seed: 80 });
  t.after(() => other.stop());
  // The page's own server adds a stricter policy as a header: the <meta> one allows the local
  // Census's default port, the header does not.
  const prepare = async (page) => {
    await page.route(`${census.url}/`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "connect-src 'self'" } });
    });
    await serveAs(page, 'http://127.0.0.1:8787', other);
  };
  const { page, problems } = await openDemo(browser.context, census, { prepare });
  t.after(() => page.close());
  await page.selectOption('#preset', 'custom');
  await page.check('#auth-token');
  await page.fill('#api-token', TOKEN);
  await connectTo(page, 'http://127.0.0.1:8787/api/v1');
  const alert = page.locator('#error');
  await alert.waitFor({ timeout: 20_000 });
  assert.equal(await alert.locator('.alert-title').textContent(), 'Could not load the sources: the page’s Content-Security-Policy '
    + 'does not allow connecting to http://127.0.0.1:8787 (connect-src), so the browser refused the request. Use a path on this '
    + 'origin (a proxy, such as /api/v1), or add the origin to connect-src in the page’s CSP.');
  assert.ok(problems.some((p) => p.includes('Content Security Policy')), `the browser's refusal: ${problems}`);
  // Once refused, the origin is refused before sending.
  await page.click('#connection button[type=submit]');
  await page.locator('#base-url-error').waitFor();
  assert.match(await page.locator('#base-url-error').textContent(), /does not allow connecting to http:\/\/127\.0\.0\.1:8787/);
});

test('a refused token never reads “Connected”', async (t) => {
  const { page } = await setup(t);
  assert.match(await page.locator('#connection-status').textContent(), /^Connected to 127\.0\.0\.1:\d+\/api\/v1 through the proxy, no token\.$/);
  await page.check('#auth-token');
  await page.fill('#api-token', 'wrong-token-5f2a');
  await page.click('#connection button[type=submit]');
  await page.locator('#error').waitFor();
  const status = await page.locator('#connection-status').textContent();
  assert.doesNotMatch(status, /Connected/);
  assert.match(status, /^Not connected: 127\.0\.0\.1:\d+\/api\/v1 refused the API token\.$/);
});

test('Stitch too reads “Connected” only once it has answered, and never with a refused token', async (t) => {
  const { census, page, problems } = await setup(t);
  const status = page.locator('#connection-status');
  await page.selectOption('#preset', 'stitch-local');
  await page.fill('#stitch-token', 'wrong-stitch-token-5f2a');
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-error').waitFor();
  assert.match(await status.textContent(), /^Not connected: Stitch at 127\.0\.0\.1:\d+\/stitch refused the access token\.$/);

  // The right token, its list slow to answer: connecting until it does, then connected.
  await census.control('POST', '/faults', { route: 'GET /stitch/v4/sources', fault: 'delay:1500', times: 1 });
  await page.fill('#stitch-token', STITCH_TOKEN);
  await page.click('#connection button[type=submit]');
  assert.match(await status.textContent(), /^Connecting to Stitch at 127\.0\.0\.1:\d+\/stitch with the access token…$/);
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  assert.match(await status.textContent(), /^Connected to Stitch at 127\.0\.0\.1:\d+\/stitch with the access token\.$/);

  // A list that fails on a connect that never got an answer says so, as Census's does.
  await census.control('POST', '/faults', { route: 'GET /stitch/v4/sources', fault: '500', times: 1 });
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-error').waitFor();
  assert.match(await status.textContent(), /^Not connected to Stitch at 127\.0\.0\.1:\d+\/stitch yet: see the message below\.$/);
  assert.ok(problems.every((p) => !p.startsWith('pageerror')), `no uncaught error: ${problems}`);
});

test('a server that stops answering no longer reads “Connected”, on Census and Stitch alike', async (t) => {
  const { census, page } = await setup(t);
  const status = page.locator('#connection-status');
  assert.match(await status.textContent(), /^Connected to /);
  await census.stop();
  await page.click('#reload');
  await page.locator('#error').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('#error .alert-title').textContent(), /no answer from 127\.0\.0\.1:\d+\. Is the local Census running\?/);
  assert.match(await status.textContent(), /^Not reachable: 127\.0\.0\.1:\d+\/api\/v1 did not answer the last request\.$/);

  const stitch = await startCensus();
  t.after(() => stitch.stop());
  const other = await openDemo(browser.context, stitch, { hash: '#/stitch' });
  t.after(() => other.page.close());
  const stitchStatus = other.page.locator('#connection-status');
  assert.match(await stitchStatus.textContent(), /^Connected to Stitch at /);
  await stitch.stop();
  await other.page.click('#stitch-reload');
  await other.page.locator('#stitch-error').waitFor({ timeout: 20_000 });
  assert.match(await stitchStatus.textContent(), /^Not reachable: Stitch at 127\.0\.0\.1:\d+\/stitch did not answer the last request\.$/);
});

test('a 503 or 429 that says how long to wait (Retry-After) says so, in seconds or minutes; one that does not, “a moment”', async (t) => {
  const { census, page, problems } = await setup(t);
  const alert = page.locator('#error');
  const title = () => alert.locator('.alert-title').textContent();
  const reloadWith = async (route, fault) => {
    await census.control('DELETE', '/faults');
    await census.control('POST', '/faults', { route, fault });
    await page.click(route.includes('/stitch/') ? '#stitch-reload' : '#reload');
  };
  // Each wait is beyond the client's longest retry wait (10 s), so the error reaches the page at once.
  await reloadWith('GET /sources', '503:120');
  await alert.waitFor();
  assert.match(await title(), /^Could not load the sources: the server had a problem \(HTTP 503\)\. Try again in 2 min\./);
  // The retry button waits as long as the server asked, as it does for a rate limit, and words
  // the wait as the message does.
  assert.equal(await alert.locator('.alert-retry').isDisabled(), true);
  assert.match(await alert.locator('.alert-retry').textContent(), /^Try again in (2 min|119 s)$/);
  await reloadWith('GET /sources', 'rate_limit:120');
  await alert.locator('.alert-title', { hasText: 'limiting' }).waitFor();
  assert.match(await title(), /^Census is limiting requests right now\. Try again in 2 min\.$/);
  // A wait of hours is said, but the button is not held for it: the person may know better.
  await reloadWith('GET /sources', '503:86400');
  await alert.locator('.alert-title', { hasText: '24 h' }).waitFor();
  assert.match(await title(), /\(HTTP 503\)\. Try again in 24 h\./);
  assert.equal(await alert.locator('.alert-retry').isDisabled(), false);
  assert.equal(await alert.locator('.alert-retry').textContent(), 'Try again');
  await reloadWith('GET /sources', '503:30');
  await alert.locator('.alert-title', { hasText: 'in 30 s' }).waitFor();
  assert.match(await title(), /\(HTTP 503\)\. Try again in 30 s\./);
  // Without Retry-After the words stay as they were (the client retries the 503 first).
  await reloadWith('GET /sources', '503');
  await alert.locator('.alert-title', { hasText: 'moment' }).waitFor({ timeout: 20_000 });
  assert.match(await title(), /\(HTTP 503\)\. Try again in a moment\./);

  // Stitch words its errors the same way.
  await census.control('DELETE', '/faults');
  await page.selectOption('#preset', 'stitch-local');
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  const stitchTitle = page.locator('#stitch-error .alert-title');
  await reloadWith('GET /stitch/v4/sources', '503:30');
  await stitchTitle.waitFor();
  assert.match(await stitchTitle.textContent(),
    /^Could not load the Stitch sources: Stitch had a problem \(HTTP 503, service_unavailable\)\. Try again in 30 s\./);
  await reloadWith('GET /stitch/v4/sources', 'rate_limit:120');
  await page.locator('#stitch-error .alert-title', { hasText: 'limiting' }).waitFor();
  assert.match(await stitchTitle.textContent(), /^Stitch is limiting requests right now\. Try again in 2 min\.$/);
  assert.deepEqual(problems, []);
});

test('while the client waits out a busy server (503 or 429 with Retry-After), the list says so and when it tries again', async (t) => {
  const { census, page, problems } = await setup(t);
  const status = page.locator('#status');
  const seen = [];
  await page.exposeFunction('noteStatus', (text) => { if (seen.at(-1) !== text) seen.push(text); });
  await status.evaluate((node) => new MutationObserver(() => window.noteStatus(node.textContent))
    .observe(node, { childList: true, subtree: true, characterData: true }));
  await census.control('POST', '/faults', { route: 'GET /sources', fault: '503:3', times: 1 });
  await census.control('POST', '/faults', { route: 'GET /sources', fault: 'rate_limit:2', times: 1 });
  await page.click('#reload');
  await status.filter({ hasText: /busy/ }).waitFor({ timeout: 2000 });
  assert.equal(await status.textContent(), 'Loading sources… The server is busy (HTTP 503); trying again in 3 s.');
  await status.filter({ hasText: 'Showing 1–25 of 36.' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(seen, [
    'Loading sources…',
    'Loading sources… The server is busy (HTTP 503); trying again in 3 s.',
    'Loading sources… (try 2)',
    'Loading sources… Census is limiting requests (HTTP 429); trying again in 2 s.',
    'Loading sources… (try 3)',
    'Showing 1–25 of 36.',
  ]);

  // Stitch's list says the same.
  await page.selectOption('#preset', 'stitch-local');
  await page.click('#connection button[type=submit]');
  await page.locator('#stitch-sources tbody tr').first().waitFor();
  await census.control('POST', '/faults', { route: 'GET /stitch/v4/sources', fault: '503:2', times: 1 });
  await page.click('#stitch-reload');
  await page.locator('#stitch-status', { hasText: 'Loading Stitch sources… The server is busy (HTTP 503); trying again in 2 s.' }).waitFor({ timeout: 2000 });
  await page.locator('#stitch-status', { hasText: /^7 sources/ }).waitFor({ timeout: 10_000 });
  assert.deepEqual(problems, []);
});
