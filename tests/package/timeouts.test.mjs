// Per-attempt timeouts share one timer (`within` in src/js/census.js), set for the earliest
// deadline and moved only when an earlier one comes. What a caller must still see: each attempt
// ends at its own `timeoutMs`, whatever ran before or beside it, and a Node process neither
// exits while an attempt waits on its timeout nor stays open once the calls are done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CensusClient, CensusTimeoutError } from '../../pkg/node.mjs';
import { heldFetch as held } from './held-fetch.mjs';

const SOURCE = JSON.stringify({
  status: 'success',
  data: { id: 1, name: 's1', type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} },
});

const heldFetch = () => held(() => SOURCE);

/** When `promise` settles, in ms since `start`, and how. */
async function settledAt(promise, start) {
  try {
    const value = await promise;
    return { ms: performance.now() - start, value };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

test('a short timeout started after a long one ends at its own time', async () => {
  const held = heldFetch();
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: held.fetch });
  const start = performance.now();
  const long = settledAt(census.getSource(1, { timeoutMs: 60_000, retry: false }), start);
  const short = settledAt(census.getSource(1, { timeoutMs: 80, retry: false }), start);
  const { ms, error } = await short;
  assert.ok(error instanceof CensusTimeoutError, `the short call: ${error}`);
  assert.ok(ms >= 75 && ms < 2_000, `the short call ended after ${ms} ms`);
  // The long one still waits, and answers when its answer comes.
  assert.equal(held.waiting.size, 1);
  held.release();
  const late = await long;
  assert.equal(late.value?.id, 1, `the long call: ${late.error}`);
  census.free();
});

test('a long timeout started after a short one is not ended by the short one', async () => {
  const held = heldFetch();
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch: held.fetch });
  const start = performance.now();
  const short = settledAt(census.getSource(1, { timeoutMs: 50, retry: false }), start);
  const long = settledAt(census.getSource(1, { timeoutMs: 700, retry: false }), start);
  assert.ok((await short).error instanceof CensusTimeoutError);
  // Well after the short one's deadline, the long one still waits.
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(held.waiting.size, 1, 'the long call ended with the short one');
  const { ms, error } = await long;
  assert.ok(error instanceof CensusTimeoutError, `the long call: ${error}`);
  assert.ok(ms >= 690 && ms < 3_000, `the long call ended after ${ms} ms`);
  census.free();
});

test('many calls, each answered before its timeout, then one that times out: it still ends on time', async () => {
  let hold = false;
  const held = heldFetch();
  const fetch = (request) => (hold ? held.fetch(request) : Promise.resolve(new Response(SOURCE, { status: 200, headers: { 'content-type': 'application/json' } })));
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', fetch, timeoutMs: 150, retry: false });
  for (let i = 0; i < 200; i += 1) assert.equal((await census.getSource(1)).id, 1);
  hold = true;
  const start = performance.now();
  const { ms, error } = await settledAt(census.getSource(1), start);
  assert.ok(error instanceof CensusTimeoutError, `${error}`);
  assert.ok(ms >= 145 && ms < 2_000, `ended after ${ms} ms`);
  census.free();
});

/** Runs `code` (an ES module importing the package as `census-wasm`) in its own Node process. */
function runNode(code) {
  const entry = fileURLToPath(new URL('../../pkg/node.mjs', import.meta.url));
  const source = code.replace("'census-wasm'", JSON.stringify(entry));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.stderr.on('data', (chunk) => { out += chunk; });
    const killer = setTimeout(() => child.kill(), 20_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, out: out.trim(), ms: performance.now() - started });
    });
  });
}

test('a Node process exits once its calls are done, though their timeouts were long', async () => {
  const { code, out, ms } = await runNode(`
    import { CensusClient } from 'census-wasm';
    const body = ${JSON.stringify(SOURCE)};
    const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', timeoutMs: 60000,
      fetch: async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }) });
    for (let i = 0; i < 3; i += 1) await census.getSource(1);
    console.log('done');
  `);
  assert.equal(out, 'done');
  assert.equal(code, 0);
  assert.ok(ms < 15_000, `the process took ${ms} ms to exit`);
});

test('a Node process whose fetch never answers stays open until the timeout ends the call', async () => {
  const { code, out } = await runNode(`
    import { CensusClient } from 'census-wasm';
    // A fetch that holds nothing open: only the attempt's timeout keeps the process running.
    const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1',
      fetch: (request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))) });
    census.getSource(1, { timeoutMs: 300, retry: false }).then(
      () => console.log('answered'),
      (error) => console.log(error.name, error.code),
    );
  `);
  assert.equal(out, 'CensusTimeoutError timeout');
  assert.equal(code, 0);
});
