// Everything of census-wasm that is JavaScript, in one module (the wasm imports nothing else):
// the CensusClient class, a thin layer whose methods all go through the wasm's one entry point;
// the error classes; one fetch attempt and the abortable sleep; and the runtime that sends,
// retries, sleeps and keeps promises as the wasm's machines decide.

// ---- CensusClient ------------------------------------------------------------------------------

const CORE = Symbol('census-wasm core');
const TRANSPORT = Symbol('census-wasm transport');
let Core = null;
// The classes whose prototypes have their methods: both, once the wasm is loaded.
const installed = new Set();

/** Used by the package entry: the wasm's `Core` class, which every client wraps. */
export function bind(core) {
  Core = core;
}

/**
 * Used by the package entry once the wasm is instantiated (at import for `census-wasm`, when
 * `init()` or `initSync()` has loaded it for `census-wasm/init`): puts the API's methods on
 * both clients' prototypes then, before any client is made, so that the prototype is what the
 * declarations say (a test may spy on `CensusClient.prototype.getSource` first). Again, it
 * does nothing.
 */
export function ready() {
  for (const Client of [CensusClient, StitchClient]) if (!installed.has(Client)) install(Core, Client);
}

/**
 * Adds the API's methods to CensusClient's prototype, named by the wasm's descriptions
 * (`Core.methods()`: `name:how` pairs, `how` ending in the number of arguments before the
 * options): each passes its arguments, as one JSON text, to the one entry point, `call`, by
 * number, and runs what it returns as `how` says (c: a call, a: list all, i: an async
 * iterator), with the options' `signal` and `onProgress`, which stay here. A refused argument
 * rejects the Promise, or throws from `iterate…`.
 */
function install(core, Client) {
  const stitch = Client === StitchClient;
  core.methods(stitch).split(',').forEach((entry, index) => {
    const [name, spec] = entry.split(':');
    const how = spec[0];
    const taken = Number(spec.slice(1));
    const method = {
      [name](...args) {
        // Taken off its client (`const { getSource } = census`, `ids.map(census.getSource)`).
        if (!(this instanceof Client)) {
          const error = new CensusError(`${name} was called without its ${Client.name}: call it on the client (client.${name}(…)), or bind it to the client`, { code: 'invalid_config' });
          if (how === 'i') throw error;
          return Promise.reject(error);
        }
        const core = this[CORE];
        let run;
        let live;
        try {
          if (core === null) throw freed(Client);
          refuseInstance(args[taken]);
          const { signal, onProgress } = members(args[taken]);
          // What the wasm accepted as a signal and a callback (it refuses anything else).
          live = { signal: isSignal(signal) ? signal : undefined, onProgress: typeof onProgress === 'function' ? onProgress : undefined };
          const text = encode(args);
          run = how === 'c' ? core.call(index, text) : core.list(index, text);
        } catch (thrown) {
          // Reading the options' signal and onProgress ran a getter or a Proxy that threw.
          const error = thrown instanceof CensusError
            ? thrown
            : new CensusInputError(`options: reading them threw ${describe(thrown)}`, { field: 'options', cause: thrown });
          if (how === 'i') throw error;
          return Promise.reject(error);
        }
        const t = this[TRANSPORT];
        if (how === 'c') return drive(t, run, live);
        return how === 'a' ? listAll(t, run, live) : iterate(t, run, live);
      },
    }[name];
    Object.defineProperty(Client.prototype, name, { value: method, writable: true, configurable: true });
  });
  installed.add(Client);
}

/**
 * What a call's abort rejects with. One that `free()` caused says so, rather than blaming the
 * caller's signal. One the caller's `signal` caused keeps `signal.reason` as its `cause`, and a
 * signal that timed out (`AbortSignal.timeout()`, whose reason is a `TimeoutError`) ends the call
 * as a `CensusTimeoutError`, as fetch tells a timeout from an abort by the reason's name.
 */
function settled(t, error, signal) {
  if (error?.code !== 'aborted') return error;
  if (t.closed) return freed(t.Client, ' while a call of it ran');
  if (!signal?.aborted) return error;
  const { reason } = signal;
  if (reason === undefined) return error;
  let out = error;
  if (reason?.name === 'TimeoutError') {
    out = new CensusTimeoutError(error.message.replace('was aborted by its AbortSignal', "was stopped by its AbortSignal's timeout"));
  }
  Object.defineProperty(out, 'cause', { value: reason, writable: true, configurable: true });
  return out;
}

/**
 * Runs `stop` when the client `t` is freed, until the returned function is called (the work
 * ended): each fetch attempt, sleep and listing of a client is stopped this way by `free()`,
 * at the cost of a set's add and delete (linking a signal per call measured several µs).
 */
function untilFreed(t, stop) {
  if (!t) return () => {};
  t.running.add(stop);
  return () => t.running.delete(stop);
}

function hold(client, core, transport) {
  // Writable so that `free` can let go of it: a freed client refuses calls, and frees once.
  Object.defineProperty(client, CORE, { value: core, writable: true });
  Object.defineProperty(client, TRANSPORT, { value: transport });
}

// The two clients are classes made as functions: a class called without `new` throws the
// engine's TypeError, which names the class as minified ("Class constructor tt cannot be invoked
// without 'new'") or not at all, where `new.target` lets this say which class and how.

/**
 * A client for the Census API. Every method returns a Promise (`iterate…` an async iterator);
 * failures reject with a `CensusError` subclass whose `name`, `code` and `status` say what went
 * wrong. The methods and their types come from the API's descriptions in the wasm.
 */
export function CensusClient(options) {
  open(this, CensusClient, options, new.target);
}

/**
 * A client for the Stitch Connect API, on the same transport, retry policy, timeouts, hooks and
 * errors as CensusClient: the wasm's Core made for Stitch (its descriptions, its `accessToken`).
 */
export function StitchClient(options) {
  open(this, StitchClient, options, new.target);
}

// Both prototypes' own members, as a class's (not enumerable).
for (const Client of [CensusClient, StitchClient]) {
  Object.defineProperties(Client.prototype, {
    /** The base URL requests go to (still readable once the client is freed). */
    baseUrl: {
      get() {
        return this[TRANSPORT].baseUrl;
      },
      configurable: true,
    },
    /**
     * Frees the client's wasm memory now rather than when it is collected. Freeing again does
     * nothing; a call on a freed client throws a `CensusError`.
     */
    free: {
      value: function free() {
        const core = this[CORE];
        if (core === null) return;
        this[CORE] = null;
        // Calls, waits and listings still running stop now: no request of a freed client goes
        // out.
        const t = this[TRANSPORT];
        t.closed = true;
        for (const stop of t.running) stop();
        t.running.clear();
        core.free();
      },
      writable: true,
      configurable: true,
    },
  });
}

