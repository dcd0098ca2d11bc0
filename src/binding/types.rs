//! The TypeScript declarations of the JS surface, and the argument types that refer to them.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A free-form JSON object, such as `connection_details` or `credentials`. */
export type JsonObject = { [key: string]: JsonValue };

/** Members of `T`, each optional; `undefined` is as good as absent (the client leaves it out). */
export type Patch<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * What an update method takes: members of `T`, at least one of them given a value (not
 * `undefined`), as the client requires before it sends anything. `{}` does not compile; a
 * misspelt member is still refused.
 */
export type NonEmptyPatch<T> = {
  [K in keyof T]-?: [Exclude<T[K], undefined>] extends [never]
    ? never
    : Patch<T> & { [P in K]-?: Exclude<T[P], undefined> };
}[keyof T];

/** Options of `new CensusClient(...)`. */
export interface CensusClientOptions {
  /** Workspace API token, sent as `Authorization: Bearer …`. Leave it out when a proxy adds it. */
  apiToken?: string | null | undefined;
  /** Personal access token of the organisation endpoints (workspaces, users, invitations): sent only to them, never to a workspace's; the workspace `apiToken` is never sent to them. */
  personalAccessToken?: string | null | undefined;
  /** Defaults to `https://app.getcensus.com/api/v1`. `http:` only for localhost; a path such as `/census/api/v1` targets a same-origin proxy. */
  baseUrl?: string | null | undefined;
  /** A `fetch` to use instead of the global one; it is called as `fetch(request)`. */
  fetch?: ((request: Request) => Promise<Response>) | null | undefined;
  /** Default per-attempt timeout in milliseconds (30000); 0 means none. A timeout cancels the request. */
  timeoutMs?: number | null | undefined;
  /** Default retry policy for GET and DELETE calls, or `false` to never retry. */
  retry?: ClientRetryOptions | false | null | undefined;
  /** Called before every attempt. Receives no headers, so never the token. */
  onRequest?: ((info: CensusRequestInfo) => void) | null | undefined;
  /** Called after every attempt, answered or not. */
  onResponse?: ((info: CensusResponseInfo) => void) | null | undefined;
}

/** Retry settings of the client: a call's, less the per-call opt-in to repeating work. */
export type ClientRetryOptions = Omit<RetryOptions, 'retryNonIdempotent'>;

/** Options every call accepts. */
export interface CallOptions {
  /** Cancels the call, including a backoff wait; the call then rejects with an `AbortError`. */
  signal?: AbortSignal | null | undefined;
  /** Per-attempt timeout in milliseconds; 0 means none. */
  timeoutMs?: number | null | undefined;
  /** This call's retry policy, or `false` to never retry it. */
  retry?: RetryOptions | false | null | undefined;
}

