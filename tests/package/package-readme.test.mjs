// The package's own README (pkg-template/README.md, what npm shows) as a reader uses it: every
// ```js and ```ts block run as written through the built package (pkg/node.mjs) against a local
// Census of our own, the data set back (`POST /__control/reset`) before each, and the method
// names and counts its prose gives checked against the clients. (readme-examples.test.mjs runs
// the repository README's method tables; nothing ran these blocks, whose ids were not the local
// Census's.)
//
// What a block is given, and nothing more:
// - `import … from 'census-wasm'` is the package; a client it makes talks to the local Census
//   with its tokens, whatever `apiToken`, `accessToken` and `baseUrl` the block gives (a reader
//   puts in their own), unless the block already points at the local Census: the Node quick
//   start reads them from CENSUS_API_TOKEN and CENSUS_BASE_URL, which are set to it.
// - What the README's prose calls `census` (a CensusClient), `stitch` (a StitchClient),
//   `CensusClient`, `apiToken` and `credentials`, when the block does not declare or import it.
// - A ```ts block is first stripped of its types by TypeScript (`using` lowered).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { CensusClient, StitchClient } from '../../pkg/node.mjs';
import { root, startCensus } from './settings.mjs';

const TOKEN = 'package-readme-token';
const STITCH_TOKEN = 'package-readme-stitch';
const FLAGS = ['--seed', '36', '--token', TOKEN, '--stitch-token', STITCH_TOKEN, '--refresh-ms', '100', '--run-ms', '300', '--stitch-job-ms', '0'];
// startReplicationAndWait's first check comes 5 s after the start (Stitch's jobs limit).
const BLOCK_DEADLINE_MS = 15_000;

const readme = readFileSync(join(root, 'pkg-template', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```(js|ts)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1],
  code: m[2],
  line: readme.slice(0, m.index).split('\n').length,
}));

/** The names a block declares or imports itself. */
function ownNames(code) {
  const names = new Set();
  for (const m of code.matchAll(/\b(?:const|let|var|using)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  for (const m of code.matchAll(/import\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  }
  return names;
}

let server;
let dir;
before(async () => {
  server = await startCensus(FLAGS);
  dir = mkdtempSync(join(tmpdir(), 'census-package-readme-'));
  const pkg = pathToFileURL(join(root, 'pkg', 'node.mjs')).href;
  const api = `${server.url}/api/v1`;
  const stitch = `${server.url}/stitch`;
  // The package, its clients sent to the local Census; `new`, `instanceof` and `.prototype`
  // work on them as on the package's own.
  writeFileSync(join(dir, 'census-wasm.mjs'), `export * from ${JSON.stringify(pkg)};
import { CensusClient as Census, StitchClient as Stitch } from ${JSON.stringify(pkg)};
const local = (Client, base, token) => new Proxy(Client, {
  construct: (Target, [options = {}]) => new Target(options.baseUrl === base ? options : { ...options, baseUrl: base, ...token }),
});
export const CensusClient = local(Census, ${JSON.stringify(api)}, { apiToken: ${JSON.stringify(TOKEN)} });
export const StitchClient = local(Stitch, ${JSON.stringify(stitch)}, { accessToken: ${JSON.stringify(STITCH_TOKEN)} });
`);
  process.env.CENSUS_API_TOKEN = TOKEN;
  process.env.CENSUS_BASE_URL = api;
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const GIVEN = {
  CensusClient: "import { CensusClient } from 'census-wasm';",
  census: "const census = new CensusClient({ apiToken: 'secret-token:a' });",
  stitch: "const stitch = new StitchClient({ accessToken: 'ac_a' });",
  StitchClient: "import { StitchClient } from 'census-wasm';",
  apiToken: "const apiToken = 'secret-token:a';",
  credentials: "const credentials = { hostname: 'db.example.com', port: 5432, database: 'analytics', user: 'census', password: 'correct horse battery staple' };",
};

test('the README has its code blocks', () => {
  assert.ok(blocks.length >= 5, `${blocks.length} blocks`);
});

blocks.forEach((block, index) => {
  test(`the ${block.lang} block at line ${block.line} runs as written`, async () => {
    const reset = await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    assert.equal(reset.status, 204, 'POST /__control/reset');
    let code = block.code;
    if (block.lang === 'ts') {
      code = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    }
    const own = ownNames(code);
    const uses = (name) => !own.has(name) && new RegExp(`(?<![\\w$.'])${name}\\b`).test(code);
    // What `census` and `stitch` need is given before them.
    const given = Object.keys(GIVEN).filter(uses);
    if (given.includes('census') && !own.has('CensusClient') && !given.includes('CensusClient')) given.unshift('CensusClient');
    if (given.includes('stitch') && !own.has('StitchClient') && !given.includes('StitchClient')) given.unshift('StitchClient');
    const log = [];
    globalThis.__readmeConsole = { log: (...args) => log.push(args.map(String).join(' ')) };
    const file = join(dir, `block-${index}.mjs`);
    const source = [
      ...given.filter((name) => /^[A-Z]/.test(name)).map((name) => GIVEN[name]),
      'const console = globalThis.__readmeConsole;',
      ...given.filter((name) => /^[a-z]/.test(name)).map((name) => GIVEN[name]),
      code,
    ].join('\n').replaceAll(/from 'census-wasm'/g, `from ${JSON.stringify(pathToFileURL(join(dir, 'census-wasm.mjs')).href)}`);
    writeFileSync(file, source);
    let timer;
    const deadline = new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`did not finish in ${BLOCK_DEADLINE_MS} ms`)), BLOCK_DEADLINE_MS);
    });
    try {
      await Promise.race([import(pathToFileURL(file).href), deadline]);
    } catch (error) {
      const logged = log.length ? `\n  logged: ${log.slice(0, 5).join('\n          ')}` : '';
      assert.fail(`README.md line ${block.line}: ${error?.name}: ${error?.message}\n  block:\n${block.code}${logged}`);
    } finally {
      clearTimeout(timer);
    }
  });
});

test('the method names and counts the prose gives are the clients\'', () => {
  const methods = (Client) => Object.getOwnPropertyNames(Client.prototype)
    .filter((name) => typeof Object.getOwnPropertyDescriptor(Client.prototype, name).value === 'function' && !['constructor', 'free'].includes(name));
  const census = methods(CensusClient);
  const stitch = methods(StitchClient);
  const verbs = /^(list|iterate|get|create|update|delete|refresh|wait|trigger|pause|unpause|start|stop|cancel)[A-Z]\w*$/;
  // `listX`, `iterateX` and `listAllX` stand for every paged list.
  const named = [...new Set([...readme.matchAll(/`(\w+)`/g)].map((m) => m[1]).filter((name) => verbs.test(name) && !name.endsWith('X')))];
  assert.deepEqual(named.filter((name) => !census.includes(name) && !stitch.includes(name)), [], 'names that are no method');
  const counts = /lists all (\d+) methods \(and `?StitchClient`?'s (\d+)\)/.exec(readme.replaceAll('\n', ' '));
  assert.ok(counts, 'the README gives the number of methods');
  assert.deepEqual([Number(counts[1]), Number(counts[2])], [census.length, stitch.length], 'CensusClient\'s and StitchClient\'s methods');
});
