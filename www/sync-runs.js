// Sync runs started from the page, followed live in their sync's row: state, record counts and
// elapsed time, until the run ends or the user stops waiting. The run's id is kept in
// sessionStorage from the moment the trigger answers until the wait ends, so after a page reload
// the wait resumes with waitForSyncRun instead of triggering another run.
//
// The page triggers (triggerSync) and then waits (waitForSyncRun) rather than calling
// triggerSyncAndWait: that one reports the run's id only after its first check of the run, and
// a reload before that check would lose the run.
import { seconds } from './dom.js';
import { describe, isAbort } from './error-messages.js';
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

function keepRun(syncId, entry) {
  const runs = { ...keptRuns() };
  if (entry === undefined) delete runs[syncId];
  else runs[syncId] = entry;
  sessionStorage.setItem(RUNS_KEY, JSON.stringify({ baseUrl: state.baseUrl, runs }));
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

export async function triggerRun(sync, { fullSync }) {
  const id = sync.id;
  if (waits.has(id)) return;
  const startedAt = Date.now();
  setRun(id, { busy: true, tone: 'busy', text: fullSync ? 'Starting a full sync…' : 'Starting a run…' });
  let runId;
  try {
    // A plain trigger sends no force_full_sync at all: the API's own default.
    ({ sync_run_id: runId } = await state.client.triggerSync(id, fullSync ? { forceFullSync: true } : {}));
  } catch (error) {
    setRun(id, { busy: false, tone: 'failed', text: describe(error, `trigger “${syncName(sync)}”`).title });
    return;
  }
  keepRun(id, { runId, startedAt });
  await follow(id, runId, startedAt, false);
}

/** Stops waiting for the sync's run; the run goes on in Census. */
export function stopWaiting(sync) {
  waits.get(sync.id)?.abort();
}

/** Stops every wait without a word: the page now talks to another server. */
export function forgetRuns() {
  for (const controller of waits.values()) {
    controller.forgotten = true;
    controller.abort();
  }
  state.runs.clear();
}

/** Waits for a run with live progress in its row; its id stays kept until the wait ends. */
async function follow(syncId, runId, startedAt, resumed) {
  const controller = new AbortController();
  waits.set(syncId, controller);
  let run = {
    runId, startedAt, busy: true, stoppable: true, tone: 'busy', counts: null, elapsedMs: Date.now() - startedAt,
    text: resumed ? `Run ${runId}: checking on it after the reload…` : `Run ${runId} queued…`,
  };
  const update = (changes) => {
    run = { ...run, ...changes, elapsedMs: Date.now() - startedAt };
    setRun(syncId, run);
  };
  update({});
  const ticker = setInterval(() => update({}), 1000); // the elapsed time, between checks
  try {
    const ended = await state.client.waitForSyncRun(runId, {
      ...WAIT,
      signal: controller.signal,
      onProgress: (report) => {
        if (!controller.signal.aborted) update({ text: runningText(runId, report.status), counts: countsOf(report) });
      },
    });
    const elapsedMs = Date.now() - startedAt;
    const [text, tone] = endText(ended, elapsedMs);
    update({ busy: false, stoppable: false, text, tone, counts: countsOf(ended), elapsedMs });
    setLastRun(syncId, ended);
  } catch (error) {
    if (controller.forgotten) return;
    if (isAbort(error) && controller.signal.aborted) {
      update({ busy: false, stoppable: false, tone: 'muted',
        text: `Stopped waiting for run ${runId}. It goes on in Census; Reload shows how it ends.` });
    } else {
      update({ busy: false, stoppable: false, tone: 'failed', text: describe(error, `follow run ${runId}`).title });
    }
  } finally {
    clearInterval(ticker);
    if (waits.get(syncId) === controller) waits.delete(syncId);
    if (!controller.forgotten) keepRun(syncId, undefined);
  }
}

/** After a reload: goes on waiting for the runs this tab had started, without triggering new ones. */
export function resumeRuns() {
  for (const [id, kept] of Object.entries(keptRuns())) {
    if (!waits.has(Number(id)) && Number.isSafeInteger(kept?.runId)) {
      follow(Number(id), kept.runId, Number(kept.startedAt) || Date.now(), true);
    }
  }
}
