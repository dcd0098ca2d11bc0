// Property tests of the package as Node runs it (pkg/node.mjs), with an injected fetch and no
// server: what tests/fuzz_core.rs checks of the core's machines, checked again through the JS
// runtime, the binding and the answers' buffers in wasm memory.
//
// - Many calls at once on one client, their answers arriving in any order, each with a body of
//   its own length: every call resolves to its own answer (the buffers an answer is written
//   into are reused, so one call must never read another's bytes); listings too, each with
//   every item of its own, in order.
// - Every method of both clients (its arguments ids, names or an input of the README's), against
//   answers that are valid, odd, failing, quoting the token, slow or missing: every call settles, every rejection is a CensusError (never a wasm
//   trap or a TypeError from the runtime), no rejection shows the token anywhere, and the client
//   still answers a plain call afterwards.
//
// Seeded by HOSTILE_SEED (printed), so a failure can be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CensusClient, StitchClient, CensusError, CensusInputError } from '../../pkg/node.mjs';

const TOKEN = 'hostile-workspace-token-7Yq2';
const PAT = 'hostile-personal-token-K81z';
const STITCH_TOKEN = 'hostile-stitch-token-Vv30';
// The tokens of the client under test: those it knows, and so must keep out of its errors.
let secrets = [TOKEN, PAT];
const SETTLE_MS = 10_000;

const seed = Number(process.env.HOSTILE_SEED ?? (Date.now() % 2 ** 31));
console.log(`HOSTILE_SEED=${seed}`);

/** mulberry32: small and reproducible. */
function random(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const next = random(seed);
const below = (n) => Math.floor(next() * n);
const pick = (items) => items[below(items.length)];
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const json = (value) => JSON.stringify(value);
const page = (data) => ({
  status: 'success',
  data,
  pagination: { total_records: data.length, per_page: 25, prev_page: null, page: 1, next_page: null, last_page: 1 },
});

/** Answers a client may meet, as bodies; some quote the token, as a careless server might. */
const BODIES = [
  () => json({ status: 'success', data: { id: 3, name: 'n', type: 'postgres' } }),
  () => json(page([{ id: 1, name: 'a' }, { id: 2, name: 'b' }])),
  () => json({ status: 'success', data: { id: 3 } }),
  () => json({ status: 'error', message: `invalid token ${pick(secrets)}` }),
  () => json({ status: 'error', message: `${'p'.repeat(below(400))} Bearer ${pick(secrets)} refused` }),
  () => json({ error: pick(secrets), code: 'unauthorized' }),
  () => `{"status":"success","data":{"id":${2 ** 53 + 2},"name":"too large"}}`,
  () => '<html><body>502 Bad Gateway</body></html>',
  () => '',
  () => '{"status":"succ',
  () => json({ refresh_key: 5 }),
  () => json({ status: pick(['completed', 'failed', 'working', 'x']) }),
  () => json({ status: 'success', data: { id: 9, status: pick(['working', 'completed', 'failed', 'queued']) } }),
  () => json([{ id: 1, name: 'a' }, 7]),
  () => json({ data: [{ id: 1 }], page: 1, total: 1, links: {} }),
  () => json({ status: 'created', status_url: 'https://app.getcensus.com/api/v1/jobs/9', data: { id: 9 } }),
  () => 'x'.repeat(70_000 + below(10_000)),
  () => '"\uD800"',
  () => json({ status: 'success', data: null }),
];
const STATUSES = [200, 200, 200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503];
const TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'text/html', null];

