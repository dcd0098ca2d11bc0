// An error posted from a worker, or stored as JSON, comes back as its class: a structured clone
// keeps only an Error's name and message, so the package's errors say what they are in
// `toJSON()`, and `CensusError.fromJSON` makes the error again from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as census from '../../pkg/node.mjs';

const { CensusClient, CensusError } = census;
const pkg = new URL('../../pkg/node.mjs', import.meta.url).href;

test('errors a worker posts as toJSON() come back as their classes, with their members', async () => {
  const worker = new Worker(`
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(pkg)}).then(async ({ CensusClient }) => {
      const answers = {
        '/api/v1/sources/404': [404, { status: 'not_found', message: 'Source not found' }],
        '/api/v1/sources/2': [200, { status: 'success', data: { id: 'two' } }],
      };
      const fetch = async (request) => {
        const [status, body] = answers[new URL(request.url).pathname];
        return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      };
      const client = new CensusClient({ apiToken: 'secret-token:worker', baseUrl: 'https://census.example/api/v1', fetch, retry: false });
      const errors = [];
      for (const call of [() => client.getSource(404), () => client.getSource(2), () => client.getSource(-1), () => client.createSource({ type: 'x', credentials: {} }, { checkType: { service_name: 'x', label: 'X', creatable_via_api: true, configuration_fields: { fields: [{ id: 'host', rules: 'required' }] } } })]) {
        await call().catch((error) => errors.push(error.toJSON()));
      }
      parentPort.postMessage(errors);
    });
  `, { eval: true });
  const posted = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(posted.length, 4);
  const [notFound, unexpected, input, missing] = posted.map((json) => CensusError.fromJSON(json));
  assert.ok(notFound instanceof census.CensusNotFoundError && notFound instanceof census.CensusApiError);
  assert.equal(notFound.code, 'not_found');
  assert.equal(notFound.status, 404);
  assert.equal(notFound.apiMessage, 'Source not found');
  assert.equal(notFound.message, posted[0].message);
  assert.equal(notFound.name, 'CensusNotFoundError');
  assert.ok(unexpected instanceof census.CensusResponseError);
  assert.equal(unexpected.path, 'data.id');
  assert.ok(input instanceof census.CensusInputError);
  assert.equal(input.field, 'id');
  assert.ok(missing instanceof census.CensusInputError);
  assert.deepEqual(missing.missing, ['credentials.host']);
  assert.match(notFound.stack, /from-json\.test\.mjs/, 'its stack is where it was made again');
});

test('every class comes back from JSON as itself, and what is not a census-wasm error as a CensusError', () => {
  const made = [
    new census.CensusAbortError('aborted'),
    new census.CensusTimeoutError('slow'),
    new census.CensusNetworkError('offline'),
    new census.CensusRateLimitError('busy', { status: 429, retryAfterMs: 5000 }),
    new census.CensusAuthenticationError('who', { status: 401 }),
    new census.StitchApiError('stitch', { status: 422, type: 'InvalidBody' }),
    new census.CensusReadBackError('made', { id: 12 }),
    new census.CensusSyncRunError('failed', { run: { id: 94, status: 'failed' } }),
    new census.StitchJobError('failed', { run: { job_name: 'j', tap_exit_status: 1 } }),
    new census.CensusInputError('bad', { field: 'name' }),
  ];
  for (const error of made) {
    const again = CensusError.fromJSON(JSON.parse(JSON.stringify(error)));
    assert.equal(Object.getPrototypeOf(again), Object.getPrototypeOf(error), error.name);
    assert.deepEqual(again.toJSON(), error.toJSON(), error.name);
  }
  const other = CensusError.fromJSON({ name: 'TypeError', message: 'x', __proto__: null });
  assert.equal(Object.getPrototypeOf(other), CensusError.prototype);
  assert.equal(CensusError.fromJSON(JSON.parse('{"name":"toString","message":"m","__proto__":{"polluted":1}}')).polluted, undefined);
  assert.equal({}.polluted, undefined);
  assert.equal(CensusError.fromJSON(null).message, '');
});
