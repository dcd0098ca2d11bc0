// A worker Vite bundles with the package: it lists every source and posts back their names.
import { CensusClient } from 'census-wasm';

self.addEventListener('message', async ({ data: options }) => {
  const census = new CensusClient(options);
  try {
    const sources = await census.listAllSources({ order: 'asc' });
    self.postMessage({ names: sources.map((source) => source.name) });
  } catch (error) {
    self.postMessage({ error: `${error.name}: ${error.message}` });
  } finally {
    census.free();
  }
});
self.postMessage({ ready: true });
