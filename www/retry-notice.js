// What a list says while the client waits to try its request again. The client retries a GET
// answered 429, 502, 503 or 504 by itself, after as long as the answer's Retry-After asks (up
// to its maxDelayMs); meanwhile the list would only say "Loading…". Its hooks receive no
// headers, so the page's clients are given a fetch (noticeFetch) that passes every request on
// unchanged and reads one header of the answer, Retry-After, for the list that is waiting.
import { waitWords } from './dom.js';

/** The lists waiting now: `{ url, service, show(words) }`, `url` the list's address without its query. */
const watchers = new Set();

/** A Retry-After value (seconds, or an HTTP date) in milliseconds; undefined when absent or unreadable. */
function retryAfterMs(value) {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Why the client waits, and for how long, in words. */
function busyWords(status, waitMs, service) {
  const when = `trying again ${waitWords(waitMs)}.`;
  if (status === 429) return `${service} is limiting requests (HTTP 429); ${when}`;
  if (status === 503) return `The server is busy (HTTP 503); ${when}`;
  return `The server or a gateway in front of it failed (HTTP ${status}); ${when}`;
}

const watching = (request) => {
  const url = request.url.split('?')[0];
  return [...watchers].filter((watcher) => watcher.url === url);
};

/** The page's clients' `fetch`: the global fetch, telling the waiting lists of each try and each busy answer. */
export async function noticeFetch(request) {
  for (const watcher of watching(request)) watcher.sent();
  const response = await fetch(request);
  if ([429, 502, 503, 504].includes(response.status)) {
    const waitMs = retryAfterMs(response.headers.get('retry-after'));
    for (const watcher of watching(request)) watcher.show(busyWords(response.status, waitMs, watcher.service));
  }
  return response;
}

/**
 * While a list of `service` ('Census', 'Stitch') loads from `url` (relative to this page, no
 * query), `show(words)` is told why its request waits ("The server is busy (HTTP 503); trying
 * again in 7 s.") and each try after the first ("(try 2)"). Returns the function that stops it.
 */
export function watchRetries(url, service, show) {
  let tries = 0;
  const watcher = {
    url: new URL(url, location.href).href,
    service,
    show,
    sent() {
      tries += 1;
      if (tries > 1) show(`(try ${tries})`);
    },
  };
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}
