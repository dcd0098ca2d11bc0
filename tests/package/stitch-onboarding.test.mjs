// A Stitch source set up from nothing, as an onboarding flow does it, through the built package
// against a census-local of its own: create the source, read its streams and a stream's schema,
// select the stream, its fields and its replication (the stitchdata/docs "Select streams and
// fields" request), replicate, and read the extraction and the loads. The Stitch reference
// (stitchdata/docs `objects/streams/*`) is what the local Stitch must answer as.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CensusNotFoundError, StitchApiError, StitchClient, StitchJobError } from '../../pkg/node.mjs';
import { startCensus } from './settings.mjs';

const STITCH_TOKEN = 'stitch-onboarding-token';
let server;
let stitch;

before(async () => {
  server = await startCensus(['--seed', '36', '--token', 'stitch-onboarding-census', '--stitch-token', STITCH_TOKEN,
    '--stitch-job-ms', '300']);
  stitch = new StitchClient({ accessToken: STITCH_TOKEN, baseUrl: `${server.url}/stitch` });
});
after(async () => {
  stitch?.free();
  await server?.stop();
});

async function newPostgres(display_name) {
  return stitch.createSource({
    type: 'platform.postgres', display_name,
    properties: { host: 'db.example.com', port: '5432', database: 'shop', user: 'stitch', password: 'secret' },
  });
}

test("a stream's schema names the metadata keys it can set, as Stitch's Stream Schema object does", async () => {
  const source = await newPostgres('Onboarding schema');
  const [stream] = await stitch.listStreams(source.id);
  const schema = await stitch.getStream(source.id, stream.stream_id);
  // One of the object's three root properties (schema, metadata, non-discoverable-metadata-keys).
  assert.deepEqual(schema['non-discoverable-metadata-keys'],
    ['selected', 'replication-method', 'replication-key', 'view-key-properties']);
  // A stream, or a source, Stitch cannot find: its 400 "invalid stream-id: …" is not found to
  // the caller, as getSource's 404 for an unknown source is.
  for (const [sourceId, streamId] of [[source.id, 424242], [999999, stream.stream_id]]) {
    const error = await stitch.getStream(sourceId, streamId).catch((e) => e);
    assert.ok(error instanceof CensusNotFoundError, String(error));
    assert.equal(error.status, 400);
    assert.match(error.apiMessage, /^invalid stream-id: \d+$/);
  }
  assert.ok(await stitch.getSource(999999).catch((e) => e) instanceof CensusNotFoundError);
});