// Whether fetch is a browser's (a page's, or a worker's, which has no document), which refuses
// a cross-origin answer without CORS headers, so that a network error may mention CORS. Node
// and Bun say their Node version; Deno has its Deno global (and, for npm packages, process).
const BROWSER = typeof Deno === 'undefined' && !globalThis.process?.versions?.node;

/** Makes `client` (a new `Client`, `made` its `new.target`) hold a Core read from `options`. */
function open(client, Client, options, made) {
  const name = Client.name;
  if (!made) throw new TypeError(`${name} is a class: create it with new ${name}({ … })`);
  if (Core === null) {
    throw new CensusError(`census-wasm's entry was not loaded: import ${name} from 'census-wasm'`, { code: 'invalid_config' });
  }
  let core;
  const stitch = Client === StitchClient;
  refuseInstance(options);
  try {
    const text = encode(options);
    const globalFetch = typeof globalThis.fetch === 'function';
    core = stitch ? Core.stitch(text, globalFetch, BROWSER) : new Core(text, globalFetch, BROWSER);
  } catch (error) {
    if (error instanceof CensusError) throw error;
    throw new CensusError(`census-wasm is not initialised: call init() (or initSync) before new ${name}() (${error})`, { code: 'invalid_config' });
  }
  // The wasm checked the base URL's form; whether this environment's fetch can use it (a port
  // above 65535, an IPv6 zone, a path with no page to resolve it against) only a Request can
  // tell, and a client that could send nothing is refused now rather than at its first call.
  const baseUrl = core.baseUrl || '/';
  if (typeof Request === 'function') {
    try {
      new Request(`${baseUrl.replace(/\/$/, '')}/`);
    } catch (error) {
      core.free();
      throw new CensusInputError(`baseUrl: ${baseUrl} cannot be fetched here (${describe(error)}); give the whole https:// address`, { code: 'invalid_config', field: 'baseUrl' });
    }
  }
  // The wasm checked the options; their functions stay here. Without one, each attempt uses
  // the global fetch of the moment (see fetchAttempt).
  const { fetch, onRequest, onResponse } = members(options);
  hold(client, core, {
    fetchFn: typeof fetch === 'function' ? fetch : undefined,
    onRequest: typeof onRequest === 'function' ? onRequest : undefined,
    onResponse: typeof onResponse === 'function' ? onResponse : undefined,
    memory: Core.memory(),
    stitch,
    Client,
    baseUrl,
    // Set by free(), which runs every stop function its work left here (untilFreed).
    closed: false,
    running: new Set(),
  });
  // Installed by ready() as the wasm loaded; a client made some other way still gets them.
  if (!installed.has(Client)) install(Core, Client);
}

// What a caller gives crosses into the wasm as one JSON text, which the wasm reads and checks
// as the method's description says. What JSON cannot hold is written as a string starting with
// NUL that names it, so that a refusal can still say what was given ("got a function"); a
// caller's own string that starts with NUL gets a second one, which the wasm takes off again.
// The JS values themselves (a signal, callbacks, fetch) never enter the wasm: the runtime keeps
// them.
const MARK = '\u0000';
const NONE = Object.freeze({});

/** JSON.stringify's replacer: marks what JSON cannot hold, rather than dropping it. */
function mark(key, value) {
  switch (typeof value) {
    case 'function':
    case 'bigint':
    case 'symbol':
      return MARK + typeof value;
    case 'number':
      return Number.isFinite(value) ? value : MARK + value;
    case 'string':
      // An unpaired surrogate is no Unicode text: JSON.stringify escapes it, the API could not
      // read it, and the wasm would refuse the whole argument list rather than this value.
      if (!wellFormed(value)) return MARK + 'surrogate';
      return value.startsWith(MARK) ? MARK + value : value;
    default:
      return isSignal(value) ? MARK + 'signal' : value;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function wellFormed(text) {
  return typeof text.isWellFormed === 'function' ? text.isWellFormed() : !LONE_SURROGATE.test(text);
}

function isSignal(value) {
  return typeof AbortSignal === 'function' && value instanceof AbortSignal;
}

/**
 * `value` as JSON text (`null` for `undefined`). Where JSON.stringify throws (a cycle), each
 * item or member is written on its own, so that only the value that threw becomes the mark of
 * why, and the wasm can name where it is.
 */
function encode(value, outer = []) {
  try {
    return JSON.stringify(value, mark) ?? 'null';
  } catch (error) {
    // A getter or a Proxy that throws, or nesting too deep for the stack, may throw again
    // while the members are walked: then this whole value is the mark. A member whose getter
    // throws is marked alone, so that the wasm names it.
    try {
      if (value !== null && typeof value === 'object' && !outer.includes(value)) {
        const within = [...outer, value];
        if (Array.isArray(value)) return `[${value.map((item) => encode(item, within)).join(',')}]`;
        const members = [];
        for (const key of Object.keys(value)) {
          let item;
          try {
            item = value[key];
          } catch (thrown) {
            members.push(`${JSON.stringify(key)}:${threw(thrown)}`);
            continue;
          }
          if (item !== undefined) members.push(`${JSON.stringify(key)}:${encode(item, within)}`);
        }
        return `{${members.join(',')}}`;
      }
    } catch {
      // Marked below.
    }
    return threw(error);
  }
}

/** The mark of a value that threw `error` when it was read or written as JSON. */
function threw(error) {
  // String(), not a template: a thrown Symbol converts only that way.
  let why;
  try {
    why = String(error?.message ?? error);
  } catch {
    why = 'a value that cannot be shown';
  }
  return JSON.stringify(`${MARK}threw:${why}`);
}

/**
 * Options are read as JSON reads them, own members only: a class instance's getters and an
 * object's inherited members would be dropped without a word (an `apiToken` getter, and the
 * client would send no token), so such an options object is refused. Plain objects of any
 * realm pass (their prototype's prototype is null), and so do arrays and non-objects, which
 * the wasm refuses in its own words.
 */
function refuseInstance(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return;
  const proto = Object.getPrototypeOf(options);
  if (proto === null || Object.getPrototypeOf(proto) === null) return;
  const kind = typeof proto.constructor === 'function' && proto.constructor !== Object ? `a ${proto.constructor.name || 'class'} instance` : 'an object with inherited members';
  throw new CensusInputError(`options: expected a plain object, got ${kind}: only an object's own members are read, so its getters and inherited members would be dropped; pass a plain object with the values`, { field: 'options' });
}

/** An options object, or nothing to read members of. */
function members(options) {
  return options !== null && typeof options === 'object' ? options : NONE;
}

/** The error of a call on a client that was freed. */
function freed(Client, when = '') {
  return new CensusError(`this ${Client.name} was freed${when}: make a new one`, { code: 'invalid_config' });
}

// ---- errors ------------------------------------------------------------------------------------

// The error classes every CensusClient call rejects with. Real Error subclasses, so callers
// can use `instanceof`, `name` and `code`; none of them ever holds the API token.

/** Base class of every error thrown by census-wasm. */
export class CensusError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CensusError';
    /** Stable machine-readable code, e.g. `not_found`, `invalid_input`. */
    this.code = details.code ?? 'api_error';
    /** HTTP status code, when the server answered. */
    this.status = details.status;
  }

  /** `JSON.stringify(error)` shows its name and message too, not only its own members. */
  toJSON() {
    return { name: this.name, message: this.message, ...this };
  }

  /**
   * The error again, of its class, from what `toJSON()` gave: an error posted from a worker or
   * stored as JSON (a structured clone keeps only an Error's name and message).
   */
  static fromJSON(value) {
    const { name, message, ...members } = value !== null && typeof value === 'object' ? value : {};
    const ErrorClass = name === 'AbortError' ? CensusAbortError : (Object.prototype.hasOwnProperty.call(CLASSES, name) ? CLASSES[name] : CensusError);
    const error = new ErrorClass(typeof message === 'string' ? message : String(message ?? ''), { code: members.code, status: members.status });
    // Its members as they were (`path`, `missing`, `extraction`, …), not as a constructor reads them.
    for (const [key, member] of Object.entries(members)) {
      if (key !== '__proto__') error[key] = member;
    }
    return error;
  }
}

