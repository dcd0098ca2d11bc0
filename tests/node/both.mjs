// One process that imports the package and also requires it (as a CommonJS dependency would):
// one wasm instance and one set of classes, so an error from either is an instance of both.
import { createRequire } from 'node:module';
import * as imported from 'census-wasm';
import init from 'census-wasm/init';

const required = createRequire(import.meta.url)('census-wasm');
const viaRequire = new required.CensusClient({ apiToken: process.env.CENSUS_LOCAL_TOKEN, baseUrl: `${process.env.CENSUS_LOCAL_URL}/api/v1` });
const missing = await viaRequire.getSource(999_999_999).catch((error) => error);
console.log(JSON.stringify({
  sameClient: imported.CensusClient === required.CensusClient,
  sameInit: imported.default === required.default && init === imported.default,
  crossInstanceof: missing instanceof imported.CensusNotFoundError && missing instanceof imported.CensusError,
  sameMemory: (await init()).memory === (await required.default()).memory,
}));
