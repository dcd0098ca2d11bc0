// The source of the package's `init.js` entry, shared by scripts/assemble-pkg.mjs (which bundles
// it with the glue and the runtime) and bench/profile.mjs (which serves it as it is, so each
// module stays its own script).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * For wasm-bindgen's output in `dir`: `names`, what the package exports besides the loader (the
 * clients, and everything src/js/errors.d.ts declares), and `source`, init.js's source, which
 * imports the glue and its one snippet (src/js/census.js). Throws when the output is not as
 * expected.
 */
export function initEntry(dir) {
  const snippets = readdirSync(join(dir, 'snippets'), { recursive: true })
    .filter((file) => file.endsWith('.js'))
    .map((file) => join('snippets', file));
  const runtime = snippets.find((file) => file.endsWith('src/js/census.js'));
  if (!runtime || snippets.length !== 1) throw new Error(`expected one snippet, src/js/census.js; found ${snippets.join(', ') || 'none'}`);
  // What the runtime exports besides CensusClient: everything src/js/errors.d.ts declares (the
  // error classes, and any function declared beside them).
  const errors = readFileSync(new URL('../src/js/errors.d.ts', import.meta.url), 'utf8');
  const exported = [...errors.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]);
  if (!exported.includes('CensusError')) throw new Error('src/js/errors.d.ts declares no CensusError');
  const names = ['CensusClient', 'StitchClient', ...exported];
  // Binds the wasm's Core to CensusClient; `using census = new CensusClient(…)` frees the client
  // at the end of the block, as free() does. init() and initSync() are the glue's, followed by
  // ready(), which puts the methods on the prototypes as soon as the wasm is there (index.js
  // and node.cjs call them as they load, so there before anything is imported from them).
  const source = `import load, { Core, initSync as loadSync } from './census_wasm.js';
import { bind, ready, CensusClient, StitchClient } from './${runtime}';
bind(Core);
if (typeof Symbol.dispose === 'symbol') for (const C of [CensusClient, StitchClient]) Object.defineProperty(C.prototype, Symbol.dispose, { value: C.prototype.free, writable: true, configurable: true });
async function init(options) {
  const output = await load(options);
  ready();
  return output;
}
function initSync(options) {
  const output = loadSync(options);
  ready();
  return output;
}
export { init as default, init, initSync };
export { ${names.join(', ')} } from './${runtime}';
`;
  return { names, source };
}
