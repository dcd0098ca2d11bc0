// Compiled with `tsc --strict --noEmit` by the test command: the package's types must accept
// every correct call below and reject each line marked @ts-expect-error.
import init, {
  CensusClient,
  CensusError,
  CensusApiError,
  CensusAbortError,
  CensusAuthenticationError,
  CensusInputError,
  CensusNetworkError,
  CensusNotFoundError,
  CensusRateLimitError,
  CensusReadBackError,
  CensusResponseError,
  CensusTimeoutError,
  CensusSyncRunError,
  StitchApiError,
  StitchJobError,
  type AnyCensusError,
  type CensusErrorCode,
  type CensusResponseInfo,
  type Column,
  type CreatedSource,
  type ConfigurationField,
  type DataSource,
  type DataSourcePage,
  type JsonObject,
  type ModelWithColumns,
  type RefreshOutcome,
  type RefreshProgress,
  type SourceType,
  type TablePage,
  type TableWithColumns,
  type ListProgress,
  type Pagination,
  type RefreshKey,
  type RefreshStatus,
  type Source,
  type SourcePage,
  type StepStatus,
  type SyncEngine,
  type Workspace,
} from 'census-wasm';

/** `true` only when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Each class's code is the one the runtime gives it; a subclass's is one of its base's.
const notFoundCode: Same<CensusNotFoundError['code'], 'not_found'> = true;
const authenticationCode: Same<CensusAuthenticationError['code'], 'unauthorized'> = true;
const rateLimitCode: Same<CensusRateLimitError['code'], 'rate_limited'> = true;
const apiCodes: Same<CensusApiError['code'], 'api_error' | 'not_found' | 'unauthorized' | 'rate_limited'> = true;
const stitchApiCode: Same<StitchApiError['code'], 'api_error'> = true;
const inputCodes: Same<CensusInputError['code'], 'invalid_input' | 'invalid_config'> = true;
const responseCode: Same<CensusResponseError['code'], 'unexpected_response'> = true;
const networkCode: Same<CensusNetworkError['code'], 'network_error'> = true;
const timeoutCode: Same<CensusTimeoutError['code'], 'timeout'> = true;
const abortCode: Same<CensusAbortError['code'], 'aborted'> = true;
const readBackCode: Same<CensusReadBackError['code'], 'read_back_failed'> = true;
const syncRunCode: Same<CensusSyncRunError['code'], 'sync_run_failed'> = true;
const jobCode: Same<StitchJobError['code'], 'replication_failed'> = true;
const baseCode: Same<CensusError['code'], CensusErrorCode> = true;
// The union of every error the package throws covers every code, and only them.
const everyCode: Same<AnyCensusError['code'], CensusErrorCode> = true;
void [notFoundCode, authenticationCode, rateLimitCode, apiCodes, stitchApiCode, inputCodes, responseCode, networkCode, timeoutCode];
void [abortCode, readBackCode, syncRunCode, jobCode, baseCode, everyCode];

/** A `switch` on the code of an `AnyCensusError` narrows it to its class, with its members. */
export function explain(error: AnyCensusError): string {
  switch (error.code) {
    case 'not_found': {
      const notFound: CensusNotFoundError = error;
      return notFound.apiMessage ?? '';
    }
    case 'invalid_input':
      return [error.field, ...(error.missing ?? [])].join();
    case 'rate_limited':
      return String(error.retryAfterMs);
    case 'unauthorized':
      return String(error.status);
    case 'api_error':
      return error.type ?? error.apiMessage ?? '';
    case 'unexpected_response':
      return error.path ?? '';
    case 'read_back_failed':
      return `${error.id ?? '?'} ${error.cause.code}`;
    case 'sync_run_failed':
      return error.run.status;
    case 'replication_failed':
      return String(error.extraction.source_id);
    case 'aborted': {
      const name: 'AbortError' = error.name;
      return name;
    }
    case 'invalid_config':
      // A CensusInputError (a client option) or a plain CensusError (a freed client): no field
      // without checking which.
      return error instanceof CensusInputError ? error.field : error.message;
    case 'network_error':
    case 'timeout':
      return error.message;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

export async function usage(): Promise<string[]> {
  await init();
  const seen: CensusResponseInfo[] = [];
  const client = new CensusClient({
    apiToken: 'token',
    baseUrl: 'http://localhost:8787/api/v1',
    timeoutMs: 10_000,
    retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2000, maxElapsedMs: 20_000 },
    onRequest: (info) => void info.attempt,
    onResponse: (info) => seen.push(info),
  });
  const proxied = new CensusClient({ baseUrl: '/census/api/v1', fetch: (request) => fetch(request), retry: false });
  const defaults = new CensusClient();
  const names: string[] = [defaults.baseUrl];

  const controller = new AbortController();
  const page: SourcePage = await client.listSources({ page: 2, perPage: 50, order: 'asc', signal: controller.signal });
  const firstPage: SourcePage = await client.listSources();
  const pagination: Pagination | null = firstPage.pagination;
  names.push(...page.data.map((source: Source) => source.name), String(pagination?.last_page), page.next ?? '');
  if (page.hasNextPage && page.nextPage !== null) {
    const next: SourcePage = await client.listSources({ page: page.nextPage, perPage: 50 });
    names.push(String(next.data.length));
  }
  for await (const each of client.iterateSources({ perPage: 100, concurrency: 4, signal: controller.signal })) {
    names.push(each.name);
    break;
  }
  const everything: Source[] = await client.listAllSources({
    order: 'asc',
    maxItems: 500,
    onProgress: (progress: ListProgress) => names.push(`${progress.itemsDone}/${progress.itemsTotal ?? '?'}`),
  });
  names.push(String(everything.length));
  const source = await client.getSource(page.data[0].id, { timeoutMs: 5000, retry: { maxAttempts: 2 } });
  const engine: SyncEngine | null | undefined = source.sync_engine;
  const step: StepStatus | undefined = source.last_test_results?.steps?.[0]?.status;
  const details: JsonObject | null | undefined = source.connection_details;
  names.push(String(engine), String(step), JSON.stringify(details));

  const created = await client.createSource(
    { type: 'snowflake', credentials: { account: 'x', port: 443, nested: { ok: [true, null] } }, sync_engine: 'advanced' },
    { retry: { retryNonIdempotent: true } },
  );
  await client.updateSource(created.id, { label: 'Renamed', credentials: { database: 'v2' } }, { signal: controller.signal });
  const key: RefreshKey = await proxied.refreshTables(source.id);
  const status: RefreshStatus = await client.refreshTablesStatus(source.id, key.refresh_key, { retry: false });
  const deleted: void = await client.deleteSource(created.id);
  names.push(status.status, String(deleted), String(seen.length));

  const types: SourceType[] = await client.listSourceTypes({ signal: controller.signal });
  const snowflake: SourceType = await client.getSourceType('snowflake');
  const workspace: Workspace = await client.getWorkspace({ timeoutMs: 5000 });
  const emails: string[] | null | undefined = workspace.notification_emails;
  void emails;
  // @ts-expect-error getWorkspace takes no id
  await client.getWorkspace(3);
  const fields: ConfigurationField[] = snowflake.configuration_fields?.fields ?? [];
  names.push(...types.filter((t) => t.creatable_via_api).map((t) => t.service_name));
  const rules = (f: ConfigurationField): string[] => (typeof f.rules === 'string' ? [f.rules] : f.rules ?? []);
  names.push(...fields.filter((f) => rules(f).includes('required') && f.is_password_type_field).map((f) => `${f.id}:${f.type ?? '?'}`));
  const keypair = fields.find((f) => f.id === 'private_key')?.show?.if;
  if (typeof keypair === 'string') names.push(keypair);
  // @ts-expect-error configuration_fields is the API's object around the list, not the list
  snowflake.configuration_fields?.map((f: ConfigurationField) => f.id);
  await client.createSource({ type: 'postgres', credentials: { password: 'p' } }, { checkType: true, timeoutMs: 5000 });
  const unread: CreatedSource = await client.createSource({ type: 'postgres', credentials: {} }, { readBack: false });
  if ('name' in unread) unread.name.toUpperCase();
  // @ts-expect-error with readBack: false the answer may be only { id }
  const whole: Source = await client.createSource({ type: 'postgres', credentials: {} }, { readBack: false });
  void whole;
  const readBack: Source = await client.createSource({ type: 'postgres', credentials: {} }, { readBack: true });
  void readBack;
  const readBackKnownLater: CreatedSource = await client.createSource({ type: 'postgres', credentials: {} }, { readBack: names.length > 0 });
  // @ts-expect-error: a readBack known only at run time may give only { id }
  const notWhole: Source = await client.createSource({ type: 'postgres', credentials: {} }, { readBack: names.length > 0 });
  void [readBackKnownLater, notWhole];
  // `null` in options is taken as absent, as the runtime does, in every option.
  const readBackNull: Source = await client.createSource({ type: 'postgres', credentials: {} }, { readBack: null, checkType: null });
  void readBackNull;
  await client.listSources({ order: null, signal: null, timeoutMs: null, retry: null, page: null });
  await client.listAllSources({ order: null, onProgress: null, maxItems: null });
  await client.listAllTables(3, { search: null, orderBy: null });
  await client.triggerSync(1, { forceFullSync: null });
  await client.triggerSyncAndWait(1, { failOnError: null, intervalMs: null, maxIntervalMs: null, onProgress: null });
  new CensusClient({ apiToken: null, baseUrl: null, fetch: null, timeoutMs: null, retry: null, onRequest: null, onResponse: null });
  // What a create resolves to, as `ReturnType` reads it (its last overload), is the whole resource.
  const createdType: Same<Awaited<ReturnType<CensusClient['createSource']>>, Source> = true;
  void createdType;
  // @ts-expect-error: misspelt option, refused by every overload
  await client.createSource({ type: 'postgres', credentials: {} }, { readBak: false });
  try {
    await client.createSource({ type: 'postgres', credentials: {} });
  } catch (error) {
    if (error instanceof CensusReadBackError) {
      // No id when the create's own answer could not be read.
      const id: number | undefined = error.id;
      const cause: CensusError = error.cause;
      void [id, cause];
    }
  }

  const tables: TablePage = await client.listTables(source.id, { page: 1, perPage: 20, order: 'asc', search: 'orders' });
  const table: TableWithColumns = await client.getTable(source.id, tables.data[0].id);
  const columns: Column[] = table.columns;
  // Document 003 shows a table's `type` ("table") on a fetch; another value is kept as sent.
  const tableType: 'table' | (string & {}) | null | undefined = table.type;
  names.push(tableType ?? 'table');
  names.push(table.table_name, table.table_schema ?? '', ...columns.map((c) => `${c.name} ${c.type}`));
  for await (const each of client.iterateTables(source.id, { search: 'o', concurrency: 2 })) names.push(each.table_name);
  names.push(String((await client.listAllTables(source.id, { maxItems: 10, orderBy: 'table_name:desc' })).length));
  await client.listTables(source.id, { orderBy: 'table_schema:asc' });
  // @ts-expect-error orderBy is field:asc or field:desc
  await client.listTables(source.id, { orderBy: 'table_name:up' });

  const legacy: DataSourcePage = await client.listDataSources(source.id, { perPage: 100 });
  for (const item of legacy.data) {
    const kind: DataSource = item;
    if (kind.type === 'table') names.push(kind.table_name);
    // A model of the legacy list carries its compiled SQL too, as the runtime passes it on.
    else names.push(kind.name, kind.query ?? '', kind.compiled_query ?? '');
  }
  for await (const item of client.iterateDataSources(source.id)) names.push(item.type);
  const model: ModelWithColumns = await client.getModel(source.id, 18);
  names.push(model.compiled_query ?? model.query ?? '', String(model.columns.length));

  const outcome: RefreshOutcome = await client.refreshTablesAndWait(source.id, {
    intervalMs: 500,
    maxIntervalMs: 5000,
    timeoutMs: 60_000,
    signal: controller.signal,
    onProgress: (progress: RefreshProgress) => names.push(`${progress.state} ${progress.attempts} ${progress.elapsedMs}`),
  });
  names.push(String(outcome.refresh_key), outcome.status, String(outcome.attempts));
  const resumed: RefreshOutcome = await client.waitForRefresh(source.id, outcome.refresh_key, {
    intervalMs: 500,
    signal: controller.signal,
    onProgress: (progress: RefreshProgress) => names.push(`${progress.state} ${progress.refresh_key}`),
  });
  names.push(String(resumed.elapsedMs));

  try {
    await client.getSource(1);
  } catch (error) {
    if (error instanceof CensusNotFoundError) names.push(String(error.status), error.apiMessage ?? '');
    if (error instanceof CensusRateLimitError) names.push(String(error.retryAfterMs));
    // A 503's Retry-After too: any API error may carry the wait.
    if (error instanceof CensusApiError) names.push(String(error.retryAfterMs ?? 0));
    if (error instanceof CensusInputError) names.push(error.field);
    if (error instanceof CensusResponseError) names.push(error.path ?? 'not JSON');
    if (error instanceof CensusAbortError) names.push(error.name);
    if (error instanceof CensusTimeoutError || error instanceof CensusNetworkError) names.push(error.message);
    if (error instanceof CensusAuthenticationError || error instanceof CensusApiError) names.push(String(error.status));
    if (error instanceof CensusError) {
      const code: CensusErrorCode = error.code;
      names.push(code);
    }
  }

  // @ts-expect-error: type is required
  await client.createSource({ credentials: {} });
  // @ts-expect-error: credentials must be an object
  await client.createSource({ type: 'postgres', credentials: 'secret' });
  // @ts-expect-error: sync_engine is basic or advanced
  await client.createSource({ type: 'postgres', credentials: {}, sync_engine: 'turbo' });
  // @ts-expect-error: sync_engine cannot be changed after creation
  await client.updateSource(1, { sync_engine: 'basic' });
  // @ts-expect-error: nothing to update: an update needs at least one member
  await client.updateSource(3, {});
  // @ts-expect-error: a member given as undefined is left out, so this is nothing to update too
  await client.updateSource(3, { name: undefined });
  // @ts-expect-error: misspelt member of a patch
  await client.updateSource(3, { nmae: 'Renamed' });
  // @ts-expect-error: a member that cannot change does not count
  await client.updateSource(3, { type: undefined });
  // @ts-expect-error: an id is a number, not an object
  await client.getSource({ id: 1 });
  // @ts-expect-error: the option is perPage
  await client.listSources({ per_page: 10 });
  // @ts-expect-error: order is asc or desc
  await client.listSources({ order: 'newest' });
  // @ts-expect-error: Source has no field "title"
  names.push(source.title);
  // @ts-expect-error: apiToken is a string
  new CensusClient({ apiToken: 42 });
  // @ts-expect-error: misspelt option
  new CensusClient({ apitoken: 'x' });
  // @ts-expect-error: only one call may opt in to repeating work, not the whole client
  new CensusClient({ retry: { retryNonIdempotent: true } });
  // @ts-expect-error: signal is an AbortSignal
  await client.getSource(1, { signal: 'stop' });
  // @ts-expect-error: concurrency is a number
  client.iterateSources({ concurrency: 'max' });
  // @ts-expect-error: listAllSources has no page option; it reads them all
  await client.listAllSources({ page: 2 });
  // @ts-expect-error: a service name is a string
  await client.getSourceType(3);
  // @ts-expect-error: checkType is a boolean
  await client.createSource({ type: 'postgres', credentials: {} }, { checkType: 'yes' });
  // @ts-expect-error: search is a string
  await client.listTables(1, { search: 3 });
  // @ts-expect-error: a table id is needed
  await client.getTable(1);
  // @ts-expect-error: a model is not a table: no table_name without narrowing
  names.push(legacy.data[0].table_name);
  // @ts-expect-error: onProgress receives a RefreshProgress, not a ListProgress
  await client.refreshTablesAndWait(1, { onProgress: (p: ListProgress) => p.pagesDone });
  // @ts-expect-error: the refresh key is a number
  await client.refreshTablesStatus(1, { refresh_key: 1 });
  // @ts-expect-error: waitForRefresh needs the key of the job to wait for
  await client.waitForRefresh(1);

  return names;
}

/** An error a worker posted as `toJSON()` comes back as the union, narrowed by its code. */
export function fromWorker(posted: ReturnType<CensusError['toJSON']>): string {
  const again = CensusError.fromJSON(posted);
  const union: AnyCensusError = again;
  // @ts-expect-error: fromJSON takes what toJSON gave, with a name and a message
  CensusError.fromJSON({ code: 'not_found' });
  return explain(union);
}
