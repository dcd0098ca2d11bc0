// The error classes every CensusClient call rejects with. Real Error subclasses, so callers
// can use `instanceof`, `name` and `code`; none of them ever holds the API token.

/** Base class of every error thrown by census-wasm. */
export class CensusError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = 'CensusError';
    /** Stable machine-readable code, e.g. `not_found`, `invalid_input`. */
    this.code = details.code ?? 'census_error';
    /** HTTP status code, when the server answered. */
    this.status = details.status;
  }
}

/** The API answered with an error status or an error envelope. */
export class CensusApiError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusApiError';
    /** The message the API itself gave, if any. */
    this.apiMessage = details.apiMessage;
  }
}

/** The resource does not exist (`404` / `"not_found"`). */
export class CensusNotFoundError extends CensusApiError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusNotFoundError';
  }
}

/** The API refused the credentials (`401` / `403`). */
export class CensusAuthenticationError extends CensusApiError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusAuthenticationError';
  }
}

/** The API asked the client to slow down (`429`). */
export class CensusRateLimitError extends CensusApiError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusRateLimitError';
    /** How long the server asked to wait (`Retry-After`), in milliseconds, if it said. */
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Input or options refused before anything was sent; `field` names the culprit. */
export class CensusInputError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusInputError';
    this.field = details.field;
    /** Every missing required credential (`credentials.<name>`) when `checkType` found some. */
    this.missing = details.missing?.split('\0');
  }
}

/** The API answered something other than the documented shape; `path` locates it. */
export class CensusResponseError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusResponseError';
    /** JSON path of the offending value, e.g. `data[3].id`; undefined for non-JSON bodies. */
    this.path = details.field;
  }
}

/** The request got no HTTP answer: offline, DNS, connection reset or a CORS refusal. */
export class CensusNetworkError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusNetworkError';
  }
}

/** No answer came within `timeoutMs`; the request was cancelled. */
export class CensusTimeoutError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusTimeoutError';
  }
}

/**
 * The API created the resource, but reading it back failed: it exists, so do not create it
 * again. `id` is the new resource's id; `cause` is the error of the read-back.
 */
export class CensusReadBackError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusReadBackError';
    /** The id of the resource the API created. */
    this.id = details.id;
    /** Why the read-back failed (a `CensusError`). */
    this.cause = details.cause;
  }
}

/** The caller's AbortSignal ended the call. Named `AbortError`, like fetch's own. */
export class CensusAbortError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'AbortError';
  }
}

const byCode = {
  invalid_input: CensusInputError,
  invalid_config: CensusInputError,
  api_error: CensusApiError,
  not_found: CensusNotFoundError,
  unauthorized: CensusAuthenticationError,
  rate_limited: CensusRateLimitError,
  unexpected_response: CensusResponseError,
  network_error: CensusNetworkError,
  timeout: CensusTimeoutError,
  aborted: CensusAbortError,
  read_back_failed: CensusReadBackError,
};

function fromDetails(details) {
  const ErrorClass = byCode[details.code] ?? CensusError;
  if (details.cause) details.cause = fromDetails(details.cause);
  return new ErrorClass(details.message, details);
}

/**
 * Used by the wasm binding: builds the error class that matches `code` from the error's one
 * JSON object `{ code, message, status?, field?, apiMessage?, retryAfterMs?, missing?, id?, cause? }`.
 */
export function createCensusError(json) {
  return fromDetails(JSON.parse(json));
}
