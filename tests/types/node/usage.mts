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
// Inputs take readonly arrays, as `as const` and ReadonlyArray parameters make them.
const events = ['sync.failed', 'sync.completed'] as const;
await census.createWebhook({ endpoint: 'https://hooks.example.com/census', events });
// A test double of an error, with the class's code.
const double = new CensusNotFoundError('source 12 was not found (HTTP 404)', { status: 404, cause: new Error('x') });
const code: 'not_found' | (string & {}) = double.code;
console.log(code);
