// Following a long job (a table refresh, a sync run) through the failures a long wait meets. The
// client already retries each status check that gets no answer, times out or meets a 429, 502,
// 503 or 504 (CHECK_RETRY gives it a few more tries than its default, enough for a server that
// restarts); a check that still fails, or meets a 500, which the client does not retry, does
// not end the follow either: after a pause the page waits again, with waitForRefresh or
// waitForSyncRun. Only a run of failures ends it, and then the row offers to resume. So does the
// page's own time for a follow running out (StoppedWaiting), which is no failure of a check: the
// job was still going at the last one.
import {
  CensusApiError, CensusNetworkError, CensusRateLimitError, CensusResponseError, CensusTimeoutError,
} from '/pkg/index.js';
import { seconds } from './dom.js';

/** The client's retries of each status check of a follow. */
export const CHECK_RETRY = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 4000 };
/** The pauses before waiting again after a failed check; once they are used up, the follow ends. */
const PAUSES_MS = [1000, 2000, 4000];
/** The longest pause, whatever a 429's Retry-After asks. */
const MAX_PAUSE_MS = 30_000;

/**
 * What a wait's own CensusTimeoutError says of the job it gave up on, `{ state, checks }` ("… was
 * still processing after 120000 ms and 57 status checks"), or null for any other error (a check
 * that got no answer in time says no such thing).
 */
export function stillRunning(error) {
  if (!(error instanceof CensusTimeoutError)) return null;
  const said = /\bwas still (.+?) after \d+ ms and (\d+) status checks?\b/.exec(error.message);
  return said ? { state: said[1], checks: Number(said[2]) } : null;
}

/**
 * The page stopped waiting for a job after `afterMs`, its own limit for a follow: not a failed
 * check. `cause` is the wait's last error; `state` and `checks` are what it says of the job
 * (null when the last check failed rather than answered).
 */
export class StoppedWaiting extends Error {
  constructor(afterMs, cause) {
    super(`the page stopped waiting after ${afterMs} ms`, { cause });
    this.name = 'StoppedWaiting';
    this.afterMs = afterMs;
    const still = stillRunning(cause);
    this.state = still?.state ?? null;
    this.checks = still?.checks ?? null;
  }
}

/** A follow's time limit in words: "2 min", "30 min". */
export function limitWords(ms) {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : seconds(ms);
}

/**
 * What the job was doing when the page stopped waiting: "the refresh was still processing after
 * 57 status checks", with `subject` and its state in `words`; "the last status check failed
 * (no answer in time)" when that check did not answer.
 */
export function stillDoing(stopped, subject, words = (state) => state) {
  if (!stopped.state) return `the last status check failed (${hiccup(stopped.cause)})`;
  const checks = stopped.checks === 1 ? '1 status check' : `${stopped.checks} status checks`;
  return `${subject} was still ${words(stopped.state)} after ${checks}`;
}

/** Whether a failure may well pass: no answer, a timeout, a 429, or a 5xx (a JSON error or a gateway's page). */
export function isTransient(error) {
  if (error instanceof CensusRateLimitError || error instanceof CensusNetworkError || error instanceof CensusTimeoutError) {
    return true;
  }
  return (error instanceof CensusApiError || error instanceof CensusResponseError) && error.status >= 500;
}

/** Resolves after `ms`, or rejects with the signal's reason (an AbortError) when it aborts first. */
function pause(ms, signal) {
  return new Promise((done, fail) => {
    if (signal.aborted) {
      fail(signal.reason);
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      fail(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      done();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Waits for a job through transient failures, and resolves to what the wait resolves to.
 * `wait(options, checked)` starts one wait with `{ timeoutMs, retry, signal }` (the time left of
 * `timeoutMs` in all); its progress callback calls `checked()` after each check that got an
 * answer. `again()` is the wait to go on with after a failure, or null when there is none (a
 * refresh whose start failed has no key to wait for). `onRetry(error, ms)` is told of each pause.
 * Rejects with the last error once the failures are not transient, or too many in a row, and with
 * a StoppedWaiting once `timeoutMs` has run out.
 */
export async function followThrough(wait, { again, timeoutMs, signal, onRetry }) {
  const deadline = Date.now() + timeoutMs;
  let failures = 0;
  const checked = () => { failures = 0; };
  let current = wait;
  for (;;) {
    const left = deadline - Date.now();
    const started = Date.now();
    try {
      return await current({ timeoutMs: Math.max(1, left), retry: CHECK_RETRY, signal }, checked);
    } catch (error) {
      if (signal.aborted || !isTransient(error)) throw error;
      // The wait's own time is up: that is its answer, not a failure to try again, and not one
      // to report as failed checks (the job was still going at the last one).
      const timedOut = error instanceof CensusTimeoutError && Date.now() - started >= left - 100;
      if (timedOut || Date.now() >= deadline) throw new StoppedWaiting(timeoutMs, error);
      const next = again();
      if (!next || failures >= PAUSES_MS.length) throw error;
      const ms = Math.min(MAX_PAUSE_MS, Math.max(PAUSES_MS[failures], error.retryAfterMs ?? 0));
      failures += 1;
      onRetry?.(error, ms);
      await pause(ms, signal);
      current = next;
    }
  }
}

/** A failed check in a few words, for the row while the page waits to check again. */
export function hiccup(error) {
  if (error instanceof CensusNetworkError) return 'no answer';
  if (error instanceof CensusTimeoutError) return 'no answer in time';
  return `HTTP ${error.status}`;
}
