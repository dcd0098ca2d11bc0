// In-page half of the validation benchmark (bench/validation.mjs drives it): from a response body
// to validated JS objects, through the client and through its peers, on the same bytes.
//
// Every method starts from `new Response(bytes, ...)`, as a fetch would hand it over, and ends
// with the page's objects in hand. The body is given as bytes (the response's UTF-8, encoded once
// beforehand), as the network delivers it: `new Response(string)` would add a UTF-8 encode of its
// own to every method (2.4 ms per MB here), which no real response has. The client gets the Response from an injected fetch and does
// everything it does on a real call (reads the bytes, checks them in wasm, JSON.parse, builds the
// page object); the peers call `res.json()` and then run their schema.
import * as v from 'valibot';
import { z, zodSchemas } from '../schemas/zod.mjs';
import { SourcePage as ValibotSourcePage } from '../schemas/valibot.mjs';
import { loadPackage } from './pkg.js';

const INIT = { status: 200, headers: { 'content-type': 'application/json' } };

/** A body's bytes as the client reads them: its stream's chunks, joined in place. */
async function bodyBytes(response) {
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (let read; !(read = await reader.read()).done;) {
    chunks.push(read.value);
    total += read.value.length;
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** The methods compared, each `(body) => Promise<page>`; `client` is added once the package loaded. */
function peers() {
  const zod = zodSchemas().SourcePage;
  let compiled = null;
  try {
    compiled = z.compile(zod, { strict: true });
  } catch {
    compiled = null; // reported as missing rather than silently measured on the runtime parser
  }
  z.config({ jitless: true });
  const jitless = zodSchemas().SourcePage;
  z.config({ jitless: false });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // A buffer in a wasm memory, as the client's body buffer is, grown as bodies need.
  const memory = new WebAssembly.Memory({ initial: 1 });
  const methods = {
    'res.json': (body) => new Response(body, INIT).json(),
    // The client's path with the check left out: the body's bytes, decoded (as UTF-8 that must
    // be valid) for JSON.parse and copied into wasm memory (where the check would read them).
    'no-check path': async (body) => {
      const bytes = await bodyBytes(new Response(body, INIT));
      const text = decoder.decode(bytes);
      const need = bytes.length - memory.buffer.byteLength;
      if (need > 0) memory.grow(Math.ceil(need / 65536));
      new Uint8Array(memory.buffer, 0, bytes.length).set(bytes);
      return JSON.parse(text);
    },
    zod: async (body) => zod.parse(await new Response(body, INIT).json()),
    'zod jitless': async (body) => jitless.parse(await new Response(body, INIT).json()),
    valibot: async (body) => v.parse(ValibotSourcePage, await new Response(body, INIT).json()),
  };
  if (compiled) methods['zod compiled'] = async (body) => compiled.parse(await new Response(body, INIT).json());
  return methods;
}

async function clientMethod() {
  const { pkg } = await loadPackage();
  let current = '';
  const client = new pkg.CensusClient({
    baseUrl: `${location.origin}/api/v1`,
    apiToken: 'bench-token',
    fetch: () => Promise.resolve(new Response(current, INIT)),
  });
  return (body) => {
    current = body;
    return client.listSources({ perPage: 100 });
  };
}

/** Times `reps` back-to-back runs of `method`; returns ms per run. */
async function sample(method, body, reps) {
  const started = performance.now();
  for (let i = 0; i < reps; i += 1) await method(body);
  return (performance.now() - started) / reps;
}

/**
 * Runs every method on every body. Each sample times `reps` runs back to back (performance.now is
 * coarse, 100 µs in Chromium, unless the page is cross-origin isolated, as bench/validation.mjs
 * makes it), with `reps` chosen so that a sample of res.json lasts about `sampleMs`. Methods take turns within each round, in an
 * order that rotates from round to round, so drift and GC land on all of them alike.
 */
export async function runValidation({ bodies, rounds = 41, sampleMs = 6 }) {
  const methods = { client: await clientMethod(), ...peers() };
  const names = Object.keys(methods);
  const out = {};
  for (const [label, text] of Object.entries(bodies)) {
    const expected = JSON.parse(text);
    const body = new TextEncoder().encode(text);
    // Same answer from every method before anything is timed.
    for (const name of names) {
      const page = await methods[name](body);
      if (JSON.stringify(page.data) !== JSON.stringify(expected.data)) {
        throw new Error(`${name} returned other data than JSON.parse for ${label}`);
      }
    }
    // Warm-up: JIT, wasm memory growth, zod's generated fast paths.
    for (const name of names) await sample(methods[name], body, 5);
    let t = 0;
    let n = 0;
    while (t < 200) { t += await sample(methods['res.json'], body, 1); n += 1; }
    const reps = Math.max(1, Math.round(sampleMs / (t / n)));
    const times = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (let k = 0; k < names.length; k += 1) {
        const name = names[(round + k) % names.length];
        times[name].push(await sample(methods[name], body, reps));
      }
    }
    out[label] = { bytes: body.length, sources: expected.data.length, reps, times };
  }
  return { methods: names, results: out };
}
