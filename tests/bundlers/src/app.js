// The browser entry: census-wasm loads its wasm at import (a top-level await, from
// new URL('./census_wasm_bg.wasm', import.meta.url)); esbuild keeps that URL but emits no file.
import { CensusClient } from 'census-wasm';

export async function run(params) {
  const census = new CensusClient({ apiToken: params.get('token'), baseUrl: params.get('api') });
  const { data } = await census.listSources({ perPage: 5 });
  return { names: data.map((source) => source.name) };
}
