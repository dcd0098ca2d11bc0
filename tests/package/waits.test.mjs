// Waits as a user sees them (found by an audit of every …AndWait method): a job that ends
// shortly before timeoutMs is seen ending, a check that says the job failed is reported before
// the wait rejects, a bare `{"status": "error"}` names the state, a status check the jobs limit
// would hold past the wait's end fails the wait at once and says why, and an interval's least
// value is its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CensusClient, StitchClient, CensusApiError, CensusInputError, CensusTimeoutError } from '../../pkg/node.mjs';

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A table refresh of source 3 that says `states(elapsedMs)` at each status check. */
function refreshing(states) {
  let started;
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.endsWith('/refresh_tables')) {
      started = Date.now();
      return json({ refresh_key: 7 });
    }
    if (pathname.endsWith('/refresh_tables_status')) return json(states(Date.now() - started));
    return json({ status: 'not_found', message: 'no route' }, 404);
  };
}

const census = (fetch) => new CensusClient({ apiToken: 'secret-token:waits', baseUrl: 'https://census.example/api/v1', fetch });

test('a job that completes shortly before timeoutMs is seen completing', async () => {
  // Completed from 1.25 s on; timeoutMs 1.5 s. The last check used to go a quarter of the limit
  // before the end (1.125 s) and the wait then rejected, though the job ended in time.
  const client = census(refreshing((ms) => ({ status: ms >= 1250 ? 'completed' : 'processing' })));
  const began = Date.now();
  const done = await client.refreshTablesAndWait(3, { intervalMs: 400, timeoutMs: 1500 });
  assert.equal(done.status, 'completed');
  assert.ok(Date.now() - began <= 1600, `resolved after ${Date.now() - began} ms`);
});

test('the check that says the job failed is reported before the wait rejects', async () => {
  for (const body of [{ status: 'failed' }, { status: 'error' }]) {
    const reports = [];
    const client = census(refreshing((ms) => (ms >= 150 ? body : { status: 'processing' })));
    await assert.rejects(
      client.refreshTablesAndWait(3, { intervalMs: 100, onProgress: (p) => reports.push(p.state) }),
      (error) => error instanceof CensusApiError
        && error.message.includes(`(refresh_key 7) ended with status "${body.status}"`),
    );
    assert.equal(reports.at(-1), body.status, JSON.stringify(reports));
  }
});

test('an interval is refused with its own least value', async () => {
  const client = census(refreshing(() => ({ status: 'completed' })));
  for (const option of ['intervalMs', 'maxIntervalMs']) {
    await assert.rejects(client.refreshTablesAndWait(3, { [option]: -1 }), (error) => error instanceof CensusInputError
      && error.field === option
      && /from 10 to 2147483647, got -1/.test(error.message)
      && !error.message.includes('no timeout'));
  }
});

test('a status check the jobs limit holds past the wait\'s end fails the wait at once, saying why', async () => {
  const sent = [];
  const stitch = new StitchClient({
    accessToken: 'stitch-token-for-waits',
    baseUrl: 'https://stitch.example',
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      sent.push(`${request.method} ${pathname}`);
      if (pathname === '/v4/sources/5/sync') return json({ job_name: '9.5.sync.new' });
      if (pathname === '/v4/sources/5') return json({ id: 5, stitch_client_id: 9 });
      if (pathname === '/v4/9/extractions') return json({ data: [{ source_id: 5, job_name: '9.5.sync.old', completion_time: '2026-01-01T00:00:00Z', tap_exit_status: 0 }], page: 1, total: 1, links: {} });
      return json({ error: 'no route' }, 404);
    },
  });
  // The client's 30 job requests of the last 10 minutes are used up.
  for (let i = 0; i < 30; i += 1) await stitch.listExtractions(9);
  const began = Date.now();
  await assert.rejects(stitch.startReplicationAndWait(5, { intervalMs: 100, timeoutMs: 8000 }), (error) => {
    assert.ok(error instanceof CensusTimeoutError, error.name);
    assert.match(error.message, /still started after \d+ ms and 0 status checks, and its next status check failed: GET \/v4\/9\/extractions would wait \d+ ms for a slot under Stitch's jobs limit/);
    assert.match(error.message, /it may still finish/);
    return true;
  });
  assert.ok(Date.now() - began < 3000, `rejected after ${Date.now() - began} ms, not at the deadline`);
  assert.equal(sent.filter((line) => line === 'GET /v4/9/extractions').length, 30, 'no extraction read past the limit');
});
