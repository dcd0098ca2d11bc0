// Sizes of the built client, shared by bench/size.mjs and tests/package/budget.test.mjs: the
// release wasm and the JS the package ships (init.js, which bundles wasm-bindgen's glue and the runtime, and index.js),
// each raw and gzip -9 (each file compressed on its own, as a server sends it) and brotli.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

export const BUDGET_FILE = new URL('./budget.json', import.meta.url);

/** The budgets in bench/budget.json (the one place they are set). */
export function readBudget() {
  return JSON.parse(readFileSync(BUDGET_FILE, 'utf8'));
}

/** `{ raw, gzip, brotli }` bytes of one buffer or string. */
export function compressedSizes(contents) {
  const bytes = Buffer.from(contents);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const ZERO = { raw: 0, gzip: 0, brotli: 0 };

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/**
 * The client as pkg/ ships it: `wasm` (census_wasm_bg.wasm), `glue` (every .js file: the
 * init.js bundle and the index.js entry) and `total`, plus the JS files one by one.
 */
export function clientSizes(pkgDir) {
  const wasm = compressedSizes(readFileSync(join(pkgDir, 'census_wasm_bg.wasm')));
  const files = jsFiles(pkgDir).sort().map((file) => ({
    file: relative(pkgDir, file),
    ...compressedSizes(readFileSync(file)),
  }));
  const glue = files.reduce(add, ZERO);
  return { wasm, glue, total: add(wasm, glue), files };
}
