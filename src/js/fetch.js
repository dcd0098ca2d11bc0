// One fetch attempt with a timeout and the caller's AbortSignal, and an abortable sleep for the
// backoff between attempts. Kept in JS because both are timers and event listeners; the retry
// decisions stay in Rust (src/core/retry.rs).

/**
 * Sends one request with `fetchFn`, reads the whole body, and reports what happened as a plain
 * object: `{ kind: 'answered', status, contentType, retryAfter, text }` (the body as text) or `{ kind: 'timeout' | 'aborted' | 'network' | 'invalid', detail }`. The one
 * `Request` is built here from `method`, `url`, `headers` (`[name, value]` pairs) and `body`;
 * one it cannot build is `invalid`. A timeout or an abort cancels the underlying fetch; a fetch
 * that ignores its signal is no longer waited for.
 */
export async function fetchAttempt(fetchFn, thisArg, method, url, headers, body, timeoutMs, signal) {
  if (signal?.aborted) return { kind: 'aborted' };
  const controller = new AbortController();
  let request;
  try {
    request = new Request(url, { method, headers, body, signal: controller.signal });
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
  const onAbort = () => end('aborted');
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs > 0 ? setTimeout(() => end('timeout'), timeoutMs) : undefined;
  const run = async () => {
    try {
      const response = await fetchFn.call(thisArg, request);
      // The text, as res.json() would decode it (UTF-8, a BOM dropped, bad bytes replaced):
      // one read that both the wasm check and JSON.parse work from (see deliver in runtime.js).
      const text = await response.text();
      return {
        kind: 'answered',
        status: response.status,
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
        text,
      };
    } catch (error) {
      if (ended) return { kind: ended };
      return { kind: 'network', detail: describe(error) };
    }
  };
  try {
    return await Promise.race([run(), stopped]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Waits `ms`; resolves `true` when the time is up, or `false` at once if `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An AbortController that also aborts when `signal` (the caller's, optional) aborts. */
export function linkedController(signal) {
  const controller = new AbortController();
  if (signal?.aborted) controller.abort();
  else signal?.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}

function describe(error) {
  const name = error && typeof error === 'object' && 'name' in error ? error.name : 'Error';
  const message = error && typeof error === 'object' && 'message' in error ? error.message : String(error);
  return `${name}: ${message}`;
}

// Bodies are checked in wasm first (census-scan), then turned into objects here, from the text
// fetchAttempt read, so no text crosses out of wasm.

/** The `data` of a checked body. */
export function parseData(text) {
  return JSON.parse(text).data;
}

/**
 * The page object of a checked list body: `{ data, pagination, next?, hasNextPage, nextPage }`;
 * `pagination` is null when absent, `nextPage` the page to ask for next or null.
 */
export function parsePage(text, nextPage) {
  const body = JSON.parse(text);
  const page = { data: body.data, pagination: body.pagination === undefined ? null : body.pagination };
  if (typeof body.next === 'string') page.next = body.next;
  page.hasNextPage = nextPage !== undefined;
  page.nextPage = nextPage === undefined ? null : nextPage;
  return page;
}