/** The API answered with an error status or an error envelope. */
export class CensusApiError extends CensusError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'CensusApiError';
    /** The message the API itself gave, if any. */
    this.apiMessage = details.apiMessage;
    /** Stitch's own name for the error (`already_running`, `InvalidBody`), if it gave one. */
    this.type = details.type;
    /** How long the server asked to wait (`Retry-After`: a 429's, a 503's), in ms, if it said. */
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * The Stitch Connect API answered an error (an error shape, even with HTTP 200, or a status
 * that is not 401, 403, 404 or 429); `type` is Stitch's name for it, e.g. `already_running`.
 */
export class StitchApiError extends CensusApiError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = 'StitchApiError';
  }
}

/** The resource does not exist (`404` / `"not_found"`). */
export class CensusNotFoundError extends CensusApiError {
  constructor(message, details = {}) {
    super(message, { code: 'not_found', ...details });
    this.name = 'CensusNotFoundError';
  }
}

/** The API refused the credentials (`401` / `403`). */
export class CensusAuthenticationError extends CensusApiError {
  constructor(message, details = {}) {
    super(message, { code: 'unauthorized', ...details });
    this.name = 'CensusAuthenticationError';
  }
}

/** The API asked the client to slow down (`429`). */
export class CensusRateLimitError extends CensusApiError {
  constructor(message, details = {}) {
    super(message, { code: 'rate_limited', ...details });
    this.name = 'CensusRateLimitError';
  }
}

/** Input or options refused before anything was sent; `field` names the culprit. */
export class CensusInputError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'invalid_input', ...details });
    this.name = 'CensusInputError';
    this.field = details.field;
    /** Every missing required credential (`credentials.<name>`) when `checkType` found some. */
    this.missing = details.missing?.split('\0');
  }
}

/** The API answered something other than the documented shape; `path` locates it. */
export class CensusResponseError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'unexpected_response', ...details });
    this.name = 'CensusResponseError';
    /** JSON path of the offending value, e.g. `data[3].id`; undefined for non-JSON bodies. */
    this.path = details.field;
  }
}

/** The request got no HTTP answer: offline, DNS, connection reset or a CORS refusal. */
export class CensusNetworkError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'network_error', ...details });
    this.name = 'CensusNetworkError';
  }
}

/** No answer came within `timeoutMs`, or the caller's `AbortSignal.timeout()` ran out; the request was cancelled. */
export class CensusTimeoutError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'timeout', ...details });
    this.name = 'CensusTimeoutError';
  }
}

/**
 * The API created the resource, but reading it back failed: it exists, so do not create it
 * again. `id` is the new resource's id; `cause` is the error of the read-back.
 */
export class CensusReadBackError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'read_back_failed', ...details });
    this.name = 'CensusReadBackError';
    /** The id of the resource the API created. */
    this.id = details.id;
  }
}

/**
 * A sync run waited for with `failOnError: true` ended `failed`. `run` is the run as the API
 * sent it, with its `error_code`, `error_message` and counts.
 */
export class CensusSyncRunError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'sync_run_failed', ...details });
    this.name = 'CensusSyncRunError';
    /** The failed run (a `SyncRun`). */
    this.run = details.run;
  }
}

/**
 * A replication waited for with `startReplicationAndWait` ended with a phase that failed;
 * `extraction` is the source's extraction as Stitch answered it.
 */
export class StitchJobError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'replication_failed', ...details });
    this.name = 'StitchJobError';
    /** The extraction of the failed job (a `StitchExtraction`). */
    this.extraction = details.run;
  }
}

/** The caller's AbortSignal ended the call (`cause`: its reason). Named `AbortError`, like fetch's own. */
export class CensusAbortError extends CensusError {
  constructor(message, details = {}) {
    super(message, { code: 'aborted', ...details });
    this.name = 'AbortError';
  }
}

// ---- webhooks --------------------------------------------------------------------------------

/**
 * Whether a webhook delivery comes from Census: `signatureHeader` (its `X-Signature`) must be
 * the base64 HMAC-SHA256 of `rawBody` (padded, standard alphabet, spaces only around it), keyed
 * with the webhook's `secret` (the one `createWebhook` answered, once). `rawBody` is the body
 * exactly as received, a string or bytes: a body parsed and serialized again no longer
 * matches. The MAC is compared in constant time. A missing or malformed header resolves to
 * `false`. Uses SubtleCrypto (browsers, workers, Node 20); the secret appears in no error.
 */