/** A fetch that answers at random: now and then it rejects, or waits until the call gives up. */
function hostileFetch(request) {
  const roll = next();
  // A fetch wrapper that quotes the request it failed, its credential included.
  if (roll < 0.08) {
    const quoted = `fetch failed: ${request.method} ${request.url} (${request.headers.get('authorization')})`;
    // Now and then a bare string, as some fetch wrappers reject with.
    if (roll < 0.02) return Promise.reject(quoted);
    const error = new TypeError(quoted);
    error.code = 'ECONNRESET';
    return Promise.reject(error);
  }
  if (roll < 0.12) {
    return new Promise((_, reject) => {
      const stop = () => reject(request.signal.reason ?? new DOMException('aborted', 'AbortError'));
      if (request.signal.aborted) stop();
      else request.signal.addEventListener('abort', stop, { once: true });
    });
  }
  const status = pick(STATUSES);
  const headers = new Headers();
  const type = pick(TYPES);
  if (type) headers.set('content-type', type);
  if (next() < 0.2) headers.set('retry-after', pick(['0', '1', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon']));
  const body = status === 204 ? null : pick(BODIES)();
  return pause(below(3)).then(() => new Response(body, { status, headers }));
}

/** Every text an error carries, its cause's included: what a logger or a serializer could show. */
function texts(value, depth = 0) {
  if (value === null || value === undefined || depth > 3) return [];
  if (typeof value !== 'object') return [String(value)];
  const out = [];
  for (const key of new Set([...Object.getOwnPropertyNames(value), 'message', 'stack', 'name'])) {
    let member;
    try {
      member = value[key];
    } catch {
      continue;
    }
    out.push(...texts(member, depth + 1));
  }
  try {
    out.push(JSON.stringify(value));
  } catch {
    // a cycle: its members are read above
  }
  return out;
}

/** Runs `work` and says how it settled, failing the test when it did not within SETTLE_MS. */
async function settled(work, label) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not settle within ${SETTLE_MS} ms`)), SETTLE_MS);
  });
  try {
    return { value: await Promise.race([work(), deadline]) };
  } catch (error) {
    if (error instanceof Error && error.message.endsWith(`within ${SETTLE_MS} ms`)) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

/** Calls `client[name](...args)` the way its kind wants: an iterator is read for a few items. */
function invoke(client, name, args) {
  if (name.startsWith('iterate')) {
    return async () => {
      const items = [];
      for await (const item of client[name](...args)) {
        items.push(item);
        if (items.length >= 3) break;
      }
      return items;
    };
  }
  return () => client[name](...args);
}

function methods(client) {
  return Object.getOwnPropertyNames(Object.getPrototypeOf(client))
    .filter((name) => !['constructor', 'free', 'baseUrl'].includes(name));
}

const WAIT = { intervalMs: 10, maxIntervalMs: 20, timeoutMs: 400 };
const JOB_URL = 'https://app.getcensus.com/api/v1/jobs/9';
// A clone's status is an organisation endpoint's: a workspace path is refused for it.
const CLONE_URL = 'https://app.getcensus.com/api/v1/workspaces/9/clone_status';
const CANDIDATES = [[], [3], [3, 5], [3, 5, 7], ['snowflake'], [3, 'users'], [3, JOB_URL], [JOB_URL], [CLONE_URL], [16, 'Contact', 5],
  [3, { table_schema: 'crm', table_name: 'products' }]];

/** Inputs that no candidate above makes, valid for the method named: the README's examples. */
const INPUTS = {
  createSource: [
    { type: 'postgres', name: 'Prod', credentials: { hostname: 'db', port: 5432, database: 'd', user: 'u', password: 'p' } },
    { type: 'platform.postgres', display_name: 'Orders DB', properties: { host: 'db.example.com' } },
  ],
  updateSource: [{ name: 'Prod (EU)', credentials: { password: 'p' } }, { display_name: 'Orders' }],
  createDestination: [
    { type: 'braze', name: 'Braze', credentials: { api_key: 'k', instance_url: 'https://rest.iad-01.braze.com' } },
    { type: 'postgres', properties: { host: 'dw.example.com', port: '5432', database: 'analytics', username: 'stitch', password: 'p' } },
  ],
  updateDestination: [{ name: 'Braze (EU)' }, { description: 'Warehouse' }],
  createSync: [{
    operation: 'upsert',
    source_attributes: { connection_id: 8, data_source: { type: 'table', table_schema: 'billing', table_name: 'users' } },
    destination_attributes: { connection_id: 15, object: 'user' },
    mappings: [{ from: 'email', to: 'external_id', is_primary_identifier: true }],
    schedule_frequency: 'daily',
    schedule_hour: 6,
    schedule_minute: 0,
  }],
  updateSync: [{ paused: true }],
  createModel: [{ name: 'active_users', query: 'select 1' }],
  updateModel: [{ query: 'select 1' }],
  createDataset: [{ name: 'Paying users', type: 'sql', source_id: 8, query: 'select 1' }],
  updateDataset: [{ description: 'Refreshed daily' }],
  createSegment: [{ name: 'Churn risk' }],
  createSegmentAndWait: [{ name: 'Churn risk' }],
  updateSegment: [{ name: 'Churn risk (EU)' }],
  createTopic: [{ name: 'signups' }],
  updateTopic: [{ description: 'Web signups' }],
  createDestinationObject: [{ object_type: 'file', name: 'exports/users.csv' }],
  createDestinationObjectAndWait: [{ object_type: 'file', name: 'exports/users.csv' }],
  createSourceConnectLink: [{ type: 'snowflake', redirect_uri: 'https://admin.example.com/back' }],
  createSourceReauthLink: [{ redirect_uri: 'https://admin.example.com/back' }],
  createDestinationConnectLink: [{ type: 'hubspot' }],
  createDestinationReauthLink: [{}],
  createSyncManagementLink: [{ redirect_uri: 'https://admin.example.com/back' }],
  createSyncEditLink: [{}],
  createSegmentManagementLink: [{}],
  createSegmentEditLink: [{}],
  createWebhook: [{ endpoint: 'https://hooks.example.com/census', events: ['sync.failed'] }],
  createWorkspace: [{ name: 'Staging' }],
  updateWorkspace: [{ notification_emails: ['data@example.com'] }],
  inviteToWorkspace: [{ emails: ['ana@example.com'], role: 'viewer' }],
  createInvitation: [{ email: 'ana@example.com', role: 'member', workspaces: [{ id: 1002, role: 'editor' }] }],
  updateStreamMetadata: [{ streams: [{ tap_stream_id: 's', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] }],
};

/**
 * The arguments `name` takes: the first candidate (ids, names, an input of the README's, then
 * the wait options) the client does not refuse as input, found with a fetch that answers every
 * request `{}` quickly.
 */
async function argumentsOf(Client, options, name) {
  const client = new Client({ ...options, fetch: async () => new Response('{}', { status: 404 }) });
  try {
    const wait = /^waitFor|AndWait$/.test(name);
    const inputs = (INPUTS[name] ?? []).flatMap((input) => [[input], [3, input], [3, 5, input]]);
    for (const candidate of [...CANDIDATES, ...inputs]) {
      const args = wait ? [...candidate, WAIT] : candidate;
      const { error } = await settled(invoke(client, name, args), name);
      if (!(error instanceof CensusInputError)) return args;
    }
    return null;
  } finally {
    client.free();
  }
}

const CLIENTS = [
  [CensusClient, { apiToken: TOKEN, personalAccessToken: PAT }, [TOKEN, PAT]],
  [StitchClient, { accessToken: STITCH_TOKEN }, [STITCH_TOKEN]],
];
const CALL = { timeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } };

test('calls in flight together each resolve to their own answer', async () => {
  // Answers of different lengths arrive in an order unrelated to the calls', sometimes after a
  // 503 the client retries, so buffers are written, grown and reused while others are read.
  const busy = new Set();
  const census = new CensusClient({
    apiToken: TOKEN,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 3 },
    fetch: async (request) => {
      await pause(below(4));
      const id = Number(new URL(request.url).pathname.split('/').at(-1));
      // Busy now and then, once per call, so that some answers come on a second attempt.
      if (!busy.has(id) && next() < 0.1) {
        busy.add(id);
        return new Response('{"status":"error","message":"busy"}', { status: 503 });
      }
      const label = `s${id}-${'x'.repeat((id * 7919) % 3000)}`;
      return Response.json({ status: 'success', data: { id, name: label } });
    },
  });
  const ids = Array.from({ length: 400 }, () => 1 + below(100_000));
  const results = await Promise.all(ids.map((id) => census.getSource(id)));
  results.forEach((source, index) => {
    const id = ids[index];
    assert.equal(source.id, id, `call ${index} got another call's answer`);
    assert.equal(source.name, `s${id}-${'x'.repeat((id * 7919) % 3000)}`);
  });
  census.free();
});

