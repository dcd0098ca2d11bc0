// The client from Node 20 as a user's own test file sees it: `census-wasm` installed from the
// packed tarball into this project (tests/package/node.test.mjs runs it there), imported by name
// with no init call, against the local Census: the entry's exports, instanceof on the error
// classes, an injected fetch, and bodies as fetch decoded them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  CensusClient, CensusError, CensusApiError, CensusNotFoundError, CensusInputError,
  CensusAuthenticationError, CensusTimeoutError, CensusResponseError,
} from 'census-wasm';

const url = process.env.CENSUS_LOCAL_URL;
const token = process.env.CENSUS_LOCAL_TOKEN;

before(() => {
  assert.ok(url && token, 'CENSUS_LOCAL_URL and CENSUS_LOCAL_TOKEN must be set');
});

test('lists sources from Node with the global fetch', async () => {
  const census = new CensusClient({ apiToken: token, baseUrl: `${url}/api/v1` });
  const page = await census.listSources({ perPage: 5 });
  assert.equal(page.data.length, 5);
  assert.equal(page.pagination.per_page, 5);
  assert.equal(typeof page.data[0].id, 'number');
});

test('errors are instances of the exported classes', async () => {
  const census = new CensusClient({ apiToken: token, baseUrl: `${url}/api/v1` });
  const notFound = await census.getSource(999999999).catch((error) => error);
  // JSON.stringify shows what a log needs: the name and message too.
  const logged = JSON.parse(JSON.stringify(notFound));
  assert.equal(logged.name, 'CensusNotFoundError');
  assert.match(logged.message, /^source 999999999 was not found/);
  assert.equal(logged.code, 'not_found');
  assert.equal(logged.status, 404);
  assert.ok(notFound instanceof CensusNotFoundError);
  assert.ok(notFound instanceof CensusApiError);
  assert.ok(notFound instanceof CensusError);
  assert.ok(notFound instanceof Error);
  assert.equal(notFound.name, 'CensusNotFoundError');
  assert.equal(notFound.status, 404);

  const input = await census.listSources({ perPage: 1000 }).catch((error) => error);
  assert.ok(input instanceof CensusInputError);
  assert.equal(input.field, 'perPage');

  assert.throws(() => new CensusClient({ baseUrl: 'http://example.com/api/v1' }), CensusInputError);
});

test('the older list shapes are read: the next link alone is followed, a bare list is one page', async () => {
  const shaped = (shape) => new CensusClient({
    apiToken: token,
    baseUrl: `${url}/api/v1`,
    fetch: (request) => {
      const asked = new Request(request);
      asked.headers.set('x-census-local-list-shape', shape);
      return fetch(asked);
    },
  });
  const census = new CensusClient({ apiToken: token, baseUrl: `${url}/api/v1` });
  const all = (await census.listAllSources({ perPage: 10 })).map((source) => source.id);
  assert.ok(all.length > 10, 'more than one page');

  const older = shaped('next');
  const first = await older.listSources({ perPage: 10 });
  assert.equal(first.pagination, null);
  assert.equal(first.hasNextPage, true);
  assert.deepEqual((await older.listAllSources({ perPage: 10 })).map((source) => source.id), all);
  const iterated = [];
  for await (const source of older.iterateSources({ perPage: 10, concurrency: 4 })) iterated.push(source.id);
  assert.deepEqual(iterated, all);

  const bare = shaped('bare');
  const only = await bare.listSources({ perPage: 10 });
  assert.equal(only.pagination, null);
  assert.equal(only.hasNextPage, false);
  assert.equal(only.nextPage, null);
  assert.deepEqual(only.data.map((source) => source.id), all.slice(0, 10));
  // Nothing says more pages exist, so a listing is that page.
  assert.deepEqual((await bare.listAllSources({ perPage: 10 })).map((source) => source.id), all.slice(0, 10));
});

