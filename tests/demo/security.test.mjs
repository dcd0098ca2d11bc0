// The demo page's safety in headless Chromium: API data is shown as text and never runs, the
// Content-Security-Policy allows only the page's own origin and the API origins it offers (Census
// US and EU, Stitch Connect, the local Census), and the token stays in memory (or sessionStorage
// when asked), never in localStorage or a URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openDemo, root, startCensus } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>window.__pwned = true</script>';

test('a source named like HTML renders as text and runs nothing', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  // Created through the API, as any other tool could, so the page only reads it.
  const created = await census.api('POST', '/sources', {
    connection: { type: 'trino', name: IMG, label: SCRIPT, credentials: { host: '"><svg onload=alert(2)>' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.data.id;
  const { page, dialogs, problems } = await openDemo(browser.context, census);
  t.after(() => page.close());

  const row = page.locator(`#sources tbody tr[data-id="${id}"]`);
  assert.equal(await row.locator('.name').textContent(), IMG);
  assert.equal(await row.locator('td[data-label=Label]').textContent(), SCRIPT);
  assert.equal(await page.locator('img, svg, #sources script').count(), 0, 'no element was made from the data');
  // Its name in the buttons' accessible names and in the confirm dialog is text too.
  assert.equal(await row.locator('[data-action=delete]').getAttribute('aria-label'), `Delete ${IMG}`);
  await row.locator('[data-action=delete]').click();
  assert.match(await page.locator('#confirm-text').textContent(), /^“<img src=x onerror=alert\(1\)>” \(Trino, id \d+\)/);
  assert.equal(await page.locator('#confirm-delete img').count(), 0);
  await page.keyboard.press('Escape');

  // The same name typed into the form.
  await page.locator('#source-type option[value=trino]').waitFor({ state: 'attached' });
  await page.selectOption('#source-type', 'trino');
  await page.fill('#source-name', IMG);
  await page.locator('.kv-key').first().fill('host');
  await page.locator('.kv-value').first().fill('x');
  await page.click('#create-submit');
  await page.locator('#sources tbody tr.highlight').waitFor();
  assert.equal(await page.locator('#sources tbody tr.highlight .name').textContent(), IMG);
  assert.match(await page.locator('#create-status').textContent(), /^Created “<img src=x onerror=alert\(1\)>”/);

  await page.waitForTimeout(300); // an onerror would have fired by now
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(dialogs, [], 'no alert fired');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(problems, []);
});

test('source types from a hostile server: their words render as text and the form keeps working', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  const { page, dialogs, problems } = await openDemo(browser.context, census, {
    prepare: (p) => p.route((url) => url.pathname === '/api/v1/source_types', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const type = body.data.find((item) => item.service_name === 'postgres');
      // An empty engine name (no first letter to capitalise) beside a real one.
      type.supported_sync_engines = ['', 'advanced'];
      type.label = IMG;
      type.configuration_fields.fields.unshift({
        id: '__proto__', label: SCRIPT, type: 'string', placeholder: '<b>bold</b>', rules: 'required',
        read_more: 'javascript:alert(3)', input_type: { type: 'textbox' },
      });
      await route.fulfill({ response, json: body });
    }),
  });
  t.after(() => page.close());
  await page.locator('#source-type option[value=postgres]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#source-type option[value=postgres]').textContent(), IMG);
  await page.selectOption('#source-type', 'postgres');
  // The field and the engine menu are made as text, and only the real engine is offered.
  assert.equal(await page.locator('#credential-fields label').first().textContent(), `${SCRIPT} *`);
  assert.equal(await page.locator('#credential-fields input').first().getAttribute('placeholder'), 'e.g. <b>bold</b>');
  assert.deepEqual(await page.locator('#sync-engine option').evaluateAll((options) => options.map((o) => [o.value, o.textContent])),
    [['', 'Census default'], ['advanced', 'Advanced']]);
  assert.equal(await page.locator('#sync-engine-field').isHidden(), true, 'one engine is no choice');
  assert.equal(await page.locator('#create img, #create script, #create b, #create a').count(), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(problems, []);
});

test('the CSP allows only this origin and the offered API origins, and no inline code', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  const { page, problems } = await openDemo(browser.context, census);
  t.after(() => page.close());

  const policy = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'].sort(), ["'self'", 'http://127.0.0.1:8787', 'http://localhost:8787',
    'https://api.stitchdata.com', 'https://app-eu.getcensus.com', 'https://app.getcensus.com'].sort());
  assert.deepEqual(directives['form-action'], ["'none'"]);
  assert.deepEqual(directives['require-trusted-types-for'], ["'script'"]);
  assert.ok(!policy.includes('unsafe-inline') && !policy.includes("'unsafe-eval'"));

  // The files: no inline script, no style element or attribute, no HTML sink in any of its modules.
  const html = readFileSync(join(root, 'www/index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
  const modules = readdirSync(join(root, 'www')).filter((name) => name.endsWith('.js'));
  assert.ok(modules.includes('app.js'), `the page's modules: ${modules}`);
  for (const name of modules) {
    const js = readFileSync(join(root, 'www', name), 'utf8');
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, name);
  }
  // The live page after rendering: still none.
  await page.selectOption('#source-type', 'snowflake');
  assert.equal(await page.locator('[style], style, script:not([src])').count(), 0);

  // Trusted Types make any HTML-string sink throw, so a slip in a later edit fails loudly.
  const sink = await page.evaluate(() => {
    try { document.body.insertAdjacentHTML('beforeend', '<b>x</b>'); return 'allowed'; } catch (error) { return error.name; }
  });
  assert.equal(sink, 'TypeError');
  problems.length = 0; // the refusal above is reported on the console, as it should be

  // An origin the page does not offer would be refused by the browser: the page refuses it first,
  // and says why, rather than send requests the browser blocks (tests/demo/messages.test.mjs
  // has the browser's own refusal, under a policy the page cannot read).
  await page.selectOption('#preset', 'custom');
  await page.fill('#base-url', 'https://census-proxy.example.com/api/v1');
  await page.click('#connection button[type=submit]');
  await page.locator('#base-url-error').waitFor();
  assert.match(await page.locator('#base-url-error').textContent(),
    /Content-Security-Policy does not allow connecting to https:\/\/census-proxy\.example\.com \(connect-src\)/);
  assert.deepEqual(problems, [], 'nothing was sent for the browser to refuse');
});

