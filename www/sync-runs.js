// Sync runs started from the page, followed live in their sync's row: state, record counts and
// elapsed time, until the run ends or the user stops waiting. The run's id is kept in
// sessionStorage from the moment the trigger answers until the run is known to have ended (or the
// user stops waiting), so after a page reload the wait resumes with waitForSyncRun instead of
// triggering another run.
//
// The page triggers (triggerSync) and then waits (waitForSyncRun) rather than calling
// triggerSyncAndWait: that one reports the run's id only after its first check of the run, and
// a reload before that check would lose the run.
//
// A status check that fails is tried again (follow.js); a wait that still ends with an error
// keeps the run's id, and the row offers "Resume following", as does one that outlasts the page's
// half hour (the run was still going at the last check). Until the run is known to have ended,
// Trigger stays off: the page does not start a second run beside one that may go on. Every call uses the client that
// listed the row, and only while the page still uses it. A connect to another server or with
// another token (maybe another workspace) cancels the waits and forgets the runs (forgetRuns).
import { CensusNotFoundError } from '/pkg/index.js';
import { seconds } from './dom.js';
import { describe, isAbort } from './error-messages.js';
import { followThrough, hiccup, isTransient, limitWords, stillDoing, StoppedWaiting } from './follow.js';
import { count, findSyncRow, paintRun, setLastRun, syncName } from './syncs-table.js';
import { state } from './state.js';

/** Runs still being waited for, `{ baseUrl, runs: { [syncId]: { runId, startedAt } } }`, resumed after a reload. */
const RUNS_KEY = 'census-demo.syncRuns';
/** The wait's schedule: the first check soon, then every 2 s at most; half an hour in all. */
const WAIT = { intervalMs: 500, maxIntervalMs: 2000, timeoutMs: 30 * 60_000 };

/** Sync id → the AbortController of the wait this page runs for it. */
const waits = new Map();

function keptRuns() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(RUNS_KEY) ?? 'null');
    return saved?.baseUrl === state.baseUrl ? saved.runs : {};
  } catch {
    return {};
  }
}

function keepRun(baseUrl, syncId, entry) {
  if (baseUrl !== state.baseUrl) return; // another server now, with its own runs
  const runs = { ...keptRuns() };
  if (entry === undefined) delete runs[syncId];
  else runs[syncId] = entry;
  sessionStorage.setItem(RUNS_KEY, JSON.stringify({ baseUrl, runs }));
}

function setRun(syncId, run) {
  state.runs.set(syncId, run);
  const row = findSyncRow(syncId);
  if (row) paintRun(row, run); // on another page now: it shows when the row does
}

const countsOf = (report) => ({
  processed: report.records_processed, updated: report.records_updated, failed: report.records_failed,
});

function runningText(runId, status) {
  if (status === 'queued') return `Run ${runId} queued…`;
  if (status === 'working') return `Run ${runId} working…`;
  return `Run ${runId}: ${status}…`;
}

/** The sentence a finished run ends on, and its tone. */
function endText(run, elapsedMs) {
  const id = run.id;
  switch (run.status) {
    case 'completed':
      return [`Run ${id} completed in ${seconds(elapsedMs)}: ${count(run.records_processed)} processed, `
        + `${count(run.records_updated)} updated, ${count(run.records_failed)} failed.`, 'ok'];
    case 'failed': {
      const why = [run.error_code, run.error_message].filter(Boolean).join(': ');
      return [`Run ${id} failed: ${why || 'Census gave no reason.'}`, 'failed'];
    }
    case 'skipped':
      return [`Run ${id} skipped: there was nothing to sync.`, 'muted'];
    case 'canceled':
      return [`Run ${id} was canceled.`, 'muted'];
    default:
      return [`Run ${id} ended: ${run.status}.`, 'muted'];
  }
}

/** Triggers a run of `sync` with `client`, the client that listed its row, and follows it. */
export async function triggerRun(sync, { fullSync, client }) {
  const id = sync.id;
  // A run whose follow ended before it did may still go on: Resume following, not another run.
  if (waits.has(id) || client !== state.client || state.runs.get(id)?.resumable) return;
  const baseUrl = state.baseUrl;
  const startedAt = Date.now();
  setRun(id, { busy: true, tone: 'busy', text: fullSync ? 'Starting a full sync…' : 'Starting a run…' });
  let runId;
  try {
    // A plain trigger sends no force_full_sync at all: the API's own default.
    ({ sync_run_id: runId } = await client.triggerSync(id, fullSync ? { forceFullSync: true } : {}));
  } catch (error) {
    if (client !== state.client) return;
    setRun(id, { busy: false, tone: 'failed', text: describe(error, `trigger “${syncName(sync)}”`).title });
    return;
  }
  if (client !== state.client) return; // the page talks to another server now
  // Census took the full sync: the next Trigger is a plain run unless it is ticked again. (A
  // trigger that failed keeps it, to be tried again as it was.)
  const full = findSyncRow(id)?.querySelector('[data-action=full-sync]');
  if (full) full.checked = false;
  keepRun(baseUrl, id, { runId, startedAt });
  await follow(id, client, runId, startedAt, 'started');
}

