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