test('the token stays in memory, or in sessionStorage when asked; never localStorage or a URL', async (t) => {
  // --strict-auth: without the token nothing is served, so a listing proves the token was sent.
  const census = await startCensus({ args: ['--strict-auth'] });
  t.after(() => census.stop());
  const { page } = await openDemo(browser.context, census, { waitForRows: false });
  t.after(() => page.close());
  await page.locator('#error').waitFor();
  assert.match(await page.locator('#error .alert-title').textContent(), /refused the request without a token \(HTTP 401\)\. Check that the proxy adds the API token/);

  const sent = [];
  page.on('request', (request) => sent.push({ url: request.url(), auth: request.headers().authorization }));
  await page.check('#auth-token');
  await page.fill('#api-token', census.token);
  await page.click('#connection button[type=submit]');
  await page.locator('#sources tbody tr').first().waitFor();
  const api = sent.filter((r) => r.url.includes('/api/v1/'));
  assert.ok(api.length > 0 && api.every((r) => r.auth === `Bearer ${census.token}`), 'every API request has the bearer header');
  assert.ok(sent.every((r) => !r.url.includes(census.token)), 'no URL holds the token');
  assert.ok(!page.url().includes(census.token));
  const storage = () => page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  assert.deepEqual(await storage(), { local: {}, session: {}, cookie: '' });

  // Opting in keeps it for this tab only.
  await page.check('#remember-token');
  await page.click('#connection button[type=submit]');
  await page.locator('#status', { hasText: 'Showing' }).waitFor();
  assert.deepEqual(await storage(), { local: {}, session: { 'census-demo.apiToken': census.token }, cookie: '' });
  await page.reload();
  await page.locator('#sources tbody tr').first().waitFor();
  assert.equal(await page.locator('#auth-token').isChecked(), true);
  assert.equal(await page.locator('#remember-token').isChecked(), true);
  assert.equal(await page.locator('#api-token').inputValue(), census.token);

  // Opting out forgets it at once.
  await page.uncheck('#remember-token');
  assert.deepEqual(await storage(), { local: {}, session: {}, cookie: '' });
  assert.ok(!page.url().includes(census.token));
});

test('choosing the Local Census preset keeps a token the user chose to keep, and says it is sent', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  const { page, problems } = await openDemo(browser.context, census);
  t.after(() => page.close());
  await page.check('#auth-token');
  await page.fill('#api-token', census.token);
  await page.check('#remember-token');
  await page.click('#connection button[type=submit]');
  await page.locator('#connection-status', { hasText: /^Connected .* with the API token\.$/ }).waitFor();
  const kept = () => page.evaluate(() => sessionStorage.getItem('census-demo.apiToken'));
  assert.equal(await kept(), census.token);

  // Another server in the menu, then the local one again: the token choice stays.
  await page.selectOption('#preset', 'us');
  await page.selectOption('#preset', 'local');
  assert.equal(await page.locator('#auth-token').isChecked(), true, 'still “API token in this page”');
  assert.equal(await page.locator('#api-token').inputValue(), census.token);
  assert.match(await page.locator('#base-url-hint').textContent(), /the token entered is sent/);
  await page.click('#connection button[type=submit]');
  await page.locator('#connection-status', { hasText: /^Connected .* with the API token\.$/ }).waitFor();
  assert.equal(await kept(), census.token, 'the kept token was not deleted');

  // Without a token entered, the local preset still chooses the proxy: the local Census plays it.
  await page.fill('#api-token', '');
  await page.selectOption('#preset', 'us');
  await page.selectOption('#preset', 'local');
  assert.equal(await page.locator('#auth-proxy').isChecked(), true);
  assert.deepEqual(problems, []);
});
