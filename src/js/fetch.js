// One fetch attempt with a timeout and the caller's AbortSignal, and an abortable sleep for the
// backoff between attempts. Kept in JS because both are timers and event listeners; the retry
// decisions stay in Rust (src/core/retry.rs).

/**
 * Sends `request` with `fetchFn`, reads the whole body, and reports what happened as a plain
 * object: `{ kind: 'answered', status, contentType, retryAfter, body }` or
 * `{ kind: 'timeout' | 'aborted' | 'network', detail }`. A timeout or an abort cancels the
 * underlying fetch; a fetch that ignores its signal is no longer waited for.
 */
export async function fetchAttempt(fetchFn, thisArg, request, timeoutMs, signal) {
  if (signal?.aborted) return { kind: 'aborted' };
  const controller = new AbortController();
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
      const response = await fetchFn.call(thisArg, new Request(request, { signal: controller.signal }));
      const body = new Uint8Array(await response.arrayBuffer());
      return {
        kind: 'answered',
        status: response.status,
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
        body,
      };
    } catch (error) {
      if (ended) return { kind: ended };
      const name = error && typeof error === 'object' && 'name' in error ? error.name : 'Error';
      const message = error && typeof error === 'object' && 'message' in error ? error.message : String(error);
      return { kind: 'network', detail: `${name}: ${message}` };
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

/** Makes a `{ next, return }` iterator usable with `for await`. */
export function asyncIterable(iterator) {
  iterator[Symbol.asyncIterator] = function asyncIterator() { return this; };
  return iterator;
}