test('the redirect of a request with a body is not followed: the body goes nowhere else', async () => {
  const { createServer } = await import('node:http');
  const listen = (handler) => new Promise((ready) => {
    const server = createServer(handler).listen(0, '127.0.0.1', () => ready(server));
  });
  const reached = [];
  const elsewhere = await listen((request, response) => {
    reached.push(`${request.method} ${request.url} ${request.headers.authorization ?? 'no token'}`);
    response.writeHead(201, { 'content-type': 'application/json' }).end('{"status":"created","data":{"id":1}}');
  });
  const target = `http://127.0.0.1:${elsewhere.address().port}/collect`;
  const redirecting = await listen((request, response) => {
    response.writeHead(request.method === 'GET' ? 302 : 307, { location: target }).end();
  });
  try {
    const census = new CensusClient({ apiToken: token, baseUrl: `http://127.0.0.1:${redirecting.address().port}/api/v1` });
    const created = await census.createSource({ type: 'postgres', name: 'Redirected', credentials: { password: 'hunter2' } }).catch((error) => error);
    assert.ok(created instanceof CensusResponseError, String(created));
    assert.match(created.message, /redirect \(HTTP 307 to http:\/\/127\.0\.0\.1:\d+\/collect\), which the client does not follow/);
    assert.deepEqual(reached, [], 'the body did not go to the address the answer named');
    // A GET's redirect is followed, as Stitch's logs need, and fetch leaves the token behind.
    await census.getSource(12).catch(() => {});
    assert.deepEqual(reached, ['GET /collect no token']);
  } finally {
    redirecting.close();
    elsewhere.close();
  }
});

test('hooks: an async one that rejects cannot end the process, and an aborted call tells none', async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const census = new CensusClient({
      apiToken: token,
      baseUrl: `${url}/api/v1`,
      onRequest: async () => { throw new Error('metrics sink down'); },
      onResponse: async () => { throw new Error('metrics sink down'); },
    });
    const page = await census.listSources({ perPage: 1 });
    assert.equal(page.data.length, 1);
    await new Promise((settled) => setTimeout(settled, 50));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  const heard = [];
  const census = new CensusClient({
    apiToken: token,
    baseUrl: `${url}/api/v1`,
    onRequest: (info) => heard.push(['request', info.attempt]),
    onResponse: (info) => heard.push(['response', info.outcome]),
  });
  const aborted = await census.getSource(3, { signal: AbortSignal.abort() }).catch((error) => error);
  assert.equal(aborted.name, 'AbortError');
  assert.deepEqual(heard, [], 'nothing was sent, so no attempt was reported');
});

test('a network error keeps what fetch rejected with as its cause', async () => {
  const census = new CensusClient({ apiToken: token, baseUrl: 'http://127.0.0.1:1/api/v1', retry: false });
  const error = await census.getSource(3).catch((caught) => caught);
  assert.equal(error.name, 'CensusNetworkError');
  assert.ok(error.cause instanceof Error, String(error.cause));
  assert.match(String(error.cause.cause?.code ?? error.cause.message), /ECONNREFUSED|fetch failed/);
  const listed = await census.listAllSources().catch((caught) => caught);
  assert.equal(listed.name, 'CensusNetworkError');
  assert.ok(listed.cause instanceof Error, 'a listing keeps it too');
});

test('values whose reading throws are refused with a typed error naming where', async () => {
  const census = new CensusClient({ apiToken: token, baseUrl: `${url}/api/v1` });
  const refused = async (run) => {
    const error = await Promise.resolve().then(run).catch((caught) => caught);
    assert.ok(error instanceof CensusInputError, `${error?.name}: ${error?.message}`);
    return error;
  };
  const getter = await refused(() => census.createSource({ type: 'postgres', get name() { throw new Error('getter boom'); }, credentials: {} }));
  assert.match(getter.message, /getter boom/);
  const proxy = await refused(() => census.createSource({
    type: 'postgres', name: 'x', credentials: new Proxy({}, { ownKeys() { throw new Error('proxy boom'); } }),
  }));
  assert.equal(proxy.field, 'credentials');
  const options = await refused(() => census.listSources({ get signal() { throw new Error('signal boom'); } }));
  assert.equal(options.field, 'options');
  let deep = {};
  const root = deep;
  for (let i = 0; i < 5000; i += 1) deep = deep.a = {};
  await refused(() => census.createSource({ type: 'postgres', name: 'x', credentials: root }));
});

