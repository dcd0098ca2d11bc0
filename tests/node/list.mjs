// A Node script, ES module: import the package and call it; nothing to initialise.
import { CensusClient, CensusNotFoundError } from 'census-wasm';

const census = new CensusClient({ apiToken: process.env.CENSUS_LOCAL_TOKEN, baseUrl: `${process.env.CENSUS_LOCAL_URL}/api/v1` });
const sources = await census.listAllSources({ order: 'asc' });
const missing = await census.getSource(999_999_999).catch((error) => error);
console.log(JSON.stringify({
  names: sources.map((source) => source.name),
  notFound: missing instanceof CensusNotFoundError ? missing.status : String(missing),
}));
