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
  assert.throws(() => census.baseUrl, CensusError);
});