/** What `onRequest` receives. */
export interface CensusRequestInfo {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** What `onResponse` receives. */
export interface CensusResponseInfo extends CensusRequestInfo {
  /** The HTTP status, when an answer came. */
  status: number | undefined;
  outcome: 'answered' | 'timeout' | 'aborted' | 'network_error';
  durationMs: number;
}

/** Which page of a list, as `listSources` and the other `list…` methods take it. */
export interface ListOptions {
  /** 1-based page number (default 1). */
  page?: number | null | undefined;
  /** Items per page, 1–100 (the API's default is 25). */
  perPage?: number | null | undefined;
  /** `asc` or `desc` by creation time (the API's default is `desc`). */
  order?: 'asc' | 'desc' | null | undefined;
}

/** Which page of a source's tables, and which tables. */
export interface TableListOptions extends ListOptions {
  /** Only tables whose name contains this text (the API decides how it matches). */
  search?: string | null | undefined;
  /** The sort, as `field:direction`, e.g. `'table_name:asc'`; then `order` has no say. */
  orderBy?: `${string}:${'asc' | 'desc'}` | null | undefined;
}

/**
 * What `iterate…` returns: an async iterator over every item, for `for await`; `return()` (a
 * `break`) stops its requests. Declared without `AsyncIterableIterator`, whose three type
 * arguments need TypeScript 5.6, so that TypeScript 5.0 and later read it.
 */
export interface ListIterator<T> extends AsyncIterator<T, undefined, undefined> {
  /**
   * The iterator itself, so that `for await` takes it.
   *
   * @example
   * ```js
   * for await (const source of census.iterateSources({ perPage: 100 })) console.log(source.name);
   * ```
   */
  [Symbol.asyncIterator](): ListIterator<T>;
}

/** How a listing of every page goes (`iterate…`, `listAll…`). */
export interface ListAllOptions {
  /** Items per page, 1–100 (default 100: the fewest requests). */
  perPage?: number | null | undefined;
  /** `asc` or `desc` by creation time (default `desc`). */
  order?: 'asc' | 'desc' | null | undefined;
  /** Page requests in flight at once, 1–16 (default 4; 1 reads page after page). */
  concurrency?: number | null | undefined;
  /** Stop after this many items. */
  maxItems?: number | null | undefined;
}

/** A retry policy: which failures of GET and DELETE calls are tried again, and how soon. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3, at most 20). */
  maxAttempts?: number | null | undefined;
  /** Backoff ceiling of the first retry in ms (default 300); it doubles each time, with full jitter. */
  baseDelayMs?: number | null | undefined;
  /** Longest single wait in ms (default 10000); a longer `Retry-After` ends the retries instead, and the error's message says so. */
  maxDelayMs?: number | null | undefined;
  /** No retry starts after this many ms since the first attempt (default 60000); a retry that would is not made, and the error's message says so. */
  maxElapsedMs?: number | null | undefined;
  /** Retry POST/PATCH too; accepted only in a single call's options. */
  retryNonIdempotent?: boolean | null | undefined;
}

/** Options of `listSources`: which page, and how to send the call. */
export interface ListSourcesOptions extends ListOptions, CallOptions {}

/** One page of sources. */
export type SourcePage = ListPage<Source>;

/**
 * How far `listAllSources` has got. Totals are null until the API has said them. The counts
 * done never go back, and the totals only in two cases: a list that shrank while it was read is
 * counted anew when it is read again, and a completed listing's totals are exactly what it read.
 */
export interface ListProgress {
  pagesDone: number;
  pagesTotal: number | null;
  itemsDone: number;
  itemsTotal: number | null;
}

/** Options of `iterateSources` and `listAllSources`. */
export interface ListAllSourcesOptions extends ListAllOptions, CallOptions {
  /** Called after each page answered or failed (not for one cancelled by an abort or `return()`) with how far the listing has got. */
  onProgress?: ((progress: ListProgress) => void) | null | undefined;
}

/** Options of `createSource`. */
export interface CreateSourceOptions extends CallOptions {
  /**
   * Check the input against its source type first and refuse, before anything is sent, a type
   * that is unknown or not `creatable_via_api`, and credentials missing a required field (the
   * error's `field` is `type` or `credentials.<name>`, and `missing` lists them all). `true`
   * reads the type with one extra request; a `SourceType` you already hold (from
   * `listSourceTypes` or `getSourceType`) is used as it is, with no request, and must be the
   * input's type.
   */
  checkType?: boolean | SourceType | null | undefined;
  /**
   * When the API answers only `{ id }` (older API versions), read the new source back so the
   * call resolves to a whole `Source` (the default, `true`). If that read-back fails, the call
   * rejects with a `CensusReadBackError` carrying the new `id`: the source exists, so do not
   * create it again. `false` resolves to what the POST answered (`CreatedSource`) with no
   * second request.
   */
  readBack?: boolean | null | undefined;
}


/** Options of `listTables`: which page, which tables, and how to send the call. */
export interface ListTablesOptions extends TableListOptions, CallOptions {}

/** Options of `iterateTables` and `listAllTables`. */
export interface ListAllTablesOptions extends ListAllSourcesOptions {
  /** Only tables whose name contains this text. */
  search?: string | null | undefined;
  /** The sort, as `field:direction`, e.g. `'table_name:asc'`. */
  orderBy?: `${string}:${'asc' | 'desc'}` | null | undefined;
}

