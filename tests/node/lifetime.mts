// TypeScript, compiled by tsc (module node16) from the installed declarations: a client declared
// with `using` is freed at the end of its block (Symbol.dispose); one made and dropped is freed
// by the garbage collector (the package is built with weak references).
import init, { CensusClient, type Source } from 'census-wasm';

declare const process: { env: Record<string, string | undefined> }; // without @types/node

const options = { apiToken: process.env.CENSUS_LOCAL_TOKEN, baseUrl: `${process.env.CENSUS_LOCAL_URL}/api/v1` };
let escaped: CensusClient;
let first: Source;
{
  using census = new CensusClient(options);
  first = (await census.listSources({ perPage: 1 })).data[0];
  escaped = census;
}
const afterDispose = await escaped.getSource(first.id).then(() => 'resolved', (error: Error) => `rejected: ${error.message}`);

// Weak references: 20,000 clients holding a 4,000-character token, dropped 1,000 at a time, leave
// wasm memory far below what they would hold if never freed; 5,000 kept ones (the control) hold it.
const { memory } = await init();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heavy = { apiToken: 'x'.repeat(4000), baseUrl: options.baseUrl };
const settle = async () => {
  for (let i = 0; i < 5; i += 1) {
    gc();
    await new Promise((done) => setTimeout(done, 20));
  }
};
await settle();
const start = memory.buffer.byteLength;
for (let round = 0; round < 20; round += 1) {
  for (let i = 0; i < 1000; i += 1) new CensusClient(heavy);
  await settle();
}
const droppedGrowth = memory.buffer.byteLength - start;
const kept: CensusClient[] = [];
const before = memory.buffer.byteLength;
for (let i = 0; i < 5000; i += 1) kept.push(new CensusClient(heavy));
const keptGrowth = memory.buffer.byteLength - before;
for (const census of kept) census.free();

console.log(JSON.stringify({ first: first.name, afterDispose, droppedGrowth, keptGrowth }));