test("a source or destination Stitch cannot find is not found, with Stitch's 400 kept", async () => {
  // stitchdata/docs response-codes: sources.yml (PUT, DELETE), replication-jobs.yml (POST
  // …/sync) and destinations.yml (PUT, DELETE) answer these 400s for an id Stitch cannot find.
  const unknown = 999999;
  const cases = [
    [() => stitch.updateSource(unknown, { display_name: 'Nowhere' }), 'InvalidId', /^source not found \(999999\)$/],
    [() => stitch.deleteSource(unknown), 'InvalidId', /^source not found \(999999\)$/],
    [() => stitch.startReplication(unknown), 'invalid_source', /^Unable to locate source\(999999\) for client \(\d+\)$/],
    [() => stitch.stopReplication(unknown), 'invalid_source', /^Unable to locate source\(999999\) for client \(\d+\)$/],
    [() => stitch.updateDestination(unknown, { name: 'Nowhere' }), undefined, /^invalid connection id$/],
    [() => stitch.deleteDestination(unknown), undefined, /^Unable to locate dest \(999999\) for client \(\d+\) to delete$/],
  ];
  for (const [call, type, words] of cases) {
    const error = await call().catch((e) => e);
    assert.ok(error instanceof CensusNotFoundError, `${call}: ${error}`);
    assert.equal(error.status, 400, String(call));
    assert.equal(error.type, type, String(call));
    assert.match(error.apiMessage, words);
    assert.match(error.message, /^Stitch (source|destination) 999999 was not found \(HTTP 400: /);
  }
  // A deleted source is there: replicating it is refused, not missing.
  const source = await newPostgres('Onboarding deleted');
  await stitch.deleteSource(source.id);
  const refused = await stitch.startReplication(source.id).catch((e) => e);
  assert.ok(refused instanceof StitchApiError && !(refused instanceof CensusNotFoundError), String(refused));
  assert.equal(refused.type, 'invalid_source');
});

test('a replication method and key set with the selection are what the stream reads back', async () => {
  const source = await newPostgres('Onboarding replication');
  const streams = await stitch.listStreams(source.id);
  const orders = streams.find((s) => s.tap_stream_id === 'demo-public-orders');
  assert.ok(orders, JSON.stringify(streams.map((s) => s.tap_stream_id)));
  await stitch.updateStreamMetadata(source.id, { streams: [{ tap_stream_id: orders.tap_stream_id, metadata: [
    { breadcrumb: [], metadata: { selected: true, 'replication-method': 'INCREMENTAL', 'replication-key': 'updated_at' } },
  ] }] });
  const listed = (await stitch.listStreams(source.id)).find((s) => s.stream_id === orders.stream_id);
  assert.equal(listed.selected, true);
  assert.equal(listed.metadata['replication-method'], 'INCREMENTAL');
  assert.equal(listed.metadata['replication-key'], 'updated_at');
  const schema = await stitch.getStream(source.id, orders.stream_id);
  const own = schema.metadata.find((entry) => entry.breadcrumb.length === 0);
  assert.equal(own.metadata['replication-method'], 'INCREMENTAL');
  // A later change of the method alone keeps the key; the selection stays as it was.
  await stitch.updateStreamMetadata(source.id, { streams: [{ tap_stream_id: orders.tap_stream_id, metadata: [
    { breadcrumb: [], metadata: { 'replication-method': 'FULL_TABLE' } },
  ] }] });
  const again = (await stitch.listStreams(source.id)).find((s) => s.stream_id === orders.stream_id);
  assert.equal(again.metadata['replication-method'], 'FULL_TABLE');
  assert.equal(again.metadata['replication-key'], 'updated_at');
  assert.equal(again.selected, true);
});

test("a source is created for one of the account's destinations by destination_id, as Stitch's reference documents", async () => {
  // POST /v4/sources takes `destination_id` (stitchdata/docs "Multiple Destinations", the same
  // change that gave POST /v4/destinations its ignore_unmapped_sources).
  const [destination] = await stitch.listDestinations();
  assert.ok(destination, 'the seeded destination');
  const sent = [];
  const watched = new StitchClient({ accessToken: STITCH_TOKEN, baseUrl: `${server.url}/stitch`,
    onRequest: ({ method, url }) => sent.push(`${method} ${new URL(url).pathname}${new URL(url).search}`) });
  try {
    const source = await watched.createSource({ type: 'platform.hubspot', display_name: 'Onboarding HubSpot', destination_id: destination.id });
    assert.equal(source.type, 'platform.hubspot');
    assert.deepEqual(sent, ['POST /stitch/v4/sources']);
    // A Source object does not say where it loads: listDestinations' source_id filter does.
    sent.length = 0;
    assert.deepEqual((await watched.listDestinations({ sourceId: source.id })).map((d) => d.id), [destination.id]);
    assert.deepEqual((await watched.listDestinations({ sourceId: String(source.id), destinationId: destination.id + 1 })), []);
    assert.deepEqual(sent, [`GET /stitch/v4/destinations?source_id=${source.id}`,
      `GET /stitch/v4/destinations?source_id=${source.id}&destination_id=${destination.id + 1}`]);
    await assert.rejects(watched.listDestinations({ sourceId: 'x' }), { name: 'CensusInputError', field: 'sourceId' });
    assert.equal(sent.length, 2, 'nothing sent for a bad id');
    // An id that is not a destination of the account is Stitch's to refuse, not sent as made up.
    await assert.rejects(watched.createSource({ type: 'platform.hubspot', display_name: 'Onboarding HubSpot 2', destination_id: 'x' }),
      { name: 'CensusInputError', field: 'destination_id' });
  } finally {
    watched.free();
  }
});

test('a source is moved to another destination by updateSource with destination_id, as Stitch documents it', async () => {
  // PUT /v4/sources/{id} takes `destination_id` (stitchdata/docs "Update a source").
  const [seeded] = await stitch.listDestinations();
  const lake = await stitch.createDestination({ type: 'redshift', ignore_unmapped_sources: true });
  try {
    const source = await newPostgres('Onboarding moved');
    const where = async () => (await stitch.listDestinations({ sourceId: source.id })).map((d) => d.id);
    assert.deepEqual(await where(), [seeded.id]);
    const moved = await stitch.updateSource(source.id, { destination_id: lake.id });
    assert.equal(moved.id, source.id);
    assert.deepEqual(await where(), [lake.id]);
    // Not an integer id: refused by name before anything is sent.
    for (const destination_id of [String(seeded.id), null, 1.5]) {
      await assert.rejects(stitch.updateSource(source.id, { destination_id }), { name: 'CensusInputError', field: 'destination_id' });
    }
    // An id that is not one of the account's destinations is Stitch's to refuse.
    await assert.rejects(stitch.updateSource(source.id, { destination_id: 999999 }), { name: 'StitchApiError', status: 400, type: 'InvalidBody' });
    assert.deepEqual(await where(), [lake.id]);
  } finally {
    await stitch.deleteDestination(lake.id);
  }
});

test("a source reads with its connection check's job name and its schedule, as Stitch's Source object has them", async () => {
  const source = await newPostgres('Onboarding schedule');
  // The check Stitch runs once the form is complete: its job name finds its logs and result.
  assert.match(source.check_job_name ?? '', new RegExp(`^${source.stitch_client_id}\\.${source.id}\\.check\\.`));
  assert.equal(source.schedule?.type, 'interval');
  assert.equal(source.schedule?.unit, 'minute');
  assert.equal(typeof source.schedule?.interval, 'number');
  assert.ok(Date.parse(source.schedule?.next_fire_time) > Date.now() - 1000, JSON.stringify(source.schedule));
  // null while paused (and once deleted).
  const paused = await stitch.pauseSource(source.id);
  assert.equal(paused.schedule, null);
  assert.equal(paused.check_job_name, source.check_job_name);
  // A source with no check yet (its form incomplete) has none to name.
  const bare = await stitch.createSource({ type: 'platform.postgres', display_name: 'Onboarding no check' });
  assert.equal(bare.check_job_name, null);
});

test("a stream's metadata read back whole is refused for the keys Stitch discovered, by name, before sending", async () => {
  const source = await newPostgres('Onboarding read back');
  const [stream] = await stitch.listStreams(source.id);
  const schema = await stitch.getStream(source.id, stream.stream_id);
  const own = schema.metadata.find((entry) => entry.breadcrumb.length === 0);
  const discovered = Object.keys(own.metadata).filter((key) => !schema['non-discoverable-metadata-keys'].includes(key));
  assert.ok(discovered.length > 0, `the local Stitch discovers keys too: ${JSON.stringify(own.metadata)}`);
  const sent = [];
  const watched = new StitchClient({ accessToken: STITCH_TOKEN, baseUrl: `${server.url}/stitch`,
    onRequest: ({ method }) => sent.push(method) });
  try {
    // The read entry, selected and sent back as it came.
    const error = await watched.updateStreamMetadata(source.id, { streams: [{ tap_stream_id: stream.tap_stream_id,
      metadata: [{ breadcrumb: [], metadata: { ...own.metadata, selected: true } }] }] }).catch((e) => e);
    assert.equal(error?.name, 'CensusInputError', String(error));
    assert.match(error.field, /^streams\[0\]\.metadata\[0\]\.metadata\.[a-z-]+$/);
    assert.ok(discovered.includes(error.field.split('.').pop()), error.field);
    assert.match(error.message, /Stitch discovers it/);
    assert.deepEqual(sent, []);
    // Only the keys it may set go through.
    const settable = Object.fromEntries(Object.entries(own.metadata).filter(([key]) => !discovered.includes(key)));
    await watched.updateStreamMetadata(source.id, { streams: [{ tap_stream_id: stream.tap_stream_id,
      metadata: [{ breadcrumb: [], metadata: { ...settable, selected: true } }] }] });
    assert.deepEqual(sent, ['PUT']);
  } finally {
    watched.free();
  }
});

test('a job stopped while it is followed ends as Stitch shows a terminated job, and both waits reject with StitchJobError', async () => {
  const source = await newPostgres('Onboarding stopped');
  let stopping;
  const error = await stitch.startReplicationAndWait(source.id, {
    intervalMs: 10, maxIntervalMs: 50,
    onProgress: ({ status }) => { if (status === 'started') stopping = stitch.stopReplication(source.id); },
  }).catch((e) => e);
  await stopping;
  assert.ok(error instanceof StitchJobError, String(error));
  assert.equal(error.code, 'replication_failed');
  // The reference's terminated extraction (stitchdata/docs "List last extractions"): completed,
  // every exit status null, every phase described "Terminated".
  const { extraction } = error;
  assert.equal(extraction.source_id, source.id);
  assert.ok(Date.parse(extraction.completion_time), JSON.stringify(extraction));
  for (const phase of ['discovery', 'tap', 'target']) {
    assert.equal(extraction[`${phase}_exit_status`], null, JSON.stringify(extraction));
    assert.equal(extraction[`${phase}_description`], 'Terminated', JSON.stringify(extraction));
  }
  // Which phase was running the answer does not say, so none is named.
  assert.match(error.message, /was terminated before it finished \(no phase has an exit status: Terminated\)$/);
  // Resumed by its name (after a page reload, say), the wait ends the same way.
  const resumed = await stitch.waitForReplication(source.id, extraction.job_name, { intervalMs: 10 }).catch((e) => e);
  assert.ok(resumed instanceof StitchJobError, String(resumed));
  assert.deepEqual(resumed.extraction, extraction);
});
