// The memory check shared by bench/memory.mjs and tests/package/budget.test.mjs: wasm linear
// memory and the JS heap, each after a forced GC, before and after `calls` client calls that mix
// successes and every kind of error. An injected fetch answers from canned bodies, so the calls
// are fast and the network plays no part. The page must be same-origin with `/pkg/index.js`.

/** A realistic source as the local Census serves it. */
const SOURCE = {
  id: 5907,
  name: 'Snowflake - hooli.us-east-1',
  label: 'Finance (read-only)',
  type: 'snowflake',
  created_at: '2025-12-31T20:21:16.100Z',
  last_test_succeeded: true,
  last_tested_at: '2025-12-31T21:16:26.501Z',
  last_test_results: {
    steps: [
      { step: 'Test network connectivity', status: 'success', error: null },
      { step: 'Test authentication', status: 'success', error: null },
      { step: 'Test listing schemas and tables', status: 'success', error: null },
      { step: 'Test write access to the CENSUS schema', status: 'warning', error: { message: 'Query history is not readable; incremental syncs will scan more data.' } },
    ],
  },
  connection_details: { account: 'hooli.us-east-1', role: 'CENSUS_ROLE', use_keypair: true, user: 'CENSUS_LOADER', warehouse: 'CENSUS_WH' },
  read_only_connection: false,
  sync_engine: 'basic',
  warehouse_writeback_retention_in_days: 14,
};

/** What each call gets: `[call, status, body, expected outcome]`, taken in turn. */
export const MIX = [
  ['get', 200, JSON.stringify({ status: 'success', data: SOURCE }), 'ok'],
  ['list', 200, JSON.stringify({
    status: 'success',
    data: Array.from({ length: 25 }, (_, i) => ({ ...SOURCE, id: SOURCE.id - i, name: `${SOURCE.name} ${i}` })),
    pagination: { total_records: 250, per_page: 25, prev_page: null, page: 1, next_page: 2, last_page: 10 },
  }), 'ok'],
  ['get', 404, JSON.stringify({ status: 'not_found', message: 'Source not found' }), 'CensusNotFoundError'],
  ['create', 422, JSON.stringify({ status: 'error', message: 'connection.type must be a non-empty string' }), 'CensusApiError'],
  ['get', 500, JSON.stringify({ status: 'error', message: 'Internal server error' }), 'CensusApiError'],
  ['get', 200, JSON.stringify({ status: 'success', data: { id: 'not a number', name: 'x', type: 'y' } }), 'CensusResponseError'],
  ['get', 401, JSON.stringify({ status: 'error', message: 'Invalid credentials' }), 'CensusAuthenticationError'],
  ['input', 0, '', 'CensusInputError'],
];

/** Runs in the page: loads the package once and defines `globalThis.__memory`. */
async function setUp(mix) {
  if (globalThis.__memory) return;
  const pkg = await import(new URL('/pkg/index.js', location.href).href);
  const wasm = await pkg.default();
  let next = null;
  const client = new pkg.CensusClient({
    apiToken: 'secret-token:memory-check',
    retry: false,
    fetch: () => Promise.resolve(new Response(next[2], { status: next[1], headers: { 'content-type': 'application/json' } })),
  });
  const call = (entry) => {
    next = entry;
    switch (entry[0]) {
      case 'get': return client.getSource(5907);
      case 'list': return client.listSources({ perPage: 25 });
      case 'create': return client.createSource({ type: 'snowflake', credentials: {} });
      default: return client.getSource(-1);
    }
  };
  globalThis.__memory = {
    wasmBytes: () => wasm.memory.buffer.byteLength,
    /** Makes `n` calls in turn through the mix; returns how many ended in each outcome. */
    async run(n) {
      const outcomes = {};
      for (let i = 0; i < n; i += 1) {
        const entry = mix[i % mix.length];
        let outcome;
        try {
          await call(entry);
          outcome = 'ok';
        } catch (error) {
          outcome = error?.name ?? String(error);
        }
        if (outcome !== entry[3]) throw new Error(`call ${i} (${entry[0]} ${entry[1]}) ended in ${outcome}, expected ${entry[3]}`);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      return outcomes;
    },
  };
}

/**
 * Measures on `page` (already at an origin that serves `/pkg/`): after `warmup` calls and a
 * forced GC, then after `calls` more calls and a forced GC. Returns bytes.
 */
export async function measureMemory(page, { calls = 10_000, warmup = 200 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const snapshot = async () => {
    // Twice: the first pass can leave work for finalizers and weak references.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => globalThis.__memory.wasmBytes());
    return { jsHeapBytes: heap.usedSize, wasmBytes: wasm };
  };
  await page.evaluate(setUp, MIX);
  const initial = await snapshot();
  await page.evaluate((n) => globalThis.__memory.run(n), warmup);
  const before = await snapshot();
  const started = Date.now();
  const outcomes = await page.evaluate((n) => globalThis.__memory.run(n), calls);
  const ms = Date.now() - started;
  const after = await snapshot();
  await cdp.detach();
  return {
    calls,
    warmup,
    ms,
    outcomes,
    initial,
    before,
    after,
    growth: {
      jsHeapBytes: after.jsHeapBytes - before.jsHeapBytes,
      wasmBytes: after.wasmBytes - before.wasmBytes,
      totalBytes: after.jsHeapBytes - before.jsHeapBytes + after.wasmBytes - before.wasmBytes,
    },
  };
}
