// An app's module: the client made once, on import, as apps do, before any test has set up a
// mock of the network.
import { CensusClient, CensusNotFoundError } from 'census-wasm';

export const census = new CensusClient({ apiToken: 'secret-token:vitest', retry: { baseDelayMs: 1 } });

/** Every source's name, over every page. */
export async function sourceNames() {
  const names = [];
  for await (const source of census.iterateSources({ perPage: 2 })) names.push(source.name);
  return names;
}

/** A source's name, or null when there is no such source. */
export async function sourceName(id) {
  try {
    return (await census.getSource(id)).name;
  } catch (error) {
    if (error instanceof CensusNotFoundError) return null;
    throw error;
  }
}
