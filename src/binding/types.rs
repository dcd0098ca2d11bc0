//! The TypeScript declarations of the JS surface, and the argument types that refer to them.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A free-form JSON object, such as `connection_details` or `credentials`. */
export type JsonObject = { [key: string]: JsonValue };

/** Options of `new CensusClient(...)`. */
export interface CensusClientOptions {
  /** Workspace API token, sent as `Authorization: Bearer …`. Leave it out when a proxy adds it. */
  apiToken?: string;
  /** Defaults to `https://app.getcensus.com/api/v1`. `http:` only for localhost; a path such as `/census/api/v1` targets a same-origin proxy. */
  baseUrl?: string;
  /** A `fetch` to use instead of the global one; it is called as `fetch(request)`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Default per-attempt timeout in milliseconds (30000); 0 means none. A timeout cancels the request. */
  timeoutMs?: number;
  /** Default retry policy for GET and DELETE calls, or `false` to never retry. */
  retry?: ClientRetryOptions | false;
  /** Called before every attempt. Receives no headers, so never the token. */
  onRequest?: (info: RequestInfo) => void;
  /** Called after every attempt, answered or not. */
  onResponse?: (info: ResponseInfo) => void;
}

/** Retry settings shared by the client and each call. */
export interface ClientRetryOptions {
  /** Attempts in all, the first included (default 3, at most 20). */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry in ms (default 300); it doubles each time, with full jitter. */
  baseDelayMs?: number;
  /** Longest single wait in ms (default 10000); a longer `Retry-After` ends the retries instead. */
  maxDelayMs?: number;
  /** No retry starts after this many ms since the first attempt (default 60000). */
  maxElapsedMs?: number;
}

/** Retry settings of one call. */
export interface RetryOptions extends ClientRetryOptions {
  /** Also retry this POST or PATCH call. Only set it when repeating the call cannot duplicate work. */
  retryNonIdempotent?: boolean;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Cancels the call, including a backoff wait; the call then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds; 0 means none. */
  timeoutMs?: number;
  /** This call's retry policy, or `false` to never retry it. */
  retry?: RetryOptions | false;
}

/** What `onRequest` receives. */
export interface RequestInfo {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** What `onResponse` receives. */
export interface ResponseInfo extends RequestInfo {
  /** The HTTP status, when an answer came. */
  status: number | undefined;
  outcome: 'answered' | 'timeout' | 'aborted' | 'network_error';
  durationMs: number;
}

/** Options of `listSources`. */
export interface ListSourcesOptions extends CallOptions {
  /** 1-based page number (default 1). */
  page?: number;
  /** Items per page, 1–100 (the API's default is 25). */
  perPage?: number;
  /** By creation time (the API's default is `desc`). */
  order?: 'asc' | 'desc';
}

/** One step of a connection test. */
export interface TestStep {
  step: string;
  status: 'running' | 'success' | 'failed' | 'warning' | (string & {});
  error?: { message?: string | null } | null;
}

/** A source connection (a warehouse or database) in a Census workspace. Wire field names. */
export interface Source {
  id: number;
  name: string;
  /** Deprecated in favour of `name`. */
  label?: string | null;
  /** A `service_name` from `/source_types`, e.g. `snowflake`. */
  type: string;
  created_at?: string | null;
  last_test_succeeded?: boolean | null;
  last_tested_at?: string | null;
  last_test_results?: { steps: TestStep[] } | null;
  connection_details?: JsonObject | null;
  read_only_connection?: boolean | null;
  sync_engine?: 'basic' | 'advanced' | (string & {}) | null;
  warehouse_writeback_retention_in_days?: number | null;
  /** Legacy list of the source's tables and models. */
  data_sources?: JsonObject[];
}

/** The `pagination` object of a list response. */
export interface Pagination {
  total_records: number;
  per_page: number;
  prev_page: number | null;
  page: number;
  next_page: number | null;
  last_page: number;
}

/** One page of sources. `pagination` is null when the API sent only the older `next` link. */
export interface SourcePage {
  data: Source[];
  pagination: Pagination | null;
  /** Full URL of the next page, when the API sent one (older responses). */
  next?: string;
}

/** The `connection` of a new source. Wire field names. */
export interface CreateSourceInput {
  /** A `service_name` from `/source_types` that is `creatable_via_api`. */
  type: string;
  credentials: JsonObject;
  label?: string;
  name?: string;
  read_only_connection?: boolean;
  /** Can only be chosen at creation. */
  sync_engine?: 'basic' | 'advanced';
  warehouse_writeback_retention_in_days?: number;
}

/** Changes to a source; give at least one member. `credentials` members not given keep their values. */
export interface UpdateSourceInput {
  name?: string;
  label?: string;
  credentials?: JsonObject;
  read_only_connection?: boolean;
  warehouse_writeback_retention_in_days?: number;
}

/** The key of a refresh-tables job. */
export interface RefreshKey {
  refresh_key: number;
}

/** The state of a refresh-tables job. */
export interface RefreshStatus {
  status: 'processing' | 'completed' | (string & {});
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `CensusClientOptions`; an extern type so TypeScript marks the argument optional.
    #[wasm_bindgen(typescript_type = "CensusClientOptions")]
    pub type ClientOptionsArg;
    /// `ListSourcesOptions`; an extern type so TypeScript marks the argument optional.
    #[wasm_bindgen(typescript_type = "ListSourcesOptions")]
    pub type ListOptionsArg;
    /// `CallOptions`; an extern type so TypeScript marks the argument optional.
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type CallOptionsArg;
}
