// Where the token never goes, through the package (found by an audit that tried to make it show
// up): another host, after `baseUrl: '/'` and a status URL whose path starts with `//`; a
// request URL, when the token is passed as a name; a network error's `cause`, however deep a
// fetch wrapper put the request's headers in it; `JSON.stringify` of the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { CensusClient, CensusInputError, CensusNetworkError } from '../../pkg/node.mjs';

const TOKEN = 'secret-token:Zq7x9K2mVb4Lp8Rt';
const shown = (error) => `${inspect(error, { showHidden: true, depth: 8 })}${JSON.stringify(error)}${error.stack}${inspect(error.cause, { showHidden: true, depth: 8 })}${JSON.stringify(error.cause)}`;

test("a status URL's path never names another host after baseUrl '/'", async () => {
  const urls = [];
  // Node's Request needs an absolute URL: the fetch sees what the client built, made absolute
  // the way a page at https://app.example would.
  const RequestBefore = globalThis.Request;
  globalThis.Request = class extends RequestBefore {
    constructor(input, init) {
      urls.push(String(input));
      super(new URL(input, 'https://app.example/'), init);
    }
  };
  try {
    const census = new CensusClient({
      apiToken: TOKEN,
      baseUrl: '/',
      retry: false,
      fetch: async () => new Response('{"status":"completed"}', { status: 200, headers: { 'content-type': 'application/json' } }),
    });
    await census.waitForSegment('https://app.getcensus.com/api/v1//evil.test:8080/steal', { timeoutMs: 1000 }).catch(() => {});
  } finally {
    globalThis.Request = RequestBefore;
  }
  assert.ok(urls.length > 0, 'a request was made');
  for (const url of urls) {
    assert.ok(!url.startsWith('//'), url);
    assert.equal(new URL(url, 'https://app.example/').host, 'app.example', url);
  }
});

test('the token given as a name is refused before any request', async () => {
  let sent = 0;
  const census = new CensusClient({ apiToken: TOKEN, baseUrl: 'https://census.example/api/v1', fetch: async () => { sent += 1; } });
  for (const call of [() => census.getSourceType(TOKEN), () => census.getConnector(`x${TOKEN}`)]) {
    const error = await call().catch((e) => e);
    assert.ok(error instanceof CensusInputError, String(error));
    assert.equal(error.field, 'serviceName');
    assert.ok(!shown(error).includes('Zq7x9K'), shown(error));
  }
  assert.equal(sent, 0);
});

test("a network error's cause is scrubbed however deep the token is, and left out of JSON", async () => {
  const causes = [
    (request) => new TypeError('fetch failed', { cause: { headers: { authorization: request.headers.get('authorization') } } }),
    (request) => new AggregateError([new Error(`sent ${request.headers.get('authorization')}`)], 'all failed'),
    (request) => Object.assign(new Error('failed'), { [Symbol('request')]: { auth: request.headers.get('authorization') } }),
    (request) => Object.assign(new Error('failed'), { toJSON: () => ({ header: request.headers.get('authorization') }) }),
    () => new Error(`token ${encodeURIComponent(TOKEN)} refused`),
  ];
  for (const make of causes) {
    const census = new CensusClient({
      apiToken: TOKEN,
      baseUrl: 'https://census.example/api/v1',
      retry: false,
      fetch: async (request) => { throw make(request); },
    });
    const error = await census.getSource(12).catch((e) => e);
    assert.ok(error instanceof CensusNetworkError, String(error));
    assert.ok(error.cause !== undefined, 'a cause is kept');
    assert.ok(!shown(error).includes('Zq7x9K'), shown(error));
    assert.ok(!Object.keys(error).includes('cause'), 'not enumerable');
  }
  // A cause that quotes nothing is kept as it was.
  const plain = new TypeError('fetch failed');
  const census = new CensusClient({ apiToken: TOKEN, baseUrl: 'https://census.example/api/v1', retry: false, fetch: async () => { throw plain; } });
  assert.equal((await census.getSource(12).catch((e) => e)).cause, plain);
});

test('a token URL-encoded by an answer or a fetch error is redacted whole, upper- or lower-case escapes', async () => {
  // Half of this token is `secret-token`, which its URL-encoded form starts with too.
  const token = 'secret-token:abcdef123456';
  for (const encoded of [encodeURIComponent(token), encodeURIComponent(token).replace('%3A', '%3a')]) {
    const answered = new CensusClient({ apiToken: token, retry: false, fetch: async () => new Response(JSON.stringify({ status: 'error', message: `bad ${encoded}` }), { status: 400, headers: { 'content-type': 'application/json' } }) });
    const thrown = new CensusClient({ apiToken: token, retry: false, fetch: async () => { throw new TypeError(`refused https://p/?auth=${encoded}`); } });
    for (const census of [answered, thrown]) {
      const error = await census.getSource(3).then(() => assert.fail('resolved'), (e) => e);
      const text = shown(error) + String(error.apiMessage);
      assert.ok(!text.includes('abcdef123456'), text);
      assert.match(error.message, /\[redacted\]/);
    }
  }
});
