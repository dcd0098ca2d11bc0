import type { CensusErrorCode, StitchExtraction, SyncRun } from './census_wasm.js';

/**
 * What an error's constructor takes besides its message; `Code` is the codes its class may
 * carry (any for `CensusError` itself).
 */
export interface CensusErrorOptions<Code extends CensusErrorCode = CensusErrorCode> {
  /** Defaults to the class's own code (`not_found` for `CensusNotFoundError`, …; `api_error` for `CensusError` itself). */
  code?: Code | undefined;
  /** The HTTP status, when there was an answer. */
  status?: number | undefined;
  /** What caused it, as `Error`'s `cause` option. */
  cause?: unknown;
}

/** Base class of every error thrown by census-wasm. */
export declare class CensusError extends Error {
  /**
   * The package makes its errors itself; a test double may make one too, and gets the class's code.
   *
   * @example
   * ```ts
   * const notFound = new CensusNotFoundError('source 12 was not found (HTTP 404)', { status: 404 }); // notFound.code === 'not_found'
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions);
  /**
   * What went wrong, as a stable code. Each subclass declares the codes its errors carry, so
   * that a `switch` on the code of an `AnyCensusError` narrows it to its class.
   */
  readonly code: CensusErrorCode;
  /** HTTP status code, when the server answered. */
  readonly status: number | undefined;
  /**
   * Its name, message and own members, for `JSON.stringify` (never the token).
   *
   * @example
   * ```js
   * catch (error) { logger.warn(JSON.stringify(error)); } // {"name":"CensusNotFoundError","message":"source 12 was not found (HTTP 404)","code":"not_found","status":404,…}
   * ```
   */
  toJSON(): { name: string; message: string; code: CensusErrorCode; [member: string]: unknown };
  /**
   * The error again, of its class (told by `name`), with its code and members, from what
   * `toJSON()` gave: for an error posted from a worker (a structured clone keeps only an
   * Error's name and message) or stored as JSON. Its stack is where `fromJSON` was called.
   *
   * @example
   * ```js
   * worker.onmessage = ({ data }) => { if (data.error) throw CensusError.fromJSON(data.error); }; // the worker posted { error: error.toJSON() }
   * ```
   */
  static fromJSON(value: { name: string; message: string; code?: string; [member: string]: unknown }): AnyCensusError;
}
/**
 * The API answered with an error status or an error envelope. An error status whose body is not
 * JSON (a proxy's or gateway's HTML page, say) is a `CensusResponseError` carrying that status,
 * except 401, 403, 404 and 429, whose classes follow the status (a 404 whose body is not the
 * API's own answer says `baseUrl` may be wrong).
 */
export declare class CensusApiError extends CensusError {
  /**
   * A test double, with the class's code: `api_error` unless `options.code` gives a subclass's.
   *
   * @example
   * ```ts
   * const failed = new CensusApiError('HTTP 500 from GET /sources', { status: 500 }); // failed.code === 'api_error'
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'api_error' | 'not_found' | 'unauthorized' | 'rate_limited'>);
  readonly code: 'api_error' | 'not_found' | 'unauthorized' | 'rate_limited';
  /** The message the API itself gave, if any. */
  readonly apiMessage: string | undefined;
  /** Stitch's own name for the error (`already_running`, `invalid_source`, `InvalidBody`, `invalid_fields`); undefined for Census. */
  readonly type: string | undefined;
  /**
   * How long the server asked to wait (`Retry-After`, sent with a 429 or a 503), in
   * milliseconds, if it said. A wait longer than `retry.maxDelayMs` is not retried after, and
   * the message says so.
   */
  readonly retryAfterMs: number | undefined;
}
/**
 * The Stitch Connect API answered an error: one of its error shapes (even with HTTP 200, as
 * `startReplication` does while a job runs), or a status other than 401, 403, 404 and 429,
 * which are `CensusAuthenticationError`, `CensusNotFoundError` and `CensusRateLimitError` for
 * both clients (as is Stitch's 400 `invalid stream-id: …`, not found). As for Census, an error
 * status with a body that is not JSON is a `CensusResponseError`.
 */