export async function verifyWebhookSignature(rawBody, signatureHeader, secret) {
  const refuse = (field, problem) =>
    new CensusInputError(`${field}: ${problem}`, { field });
  if (typeof secret !== 'string' || secret === '') {
    throw refuse('secret', 'required: the secret createWebhook answered');
  }
  let body;
  if (typeof rawBody === 'string') body = new TextEncoder().encode(rawBody);
  else if (rawBody instanceof ArrayBuffer) body = new Uint8Array(rawBody);
  else if (ArrayBuffer.isView(rawBody)) body = new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  else throw refuse('rawBody', 'expected the body as received: a string, an ArrayBuffer or bytes');
  if (typeof signatureHeader !== 'string') return false;
  const key = await crypto.subtle.importKey(
    'raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
  // The header is compared as text with the MAC's one canonical base64 form: atob would also
  // take it unpadded, with spaces inside or with other trailing bits.
  const expected = btoa(String.fromCharCode(...mac));
  const given = signatureHeader.trim();
  // Every character is compared whatever the first difference, so timing says nothing about the MAC.
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i += 1) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}

// The classes by name; which kind of error is which class (and its code) is the wasm's to say.
const CLASSES = {
  CensusError,
  CensusApiError,
  CensusNotFoundError,
  CensusAuthenticationError,
  CensusRateLimitError,
  CensusInputError,
  CensusResponseError,
  CensusNetworkError,
  CensusTimeoutError,
  CensusAbortError,
  CensusReadBackError,
  CensusSyncRunError,
  StitchApiError,
  StitchJobError,
};

function fromDetails(details) {
  const ErrorClass = CLASSES[details.class] ?? CensusError;
  if (details.cause) details.cause = fromDetails(details.cause);
  return new ErrorClass(details.message, details);
}

/**
 * Used by the wasm binding: builds an error of the class it names from the error's one JSON
 * object `{ class, code, message, status?, field?, apiMessage?, retryAfterMs?, missing?, id?, cause?,
 * run? }`.
 */
export function createCensusError(json) {
  // V8 keeps ten frames by default, and the wasm's own calls fill them before the caller's
  // line: keep more while the error is made, then leave the wasm's frames out of its text.
  const limit = Error.stackTraceLimit;
  if (typeof limit === 'number' && limit < 60) Error.stackTraceLimit = 60;
  let error;
  try {
    error = fromDetails(JSON.parse(json));
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (typeof error.stack === 'string') error.stack = error.stack.split('\n').filter((line) => !line.includes('wasm-function[')).join('\n');
  return error;
}

// ---- one attempt, and sleeping -----------------------------------------------------------------

// One fetch attempt with a timeout and the caller's AbortSignal, and an abortable sleep for the
// backoff between attempts. Kept in JS because both are timers and event listeners; the retry
// decisions stay in Rust (census-core/src/retry.rs).

// What a fetch option's bug throws (see fetchAttempt).
const BUGS = new Set(['ReferenceError', 'SyntaxError', 'RangeError', 'EvalError', 'URIError']);

/**
 * Sends one request with `fetchFn` (the global fetch when undefined), reads the whole body, and
 * reports what happened as a plain object: `{ kind: 'answered', status, contentType,
 * retryAfter, text, bytes? }` (the body: see bodyOf) or `{ kind: 'timeout' | 'aborted' |
 * 'network' | 'invalid' | 'answer' | 'cut', detail }` (`cut`: the body broke off after the
 * status came). The one `Request` is built here from `method`,
 * `url`, `headers` (`[name, value]` pairs) and `body`; one it cannot build is `invalid`, and a
 * fetch that resolves to no Response is `answer` (its type the detail). A timeout or
 * an abort cancels the underlying fetch; a fetch that ignores its signal is no longer waited
 * for.
 */
export async function fetchAttempt(fetchFn, method, url, headers, body, timeoutMs, signal, t) {
  if (signal?.aborted || t?.closed) return { kind: 'aborted' };
  const controller = new AbortController();
  let request;
  try {
    // A request with a body is not redirected: a Location is an address an answer names, and a
    // 307 or 308 would send the body (credentials, say) there. One without is (Stitch's logs
    // are a redirect to a download), and fetch drops the token on the way to another origin.
    const redirect = body === undefined ? 'follow' : 'manual';
    request = new Request(url, { method, headers, body, signal: controller.signal, redirect });
  } catch (error) {
    return { kind: 'invalid', detail: describe(error) };
  }
  let ended = null;
  let stop;
  const stopped = new Promise((resolve) => { stop = resolve; });
  const end = (kind) => {
    if (ended) return;
    ended = kind;
    controller.abort();
    stop({ kind });
  };
  const unwatch = whenAborted(signal, () => end('aborted'));
  const unfree = untilFreed(t, () => end('aborted'));
  const unalarm = timeoutMs > 0 ? within(timeoutMs, () => end('timeout')) : () => {};
  const run = async () => {
    try {
      // The global fetch is looked up now, not when the client was made: a mock installed
      // later (MSW's server.listen() replaces it) still sees the calls. Either fetch is called
      // as fetch(request), with no `this`: the global one then acts for its own realm's global
      // (Web IDL), even where globalThis is another object (a WebDriver script's or an
      // extension's sandbox), on which a browser's fetch throws "does not implement interface
      // Window".
      const send = fetchFn ?? globalThis.fetch;
      const response = await send(request);
      // A fetch option (a mock, say) that resolves to anything but a Response: said as such,
      // not taken for a network failure.
      if (typeof response?.status !== 'number' || typeof response.arrayBuffer !== 'function') {
        return { kind: 'answer', detail: response === null ? 'null' : typeof response };
      }
      const { status } = response;
      // `Response.error()` (a mock's, a service worker's): a network error, as fetch's spec has it.
      if (response.type === 'error') return { kind: 'network', detail: 'the fetch answered Response.error(), a network error' };
      // A browser hides a redirect it did not follow (an opaque answer, status 0); Node shows it.
      if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
        const to = response.headers.get('location');
        return { kind: 'redirect', status, detail: status ? `HTTP ${status}${to ? ` to ${to}` : ''}` : 'a redirect' };
      }
      // The body read once, as bytes: the wasm checks them and JSON.parse reads their text
      // (see bodyOf and deliver below).
      let bytes;
      try {
        bytes = await readBody(response);
      } catch (error) {
        if (ended) return { kind: ended };
        // The status came, then the body broke off: the server may have acted on it.
        return { kind: 'cut', status, detail: `HTTP ${status}: ${describe(error)}`, error };
      }
      // More than any API answer holds, and more than a string may (V8's limit is 512 MiB):
      // reading on would only fill the memory of the page or process.
      if (bytes === null) return { kind: 'large', status, detail: `HTTP ${status}: more than ${MAX_BODY_BYTES} bytes` };
      return {
        kind: 'answered',
        status,
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
        ...bodyOf(bytes),
      };
    } catch (error) {
      if (ended) return { kind: ended };
      // A fetch option that throws a ReferenceError, a SyntaxError, … has a bug: no network
      // failure, and trying again cannot help. (A failed fetch rejects with a TypeError;
      // node-fetch's FetchError and ky's errors are other Errors, still network failures.)
      if (fetchFn && BUGS.has(error?.name)) return { kind: 'fetch', detail: describe(error), error };
      return { kind: 'network', detail: describe(error) + reason(error), error };
    }
  };
  try {
    return await Promise.race([run(), stopped]);
  } finally {
    unalarm();
    unwatch();
    unfree();
  }
}

