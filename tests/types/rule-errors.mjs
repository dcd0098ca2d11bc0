// Fails when tsc's error for an input that breaks one of a sync's rules between members (the
// schedule in one form, a cron expression with the expression frequency, field_normalization
// only with sync_all_properties) does not name a member of that rule, or blames a value that its
// own list holds. Each mistake below is compiled alone, with TypeScript 5.9 and 5.2, and its
// first diagnostic read. Found by a user: `field_behavior: 'specific_properties',
// field_normalization: 'snake_case'` was reported as "Type 'string' is not assignable to type
// '"start_case" | … | "snake_case" | …'", and `mode: { type: 'live' }` beside a legacy
// schedule as "Type 'string' is not assignable to type '"live" | "triggered"'".
// Usage: node tests/types/rule-errors.mjs [pkg]
import ts59 from 'typescript';
import ts52 from 'typescript-5.2';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const pkg = resolve(process.argv[2] ?? 'pkg');
const base = `{ operation: 'upsert', source_attributes: { connection_id: 8, data_source: { type: 'table', table_name: 'users' } }, destination_attributes: { connection_id: 15, object: 'user' }, mappings: [{ from: 'email', to: 'external_id', is_primary_identifier: true }]`;
// [the call, the members of the rule it breaks: the first diagnostic must quote one of them]
const MISTAKES = [
  [`client.createSync(${base}, field_behavior: 'specific_properties', field_normalization: 'snake_case' })`, ['field_normalization', 'field_behavior']],
  [`client.createSync(${base}, field_normalization: 'snake_case', field_behavior: 'specific_properties' })`, ['field_normalization', 'field_behavior']],
  [`client.createSync(${base}, field_normalization: 'camel_case' })`, ['field_normalization', 'field_behavior']],
  [`client.createSync(${base}, schedule_frequency: 'daily', cron_expression: '0 * * * *' })`, ['cron_expression', 'schedule_frequency']],
  [`client.createSync(${base}, schedule_frequency: 'expression' })`, ['cron_expression', 'schedule_frequency']],
  [`client.createSync(${base}, mode: { type: 'live' }, schedule_frequency: 'daily' })`, ['mode', 'schedule_frequency']],
  [`client.createSync(${base}, schedule_frequency: 'daily', mode: { type: 'live' } })`, ['mode', 'schedule_frequency']],
  [`client.createSync(${base}, mode: { type: 'triggered' }, schedule_hour: 6 })`, ['mode', 'schedule_hour']],
  [`client.createSync(${base}, mode: { type: 'live' }, cron_expression: '0 * * * *' })`, ['mode', 'cron_expression']],
  [`client.updateSync(1, { field_behavior: 'specific_properties', field_normalization: 'snake_case' })`, ['field_normalization', 'field_behavior']],
  [`client.updateSync(1, { schedule_frequency: 'weekly', cron_expression: '0 * * * *' })`, ['cron_expression', 'schedule_frequency']],
  [`client.updateSync(1, { mode: { type: 'live' }, schedule_frequency: 'daily' })`, ['mode', 'schedule_frequency']],
  [`client.updateSync(1, { mode: { type: 'live' }, schedule_hour: 6 })`, ['mode', 'schedule_hour']],
  [`const input: CreateSyncInput = ${base}, field_behavior: 'specific_properties', field_normalization: 'snake_case' }`, ['field_normalization', 'field_behavior']],
];

const dir = mkdtempSync(join(tmpdir(), 'rule-errors-'));
const failures = [];
try {
  for (const [name, ts] of [['5.9', ts59], ['5.2', ts52]]) {
    const files = MISTAKES.map(([call], index) => {
      const file = join(dir, `mistake${index}.ts`);
      writeFileSync(file, `import { CensusClient, type CreateSyncInput } from ${JSON.stringify(`${pkg}/index.js`)};\ndeclare const client: CensusClient;\nexport async function mistake(): Promise<unknown> {\n  ${call};\n  return [client, {} as CreateSyncInput];\n}\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
      types: [],
    });
    MISTAKES.forEach(([call, members], index) => {
      const [first] = ts.sortAndDeduplicateDiagnostics(ts.getPreEmitDiagnostics(program, program.getSourceFile(files[index])));
      const message = first ? ts.flattenDiagnosticMessageText(first.messageText, '\n') : '';
      const problem = !first
        ? 'compiled: the mistake is not refused'
        : !members.some((member) => message.includes(`'${member}'`))
          ? `names none of ${members.join(', ')}`
          : /Type 'string' is not assignable to type '"/.test(message)
            ? 'blames a string against a list of values'
            : undefined;
      if (problem) failures.push(`TypeScript ${name}: ${call.replace(base, '{ …')}: ${problem}:\n    ${message.split('\n').slice(0, 4).join('\n    ')}`);
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const failure of failures) console.error(`rule mistake: ${failure}`);
if (failures.length > 0) process.exit(1);
console.log(`${MISTAKES.length} mistakes of a sync input's rules, each reported by TypeScript 5.9 and 5.2 naming a member of its rule`);
