// Fails when a value the declarations accept is refused by the runtime with a CensusInputError,
// for a rule that is not one of the few TypeScript cannot state (RULES_TYPES_CANNOT_STATE below).
// Every method of CensusClient and StitchClient, each overload, is called through the built
// package (pkg/node.mjs) with an injected fetch that answers a bare success, with arguments
// derived from its declared parameter types by the TypeScript compiler's own checker: each
// parameter's first value, then each other value of each parameter alone. An object's values
// are its required members, then each optional member alone (each of its values: `undefined`,
// `null` where declared, each literal of a union, numbers at the bounds the docs state), each
// variant of a union, arrays empty and of one item, nested objects the same way. What the
// answer does after the input is taken (a read-back, a wait) is not this test's concern: only
// the input refusals are counted. Found by an audit of the declarations against the runtime
// (SyncSourceInput took neither form and both). Usage: node tests/types/accepted-inputs.mjs [pkg]
import ts from 'typescript';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = resolve(process.argv[2] ?? 'pkg');
const file = `${pkg}/index.d.ts`;
const program = ts.createProgram([file], {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
  types: [],
});
const checker = program.getTypeChecker();
const source = program.getSourceFile(file);
if (!source) throw new Error(`${file} not found: run scripts/build-pkg.sh`);
const exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((symbol) => [symbol.name, symbol]));
const { CensusClient, StitchClient, CensusInputError } = await import(pathToFileURL(`${pkg}/node.mjs`).href);

/**
 * Refusals of values the types accept that TypeScript cannot state without refusing values the
 * client takes, each with why: the audit's judgement, kept here so that a new one is seen.
 */
const RULES_TYPES_CANNOT_STATE = [
  // A list's length: `mappings: MappingInput[]` built at run time could not be passed if the
  // type were a non-empty tuple.
  [/^[\w.[\]]+: must not be empty/, 'a list that must not be empty'],
  [/^source_dataset_ids: must not be empty when type is "entity_resolution"/, 'a list that must not be empty'],
  // How many mappings are the primary identifier: a count over a list.
  [/^mappings: exactly one mapping must have is_primary_identifier: true/, 'exactly one primary identifier'],
  // Numbers' ranges (`number` has none in TypeScript): the bounds tried are those the docs
  // state, and one list's is its own.
  [/^perPage: expected an integer from 1 to 99, got the number 100$/, 'at most 99 records a page (listSyncRunRecords)'],
  // Which token a status URL's path belongs to (a workspace's or the organisation's): a
  // `string` cannot say; the URL tried is a workspace job's, so the organisation's waits refuse it.
  [/^url: ".*" is not a status URL of this job: it would be sent the \w+, which goes only to/, "a status URL on its own token's side"],
];

const text = (type) => checker.typeToString(type);
const parts = (type) => (type.isUnion() ? type.types : [type]);
// Strings with a format the types cannot state: a value in it for each member of that name.
const STRINGS = {
  endpoint: 'https://example.com/hook', email: 'a@example.com', emails: 'a@example.com', notification_emails: 'a@example.com',
  cron_expression: '0 * * * *', redirect_uri: 'https://example.com/back', url: '/sources/1/filter_segments/2/source_status',
  paused_at: '2026-12-03T18:38:58Z', orderBy: 'table_name:asc', objectFullName: 'user', serviceName: 'snowflake', jobName: 'job-1',
  tap_stream_id: 'public-users', name: 'name_1', type: 'snowflake',
};
// The bounds the docs state, each tried.
const NUMBERS = {
  perPage: [1, 100], concurrency: [1, 16], maxAttempts: [1, 20], intervalMs: [10], maxIntervalMs: [10000], maxItems: [1], page: [1], timeoutMs: [0, 1000],
  baseDelayMs: [0], maxDelayMs: [0], maxElapsedMs: [0], schedule_hour: [0, 24], schedule_minute: [0, 59], percentage: [0, 100],
};
const JSON_SAMPLES = [{ v: { a: 1 }, label: '{a:1}' }, { v: 'j', label: '"j"' }];
const SOURCE_TYPE = { service_name: 'snowflake', label: 'Snowflake', creatable_via_api: true, configuration_fields: { fields: [] } };

