// A classic script (esbuild's default IIFE format, which cannot hold a top-level await):
// census-wasm/init, with the .wasm imported as a file asset (esbuild's --loader:.wasm=file).
import init, { CensusClient } from 'census-wasm/init';
import wasmUrl from 'census-wasm/census_wasm_bg.wasm';

const done = (result) => {
  document.documentElement.dataset.result = JSON.stringify(result);
  document.documentElement.dataset.done = '';
};

(async () => {
  await init({ module_or_path: wasmUrl });
  const params = new URLSearchParams(location.search);
  const census = new CensusClient({ apiToken: params.get('token'), baseUrl: params.get('api') });
  const { data } = await census.listSources({ perPage: 5 });
  return { names: data.map((source) => source.name) };
})().then(done, (error) => done({ error: error.name, message: error.message }));