test('a test double made with an error class gets its code, status and cause', () => {
  const cause = new Error('socket hang up');
  const made = new CensusNotFoundError('source 12 was not found (HTTP 404)', { status: 404, cause });
  assert.ok(made instanceof CensusApiError);
  assert.equal(made.name, 'CensusNotFoundError');
  assert.equal(made.code, 'not_found');
  assert.equal(made.status, 404);
  assert.equal(made.cause, cause);
  assert.equal(new CensusTimeoutError('slow').code, 'timeout');
  assert.equal(new CensusAuthenticationError('no').code, 'unauthorized');
  assert.equal(new CensusInputError('perPage: too big').code, 'invalid_input');
  assert.equal(new CensusError('x').code, 'api_error');
  // A code given wins over the class's.
  assert.equal(new CensusError('x', { code: 'invalid_config' }).code, 'invalid_config');
  assert.equal(Object.hasOwn(new CensusError('x'), 'cause'), false);
});

test('a wrong token never shows up in the thrown object', async () => {
  const secret = 'tok_node_4d1e_secret';
  const census = new CensusClient({ apiToken: secret, baseUrl: `${url}/api/v1` });
  const error = await census.listSources().catch((e) => e);
  assert.ok(error instanceof CensusAuthenticationError);
  const everything = [error.message, error.stack, JSON.stringify(error), ...Object.values(error).map(String)].join(' ');
  assert.ok(!everything.includes(secret));
});

test('a body that echoes the token is quoted without it, even cut short or escaped', async () => {
  const secret = 'tok"SECRET\\987654321';
  const page = (body) => async () => new Response(body, { status: 502, headers: { 'content-type': 'text/html' } });
  const seen = [];
  // The excerpt of an unexpected body stops at 120 characters: once after the token's start,
  // once after all of it; and the token as a quoted string escapes it.
  for (const body of [`<html>${'x'.repeat(100)}${secret}</html>`, `<p>${secret}</p>`, `{"status":"weird","data":${JSON.stringify(secret)}}`]) {
    const census = new CensusClient({ apiToken: secret, baseUrl: `${url}/api/v1`, retry: false, fetch: page(body) });
    const error = await census.getSource(3).catch((e) => e);
    assert.ok(error instanceof CensusError, String(error));
    const everything = [error.message, error.stack, JSON.stringify(error), ...Object.values(error).map(String)].join(' ');
    for (const part of [secret, JSON.stringify(secret).slice(1, -1), secret.slice(0, 5), 'SECRET']) {
      assert.ok(!everything.includes(part), `${part} in ${error.message}`);
    }
    seen.push(error.message);
  }
  assert.match(seen[0], /\[redacted\]…/);
});

test('an injected fetch is called with a Request carrying the bearer header', async () => {
  const seen = [];
  const census = new CensusClient({
    apiToken: token,
    baseUrl: `${url}/api/v1`,
    fetch: (request) => { seen.push(request); return fetch(request); },
  });
  await census.getSource((await census.listSources({ perPage: 1 })).data[0].id);
  assert.equal(seen.length, 2);
  assert.ok(seen[1] instanceof Request);
  assert.match(seen[1].url, /\/api\/v1\/sources\/\d+$/);
  assert.equal(seen[1].headers.get('authorization'), `Bearer ${token}`);
  assert.equal(seen[1].method, 'GET');
});