/** The values of `type` to try: `{ v, label }`, the first the one other parameters take. */
function values(type, name, depth = 0) {
  if (type.aliasSymbol?.name === 'JsonObject' || /^JsonObject\b/.test(text(type))) return [JSON_SAMPLES[0]];
  if (type.aliasSymbol?.name === 'JsonValue' || /^JsonValue\b/.test(text(type))) return JSON_SAMPLES;
  const out = [];
  for (const part of parts(type)) {
    const flags = part.flags;
    const intersection = flags & ts.TypeFlags.Intersection ? part.types : [];
    if (flags & ts.TypeFlags.Undefined) out.push({ v: undefined, label: 'undefined' });
    else if (flags & ts.TypeFlags.Null) out.push({ v: null, label: 'null' });
    else if (flags & ts.TypeFlags.Never || text(part) === 'never') continue;
    else if (flags & ts.TypeFlags.BooleanLiteral) out.push({ v: text(part) === 'true', label: text(part) });
    else if (flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral)) out.push({ v: part.value, label: JSON.stringify(part.value) });
    else if (flags & ts.TypeFlags.TemplateLiteral) out.push(text(part) === '`${number}`' ? { v: '1', label: '"1"' } : { v: STRINGS[name] ?? 'x:asc', label: text(part) });
    else if (flags & ts.TypeFlags.String) out.push({ v: STRINGS[name] ?? 'x', label: JSON.stringify(STRINGS[name] ?? 'x') });
    else if (flags & ts.TypeFlags.Number) out.push(...(NUMBERS[name] ?? [1]).map((n) => ({ v: n, label: String(n) })));
    else if (intersection.length === 2 && intersection.some((t) => t.flags & ts.TypeFlags.String) && intersection.some((t) => t.flags & ts.TypeFlags.Object)) {
      out.push({ v: 'other_value', label: '"other_value" (string & {})' });
    } else if (intersection.some((t) => t.getSymbol()?.name === 'Refused')) continue; // what a rule refuses (`SyncModeInput & Refused<…>`): no value
    else if (intersection.some((t) => t.flags & ts.TypeFlags.Primitive)) continue; // `number & JsonValue[]`: no value
    else if (intersection.some((t) => checker.isArrayType(t)) && intersection.some((t) => !checker.isArrayType(t))) continue;
    else if (flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) {
      const symbol = (part.aliasSymbol ?? part.getSymbol())?.name;
      if (symbol === 'AbortSignal') out.push({ v: new AbortController().signal, label: 'AbortSignal' });
      else if (symbol === 'SourceType') out.push({ v: SOURCE_TYPE, label: 'SourceType' });
      else if (part.getCallSignatures().length > 0) out.push({ v: () => {}, label: 'a function' });
      else if (checker.isArrayType(part)) {
        out.push({ v: [], label: '[]' });
        if (depth < 5) for (const item of values(checker.getTypeArguments(part)[0], name, depth + 1).slice(0, 12)) out.push({ v: [item.v], label: `[${item.label}]` });
      } else if (depth <= 5) out.push(...objectValues(part, depth + 1));
    }
  }
  return out;
}

/** An object's required members, then each other value of each member alone. */
function objectValues(type, depth) {
  const base = {};
  const variants = [];
  for (const property of checker.getPropertiesOfType(type)) {
    if (property.name.startsWith('__@')) continue;
    const optional = property.flags & ts.SymbolFlags.Optional;
    const tried = values(checker.getTypeOfSymbol(property), property.name, depth);
    if (optional) {
      for (const each of tried) variants.push([property.name, each]);
      continue;
    }
    const given = tried.filter((each) => each.v !== undefined);
    if (given.length === 0) continue;
    base[property.name] = given[0].v;
    for (const each of given.slice(1)) variants.push([property.name, each]);
  }
  // One primary identifier, which a type cannot count (RULES_TYPES_CANNOT_STATE): without it
  // every sync would be refused for it, hiding the rest.
  if (Array.isArray(base.mappings)) base.mappings = [{ from: 'email', to: 'email', is_primary_identifier: true }];
  const out = [{ v: base, label: `{${Object.keys(base).join(', ')}}` }];
  for (const [name, each] of variants) out.push({ v: { ...base, [name]: each.v }, label: `{…, ${name}: ${each.label}}` });
  return out;
}

const failures = [];
const allowed = new Map();
let calls = 0;
for (const [className, Client, credentials, baseUrl] of [
  ['CensusClient', CensusClient, { apiToken: 't', personalAccessToken: 'p' }, 'http://127.0.0.1:9/api/v1'],
  ['StitchClient', StitchClient, { accessToken: 't' }, 'http://127.0.0.1:9'],
]) {
  const classType = checker.getDeclaredTypeOfSymbol(exported.get(className));
  for (const method of checker.getPropertiesOfType(classType)) {
    if (method.name === 'free' || method.name.startsWith('__@')) continue;
    for (const signature of checker.getTypeOfSymbol(method).getCallSignatures()) {
      const each = signature.getParameters().map((parameter) => {
        const optional = Boolean(parameter.valueDeclaration?.questionToken);
        return values(checker.getTypeOfSymbol(parameter), parameter.name).filter((value) => optional || value.v !== undefined);
      });
      const first = each.map((tried) => tried.find((value) => value.v !== undefined) ?? tried[0]);
      const argumentLists = [first];
      each.forEach((tried, index) => {
        for (const value of tried) if (value !== first[index]) argumentLists.push(first.map((v, i) => (i === index ? value : v)));
      });
      for (const args of argumentLists) {
        const client = new Client({
          ...credentials,
          baseUrl,
          retry: false,
          fetch: async () => new Response('{"status":"success","data":{}}', { status: 200, headers: { 'content-type': 'application/json' } }),
        });
        let error;
        calls += 1;
        try {
          const result = client[method.name](...args.map((arg) => arg?.v));
          const settled = typeof result?.next === 'function' ? result.next() : result;
          await Promise.race([settled, new Promise((_, fail) => setTimeout(() => fail(new Error('did not settle in 3 s')), 3000))]);
          await result?.return?.();
        } catch (caught) {
          error = caught;
        }
        client.free();
        if (!(error instanceof CensusInputError)) continue;
        const rule = RULES_TYPES_CANNOT_STATE.find(([pattern]) => pattern.test(error.message));
        if (rule) allowed.set(rule[1], (allowed.get(rule[1]) ?? 0) + 1);
        else failures.push(`${className}.${method.name}(${args.map((arg) => arg?.label).join(', ')}): ${error.message}`);
      }
    }
  }
}

for (const failure of failures) console.error(`accepted by the types, refused by the client: ${failure}`);
if (failures.length > 0) process.exit(1);
const rules = [...allowed].map(([rule, count]) => `${rule} (${count})`).join('; ');
console.log(`${calls} calls of every method with values their declared types accept: none refused but for rules types cannot state: ${rules}`);
