// Turns what `wasm-pack build --target web` wrote into pkg/ into the npm package (run by
// scripts/build-pkg.sh, never alone):
//   index.js   the entry for browsers, bundlers and workers: loads the wasm with a top-level await
//   init.js    `census-wasm/init`: the same exports, the wasm loaded when the user calls init()
//   node.cjs   Node's entry for require(): the whole client in one CommonJS file that reads the
//              wasm synchronously, so neither require() nor import needs any init call
//   node.mjs   Node's entry for import: re-exports node.cjs, so a process that both imports and
//              requires the package holds one wasm instance and one set of classes (instanceof
//              works across the two)
//   index.d.ts / index.d.cts  every declaration in one file, for ESM and CommonJS resolution,
//              each method with an example (the README's method table, generated from
//              census-core/src/api.rs)
// and package.json (pkg-template/package.json with the version from Cargo.toml), README.md and
// CHANGELOG.md. The glue, the runtime and node.cjs are minified with names kept.
import { readFileSync, writeFileSync, rmSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { initEntry } from './init-entry.mjs';

const out = 'pkg';
const fail = (message) => {
  console.error(`error: ${message}`);
  process.exit(1);
};
const read = (path) => readFileSync(path, 'utf8');

// ---- version: Cargo.toml's [package] version is the one place it is set ------------------------

const cargo = read('Cargo.toml');
const version = /^\[package\][^[]*?^version = "([^"]+)"/m.exec(cargo)?.[1];
if (!version) fail('no version in the [package] table of Cargo.toml');

// ---- JavaScript ---------------------------------------------------------------------------------

let entry;
try {
  entry = initEntry(out);
} catch (error) {
  fail(error.message);
}
const { names } = entry;

// wasm-bindgen names the snippet module twice in the imports object it hands the wasm (the same
// module, so harmless); esbuild's warning about the duplicate key is silenced.
const minify = { minify: true, keepNames: true, format: 'esm', target: 'es2020', logOverride: { 'duplicate-object-key': 'silent' } };

// init.js, `census-wasm/init` (scripts/init-entry.mjs). It is one file: wasm-bindgen's glue
// (census_wasm.js) and the runtime (the snippet) are bundled into it, so a page loads two scripts
// (index.js and this) instead of four, and one minification spans them (0.76 KB gzip less than
// the three files compressed one by one).
await build({
  stdin: {
    contents: entry.source,
    resolveDir: out,
    sourcefile: 'init-entry.js',
  },
  ...minify,
  bundle: true,
  platform: 'neutral',
  outfile: join(out, 'init.js'),
});
rmSync(join(out, 'census_wasm.js'));
rmSync(join(out, 'snippets'), { recursive: true });

// The browser entry is written without comments since its size counts in bench/budget.json (it
// is already small; a minifier turns each re-export into an import and an export, and would
// make it larger).
// index.js, `census-wasm`: loads census_wasm_bg.wasm from beside itself with a top-level await
// (ES2022), once; a failure names the URL and points to the README's "Loading the wasm", which
// says what a page needs (the file served, a CSP allowing it); a 404 adds that a bundler which
// does not emit assets referenced as new URL(…, import.meta.url) (Rollup, esbuild) left it out.
writeFileSync(join(out, 'index.js'), `import init, { CensusError } from './init.js';
const url = new URL('./census_wasm_bg.wasm', import.meta.url);
try {
  await init({ module_or_path: url });
} catch (error) {
  // Node's fetch cannot read file: URLs: there, the package's own entry (node.mjs) reads the file.
  const hint = url.protocol === 'file:' ? "in Node, import 'census-wasm' itself, not its index.js" : \`\${/\\b404\\b/.test(error) ? 'if a bundler built this, it did not emit the .wasm (Rollup and esbuild do not): copy census_wasm_bg.wasm there; ' : ''}see "Loading the wasm" in its README\`;
  throw Object.assign(new CensusError(\`census-wasm could not load \${url} (\${error}); \${hint}\`, { code: 'invalid_config' }), { cause: error });
}
export * from './init.js';
export { default } from './init.js';
`);

