// Setting 6, a bundler that emits no asset for new URL('./census_wasm_bg.wasm', import.meta.url)
// (esbuild; Rollup without a plugin is the same): the packed tarball installed into
// tests/bundlers/ (a fresh copy), bundled with the workspace's esbuild as its README says.
// For the browser: the ESM bundle alone fails to load with a CensusError saying the .wasm was
// not emitted and to copy it, and lists sources once it is copied; census-wasm/init with the
// .wasm as a file asset works in an IIFE bundle. For Node (esbuild --platform=node, as a
// server framework bundles server code): census-wasm bundled in fails with a CensusError naming
// the file it looked for and how to leave the package out of the bundle, and left out, the
// app lists sources.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { allSourceNames, installProject, launchChromium, localCensus, openPage, serve } from './settings.mjs';

let census;
let project;
let browser;
let firstFive;

before(async () => {
  census = await localCensus();
  project = installProject('bundlers');
  browser = await launchChromium();
  firstFive = (await allSourceNames(census)).reverse().slice(0, 5); // newest first, as listSources
});

after(async () => {
  await browser?.close();
  project?.remove();
  await census?.stop();
});

const bundle = (options) => build({ absWorkingDir: project.dir, bundle: true, logLevel: 'silent', ...options });
const pageQuery = () => `?${new URLSearchParams({ api: `${census.url}/api/v1`, token: census.token })}`;

test('esbuild for the browser (ESM): the .wasm it did not emit is a CensusError that says to copy it; copied, the page lists sources', async () => {
  await bundle({ entryPoints: ['src/app.js'], format: 'esm', outdir: 'dist' });
  assert.deepEqual(readdirSync(join(project.dir, 'dist')), ['app.js'], 'esbuild emits the bundle only');

  const site = await serve(project.dir);
  try {
    const { problems, result } = await openPage(browser, `${site.url}/${pageQuery()}`);
    const wasmUrl = `${site.url}/dist/census_wasm_bg.wasm`;
    assert.deepEqual(problems, [`HTTP 404: ${wasmUrl}`]);
    assert.equal(result.error, 'CensusError');
    assert.equal(result.code, 'invalid_config');
    assert.ok(result.message.startsWith(`census-wasm could not load ${wasmUrl} (`), result.message);
    assert.match(result.message, /404/);
    assert.match(result.message, /if a bundler built this, it did not emit the \.wasm \(Rollup and esbuild do not\): copy census_wasm_bg\.wasm there; see "Loading the wasm" in its README$/);

    copyFileSync(join(project.dir, 'node_modules', 'census-wasm', 'census_wasm_bg.wasm'), join(project.dir, 'dist', 'census_wasm_bg.wasm'));
    const copied = await openPage(browser, `${site.url}/${pageQuery()}`);
    assert.deepEqual(copied.problems, []);
    assert.deepEqual(copied.result, { names: firstFive });
  } finally {
    await site.close();
  }
});

test('esbuild for the browser (IIFE): census-wasm/init with the .wasm imported as a file asset lists sources', async () => {
  // The file loader's URL is relative to the page unless publicPath says where dist/ is served.
  await bundle({ entryPoints: ['src/init-app.js'], outdir: 'dist', loader: { '.wasm': 'file' }, publicPath: '/dist' });
  assert.ok(readdirSync(join(project.dir, 'dist')).some((file) => /^census_wasm_bg-.+\.wasm$/.test(file)), 'the .wasm emitted as an asset');
  const site = await serve(project.dir);
  try {
    const { problems, result } = await openPage(browser, `${site.url}/init.html${pageQuery()}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(result, { names: firstFive });
  } finally {
    await site.close();
  }
});

function runNode(file) {
  const env = { ...process.env, CENSUS_API: `${census.url}/api/v1`, CENSUS_TOKEN: census.token };
  return spawnSync(process.execPath, [file], { cwd: project.dir, env, encoding: 'utf8', timeout: 20_000 });
}

for (const format of ['cjs', 'esm']) {
  test(`a Node app bundled by esbuild (${format}): census-wasm bundled in says how to leave it out, and left out it lists sources`, async (t) => {
    if (format === 'esm' && typeof process.getBuiltinModule !== 'function') {
      t.skip('Node before 20.16 has no process.getBuiltinModule: a require() bundled into an ES module throws first');
      return;
    }
    const ext = format === 'cjs' ? 'cjs' : 'mjs';
    const bundled = `server/node-app-bundled.${ext}`;
    await bundle({ entryPoints: ['src/node-app.js'], platform: 'node', format, outfile: bundled });
    const failed = runNode(bundled);
    assert.notEqual(failed.status, 0, failed.stdout);
    const where = format === 'cjs' ? join(project.dir, 'server', 'census_wasm_bg.wasm') : 'census_wasm_bg.wasm';
    const cause = format === 'cjs' ? 'ENOENT' : 'ReferenceError: __dirname is not defined here, as in an ES module bundle';
    assert.ok(
      failed.stderr.includes(`CensusError: census-wasm could not read its WebAssembly file, ${where} (${cause}). `
        + 'In Node it reads census_wasm_bg.wasm from its own folder, so a bundler must leave census-wasm out of a server or Node bundle: '
        + "Next.js: serverExternalPackages: ['census-wasm'] in next.config; esbuild: --external:census-wasm (or --packages=external); webpack: externals."),
      failed.stderr,
    );

    const external = `server/node-app-external.${ext}`;
    await bundle({ entryPoints: ['src/node-app.js'], platform: 'node', format, outfile: external, external: ['census-wasm'] });
    const listed = runNode(external);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), firstFive);
  });
}
