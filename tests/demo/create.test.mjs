// The demo page's create form in headless Chromium: fields generated from /source_types,
// client-side validation that sends nothing, server errors beside the form, the key/value
// editor for types the API does not describe, and the new source highlighted in the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openDemo, rowIds, startCensus } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function setup(t, open = {}) {
  const census = await startCensus();
  t.after(() => census.stop());
  const demo = await openDemo(browser.context, census, open);
  t.after(() => demo.page.close());
  // Every /api/v1 request the page makes from here on, with its body.
  const requests = [];
  demo.page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/v1/')) {
      requests.push({ method: request.method(), path: new URL(request.url()).pathname, body: request.postData() });
    }
  });
  await demo.page.locator('#source-type option[value=postgres]').waitFor({ state: 'attached' });
  return { census, requests, ...demo };
}

/** The generated input whose label reads `label`, with or without the required mark. */
function field(page, label) {
  const text = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
  return page.locator('#credential-fields .field')
    .filter({ has: page.locator('label', { hasText: text }) })
    .locator('input, textarea');
}

async function postsToSources(census) {
  return (await census.attempts()).counts['POST /sources'] ?? 0;
}

test('the type list holds only types creatable through the API', async (t) => {
  const { page } = await setup(t);
  const values = await page.locator('#source-type option').evaluateAll((options) => options.map((o) => o.value));
  assert.equal(values[0], '');
  assert.ok(values.includes('snowflake') && values.includes('trino'));
  for (const notCreatable of ['google_sheets', 'airtable', 'salesforce']) assert.ok(!values.includes(notCreatable));
});

test('the fields follow the type: required marks, password, number, checkbox and textarea inputs', async (t) => {
  const { page, problems } = await setup(t);
  await page.selectOption('#source-type', 'postgres');
  const hostname = field(page, 'Host');
  assert.equal(await hostname.getAttribute('type'), 'text');
  assert.equal(await hostname.evaluate((input) => input.required), true);
  assert.equal(await page.locator('#credential-fields label', { hasText: /^Host \*$/ }).locator('.req').textContent(), ' *');
  assert.equal(await field(page, 'Password').getAttribute('type'), 'password');
  assert.equal(await field(page, 'Port').getAttribute('type'), 'number');
  assert.equal(await field(page, 'Connect through an SSH tunnel').getAttribute('type'), 'checkbox');
  assert.equal(await field(page, 'SSH tunnel hostname').evaluate((input) => input.required), false);
  // The error line is tied to its input.
  const described = await field(page, 'Host').getAttribute('aria-describedby');
  assert.match(described, /-error$/);

  await page.selectOption('#source-type', 'big_query');
  assert.equal(await field(page, 'Service account key').evaluate((input) => input.tagName), 'TEXTAREA');
  // Snowflake's fields with a `show` condition follow the key-pair checkbox: the password while
  // it is off, the private key (a textarea) while it is on.
  await page.selectOption('#source-type', 'snowflake');
  assert.equal(await field(page, 'Password').isVisible(), true);
  assert.equal(await field(page, 'Password').evaluate((input) => input.required), true);
  assert.equal(await field(page, 'Private key').isVisible(), false);
  await field(page, 'Use key-pair authentication').check();
  assert.equal(await field(page, 'Password').isVisible(), false);
  assert.equal(await field(page, 'Private key').isVisible(), true);
  assert.equal(await field(page, 'Private key').evaluate((input) => input.tagName), 'TEXTAREA');
  await field(page, 'Use key-pair authentication').uncheck();
  // Snowflake and BigQuery offer the advanced sync engine and writeback retention.
  await page.click('#advanced summary');
  assert.equal(await page.locator('#sync-engine').isVisible(), true);
  assert.equal(await page.locator('#retention').isVisible(), true);
  assert.deepEqual(problems, []);
});