/** "Resume following": waits again for the run whose follow ended with an error. */
export function resumeRun(sync, client) {
  const kept = keptRuns()[sync.id];
  if (waits.has(sync.id) || client !== state.client || !Number.isSafeInteger(kept?.runId)) return;
  follow(sync.id, client, kept.runId, Number(kept.startedAt) || Date.now(), 'resumed');
}

/** Stops waiting for the sync's run; the run goes on in Census. */
export function stopWaiting(sync) {
  waits.get(sync.id)?.abort();
}

/**
 * Stops every wait without a word, and forgets the runs kept for a reload: the page now talks to
 * another server, or with another token (maybe another workspace, where their ids mean nothing).
 */
export function forgetRuns() {
  sessionStorage.removeItem(RUNS_KEY);
  for (const controller of waits.values()) {
    controller.forgotten = true;
    controller.abort();
  }
  state.runs.clear();
}

const FIRST_WORDS = {
  started: (runId) => `Run ${runId} queued…`,
  reloaded: (runId) => `Run ${runId}: checking on it after the reload…`,
  resumed: (runId) => `Run ${runId}: checking on it again…`,
};

/**
 * Waits for a run with live progress in its row. Its id stays kept until the run is known to
 * have ended (or the user stops waiting), so a reload or "Resume following" can go on waiting.
 */
async function follow(syncId, client, runId, startedAt, how) {
  const baseUrl = state.baseUrl;
  const controller = new AbortController();
  waits.set(syncId, controller);
  const before = state.runs.get(syncId); // a resumed run keeps the counts it showed
  let run = {
    runId, startedAt, busy: true, stoppable: true, tone: 'busy', counts: before?.runId === runId ? before.counts : null,
    elapsedMs: Date.now() - startedAt, text: FIRST_WORDS[how](runId),
  };
  const update = (changes) => {
    run = { ...run, ...changes, elapsedMs: Date.now() - startedAt };
    setRun(syncId, run);
  };
  update({});
  const ticker = setInterval(() => update({}), 1000); // the elapsed time, between checks
  const wait = (options, checked) => client.waitForSyncRun(runId, {
    ...WAIT,
    ...options,
    onProgress: (report) => {
      if (controller.signal.aborted) return;
      if (report.attempts > 0) checked();
      update({ text: runningText(runId, report.status), counts: countsOf(report) });
    },
  });
  try {
    const ended = await followThrough(wait, {
      again: () => wait,
      timeoutMs: WAIT.timeoutMs,
      signal: controller.signal,
      onRetry: (error, ms) => update({ text: `Run ${runId}: ${hiccup(error)}, checking again in ${seconds(ms)}…` }),
    });
    keepRun(baseUrl, syncId, undefined);
    const elapsedMs = Date.now() - startedAt;
    const [text, tone] = endText(ended, elapsedMs);
    update({ busy: false, stoppable: false, text, tone, counts: countsOf(ended), elapsedMs });
    setLastRun(syncId, ended);
  } catch (error) {
    if (controller.forgotten) return;
    if (isAbort(error) && controller.signal.aborted) {
      keepRun(baseUrl, syncId, undefined);
      update({ busy: false, stoppable: false, tone: 'muted',
        text: `Stopped waiting for run ${runId}. It goes on in Census; Reload shows how it ends.` });
    } else if (error instanceof CensusNotFoundError) {
      keepRun(baseUrl, syncId, undefined); // Census does not know the run: nothing to wait for
      update({ busy: false, stoppable: false, tone: 'failed', text: describe(error, `follow run ${runId}`).title });
    } else if (error instanceof StoppedWaiting) {
      update({ busy: false, stoppable: false, resumable: true, tone: 'failed',
        text: `The page stopped waiting for run ${runId} after ${limitWords(error.afterMs)}; ${stillDoing(error, 'it')}. `
          + 'The run goes on in Census; Resume following checks on it again.' });
    } else {
      // The run may well go on: its id stays kept, and the row offers to resume.
      const why = isTransient(error) ? `Could not follow run ${runId}: its status checks kept failing (${hiccup(error)}).`
        : describe(error, `follow run ${runId}`).title;
      update({ busy: false, stoppable: false, resumable: true, tone: 'failed',
        text: `${why} The run goes on in Census; Resume following checks on it again.` });
    }
  } finally {
    clearInterval(ticker);
    if (waits.get(syncId) === controller) waits.delete(syncId);
  }
}

/** After a reload: goes on waiting for the runs this tab had started, without triggering new ones. */
export function resumeRuns() {
  for (const [id, kept] of Object.entries(keptRuns())) {
    if (!waits.has(Number(id)) && Number.isSafeInteger(kept?.runId)) {
      follow(Number(id), state.client, kept.runId, Number(kept.startedAt) || Date.now(), 'reloaded');
    }
  }
}