// Every attempt's timeout shares one timer, set for the earliest deadline: a timer set and
// cleared for each attempt was about a tenth of a small call's cost in Chromium (bench/notes.md).
// Attempts end long before their deadlines, so the timer is moved only when an attempt's
// deadline is earlier than the one it is set for; when it rings it ends the attempts that are
// due and is set again for the next. In Node it holds the process open only while an attempt
// waits (ref/unref), as the timer of each attempt did.
const deadlines = new Set();
let alarm;
let alarmAt = Infinity;

function ring() {
  // Due: what the timer was set for, even if the clock says otherwise (fake timers, a clock
  // set back), and whatever the clock says is past.
  const due = Math.max(alarmAt, Date.now());
  alarm = undefined;
  alarmAt = Infinity;
  let next = Infinity;
  for (const entry of deadlines) {
    if (entry.at <= due) {
      deadlines.delete(entry);
      entry.fire();
    } else if (entry.at < next) {
      next = entry.at;
    }
  }
  if (next !== Infinity) arm(next);
}

function arm(at) {
  if (alarm !== undefined) clearTimeout(alarm);
  // `at` is at most 2^31 - 1 ms away, the longest a timer waits: the wasm caps `timeoutMs` there.
  alarmAt = at;
  alarm = setTimeout(ring, at - Date.now());
}

const DENO = globalThis.Deno;

/** The timer holds a Node, Bun or Deno process open only while `on` (a browser's never does). */
function holdOpen(on) {
  if (alarm?.unref) on ? alarm.ref() : alarm.unref();
  else if (DENO?.unrefTimer && alarm !== undefined) on ? DENO.refTimer(alarm) : DENO.unrefTimer(alarm);
}

/** Calls `fire` once `ms` have passed, unless the returned function is called first. */
function within(ms, fire) {
  const entry = { at: Date.now() + ms, fire };
  deadlines.add(entry);
  if (entry.at < alarmAt) arm(entry.at);
  else if (deadlines.size === 1) holdOpen(true);
  return () => {
    if (deadlines.delete(entry) && deadlines.size === 0) holdOpen(false);
  };
}

/** The most bytes of one answer's body the client reads: 64 MiB. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A response's body as bytes, or null when it is longer than MAX_BODY_BYTES: said so by its
 * Content-Length, or found so while reading it, and then not read further (the stream is
 * cancelled, so the rest is not downloaded).
 */
async function readBody(response) {
  const reader = response.body?.getReader?.();
  if (!reader) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > MAX_BODY_BYTES ? null : bytes;
  }
  const chunks = [];
  // A Content-Length past the limit ends the read at its first chunk.
  let total = Number(response.headers?.get?.('content-length')) > MAX_BODY_BYTES ? Infinity : 0;
  for (let read; !(read = await reader.read()).done;) {
    const { value } = read;
    // As arrayBuffer() would: a stream a mock made of anything but bytes is no body.
    if (!ArrayBuffer.isView(value)) throw new TypeError('the body stream gave a chunk that is not bytes');
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value instanceof Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  if (chunks.length === 1) return chunks[0];
  // Joined here, not through a Blob: a Blob's arrayBuffer() goes through the browser's blob
  // store, a copy and a round trip more.
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * Waits `ms`; resolves `true` when the time is up, or `false` at once if `signal` aborts or
 * the client `t` (optional) is freed.
 */
export function sleep(ms, signal, t) {
  return new Promise((resolve) => {
    if (signal?.aborted || t?.closed) {
      resolve(false);
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      unwatch();
      unfree();
      resolve(false);
    };
    const timer = setTimeout(() => {
      unwatch();
      unfree();
      resolve(true);
    }, ms);
    const unwatch = whenAborted(signal, stop);
    const unfree = untilFreed(t, stop);
  });
}

// The callers' signals the runtime watches, each with one listener of its own that tells every
// call waiting on it: fifty calls or listings sharing one signal add one listener, not fifty
// (Node warns past ten, taking them for a leak), and the last to end takes it off.
const watched = new WeakMap();

/**
 * Calls `callback` once when `signal` (the caller's, optional, not yet aborted) aborts; returns
 * the function that stops watching, to call once the work has ended.
 */
function whenAborted(signal, callback) {
  if (!signal) return () => {};
  let callbacks = watched.get(signal);
  if (!callbacks) {
    const all = new Set();
    const listener = () => {
      watched.delete(signal);
      for (const call of all) call();
    };
    callbacks = { all, listener };
    watched.set(signal, callbacks);
    signal.addEventListener('abort', listener, { once: true });
  }
  // Each watch its own entry, even for a callback given twice.
  const entry = () => callback();
  callbacks.all.add(entry);
  return () => {
    callbacks.all.delete(entry);
    if (callbacks.all.size === 0 && watched.get(signal) === callbacks) {
      watched.delete(signal);
      signal.removeEventListener('abort', callbacks.listener);
    }
  };
}

/**
 * An AbortController that also aborts when `signal` (the caller's, optional) aborts;
 * `unlink()` takes its listener off the caller's signal once the work has ended, so a signal
 * reused for many calls collects none.
 */
export function linkedController(signal) {
  const controller = new AbortController();
  if (signal?.aborted) {
    controller.abort();
    controller.unlink = () => {};
  } else {
    controller.unlink = whenAborted(signal, () => controller.abort());
  }
  return controller;
}


// ---- the runtime -------------------------------------------------------------------------------

// Everything that awaits: attempts and retries, calls with several requests or waits, and
// listings. Every decision is asked of a synchronous wasm object (an Exchange, Operation or
// Listing, in src/binding and src/transport.rs, over the core's machines); this file only sends,
// waits and keeps promises, so no async Rust, and none of its machinery, ships in the wasm.

// fetchAttempt's kinds of failure, as the onResponse hook names them (ErrorKind codes).
const OUTCOMES = { timeout: 'timeout', aborted: 'aborted', network: 'network_error', cut: 'network_error' };

/**
 * Calls a hook with one plain object; a hook that throws cannot break the call, nor can an
 * async one that rejects (its rejection is not left unhandled, which would end a Node process).
 */
function notify(hook, info) {
  try {
    const done = hook(info);
    if (typeof done?.then === 'function') done.then(undefined, () => {});
  } catch {
    // Ignored on purpose: hooks observe, they cannot fail a call.
  }
}

/**
 * A CensusNetworkError gets the error fetch rejected with as its `cause` (ENOTFOUND, …), and a
 * fetch option's bug (field `fetch`) what it threw; not enumerable, as a cause given to Error's constructor is: `JSON.stringify(error)` leaves it out.
 */
function withCause(error, x) {
  if ((error instanceof CensusNetworkError || error?.field === 'fetch') && x.cause !== undefined) {
    Object.defineProperty(error, 'cause', { value: x.cause, writable: true, configurable: true });
  }
  return error;
}

/**
 * The error fetch rejected with, kept as a CensusNetworkError's `cause`, unless anything it
 * holds quotes the credential the request carried, as written, JSON-escaped or URL-encoded (a
 * fetch wrapper may describe the request it failed, headers and all): then a plain Error with
 * its name, message, stack and code, the credential scrubbed from each.
 */
function scrubbed(error, headers) {
  // `Bearer <token>`: the only credential a request carries.
  const secret = headers.find(([name]) => name === 'Authorization')?.[1].slice(7);
  if (!secret) return error;
  const encoded = encodeURIComponent(secret);
  // The escapes' hex digits in either case, as the wasm's redaction takes them.
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encoded, encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())];
  const scrub = (value) => forms.reduce((text, form) => text.replaceAll(form, '[redacted]'), String(value ?? ''));
  // A fetch may reject with a plain string.
  if (typeof error === 'string') return scrub(error);
  if (!quotes(error, forms, 0, new Set())) return error;
  const copy = new Error(scrub(member(error, 'message')));
  copy.name = scrub(member(error, 'name'));
  copy.stack = scrub(member(error, 'stack'));
  const code = member(error, 'code');
  if (typeof code === 'string') copy.code = scrub(code);
  return copy;
}