export declare class StitchApiError extends CensusApiError {
  /**
   * A test double, with the class's code (`api_error`).
   *
   * @example
   * ```ts
   * const running = new StitchApiError('a replication job is already running', { status: 200 });
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'api_error'>);
  readonly code: 'api_error';
}
/** The resource does not exist (`404` / `"not_found"`; for Stitch also its 400 `invalid stream-id: …`, an unknown stream or source). */
export declare class CensusNotFoundError extends CensusApiError {
  /**
   * A test double, with the class's code (`not_found`).
   *
   * @example
   * ```ts
   * const gone = new CensusNotFoundError('source 12 was not found (HTTP 404)', { status: 404 });
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'not_found'>);
  readonly code: 'not_found';
}
/** The API refused the credentials (`401` / `403`). */
export declare class CensusAuthenticationError extends CensusApiError {
  /**
   * A test double, with the class's code (`unauthorized`).
   *
   * @example
   * ```ts
   * const refused = new CensusAuthenticationError('the API refused the token (HTTP 401)', { status: 401 });
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'unauthorized'>);
  readonly code: 'unauthorized';
}
/** The API asked the client to slow down (`429`); `retryAfterMs` says how long it asked to wait. */
export declare class CensusRateLimitError extends CensusApiError {
  /**
   * A test double, with the class's code (`rate_limited`).
   *
   * @example
   * ```ts
   * const slowDown = new CensusRateLimitError('rate limited (HTTP 429)', { status: 429 });
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'rate_limited'>);
  readonly code: 'rate_limited';
}
/** Input or options refused before anything was sent. */
export declare class CensusInputError extends CensusError {
  /**
   * A test double, with the class's code: `invalid_input`, or `invalid_config` (a client option).
   *
   * @example
   * ```ts
   * const refused = new CensusInputError('name: must not be empty'); // refused.code === 'invalid_input'
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'invalid_input' | 'invalid_config'>);
  readonly code: 'invalid_input' | 'invalid_config';
  /** The input field or client option at fault, e.g. `perPage`, `credentials`, `baseUrl`. */
  readonly field: string;
  /**
   * Every missing required credential, e.g. `['credentials.user', 'credentials.password']`, when
   * `createSource(input, { checkType: true })` found some (`field` is the first); otherwise
   * undefined.
   */
  readonly missing: readonly string[] | undefined;
}
/**
 * The API answered something other than the documented shape: JSON of the wrong shape, or a
 * body that is not JSON (with `status` when it came with an error status).
 */
export declare class CensusResponseError extends CensusError {
  /**
   * A test double, with the class's code (`unexpected_response`).
   *
   * @example
   * ```ts
   * const garbled = new CensusResponseError('the answer is not JSON', { status: 502 });
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'unexpected_response'>);
  readonly code: 'unexpected_response';
  /** JSON path of the offending value, e.g. `data[3].id`; undefined for non-JSON bodies. */
  readonly path: string | undefined;
}
/** The request got no HTTP answer: offline, DNS, connection reset or a CORS refusal. */
export declare class CensusNetworkError extends CensusError {
  /**
   * A test double, with the class's code (`network_error`).
   *
   * @example
   * ```ts
   * const offline = new CensusNetworkError('no answer from app.getcensus.com', { cause: new TypeError('fetch failed') });
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'network_error'>);
  readonly code: 'network_error';
  /** What `fetch` rejected with (a `TypeError`; in Node its own `cause` has the system code, e.g. `ECONNREFUSED`). */
  readonly cause: unknown;
}
/**
 * No answer came within `timeoutMs`, or the caller's `signal` timed out
 * (`AbortSignal.timeout()`, whose `TimeoutError` is then the `cause`); the request was cancelled.
 */
export declare class CensusTimeoutError extends CensusError {
  /**
   * A test double, with the class's code (`timeout`).
   *
   * @example
   * ```ts
   * const slow = new CensusTimeoutError('no answer within 30000 ms');
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'timeout'>);
  readonly code: 'timeout';
}
/**
 * The API created the resource, but reading it back failed, or it accepted the create (a 2xx)
 * with an answer that could not be read. The resource exists (or, without an `id`, probably
 * does): do not create it again; read it with `id` later, or look for it.
 */
export declare class CensusReadBackError extends CensusError {
  /**
   * A test double, with the class's code (`read_back_failed`).
   *
   * @example
   * ```ts
   * const unread = new CensusReadBackError('source 12 was created, but reading it back failed');
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'read_back_failed'>);
  readonly code: 'read_back_failed';
  /** The id of the resource the API created; undefined when the create's answer was unreadable. */
  readonly id: number | undefined;
  /** Why: the read-back's timeout, network error, 404 or 500, or the unreadable create answer. */
  readonly cause: AnyCensusError;
}
/**
 * A sync run waited for with `failOnError: true` (`triggerSyncAndWait`, `waitForSyncRun`)
 * ended `failed`.
 */
export declare class CensusSyncRunError extends CensusError {
  /**
   * A test double, with the class's code (`sync_run_failed`).
   *
   * @example
   * ```ts
   * const failed = new CensusSyncRunError('sync run 94 failed');
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'sync_run_failed'>);
  readonly code: 'sync_run_failed';
  /** The failed run, as the API sent it: `error_code`, `error_message`, counts. */
  readonly run: SyncRun;
}
/**
 * A replication waited for with `startReplicationAndWait` ended with a phase (discovery, tap or
 * target) that exited non-zero.
 */
export declare class StitchJobError extends CensusError {
  /**
   * A test double, with the class's code (`replication_failed`).
   *
   * @example
   * ```ts
   * const failed = new StitchJobError('the replication of source 120643 failed');
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'replication_failed'>);
  readonly code: 'replication_failed';
  /** The job's extraction, as Stitch answered it: the phases' exit statuses and descriptions. */
  readonly extraction: StitchExtraction;
}
/** The caller's AbortSignal ended the call. `name` is `'AbortError'`, as for fetch. */
export declare class CensusAbortError extends CensusError {
  /**
   * A test double, with the class's code (`aborted`).
   *
   * @example
   * ```ts
   * const aborted = new CensusAbortError('the call was aborted');
   * ```
   */
  constructor(message: string, options?: CensusErrorOptions<'aborted'>);
  readonly code: 'aborted';
  readonly name: 'AbortError';
  /** The signal's `reason` (what `controller.abort(reason)` was given), when it has one. */
  readonly cause: unknown;
}

/**
 * Every error census-wasm throws, as one union told apart by `code`: a `switch` on the code
 * narrows it to its class, with that class's members (`field` for `invalid_input`,
 * `retryAfterMs` for `rate_limited`, `run` for `sync_run_failed`, …). `api_error` is a
 * `CensusApiError` or a `StitchApiError`; `invalid_config` a `CensusInputError` (a client option
 * refused; `field` names it) or a plain `CensusError` (the client was freed, or the wasm was not
 * loaded). A caught value is `unknown`: check it with `instanceof CensusError` first.
 *
 * @example
 * ```ts
 * try {
 *   return await census.getSource(id);
 * } catch (caught) {
 *   if (!(caught instanceof CensusError)) throw caught;
 *   const error = caught as AnyCensusError;
 *   switch (error.code) {
 *     case 'not_found': return null; // a CensusNotFoundError
 *     case 'rate_limited': return retryIn(error.retryAfterMs ?? 60_000); // a CensusRateLimitError
 *     case 'invalid_input': return highlight(error.missing ?? [error.field]); // a CensusInputError
 *     default: throw error;
 *   }
 * }
 * ```
 */
export type AnyCensusError =
  | CensusInputError
  | (CensusApiError & { readonly code: 'api_error' })
  | CensusNotFoundError
  | CensusAuthenticationError
  | CensusRateLimitError
  | StitchApiError
  | CensusResponseError
  | CensusNetworkError
  | CensusTimeoutError
  | CensusAbortError
  | CensusReadBackError
  | CensusSyncRunError
  | StitchJobError
  | (CensusError & { readonly code: 'invalid_config' });

/**
 * Whether a webhook delivery comes from Census: `signatureHeader` (its `X-Signature` header)
 * must be the base64 HMAC-SHA256 of `rawBody`, keyed with the webhook's `secret` (answered once,
 * by `createWebhook`). Pass the body exactly as received (a string or bytes), never a parsed and
 * re-serialized object. Compared in constant time; a missing or malformed header resolves to
 * `false`. Rejects with a `CensusInputError` when `secret` is empty or `rawBody` is not text or
 * bytes.
 *
 * @example
 * ```js
 * const ok = await verifyWebhookSignature(await request.text(), request.headers.get('X-Signature'), secret);
 * ```
 */
export declare function verifyWebhookSignature(
  rawBody: string | ArrayBuffer | ArrayBufferView,
  signatureHeader: string | null | undefined,
  secret: string,
): Promise<boolean>;