test('placeholders read as examples, not as values already filled in', async (t) => {
  const { page, problems } = await setup(t);
  await page.selectOption('#source-type', 'postgres');
  assert.equal(await field(page, 'Port').getAttribute('placeholder'), 'e.g. 5432');
  assert.equal(await field(page, 'User').getAttribute('placeholder'), 'e.g. census');
  assert.equal(await field(page, 'Port').inputValue(), '', 'nothing is filled in');
  const placeholders = await page.locator('#credential-fields [placeholder]:not([placeholder=""])').evaluateAll((inputs) => inputs.map((i) => i.placeholder));
  assert.ok(placeholders.length > 0 && placeholders.every((p) => p.startsWith('e.g. ')), JSON.stringify(placeholders));
  assert.deepEqual(problems, []);
});

test('creating a source lists it first, highlighted, and clears the form', async (t) => {
  const { census, page, requests, problems } = await setup(t);
  const before = await rowIds(page);
  await page.selectOption('#source-type', 'postgres');
  await page.fill('#source-name', 'Demo warehouse');
  await field(page, 'Host').fill('db.demo.internal');
  await field(page, 'Port').fill('5432');
  await field(page, 'Database').fill('analytics');
  await field(page, 'User').fill('census');
  await field(page, 'Password').fill('pa55-word');
  await page.click('#create-submit');

  const row = page.locator('#sources tbody tr.highlight');
  await row.waitFor();
  const id = Number(await row.getAttribute('data-id'));
  assert.equal((await rowIds(page))[0], id, 'the new source is first (newest first)');
  assert.ok(!before.includes(id));
  assert.equal(await row.locator('.name').textContent(), 'Demo warehouse');
  assert.equal(await row.locator('.badge.new').textContent(), 'New');
  assert.equal(await page.locator('#sources tbody tr.highlight').count(), 1);
  assert.equal(await page.locator('#total').textContent(), '37 sources');
  assert.equal(await page.locator('#create-status').textContent(), `Created “Demo warehouse” (id ${id}).`);
  assert.equal(await field(page, 'Password').inputValue(), '', 'credentials are not kept in the form');

  // What was sent: typed values (the port as a number), no empty optional fields.
  const post = requests.find((r) => r.method === 'POST' && r.path === '/api/v1/sources');
  const sent = JSON.parse(post.body).connection;
  assert.equal(sent.type, 'postgres');
  assert.equal(sent.name, 'Demo warehouse');
  assert.deepEqual(sent.credentials, {
    hostname: 'db.demo.internal', port: 5432, database: 'analytics', user: 'census', password: 'pa55-word',
    ssh_tunnel_enabled: false,
  });
  const { body } = await census.api('GET', `/sources/${id}`);
  assert.equal(body.data.type, 'postgres');
  assert.deepEqual(problems, []);
});

test('in oldest-first order the new source is shown on the last page', async (t) => {
  const { page } = await setup(t);
  await page.selectOption('#order', 'asc');
  await page.locator('#status', { hasText: 'Showing 1–25 of 36.' }).waitFor();
  await page.selectOption('#source-type', 'trino');
  await page.locator('.kv-key').first().fill('host');
  await page.locator('.kv-value').first().fill('trino.internal');
  await page.click('#create-submit');
  await page.locator('#sources tbody tr.highlight').waitFor();
  assert.equal(await page.locator('#page-info').textContent(), 'Page 2 of 2');
  assert.equal((await rowIds(page)).at(-1), Number(await page.locator('#sources tbody tr.highlight').getAttribute('data-id')));
});

test('a missing required field is shown beside it and nothing is sent', async (t) => {
  const { census, page, requests } = await setup(t);
  await census.control('DELETE', '/attempts');
  requests.length = 0;

  // No type at all.
  await page.click('#create-submit');
  await page.locator('#source-type-error').waitFor();
  assert.equal(await page.locator('#source-type-error').textContent(), 'Choose the type of source.');
  assert.equal(await page.locator('#source-type').getAttribute('aria-invalid'), 'true');

  // A type, with one required field left empty.
  await page.selectOption('#source-type', 'snowflake');
  await field(page, 'Account').fill('acme.us-east-1');
  await field(page, 'User').fill('CENSUS');
  await field(page, 'Password').fill('secret');
  await page.click('#create-submit');
  const warehouse = field(page, 'Warehouse');
  const errorId = (await warehouse.getAttribute('aria-describedby')).split(' ').find((id) => id.endsWith('-error'));
  const error = page.locator(`#${errorId}`);
  await error.waitFor();
  assert.equal(await error.textContent(), 'Warehouse is required.');
  assert.equal(await warehouse.getAttribute('aria-invalid'), 'true');
  assert.equal(await field(page, 'Account').getAttribute('aria-invalid'), null);
  assert.equal(await page.evaluate(() => document.activeElement.closest('.field').querySelector('label').textContent), 'Warehouse *');
  assert.equal(await page.locator('#create-status').textContent(), 'One field needs attention.');

  assert.deepEqual(requests, [], 'the page sent no request');
  assert.deepEqual((await census.attempts()).attempts, [], 'the server received none');

  // Typing clears the message.
  await warehouse.fill('COMPUTE_WH');
  assert.equal(await error.isVisible(), false);
  assert.equal(await warehouse.getAttribute('aria-invalid'), null);
});

