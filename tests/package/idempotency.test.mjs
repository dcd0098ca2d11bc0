// Nothing done twice, through the package: an answer whose status came and whose body then
// broke off is sent again only where the request does the same work however often it is sent
// (GET, PUT, DELETE); a POST's is never sent again, even with `retryNonIdempotent`, and a 2xx
// one rejects as accepted (`CensusReadBackError`), not as a network failure a caller retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CensusClient, CensusReadBackError, CensusResponseError } from '../../pkg/node.mjs';

const SOURCE = JSON.stringify({
  status: 'success',
  data: { id: 12, name: 'Prod', type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} },
});

/** A Response whose status and headers come, and whose body breaks off after a few bytes. */
function brokenOff(status) {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"status":"created","da'));
      controller.error(new TypeError('terminated'));
    },
  });
  return new Response(body, { status, headers: { 'content-type': 'application/json' } });
}

function client(answers, sent) {
  return new CensusClient({
    apiToken: 'secret-token:abc',
    baseUrl: 'https://census.example/api/v1',
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    fetch: async (request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return answers.shift()();
    },
  });
}

test('a create whose 201 broke off is sent once and rejects as accepted, even when retries are allowed', async () => {
  for (const retry of [undefined, { retryNonIdempotent: true, baseDelayMs: 1, maxDelayMs: 5 }]) {
    const sent = [];
    const census = client([() => brokenOff(201), () => brokenOff(201), () => brokenOff(201)], sent);
    const input = { type: 'postgres', name: 'Prod', credentials: { hostname: 'db' } };
    const error = await census.createSource(input, retry ? { retry } : undefined).catch((e) => e);
    assert.ok(error instanceof CensusReadBackError, String(error));
    assert.equal(error.status, 201);
    assert.match(error.message, /answered HTTP 201, but its body broke off \(TypeError: terminated\)/);
    assert.match(error.message, /it probably exists: look for it before creating it again$/);
    assert.deepEqual(sent, ['POST /api/v1/sources'], 'sent once');
  }
});

test('a trigger whose 200 broke off is not sent again either', async () => {
  const sent = [];
  const census = client([() => brokenOff(200), () => brokenOff(200)], sent);
  const error = await census.triggerSync(61, { retry: { retryNonIdempotent: true } }).catch((e) => e);
  assert.ok(error instanceof CensusReadBackError, String(error));
  assert.match(error.message, /it was probably done: check before sending it again$/);
  assert.deepEqual(sent, ['POST /api/v1/syncs/61/trigger']);
});

test('a GET whose answer broke off is sent again, as a request that got no answer is', async () => {
  const sent = [];
  const ok = () => new Response(SOURCE, { status: 200, headers: { 'content-type': 'application/json' } });
  const census = client([() => brokenOff(200), ok], sent);
  assert.equal((await census.getSource(12)).id, 12);
  assert.deepEqual(sent, ['GET /api/v1/sources/12', 'GET /api/v1/sources/12']);
  // Broken off every time: the error says so, with the status.
  const again = [];
  const broken = client([() => brokenOff(200), () => brokenOff(200), () => brokenOff(200)], again);
  const error = await broken.getSource(12).catch((e) => e);
  assert.ok(error instanceof CensusResponseError, String(error));
  assert.equal(error.status, 200);
  assert.match(error.message, /answered HTTP 200, but its body broke off/);
  assert.equal(again.length, 3);
});

test('a create the API accepted whose answer has no id rejects as accepted, whatever it creates', async () => {
  const sent = [];
  const created = () => new Response('{"status":"created","data":{}}', { status: 201, headers: { 'content-type': 'application/json' } });
  const census = client([created], sent);
  const error = await census.createWebhook({ endpoint: 'https://hooks.example.com/c', events: ['sync.failed'] }).catch((e) => e);
  assert.ok(error instanceof CensusReadBackError, String(error));
  assert.ok(error.cause instanceof CensusResponseError, String(error.cause));
  assert.match(error.cause.path ?? error.cause.field ?? '', /^data\./);
  assert.deepEqual(sent, ['POST /api/v1/webhooks']);
});

test('Response.error() from the fetch option is a network error, and a GET is tried again', async () => {
  let calls = 0;
  const census = new CensusClient({ apiToken: 'secret-token:x', retry: { maxAttempts: 2, baseDelayMs: 0 }, fetch: async () => { calls += 1; return Response.error(); } });
  const error = await census.getWorkspace().catch((thrown) => thrown);
  assert.equal(error.name, 'CensusNetworkError', String(error));
  assert.equal(calls, 2);
});
