// Every example of the README's two method tables (`<!-- methods: … -->` and `<!-- stitch
// methods: … -->`, generated from the `example` of each description in census-core/src/api.rs
// and api/stitch.rs) run as written, through the built package (pkg/node.mjs), against a local
// Census of our own: the data set back (`POST /__control/reset`) before each, and a failure is
// the method's name with what it threw, or that it did not finish in EXAMPLE_DEADLINE_MS.
//
// What an example is given, and nothing more:
// - `census` (a CensusClient with the workspace token), `org` (one with the personal access
//   token, for the organisation methods) and `stitch` (a StitchClient), as the README names them.
// - A name it uses without declaring it that the example of a row above it in the same table
//   declares (`const { refresh_key } = await census.refreshTables(3);` above
//   `refreshTablesStatus(3, refresh_key)`): the nearest such row runs first, in the same scope
//   (and so on, for what that one uses), as a reader would run the two in turn.
// - Otherwise, PLACEHOLDERS: the values a reader fills in (a password, an AbortSignal, …).
// - `…` as an arrow function's body (`onProgress: (p) => …`) is `undefined`.
// - `console` logs to a buffer, shown when the example fails.
// A first test checks that the rows read are every method of both clients, each once, so a row
// the parsing missed cannot pass unseen. This file starts its own census-local (the one
// scripts/test.sh shares has no --http-source and must not be reset under the other tests), from
// target/debug/ (cargo build -p census-local) or CENSUS_LOCAL_BIN, and needs pkg/
// (scripts/build-pkg.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CensusClient, StitchClient } from '../../pkg/node.mjs';
import { root, startCensus } from './settings.mjs';

const TOKEN = 'readme-examples-token';
const PAT = 'readme-examples-pat';
const STITCH_TOKEN = 'readme-examples-stitch';
// The default seed with the HTTP-request source (75) whose topics the examples read; jobs short
// enough that every wait ends at its first or second check; a run long enough to cancel.
const FLAGS = ['--seed', '36', '--http-source', '--token', TOKEN, '--pat-token', PAT, '--stitch-token', STITCH_TOKEN,
  '--refresh-ms', '100', '--run-ms', '300', '--stitch-job-ms', '0'];
// A few seconds; startReplicationAndWait's first check comes 5 s after the start (Stitch's
// jobs limit), whatever the job's length.
const EXAMPLE_DEADLINE_MS = 10_000;

// Examples not run, by `census.<method>` or `stitch.<method>`, each with the reason: none today.
// An entry skips its row, the reason shown in the test's output.
const NOT_RUN = new Map([]);

/** The values a reader supplies: each a plausible one, a fresh object per example. */
const PLACEHOLDERS = {
  // createSource's credentials (a Postgres source); `password` also Stitch's createDestination's
  hostname: () => 'db.example.com',
  database: () => 'analytics',
  user: () => 'census',
  password: () => 'correct horse battery staple',
  // updateSource: a rotated password
  newPassword: () => 'correct horse battery staple 2',
  // createDestination's credentials (Braze)
  api_key: () => 'braze-rest-api-key',
  instance_url: () => 'https://rest.iad-01.braze.com',
  // the page a link returns to
  location: () => ({ href: 'https://admin.example.com/census/connected' }),
  // call options
  signal: () => new AbortController().signal,
  onProgress: () => () => {},
};

/** The rows of a table between `<!-- <marker>: generated…` and `<!-- <marker>: end -->`. */
function tableRows(readme, marker, client) {
  const start = readme.indexOf(`<!-- ${marker}: generated`);
  const end = readme.indexOf(`<!-- ${marker}: end -->`);
  assert.ok(start >= 0 && end > start, `the README has no ${marker} table`);
  const lines = readme.slice(start, end).split('\n').slice(1).filter((line) => line.startsWith('|'));
  assert.deepEqual(lines.slice(0, 2), ['| method | call | example |', '|---|---|---|'], `the ${marker} table's header`);
  return lines.slice(2).map((line) => {
    // Cells are split at pipes a backslash does not escape; `\|` in a code span is a `|`.
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    assert.equal(cells.length, 3, `a row of three cells: ${line}`);
    const name = cells[0].match(/^`(\w+)`( \(legacy\))?$/)?.[1];
    const code = cells[2].match(/^`(.*)`$/)?.[1]?.replaceAll('\\|', '|');
    assert.ok(name && code, `a method and an example in: ${line}`);
    return { table: marker, client, name, code };
  });
}

const KEYWORDS = new Set(['const', 'let', 'var', 'await', 'async', 'for', 'of', 'if', 'else', 'new', 'true', 'false', 'null',
  'undefined', 'return', 'typeof', 'instanceof', 'in', 'try', 'catch', 'throw', 'break', 'continue', 'function', 'this']);

/** The code without its string literals and trailing `//` comment, for finding names. */
function codeOnly(code) {
  return code.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''").replace(/\/\/.*$/, '');
}

/** Identifiers in a binding pattern (`{ a, b: [c] }` gives a and c). */
function patternNames(pattern) {
  return [...pattern.replace(/\b\w+\s*:/g, '').matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]).filter((name) => !KEYWORDS.has(name));
}

