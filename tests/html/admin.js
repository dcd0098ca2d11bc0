// The admin page's one module: the package's own files, straight from node_modules.
import { CensusClient, CensusNotFoundError } from './node_modules/census-wasm/index.js';

// The methods are on the prototype once the import has loaded the wasm, before any client.
const methodAtImport = typeof CensusClient.prototype.getSource;
const census = new CensusClient({ baseUrl: '/api/v1' }); // same origin: the backend adds the token
const rows = document.querySelector('#sources tbody');
const result = { methodAtImport };
try {
  for await (const source of census.iterateSources({ order: 'asc' })) {
    const row = rows.insertRow();
    for (const value of [source.id, source.name, source.type]) row.insertCell().textContent = String(value);
  }
  result.names = Array.from(rows.rows, (row) => row.cells[1].textContent);
  const missing = await census.getSource(999999999).catch((error) => error);
  result.notFound = missing instanceof CensusNotFoundError ? missing.status : String(missing);
} catch (error) {
  result.error = `${error.name}: ${error.message}`;
}
document.querySelector('#status').textContent = result.error ?? `${result.names.length} sources`;
document.documentElement.dataset.result = JSON.stringify(result);
document.documentElement.dataset.done = '';
