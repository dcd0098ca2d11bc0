// Writes BENCHMARKS.md from the results scripts/bench.sh left in a directory (one JSON file per
// benchmark: size, memory, validation, profile, requests, listing).
// Usage: node bench/report.mjs RESULTS_DIR > BENCHMARKS.md
import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { readBudget } from './sizes.mjs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/report.mjs RESULTS_DIR');
const load = (name) => {
  const file = join(dir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};
const size = load('size');
const memory = load('memory');
const validation = load('validation');
const profile = load('profile');
const requests = load('requests');
const listing = load('listing');
const budget = readBudget();

const sh = (command) => {
  try {
    return execSync(command, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
};
const version = (name) => {
  try {
    return JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
  } catch {
    return 'not installed';
  }
};
const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? 'unknown CPU';
const chromium = validation?.chromium ?? requests?.chromium ?? memory?.chromium ?? sh('/usr/bin/chromium --version');

const ms = (value) => (value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3));
const times = (value) => `${value.toFixed(2)}×`;
const kb = (bytes) => (Math.abs(bytes) >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
const signedKb = (bytes) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`;
const verdict = (ok) => (ok ? 'pass' : '**miss**');
const iqr = (s) => `${ms(s.p25)}–${ms(s.p75)}`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * How many times slower `name` is than `base` on one body of a validation run: the median over
 * rounds of the ratio of their samples in the same round. Rounds are seconds apart, and the
 * browser's own speed (how fast it reads a body, when it collects garbage) drifts between them
 * by more than the methods differ; within a round both methods see the same browser. Falls back
 * to the ratio of medians for results that kept no samples.
 */
const paired = (r, name, base = 'res.json') => {
  if (!r.times) return r.methods[name].median / r.methods[base].median;
  return median(r.times[name].map((t, i) => t / r.times[base][i]));
};

const out = [];
const line = (text = '') => out.push(text);

line('# Benchmarks');
line();
line(`Produced by \`scripts/bench.sh\` (which rewrites this file) on ${new Date().toISOString().slice(0, 10)}, commit ${sh('git rev-parse --short HEAD')}${sh('git status --porcelain --untracked-files=no -- . \':!BENCHMARKS.md\'') ? ' (with uncommitted changes)' : ''}.`);
line();
line(`- Machine: ${sh('nproc')} × ${cpu} (\`nproc\`, /proc/cpuinfo), ${sh('uname -sr')}`);
const others = [
  validation?.firefox && `headless ${validation.firefox.browser} (Debian's \`firefox-esr\`), driven by ${sh('geckodriver --version').split('\n')[0]}`,
  validation?.webkit && `${validation.webkit.browser} (Debian's \`webkit2gtk-driver\`) under Xvfb, driven by its WebKitWebDriver`,
].filter(Boolean);
line(`- Browser: headless Chromium ${chromium} (Debian's), driven by playwright-core ${version('playwright-core')}${others.length ? `; for the validation and per-request rows marked Firefox or WebKit, ${others.join(', and ')}` : ''}`);
line(`- Build: ${sh('rustc --version')}, ${sh('wasm-bindgen --version')}, wasm-opt from binaryen ${version('binaryen')} (\`scripts/build-pkg.sh\`)`);
line(`- Peers: zod ${version('zod')}, valibot ${version('valibot')}, openapi-fetch ${version('openapi-fetch')}, @octokit/core ${version('@octokit/core')}, bundled by esbuild ${version('esbuild')}; Node ${process.version}`);
line('- Server: the local Census, release build, on the same machine');
const loadStart = existsSync(join(dir, 'loadavg-start.txt')) ? readFileSync(join(dir, 'loadavg-start.txt'), 'utf8').trim() : 'unknown';
const loadEnd = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
line(`- Load average (1, 5, 15 min): ${loadStart} at the start, ${loadEnd} at the end, on ${sh('nproc')} CPUs (above that, other work competed for them and times are noisier)`);
line();
line('Every ratio compares two methods measured in the same run, taking turns; a figure is a median with its spread.');
line('Budgets and targets come from issue 8; the CI ceilings in `bench/budget.json` are checked by `tests/package/budget.test.mjs`.');
line();

// ---- Summary ----
const summaryRows = [];
const vRow = (results, key, where = '') => {
  const r = results?.[key];
  if (!r) return;
  const client = r.methods.client.median;
  const raw = r.methods['res.json'].median;
  const zod = r.methods.zod.median;
  const what = `${r.sources.toLocaleString('en')} sources (${kb(r.bytes)})`;
  const toRaw = paired(r, 'client');
  const toZod = paired(r, 'client', 'zod');
  summaryRows.push([`Validation${where}, ${what}: client vs \`res.json()\``, `${ms(client)} vs ${ms(raw)} ms`, times(toRaw), '≤ 1.5×', verdict(toRaw <= 1.5)]);
  summaryRows.push([`Validation${where}, ${what}: client vs zod 4`, `${ms(client)} vs ${ms(zod)} ms`, times(toZod), '< 1.00× (faster)', verdict(toZod < 1)]);
};
const rRow = (methods, where = '', stat = 'median') => {
  const c = methods.client[stat];
  const f = methods['fetch + res.json'][stat];
  summaryRows.push([`Per request${where}: ${requests.calls} \`getSource\` vs \`fetch\` + \`res.json()\``, `${ms(c)} vs ${ms(f)} ms`, times(c / f), '≤ 1.1×', verdict(c / f <= 1.1)]);
};
vRow(validation?.results, 'page100');
vRow(validation?.results, 'large');
if (requests) rRow(requests.methods);
vRow(validation?.firefox?.results, 'page100', ' in Firefox');
vRow(validation?.firefox?.results, 'large', ' in Firefox');
if (requests?.firefox) rRow(requests.firefox.methods, ' in Firefox');
vRow(validation?.webkit?.results, 'page100', ' in WebKit');
vRow(validation?.webkit?.results, 'large', ' in WebKit');
// WebKit's clock steps by 1 ms, coarser than a call: its medians are whole milliseconds, so the
// ratio is of the means, in which that rounding evens out over 500 calls.
if (requests?.webkit) rRow(requests.webkit.methods, ' in WebKit (ratio of means)', 'mean');
if (size) {
  const total = size.client.total.gzip;
  summaryRows.push(['Size: wasm + JS glue as pkg/ ships it, gzip -9', kb(total), '', `≤ ${kb(budget.bundleGzipTargetBytes)} (CI ceiling ${kb(budget.bundleGzipBytes)})`, verdict(total <= budget.bundleGzipTargetBytes)]);
}
if (memory) {
  const g = memory.growth;
  const grown = g.wasmBytes + Math.max(0, g.jsHeapBytes);
  summaryRows.push([`Memory growth over ${memory.calls.toLocaleString('en')} calls (JS heap + wasm)`, `JS heap ${signedKb(g.jsHeapBytes)}, wasm ${signedKb(g.wasmBytes)}`, '', `< ${kb(budget.memoryGrowthTargetBytes)} (CI ceiling ${kb(budget.memoryGrowthBytes)})`, verdict(grown < budget.memoryGrowthTargetBytes)]);
}
if (listing) {
  const s = median(listing.sequential);
  const c = median(listing.concurrent);
  summaryRows.push(['Listing 2,000 sources: `concurrency: 4` vs sequential', `${s.toFixed(0)} vs ${c.toFixed(0)} ms`, times(c / s), '≤ 0.35×', verdict(c / s <= 0.35)]);
}
line('## Summary');
line();
line('| benchmark | measured | ratio | target | |');
line('|---|---|---|---|---|');
for (const row of summaryRows) line(`| ${row.join(' | ')} |`);
line();

// ---- Validation ----
if (validation) {
  const labels = Object.keys(validation.results);
  const describe = (key) => {
    const r = validation.results[key];
    return `${r.sources.toLocaleString('en')} sources, ${kb(r.bytes)}`;
  };
  line('## Validation cost: from response body to validated objects');
  line();
  line('Real bodies from the local Census: one page (`GET /api/v1/sources?per_page=100`) and consecutive pages joined into one');
  line('body of ~1 MB. Each method starts from `new Response(bytes, { status: 200, headers: { "content-type": "application/json" } })`');
  line('and ends with the validated objects (`bench/page/validation.js`):');
  line();
  line('- **client**: an injected `fetch` returns that Response; `client.listSources({ perPage: 100 })` reads, checks and builds the page.');
  line('- **`res.json()`**: no validation, the floor.');
  line('- **zod 4** / **valibot**: `res.json()`, then `SourcePage.parse(...)` with the schema in `bench/schemas/` (the Source shape of');
  line('  CONTRACT.md as the client checks it: required fields required, nullable ones nullish, loose objects). zod runs with its');
  line('  JIT fast path (this page has no CSP); **zod compiled** is `z.compile(schema)` (generated code, needs `eval`);');
  line('  **zod jitless** is what a strict CSP leaves, e.g. the demo page\'s.');
  line('- **no-check path**: the body\'s bytes read from `res.body`\'s stream as the client reads them, a UTF-8 decode of the bytes (`fatal`), their copy into a wasm memory, `JSON.parse`');
  line('  of the text: the steps the client takes besides checking, so the floor of this design with a check that costs nothing.');
  line();
  line(`Times are per body: medians over ${validation.results[labels[0]].rounds} samples, each sample a run of several bodies back to back`);
  line('(on a cross-origin-isolated page, so performance.now resolves to microseconds); spread p25–p75. The methods take turns');
  line('within each round, and a ratio is the median over rounds of the two methods\' samples in the same round: how fast the');
  line('browser reads a body drifts between rounds (the spread of `res.json()` itself) by more than the methods differ.');
  line();
  const table = (results) => {
    line(`| method | ${labels.map((k) => `${describe(k)} | ratio to \`res.json()\``).join(' | ')} |`);
    line(`|---|${labels.map(() => '---|---').join('|')}|`);
    for (const name of ['client', 'res.json', 'no-check path', 'zod', 'zod compiled', 'zod jitless', 'valibot']) {
      if (!results[labels[0]].methods[name]) continue;
      const cells = labels.map((key) => {
        const m = results[key].methods;
        return `${ms(m[name].median)} ms (${iqr(m[name])}) | ${times(paired(results[key], name))}`;
      });
      const label = { 'res.json': '`res.json()`', 'no-check path': 'no-check path (bytes → decode, copy → JSON.parse)' }[name] ?? name;
      line(`| ${label} | ${cells.join(' | ')} |`);
    }
    line();
  };
  table(validation.results);
  if (validation.firefox) {
    line(`### In Firefox`);
    line();
    line(`The same page code, bodies and rounds in headless ${validation.firefox.browser} (Debian's \`firefox-esr\`, driven by geckodriver:`);
    line('`bench/webdriver.mjs`), as a module the page itself loads. The page is not cross-origin isolated; `performance.now` keeps');
    line('microseconds because the profile turns `privacy.reduceTimerPrecision` off.');
    line();
    table(validation.firefox.results);
  }
  if (validation.webkit) {
    line(`### In WebKit`);
    line();
    line(`The same page code, bodies and rounds in ${validation.webkit.browser}, Safari's engine as Debian's \`webkit2gtk-driver\``);
    line('ships it, on an Xvfb display (`bench/webdriver.mjs`). Its `performance.now` steps by 1 ms on this page, so each sample runs');
    line('for about 60 ms instead of 6.');
    line();
    table(validation.webkit.results);
  }
}

// ---- Profile ----
if (profile) {
  line('### Where the client\'s time goes');
  line();
  line(`Chromium's sampling profiler (50 µs) over ${profile.seconds} s of \`listSources\` calls on each body through the injected fetch`);
  line('(`bench/profile.mjs`), on a build whose wasm keeps its function names (the shipped wasm-opt arguments plus `-g`) and whose glue and runtime are their own modules (the package bundles them into `init.js`); otherwise the shipped build.');
  line('Self time, grouped by step:');
  line();
  const labels = Object.keys(profile.results);
  const steps = [...new Set(labels.flatMap((k) => Object.keys(profile.results[k].steps)))];
  line(`| step | ${labels.map((k) => `${kb(profile.results[k].bytes)}: ms per call | share`).join(' | ')} |`);
  line(`|---|${labels.map(() => '---|---').join('|')}|`);
  for (const step of steps) {
    const cells = labels.map((k) => {
      const s = profile.results[k].steps[step];
      return s ? `${ms(s.msPerCall)} | ${(s.share * 100).toFixed(1)}%` : '– | –';
    });
    line(`| ${step} | ${cells.join(' | ')} |`);
  }
  line(`| **total** | ${labels.map((k) => `${ms(profile.results[k].msPerCall)} | 100%`).join(' | ')} |`);
  line();
  const top = profile.results[labels[0]].topWasm;
  line(`Heaviest wasm functions (${kb(profile.results[labels[0]].bytes)} body, share of all samples): ${top.slice(0, 6).map((f) => `\`${f.name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]+\]/g, '')}\` ${(f.share * 100).toFixed(1)}%`).join(', ')}.`);
  line();
}

// ---- Requests ----
if (requests) {
  const mean = (s) => s.mean ?? NaN;
  /** The two rows of one engine's run: the client's, then fetch + res.json()'s. */
  const rows = (methods, where) => {
    const c = methods.client;
    const f = methods['fetch + res.json'];
    line(`| \`getSource\`${where} | ${ms(c.median)} ms | ${iqr(c)} ms | ${ms(c.min)}–${ms(c.max)} ms | ${ms(mean(c))} ms | ${times(c.median / f.median)} | ${times(mean(c) / mean(f))} |`);
    line(`| \`fetch\` + \`res.json()\`${where} | ${ms(f.median)} ms | ${iqr(f)} ms | ${ms(f.min)}–${ms(f.max)} ms | ${ms(mean(f))} ms | 1.00× | 1.00× |`);
  };
  line('## Per-request overhead');
  line();
  line(`${requests.calls} sequential \`client.getSource(id)\` against ${requests.calls} \`fetch(url, { headers: { Authorization } })\` + \`res.json()\``);
  line(`of the same URLs (a ${requests.bodyBytes}-byte body), one call of each in turn, on a page served by the local Census (same origin, no`);
  line('preflight; every answer says `Connection: close`, so each call opens a connection). Times per call (`bench/requests.mjs`), on a');
  line('cross-origin-isolated page, so `performance.now` resolves to microseconds.');
  line();
  line('| method | median | p25–p75 | min–max | mean | ratio of medians | ratio of means |');
  line('|---|---|---|---|---|---|---|');
  rows(requests.methods, '');
  const notes = [];
  for (const [key, name, note] of [
    ['firefox', 'Firefox', 'headless Firefox (`bench/webdriver.mjs`), on a page that is not isolated but whose profile turns `privacy.reduceTimerPrecision` off'],
    ['webkit', 'WebKit', "WebKitGTK's MiniBrowser under Xvfb (`bench/webdriver.mjs`), whose clock steps by 1 ms: its medians are whole milliseconds, and the ratio of means is the one to read"],
  ]) {
    if (!requests[key]) continue;
    rows(requests[key].methods, `, ${requests[key].browser}`);
    notes.push(`${name} rows run the same page code in ${note}`);
  }
  if (notes.length) {
    line();
    line(`The ${notes.join('; the ')}.`);
  }
  line();
}

