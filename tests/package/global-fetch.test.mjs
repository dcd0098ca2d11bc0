// The global fetch as the client calls it when none is given: looked up at each attempt, and
// called as fetch(request), with no `this`.
// Web IDL then has it act for its own realm's global; called on globalThis instead, a browser's
// fetch throws "does not implement interface Window" wherever globalThis is not the Window (a
// WebDriver script's sandbox, an extension's content script), as Firefox did under geckodriver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CensusClient } from '../../pkg/node.mjs';

const SOURCE = JSON.stringify({
  status: 'success',
  data: { id: 12, name: 'Prod', type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} },
});

test('the global fetch is called with no this, and with the request', async (t) => {
  const original = globalThis.fetch;
  t.after(() => { globalThis.fetch = original; });
  const seen = [];
  // A browser's brand check, as a sandbox's global sees it: any `this` but undefined (or the
  // Window, which this global is not) is refused.
  globalThis.fetch = function fetch(request) {
    seen.push({ self: this, url: request.url, auth: request.headers.get('authorization') });
    if (this !== undefined) {
      return Promise.reject(new TypeError("'fetch' called on an object that does not implement interface Window."));
    }
    return Promise.resolve(new Response(SOURCE, { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  const census = new CensusClient({ apiToken: 'secret-token:abc', baseUrl: 'https://census.example/api/v1', retry: false });
  const source = await census.getSource(12);
  assert.equal(source.id, 12);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].self, undefined);
  assert.equal(seen[0].url, 'https://census.example/api/v1/sources/12');
  assert.equal(seen[0].auth, 'Bearer secret-token:abc');
});

test('the global fetch is looked up at each attempt, so a mock installed later sees the calls', async (t) => {
  // What MSW's server.listen() does in a test file whose module made the client on import.
  const original = globalThis.fetch;
  t.after(() => { globalThis.fetch = original; });
  globalThis.fetch = () => Promise.reject(new TypeError('the fetch of the time the client was made'));
  const census = new CensusClient({ apiToken: 't', baseUrl: 'https://census.example/api/v1', retry: false });
  let calls = 0;
  globalThis.fetch = () => {
    calls += 1;
    return Promise.resolve(new Response(SOURCE, { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  assert.equal((await census.getSource(12)).id, 12);
  assert.equal(calls, 1);
});