test('listings in flight together each get their own pages, in order', async () => {
  // Every source has its own tables; pages of different sizes come back late and out of order,
  // some after a 503, while other listings' pages are read: each listing must end with its own
  // source's tables, every one once, in the API's order.
  const TABLES = 180;
  const busy = new Set();
  const census = new CensusClient({
    apiToken: TOKEN,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 3 },
    fetch: async (request) => {
      const url = new URL(request.url);
      const source = Number(url.pathname.split('/').at(-2));
      const page = Number(url.searchParams.get('page') ?? 1);
      const perPage = Number(url.searchParams.get('per_page') ?? 25);
      await pause(below(5));
      if (!busy.has(request.url) && next() < 0.1) {
        busy.add(request.url);
        return new Response('{"status":"error","message":"busy"}', { status: 503 });
      }
      const first = (page - 1) * perPage;
      const data = [];
      for (let index = first; index < Math.min(first + perPage, TABLES); index += 1) {
        data.push({ id: source * 1000 + index, table_name: `t${source}_${index}${'_'.repeat(below(50))}` });
      }
      const last = Math.ceil(TABLES / perPage);
      return Response.json({
        status: 'success',
        data,
        pagination: {
          total_records: TABLES,
          per_page: perPage,
          prev_page: page > 1 ? page - 1 : null,
          page,
          next_page: page < last ? page + 1 : null,
          last_page: last,
        },
      });
    },
  });
  const sources = Array.from({ length: 24 }, (_, index) => index + 1);
  const listings = await Promise.all(sources.map((source) => census.listAllTables(source, {
    perPage: pick([7, 25, 50, 100]),
    concurrency: 1 + below(5),
  })));
  listings.forEach((tables, index) => {
    const source = sources[index];
    assert.deepEqual(
      tables.map((table) => table.id),
      Array.from({ length: TABLES }, (_, n) => source * 1000 + n),
      `source ${source}'s listing holds another's tables, or its own out of order`,
    );
    assert.ok(tables.every((table) => table.table_name.startsWith(`t${source}_`)));
  });
  census.free();
});

