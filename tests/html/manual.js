// census-wasm/init, for pages that load the wasm when they choose: a client made before init()
// throws a CensusError saying what to call; after it, everything works.
import init, { CensusClient, CensusError } from './node_modules/census-wasm/init.js';

const result = {};
// The methods come with the wasm: not there before init(), on the prototype as soon as it is.
result.methodBeforeInit = typeof CensusClient.prototype.getSource;
try {
  new CensusClient({ baseUrl: '/api/v1' });
  result.beforeInit = 'no error';
} catch (error) {
  result.beforeInit = { censusError: error instanceof CensusError, code: error.code, message: error.message };
}
try {
  await init(); // census_wasm_bg.wasm, from beside the package's files
  result.methodAfterInit = typeof CensusClient.prototype.getSource;
  const census = new CensusClient({ baseUrl: '/api/v1' });
  result.workspace = (await census.getWorkspace()).name;
} catch (error) {
  result.error = `${error.name}: ${error.message}`;
}
document.querySelector('#status').textContent = result.error ?? result.workspace;
document.documentElement.dataset.result = JSON.stringify(result);
document.documentElement.dataset.done = '';
