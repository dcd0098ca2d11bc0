// A client's lifetime as a Node user holds it: free() twice is fine (as `using` after an explicit
// free() is), and a call on a freed client throws a CensusError rather than a wasm-bindgen one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CensusClient, CensusError } from '../../pkg/node.mjs';

test('freeing twice does nothing the second time', () => {
  const census = new CensusClient({ apiToken: 't', baseUrl: 'http://127.0.0.1:9/api/v1' });
  census.free();
  census.free();
  if (typeof Symbol.dispose === 'symbol') census[Symbol.dispose]();
});

test('the prototypes hold free, baseUrl and Symbol.dispose as a class holds its members: not enumerable', { skip: typeof Symbol.dispose !== 'symbol' && 'no Symbol.dispose' }, async () => {
  const { StitchClient } = await import('../../pkg/node.mjs');
  for (const Client of [CensusClient, StitchClient]) {
    for (const key of ['free', 'baseUrl', 'getSource' in Client.prototype ? 'getSource' : 'listSources', Symbol.dispose]) {
      const member = Object.getOwnPropertyDescriptor(Client.prototype, key);
      assert.ok(member, `${Client.name}.prototype[${String(key)}]`);
      assert.equal(member.enumerable, false, `${Client.name}.prototype[${String(key)}]`);
    }
    assert.equal(Client.prototype[Symbol.dispose], Client.prototype.free);
  }
});

test('a call on a freed client is a CensusError saying so', async () => {
  const census = new CensusClient({ apiToken: 't', baseUrl: 'http://127.0.0.1:9/api/v1' });
  census.free();
  const error = await census.getSource(1).catch((thrown) => thrown);
  assert.ok(error instanceof CensusError, String(error));
  assert.match(error.message, /freed/);
  // What the README's error table says of it: CensusError itself, invalid_config, no field.
  assert.equal(error.constructor, CensusError);
  assert.equal(error.code, 'invalid_config');
  assert.equal(error.field, undefined);
  assert.throws(() => census.iterateSources(), CensusError);
  // What it was made with stays readable.
  assert.equal(census.baseUrl, 'http://127.0.0.1:9/api/v1');
});

/** A table refresh that never completes and a list of 100 sources, counting the requests. */
function server(sent) {
  return async (request) => {
    const url = new URL(request.url);
    sent.push(url.pathname);
    const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    if (url.pathname.endsWith('/refresh_tables')) return json({ refresh_key: 7 });
    if (url.pathname.endsWith('/refresh_tables_status')) return json({ status: 'processing' });
    const page = Number(url.searchParams.get('page') ?? 1);
    const data = Array.from({ length: 10 }, (_, i) => ({ id: 101 - page * 10 + i, name: 's', type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} }));
    return json({ status: 'success', data, pagination: { total_records: 100, page, per_page: 10, last_page: 10, prev_page: null, next_page: page < 10 ? page + 1 : null } });
  };
}

test('free() stops the waits and listings of the client still running: no request goes out after it', async () => {
  const sent = [];
  const census = new CensusClient({ apiToken: 'secret-token:free', baseUrl: 'https://census.example/api/v1', fetch: server(sent) });
  const controller = new AbortController();
  const waits = [
    census.refreshTablesAndWait(3, { intervalMs: 20 }),
    census.refreshTablesAndWait(3, { intervalMs: 20, signal: controller.signal }),
  ];
  const iterator = census.iterateSources({ perPage: 10, concurrency: 1 });
  assert.equal((await iterator.next()).done, false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  census.free();
  const count = sent.length;
  for (const wait of waits) {
    const error = await wait.then(() => assert.fail('resolved'), (thrown) => thrown);
    assert.equal(error.constructor, CensusError, String(error));
    assert.match(error.message, /was freed while a call of it ran/);
  }
  const error = await iterator.next().then(() => assert.fail('resolved'), (thrown) => thrown);
  assert.match(error.message, /was freed/);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(sent.length, count, 'requests after free()');
  assert.equal(controller.signal.aborted, false, "the caller's own signal is left alone");
});

test('a method taken off its client says so', async () => {
  const census = new CensusClient({ apiToken: 't', baseUrl: 'http://127.0.0.1:9/api/v1' });
  const { getSource, iterateSources } = census;
  const error = await getSource(1).catch((thrown) => thrown);
  assert.ok(error instanceof CensusError, String(error));
  assert.match(error.message, /getSource was called without its CensusClient/);
  assert.throws(() => iterateSources(), /iterateSources was called without its CensusClient/);
  await assert.rejects([1].map(census.getSource)[0], /without its CensusClient/);
});

test('a base URL fetch cannot use is refused when the client is made', () => {
  for (const baseUrl of ['http://localhost:99999/api/v1', '/census/api/v1']) {
    assert.throws(() => new CensusClient({ apiToken: 't', baseUrl }), (error) => error instanceof CensusError
      && error.field === 'baseUrl' && /cannot be fetched here/.test(error.message), baseUrl);
  }
});

test('options whose members a plain read would drop are refused, not read as empty', async () => {
  class Config { get apiToken() { return 'secret-token:getter'; } }
  for (const options of [new Config(), Object.create({ apiToken: 'secret-token:inherited' })]) {
    assert.throws(() => new CensusClient(options), (error) => error instanceof CensusError
      && error.field === 'options' && /expected a plain object/.test(error.message) && !error.message.includes('secret-token'));
  }
  const census = new CensusClient({ apiToken: 't', baseUrl: 'http://127.0.0.1:9/api/v1' });
  class CallOptions { get timeoutMs() { return 5; } }
  await assert.rejects(census.getSource(1, new CallOptions()), (error) => error.field === 'options');
  // A plain object of another realm is plain.
  const { runInNewContext } = await import('node:vm');
  assert.doesNotThrow(() => new CensusClient(runInNewContext('({ apiToken: "t", baseUrl: "http://127.0.0.1:9/api/v1" })')));
});