test('a field shown by its condition is required and sent; one hidden by it is neither', async (t) => {
  const { census, page, requests } = await setup(t);
  await page.selectOption('#source-type', 'snowflake');
  await field(page, 'Account').fill('acme.us-east-1');
  await field(page, 'Warehouse').fill('COMPUTE_WH');
  await field(page, 'User').fill('CENSUS');
  await field(page, 'Password').fill('typed before switching');
  await field(page, 'Use key-pair authentication').check();
  await page.click('#create-submit');
  const error = page.locator('.field-error:visible');
  await error.waitFor();
  assert.equal(await error.textContent(), 'Private key is required.');
  assert.equal(await postsToSources(census), 0);

  await field(page, 'Private key').fill('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----');
  await page.click('#create-submit');
  await page.locator('#sources tbody tr.highlight').waitFor();
  const post = requests.find((r) => r.method === 'POST' && r.path === '/api/v1/sources');
  const sent = JSON.parse(post.body).connection.credentials;
  assert.equal(sent.use_keypair, true);
  assert.equal(sent.private_key, '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----');
  assert.ok(!('password' in sent), 'the hidden password is not sent');
});

test('a field the client refuses (checkType) is marked beside it, before anything is sent', async (t) => {
  const { census, page, requests } = await setup(t, { waitForRows: true });
  // The page's copy of the catalogue says Warehouse is optional; the API's says it is required.
  // createSource(…, { checkType: true }) reads the type again and names the field it refuses.
  await page.route((url) => url.pathname === '/api/v1/source_types', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const type of body.data) {
      for (const f of type.configuration_fields?.fields ?? []) if (f.id === 'warehouse') f.rules = [];
    }
    await route.fulfill({ response, json: body });
  });
  await page.click('#connection button[type=submit]'); // reconnect: reloads the types
  await page.locator('#source-type option[value=snowflake]').waitFor({ state: 'attached' });
  await page.selectOption('#source-type', 'snowflake');
  await field(page, 'Account').fill('acme.us-east-1');
  await field(page, 'User').fill('CENSUS');
  await field(page, 'Password').fill('secret');
  requests.length = 0;
  await page.click('#create-submit');
  const warehouse = field(page, 'Warehouse');
  await page.waitForFunction(() => document.querySelector('[aria-invalid=true]'));
  assert.equal(await warehouse.getAttribute('aria-invalid'), 'true');
  const errorId = (await warehouse.getAttribute('aria-describedby')).split(' ').find((id) => id.endsWith('-error'));
  assert.match(await page.locator(`#${errorId}`).textContent(), /"warehouse" is missing/);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ['GET /api/v1/source_types/snowflake']);
  assert.equal(await postsToSources(census), 0);
});

test('a server error is shown beside the form and nothing is listed', async (t) => {
  const { census, page, problems } = await setup(t);
  await census.control('POST', '/faults', { route: 'POST /sources', fault: '500' });
  await page.selectOption('#source-type', 'trino');
  await page.locator('.kv-key').first().fill('host');
  await page.locator('.kv-value').first().fill('trino.internal');
  await page.click('#create-submit');
  const alert = page.locator('#create-error');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.locator('.alert-title').textContent(),
    /^Could not create the source: the server had a problem \(HTTP 500\)\. Try again in a moment\./);
  assert.equal(await page.locator('#sources tbody tr.highlight').count(), 0);
  assert.equal(await page.locator('#total').textContent(), '36 sources');
  assert.equal(await page.locator('#create-submit').isDisabled(), false);
  assert.equal(await page.locator('.kv-value').first().inputValue(), 'trino.internal', 'the input is kept to try again');
  assert.deepEqual(problems, []);
});

