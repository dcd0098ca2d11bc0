// A dedicated module worker: imports the package (which loads the wasm in the worker), then lists
// every source for each request and posts back their names, or the error's name and message.
import { CensusClient, CensusNotFoundError } from './node_modules/census-wasm/index.js';

self.addEventListener('message', async ({ data: options }) => {
  const census = new CensusClient(options);
  try {
    const sources = await census.listAllSources({ order: 'asc', concurrency: 4 });
    const missing = await census.getSource(999999999).catch((error) => error);
    // A request without answer, failed as Chromium's fetch fails one: in a browser (a worker
    // included), the origin's refusal (CORS) may be why, and the error says so.
    const offline = new CensusClient({ ...options, retry: false, fetch: async () => { throw new TypeError('Failed to fetch'); } });
    const unreached = await offline.getSource(1).catch((error) => error.message);
    offline.free();
    self.postMessage({
      names: sources.map((source) => source.name),
      notFound: missing instanceof CensusNotFoundError ? missing.status : String(missing),
      unreached: unreached.slice(unreached.indexOf(': TypeError')),
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
