// The packed tarball as npm would publish it: exactly the files its `files` list names (no
// tests, sources or source maps), nothing that leaks the build machine's paths, every `exports`
// target present, the version from Cargo.toml with its CHANGELOG section, and types as each
// resolver sees them (attw: node10, node16 from ESM and from CommonJS, bundler).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { packedTarball, root } from './settings.mjs';

const run = promisify(execFile);
let dir;
let files;
let manifest;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'census-wasm-tarball-'));
  await run('tar', ['-xzf', packedTarball(), '-C', dir]);
  const base = join(dir, 'package');
  files = readdirSync(base, { recursive: true })
    .filter((file) => statSync(join(base, file)).isFile())
    .map((file) => file.split('\\').join('/'))
    .sort();
  manifest = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

const read = (file) => readFileSync(join(dir, 'package', file));

test('the tarball holds exactly what `files` names, and nothing else', () => {
  // wasm-bindgen's glue and its snippet (the runtime) are bundled into init.js.
  assert.deepEqual(files, [
    'CHANGELOG.md', 'README.md', 'census_wasm_bg.wasm', 'index.d.cts', 'index.d.ts',
    'index.js', 'init.d.ts', 'init.js', 'node.cjs', 'node.mjs', 'package.json',
  ].sort());
  // Every entry of `files` matched something, so the list holds no stale names.
  for (const entry of manifest.files) {
    const prefix = entry.replace(/\*.*$/, '');
    assert.ok(files.some((file) => file === entry || (prefix !== entry && file.startsWith(prefix))), `files entry ${entry} matched nothing`);
  }
});

test('no file carries a path of the machine that built it, a source map or a source map reference', () => {
  const leaks = [root, homedir(), tmpdir(), '/root/', '/home/', '/work/', process.env.CARGO_HOME, process.env.CARGO_TARGET_DIR]
    .filter((path) => path && path.length > 1);
  for (const file of files) {
    const text = read(file).toString('latin1');
    for (const path of leaks) assert.ok(!text.includes(path), `${file} contains ${path}`);
    assert.doesNotMatch(text, /sourceMappingURL/, file);
    assert.ok(!file.endsWith('.map'), file);
  }
});

test("every target of `exports` is in the tarball, and the version is Cargo.toml's, with a CHANGELOG section", () => {
  const targets = [];
  const walk = (value) => {
    if (typeof value === 'string') targets.push(value);
    else Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  for (const target of [...targets, manifest.main, manifest.module, manifest.types]) {
    assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is in the tarball`);
  }
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const version = /^\[package\][^[]*?^version = "([^"]+)"/m.exec(cargo)[1];
  assert.equal(manifest.version, version);
  const changelog = read('CHANGELOG.md').toString();
  assert.match(changelog, new RegExp(`^## ${version.replaceAll('.', '\\.')}( |$)`, 'm'), `CHANGELOG.md has a section for ${version}`);
  assert.ok(packedTarball().endsWith(`census-wasm-${version}.tgz`));
  console.log(`census-wasm ${version}: ${statSync(packedTarball()).size} B packed, ${files.length} files, `
    + `${files.reduce((sum, file) => sum + read(file).length, 0)} B unpacked`);
});

test('attw finds no problem for node10, node16 (ESM and CommonJS) and bundler resolution', async () => {
  // The .wasm is an asset (for bundlers' `?url` imports and require.resolve), not a module to type.
  const { stdout } = await run(join(root, 'node_modules/.bin/attw'), [packedTarball(), '--format', 'json', '--exclude-entrypoints', './census_wasm_bg.wasm'])
    .catch((error) => assert.fail(`attw found problems:\n${error.stdout}${error.stderr}`));
  const { analysis, problems } = JSON.parse(stdout);
  assert.deepEqual(problems, {}); // grouped by kind
  assert.deepEqual(Object.keys(analysis.entrypoints).sort(), ['.', './init', './package.json']);
  for (const subpath of ['.', './init']) {
    const resolutions = analysis.entrypoints[subpath].resolutions;
    const seen = Object.fromEntries(Object.entries(resolutions).map(([kind, { resolution }]) => [kind, relative('/node_modules/census-wasm', resolution.fileName)]));
    assert.deepEqual(seen, {
      node10: subpath === '.' ? 'index.d.cts' : 'init.d.ts',
      'node16-cjs': 'index.d.cts',
      'node16-esm': 'index.d.ts',
      bundler: 'index.d.ts',
    }, subpath);
  }
});