// Node: the wasm read from the package's own folder, synchronously, so require() works too.
// A bundler that takes this file into a server or Node build (Next.js, which bundles server
// code with Turbopack or webpack; esbuild or webpack for Node) moves it away from that folder:
// __dirname is then the bundle's (or Turbopack's /ROOT/…, or none in an ES module), and the
// read fails. That failure says what to do rather than a bare ENOENT. node:fs comes from
// process.getBuiltinModule where Node has it (20.16+), since a require() bundled into an ES
// module throws "Dynamic require of node:fs is not supported" before the read is tried.
await build({
  stdin: {
    contents: `import { initSync, CensusError } from './init.js';

const builtin = typeof process.getBuiltinModule === 'function';
const fs = builtin ? process.getBuiltinModule('node:fs') : require('node:fs');
const path = builtin ? process.getBuiltinModule('node:path') : require('node:path');
let wasm = 'census_wasm_bg.wasm';
let bytes;
try {
  if (typeof __dirname !== 'string') throw new ReferenceError('__dirname is not defined here, as in an ES module bundle');
  wasm = path.join(__dirname, wasm);
  bytes = fs.readFileSync(wasm);
} catch (error) {
  throw Object.assign(new CensusError(\`census-wasm could not read its WebAssembly file, \${wasm} (\${error?.code ?? error}). In Node it reads census_wasm_bg.wasm from its own folder, so a bundler must leave census-wasm out of a server or Node bundle: Next.js: serverExternalPackages: ['census-wasm'] in next.config; esbuild: --external:census-wasm (or --packages=external); webpack: externals. See "Loading the wasm" in its README\`, { code: 'invalid_config' }), { cause: error });
}
initSync({ module: bytes });
export * from './init.js';
export { default } from './init.js';
`,
    resolveDir: out,
    sourcefile: 'node-entry.js',
  },
  ...minify,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(out, 'node.cjs'),
  // The glue makes its TextEncoder and TextDecoder as it loads; a realm without them (Jest's
  // jsdom environment) would fail with a bare ReferenceError, so this says what is missing
  // and what to use instead, before anything else runs.
  banner: { js: `// census-wasm for Node's require() (and, through node.mjs, import): the wasm is read at load.
for (const name of ['TextEncoder', 'TextDecoder']) {
  if (typeof globalThis[name] !== 'function') {
    throw new TypeError(\`census-wasm needs the global \${name}, which this environment lacks. Jest's jsdom environment has none of TextEncoder, TextDecoder, fetch, Request and Response: test with Jest's node environment, or with jest-fixed-jsdom, which keeps Node's.\`);
  }
}` },
  // The glue's default wasm URL (import.meta.url) is never used here: initSync has run first.
  logOverride: { ...minify.logOverride, 'empty-import-meta': 'silent' },
});
writeFileSync(join(out, 'node.mjs'), `// census-wasm for Node's import: the CommonJS build, so import and require() share one instance.
import census from './node.cjs';

export const { ${[...names, 'init', 'initSync'].join(', ')} } = census;
export default census.default;
`);

// ---- TypeScript ---------------------------------------------------------------------------------