// ---- Size ----
if (size) {
  const row = (label, s, note = '') => line(`| ${label} | ${s.raw.toLocaleString('en')} B | ${s.gzip.toLocaleString('en')} B (${kb(s.gzip)}) | ${s.brotli.toLocaleString('en')} B | ${note} |`);
  line('## Bundle size');
  line();
  line('gzip at level 9 and brotli at quality 11 (Node\'s zlib), each file compressed on its own as a server would send it (`bench/size.mjs`).');
  line('Peers are small entries in `bench/size/`, bundled with `esbuild --bundle --minify --format=esm --platform=browser`.');
  line();
  line('| what | raw | gzip -9 | brotli | |');
  line('|---|---|---|---|---|');
  row('census-wasm: `census_wasm_bg.wasm` (wasm-opt -Oz)', size.client.wasm);
  row('census-wasm: JS glue as shipped (`census_wasm.js`, snippets, `index.js`)', size.client.glue);
  row('**census-wasm: wasm + glue as shipped**', size.client.total, `target ≤ ${kb(budget.bundleGzipTargetBytes)}, CI ceiling ${kb(budget.bundleGzipBytes)}: ${verdict(size.client.total.gzip <= budget.bundleGzipTargetBytes)}`);
  row('census-wasm: glue bundled + minified by esbuild', size.clientMinified.glue);
  row('census-wasm: wasm + minified glue', size.clientMinified.total);
  for (const [name, s] of Object.entries(size.peers)) row(name, s);
  line();
  line(`Glue files: ${size.client.files.map((f) => `\`${f.file.replace(/snippets\/[^/]+\//, 'snippets/…/')}\` ${f.gzip.toLocaleString('en')} B`).join(', ')} (gzip).`);
  line();
}

// ---- Memory ----
if (memory) {
  const m = memory;
  line('## Memory');
  line();
  line(`${m.calls.toLocaleString('en')} calls through an injected fetch with canned bodies, taken in turn: \`getSource\` and \`listSources\` (25 sources)`);
  line('successes, 404, 422, 500, 401, a body of the wrong shape, and an input refused before sending (`bench/memory-check.mjs`, shared');
  line(`with the CI check). Measured after ${m.warmup} warm-up calls and again after the ${m.calls.toLocaleString('en')}, each time after a forced GC`);
  line('(CDP `HeapProfiler.collectGarbage`): the JS heap (`Runtime.getHeapUsage().usedSize`) and wasm linear memory');
  line(`(\`memory.buffer.byteLength\` of the InitOutput \`await init()\` returns). The calls took ${m.ms} ms.`);
  line();
  line('| | after `init()` | before (after warm-up) | after the calls | growth |');
  line('|---|---|---|---|---|');
  line(`| JS heap | ${kb(m.initial.jsHeapBytes)} | ${kb(m.before.jsHeapBytes)} | ${kb(m.after.jsHeapBytes)} | ${signedKb(m.growth.jsHeapBytes)} |`);
  line(`| wasm memory | ${kb(m.initial.wasmBytes)} | ${kb(m.before.wasmBytes)} | ${kb(m.after.wasmBytes)} | ${signedKb(m.growth.wasmBytes)} |`);
  line();
  line(`Outcomes: ${Object.entries(m.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')}.`);
  line();
}

