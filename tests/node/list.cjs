// A Node script, CommonJS: require the package and call it; nothing to initialise.
const { CensusClient, CensusNotFoundError } = require('census-wasm');

(async () => {
  const census = new CensusClient({ apiToken: process.env.CENSUS_LOCAL_TOKEN, baseUrl: `${process.env.CENSUS_LOCAL_URL}/api/v1` });
  const names = [];
  for await (const source of census.iterateSources({ order: 'asc', perPage: 10 })) names.push(source.name);
  const missing = await census.getSource(999_999_999).catch((error) => error);
  console.log(JSON.stringify({ names, notFound: missing instanceof CensusNotFoundError ? missing.status : String(missing) }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