/** `value[key]`, or '' where reading it throws. */
function member(value, key) {
  try {
    return value?.[key];
  } catch {
    return '';
  }
}

/**
 * Whether `value`, or anything it holds a few levels down (own members, symbols too, its
 * message, stack, cause and errors, what its toJSON gives), is a text quoting one of `forms`.
 * What cannot be looked through (a Proxy that throws) counts as quoting, to be safe.
 */
function quotes(value, forms, depth, seen) {
  if (typeof value === 'string') return forms.some((form) => value.includes(form));
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  if (seen.has(value) || depth > 8 || seen.size > 1000) return false;
  seen.add(value);
  try {
    const keys = [...Reflect.ownKeys(value), 'message', 'stack', 'cause', 'errors'];
    if (keys.some((key) => quotes(member(value, key), forms, depth + 1, seen))) return true;
    return typeof value.toJSON === 'function' && quotes(value.toJSON(), forms, depth + 1, seen);
  } catch {
    return true;
  }
}

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder();

/**
 * A body's `text` as res.json() decodes it (UTF-8, a BOM dropped, bad bytes replaced), and its
 * `bytes` when they are that text's UTF-8 exactly (valid throughout; past a BOM), for the wasm
 * to check as they came. A body with a bad byte has no `bytes`: the wasm then checks the UTF-8
 * of the text JSON.parse reads, replacement characters and all. Copying the bytes is cheaper
 * than encoding the text again in every engine measured, and far cheaper in WebKit, whose
 * TextEncoder.encodeInto is slow (bench/notes.md).
 */
function bodyOf(bytes) {
  try {
    const text = strict.decode(bytes);
    return { text, bytes: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes };
  } catch {
    return { text: lenient.decode(bytes) };
  }
}

/** How much room the wasm makes for an answer's body: its bytes, or one byte per UTF-16 unit. */
function roomFor(answer) {
  return answer.bytes ? answer.bytes.length : answer.text.length;
}

/**
 * Writes an answer's body into wasm memory at `at`, where the wasm made `roomFor(answer)`
 * bytes of room: its bytes as they came, or else its text's UTF-8, which fits when it is ASCII;
 * for the rest the wasm makes more room (`grow`). The text itself stays here for JSON.parse
 * once the wasm has checked it.
 */
function deliver(t, x, answer, at) {
  const { text, bytes } = answer;
  if (bytes) {
    new Uint8Array(t.memory.buffer, at, bytes.length).set(bytes);
    return { contentType: answer.contentType, written: bytes.length, text };
  }
  let { read, written } = encoder.encodeInto(text, new Uint8Array(t.memory.buffer, at, text.length));
  if (read < text.length) {
    // At most three bytes for each UTF-16 unit left (a surrogate pair takes four for two).
    const more = (text.length - read) * 3;
    const next = x.grow(written, more);
    ({ written } = encoder.encodeInto(text.slice(read), new Uint8Array(t.memory.buffer, next, more)));
  }
  return { contentType: answer.contentType, written, text };
}

/**
 * Sends the request of an Operation or Exchange (`x`), retrying as it decides. Resolves to the
 * last HTTP answer, whatever its status, once its body is in wasm memory (`{ contentType,
 * written, text }`, for `x.answered`), or to null when no answer came (`x` then holds the
 * reason). Never rejects. `signal` is the caller's, or the listing's controller's.
 */