// The runtime reads a body's bytes and copies them into wasm memory when they are valid UTF-8
// (past a BOM, which it drops); a body with a bad byte is decoded as res.json() would (U+FFFD)
// and its text's UTF-8 written into wasm memory instead, ASCII first, then with room for
// multi-byte characters (src/js/census.js, bodyOf and deliver): both paths, and both rounds.
test('bodies are checked and parsed as the fetch Response decoded them', async () => {
  const real = await fetch(`${url}/api/v1/sources?per_page=3`, { headers: { Authorization: `Bearer ${token}` } })
    .then((res) => res.json());
  assert.equal(real.data.length, 3);
  const names = ['é', '✓ naïve 名前 '.repeat(2000), `${'x'.repeat(100)}𝄞😀${'ü'.repeat(3)}`];
  const page = { ...real, data: real.data.map((source, i) => ({ ...source, name: names[i] })) };
  let body;
  const census = new CensusClient({
    apiToken: token,
    baseUrl: `${url}/api/v1`,
    fetch: () => Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })),
  });
  const encoder = new TextEncoder();
  const bytes = (...parts) => new Uint8Array(parts.flatMap((part) => [...(typeof part === 'string' ? encoder.encode(part) : part)]));

  body = JSON.stringify(page);
  assert.deepEqual((await census.listSources()).data.map((s) => s.name), names);
  // Non-ASCII first, so the first round stops at once.
  body = JSON.stringify({ ...page, ['ключ'.repeat(50)]: '值'.repeat(500) });
  assert.deepEqual((await census.listSources()).data.map((s) => s.name), names);

  body = bytes([0xef, 0xbb, 0xbf], JSON.stringify(page));
  assert.deepEqual((await census.listSources()).data.map((s) => s.name), names);

  const text = JSON.stringify(page).replace('"é"', '"\u0000bad"');
  const at = encoder.encode(text.slice(0, text.indexOf('\u0000'))).length;
  const raw = encoder.encode(text);
  raw[at] = 0xff; // not UTF-8: fetch reads it as U+FFFD
  body = raw;
  assert.equal((await census.listSources()).data[0].name, '\ufffdbad');
  // The same character sent as valid UTF-8 (EF BF BD) is read from the bytes as they came.
  body = JSON.stringify(page).replace('"é"', '"\ufffdgood"');
  assert.equal((await census.listSources()).data[0].name, '\ufffdgood');

  // A wrong member after thousands of multi-byte characters is found where it is.
  const wrong = structuredClone(page);
  wrong.data[2].id = '7';
  body = JSON.stringify(wrong);
  const error = await census.listSources().catch((e) => e);
  assert.ok(error instanceof CensusError, String(error));
  assert.equal(error.name, 'CensusResponseError');
  assert.match(error.message, /data\[2\]\.id: expected a non-negative integer, got "7"/);
});

test('arguments JSON cannot hold are named by what they are, and JS values still work', async () => {
  const census = new CensusClient({ apiToken: token, baseUrl: `${url}/api/v1` });
  const refusal = async (promise) => {
    const error = await promise.catch((e) => e);
    assert.ok(error instanceof CensusInputError, String(error));
    return [error.field, error.message];
  };
  assert.deepEqual(await refusal(census.getSource(() => 12)), ['id', 'id: expected a positive integer, got a function']);
  assert.deepEqual(await refusal(census.getSource(NaN)), ['id', 'id: expected a positive integer, got NaN']);
  assert.deepEqual(await refusal(census.getSource(12n)), ['id', 'id: expected a positive integer, got a bigint']);
  assert.deepEqual(await refusal(census.getSource(Symbol('12'))), ['id', 'id: expected a positive integer, got a symbol']);
  assert.deepEqual(
    await refusal(census.listSources({ signal: 'stop' })),
    ['signal', 'signal: expected an AbortSignal, got a string "stop"'],
  );
  assert.deepEqual(
    await refusal(census.listAllSources({ onProgress: new AbortController().signal })),
    ['onProgress', 'onProgress: expected a function, got an object'],
  );
  const cyclic = { user: 'u' };
  cyclic.again = cyclic;
  const [field, message] = await refusal(census.createSource({ type: 'postgres', credentials: cyclic }));
  assert.equal(field, 'credentials');
  assert.match(message, /^credentials: expected an object JSON can hold, but JSON\.stringify threw: /);
  assert.deepEqual(
    await refusal(census.createSource({ type: 'postgres', credentials: { port: 5432n } })),
    ['credentials', 'credentials: expected an object JSON can hold, but it holds a bigint'],
  );
  // A string JSON.stringify can only escape (an unpaired surrogate) is named where it is.
  const [nameField, nameMessage] = await refusal(census.getDestinationObject(18, 'x\ud800'));
  assert.equal(nameField, 'objectFullName');
  assert.match(nameMessage, /unpaired UTF-16 surrogate/);
  assert.deepEqual(
    await refusal(census.createSource({ type: 'postgres', credentials: { password: '\udc00p' } })),
    ['credentials', 'credentials: expected an object JSON can hold, but it holds a string with an unpaired UTF-16 surrogate, which is not Unicode text'],
  );
  // A well-formed pair is text like any other: refused for another reason, not this one.
  const [, emoji] = await refusal(census.createSource({ type: '', credentials: { password: '\ud83d\ude00' } }));
  assert.doesNotMatch(emoji, /surrogate/);
  // The real signal and callback are the caller's own, used as given.
  const reports = [];
  const all = await census.listAllSources({ perPage: 10, maxItems: 15, onProgress: (p) => reports.push(p) });
  assert.equal(all.length, 15);
  assert.ok(reports.length >= 2 && reports.every((p) => typeof p.pagesDone === 'number'), JSON.stringify(reports));
  const controller = new AbortController();
  controller.abort();
  const aborted = await census.listSources({ signal: controller.signal }).catch((e) => e);
  assert.equal(aborted.name, 'AbortError');
});

