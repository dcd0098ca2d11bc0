// How an answer's body reaches the wasm: its bytes copied into wasm memory as they came when they
// are valid UTF-8 (TextEncoder.encodeInto is slow in WebKit: bench/notes.md), or, with a bad
// byte, the UTF-8 of the text as res.json() decodes it. Either way the wasm checks what
// JSON.parse then reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CensusClient, CensusResponseError } from '../../pkg/node.mjs';

const source = (id, name) => ({ id, name, type: 'postgres', created_at: '2024-01-01T00:00:00Z', connection_details: {} });
const page = (names) => JSON.stringify({
  status: 'success',
  data: names.map((name, i) => source(i + 1, name)),
  pagination: { total_records: names.length, per_page: 100, prev_page: null, page: 1, next_page: null, last_page: 1 },
});

/** A client whose fetch answers `body` (bytes or text), and the texts encodeInto was given. */
function setup(t) {
  let body = '';
  const encoded = [];
  const original = TextEncoder.prototype.encodeInto;
  TextEncoder.prototype.encodeInto = function encodeInto(text, into) {
    encoded.push(text);
    return original.call(this, text, into);
  };
  t.after(() => { TextEncoder.prototype.encodeInto = original; });
  const census = new CensusClient({
    apiToken: 't',
    baseUrl: 'https://census.example/api/v1',
    fetch: () => Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })),
  });
  return { census, encoded, answer: (b) => { body = b; } };
}

test('a valid body is copied as it came, not encoded again', async (t) => {
  const { census, encoded, answer } = setup(t);
  const names = Array.from({ length: 100 }, (_, i) => `source ${i} — é ✓ 名前 😀`);
  const text = page(names);
  answer(new TextEncoder().encode(text));
  encoded.length = 0;
  assert.deepEqual((await census.listSources({ perPage: 100 })).data.map((s) => s.name), names);
  assert.ok(!encoded.some((s) => s.length >= 1000), `encodeInto saw the body (${encoded.map((s) => s.length)})`);

  // A BOM is dropped, as res.json() drops it; the wasm checks what follows it.
  answer(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]));
  encoded.length = 0;
  assert.deepEqual((await census.listSources({ perPage: 100 })).data.map((s) => s.name), names);
  assert.ok(!encoded.some((s) => s.length >= 1000));
});

test('a body with a bad byte is checked as the text res.json() would parse', async (t) => {
  const { census, encoded, answer } = setup(t);
  const bytes = new TextEncoder().encode(page(['?bad', 'ü'.repeat(3000)]));
  bytes[bytes.indexOf(0x3f)] = 0xff; // the "?" of "?bad": not UTF-8, read as U+FFFD
  answer(bytes);
  encoded.length = 0;
  const { data } = await census.listSources();
  assert.equal(data[0].name, '\ufffdbad');
  assert.equal(data[1].name, 'ü'.repeat(3000));
  assert.ok(encoded.some((s) => s.length >= 3000), 'the text was encoded for the wasm');

  // And a wrong member after the bad byte is still found where it is.
  const wrong = new TextEncoder().encode(page(['?bad', 'ok']).replace('"id":2', '"id":"2"'));
  wrong[wrong.indexOf(0x3f)] = 0xff;
  answer(wrong);
  const error = await census.listSources().catch((e) => e);
  assert.ok(error instanceof CensusResponseError, String(error));
  assert.match(error.message, /data\[1\]\.id: expected a non-negative integer, got "2"/);
});

test('a body longer than 64 MiB is refused as such, without reading it to its end or trying again', async () => {
  const MiB = 1024 * 1024;
  const head = '{"status":"success","data":{"id":1,"name":"a","type":"t","created_at":"2024-01-01T00:00:00Z","connection_details":{}}';
  for (const withLength of [false, true]) {
    let pulled = 0;
    let sent = 0;
    const census = new CensusClient({
      apiToken: 't', baseUrl: 'https://census.example/api/v1',
      fetch: async () => {
        sent += 1;
        // A server that would send 1 GiB of spaces after a valid start (chunked, or saying so).
        const stream = new ReadableStream({
          start(controller) { controller.enqueue(new TextEncoder().encode(head)); },
          pull(controller) {
            pulled += MiB;
            if (pulled > 1024 * MiB) controller.close();
            else controller.enqueue(new Uint8Array(MiB).fill(0x20));
          },
        });
        const headers = { 'content-type': 'application/json', ...(withLength ? { 'content-length': String(1024 * MiB) } : {}) };
        return new Response(stream, { status: 200, headers });
      },
    });
    await assert.rejects(census.getSource(1), (error) => {
      assert.ok(error instanceof CensusResponseError, `${error.name}: ${error.message}`);
      assert.equal(error.status, 200);
      assert.match(error.message, /^GET \/sources\/1 answered HTTP 200 with a body of more than 67108864 bytes, more than the client reads/);
      return true;
    });
    assert.equal(sent, 1, 'not tried again');
    assert.ok(pulled <= 66 * MiB, `read ${pulled / MiB} MiB`);
    if (withLength) assert.ok(pulled <= 2 * MiB, `read ${pulled / MiB} MiB though Content-Length said it was too long`);
  }
});

test('a long answer within 64 MiB is read whole, with or without its Content-Length', async () => {
  const head = '{"status":"success","data":{"id":1,"name":"a","type":"postgres","created_at":"2024-01-01T00:00:00Z","connection_details":{}}';
  const bytes = new TextEncoder().encode(head + ' '.repeat(40 * 1024 * 1024) + '}');
  for (const withLength of [false, true]) {
    const census = new CensusClient({
      apiToken: 'long-answer-token', baseUrl: 'https://census.example/api/v1',
      fetch: async () => new Response(new Blob([bytes]).stream(), {
        headers: { 'content-type': 'application/json', ...(withLength ? { 'content-length': String(bytes.length) } : {}) },
      }),
    });
    assert.equal((await census.getSource(1)).name, 'a');
  }
});

test('a body that comes in many chunks, split inside characters, is read whole; a chunk that is not bytes is no body', async () => {
  const names = Array.from({ length: 60 }, (_, i) => `sœurce ✓ ${i} 𝄞`);
  const bytes = new TextEncoder().encode(page(names));
  // Chunks of 1 to 97 bytes, as a network delivers them, cutting multi-byte characters.
  const chunked = () => new ReadableStream({
    start(controller) {
      for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7) % 97 + 1) {
        controller.enqueue(bytes.slice(at, at + size));
      }
      controller.close();
    },
  });
  let stream = chunked;
  const census = new CensusClient({
    apiToken: 't',
    baseUrl: 'https://census.example/api/v1',
    retry: false,
    fetch: () => Promise.resolve(new Response(stream(), { status: 200, headers: { 'content-type': 'application/json' } })),
  });
  const listed = await census.listSources({ perPage: 100 });
  assert.deepEqual(listed.data.map((s) => s.name), names);
  // A mock's stream of text: arrayBuffer() refuses it, and so does the client, as a body cut short.
  stream = () => new ReadableStream({ start(controller) { controller.enqueue('{"status":"success"}'); controller.close(); } });
  const error = await census.listSources({ perPage: 100 }).catch((e) => e);
  assert.ok(error instanceof CensusResponseError, String(error));
  assert.match(error.message, /body broke off \(TypeError: the body stream gave a chunk that is not bytes\)/);
});
