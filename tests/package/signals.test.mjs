// One AbortSignal shared by many calls and listings, as a page's "cancel everything" button
// or a batch job's deadline has it: the runtime adds one listener to it, not one per call
// (Node warns past ten, taking them for a leak), takes it off when the last call ends, and
// an abort still reaches every call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { CensusClient, CensusAbortError, CensusTimeoutError } from '../../pkg/node.mjs';
import { heldFetch as held } from './held-fetch.mjs';

const SOURCE = (id) => JSON.stringify({
  status: 'success',
  data: { id, name: `s${id}`, type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} },
});

function page(n, perPage = 2, pages = 3) {
  const data = Array.from({ length: perPage }, (_, i) => JSON.parse(SOURCE((n - 1) * perPage + i + 1)).data);
  return JSON.stringify({
    status: 'success',
    data,
    pagination: { total_records: perPage * pages, page: n, per_page: perPage, last_page: pages, prev_page: n > 1 ? n - 1 : null, next_page: n < pages ? n + 1 : null },
  });
}

/** A held fetch answering a list of sources with its page and a source with itself. */
const heldFetch = () => held((url) => (url.pathname.endsWith('/sources')
  ? page(Number(url.searchParams.get('page') ?? 0) || 1)
  : SOURCE(Number(url.pathname.split('/').pop()))));

function warnings(t) {
  const seen = [];
  const onWarning = (warning) => seen.push(warning);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  return seen;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

test('fifty calls and twenty listings on one signal: one listener, no warning, none left', async (t) => {
  const seen = warnings(t);
  const held = heldFetch();
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: held.fetch });
  const controller = new AbortController();
  const { signal } = controller;
  const calls = Array.from({ length: 50 }, (_, i) => census.getSource(i + 1, { signal }));
  const listings = Array.from({ length: 20 }, () => census.listAllSources({ perPage: 2, signal }));
  await settle();
  assert.ok(held.waiting.size >= 50, `${held.waiting.size} requests in flight`);
  assert.equal(getEventListeners(signal, 'abort').length, 1);
  // Answer every page until all is done.
  const all = Promise.all([...calls, ...listings]);
  for (let i = 0; i < 10 && held.waiting.size > 0; i += 1) {
    held.release();
    await settle();
  }
  const results = await all;
  assert.equal(results.slice(0, 50).map((s) => s.id).join(), Array.from({ length: 50 }, (_, i) => i + 1).join());
  for (const items of results.slice(50)) assert.equal(items.length, 6);
  assert.equal(getEventListeners(signal, 'abort').length, 0, 'the listener is taken off at the end');
  assert.deepEqual(seen.filter((w) => w.name === 'MaxListenersExceededWarning'), []);
});

test('an abort of the shared signal reaches every call, listing and backoff wait', async (t) => {
  const seen = warnings(t);
  const held = heldFetch();
  let unavailable = 0;
  // Half of the calls get a 503 and wait to retry; the rest wait for their answer.
  const fetch = (request) => {
    if (request.url.endsWith('/sources/1') || /\/sources\/\d*[02468]$/.test(request.url)) {
      unavailable += 1;
      return Promise.resolve(new Response('{"status":"error","message":"busy"}', { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '30' } }));
    }
    return held.fetch(request);
  };
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch, retry: { maxDelayMs: 60_000 } });
  const controller = new AbortController();
  const { signal } = controller;
  const calls = Array.from({ length: 30 }, (_, i) => census.getSource(i + 1, { signal }).catch((e) => e));
  const iterator = census.iterateSources({ perPage: 2, signal });
  const first = iterator.next().catch((e) => e);
  const listings = Array.from({ length: 12 }, () => census.listAllSources({ perPage: 2, signal }).catch((e) => e));
  await settle();
  assert.ok(unavailable > 0, 'some calls are in their backoff wait');
  assert.equal(getEventListeners(signal, 'abort').length, 1);
  controller.abort();
  const ended = await Promise.all([...calls, first, ...listings]);
  for (const error of ended) assert.ok(error instanceof CensusAbortError, String(error));
  assert.equal(getEventListeners(signal, 'abort').length, 0);
  assert.deepEqual(seen.filter((w) => w.name === 'MaxListenersExceededWarning'), []);
});

test('a signal used again after its calls ended is watched again', async () => {
  const held = heldFetch();
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: held.fetch });
  const controller = new AbortController();
  const { signal } = controller;
  const done = census.getSource(7, { signal });
  await settle();
  held.release();
  assert.equal((await done).id, 7);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
  const again = census.getSource(8, { signal }).catch((e) => e);
  await settle();
  assert.equal(getEventListeners(signal, 'abort').length, 1);
  controller.abort();
  assert.ok((await again) instanceof CensusAbortError);
});

test("an abort keeps the signal's reason as its cause: a call, a backoff wait, a listing, an iterator", async () => {
  const held = heldFetch();
  const fetch = (request) => (request.url.endsWith('/sources/2')
    ? Promise.resolve(new Response('{"status":"error","message":"busy"}', { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '30' } }))
    : held.fetch(request));
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch, retry: { maxDelayMs: 60_000 } });
  const controller = new AbortController();
  const { signal } = controller;
  const pending = [
    census.getSource(1, { signal }),
    census.getSource(2, { signal }),
    census.listAllSources({ perPage: 2, signal }),
    census.iterateSources({ perPage: 2, signal }).next(),
  ].map((call) => call.then(() => assert.fail('resolved'), (e) => e));
  await settle();
  const reason = new Error('the user left the page');
  controller.abort(reason);
  for (const error of await Promise.all(pending)) {
    assert.ok(error instanceof CensusAbortError, String(error));
    assert.equal(error.code, 'aborted');
    assert.equal(error.cause, reason);
  }
  // Already aborted when the call is made: the same.
  const early = await census.getSource(3, { signal }).catch((e) => e);
  assert.ok(early instanceof CensusAbortError);
  assert.equal(early.cause, reason);
  // With no reason given, the signal's own (an AbortError DOMException) is the cause.
  const plain = new AbortController();
  const call = census.getSource(4, { signal: plain.signal }).catch((e) => e);
  await settle();
  plain.abort();
  const error = await call;
  assert.ok(error instanceof CensusAbortError);
  assert.equal(error.cause, plain.signal.reason);
  assert.equal(error.cause.name, 'AbortError');
});

test('an AbortSignal.timeout() that runs out rejects as a CensusTimeoutError, its TimeoutError the cause', async () => {
  const held = heldFetch();
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: held.fetch });
  const calls = [
    census.getSource(1, { signal: AbortSignal.timeout(30) }),
    census.listAllSources({ perPage: 2, signal: AbortSignal.timeout(30) }),
    census.iterateSources({ perPage: 2, signal: AbortSignal.timeout(30) }).next(),
  ].map((call) => call.then(() => assert.fail('resolved'), (e) => e));
  for (const error of await Promise.all(calls)) {
    assert.ok(error instanceof CensusTimeoutError, String(error));
    assert.equal(error.code, 'timeout');
    assert.equal(error.name, 'CensusTimeoutError');
    assert.equal(error.cause?.name, 'TimeoutError');
    assert.match(error.message, /was stopped by its AbortSignal's timeout/);
    assert.doesNotMatch(error.message, /secret-token/);
  }
  assert.equal(held.waiting.size, 0, 'the requests were cancelled');
});
