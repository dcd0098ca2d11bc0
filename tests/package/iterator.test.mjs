// The async iterators as an async generator would behave (found by an audit against a reference
// generator): a pending next() keeps its iterator alive, return() from a hook ends the iteration,
// return(value) and throw(error) as a generator's, no item after the caller's signal aborted, and
// the next pages loading while a batch is used; a page that fails after pages still loading
// before it fails the listing only once their items are out, as page-after-page reading would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CensusClient, CensusAbortError, CensusApiError, CensusNetworkError } from '../../pkg/node.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** Sources 100 down to 1, `per_page` a page, each answer after `delayMs`; `sent` records pages. */
function pages({ delayMs = 0, sent = [] } = {}) {
  return async (request) => {
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 25);
    sent.push(page);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (request.signal.aborted) throw request.signal.reason;
    const last = Math.ceil(100 / perPage);
    const data = Array.from({ length: perPage }, (_, i) => 100 - (page - 1) * perPage - i)
      .filter((id) => id > 0)
      .map((id) => ({ id, name: `s${id}`, type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} }));
    const body = { status: 'success', data, pagination: { total_records: 100, page, per_page: perPage, last_page: last, prev_page: page > 1 ? page - 1 : null, next_page: page < last ? page + 1 : null } };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

const client = (fetch, options = {}) => new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch, ...options });

test('a pending next() keeps its iterator alive when nothing else holds it', async () => {
  const census = client(pages({ delayMs: 150 }));
  // Only the promise is kept, as `(await census.iterateSources().next()).value` keeps it.
  const pending = census.iterateSources({ perPage: 10 }).next();
  for (let i = 0; i < 5; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const first = await pending;
  assert.equal(first.done, false);
  assert.equal(first.value.id, 100);
});

test('return() called from a hook while a next() waits ends the iteration there', async () => {
  let iterator;
  const census = client(pages({ delayMs: 20 }), { onResponse: () => { if (returning) iterator.return(); } });
  let returning = false;
  iterator = census.iterateSources({ perPage: 5, concurrency: 1 });
  for (let i = 0; i < 5; i += 1) assert.equal((await iterator.next()).done, false);
  returning = true;
  assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  assert.deepEqual(await iterator.next(), { done: true, value: undefined });
});

test('return(value) and throw(error) behave as a generator\'s, through yield* too', async () => {
  const census = client(pages());
  const iterator = census.iterateSources({ perPage: 5 });
  await iterator.next();
  assert.deepEqual(await iterator.return(42), { done: true, value: 42 });
  const thrown = census.iterateSources({ perPage: 5 });
  await thrown.next();
  const mine = new Error('mine');
  await assert.rejects(thrown.throw(mine), (error) => error === mine);
  assert.deepEqual(await thrown.next(), { done: true, value: undefined });
  async function* outer() { yield* census.iterateSources({ perPage: 5 }); }
  const delegating = outer();
  await delegating.next();
  await assert.rejects(delegating.throw(mine), (error) => error === mine);
});

test('no item is handed out after the caller\'s signal aborted, even one already loaded', async () => {
  const census = client(pages());
  const controller = new AbortController();
  const iterator = census.iterateSources({ perPage: 5, signal: controller.signal });
  assert.equal((await iterator.next()).value.id, 100);
  controller.abort();
  await assert.rejects(iterator.next(), (error) => error instanceof CensusAbortError);
  assert.deepEqual(await iterator.next(), { done: true, value: undefined });
});

test('the next pages load while a batch is used', async () => {
  const sent = [];
  const census = client(pages({ sent }));
  const iterator = census.iterateSources({ perPage: 10, concurrency: 3 });
  assert.equal((await iterator.next()).value.id, 100);
  // The first batch came; pages 2 to 4 were asked for before any more items were.
  assert.deepEqual(sent, [1, 2, 3, 4]);
  const ids = [100];
  for await (const source of iterator) ids.push(source.id);
  assert.equal(ids.length, 100);
  assert.equal(new Set(ids).size, 100);
  assert.deepEqual(ids.slice(0, 3), [100, 99, 98]);
});

/** pages(), but `broken[page]` says how that page fails instead: after `ms`, with `error`. */
function failing(broken, options) {
  const answer = pages(options);
  return async (request) => {
    const page = Number(new URL(request.url).searchParams.get('page') ?? 1);
    const failure = broken[page];
    if (!failure) return answer(request);
    await new Promise((resolve) => setTimeout(resolve, failure.ms));
    if (failure.error) throw failure.error;
    return new Response(JSON.stringify({ status: 'error', message: `page ${page} broke` }), { status: 500, headers: { 'content-type': 'application/json' } });
  };
}

test('a failed page ends the listing after the items of the pages before it', async () => {
  // Page 3 fails at once while page 2 still loads: a generator reading page after page would
  // give pages 1 and 2 first, then throw.
  const slowTwo = (fetch) => async (request) => {
    if (new URL(request.url).searchParams.get('page') === '2') await new Promise((resolve) => setTimeout(resolve, 80));
    return fetch(request);
  };
  const census = client(slowTwo(failing({ 3: { ms: 0 }, 4: { ms: 10, error: new TypeError('page 4 offline') } })), { retry: false });
  const ids = [];
  await assert.rejects(async () => {
    for await (const source of census.iterateSources({ perPage: 10, concurrency: 4 })) ids.push(source.id);
  }, (error) => error instanceof CensusApiError && error.status === 500 && /page 3 broke/.test(error.message));
  assert.equal(ids.length, 20);
  assert.deepEqual([ids[0], ids[19]], [100, 81]);

  // The earliest page that failed is the error, with its own cause, whatever came first.
  const three = new TypeError('page 3 offline');
  const five = new TypeError('page 5 offline');
  const network = client(slowTwo(failing({ 3: { ms: 30, error: three }, 5: { ms: 0, error: five } })), { retry: false });
  const got = [];
  await assert.rejects(async () => {
    for await (const source of network.iterateSources({ perPage: 10, concurrency: 4 })) got.push(source.id);
  }, (error) => error instanceof CensusNetworkError && error.cause === three);
  assert.equal(got.length, 20);
  // listAll rejects with the same error.
  await assert.rejects(network.listAllSources({ perPage: 10, concurrency: 4 }), (error) => error.cause === three);
});
