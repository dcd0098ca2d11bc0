// A dedicated module worker: imports the package (which loads the wasm in the worker), then lists
// every source for each request and posts back their names, or the error's name and message.
import { CensusClient, CensusNotFoundError } from './node_modules/census-wasm/index.js';

self.addEventListener('message', async ({ data: options }) => {
  const census = new CensusClient(options);
  try {
    const sources = await census.listAllSources({ order: 'asc', concurrency: 4 });
    const missing = await census.getSource(999999999).catch((error) => error);
    self.postMessage({
      names: sources.map((source) => source.name),
      notFound: missing instanceof CensusNotFoundError ? missing.status : String(missing),
      inWorker: typeof document === 'undefined' && typeof WorkerGlobalScope === 'function' && self instanceof WorkerGlobalScope,
    });
  } catch (error) {
    self.postMessage({ error: `${error.name}: ${error.message}` });
  } finally {
    census.free();
  }
});
// Module evaluation, the wasm's loading included, is over: the page may send requests.
self.postMessage({ ready: true });
