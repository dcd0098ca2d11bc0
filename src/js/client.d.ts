// Generated from census-core/src/api.rs and the models of census-core/src/models.rs by
// `UPDATE_GENERATED=1 cargo test --test generated`: do not edit.

/** Codes carried by `CensusError.code`. */
export type CensusErrorCode = 'invalid_input' | 'invalid_config' | 'api_error' | 'not_found' | 'unauthorized' | 'rate_limited' | 'unexpected_response' | 'network_error' | 'timeout' | 'aborted' | 'read_back_failed';

export type SyncEngine = 'basic' | 'advanced' | (string & {});
export type StepStatus = 'running' | 'success' | 'failed' | 'warning' | (string & {});
export type RefreshState = 'processing' | 'completed' | (string & {});
export type FieldType = 'string' | 'password' | 'integer' | 'boolean' | 'text' | 'json' | (string & {});

/** A data source connection (a warehouse or database) in a Census workspace. */
export interface Source {
  id: number;
  name: string;
  /** Deprecated in favour of `name`; often null. */
  label?: string | null;
  /** A `service_name` from `/source_types`, e.g. `snowflake`, `big_query`. */
  type: string;
  created_at?: string | null;
  last_test_succeeded?: boolean | null;
  last_tested_at?: string | null;
  last_test_results?: TestResults | null;
  /** Connection settings without secrets; values of any JSON type. */
  connection_details?: JsonObject | null;
  read_only_connection?: boolean | null;
  sync_engine?: SyncEngine | null;
  warehouse_writeback_retention_in_days?: number | null;
  /** Legacy list of the source's tables and models, kept as sent. */
  data_sources?: JsonObject[] | null;
}

/** The result of the last connection test of a source. */
export interface TestResults {
  steps?: TestStep[];
}

/** One step of a connection test. */
export interface TestStep {
  step: string;
  status: StepStatus;
  error?: StepError | null;
}

/** Why a connection-test step failed. */
export interface StepError {
  message?: string | null;
}

/** The `pagination` object of a list response. */
export interface Pagination {
  total_records: number;
  per_page: number;
  prev_page?: number | null;
  page: number;
  next_page?: number | null;
  last_page: number;
}

/** The response of `POST /sources/{id}/refresh_tables`. */
export interface RefreshKey {
  refresh_key: number;
}

/** The response of `GET /sources/{id}/refresh_tables_status`. */
export interface RefreshStatus {
  status: RefreshState;
}

/** A kind of source the workspace can connect (`/source_types`), with what creating one needs. */
export interface SourceType {
  /** The value to pass as `type` when creating a source, e.g. `snowflake`. */
  service_name: string;
  label: string;
  /** The page under `https://docs.getcensus.com/sources/available-sources/`. */
  documentation_slug?: string | null;
  /** Whether `createSource` can create a source of this type. */
  creatable_via_api: boolean;
  creatable_via_connect_link?: boolean | null;
  supported_sync_engines?: SyncEngine[] | null;
  supports_warehouse_writeback?: boolean | null;
  /** The credential fields a source of this type takes; null when the API does not say. */
  configuration_fields?: ConfigurationField[] | null;
}

/** One credential field of a source type. */
export interface ConfigurationField {
  /** The key under `credentials`. */
  name: string;
  label?: string | null;
  type?: FieldType | null;
  required?: boolean | null;
  /** A secret (password, key): never shown back by the API. */
  secret?: boolean | null;
  description?: string | null;
  placeholder?: string | null;
}

/** A column of a table or model. */
export interface Column {
  name: string;
  /** The warehouse's type, as it names it (`text (2000)`, `integer`, `array`, …). */
  type: string;
}

/** A table of a source (`/sources/{id}/tables`); `columns` only when fetched one by one. */
export interface Table {
  id: number;
  table_catalog?: string | null;
  table_schema?: string | null;
  table_name: string;
  columns?: Column[] | null;
}

/** A SQL model of a source; `columns` and `compiled_query` only when fetched one by one. */
export interface Model {
  id: number;
  name: string;
  query?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  /** The compiled SQL, when the model is built on dbt. */
  compiled_query?: string | null;
  columns?: Column[] | null;
}

/** The workspace the API token belongs to (`GET /workspace`). Only `id` and `name` are documented as always there; the rest is read leniently. */
export interface Workspace {
  id: number;
  name: string;
  organization_id?: number | null;
  created_at?: string | null;
  /** Who gets the workspace's notification emails; changed through the organisation API. */
  notification_emails?: string[] | null;
}

/** The `connection` of `POST /sources`. */
export interface CreateSourceInput {
  /** Required: a `service_name` from `/source_types` that is `creatable_via_api`. */
  type: string;
  /** Required: the connection's credentials, an object. */
  credentials: JsonObject;
  /** Deprecated in favour of `name`. */
  label?: string;
  /** The source's name. */
  name?: string;
  /** Connect without write access (no warehouse writeback). */
  read_only_connection?: boolean;
  /** `basic` or `advanced`; can only be chosen at creation. */
  sync_engine?: 'basic' | 'advanced';
  /** Days to keep writeback data, at least 1. */
  warehouse_writeback_retention_in_days?: number;
}

/** The `connection` of `PATCH /sources/{id}`: every member optional, at least one given. */
export interface UpdateSourceInput {
  /** Cannot be changed after creation. */
  type?: never;
  /** Credentials to change; members not given keep their values. */
  credentials?: JsonObject;
  /** Deprecated in favour of `name`. */
  label?: string;
  /** The source's name. */
  name?: string;
  /** Connect without write access (no warehouse writeback). */
  read_only_connection?: boolean;
  /** Cannot be changed after creation. */
  sync_engine?: never;
  /** Days to keep writeback data, at least 1. */
  warehouse_writeback_retention_in_days?: number;
}

