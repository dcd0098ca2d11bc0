// Size entry: this client as a user's bundler sees it (the glue bundled and minified; the .wasm
// stays a separate file, loaded from `new URL('census_wasm_bg.wasm', import.meta.url)`).
import init, { CensusClient, CensusNotFoundError } from '../../pkg/index.js';

export async function censusClient(apiToken) {
  await init();
  return { client: new CensusClient({ apiToken }), CensusNotFoundError };
}