test("a caller's own string that starts with NUL is sent as given, never taken for one of the runtime's marks", async () => {
  const sent = [];
  const census = new CensusClient({
    apiToken: token,
    baseUrl: `${url}/api/v1`,
    fetch: async (request) => {
      sent.push({ url: request.url, body: await request.clone().text() });
      return fetch(request);
    },
  });
  const required = { hostname: 'db', port: 5432, database: 'd', password: 'p' };
  // The runtime marks what JSON cannot hold as a string starting with NUL ("\0function"); the
  // caller's own such strings must reach the API unchanged, wherever they are.
  const created = await census.createSource(
    { type: 'postgres', name: '\0function', credentials: { ...required, user: '\0signal', list: ['\0\0x', 'a"\0b'], '\0key': 1 } },
    { readBack: false },
  );
  assert.equal(typeof created.id, 'number');
  const body = JSON.parse(sent.at(-1).body);
  assert.equal(body.connection.name, '\0function');
  assert.deepEqual(body.connection.credentials, { ...required, user: '\0signal', list: ['\0\0x', 'a"\0b'], '\0key': 1 });
  // As a path argument: sent percent-encoded, answered by the API (no such type), not refused.
  const missing = await census.getSourceType('\0function').catch((e) => e);
  assert.equal(missing.name, 'CensusNotFoundError', String(missing));
  assert.match(sent.at(-1).url, /\/source_types\/%00function$/);
});

// A wait's status checks end with the wait: one cut short by its end is not retried past it
// (the attempts would have run on after the wait's timeoutMs), while one that fails early is
// still retried in the time left. An injected fetch plays the API, so nothing depends on timing
// but the wait's own.
test("a wait's status check is retried only within the wait's time", async () => {
  const checks = [];
  const census = (answerCheck) => new CensusClient({
    apiToken: 'token',
    baseUrl: 'https://census.test/api/v1',
    onRequest: ({ url: sent, attempt }) => {
      if (sent.includes('/refresh_tables_status')) checks.push(attempt);
    },
    fetch: (request) => (request.url.includes('/refresh_tables_status')
      ? answerCheck(request)
      : Promise.resolve(Response.json({ refresh_key: 7 }))),
  });
  // Never answers: only the attempt's timeout, which is the wait's end, stops it.
  const silent = (request) => new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason));
  });
  const timedOut = await census(silent).refreshTablesAndWait(12, { intervalMs: 50, timeoutMs: 400 })
    .catch((error) => error);
  assert.ok(timedOut instanceof CensusTimeoutError, String(timedOut));
  assert.match(timedOut.message, /^the table refresh of source 12 .* was still \w+ after \d+ ms/);
  assert.deepEqual(checks, [1]);

  checks.length = 0;
  let answers = 0;
  const flaky = () => Promise.resolve(answers++ === 0
    ? new Response('', { status: 503 })
    : Response.json({ status: 'completed' }));
  const done = await census(flaky).refreshTablesAndWait(12, { intervalMs: 50, timeoutMs: 5000 });
  assert.equal(done.status, 'completed');
  assert.deepEqual(checks, [1, 2]);
});

// A wait's timeoutMs bounds its start too, and a resumed wait checks at once: a job that ended
// while nobody waited resolves even when timeoutMs is shorter than intervalMs.
test('a wait bounds its start by timeoutMs, and a resumed wait checks at once', async () => {
  const sent = [];
  const census = (answer) => new CensusClient({
    apiToken: 'token',
    baseUrl: 'https://census.test/api/v1',
    onRequest: ({ url: path }) => { sent.push(new URL(path).pathname); },
    fetch: answer,
  });
  const never = (request) => new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason));
  });
  const began = performance.now();
  const stalled = await census(never).refreshTablesAndWait(12, { timeoutMs: 300 }).catch((error) => error);
  const took = performance.now() - began;
  assert.ok(stalled instanceof CensusTimeoutError, String(stalled));
  assert.ok(took >= 290 && took < 2000, `rejected after ${took} ms`);
  assert.deepEqual(sent, ['/api/v1/sources/12/refresh_tables']);

  sent.length = 0;
  const completed = () => Promise.resolve(Response.json({ status: 'completed' }));
  const resumed = await census(completed).waitForRefresh(12, 7, { timeoutMs: 300 });
  assert.equal(resumed.status, 'completed');
  assert.equal(resumed.attempts, 1);
  assert.deepEqual(sent, ['/api/v1/sources/12/refresh_tables_status']);
});