/**
 * A client for the Census API. Every method returns a Promise (`iterate…` an async
 * iterator); failures reject with a `CensusError` subclass whose `name`, `code` and `status`
 * say what went wrong.
 */
export declare class CensusClient {
  /** Creates a client. Throws a `CensusInputError` naming the option when an option is wrong. */
  constructor(options?: CensusClientOptions);
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Frees the client's wasm memory now rather than when it is collected. */
  free(): void;
  /** Lists one page of sources: `{ data, pagination, hasNextPage, nextPage }`. */
  listSources(options?: ListSourcesOptions): Promise<SourcePage>;
  /** Iterates over every source, in order, with `for await`. Pages are fetched ahead with at most `concurrency` requests in flight (default 4); `break` or the `signal` cancels them. */
  iterateSources(options?: ListAllSourcesOptions): AsyncIterableIterator<Source, undefined, undefined>;
  /** Lists every source, in order, as one array. `onProgress` receives `{ pagesDone, pagesTotal, itemsDone, itemsTotal }` after each page. */
  listAllSources(options?: ListAllSourcesOptions): Promise<Source[]>;
  /** Fetches one source by id. */
  getSource(id: number, options?: CallOptions): Promise<Source>;
  /** Creates a source and resolves to it. When the API answers only `{ id }` (older API versions), the client reads the new source back so the result is always a whole `Source`; if that read-back fails, the call rejects with a `CensusReadBackError` carrying the new `id` (the source exists: do not create it again). `readBack: false` resolves to what the POST answered, with no second request. With `checkType: true` it first reads the source type and refuses, before sending anything, a type that is unknown or not creatable via the API and credentials missing a required field; given the `SourceType` itself, it checks with that and sends one request fewer. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  createSource(input: CreateSourceInput, options?: CreateSourceReadBackOptions): Promise<Source>;
  /** `createSource` with `readBack: false`: what the POST answered, the whole source or only `{ id }`, with no second request. */
  createSource(input: CreateSourceInput, options: CreateSourceOptions): Promise<CreatedSource>;
  /** Updates a source (name, label, credentials, read_only_connection, retention) and resolves to the updated source. */
  updateSource(id: number, input: UpdateSourceInput, options?: CallOptions): Promise<Source>;
  /** Deletes a source. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone, unless an earlier attempt of this call got no answer, a 500, 502 or 504: that one may have deleted it. */
  deleteSource(id: number, options?: CallOptions): Promise<void>;
  /** Starts a job that refreshes the source's list of tables: `{ refresh_key }`. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  refreshTables(id: number, options?: CallOptions): Promise<RefreshKey>;
  /** Reads the state of a refresh-tables job: `{ status: "processing" | "completed" }`. */
  refreshTablesStatus(id: number, refreshKey: number, options?: CallOptions): Promise<RefreshStatus>;
  /** Starts a table refresh and resolves when it has completed: `{ refresh_key, status: "completed", attempts, elapsedMs }`. Checks the status after `intervalMs` (default 1000), waiting half as long again each time up to `maxIntervalMs` (default 10000); rejects with `CensusTimeoutError` after `timeoutMs` (default 300000; 0 waits without limit) and with an `AbortError` when `signal` aborts. `onProgress` receives `{ refresh_key, state, attempts, elapsedMs }` once the job is queued and after each check. */
  refreshTablesAndWait(sourceId: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Waits for a table refresh started earlier (by `refreshTables`, perhaps before a page reload) to complete, without starting another: the same options, schedule, progress reports and outcome as `refreshTablesAndWait`. */
  waitForRefresh(sourceId: number, refreshKey: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Lists every source type (the whole catalogue, all pages), in the API's order. */
  listSourceTypes(options?: CallOptions): Promise<SourceType[]>;
  /** Fetches one source type by its `service_name`; rejects with `CensusNotFoundError` when the workspace has no such type. */
  getSourceType(serviceName: string, options?: CallOptions): Promise<SourceType>;
  /** Lists one page of a source's tables: `{ data, pagination, hasNextPage, nextPage }`; `search` keeps the tables whose name contains it. */
  listTables(sourceId: number, options?: ListTablesOptions): Promise<TablePage>;
  /** Iterates over every table of a source with `for await`, like `iterateSources`. */
  iterateTables(sourceId: number, options?: ListAllTablesOptions): AsyncIterableIterator<Table, undefined, undefined>;
  /** Lists every table of a source as one array, like `listAllSources`. */
  listAllTables(sourceId: number, options?: ListAllTablesOptions): Promise<Table[]>;
  /** Fetches one table of a source, with its columns. */
  getTable(sourceId: number, tableId: number, options?: CallOptions): Promise<TableWithColumns>;
  /** Lists one page of a source's tables and models (the legacy `data_sources` endpoint); each item's `type` (`"table"` or `"model"`) tells which it is. */
  listDataSources(sourceId: number, options?: ListSourcesOptions): Promise<DataSourcePage>;
  /** Iterates over every table and model of a source (legacy `data_sources`) with `for await`. */
  iterateDataSources(sourceId: number, options?: ListAllSourcesOptions): AsyncIterableIterator<DataSource, undefined, undefined>;
  /** Fetches one model of a source, with its columns and, for dbt models, `compiled_query`. */
  getModel(sourceId: number, modelId: number, options?: CallOptions): Promise<ModelWithColumns>;
  /** Fetches the workspace the API token belongs to: `{ id, name, organization_id, created_at, notification_emails }`. */
  getWorkspace(options?: CallOptions): Promise<Workspace>;
}