/** A page of a list endpoint, as `listSources` returns it. */
export interface ListPage<T> {
  data: T[];
  /** Null when the API sent only the older `next` link. */
  pagination: Pagination | null;
  /** Full URL of the next page, when the API sent one (older responses). */
  next?: string;
  /** Whether a page follows this one. */
  hasNextPage: boolean;
  /** The number of the next page, to pass back as `page`; null on the last page. */
  nextPage: number | null;
}

/** One page of a source's tables. */
export type TablePage = ListPage<Table>;

/** A table fetched by `getTable`: always with its columns. */
export type TableWithColumns = Table & { columns: Column[] };

/** A model fetched by `getModel`: always with its columns. */
export type ModelWithColumns = Model & { columns: Column[] };

/** An item of the legacy data sources list: narrow it on `type`. */
export type DataSource =
  | ({ type: 'table' } & Omit<Table, 'columns'>)
  | ({ type: 'model' } & Omit<Model, 'columns'>);

/** One page of a source's tables and models (legacy `data_sources`). */
export type DataSourcePage = ListPage<DataSource>;

/** Options of `new StitchClient(...)`. */
export interface StitchClientOptions {
  /** Stitch Connect access token (`ac_…`), sent only as `Authorization: Bearer …`. Leave it out when a proxy adds it. */
  accessToken?: string | null | undefined;
  /** Defaults to `https://api.stitchdata.com`. `http:` only for localhost; a path such as `/stitch` targets a same-origin proxy. */
  baseUrl?: string | null | undefined;
  /** A `fetch` to use instead of the global one; it is called as `fetch(request)`. */
  fetch?: ((request: Request) => Promise<Response>) | null | undefined;
  /** Default per-attempt timeout in milliseconds (30000); 0 means none. */
  timeoutMs?: number | null | undefined;
  /** Default retry policy for GET, PUT and DELETE calls, or `false` to never retry. */
  retry?: ClientRetryOptions | false | null | undefined;
  /** Called before every attempt. Receives no headers, so never the token. */
  onRequest?: ((info: CensusRequestInfo) => void) | null | undefined;
  /** Called after every attempt, answered or not. */
  onResponse?: ((info: CensusResponseInfo) => void) | null | undefined;
}

/** Options of `listDestinations`: Stitch's two filters (`source_id`, `destination_id`). */
export interface ListStitchDestinationsOptions extends CallOptions {
  /** Only the destination this source loads into. */
  sourceId?: number | `${number}` | null | undefined;
  /** Only this destination. */
  destinationId?: number | `${number}` | null | undefined;
}

/** Which page of extractions or loads. */
export interface StitchPageOptions extends CallOptions {
  /** 1-based page number (default 1); Stitch's pages hold 100 records. */
  page?: number | null | undefined;
}

/** One page of Stitch extractions or loads. */
export interface StitchPage<T> {
  data: T[];
  /** The page's number, as Stitch says it. */
  page: number | null;
  /** Records in all, as Stitch says it. */
  total: number | null;
  /** Links to the pages around this one, relative to the base URL. */
  links: StitchLinks;
  /** Whether a page follows this one. */
  hasNextPage: boolean;
  /** The number of the next page, to pass back as `page`; null on the last page. */
  nextPage: number | null;
}

/** Options of `iterateExtractions`, `listAllLoads` and the like: pages are read one after another, by `links.next`. */
export interface StitchListAllOptions extends CallOptions {
  /** Stop after this many items. */
  maxItems?: number | null | undefined;
  /** Called after each page answered or failed (not for one cancelled by an abort or `return()`) with how far the listing has got. */
  onProgress?: ((progress: ListProgress) => void) | null | undefined;
}

/** Options of `startReplicationAndWait`. */
export interface StitchReplicationWaitOptions extends Omit<RefreshWaitOptions, 'onProgress' | 'intervalMs' | 'maxIntervalMs'> {
  /** The first wait before reading the extractions again, in ms (default 5000, at least 10): they count against the jobs limit. */
  intervalMs?: number | null | undefined;
  /** Waits grow by half each check up to this, in ms (default 30000). */
  maxIntervalMs?: number | null | undefined;
  /** Called once the job has started (`attempts: 0`) and after each check of it. */
  onProgress?: ((progress: StitchReplicationProgress) => void) | null | undefined;
}