// A listing takes its listener off the caller's signal when it ends, and however many page
// requests it has in flight, its own signal carries one: Node warns past ten listeners.
test('listings leave no listeners on a reused signal and raise no listener warning', async () => {
  const { getEventListeners } = await import('node:events');
  const warnings = [];
  const onWarning = (warning) => warnings.push(warning.name);
  process.on('warning', onWarning);
  try {
    const census = new CensusClient({ apiToken: token, baseUrl: `${url}/api/v1` });
    const { signal } = new AbortController();
    for (let i = 0; i < 12; i += 1) await census.listAllSources({ perPage: 2, concurrency: 16, signal });
    for (let i = 0; i < 12; i += 1) {
      for await (const source of census.iterateSources({ perPage: 2, concurrency: 4, signal })) {
        if (source) break;
      }
    }
    assert.equal(getEventListeners(signal, 'abort').length, 0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings.filter((name) => name === 'MaxListenersExceededWarning'), []);

    // Iterators started and then dropped, never finished nor return()ed, let go of theirs once
    // they are collected.
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    // Thirty live iterators share one listener on the signal, held while any may be iterated.
    const shared = new AbortController().signal;
    for (let i = 0; i < 30; i += 1) await census.iterateSources({ perPage: 2, concurrency: 2, signal: shared }).next();
    assert.equal(getEventListeners(shared, 'abort').length, 1, 'held while they may be iterated');
    for (let round = 0; round < 20 && getEventListeners(shared, 'abort').length > 0; round += 1) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(getEventListeners(shared, 'abort').length, 0);
  } finally {
    process.off('warning', onWarning);
  }
});

// A Retry-After longer than maxDelayMs is not waited for (the call would hang): the error says
// how long the server asked and that it was more than maxDelayMs, and carries the wait, for a
// 503 as for a 429, in a call and in a listing (whose answers read a date against the clock).
test('a Retry-After longer than maxDelayMs is not retried, and the error says how long was asked', async () => {
  let sent = 0;
  const answering = (status, retryAfter) => new CensusClient({
    apiToken: 'token',
    baseUrl: 'https://census.test/api/v1',
    fetch: () => {
      sent += 1;
      return Promise.resolve(Response.json({ status: 'error', message: 'busy' }, { status, headers: { 'retry-after': retryAfter() } }));
    },
  });
  const unavailable = await answering(503, () => '3600').getSource(12).catch((error) => error);
  assert.ok(unavailable instanceof CensusApiError, String(unavailable));
  assert.equal(unavailable.status, 503);
  assert.equal(sent, 1, 'not retried');
  assert.match(unavailable.message, /^GET \/sources\/12 failed \(HTTP 503: busy\)\. The server asked to wait 3600 s \(Retry-After\), more than retry\.maxDelayMs \(10000 ms\), so the call was not retried/);
  assert.equal(unavailable.retryAfterMs, 3_600_000);

  sent = 0;
  const date = () => new Date(Date.now() + 120_000).toUTCString();
  const limited = await answering(429, date).listAllSources({ retry: { maxDelayMs: 5000 } }).catch((error) => error);
  assert.equal(limited.name, 'CensusRateLimitError', String(limited));
  assert.equal(sent, 1);
  assert.match(limited.message, /The server asked to wait 1(19|20) s \(Retry-After\), more than retry\.maxDelayMs \(5000 ms\)/);
  assert.ok(limited.retryAfterMs > 110_000 && limited.retryAfterMs <= 120_000, `retryAfterMs ${limited.retryAfterMs}`);

  // Retries off: the wait did not end them, so the message does not blame it.
  const off = await answering(503, () => '3600').getSource(12, { retry: false }).catch((error) => error);
  assert.equal(off.message, 'GET /sources/12 failed (HTTP 503: busy)');
  assert.equal(off.retryAfterMs, 3_600_000);
});