async function send(t, x, signal) {
  const start = Date.now();
  const request = JSON.parse(x.request(start));
  const { method, url } = request;
  // A wait's status check: every attempt ends by the wait's end (the wasm stops retrying then).
  const end = request.withinMs === undefined ? undefined : start + request.withinMs;
  // Held back by the jobs limit (Stitch's extractions and loads): the wasm reserved the slot.
  if (request.waitMs > 0 && !(await sleep(request.waitMs, signal, t))) {
    x.fail('aborted', '', 0);
    return null;
  }
  for (let attempt = 1; ; attempt += 1) {
    let { timeoutMs } = request;
    if (end !== undefined) {
      const left = end - Date.now();
      if (left <= 0) {
        x.fail('timeout', '', attempt - 1);
        return null;
      }
      if (timeoutMs === 0 || timeoutMs > left) timeoutMs = left;
    }
    // Aborted before this attempt: nothing is sent, so no hook hears of an attempt.
    if (signal?.aborted || t.closed) {
      x.fail('aborted', '', attempt - 1);
      return null;
    }
    if (t.onRequest) notify(t.onRequest, { method, url, attempt });
    const began = Date.now();
    let result;
    try {
      result = await fetchAttempt(t.fetchFn, method, url, request.headers, request.body, timeoutMs, signal, t);
    } catch (error) {
      x.fail('fetch', describe(error), attempt);
      return null;
    }
    if (result.kind === 'invalid' || result.kind === 'answer' || result.kind === 'fetch') {
      x.fail(result.kind, result.detail, attempt);
      if (result.error !== undefined) x.cause = scrubbed(result.error, request.headers);
      return null;
    }
    const answered = result.kind === 'answered';
    if (t.onResponse) {
      notify(t.onResponse, {
        method,
        url,
        attempt,
        status: result.status,
        outcome: OUTCOMES[result.kind] ?? 'answered',
        durationMs: Date.now() - began,
      });
    }
    // An answer that broke off is sent again only where the wasm said it may be (`resend`:
    // the same work however often it is sent); a POST's may have been done.
    if (result.kind === 'aborted' || result.kind === 'redirect' || result.kind === 'large' || (result.kind === 'cut' && !request.resend)) {
      x.fail(result.kind, result.detail ?? '', attempt);
      return null;
    }
    const delay = answered
      ? x.attempted(attempt, result.status, result.retryAfter, Date.now(), Math.random(), roomFor(result))
      : x.attempted(attempt, undefined, undefined, Date.now(), Math.random(), 0);
    if (delay < 0) {
      if (answered) return deliver(t, x, result, -2 - delay);
      x.fail(result.kind, result.detail ?? '', attempt);
      x.cause = scrubbed(result.error, request.headers);
      return null;
    }
    if (!(await sleep(delay, signal, t))) {
      x.fail('aborted', '', attempt);
      return null;
    }
  }
}

/**
 * What Node's fetch keeps in its error's cause (its message is only "fetch failed"): ` (connect
 * ECONNREFUSED 127.0.0.1:1)`, `getaddrinfo ENOTFOUND …`, a certificate's; else nothing.
 */
function reason(error) {
  try {
    const why = error.cause.message || error.cause.code;
    return typeof why === 'string' && why ? ` (${why})` : '';
  } catch {
    return '';
  }
}

/** `TypeError: Failed to fetch`, from whatever a rejected promise held. */
function describe(error) {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error) {
    return `${'name' in error ? error.name : 'Error'}: ${error.message}`;
  }
  return 'a non-Error value';
}

// Each run starts with `await tick`, so nothing is sent, and no hook called, before the client's
// method has returned its Promise: the order callers saw when the runs were Rust futures, which
// start in a microtask. It also keeps wasm from being re-entered from a hook inside a method.
const tick = undefined;

// What an Operation's steps return (src/binding/mod.rs): a number ≥ 1 is a page whose next page
// is that number.
const SEND = 0;
const DATA = -1;
const NOTHING = -2;
const LAST_PAGE = -3;
const SLEEP = -4;
const JSON_VALUE = -5;
const BODY = -6;
const TEXT = -7;

/** The `data` of a checked body. */
function parseData(text) {
  return JSON.parse(text).data;
}

/**
 * The page object of a checked list body: `{ data, pagination, next?, hasNextPage, nextPage }`,
 * or for Stitch `{ data, page, total, links, hasNextPage, nextPage }`.
 */
function parsePage(t, text, nextPage) {
  const body = JSON.parse(text);
  let out;
  if (t.stitch) {
    out = { data: body.data, page: body.page ?? null, total: body.total ?? null, links: body.links ?? {} };
  } else {
    out = { data: body.data, pagination: body.pagination === undefined ? null : body.pagination };
    if (typeof body.next === 'string') out.next = body.next;
  }
  out.hasNextPage = nextPage !== null;
  out.nextPage = nextPage;
  return out;
}

/**
 * Runs an Operation to its value or typed error: the wasm machine says at each step whether to
 * send a request, sleep or stop, and how to make the value of the last answer's text. `live`
 * holds the caller's `signal` and `onProgress`, which gets each step's report, even a step
 * that ends the call with an error.
 */
export async function drive(t, op, { signal, onProgress }) {
  const report = () => {
    const json = op.progress();
    if (json !== undefined) notify(onProgress, JSON.parse(json));
  };
  const reported = onProgress
    ? (run) => {
        try {
          return run();
        } finally {
          report();
        }
      }
    : (run) => run();
  try {
    await tick;
    let text = '';
    let next = reported(() => op.start(Date.now()));
    for (;;) {
      if (next === SEND) {
        const answer = await send(t, op, signal);
        if (answer === null) {
          try {
            next = reported(() => op.failed(Date.now()));
          } catch (error) {
            throw withCause(error, op);
          }
        } else {
          ({ text } = answer);
          next = reported(() => op.answered(answer.contentType, answer.written, Date.now()));
        }
      } else if (next === SLEEP) {
        if (!(await sleep(op.delay, signal, t))) throw op.aborted();
        next = reported(() => op.woke(Date.now()));
      } else if (next === DATA) {
        return parseData(text);
      } else if (next === NOTHING) {
        return undefined;
      } else if (next === JSON_VALUE) {
        return JSON.parse(op.json());
      } else if (next === BODY) {
        return JSON.parse(text);
      } else if (next === TEXT) {
        return text;
      } else {
        return parsePage(t, text, next === LAST_PAGE ? null : next);
      }
    }
  } catch (error) {
    throw settled(t, error, signal);
  } finally {
    op.free();
  }
}

/**
 * The state of one listing in JS: the wasm Listing (the paginator), the page requests in flight,
 * the AbortController they share (linked to the caller's signal), the parsed pages whose items
 * are not all released yet, by answer number, and the caller's `onProgress`, told after each
 * answer how far the listing is.
 */
function listingState(t, listing, { signal, onProgress }) {
  const controller = linkedController(signal);
  // free() ends the listing too.
  const unlinkCaller = controller.unlink;
  const unfree = untilFreed(t, () => controller.abort());
  controller.unlink = () => {
    unlinkCaller();
    unfree();
  };
  // Each page request has its own controller, all aborted by this one listener: the shared
  // signal carries one listener, not one per request in flight (Node warns past ten).
  const requests = new Set();
  controller.signal.addEventListener('abort', () => {
    for (const request of requests) request.abort();
  }, { once: true });
  return { t, listing, onProgress, controller, requests, inFlight: new Map(), pages: new Map(), slot: 0 };
}