/** A JavaScript value a caller might pass by mistake, or a hostile one. */
function oddValue(depth = 0) {
  const throwing = (thrown) => Object.defineProperty({}, 'a', { enumerable: true, get() { throw thrown; } });
  const makers = [
    () => 3,
    () => -0,
    () => 2 ** 53 + 2,
    () => NaN,
    () => -Infinity,
    () => 10n,
    () => 'x',
    () => '\u0000NaN',
    () => '\uD800',
    () => '',
    () => true,
    () => null,
    () => undefined,
    () => Symbol('s'),
    () => () => 1,
    () => new Date(0),
    () => new Map([[1, 2]]),
    () => new Uint8Array(3),
    () => Object.create(null),
    () => ({ toJSON() { throw new Error(`toJSON ${pick(secrets)}`); } }),
    () => throwing(new Error('getter')),
    () => throwing(Symbol('thrown')),
    () => new Proxy({}, { ownKeys() { throw new Error('ownKeys'); } }),
    () => new Proxy([], { get() { throw new Error('get'); } }),
    () => { const cycle = { a: 1 }; cycle.self = cycle; return cycle; },
    () => new AbortController().signal,
    () => ({ name: 'n', type: 'postgres', credentials: oddValue(depth + 1) }),
    () => (depth < 3 ? [oddValue(depth + 1), oddValue(depth + 1)] : []),
    () => (depth < 3 ? { [pick(['timeoutMs', 'signal', 'onProgress', 'retry', 'perPage', 'readBack', 'x'])]: oddValue(depth + 1) } : {}),
  ];
  return pick(makers)();
}

