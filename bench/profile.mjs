// Where the validation time of `listSources` goes: Chromium's sampling CPU profiler (over CDP)
// while the client reads the same body again and again through an injected fetch, with the time
// of each sample charged to the function running then, grouped into the steps of a call.
//
// The profile runs on a copy of the package whose wasm keeps its function names: the same cargo
// output through wasm-bindgen and wasm-opt with the arguments Cargo.toml gives wasm-pack, plus `-g`.
// Usage (via scripts/bench.sh): CENSUS_LOCAL_URL=... CENSUS_LOCAL_TOKEN=... node bench/profile.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openPackagePage } from './browser.mjs';
import { sourceBodies } from './fetch-bodies.mjs';
import { initEntry } from '../scripts/init-entry.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The wasm-opt arguments the shipped build uses: Cargo.toml's `wasm-opt = [...]` for wasm-pack. */
function shippedWasmOpt() {
  const line = readFileSync(join(root, 'Cargo.toml'), 'utf8').split('\n').find((l) => l.startsWith('wasm-opt = ['));
  if (!line) throw new Error("Cargo.toml has no wasm-opt = [...] line");
  return JSON.parse(line.slice('wasm-opt = '.length));
}
const url = process.env.CENSUS_LOCAL_URL;
const token = process.env.CENSUS_LOCAL_TOKEN;
if (!url || !token) throw new Error('CENSUS_LOCAL_URL and CENSUS_LOCAL_TOKEN must point at a local Census seeded with 1,500+ sources');
const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 4);
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');

/**
 * pkg/ again, with a wasm that keeps its name section, and the glue and the runtime as their own
 * unminified modules (the package bundles them into init.js), so that each function's script
 * says which it is.
 */
function buildNamedPackage() {
  const dir = join(targetDir, 'bench-profile-pkg');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const artifact = join(targetDir, 'wasm32-unknown-unknown/release/census_wasm.wasm');
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', dir, '--out-name', 'census_wasm', artifact]);
  const wasm = join(dir, 'census_wasm_bg.wasm');
  execFileSync(join(root, 'node_modules/.bin/wasm-opt'), [...shippedWasmOpt(), '-g', wasm, '-o', wasm]);
  writeFileSync(join(dir, 'init.js'), initEntry(dir).source);
  cpSync(join(root, 'pkg', 'index.js'), join(dir, 'index.js'));
  return dir;
}

/**
 * Which step of a call a profiled function belongs to. The checked text becomes objects in
 * census.js's parseData/parsePage, whose self time is the engine's JSON.parse.
 */
function category({ functionName: name, url: script }) {
  const wasm = script.endsWith('.wasm') || /^wasm-function|^\$/.test(name);
  if (wasm) {
    if (/dlmalloc|alloc::|__rust_alloc|__rust_dealloc|__rust_realloc|::malloc|::free/.test(name)) return 'wasm: allocator (the body copy, keys, messages)';
    if (/from_utf8|utf8/i.test(name)) return 'wasm: UTF-8 conversions (std)';
    if (/memcpy|memmove|memset|memcmp/.test(name)) return 'wasm: memcpy';
    if (/census_scan/.test(name)) return 'wasm: census-scan check';
    if (/census_wasm::core/.test(name)) return 'wasm: core (key extraction, pagination, error path)';
    return 'wasm: other';
  }
  // JSON.parse's time is its caller's self time: census.js's parseData and parsePage.
  if (/parse(Data|Page)/.test(name)) return 'JSON.parse of the checked text';
  // The runtime reads a body through its stream's reader (at most 64 MiB), arrayBuffer() where
  // a Response has no stream.
  if (name === 'read' || name === 'getReader' || name === 'arrayBuffer') return 'the body\'s bytes: Response.body\'s reader';
  if (name === 'decode') return 'TextDecoder: the bytes as text, for JSON.parse';
  if (name === 'set') return 'the bytes copied into wasm memory';
  if (name === 'text') return 'Response.text (not on the client\'s path)';
  if (name === 'encodeInto') return 'TextEncoder.encodeInto: a body with a bad byte, and the glue\'s strings';
  if (name === 'Response') return 'harness: new Response(bytes) in the injected fetch (the same for res.json)';
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)' || name === '(idle)' || name === '(root)') return 'browser, idle';
  if (/^(Request|setTimeout|clearTimeout|AbortController|abort|addEventListener|removeEventListener|race|then)$/.test(name)
    || script.endsWith('census.js')) return 'client JS: Request, AbortController, timer, the call runtime (census.js)';
  if (script.endsWith('census_wasm.js') || name === 'wasm-to-js' || name === 'js-to-wasm') return 'wasm-bindgen glue, crossings';
  return 'other JS';
}

const { page100, large } = await sourceBodies(url, token);
const pkgDir = buildNamedPackage();
// The glue as wasm-bindgen writes it (not minified): each import wrapper spans four lines.
const browser = await launchChromium();
try {
  const page = await openPackagePage(browser, { pkgDir });
  await page.evaluate(async () => {
    const pkg = await import(new URL('/pkg/index.js', location.href).href);
    await pkg.default();
    let body = '';
    const client = new pkg.CensusClient({
      apiToken: 'bench-token',
      fetch: () => Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })),
    });
    globalThis.__profile = {
      async loop(text, ms) {
        body = new TextEncoder().encode(text); // bytes, as in bench/page/validation.js
        let n = 0;
        const end = performance.now() + ms;
        while (performance.now() < end) { await client.listSources({ perPage: 100 }); n += 1; }
        return n;
      },
    };
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const results = {};
  for (const [label, body] of Object.entries({ page100, large })) {
    await page.evaluate(({ body }) => globalThis.__profile.loop(body, 500), { body }); // warm-up
    await cdp.send('Profiler.start');
    const calls = await page.evaluate(({ body, ms }) => globalThis.__profile.loop(body, ms), { body, ms: seconds * 1000 });
    const { profile } = await cdp.send('Profiler.stop');
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const key = category(nodes.get(id).callFrame);
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
    // The heaviest named wasm functions, to show what "serde_json check" is made of.
    const wasmFns = new Map();
    profile.samples.forEach((id, i) => {
      const frame = nodes.get(id).callFrame;
      if (category(frame).startsWith('wasm')) wasmFns.set(frame.functionName, (wasmFns.get(frame.functionName) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    const jsFns = new Map();
    profile.samples.forEach((id, i) => {
      const frame = nodes.get(id).callFrame;
      if (!category(frame).startsWith('wasm')) {
        const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
        jsFns.set(key, (jsFns.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
      }
    });
    results[label] = {
      bytes: Buffer.byteLength(body),
      calls,
      msPerCall: totalUs / 1000 / calls,
      steps: Object.fromEntries([...self].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, { share: us / totalUs, msPerCall: us / 1000 / calls }])),
      topJs: [...jsFns].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, us]) => ({ name, share: us / totalUs })),
      topWasm: [...wasmFns].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, us]) => ({ name: name.slice(0, 120), share: us / totalUs })),
    };
  }
  console.log(JSON.stringify({ chromium: browser.version(), seconds, results }));
} finally {
  await browser.close();
}