/** Ends a listing's requests: those in flight are cancelled and let go, kept pages dropped. */
function drop(state) {
  state.controller.abort();
  state.controller.unlink();
  for (const pending of state.inFlight.values()) pending.then(({ ex }) => ex.free());
  state.inFlight.clear();
  state.pages.clear();
}

/** The released items the wasm names by (answer, index) pairs; pages before the last are done. */
function released(state, ready) {
  const items = [];
  for (let i = 0; i < ready.length; i += 2) items.push(state.pages.get(ready[i])[ready[i + 1]]);
  const last = ready[ready.length - 2];
  for (const answer of state.pages.keys()) if (answer < last) state.pages.delete(answer);
  return items;
}

/**
 * The next items in order, or null once the listing is complete. Pages are requested as the
 * paginator asks, and their answers handed back one at a time, in the order they come.
 */
async function nextBatch(state) {
  const { listing } = state;
  for (;;) {
    // Aborted (the caller's signal): no item more, even one already here.
    const ready = state.controller.signal.aborted ? [] : listing.ready();
    if (ready.length > 0) {
      const items = released(state, ready);
      // The next pages load while these items are used.
      ask(state);
      return items;
    }
    let finished;
    try {
      finished = listing.state(state.controller.signal.aborted);
    } catch (error) {
      drop(state);
      throw withCause(error, state);
    }
    if (finished) {
      drop(state);
      return null;
    }
    ask(state);
    if (state.inFlight.size === 0) throw listing.stalled();
    const { slot, page, ex, answer } = await Promise.race(state.inFlight.values());
    // Stopped while waiting: the answers in flight were let go already.
    if (!state.inFlight.delete(slot)) continue;
    try {
      let report = true;
      if (answer === null) {
        // The listing fails with the earliest page that failed, once the pages before it are
        // in (the wasm decides; `state` throws it), with that page's cause; a page cancelled
        // (return(), an abort) is not reported.
        if (!(state.failedPage <= page)) {
          state.cause = ex.cause;
          state.failedPage = page;
        }
        report = listing.failed(page, ex);
      } else {
        ex.answered(answer.contentType, answer.written);
        if (listing.answer(page, slot, ex, Date.now())) state.pages.set(slot, parseData(answer.text));
      }
      if (report && state.onProgress) notify(state.onProgress, JSON.parse(listing.progress()));
    } finally {
      ex.free();
    }
  }
}

/** Sends the page requests the wasm asks for now, each with its own controller. */
function ask(state) {
  const { listing } = state;
  for (const page of listing.pages()) {
    const ex = listing.exchange(page);
    // Answer numbers follow the order of exchange(), as the wasm counts them.
    const slot = state.slot++;
    const request = new AbortController();
    if (state.controller.signal.aborted) request.abort();
    state.requests.add(request);
    const sent = send(state.t, ex, request.signal);
    state.inFlight.set(slot, sent.then((answer) => {
      state.requests.delete(request);
      return { slot, page, ex, answer };
    }));
  }
}

/** Resolves to every item of a Listing, as one array. */
export async function listAll(t, listing, live) {
  const state = listingState(t, listing, live);
  const all = [];
  try {
    await tick;
    for (;;) {
      const items = await nextBatch(state);
      if (items === null) return all;
      for (const item of items) all.push(item);
    }
  } catch (error) {
    throw settled(t, error, live.signal);
  } finally {
    drop(state);
    listing.free();
  }
}

function result(value) {
  return { done: value === undefined, value };
}

/**
 * An async iterator over a Listing, for `for await`: `next()` one item at a time, `return()`
 * (`break`) cancels the page requests in flight and requests nothing more. Calls of `next()`
 * made before the last one settled wait their turn, as an async generator's do. A `next()`
 * still waiting for a page when `return()` is called resolves `{ done: true, value: undefined }`,
 * as a `next()` queued after an async generator's `return()` does: the caller ended the
 * iteration, so the page it cancelled is no error (a failure that came before still rejects).
 */
// An iterator dropped unfinished (never done, never return()ed) takes its listener off the
// caller's signal once it is collected: a signal reused for many listings collects none.
const dropped = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((controller) => {
    controller.abort();
    controller.unlink();
  })
  : undefined;

export function iterate(t, listing, live) {
  const state = listingState(t, listing, live);
  // The listing while no pull is waiting on it; null once it ended or while in use, so return()
  // never waits on it.
  let current = listing;
  let buffer = [];
  let at = 0;
  // The last next() asked for, settled or not: the next one starts after it.
  let queue = Promise.resolve();
  // Set by return(): a pull it cut short ends the iteration instead of rejecting.
  let returned = false;
  // The iterator while a pull runs: a pending next() keeps it alive, as a generator's does, so
  // that the registry below never ends a listing someone still waits on.
  let holding = null;
  const end = () => {
    dropped?.unregister(state);
    drop(state);
    listing.free();
  };
  const pull = async () => {
    holding = iterator;
    try {
      return await pulled();
    } finally {
      holding = null;
    }
  };
  const pulled = async () => {
    await tick;
    for (;;) {
      // The caller's signal aborted, or the client was freed (either aborts the listing's
      // controller): the items still here are not handed out either.
      if (state.controller.signal.aborted) buffer = [];
      if (at < buffer.length) {
        const value = buffer[at];
        buffer[at] = undefined;
        at += 1;
        return { done: false, value };
      }
      const taken = current;
      current = null;
      if (taken === null) return result(undefined);
      let items;
      try {
        items = await nextBatch(state);
      } catch (error) {
        end();
        // An abort that is return()'s, not the caller's signal's ("aborted by its AbortSignal"
        // would be false): the caller asked for no more items.
        if (returned && error.code === 'aborted' && !live.signal?.aborted) return result(undefined);
        throw settled(state.t, error, live.signal);
      }
      // Ended while this page came (return() from a hook or onProgress): no item more.
      if (items === null || returned) {
        end();
        return result(undefined);
      }
      buffer = items;
      at = 0;
      current = taken;
    }
  };
  const iterator = {
    next() {
      const turn = queue.then(pull);
      queue = turn.catch(() => {});
      return turn;
    },
    return(value) {
      returned = true;
      state.controller.abort();
      if (current !== null) {
        current.stop();
        current = null;
        end();
      }
      buffer = [];
      at = 0;
      return Promise.resolve({ done: true, value });
    },
    // As a generator's: the iteration ends, and the error is thrown back (`yield*` relies on it).
    throw(error) {
      iterator.return();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  // The controller, not the state: what the registry holds must not keep the iterator alive.
  dropped?.register(iterator, state.controller, state);
  return iterator;
}