test('odd and hostile JavaScript values as arguments are refused as input, never thrown raw', async () => {
  const clients = [
    [new CensusClient({ apiToken: TOKEN, personalAccessToken: PAT, ...CALL, fetch: async () => Response.json({ status: 'success', data: { id: 3, name: 'n' } }) }), [TOKEN, PAT]],
    [new StitchClient({ accessToken: STITCH_TOKEN, ...CALL, fetch: async () => Response.json({ id: 3, name: 'n', type: 'platform.postgres' }) }), [STITCH_TOKEN]],
  ];
  let refused = 0;
  let thrownRaw = 0;
  for (let round = 0; round < 1500; round += 1) {
    const [client, tokens] = pick(clients);
    secrets = tokens;
    const name = pick(methods(client));
    const args = Array.from({ length: below(5) }, () => oddValue());
    const { error } = await settled(invoke(client, name, args), name);
    if (error === undefined) continue;
    refused += 1;
    assert.ok(error instanceof CensusError, `${name}: ${error?.name}: ${error?.message}`);
    // The runtime's own failures would surface as a TypeError it caught and wrapped.
    if (/TypeError: Cannot convert/.test(error.message)) thrownRaw += 1;
    for (const text of texts(error)) {
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `${name}'s ${error.name} shows a token: ${text.slice(0, 300)}`);
      }
    }
  }
  console.log(`${refused} of 1500 calls with odd arguments refused, all as CensusError`);
  assert.equal(thrownRaw, 0, 'a value the runtime could not describe failed the call as reading the options');
  clients.forEach(([client]) => client.free());
});

test('every method of both clients settles as a CensusError or a value against hostile answers, never showing a token', async () => {
  let calls = 0;
  let rejected = 0;
  let calledMethods = 0;
  const refusedEverywhere = [];
  for (const [Client, options, tokens] of CLIENTS) {
    secrets = tokens;
    const client = new Client({ ...options, ...CALL, fetch: hostileFetch });
    const names = methods(client);
    assert.ok(names.length > (Client === CensusClient ? 130 : 30), `${Client.name} has its methods`);
    const found = [];
    for (const name of names) {
      const args = await argumentsOf(Client, { ...options, ...CALL }, name);
      if (args === null) refusedEverywhere.push(name);
      else found.push([name, args]);
    }
    calledMethods += found.length;
    // Ten rounds, each with every method at once on the one client.
    for (let round = 0; round < 10; round += 1) {
      const outcomes = await Promise.all(found.map(([name, args]) => settled(invoke(client, name, args), name)
        .then((outcome) => ({ name, ...outcome }))));
      for (const { name, error } of outcomes) {
        calls += 1;
        if (error === undefined) continue;
        rejected += 1;
        assert.ok(error instanceof CensusError, `${name} rejected with ${error?.name}: ${error?.message}\n${error?.stack}`);
        assert.equal(typeof error.code, 'string', `${name}: ${error.message}`);
        for (const text of texts(error)) {
          for (const secret of secrets) {
            assert.ok(!text.includes(secret), `${name}'s ${error.name} shows a token: ${text.slice(0, 500)}`);
          }
        }
      }
    }
    // The instance is not poisoned: a plain call on the same wasm still reads its answer.
    const plain = new Client({
      ...options,
      fetch: async () => Response.json(Client === CensusClient
        ? { status: 'success', data: { id: 3, name: 'n' } }
        : { id: 3, name: 'n', type: 'platform.postgres' }),
    });
    const source = await plain.getSource(3);
    assert.equal(source.id, 3);
    plain.free();
    client.free();
  }
  console.log(`${calledMethods} methods, ${calls} calls, ${rejected} rejected, all as CensusError; not called (no candidate arguments fit): ${refusedEverywhere.join(', ') || 'none'}`);
  assert.ok(calls > 1000, `only ${calls} calls`);
  // Every method of both clients is called: a candidate fits each.
  assert.deepEqual(refusedEverywhere, [], 'methods no candidate arguments fit');
  assert.ok(calledMethods >= 190, `only ${calledMethods} methods called`);
});
