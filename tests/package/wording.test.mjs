// Errors of mistakes a caller makes in JavaScript, as the package words them: the token given
// where the options belong is never quoted, a getter that throws is named as the option it is,
// and a fetch option that resolves to something other than a Response is a configuration error
// naming `fetch`, not a network failure (the native tests, tests/error_wording.rs, cover the
// rest of the wording).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { CensusClient, StitchClient, CensusInputError } from '../../pkg/node.mjs';

const SOURCE = JSON.stringify({
  status: 'success',
  data: { id: 12, name: 'Prod', type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} },
});

const shown = (error) => `${inspect(error, { showHidden: true, depth: 5 })}${JSON.stringify(error)}${error.stack}`;

test('a token given as the options is refused without being quoted', () => {
  for (const [Client, option] of [[CensusClient, 'apiToken'], [StitchClient, 'accessToken']]) {
    let error;
    try {
      new Client('secret-token:abc123');
    } catch (thrown) {
      error = thrown;
    }
    assert.ok(error instanceof CensusInputError, String(error));
    assert.equal(error.field, 'options');
    assert.match(error.message, new RegExp(`such as \\{ ${option}, baseUrl \\}, got a string$`));
    assert.ok(!shown(error).includes('abc123'), shown(error));
  }
});

test('an option whose getter throws is named, and said plainly', async () => {
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: () => assert.fail('nothing is sent') });
  const options = { retry: false, get timeoutMs() { throw new Error('getter broke'); } };
  const error = await census.getSource(12, options).catch((e) => e);
  assert.ok(error instanceof CensusInputError, String(error));
  assert.equal(error.field, 'timeoutMs');
  assert.equal(error.message, 'timeoutMs: expected a number of milliseconds, got a value that threw when read (getter broke)');
});

test('a fetch option that resolves to no Response is a configuration error, tried once', async () => {
  for (const [value, said] of [[undefined, 'undefined'], [null, 'null'], [{}, 'object'], ['{}', 'string']]) {
    let calls = 0;
    const census = new CensusClient({
      apiToken: 'secret-token:abc',
      baseUrl: 'https://census.example/api/v1',
      fetch: async () => { calls += 1; return value; },
    });
    const error = await census.getSource(12).catch((e) => e);
    assert.ok(error instanceof CensusInputError, `${said}: ${error}`);
    assert.equal(error.code, 'invalid_config');
    assert.equal(error.field, 'fetch');
    assert.equal(error.message, `fetch: fetch resolved to ${said}, not a Response`);
    assert.equal(calls, 1, 'a mistake in the fetch option is not retried');
  }
  // A real Response still goes through.
  const census = new CensusClient({
    apiToken: 'secret-token:abc',
    baseUrl: 'https://census.example/api/v1',
    fetch: async () => new Response(SOURCE, { status: 200, headers: { 'content-type': 'application/json' } }),
  });
  assert.equal((await census.getSource(12)).id, 12);
});