// return() while a next() waits for a page: the caller ended the iteration, so that next()
// ends it too, as a next() queued after an async generator's return() does, instead of
// rejecting as if an AbortSignal had ended it. The caller's own signal still rejects.
test('a next() pending when return() is called resolves done, and the page is cancelled', async () => {
  const cancelled = [];
  const census = new CensusClient({
    apiToken: token,
    baseUrl: `${url}/api/v1`,
    fetch: (request) => {
      if (new URL(request.url).searchParams.get('page') === '1') return fetch(request);
      // Later pages never come: only an abort ends them.
      return new Promise((_, reject) => {
        request.signal.addEventListener('abort', () => {
          cancelled.push(new URL(request.url).searchParams.get('page'));
          reject(request.signal.reason);
        });
      });
    },
  });
  const listing = () => census.iterateSources({ perPage: 2, concurrency: 1 });

  const iterator = listing();
  for (let i = 0; i < 2; i += 1) assert.equal((await iterator.next()).done, false);
  const pending = iterator.next();
  await new Promise((resolve) => setTimeout(resolve, 50)); // page 2 is in flight
  assert.deepEqual(await iterator.return(), { done: true, value: undefined });
  assert.deepEqual(await pending, { done: true, value: undefined });
  assert.deepEqual(cancelled, ['2']);
  assert.deepEqual(await iterator.next(), { done: true, value: undefined });

  // for await: a break while another consumer's next() waits.
  const shared = listing();
  const seen = [];
  let waiting;
  for await (const source of shared) {
    seen.push(source.id);
    if (seen.length === 2) {
      waiting = shared.next();
      await new Promise((resolve) => setTimeout(resolve, 50));
      break;
    }
  }
  assert.deepEqual(await waiting, { done: true, value: undefined });

  // The caller's signal is another matter: the pending next() rejects with an AbortError.
  const controller = new AbortController();
  const aborted = census.iterateSources({ perPage: 2, concurrency: 1, signal: controller.signal });
  await aborted.next();
  await aborted.next();
  const cut = aborted.next();
  await new Promise((resolve) => setTimeout(resolve, 50));
  controller.abort();
  const error = await cut.then(() => 'resolved', (caught) => caught);
  assert.equal(error.name, 'AbortError', String(error));
  assert.match(error.message, /aborted by its AbortSignal/);
});

// onProgress hears of pages answered or failed, never of a page cancelled: return() and the
// caller's signal end the listing with nothing new to report, so they report nothing. A page
// that really fails is reported (its totals kept) before the listing rejects.
test('a page cancelled by return() or an abort is not reported to onProgress', async () => {
  const census = (later) => new CensusClient({
    apiToken: token,
    baseUrl: `${url}/api/v1`,
    fetch: (request) => (new URL(request.url).searchParams.get('page') === '1' ? fetch(request) : later(request)),
  });
  // Later pages never come: only an abort ends them.
  const hanging = census((request) => new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason));
  }));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  const reports = [];
  const iterator = hanging.iterateSources({ perPage: 2, concurrency: 1, onProgress: (p) => reports.push(p) });
  for (let i = 0; i < 2; i += 1) assert.equal((await iterator.next()).done, false);
  const pending = iterator.next();
  await settle(); // page 2 is in flight
  await iterator.return();
  assert.deepEqual(await pending, { done: true, value: undefined });
  await settle();
  assert.equal(reports.length, 1, JSON.stringify(reports));
  assert.equal(reports[0].pagesDone, 1);

  reports.length = 0;
  const controller = new AbortController();
  const all = hanging.listAllSources({ perPage: 2, concurrency: 1, signal: controller.signal, onProgress: (p) => reports.push(p) });
  await settle();
  controller.abort();
  const aborted = await all.catch((error) => error);
  assert.equal(aborted.name, 'AbortError', String(aborted));
  assert.equal(reports.length, 1, JSON.stringify(reports));

  reports.length = 0;
  const failing = census(() => Promise.resolve(Response.json({ status: 'error', message: 'boom' }, { status: 500 })));
  const failed = await failing.listAllSources({ perPage: 2, concurrency: 1, onProgress: (p) => reports.push(p) })
    .catch((error) => error);
  assert.equal(failed.status, 500, String(failed));
  assert.equal(reports.length, 2, JSON.stringify(reports));
  assert.deepEqual(reports[1], reports[0], 'the failed page leaves the totals as they were');
});