/**
 * What a replication wait resolves to (`startReplicationAndWait`, `waitForReplication`): the
 * source's extraction once the job has completed with every phase successful, so with its
 * `job_name`, `completion_time` and each exit status 0 (a phase that failed, or a job Stitch
 * terminated, rejects with a `StitchJobError` holding the extraction).
 */
export type StitchCompletedExtraction = StitchExtraction & {
  job_name: string;
  completion_time: string;
  discovery_exit_status: 0;
  tap_exit_status: 0;
  target_exit_status: 0;
};

/** How a replication is going. */
export interface StitchReplicationProgress {
  /** `started`, `waiting` (the extractions do not show the job yet), the phase running (`discovery`, `tap`, `target`), then `succeeded` or `failed`. */
  status: 'started' | 'waiting' | 'discovery' | 'tap' | 'target' | 'succeeded' | 'failed';
  /** The job's name, as `startReplication` answers it. */
  job_name: string | null;
  source_id: number;
  /** Checks so far. */
  attempts: number;
  elapsedMs: number;
}

/** Options of `refreshTablesAndWait`. */
export interface RefreshWaitOptions {
  /** The first wait before checking the status, in ms (default 1000, at least 10). */
  intervalMs?: number | null | undefined;
  /** Waits grow by half each check up to this, in ms (default 10000). */
  maxIntervalMs?: number | null | undefined;
  /** The most to wait in all, in ms (default 300000); 0 waits until `signal` aborts. */
  timeoutMs?: number | null | undefined;
  /** Stops waiting (the job itself keeps running on the server); rejects with an `AbortError`. */
  signal?: AbortSignal | null | undefined;
  /** Retry policy of each request, or `false` to never retry. */
  retry?: RetryOptions | false | null | undefined;
  /** Called when the job is queued (`attempts: 0`) and after each status check. */
  onProgress?: ((progress: RefreshProgress) => void) | null | undefined;
}

/** Options of `triggerSyncAndWait` and `waitForSyncRun`: the wait of `RefreshWaitOptions`. */
export interface SyncRunWaitOptions extends Omit<RefreshWaitOptions, 'onProgress'> {
  /** Called once the run is triggered (`attempts: 0`) and after each check of it. */
  onProgress?: ((progress: SyncRunProgress) => void) | null | undefined;
}

/** How a sync run is going. */
export interface SyncRunProgress {
  /** The run's status; a status this client does not know is passed on and the wait goes on. */
  status: SyncRunStatus;
  records_processed: number | null;
  records_updated: number | null;
  records_failed: number | null;
  /** Checks of the run so far. */
  attempts: number;
  elapsedMs: number;
  /** Keep it to resume the wait with `waitForSyncRun` after a page reload. */
  sync_run_id: number;
}

/** Options of `createDestination` and the other creates without their own options. */
export interface CreateOptions extends CallOptions {
  /** `false`: resolve to what the POST answered (perhaps only the new id), with no second request. */
  readBack?: boolean | null | undefined;
}

/** One page of destinations. */
export type DestinationPage = ListPage<Destination>;

/** One page of a destination's objects. */
export type DestinationObjectPage = ListPage<DestinationObject>;

/** An object fetched by `getDestinationObject`: always with its fields. */
export type DestinationObjectWithFields = DestinationObject & { fields: DestinationField[] };

/** One page of syncs. */
export type SyncPage = ListPage<Sync>;

/** One page of a sync's runs. */
export type SyncRunPage = ListPage<SyncRun>;

/** An object of a source (`listSourceObjects`): narrow it on `type`. Census may add kinds; an
 * object of a kind this version does not know comes through with its `type` and `id` and is not
 * described here. */
export type SourceObject =
  | ({ type: 'table' } & Table)
  | ({ type: 'model' } & Model)
  | ({ type: 'segment' } & Segment);

