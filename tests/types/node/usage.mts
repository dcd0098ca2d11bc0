// A Node project's use of the package, compiled without the DOM library (lib ES2022 and
// @types/node only, every strict flag, skipLibCheck off): the declarations must not need
// `RequestInfo`, `BufferSource` or the DOM's `WebAssembly` namespace.
import { readFile } from 'node:fs/promises';
import { CensusClient, CensusNotFoundError, StitchClient, type Source } from 'census-wasm';
import { initSync, type InitOutput, type SyncInitInput } from 'census-wasm/init';

const bytes: SyncInitInput = await readFile(new URL('./census_wasm_bg.wasm', import.meta.url));
const loaded: InitOutput = initSync({ module: bytes });
const held: number = loaded.memory.buffer.byteLength;

const census = new CensusClient({ apiToken: process.env.CENSUS_API_TOKEN ?? '', timeoutMs: 10_000 });
const controller = new AbortController();
const page = await census.listSources({ perPage: 5, signal: controller.signal });
const first: Source | undefined = page.data[0];
try {
  if (first) await census.getSource(first.id);
} catch (error) {
  if (!(error instanceof CensusNotFoundError)) throw error;
  const status: number | undefined = error.status;
  console.log(status, held);
}
const stitch = new StitchClient({ accessToken: 'ac_x' });
const extraction = await stitch.startReplicationAndWait(120643);
const log: string = await stitch.getExtractionLogs(116078, extraction.job_name);
console.log(log.length);

// Options forwarded from optional parameters may hold `undefined` (exactOptionalPropertyTypes).
async function firstPage(signal?: AbortSignal, timeoutMs?: number, page?: number): Promise<number> {
  const { data } = await census.listSources({ page, signal, timeoutMs });
  await census.updateSync(61, { label: undefined, paused: true }, { signal, retry: undefined });
  return data.length;
}
console.log(await firstPage());
// Nested input members forwarded as `undefined` are taken too, as the runtime leaves them out.
async function forwarded(schema?: string, triggers?: { schedule?: { frequency: string } | undefined }, control?: boolean, job?: string): Promise<void> {
  await census.createSync({
    operation: 'upsert',
    source_attributes: { connection_id: 4, object: { type: 'table', table_name: 'users', table_schema: schema, table_catalog: undefined } },
    destination_attributes: { connection_id: 5, object: 'user' },
    mappings: [{ from: 'EMAIL', to: 'external_id', is_primary_identifier: true }],
    mode: { type: 'triggered', triggers: triggers === undefined ? undefined : { schedule: triggers.schedule, fivetran: { job_id: 1, job_name: job } } },
  });
  await census.updateSync(61, { source_attributes: { connection_id: 4, data_source: { id: 3, type: undefined } } });
  await census.updateSync(61, { source_attributes: { connection_id: 4, data_source: { type: 'table', table_name: 'users', table_schema: schema } } });
  await census.createSegment(12, { name: 'Split', cohorts: [{ name: 'Test', percentage: 90 }, { name: 'Control', percentage: 10, is_control: control }] });
  // A patch's members, required ones of the create included, may be undefined: one given is enough.
  await census.updateSync(61, { operation: undefined, mappings: undefined, paused: false });
  await census.updateModel(12, 18, { name: undefined, query: 'select 1' });
}
console.log(forwarded.length);
// Inputs take readonly arrays, as `as const` and ReadonlyArray parameters make them.
const events = ['sync.failed', 'sync.completed'] as const;
await census.createWebhook({ endpoint: 'https://hooks.example.com/census', events });
// A test double of an error, with the class's code.
const double = new CensusNotFoundError('source 12 was not found (HTTP 404)', { status: 404, cause: new Error('x') });
const code: 'not_found' | (string & {}) = double.code;
console.log(code);