test('a fetch option that throws a ReferenceError or a SyntaxError has a bug: named, not retried, its error the cause', async () => {
  for (const [bug, name] of [[() => tokn, 'ReferenceError'], [() => JSON.parse('{'), 'SyntaxError'], [() => new Response('', { status: 600 }), 'RangeError']]) {
    let calls = 0;
    let thrown;
    const census = new CensusClient({
      apiToken: 'secret-token:abc',
      baseUrl: 'https://census.example/api/v1',
      fetch: async () => {
        calls += 1;
        try {
          bug();
        } catch (error) {
          thrown = error;
          throw error;
        }
      },
    });
    for (const call of [() => census.getSource(12), () => census.listAllSources({ perPage: 2 })]) {
      calls = 0;
      const error = await call().catch((e) => e);
      assert.ok(error instanceof CensusInputError, `${name}: ${error}`);
      assert.equal(error.code, 'invalid_config');
      assert.equal(error.field, 'fetch');
      assert.match(error.message, new RegExp(`^fetch: the fetch option threw ${name}: .*a bug in it rather than a network failure, so the request was not tried again$`));
      assert.equal(error.cause, thrown, 'what it threw, with its stack');
      assert.equal(calls, 1, 'not retried');
    }
  }
  // A network failure (a TypeError, or another library's own Error) is still retried.
  let calls = 0;
  const census = new CensusClient({
    apiToken: 'secret-token:abc',
    baseUrl: 'https://census.example/api/v1',
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    fetch: async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed');
      if (calls === 2) throw Object.assign(new Error('request to https://census.example failed'), { name: 'FetchError', type: 'system' });
      return new Response(SOURCE, { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  assert.equal((await census.getSource(12)).id, 12);
  assert.equal(calls, 3);
});

test("an error's stack reaches the caller's line, without the wasm's frames", async () => {
  const census = new CensusClient({ apiToken: 'secret-token:stack', baseUrl: 'https://census.example/api/v1', fetch: async () => { throw new Error('no'); } });
  const thrown = await census.getSource().catch((error) => error);
  assert.match(thrown.stack, /wording\.test\.mjs/);
  assert.doesNotMatch(thrown.stack, /wasm-function\[/);
  assert.equal(Error.stackTraceLimit, 10, 'the limit is put back');
});

test('an argument after the options is refused, not dropped with the signal or timeout it holds', async () => {
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: () => assert.fail('nothing is sent') });
  const { signal } = new AbortController();
  // stripe-node's list(params, options): here listSources' one options object holds both.
  const listed = await census.listSources({ perPage: 50 }, { signal }).catch((e) => e);
  assert.ok(listed instanceof CensusInputError, String(listed));
  assert.equal(listed.field, 'arguments');
  assert.equal(listed.message, 'arguments: listSources takes its options (signal, timeoutMs and retry among them) as argument 1, the last, but was given 2');
  const got = await census.getSource(3, {}, { timeoutMs: 5 }).catch((e) => e);
  assert.equal(got.message, 'arguments: getSource takes its options (signal, timeoutMs and retry among them) as argument 2, the last, but was given 3');
  assert.throws(() => census.iterateSources({}, { signal }), { name: 'CensusInputError', field: 'arguments' });
});

test('a 401 to a client made without a token says that it sent none', async () => {
  const refuse = async () => new Response('{"status":"error","message":"Invalid credentials"}', { status: 401, headers: { 'content-type': 'application/json' } });
  // `apiToken: process.env.CENSUS_API_TOKEN`, the variable unset.
  const without = new CensusClient({ apiToken: undefined, fetch: refuse });
  const error = await without.listSources().catch((e) => e);
  assert.equal(error.name, 'CensusAuthenticationError');
  assert.match(error.message, /; this client has no token, so it sent none$/);
  const stitch = await new StitchClient({ fetch: refuse }).listSources().catch((e) => e);
  assert.match(stitch.message, /; this client has no token, so it sent none$/);
  const wrong = await new CensusClient({ apiToken: 'secret-token:abc', fetch: refuse }).listSources().catch((e) => e);
  assert.equal(wrong.name, 'CensusAuthenticationError');
  assert.doesNotMatch(wrong.message, /no token/);
});

test("Node's network errors say why, not only fetch's \"fetch failed\", and not CORS, which only browsers have", async () => {
  // Node's fetch rejects with TypeError("fetch failed"), the reason in its cause. A port
  // just closed refuses the connection.
  const port = await new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: `http://127.0.0.1:${port}/api/v1`, retry: false });
  const error = await census.listSources().catch((e) => e);
  assert.equal(error.name, 'CensusNetworkError');
  assert.equal(error.message, `GET /sources could not reach http://127.0.0.1:${port}/api/v1/sources: TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:${port}). The server may be down or unreachable`);
  const stitch = await new StitchClient({ accessToken: 'secret-token:abc', baseUrl: `http://127.0.0.1:${port}`, retry: false }).listSources().catch((e) => e);
  assert.equal(stitch.name, 'CensusNetworkError');
  assert.match(stitch.message, /ECONNREFUSED.*\. The server may be down or unreachable$/);
  // A cause that is no Error adds nothing.
  const odd = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', retry: false, fetch: async () => { throw new TypeError('fetch failed', { cause: 42 }); } });
  assert.match((await odd.listSources().catch((e) => e)).message, /: TypeError: fetch failed\. /);
});

test('a client called without new says to use new, naming its class', () => {
  for (const [Client, name] of [[CensusClient, 'CensusClient'], [StitchClient, 'StitchClient']]) {
    for (const call of [() => Client({ baseUrl: 'https://census.example/api/v1' }), () => Client.call({}, {})]) {
      assert.throws(call, (error) => {
        assert.ok(error instanceof TypeError, String(error));
        assert.equal(error.message, `${name} is a class: create it with new ${name}({ … })`);
        return true;
      });
    }
    // With new, and as a base class, it is what it was.
    const client = new Client({ baseUrl: 'https://census.example/api/v1' });
    assert.equal(client.constructor, Client);
    assert.equal(client.baseUrl, 'https://census.example/api/v1');
    assert.deepEqual(Object.keys(client), []);
    assert.equal(typeof client.free, 'function');
    client.free();
    class Mine extends Client {}
    const mine = new Mine({ baseUrl: 'https://census.example/api/v1' });
    assert.ok(mine instanceof Client && mine instanceof Mine);
    assert.equal(typeof mine.listSources, 'function');
    mine.free();
  }
});

test('a page number is refused in one wording, whatever is wrong with it', async () => {
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: () => assert.fail('nothing is sent') });
  for (const [page, got] of [['2', 'a string "2"'], [0, 'the number 0'], [-1, 'the number -1'], [1.5, 'the number 1.5']]) {
    const error = await census.listSources({ page }).catch((e) => e);
    assert.ok(error instanceof CensusInputError, String(error));
    assert.equal(error.field, 'page');
    assert.equal(error.message, `page: expected an integer ≥ 1, got ${got}`);
  }
  const stitch = new StitchClient({ accessToken: 'secret-token:abc', baseUrl: 'https://stitch.example', fetch: () => assert.fail('nothing is sent') });
  for (const page of [0, '2']) {
    const error = await stitch.listExtractions(3, { page }).catch((e) => e);
    assert.equal(error.field, 'page', String(error));
    assert.match(error.message, /^page: expected an integer ≥ 1, got /);
  }
});

test('an id given as a string of digits is refused, saying to pass a number', async () => {
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: () => assert.fail('nothing is sent') });
  const error = await census.getSource('3').catch((e) => e);
  assert.ok(error instanceof CensusInputError, String(error));
  assert.equal(error.field, 'id');
  assert.equal(error.message, 'id: expected a positive integer, got a string "3"; pass a number, e.g. Number(id)');
  // Only where Number() would give an id.
  for (const id of ['abc', ' 3', '3.5', '0', '']) {
    const other = await census.getSource(id).catch((e) => e);
    assert.equal(other.message, `id: expected a positive integer, got a string ${JSON.stringify(id)}`);
  }
});
