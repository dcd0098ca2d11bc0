// Table refreshes with live progress in the source's row. The refresh key and the time it started
// are kept in sessionStorage while a refresh runs, so after a page reload the wait resumes with
// waitForRefresh (its elapsed time going on from the start) instead of starting another refresh.
// A status check that fails is tried again (follow.js); a follow that still ends with an error
// keeps the key, and the row offers "Resume following", as does one that outlasts the page's two
// minutes (the refresh was still running at the last check). Until the refresh is known to have
// ended, Refresh tables stays off: a second refresh would run beside the first. A connect to another server or with
// another token (maybe another workspace) cancels the follows and forgets the keys (forgetRefreshes).
import { CensusNotFoundError } from '/pkg/index.js';
import { seconds, setUnavailable } from './dom.js';
import { describe, isAbort } from './error-messages.js';
import { followThrough, hiccup, isTransient, limitWords, stillDoing, StoppedWaiting } from './follow.js';
import { findRow, paintRowStatus } from './sources-table.js';
import { state } from './state.js';

/** Refreshes still running, `{ baseUrl, jobs: { [sourceId]: { key, startedAt } } }`, resumed after a reload. */
const REFRESHES_KEY = 'census-demo.refreshes';
/** The wait's schedule: checks every 0.4 s at first, then up to every 2 s; two minutes in all. */
const WAIT = { intervalMs: 400, maxIntervalMs: 2000 };
const TIMEOUT_MS = 120_000;

/** Source id → the AbortController of the follow this page runs for its refresh. */
const follows = new Map();

function setRowStatus(id, status) {
  state.refreshes.set(id, status);
  const row = findRow(id);
  if (!row) return; // on another page now; the status shows when the row does
  // Updated in place: a live region announces changes to an element it already knows.
  paintRowStatus(row.querySelector('.row-status'), status);
  const refresh = row.querySelector('[data-action=refresh]');
  // Off while the refresh runs, or may still run (its follow ended before it did).
  setUnavailable(refresh, Boolean(status.busy || status.resumable));
  const resume = row.querySelector('[data-action=resume]');
  if (!status.resumable && document.activeElement === resume) refresh.focus();
  resume.hidden = !status.resumable;
}

/** The refreshes this tab started and has not seen end, for the current server. */
function runningRefreshes() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(REFRESHES_KEY) ?? 'null');
    if (saved?.baseUrl !== state.baseUrl) return {};
    // A page before this one kept the key alone, without the time it started.
    return Object.fromEntries(Object.entries(saved.jobs ?? {})
      .map(([id, job]) => [id, typeof job === 'string' ? { key: job } : job]));
  } catch {
    return {};
  }
}

function keepRefresh(baseUrl, id, job) {
  if (baseUrl !== state.baseUrl) return; // another server now, with its own refreshes
  const jobs = { ...runningRefreshes() };
  if (job === undefined) delete jobs[id];
  else jobs[id] = job;
  sessionStorage.setItem(REFRESHES_KEY, JSON.stringify({ baseUrl, jobs }));
}

/** Starts a refresh of `source` with `client`, the client that listed its row. */
export async function refreshTables(source, client) {
  const id = source.id;
  if (client !== state.client || follows.has(id) || state.refreshes.get(id)?.resumable) return;
  setRowStatus(id, { busy: true, text: 'Starting the refresh…', tone: 'busy' });
  await followRefresh(id, client, { startedAt: Date.now() }, (options) => client.refreshTablesAndWait(id, options));
}

/** "Resume following": waits again for a refresh whose follow ended with an error. */
export async function resumeRefresh(source, client) {
  const id = source.id;
  const job = runningRefreshes()[id];
  if (client !== state.client || follows.has(id) || !job?.key) return;
  setRowStatus(id, { busy: true, text: 'Checking on the refresh again…', tone: 'busy' });
  await followRefresh(id, client, job, null);
}

