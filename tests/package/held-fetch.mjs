// A `fetch` option for tests of calls in flight, shared by signals.test.mjs and
// timeouts.test.mjs: each answer waits until `release()`, and a request whose signal aborts
// rejects with the signal's reason, as a real fetch does.

/**
 * `{ fetch, release, waiting }`: `fetch(request)` answers 200 with `bodyOf(url)` (a URL object)
 * once `release()` is called; `waiting` holds the answers not yet given.
 */
export function heldFetch(bodyOf) {
  const waiting = new Set();
  const fetch = (request) => new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const answer = () => {
      waiting.delete(answer);
      resolve(new Response(bodyOf(url), { status: 200, headers: { 'content-type': 'application/json' } }));
    };
    waiting.add(answer);
    request.signal.addEventListener('abort', () => {
      waiting.delete(answer);
      reject(request.signal.reason);
    }, { once: true });
  });
  return { fetch, release: () => { for (const answer of [...waiting]) answer(); }, waiting };
}
