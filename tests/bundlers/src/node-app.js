// A Node app: census-wasm's Node entry reads its wasm from the package's folder at load.
import { CensusClient } from 'census-wasm';

const census = new CensusClient({ apiToken: process.env.CENSUS_TOKEN, baseUrl: process.env.CENSUS_API });
census.listSources({ perPage: 5 }).then(({ data }) => console.log(JSON.stringify(data.map((source) => source.name))));