/** Names an example declares for what follows it: its `const`/`let` statements (not loop variables). */
function exported(code) {
  const text = codeOnly(code);
  const names = [];
  for (const m of text.matchAll(/(?:^|[;{]\s*)(?:const|let)\s+([{[][^=]*[}\]]|[A-Za-z_$][\w$]*)\s*=/g)) names.push(...patternNames(m[1]));
  return names;
}

/** Names an example uses that it does not declare itself (declarations, loop variables, arrow parameters). */
function freeNames(code) {
  const text = codeOnly(code);
  const own = new Set(exported(code));
  for (const m of text.matchAll(/\((?:const|let)\s+([{[][^=]*?[}\]]|[A-Za-z_$][\w$]*)\s+of\b/g)) patternNames(m[1]).forEach((n) => own.add(n));
  for (const m of text.matchAll(/\(([^()]*)\)\s*=>|([A-Za-z_$][\w$]*)\s*=>/g)) patternNames(m[1] ?? m[2]).forEach((n) => own.add(n));
  const used = new Set();
  // A name not after a `.` (a member) and not before a `:` (an object key).
  for (const m of text.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*(?![\w$]|\s*:)/g)) {
    if (!KEYWORDS.has(m[0]) && !own.has(m[0])) used.add(m[0]);
  }
  return [...used];
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const rows = [...tableRows(readme, 'methods', CensusClient), ...tableRows(readme, 'stitch methods', StitchClient)];

/** The rows to run before `row`, earliest first: those that declare what it uses. */
function prerequisites(row, seen = new Set([row])) {
  const table = rows.filter((other) => other.table === row.table);
  const before = table.slice(0, table.indexOf(row)).reverse();
  const found = [];
  for (const name of freeNames(row.code)) {
    const from = before.find((other) => exported(other.code).includes(name));
    if (!from || seen.has(from)) continue;
    seen.add(from);
    found.unshift(...prerequisites(from, seen), from);
  }
  return [...new Set(found)];
}

let server;
before(async () => {
  server = await startCensus(FLAGS);
});
after(async () => {
  await server?.stop();
});

test('the rows are every method of both clients, each once, and each placeholder is used', () => {
  for (const [marker, Client] of [['methods', CensusClient], ['stitch methods', StitchClient]]) {
    const block = readme.slice(readme.indexOf(`<!-- ${marker}: generated`), readme.indexOf(`<!-- ${marker}: end -->`));
    const names = rows.filter((row) => row.table === marker).map((row) => row.name);
    assert.equal(names.length, block.split('\n').filter((line) => line.startsWith('| `')).length, `every row of the ${marker} table read`);
    // The methods are installed on the prototype by the first constructor call.
    const client = new Client({ baseUrl: 'http://localhost/api' });
    const prototype = Object.getPrototypeOf(client);
    const methods = Object.getOwnPropertyNames(prototype)
      .filter((name) => typeof Object.getOwnPropertyDescriptor(prototype, name).value === 'function' && !['constructor', 'free'].includes(name));
    client.free();
    assert.deepEqual([...names].sort(), methods.sort(), `the ${marker} table lists each method of ${Client.name} once`);
  }
  const used = new Set(rows.flatMap((row) => freeNames(row.code)));
  assert.deepEqual(Object.keys(PLACEHOLDERS).filter((name) => !used.has(name)), [], 'placeholders no example uses');
});

const AsyncFunction = (async () => {}).constructor;

for (const row of rows) {
  const earlier = prerequisites(row);
  const key = `${row.table === 'methods' ? 'census' : 'stitch'}.${row.name}`;
  const title = earlier.length ? `${key} (after ${earlier.map((other) => other.name).join(', ')})` : key;
  test(title, { skip: NOT_RUN.get(key) ?? false }, async () => {
    const reset = await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    assert.equal(reset.status, 204, 'POST /__control/reset');
    const log = [];
    const scope = {
      census: new CensusClient({ apiToken: TOKEN, baseUrl: `${server.url}/api/v1` }),
      org: new CensusClient({ personalAccessToken: PAT, baseUrl: `${server.url}/api/v1` }),
      stitch: new StitchClient({ accessToken: STITCH_TOKEN, baseUrl: `${server.url}/stitch` }),
      console: { log: (...args) => log.push(args.map(String).join(' ')) },
    };
    const steps = [...earlier, row];
    for (const name of new Set(steps.flatMap((step) => freeNames(step.code)))) {
      if (Object.hasOwn(PLACEHOLDERS, name)) scope[name] = PLACEHOLDERS[name]();
    }
    // Each step in a block inside the one before: a later step sees what an earlier one
    // declared, and may declare the same name again. A line each, so a `//` comment ends there.
    const body = steps.map((step) => `{\n${step.code.replaceAll('=> …', '=> undefined')}\n`).join('') + '}'.repeat(steps.length);
    let timer;
    const deadline = new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`did not finish in ${EXAMPLE_DEADLINE_MS} ms`)), EXAMPLE_DEADLINE_MS);
    });
    try {
      const run = new AsyncFunction(...Object.keys(scope), body);
      await Promise.race([run(...Object.values(scope)), deadline]);
    } catch (error) {
      const cause = error?.name ? `${error.name}: ${error.message}` : String(error);
      const after = earlier.length ? `\n  after: ${earlier.map((other) => other.code).join('\n         ')}` : '';
      const logged = log.length ? `\n  logged: ${log.slice(0, 5).join('\n          ')}` : '';
      assert.fail(`${key}: ${cause}\n  example: ${row.code}${after}${logged}`);
    } finally {
      clearTimeout(timer);
    }
  });
}
