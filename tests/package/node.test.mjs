// Setting 3, Node 20: the packed tarball installed into tests/node/ (a fresh copy), whose scripts
// import and require `census-wasm` by name with no init call and talk to the local Census; its
// TypeScript compiled against the installed declarations; its own test file run there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { allSourceNames, installProject, localCensus, root } from './settings.mjs';

const run = promisify(execFile);
let project;
let census;
let names;

before(async () => {
  census = await localCensus();
  project = installProject('node');
  names = await allSourceNames(census);
});

after(async () => {
  project?.remove();
  await census?.stop();
});

/** Runs `node ...args` in the project against the local Census; resolves to its stdout as JSON. */
async function node(...args) {
  const env = { ...process.env, CENSUS_LOCAL_URL: census.url, CENSUS_LOCAL_TOKEN: census.token };
  const { stdout } = await run(process.execPath, args, { cwd: project.dir, env });
  return JSON.parse(stdout);
}

test('import: an ES module script lists every source and gets typed errors, with no init call', async () => {
  const result = await node('list.mjs');
  assert.deepEqual(result, { names, notFound: 404 });
});

test('require: a CommonJS script does the same', async () => {
  const result = await node('list.cjs');
  assert.deepEqual(result, { names, notFound: 404 });
});

test('the methods are on the prototypes right after import and require, before any client is made: a spy set first is what the client calls', async () => {
  const expected = {
    atImport: { getSource: 'function', iterateSources: 'function', stitchGetSource: 'function', startReplicationAndWait: 'function' },
    spied: ['spied', 120643, 1, 1],
    real: 'invalid_input',
  };
  assert.deepEqual(await node('prototype.mjs'), expected);
  assert.deepEqual(await node('prototype.cjs'), expected);
});

test('import and require in one process share one instance: the same classes and wasm memory', async () => {
  assert.deepEqual(await node('both.mjs'), { sameClient: true, sameInit: true, crossInstanceof: true, sameMemory: true });
});

test('TypeScript (node16, ESM and CommonJS) compiles against the installed types; `using` frees a client, the garbage collector frees dropped ones', async () => {
  await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: project.dir })
    .catch((error) => assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`));
  // The oldest TypeScript the README names (5.2, for `using`) reads the same declarations.
  await run(process.execPath, [join(root, 'node_modules/typescript-5.2/bin/tsc'), '-p', '.', '--noEmit'], { cwd: project.dir })
    .catch((error) => assert.fail(`tsc 5.2 failed:\n${error.stdout}${error.stderr}`));
  const result = await node('--expose-gc', 'dist/lifetime.mjs');
  assert.equal(result.first, names.at(-1), 'the client worked inside its block (the newest source)');
  assert.match(result.afterDispose, /^rejected: /, 'a client used after its `using` block has ended is freed');
  // Each client holds its 4,000-character token in wasm memory: never freed, the 20,000 dropped
  // ones would hold over 80 MB; the 5,000 kept as the control hold over 20 MB.
  const MB = 1024 * 1024;
  assert.ok(result.keptGrowth >= 5000 * 4000, `5,000 kept clients grew wasm memory by only ${result.keptGrowth} B`);
  assert.ok(result.droppedGrowth < 5000 * 4000, `20,000 dropped clients grew wasm memory by ${result.droppedGrowth} B: they were not freed`);
  console.log(`wasm memory: +${(result.droppedGrowth / MB).toFixed(1)} MB for 20,000 dropped clients, +${(result.keptGrowth / MB).toFixed(1)} MB for 5,000 kept`);
});

test("the project's own tests, importing census-wasm by name", async () => {
  // A test runner of its own: without NODE_TEST_CONTEXT, which this runner sets for its children.
  const { NODE_TEST_CONTEXT, ...inherited } = process.env;
  const env = { ...inherited, CENSUS_LOCAL_URL: census.url, CENSUS_LOCAL_TOKEN: census.token };
  const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'client.test.mjs'], { cwd: project.dir, env })
    .catch((error) => assert.fail(`client.test.mjs failed:\n${error.stdout}${error.stderr}`));
  assert.match(stdout, /^# pass [1-9]\d*$/m, stdout);
  assert.match(stdout, /^# fail 0$/m, stdout);
});

test('the browser entry imported by its path in Node says to import census-wasm itself', async () => {
  const entry = join(project.dir, 'node_modules', 'census-wasm', 'index.js');
  const script = `import(${JSON.stringify(entry)}).then(() => console.log('loaded'), (e) => console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })))`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project.dir });
  const error = JSON.parse(stdout);
  assert.equal(error.code, 'invalid_config');
  assert.match(error.message, /in Node, import 'census-wasm' itself, not its index\.js/);
});