let glue = read(join(out, 'census_wasm.d.ts')).replace('/* tslint:disable */\n/* eslint-disable */\n', '');
// wasm-bindgen's loader declarations (InitInput, InitOutput with every raw export, initSync and
// __wbg_init) give way to pkg-template/loader.d.ts, which documents what users call.
const loaderAt = glue.indexOf('\nexport type InitInput =');
if (loaderAt < 0) fail('census_wasm.d.ts: wasm-bindgen\'s loader declarations (export type InitInput) not found');
const loader = glue.slice(loaderAt);
for (const expected of ['export interface InitOutput', 'export type SyncInitInput', 'export function initSync', 'export default function __wbg_init']) {
  if (!loader.includes(expected)) fail(`census_wasm.d.ts: expected \`${expected}\` among the loader declarations`);
}
const unexpected = loader.match(/^export (?!type InitInput|interface InitOutput|type SyncInitInput|function initSync|default function __wbg_init)[^\n]*/m);
if (unexpected) fail(`census_wasm.d.ts: a declaration after the loader's that would be dropped: ${unexpected[0]}`);
glue = glue.slice(0, loaderAt + 1);

// Each method of CensusClient and StitchClient gets its example from the README's method tables
// (generated from census-core/src/api.rs and api/stitch.rs, and checked current by
// tests/generated.rs).
function documented(glue, className, marker, variable, constructorExample, freeExample) {
  const examples = new Map();
  const table = new RegExp(`<!-- ${marker}: generated from [^>]* -->\n([\\s\\S]*?)<!-- ${marker}: end -->`).exec(read('README.md'));
  if (!table) fail(`README.md: the ${marker} table markers are missing`);
  for (const row of table[1].split('\n')) {
    const match = /^\| `(\w+)`(?: \(legacy\))? \| .* \| `(.+)` \|$/.exec(row);
    if (match) examples.set(match[1], match[2].replaceAll('\\|', '|'));
  }
  const classStart = glue.indexOf(`export declare class ${className} {`);
  const classEnd = glue.indexOf('\n}\n', classStart);
  if (classStart < 0 || classEnd < 0) fail(`census_wasm.d.ts: the ${className} declaration was not found`);
  const done = new Set();
  // A create's overloads come most particular first and the general one last (TypeScript's
  // `ReturnType` reads the last): the last declaration of a name carries its doc and example.
  const declaration = /^( +)\/\*\* (.*) \*\/\n\1(\w+)\(/gm;
  const left = new Map();
  for (const [, , , name] of glue.slice(classStart, classEnd).matchAll(declaration)) left.set(name, (left.get(name) ?? 0) + 1);
  let client = glue.slice(classStart, classEnd).replace(declaration, (whole, indent, doc, name) => {
    left.set(name, left.get(name) - 1);
    if (['constructor', 'free'].includes(name) || left.get(name) > 0) return whole; // an overload before the general one
    const example = examples.get(name);
    if (!example) fail(`${className}.${name} has no example in README.md's ${marker} table`);
    if (example.includes('*/')) fail(`the example of ${name} would end its doc comment: ${example}`);
    done.add(name);
    return `${indent}/**\n${indent} * ${doc}\n${indent} *\n${indent} * @example\n${indent} * \`\`\`ts\n${indent} * ${example}\n${indent} * \`\`\`\n${indent} */\n${indent}${name}(`;
  });
  const extra = [...examples.keys()].filter((name) => !done.has(name));
  if (extra.length > 0) fail(`README.md's ${marker} table lists methods ${className} does not declare: ${extra.join(', ')}`);

  const lifetime = (indent) => `${indent}/**
${indent} * Frees the client's wasm memory now. You need not call it: a client that is no longer
${indent} * referenced is freed when the garbage collector reclaims it (the package is built with weak
${indent} * references). Call it, or declare the client with \`using\`, to free it at a known point; the
${indent} * client cannot be used afterwards.
${indent} *
${indent} * @example
${indent} * \`\`\`ts
${indent} * const ${variable} = new ${className}(${constructorExample[0]});
${indent} * try {
${indent} *   ${freeExample[0]}
${indent} * } finally {
${indent} *   ${variable}.free();
${indent} * }
${indent} * \`\`\`
${indent} */
${indent}free(): void;
${indent}/**
${indent} * Frees the client, as \`free()\` does, when a \`using\` declaration goes out of scope.
${indent} *
${indent} * @example
${indent} * \`\`\`ts
${indent} * {
${indent} *   using ${variable} = new ${className}(${constructorExample[0]});
${indent} *   ${freeExample[1]}
${indent} * } // freed here
${indent} * \`\`\`
${indent} */
${indent}[Symbol.dispose](): void;
`;
  const freeDecl = /^( +)\/\*\* [^\n]* \*\/\n\1free\(\): void;\n/m;
  if (!freeDecl.test(client)) fail(`census_wasm.d.ts: ${className}.free() was not found`);
  client = client.replace(freeDecl, (_, indent) => lifetime(indent));
  const constructorDecl = /^( +)\/\*\* ([^\n]*) \*\/\n\1constructor\(/m;
  if (!constructorDecl.test(client)) fail(`census_wasm.d.ts: the ${className} constructor was not found`);
  client = client.replace(constructorDecl, (_, indent, doc) => `${indent}/**
${indent} * ${doc}
${indent} *
${indent} * @example
${indent} * \`\`\`ts
${constructorExample.slice(1).map((line) => `${indent} * ${line}`).join('\n')}
${indent} * \`\`\`
${indent} */
${indent}constructor(`);
  return glue.slice(0, classStart) + client + glue.slice(classEnd);
}
glue = documented(glue, 'CensusClient', 'methods', 'census', [
  '{ apiToken }',
  'const census = new CensusClient({ apiToken: process.env.CENSUS_API_TOKEN, timeoutMs: 10_000 });',
  "const sameOrigin = new CensusClient({ baseUrl: '/census/api/v1' }); // a proxy adds the token",
], ['console.log((await census.getWorkspace()).name);', 'await census.triggerSync(61);']);
glue = documented(glue, 'StitchClient', 'stitch methods', 'stitch', [
  '{ accessToken }',
  'const stitch = new StitchClient({ accessToken: process.env.STITCH_ACCESS_TOKEN });',
  "const local = new StitchClient({ baseUrl: 'http://localhost:4010/stitch', accessToken: 'census-local-dev-stitch' });",
], ['console.log((await stitch.listSources()).length);', 'await stitch.startReplication(120643);']);

const errorTypes = read('src/js/errors.d.ts').replace(/^import type [^\n]*\n+/m, '');
if (/^import /m.test(errorTypes)) fail('src/js/errors.d.ts: imports other than the one from census_wasm.js');
const declarations = `// Types of census-wasm ${version}: the client, its models and options (generated from the Rust
// descriptions), the error classes and the loader.

${glue.trim()}

// ---- errors -------------------------------------------------------------------------------------

${errorTypes.trim()}

${read('pkg-template/loader.d.ts').trim()}

// \`Symbol.dispose\`, for TypeScript libs older than ES2025 (TypeScript's own lib and @types/node
// declare it the same way).
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
`;
writeFileSync(join(out, 'index.d.ts'), declarations);
writeFileSync(join(out, 'index.d.cts'), declarations);
// TypeScript's legacy `moduleResolution: node` ignores `exports` and looks for census-wasm/init
// as a file: init.js, typed by this.
writeFileSync(join(out, 'init.d.ts'), "export * from './index.js';\nexport { default } from './index.js';\n");

// ---- the rest -----------------------------------------------------------------------------------

for (const file of ['census_wasm.d.ts', 'census_wasm_bg.wasm.d.ts', '.gitignore']) rmSync(join(out, file), { force: true });
const manifest = JSON.parse(read('pkg-template/package.json'));
if ('version' in manifest) fail('pkg-template/package.json must not set a version: Cargo.toml holds it');
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: manifest.name, version, ...manifest }, null, 2)}\n`);
copyFileSync('pkg-template/README.md', join(out, 'README.md'));
copyFileSync('CHANGELOG.md', join(out, 'CHANGELOG.md'));
console.log(`assembled ${relative('.', out)}/ (census-wasm ${version})`);