test('the API’s own refusal (a conditional credential) is quoted beside the form', async (t) => {
  const { page } = await setup(t, { waitForRows: true });
  // Snowflake needs a password unless it uses a key pair. Here the page and the client read a
  // copy of the type without that condition (both the list and checkType's own read), so only
  // the API refuses.
  await page.route((url) => url.pathname.startsWith('/api/v1/source_types'), async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const type of [body.data].flat()) {
      for (const f of type.configuration_fields?.fields ?? []) {
        if (f.id === 'password') {
          f.rules = [];
          delete f.show;
        }
      }
    }
    await route.fulfill({ response, json: body });
  });
  await page.click('#connection button[type=submit]'); // reconnect: reloads the types
  await page.locator('#source-type option[value=snowflake]').waitFor({ state: 'attached' });
  await page.selectOption('#source-type', 'snowflake');
  await field(page, 'Account').fill('acme.us-east-1');
  await field(page, 'Warehouse').fill('COMPUTE_WH');
  await field(page, 'User').fill('CENSUS');
  await page.click('#create-submit');
  const alert = page.locator('#create-error');
  await alert.waitFor();
  assert.match(await alert.locator('.alert-title').textContent(),
    /^Could not create the source: the request was refused \(HTTP 422\)\. Census said: “.*password.*”$/);
});

test('a type without configuration fields gets a key/value editor', async (t) => {
  const { page, requests } = await setup(t);
  await page.selectOption('#source-type', 'trino');
  assert.equal(await page.locator('#kv-editor').isVisible(), true);
  assert.equal(await page.locator('#credential-fields > *').count(), 0);

  await page.click('#create-submit');
  await page.locator('#kv-error').waitFor();
  assert.equal(await page.locator('#kv-error').textContent(), 'Add at least one credential.');

  await page.getByLabel('Key 1', { exact: true }).fill('host');
  await page.getByLabel('Value 1', { exact: true }).fill('trino.internal');
  await page.click('#kv-add');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('kv-key')), true, 'Add focuses the new key');
  await page.locator('.kv-key').nth(1).fill('host');
  await page.locator('.kv-value').nth(1).fill('again');
  await page.click('#create-submit');
  await page.locator('#kv-error', { hasText: 'used twice' }).waitFor();
  assert.equal(await page.locator('.kv-key').nth(1).getAttribute('aria-invalid'), 'true');

  await page.locator('.kv-key').nth(1).fill('user');
  await page.locator('.kv-value').nth(1).fill('census');
  await page.fill('#source-name', 'Trino lake');
  await page.click('#create-submit');
  await page.locator('#sources tbody tr.highlight', { hasText: 'Trino lake' }).waitFor();
  const post = requests.find((r) => r.method === 'POST' && r.path === '/api/v1/sources');
  assert.deepEqual(JSON.parse(post.body).connection.credentials, { host: 'trino.internal', user: 'census' });
});

test('after a create the conditional fields follow the cleared checkbox, and a second create goes through', async (t) => {
  const { census, page, problems } = await setup(t);
  await page.selectOption('#source-type', 'snowflake');
  await page.fill('#source-name', 'Key pair one');
  await field(page, 'Account').fill('one.us-east-1');
  await field(page, 'Warehouse').fill('WH');
  await field(page, 'User').fill('CENSUS');
  await field(page, 'Use key-pair authentication').check();
  await field(page, 'Private key').fill('-----BEGIN PRIVATE KEY-----\nONE\n-----END PRIVATE KEY-----');
  await page.click('#create-submit');
  await page.locator('#create-status', { hasText: /^Created “Key pair one”/ }).waitFor();

  // The checkbox is unticked again: the password shows (and is required), the private key hides.
  assert.equal(await field(page, 'Use key-pair authentication').isChecked(), false);
  assert.equal(await field(page, 'Password').isVisible(), true);
  assert.equal(await field(page, 'Password').isEnabled(), true);
  assert.equal(await field(page, 'Private key').isVisible(), false);

  // The next source, filled as the form now shows it, is created.
  await page.fill('#source-name', 'Password two');
  await field(page, 'Account').fill('two.us-east-1');
  await field(page, 'Warehouse').fill('WH');
  await field(page, 'User').fill('CENSUS');
  await field(page, 'Password').fill('secret');
  await page.click('#create-submit');
  await page.locator('#create-status', { hasText: /^Created “Password two”/ }).waitFor();
  assert.equal(await postsToSources(census), 2);
  assert.equal(await page.locator('#create .field-error:visible').count(), 0);
  assert.deepEqual(problems, []);
});

