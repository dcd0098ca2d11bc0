// Compiled with `tsc --strict --noEmit` by the test command, like usage.ts: StitchClient, every
// method and its errors. Every correct call must type-check and each @ts-expect-error line must
// not; `Same<A, B>` lines fail to compile unless the two types are exactly the same.
import {
  CensusApiError,
  CensusClient,
  CensusError,
  StitchApiError,
  StitchClient,
  StitchJobError,
  type CensusErrorCode,
  type CreateStitchDestinationInput,
  type CreateStitchSourceInput,
  type ListProgress,
  type StitchCompletedExtraction,
  type StitchConnectionCheck,
  type StitchDestination,
  type StitchExtraction,
  type StitchImportToken,
  type StitchImportTokenId,
  type StitchJobStarted,
  type StitchLinks,
  type StitchLoad,
  type StitchMetadataEntry,
  type StitchPage,
  type StitchReplicationProgress,
  type StitchReportCard,
  type StitchSource,
  type StitchStream,
  type StitchStreamMetadataInput,
  type StitchStreamSchema,
  type UpdateStitchSourceInput,
  type JsonObject,
} from 'census-wasm';

/** `true` only when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export async function stitchUsage(accessToken: string): Promise<string[]> {
  const seen: string[] = [];
  const stitch = new StitchClient({
    accessToken,
    baseUrl: 'http://localhost:8787/stitch',
    timeoutMs: 10_000,
    retry: { maxAttempts: 2 },
    onRequest: ({ method, url, attempt }) => seen.push(`${method} ${url} ${attempt}`),
  });
  const base: string = stitch.baseUrl;
  seen.push(base);

  // Sources: ids are numbers or their digits.
  const sources: StitchSource[] = await stitch.listSources({ timeoutMs: 5_000 });
  const byNumber: StitchSource = await stitch.getSource(120643);
  const byDigits: StitchSource = await stitch.getSource('120643');
  const id: number = byNumber.id;
  seen.push(String(sources.length), byDigits.display_name ?? '', String(id));
  const input: CreateStitchSourceInput = { type: 'platform.postgres', display_name: 'Orders DB', properties: { host: 'db' } };
  const created: StitchSource = await stitch.createSource(input);
  const named: StitchSource = await stitch.createSource({ ...input, name: 'orders_db' });
  // The destination to load into, of an account with several (Stitch's multiple destinations).
  const routed: StitchSource = await stitch.createSource({ ...input, destination_id: 155582 });
  seen.push(String(routed.id));
  // Its last connection check's job and its schedule, as Stitch's Source object has them.
  const checkJob: string | null | undefined = routed.check_job_name;
  const schedule: JsonObject | null | undefined = routed.schedule;
  seen.push(checkJob ?? '', String(schedule?.['next_fire_time'] ?? ''));
  const patch: UpdateStitchSourceInput = { display_name: 'Orders', paused_at: null };
  const updated: StitchSource = await stitch.updateSource(created.id, patch);
  // Moved to another destination (stitchdata/docs "Update a source": `destination_id`).
  const moved: StitchSource = await stitch.updateSource(created.id, { destination_id: 155583 });
  seen.push(String(moved.id));
  const paused: StitchSource = await stitch.pauseSource(named.id);
  const pausedAt: string | null | undefined = paused.paused_at;
  const unpaused: StitchSource = await stitch.unpauseSource('120643');
  const deleted: void = await stitch.deleteSource(updated.id);
  seen.push(pausedAt ?? '', String(unpaused.stitch_client_id ?? 0), String(deleted));
  const check: StitchConnectionCheck = await stitch.getLastConnectionCheck(120643);
  seen.push(check.status ?? '', String(check.error ?? false));

  // Replication.
  const started: StitchJobStarted = await stitch.startReplication(120643);
  seen.push(started.job_name);
  await stitch.stopReplication(120643);
  const extraction: StitchExtraction = await stitch.startReplicationAndWait('120643', {
    intervalMs: 20_000,
    maxIntervalMs: 60_000,
    timeoutMs: 0,
    signal: AbortSignal.timeout(600_000),
    retry: false,
    onProgress: (progress: StitchReplicationProgress) => {
      const status: 'started' | 'waiting' | 'discovery' | 'tap' | 'target' | 'succeeded' | 'failed' = progress.status;
      seen.push(status, progress.job_name ?? '', String(progress.source_id + progress.attempts + progress.elapsedMs));
    },
  });
  seen.push(extraction.completion_time ?? 'running', String(extraction.tap_exit_status ?? ''));
  const resumed: StitchExtraction = await stitch.waitForReplication(120643, started.job_name, {
    intervalMs: 5_000,
    onProgress: ({ status, attempts }) => seen.push(`${status} ${attempts}`),
  });
  seen.push(resumed.job_name ?? '');
  // A finished wait's extraction has its job_name and completion_time: a named type.
  const finished: StitchCompletedExtraction = await stitch.waitForReplication(120643, started.job_name);
  const finishedAt: string = finished.completion_time;
  // It resolves only once every phase succeeded: each exit status is 0 (Stitch's success).
  const succeeded: [0, 0, 0] = [finished.discovery_exit_status, finished.tap_exit_status, finished.target_exit_status];
  seen.push(String(succeeded));
  const finishedJob: string = (await stitch.startReplicationAndWait(120643)).job_name;
  seen.push(finishedAt, finishedJob);

  // Import API tokens.
  const token: StitchImportToken = await stitch.createImportApiToken(216359);
  const secret: string | null | undefined = token.access_token;
  const tokens: StitchImportTokenId[] = await stitch.listImportApiTokens('216359');
  const revoked: StitchSource = await stitch.deleteImportApiToken(216359, tokens[0]?.token_id ?? token.id);
  seen.push(secret ?? '', ...tokens.map((t) => `${t.token_id} ${t.created_at ?? ''}`), String(revoked.id));

  // Types, streams and their metadata.
  const sourceTypes: StitchReportCard[] = await stitch.listSourceTypes();
  const postgres: StitchReportCard = await stitch.getSourceType('platform.postgres');
  seen.push(String(sourceTypes.length), ...(postgres.steps ?? []).map((step) => step.type));
  const streams: StitchStream[] = await stitch.listStreams(120643);
  const schema: StitchStreamSchema = await stitch.getStream(120643, streams[0].stream_id);
  const bySchemaDigits: StitchStreamSchema = await stitch.getStream('120643', '2288757');
  const entries: StitchMetadataEntry[] = schema.metadata ?? [];
  const breadcrumb: string[] = entries[0].breadcrumb;
  seen.push(...breadcrumb, String(bySchemaDigits.schema));
  // The metadata keys an update may set, as the Stream Schema object lists them.
  const settable: string[] = schema['non-discoverable-metadata-keys'] ?? [];
  seen.push(...settable);
  const selection: StitchStreamMetadataInput = {
    streams: [
      {
        tap_stream_id: 'demo-public-orders',
        metadata: [
          { breadcrumb: [], metadata: { selected: true, 'replication-method': 'FULL_TABLE' } },
          { breadcrumb: ['properties', 'total'], metadata: { selected: false } },
        ],
      },
    ],
  };
  const selected: void = await stitch.updateStreamMetadata(120643, selection);
  void selected;
  // A breadcrumb built as a constant (`as const`, a ReadonlyArray) is taken as given.
  const crumb = ['properties', 'total'] as const;
  const readonlyCrumb: ReadonlyArray<string> = crumb;
  await stitch.updateStreamMetadata(120643, { streams: [{ tap_stream_id: 'demo-public-orders', metadata: [{ breadcrumb: crumb, metadata: { selected: true } }, { breadcrumb: readonlyCrumb, metadata: {} }] }] });
  // The keys an update may set are typed; a tap's own keys pass as JSON.
  await stitch.updateStreamMetadata(120643, { streams: [{ tap_stream_id: 'demo-public-orders', metadata: [{ breadcrumb: [], metadata: { selected: true, 'replication-method': 'INCREMENTAL', 'replication-key': 'updated_at', 'tap-mysql.option': 1 } }] }] });
  // @ts-expect-error: `selected` is a boolean
  await stitch.updateStreamMetadata(120643, { streams: [{ tap_stream_id: 'demo-public-orders', metadata: [{ breadcrumb: [], metadata: { selected: 'yes' } }] }] });
  // @ts-expect-error: `inclusion` is what Stitch discovered; an update cannot send it
  await stitch.updateStreamMetadata(120643, { streams: [{ tap_stream_id: 'demo-public-orders', metadata: [{ breadcrumb: [], metadata: { selected: true, inclusion: 'available' } }] }] });

  // The destinations, and Stitch's two filters of them.
  const [destination]: StitchDestination[] = await stitch.listDestinations();
  const [loadsInto]: StitchDestination[] = await stitch.listDestinations({ sourceId: 120643, destinationId: '155582', timeoutMs: 5_000 });
  seen.push(String(loadsInto?.id));
  // @ts-expect-error: an id is a number or its digits
  await stitch.listDestinations({ sourceId: 'abc' });
  // @ts-expect-error: Stitch takes no other filter
  await stitch.listDestinations({ page: 2 });
  const made: CreateStitchDestinationInput = { type: 'postgres', name: 'DW', properties: { host: 'dw' } };
  const createdDestination: StitchDestination = await stitch.createDestination(made);
  const renamed: StitchDestination = await stitch.updateDestination(destination.id, { description: 'Warehouse' });
  await stitch.deleteDestination('155582');
  const destinationCheck: StitchConnectionCheck = await stitch.getDestinationLastConnectionCheck(createdDestination.id);
  const destinationTypes: StitchReportCard[] = await stitch.listDestinationTypes();
  const bigquery: StitchReportCard = await stitch.getDestinationType('bigquery');
  seen.push(renamed.description ?? '', destinationCheck.status ?? '', String(destinationTypes.length), bigquery.type);

  // Extractions and loads: Stitch's pages, and every page.
  const page: StitchPage<StitchExtraction> = await stitch.listExtractions(116078, { page: 2, signal: AbortSignal.timeout(1_000) });
  const data: StitchExtraction[] = page.data;
  const pageNumber: number | null = page.page;
  const total: number | null = page.total;
  const links: StitchLinks = page.links;
  const next: string | null | undefined = links.next;
  const hasNextPage: boolean = page.hasNextPage;
  const nextPage: number | null = page.nextPage;
  seen.push(String(data.length + (pageNumber ?? 0) + (total ?? 0)), next ?? '', String(hasNextPage), String(nextPage));
  for await (const each of stitch.iterateExtractions('116078', { maxItems: 10 })) {
    const one: StitchExtraction = each;
    seen.push(one.job_name ?? '');
  }
  const allExtractions: StitchExtraction[] = await stitch.listAllExtractions(116078, {
    onProgress: (progress: ListProgress) => seen.push(String(progress.itemsDone)),
  });
  const log: string = await stitch.getExtractionLogs(116078, allExtractions[0].job_name ?? '');
  const loads: StitchPage<StitchLoad> = await stitch.listLoads(116078);
  const firstLoad: StitchLoad = loads.data[0];
  for await (const load of stitch.iterateLoads(116078)) seen.push(load.stream_name);
  const allLoads: StitchLoad[] = await stitch.listAllLoads('116078', { maxItems: 200 });
  seen.push(log, firstLoad.stream_name, String(allLoads.length));

  // Errors: Stitch's own, and a failed replication holding its extraction.
  try {
    await stitch.startReplication(120643);
  } catch (error) {
    if (error instanceof StitchApiError) {
      const kind: string | undefined = error.type;
      const asApi: CensusApiError = error;
      const status: number | undefined = error.status;
      seen.push(kind ?? '', asApi.apiMessage ?? '', String(status));
    } else if (error instanceof StitchJobError) {
      const failed: StitchExtraction = error.extraction;
      const asBase: CensusError = error;
      const code: CensusErrorCode = error.code;
      seen.push(failed.tap_description ?? '', asBase.message, code);
    }
  }
  const typeIsStitchs: Same<StitchApiError['type'], string | undefined> = true;
  const extractionIsAnExtraction: Same<StitchJobError['extraction'], StitchExtraction> = true;
  const statusUnion: Same<
    StitchReplicationProgress['status'],
    'started' | 'waiting' | 'discovery' | 'tap' | 'target' | 'succeeded' | 'failed'
  > = true;
  const pageFields: Same<keyof StitchPage<StitchLoad>, 'data' | 'page' | 'total' | 'links' | 'hasNextPage' | 'nextPage'> = true;
  const pageData: Same<StitchPage<StitchLoad>['data'], StitchLoad[]> = true;
  const idArgument: Same<Parameters<StitchClient['getSource']>[0], number | `${number}`> = true;
  const clientIdArgument: Same<Parameters<StitchClient['listLoads']>[0], number | `${number}`> = true;
  const tokenIdArgument: Same<Parameters<StitchClient['deleteImportApiToken']>[1], number | `${number}`> = true;
  const waitReturn: Same<Awaited<ReturnType<StitchClient['startReplicationAndWait']>>, StitchCompletedExtraction> = true;
  const completedFields: Same<
    StitchCompletedExtraction,
    StitchExtraction & { job_name: string; completion_time: string; discovery_exit_status: 0; tap_exit_status: 0; target_exit_status: 0 }
  > = true;
  // A listed extraction keeps whatever status Stitch gives: null while running (or terminated), 0, or a failure's code.
  const listedStatus: Same<StitchExtraction['tap_exit_status'], number | null | undefined> = true;
  void [waitReturn, completedFields, listedStatus];
  const jobNameArgument: Same<Parameters<StitchClient['waitForReplication']>[1], string> = true;
  const replicationCode: Extract<CensusErrorCode, 'replication_failed'> = 'replication_failed';
  void [typeIsStitchs, extractionIsAnExtraction, statusUnion, pageFields, pageData, idArgument, clientIdArgument, tokenIdArgument, jobNameArgument, replicationCode];
  {
    using disposed = new StitchClient({ accessToken });
    seen.push(disposed.baseUrl);
  }

  // ---- what the types refuse ----
  // @ts-expect-error: a source needs its display_name
  await stitch.createSource({ type: 'platform.postgres' });
  // @ts-expect-error: a source needs its type
  await stitch.createSource({ display_name: 'Orders DB' });
  // @ts-expect-error: properties are an object of the type's form, not a string
  await stitch.createSource({ ...input, properties: 'host=db' });
  // @ts-expect-error: paused_at is a timestamp or null
  await stitch.updateSource(120643, { paused_at: 5 });
  // @ts-expect-error: a destination_id is an integer id, not its digits as a string
  await stitch.updateSource(120643, { destination_id: '155583' });
  // @ts-expect-error: a destination_id is changed, not cleared
  await stitch.updateSource(120643, { destination_id: null });
  // @ts-expect-error: a display_name is changed, not cleared (only paused_at takes null)
  await stitch.updateSource(120643, { display_name: null });
  // @ts-expect-error: properties are left out, not null
  await stitch.createSource({ ...input, properties: null });
  // @ts-expect-error: a schema name is left out to derive it, not null
  await stitch.createSource({ ...input, name: null });
  // @ts-expect-error: a destination's properties are left out, not null
  await stitch.updateDestination(155582, { properties: null });
  // @ts-expect-error: an id is a number or its digits as a string, not an object
  await stitch.getSource({ id: 120643 });
  // @ts-expect-error: an id is a number or its digits as a string, not any text
  await stitch.getSource('abc');
  // @ts-expect-error: not any text, for every Stitch id
  await stitch.listLoads('client');
  // @ts-expect-error: nothing to update: an update needs at least one member
  await stitch.updateSource(120643, {});
  // @ts-expect-error: nothing to update
  await stitch.updateDestination(155582, {});
  // @ts-expect-error: misspelt member of a patch
  await stitch.updateSource(120643, { display_nmae: 'Orders' });
  // @ts-expect-error: an id is a number or its digits as a string, not a boolean
  await stitch.getStream(120643, true);
  // @ts-expect-error: a source type is named by a string
  await stitch.getSourceType(5);
  // @ts-expect-error: a replication is waited for by its job_name
  await stitch.waitForReplication(120643);
  // @ts-expect-error: a job_name is a string, not startReplication's whole answer
  await stitch.waitForReplication(120643, started);
  // @ts-expect-error: a token is revoked by its id
  await stitch.deleteImportApiToken(216359);
  // @ts-expect-error: a listed token's id is token_id
  seen.push(String(tokens[0].id));
  // @ts-expect-error: an extraction's logs are named by its job_name
  await stitch.getExtractionLogs(116078);
  // @ts-expect-error: Stitch pages have no perPage (its pages hold 100)
  await stitch.listExtractions(116078, { perPage: 10 });
  // @ts-expect-error: page is a number
  await stitch.listLoads(116078, { page: '2' });
  // @ts-expect-error: iterate… and listAll… follow links.next: no page
  await stitch.listAllExtractions(116078, { page: 2 });
  // @ts-expect-error: Stitch's pages are read one after another: no concurrency
  stitch.iterateLoads(116078, { concurrency: 4 });
  // @ts-expect-error: a breadcrumb is a list of strings, not a dotted path
  const dotted: StitchMetadataEntry = { breadcrumb: 'properties.total', metadata: { selected: true } };
  // @ts-expect-error: a breadcrumb's steps are strings
  const numbered: StitchMetadataEntry = { breadcrumb: ['properties', 1], metadata: {} };
  // @ts-expect-error: a metadata entry needs its metadata
  const bare: StitchMetadataEntry = { breadcrumb: [] };
  // @ts-expect-error: a stream is named by its tap_stream_id
  await stitch.updateStreamMetadata(120643, { streams: [{ metadata: [] }] });
  // @ts-expect-error: a destination needs its type
  await stitch.createDestination({ name: 'DW' });
  // @ts-expect-error: a destination's type cannot change
  await stitch.updateDestination(155582, { type: 'redshift' });
  // A read spread back into an input is refused, as the client refuses its read-only members:
  // even once the read's nullable members are narrowed, its id and timestamps are `never` there.
  const read: StitchSource & { display_name: string; properties: JsonObject } = {
    id: 120643, display_name: 'Orders', properties: { host: 'db' }, created_at: '2026-01-01T00:00:00Z',
  };
  // @ts-expect-error: id, created_at, … are read-only: pass only the members to set
  await stitch.updateSource(read.id, { ...read, display_name: 'Orders DB' });
  const { id: _sourceId, created_at: _createdAt, ...rest } = read;
  void [_sourceId, _createdAt];
  // @ts-expect-error: the rest of a read still holds type, report_card, …
  await stitch.updateSource(read.id, { ...rest, display_name: 'Orders DB' });
  await stitch.updateSource(read.id, { display_name: 'Orders DB', properties: { ...read.properties, port: '5433' } });
  const readDestination: StitchDestination & { properties: JsonObject } = { id: 155582, type: 'postgres', properties: {} };
  // @ts-expect-error: a destination read spread back: its id and type are not an update's
  await stitch.updateDestination(readDestination.id, { ...readDestination, description: 'Warehouse' });
  await stitch.updateDestination(readDestination.id, { properties: readDestination.properties, description: 'Warehouse' });
  // Stitch's ignore_unmapped_sources is a create's member; no connect_unmapped_sources exists.
  await stitch.createDestination({ type: 'postgres', properties: {}, ignore_unmapped_sources: true });
  // @ts-expect-error: not a member of Stitch's destination body
  await stitch.createDestination({ type: 'postgres', properties: {}, connect_unmapped_sources: true });
  // @ts-expect-error: deleting resolves to nothing
  const nothing: StitchSource = await stitch.deleteSource(120643);
  // @ts-expect-error: apiToken is CensusClient's; StitchClient takes accessToken
  new StitchClient({ apiToken: accessToken });
  // @ts-expect-error: failOnError is a sync-run wait's option; a failed replication always rejects
  await stitch.startReplicationAndWait(120643, { failOnError: true });
  // @ts-expect-error: onProgress of a replication wait receives a StitchReplicationProgress
  await stitch.startReplicationAndWait(120643, { onProgress: (p: { refresh_key: number }) => p.refresh_key });
  // @ts-expect-error: not a replication status
  const completed: StitchReplicationProgress['status'] = 'completed';
  // @ts-expect-error: the page's number is null when Stitch leaves it out
  const alwaysNumber: number = page.page;
  // @ts-expect-error: links.next is absent on the last page
  const alwaysNext: string = page.links.next;
  // @ts-expect-error: type is undefined when Stitch names none (a bare-string error)
  const alwaysType = (error: StitchApiError): string => error.type;
  // @ts-expect-error: a StitchClient is not a CensusClient
  const census: CensusClient = stitch;
  // @ts-expect-error: the Census methods are not StitchClient's
  await stitch.listSyncs();
  void [dotted, numbered, bare, nothing, completed, alwaysNumber, alwaysNext, alwaysType, census];
  return seen;
}