/**
 * Waits for a refresh with live progress in its row: `start` starts it, or (null) the wait goes
 * on with the kept `job.key`. The key is kept until the refresh is known to have ended, so a
 * reload or "Resume following" can go on waiting.
 */
async function followRefresh(id, client, job, start) {
  const baseUrl = state.baseUrl;
  const controller = new AbortController();
  follows.set(id, controller);
  let key = job.key;
  const startedAt = Number(job.startedAt) || Date.now();
  let checks = 0;
  const elapsed = () => seconds(Date.now() - startedAt);
  const onProgress = (checked) => ({ state: status, attempts, refresh_key: reported }) => {
    if (controller.signal.aborted || status !== 'processing') return;
    if (reported && reported !== key) {
      key = reported;
      keepRefresh(baseUrl, id, { key, startedAt });
    }
    if (attempts > 0) {
      checks += 1;
      checked();
    }
    // The words change with the state alone; the time and checks, every check, show beside them.
    const [text, progress] = checks === 0 ? ['Refresh queued…', null] : ['Refreshing tables…', `${elapsed()} (check ${checks})`];
    setRowStatus(id, { busy: true, text, progress, tone: 'busy' });
  };
  const waitForKey = (options, checked) => client.waitForRefresh(id, key, { ...WAIT, ...options, onProgress: onProgress(checked) });
  try {
    await followThrough(start ? (options, checked) => start({ ...WAIT, ...options, onProgress: onProgress(checked) }) : waitForKey, {
      again: () => (key ? waitForKey : null), // a refresh whose start failed has nothing to wait for
      timeoutMs: TIMEOUT_MS,
      signal: controller.signal,
      onRetry: (error, ms) => setRowStatus(id, {
        busy: true, tone: 'busy', text: `Refreshing tables… ${hiccup(error)}, checking again in ${seconds(ms)}…`, progress: `${elapsed()} so far`,
      }),
    });
    keepRefresh(baseUrl, id, undefined);
    setRowStatus(id, { busy: false, text: `Tables refreshed in ${elapsed()}.`, tone: 'ok' });
  } catch (error) {
    if (controller.forgotten || (isAbort(error) && controller.signal.aborted)) return;
    // Only a refresh with a key can be waited for again, and not one the server no longer knows.
    const resumable = Boolean(key) && !(error instanceof CensusNotFoundError);
    if (!resumable) keepRefresh(baseUrl, id, undefined);
    // A start that got no answer before the page's time ran out: the start's own error.
    let text = describe(error instanceof StoppedWaiting ? error.cause : error, 'refresh the tables').title;
    if (resumable && error instanceof StoppedWaiting) {
      text = `The page stopped waiting after ${limitWords(error.afterMs)}; ${stillDoing(error, 'the refresh')}. `
        + 'Resume following checks on it again; a new refresh can start once it has ended.';
    } else if (resumable) {
      const why = isTransient(error) ? `Could not follow the refresh: its status checks kept failing (${hiccup(error)}).`
        : describe(error, 'follow the refresh').title;
      text = `${why} It may still be running; Resume following checks on it again.`;
    }
    setRowStatus(id, { busy: false, tone: 'failed', resumable, text });
  } finally {
    if (follows.get(id) === controller) follows.delete(id);
  }
}

/** After a reload: goes on waiting for the refreshes this tab had started, without starting new ones. */
export function resumeRefreshes() {
  for (const [id, job] of Object.entries(runningRefreshes())) {
    if (follows.has(Number(id)) || !job?.key) continue;
    setRowStatus(Number(id), { busy: true, text: 'Refreshing tables… (resumed after the reload)', tone: 'busy' });
    followRefresh(Number(id), state.client, job, null);
  }
}

/**
 * Stops every follow without a word, and forgets the refreshes kept for a reload: the page now
 * talks to another server, or with another token (maybe another workspace).
 */
export function forgetRefreshes() {
  sessionStorage.removeItem(REFRESHES_KEY);
  for (const controller of follows.values()) {
    controller.forgotten = true;
    controller.abort();
  }
  follows.clear();
  state.refreshes.clear();
}