test('a writeback retention that is not a number is refused beside it, not sent as nothing', async (t) => {
  const { census, page, requests } = await setup(t);
  await page.selectOption('#source-type', 'redshift');
  for (const [label, value] of [['Host', 'r.example.com'], ['Port', '5439'], ['Database', 'db'], ['User', 'u'], ['Password', 'p']]) {
    await field(page, label).fill(value);
  }
  await page.click('#advanced summary');
  await page.locator('#retention').pressSequentially('e');
  assert.equal(await page.locator('#retention').evaluate((input) => input.validity.badInput), true);
  requests.length = 0;
  await page.click('#create-submit');
  await page.locator('#retention-error').waitFor();
  assert.equal(await page.locator('#retention-error').textContent(), 'Retention must be a whole number of days, 1 or more.');
  assert.equal(await page.locator('#retention').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'retention');
  assert.deepEqual(requests, [], 'nothing was sent');
  assert.equal(await postsToSources(census), 0);
});

test('source types that fail to load say why and can be loaded again', async (t) => {
  const census = await startCensus();
  t.after(() => census.stop());
  await census.control('POST', '/faults', { route: 'GET /source_types', fault: '500', times: 1 });
  const { page, problems } = await openDemo(browser.context, census);
  t.after(() => page.close());
  const alert = page.locator('#types-error');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.locator('.alert-title').textContent(),
    /^Could not load the source types: the server had a problem \(HTTP 500\)\. Try again in a moment\./);
  // The menu says it in words that fit it.
  const select = page.locator('#source-type');
  assert.equal(await select.isDisabled(), true);
  const fits = await select.evaluate((node) => {
    const context = document.createElement('canvas').getContext('2d');
    const style = getComputedStyle(node);
    context.font = style.font;
    const room = node.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20; // the arrow
    return context.measureText(node.options[node.selectedIndex].text).width <= room;
  });
  assert.ok(fits, `the menu shows “${await select.locator('option').first().textContent()}” whole`);
  // Choosing nothing or sending the form leaves the reason on show.
  await page.click('#create-submit');
  assert.equal(await alert.isVisible(), true);

  await alert.getByRole('button', { name: 'Try again' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#source-type option[value=snowflake]').waitFor({ state: 'attached' });
  assert.equal(await alert.isVisible(), false);
  assert.equal(await select.isEnabled(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'source-type', 'focus moves to the menu it filled');
  assert.deepEqual(problems, []);
});

test('by keyboard, the focus stays on Create source while it runs and after', async (t) => {
  const { census, page, problems } = await setup(t);
  await page.selectOption('#source-type', 'trino');
  await page.locator('.kv-key').first().fill('host');
  await page.locator('.kv-value').first().fill('trino.example.com');
  await census.control('POST', '/faults', { route: 'POST /sources', fault: 'delay:800', times: 1 });
  await page.focus('#create-submit');
  await page.keyboard.press('Enter');
  await page.locator('#create-status', { hasText: 'Creating the source…' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'create-submit', 'focus during the create');
  assert.equal(await page.locator('#create-submit').getAttribute('aria-disabled'), 'true');
  await page.keyboard.press('Enter'); // a second press creates nothing more
  await page.locator('#create-status', { hasText: /^Created / }).waitFor();
  await page.locator('#sources tbody tr.highlight').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'create-submit', 'focus after the create');
  assert.equal(await page.locator('#create-submit').getAttribute('aria-disabled'), null);
  assert.equal(await postsToSources(census), 1);
  assert.deepEqual(problems, []);
});