// ---- Listing ----
if (listing) {
  const sequential = median(listing.sequential);
  const concurrent = median(listing.concurrent);
  const ratio = concurrent / sequential;
  const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  line('## Listing 2,000 sources');
  line();
  line('`listAllSources({ perPage: 100, concurrency })`: 20 pages from a local Census started with');
  line(`\`--seed 2000 --latency-ms 50\` (50 ms added to every request), same origin (no preflight), on the demo page. Medians over`);
  line(`${listing.sequential.length} rounds, the two variants alternating; spread min–max (\`bench/listing.mjs\`).`);
  line();
  line('| variant | median | spread | ratio to sequential | target | |');
  line('|---|---|---|---|---|---|');
  line(`| sequential (\`concurrency: 1\`) | ${sequential.toFixed(0)} ms | ${spread(listing.sequential)} ms | 1.00× | | |`);
  line(`| concurrent prefetch (\`concurrency: 4\`) | ${concurrent.toFixed(0)} ms | ${spread(listing.concurrent)} ms | ${ratio.toFixed(2)}× | ≤ 0.35× | ${verdict(ratio <= 0.35)} |`);
  line();
  line('The floor for 4 in flight is 1 + ⌈19 / 4⌉ = 6 round trips against 20: 0.30×.');
  line();
}

// Hand-written analysis of the misses, kept beside the harness so a rerun keeps it.
const notes = new URL('./notes.md', import.meta.url);
if (existsSync(notes)) { line(readFileSync(notes, 'utf8').trimEnd()); line(); }

line('## Reproducing');
line();
line('```sh');
line('scripts/bench.sh                               # everything above; rewrites this file (about a minute after the builds)');
line('node --test tests/package/budget.test.mjs      # the CI budget check alone: size and memory (a few seconds)');
line('```');
line();
line('The raw results are left in `target/bench-results/*.json` (`$CARGO_TARGET_DIR/bench-results/` when that is set).');
line('Each `bench/*.mjs` also runs on its own: see its header.');
process.stdout.write(`${out.join('\n')}\n`);
