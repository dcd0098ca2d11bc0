// TypeScript compiled as CommonJS (module node16, a .cts file): the require() types of the
// package, index.d.cts, check a typical call and error narrowing.
import { CensusClient, CensusNotFoundError, type SourcePage } from 'census-wasm';

export async function firstPage(apiToken: string, baseUrl: string): Promise<SourcePage> {
  const census = new CensusClient({ apiToken, baseUrl, retry: { maxAttempts: 2 } });
  try {
    return await census.listSources({ perPage: 5, order: 'asc' });
  } catch (error) {
    if (error instanceof CensusNotFoundError) throw new Error(`not found: ${error.apiMessage ?? error.message}`);
    throw error;
  } finally {
    census.free();
  }
}

/** Every source's name, through the iterator `iterate…` returns (read by TypeScript 5.2 too). */
export async function names(apiToken: string, baseUrl: string): Promise<string[]> {
  const census = new CensusClient({ apiToken, baseUrl });
  const out: string[] = [];
  for await (const source of census.iterateSources({ perPage: 10 })) out.push(source.name);
  const first = await census.iterateSources().next();
  if (!first.done) out.push(first.value.name);
  census.free();
  return out;
}
