// In-page half of the per-request benchmark (bench/requests.mjs drives it): `getSource(id)`
// against a raw `fetch` + `res.json()` of the same URL with the same Authorization header, one
// call at a time against the local Census that served this page (same origin: no preflight).
import { loadPackage } from './pkg.js';

/**
 * Times `calls` calls of each method, alternating one call of each with the order swapped every
 * pair, so that drift (connection setup, server load, GC) falls on both alike. Ms per call.
 */
export async function runRequests({ token, ids, calls = 500, warmup = 20 }) {
  const { pkg } = await loadPackage();
  const base = `${location.origin}/api/v1`;
  const client = new pkg.CensusClient({ baseUrl: base, apiToken: token });
  const headers = { Authorization: `Bearer ${token}` };
  const methods = {
    client: (id) => client.getSource(id),
    'fetch + res.json': async (id) => {
      const res = await fetch(`${base}/sources/${id}`, { headers });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()).data;
    },
  };
  const names = Object.keys(methods);
  for (const name of names) {
    const source = await methods[name](ids[0]);
    if (source.id !== ids[0]) throw new Error(`${name} fetched source ${source.id}, expected ${ids[0]}`);
  }
  for (let i = 0; i < warmup; i += 1) for (const name of names) await methods[name](ids[i % ids.length]);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < calls; i += 1) {
    const id = ids[i % ids.length];
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(i + k) % names.length];
      const started = performance.now();
      await methods[name](id);
      times[name].push(performance.now() - started);
    }
  }
  return { methods: names, times };
}
