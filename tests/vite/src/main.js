// The app: a client on the page (the token and the API's URL come in the page's query string, as
// the test serves it), and a worker bundled by Vite that lists every source too.
import { CensusClient, CensusNotFoundError } from 'census-wasm';

const params = new URLSearchParams(location.search);
const options = { apiToken: params.get('token'), baseUrl: params.get('api') };

async function inWorker() {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  try {
    return await new Promise((resolve, reject) => {
      worker.addEventListener('error', (event) => reject(new Error(`worker: ${event.message}`)));
      worker.addEventListener('message', ({ data }) => {
        if (data.ready) worker.postMessage(options);
        else resolve(data);
      });
    });
  } finally {
    worker.terminate();
  }
}

const result = {};
try {
  const census = new CensusClient(options);
  const page = await census.listSources({ perPage: 10, order: 'asc' });
  const list = document.querySelector('#sources');
  for (const source of page.data) list.append(Object.assign(document.createElement('li'), { textContent: source.name }));
  result.firstPage = page.data.map((source) => source.name);
  const missing = await census.getSource(999999999).catch((error) => error);
  result.notFound = missing instanceof CensusNotFoundError ? missing.status : String(missing);
  result.worker = await inWorker();
} catch (error) {
  result.error = `${error.name}: ${error.message}`;
}
document.querySelector('#status').textContent = result.error ?? `${result.firstPage.length} sources`;
document.documentElement.dataset.result = JSON.stringify(result);
document.documentElement.dataset.done = '';