/** One page of a source's objects. */
export type SourceObjectPage = ListPage<SourceObject>;
/** One page of a source's models. */
export type ModelPage = ListPage<Model>;
/** One page of datasets. */
export type DatasetPage = ListPage<Dataset>;
/** A SQL dataset. */
export type SqlDataset = Dataset & { type: 'sql' };
/** An entity-resolution dataset. */
export type EntityResolutionDataset = Dataset & { type: 'entity_resolution' };
/** One page of a source's segments. */
export type SegmentPage = ListPage<Segment>;
/** One page of a source's topics. */
export type TopicPage = ListPage<Topic>;
/** One page of links. */
export type LinkPage = ListPage<Link>;
/** One page of webhooks. */
export type WebhookPage = ListPage<Webhook>;
/** One page of a run's records. */
export type SyncRunRecordPage = ListPage<SyncRunRecord>;
/** One page of the organisation's workspaces. */
export type OrgWorkspacePage = ListPage<OrgWorkspace>;
/** One page of users. */
export type UserPage = ListPage<User>;
/** One page of invitations. */
export type InvitationPage = ListPage<Invitation>;

/** Where a table is, for `getTableColumns`. */
export interface TableLocator {
  table_catalog?: string | undefined;
  table_schema?: string | undefined;
  table_name: string;
}

/** Options of `listSegments`. */
export interface ListSegmentsOptions extends ListOptions, CallOptions {
  /** Only segments whose name matches this text (the API's fuzzy search). */
  name?: string | null | undefined;
}

/** Options of `iterateSegments`. */
export interface ListAllSegmentsOptions extends ListAllSourcesOptions {
  /** Only segments whose name matches this text. */
  name?: string | null | undefined;
}

/** Options of `listDatasets`. */
export interface ListDatasetsOptions extends ListOptions, CallOptions {
  /** Only datasets of this kind: `sql` or `entity_resolution`. */
  type?: 'sql' | 'entity_resolution' | (string & {}) | null | undefined;
}

/** Options of `iterateDatasets` and `listAllDatasets`. */
export interface ListAllDatasetsOptions extends ListAllSourcesOptions {
  /** Only datasets of this kind: `sql` or `entity_resolution`. */
  type?: 'sql' | 'entity_resolution' | (string & {}) | null | undefined;
}

/** Options of `listSyncRunRecords` (`perPage` at most 99 here). */
export interface ListRecordsOptions extends ListOptions, CallOptions {
  status?: 'succeeded' | 'rejected' | 'invalid' | null | undefined;
  operation?: 'upsert' | 'delete' | null | undefined;
  primaryIdentifier?: string | null | undefined;
}

/** What `createDestinationObject` answers: the request to follow. */
export interface ObjectCreationStarted {
  id?: number;
  url: string;
}

/** What `cloneWorkspace` answers: where to follow the clone. */
export interface CloneStarted {
  id?: number;
  status_endpoint: string;
}

/** Options of the waits that follow a job at a URL (`createSegmentAndWait`, `waitForSegment`,
 * `cloneWorkspaceAndWait`, `waitForWorkspaceClone`, object creations). */
export interface JobWaitOptions extends Omit<RefreshWaitOptions, 'onProgress'> {
  /** Called when the job has started (`attempts: 0`) and after each check. */
  onProgress?: ((progress: JobProgress) => void) | null | undefined;
}

/** How a job followed at a URL is going; keep `url` to resume after a page reload. */
export interface JobProgress {
  id?: number;
  /** The job's status path below the base URL. */
  url: string;
  state: string;
  attempts: number;
  elapsedMs: number;
}

/** What a wait for a job followed at a URL resolves to. */
export interface JobOutcome {
  id?: number;
  url: string;
  status: string;
  attempts: number;
  elapsedMs: number;
}

/** How a table refresh is going. */
export interface RefreshProgress {
  /** The job's key: keep it to resume the wait with `waitForRefresh` after a page reload. */
  refresh_key: number;
  state: RefreshState;
  /** Status checks so far. */
  attempts: number;
  elapsedMs: number;
}

/** What `refreshTablesAndWait` resolves to. */
export interface RefreshOutcome {
  refresh_key: number;
  status: 'completed';
  attempts: number;
  elapsedMs: number;
}
"#;

/// `CensusClient` and the object inputs, generated from `core::api` (tests/generated.rs keeps
/// the file current).
#[wasm_bindgen(typescript_custom_section)]
const CLIENT: &'static str = include_str!("../js/client.d.ts");
