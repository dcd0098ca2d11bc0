// Setting 5, a front-end project's unit tests: the packed tarball installed into a copy of
// tests/vitest/, whose app module makes a CensusClient on import and whose tests mock the API
// with MSW (setupServer, listening only after that import), under Vitest's jsdom, happy-dom and
// Node environments. Vitest, jsdom, happy-dom and MSW are the workspace's (package.json pins
// them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installProject, root } from './settings.mjs';

let project;

before(() => {
  project = installProject('vitest', { inWorkspace: true });
});

after(() => {
  project?.remove();
});

test("the app's tests pass under Vitest with MSW, in jsdom, happy-dom and Node", async () => {
  const report = join(project.dir, 'report.json');
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  let output = '';
  try {
    ({ stdout: output } = await promisify(execFile)(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile=${report}`], {
      cwd: project.dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      timeout: 120_000,
    }));
  } catch (error) {
    assert.fail(`vitest failed:\n${error.stdout}\n${error.stderr}`);
  }
  const { numTotalTests, numPassedTests, testResults } = JSON.parse(readFileSync(report, 'utf8'));
  const names = testResults.flatMap((file) => file.assertionResults.map((t) => `${t.status}: ${t.title}`)).sort();
  assert.deepEqual(names, [
    'passed: a 404 is a CensusNotFoundError, a 503 is retried',
    'passed: an answer of the wrong shape is refused, naming the member',
    'passed: lists every page and reads one source through MSW',
    'passed: lists every page and reads one source through MSW, in happy-dom',
    'passed: lists every page through MSW',
    'passed: runs in Node',
    'passed: runs in happy-dom',
    'passed: runs in jsdom',
    'passed: vi.spyOn on a prototype method before any client is made',
  ], output);
  assert.equal(numPassedTests, numTotalTests);
  // Which entry each environment loaded: the installed package, not the workspace's pkg/.
  assert.ok(readFileSync(join(project.dir, 'node_modules', 'census-wasm', 'package.json'), 'utf8').includes('"name": "census-wasm"'));
});
