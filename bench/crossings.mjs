// Counts the crossings between JS and wasm for one simple call: every call of a wasm export from
// JS (the glue's own helpers such as __wbindgen_malloc included) and every call of a JS import
// from wasm. The package is loaded in Node with WebAssembly.Instance wrapped to count, and the
// client is given a fetch that answers at once, so nothing else runs.
// Usage: node bench/crossings.mjs [pkg-dir]   (default: pkg/)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkgDir = resolve(process.argv[2] ?? 'pkg');
const counts = { exports: 0, imports: 0, byName: new Map() };
let counting = false;

function counted(kind, name, fn) {
  return function (...args) {
    if (counting) {
      counts[kind] += 1;
      const key = `${kind === 'exports' ? 'js→wasm' : 'wasm→js'} ${name}`;
      counts.byName.set(key, (counts.byName.get(key) ?? 0) + 1);
    }
    return fn.apply(this, args);
  };
}

const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = function Instance(module, imports) {
  const wrappedImports = {};
  for (const [moduleName, namespace] of Object.entries(imports)) {
    wrappedImports[moduleName] = {};
    for (const [name, value] of Object.entries(namespace)) {
      wrappedImports[moduleName][name] = typeof value === 'function' ? counted('imports', name, value) : value;
    }
  }
  const instance = new RealInstance(module, wrappedImports);
  const exports = {};
  for (const [name, value] of Object.entries(instance.exports)) {
    exports[name] = typeof value === 'function' ? counted('exports', name, value) : value;
  }
  return { exports };
};

// init.js (census-wasm/init) leaves loading to initSync, which goes through WebAssembly.Instance.
const pkg = await import(pathToFileURL(`${pkgDir}/init.js`).href);
pkg.initSync({ module: readFileSync(`${pkgDir}/census_wasm_bg.wasm`) });

const source = { id: 12, name: 'Prod', type: 'postgres', label: null, created_at: '2026-01-01T00:00:00Z' };
const bodies = {
  get: JSON.stringify({ status: 'success', data: source }),
  list: JSON.stringify({
    status: 'success',
    data: [source, { ...source, id: 13 }],
    pagination: { total_records: 2, per_page: 5, prev_page: null, page: 1, next_page: null, last_page: 1 },
  }),
};
const answer = (body) => async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

async function measure(label, body, call) {
  const client = new pkg.CensusClient({ apiToken: 'secret-token', baseUrl: 'https://census.test/api/v1', fetch: answer(body) });
  await call(client); // warm up: first-call set-up is not what a call costs
  counts.exports = 0;
  counts.imports = 0;
  counts.byName.clear();
  counting = true;
  await call(client);
  counting = false;
  const total = counts.exports + counts.imports;
  return { label, total, 'js→wasm': counts.exports, 'wasm→js': counts.imports, calls: Object.fromEntries([...counts.byName].sort((a, b) => b[1] - a[1])) };
}

const results = [
  await measure('getSource(12)', bodies.get, (c) => c.getSource(12)),
  await measure('listSources({ perPage: 5 })', bodies.list, (c) => c.listSources({ perPage: 5 })),
];
console.log(JSON.stringify({ pkg: pkgDir, results }, null, 2));
