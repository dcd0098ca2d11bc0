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
};

/** Used by the wasm binding: builds the error class that matches `code`. */
export function createCensusError(code, message, status, field, apiMessage, retryAfterMs, missing) {
  const ErrorClass = byCode[code] ?? CensusError;
  return new ErrorClass(message, { code, status, field, apiMessage, retryAfterMs, missing });
}
