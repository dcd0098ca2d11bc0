// Replications started from the page and followed live in their source's row: the job's phase
// (discovery, then tap, then target) and how long it has run, then how it ended, with its
// extraction's exit statuses. startReplicationAndWait starts the job and follows the account's
// extractions until the job's own has ended; a job already running is Stitch's
// `already_running` error, shown with its type. Stop the job asks Stitch to stop it
// (stopReplication); the wait then sees it end as failed.
import { StitchJobError } from '/pkg/index.js';
import { dateFormat, seconds } from './dom.js';
import { describeStitch, failedPhase } from './stitch-error-messages.js';
import { findStitchRow, paintJob, stitchName } from './stitch-sources.js';
import { state } from './state.js';

/**
 * The wait's schedule: the first check soon, then half as long again each time, up to every 4 s.
 * Stitch allows 30 reads of extractions per 10 minutes; the client's pacer holds back a read that
 * would be the 31st rather than have it refused.
 */
const WAIT = { intervalMs: 500, maxIntervalMs: 4000, timeoutMs: 30 * 60_000 };
const PHASES = ['discovery', 'tap', 'target'];
const WORDS = {
  waiting: 'Job started; waiting for Stitch to list it…',
  started: 'Job started…',
  discovery: 'Discovery: finding the streams…',
  tap: 'Extraction (tap): reading the source…',
  target: 'Loading (target): writing to the destination…',
};

/** Source id → the AbortController of the wait this page runs for it. */
const waits = new Map();

function setJob(id, job) {
  state.stitch.jobs.set(id, job);
  const row = findStitchRow(id);
  if (row) paintJob(row, job);
}

/** Each phase's state while the job is in `current`, or after it failed in `failed`. */
function phasesAt(current, failed = null) {
  const at = PHASES.indexOf(failed ?? current);
  return Object.fromEntries(PHASES.map((phase, i) => {
    if (at < 0) return [phase, current === 'succeeded' ? 'done' : 'pending'];
    if (i < at) return [phase, 'done'];
    if (i > at) return [phase, 'pending'];
    return [phase, failed ? 'failed' : 'current'];
  }));
}

const when = (iso) => {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? dateFormat.format(date) : '—';
};

/** The extraction's facts for the row's result list. */
function resultOf(extraction, elapsedMs) {
  const exits = PHASES.map((phase) => `${phase} ${extraction[`${phase}_exit_status`] ?? '—'}`).join(', ');
  return {
    Job: extraction.job_name ?? '—',
    Started: when(extraction.start_time),
    Completed: when(extraction.completion_time),
    'Exit statuses': exits,
    Elapsed: seconds(elapsedMs),
  };
}

export async function startReplication(source) {
  const id = source.id;
  if (waits.has(id)) return;
  const name = stitchName(source);
  const controller = new AbortController();
  waits.set(id, controller);
  const startedAt = Date.now();
  // Stop the job changes the entry too (`stopping`), so each update starts from the entry.
  const current = () => state.stitch.jobs.get(id) ?? {};
  const update = (changes) => {
    if (!controller.forgotten) setJob(id, { ...current(), ...changes, elapsedMs: Date.now() - startedAt });
  };
  setJob(id, { busy: true, stoppable: false, tone: 'busy', text: 'Starting a replication…', elapsedMs: 0 });
  const ticker = setInterval(() => update({}), 1000); // the elapsed time, between checks
  try {
    const extraction = await state.stitch.client.startReplicationAndWait(id, {
      ...WAIT,
      signal: controller.signal,
      onProgress: ({ status }) => {
        if (controller.signal.aborted || !(status in WORDS)) return;
        // Once a job runs, Stop the job can stop it, unless a stop was asked for already.
        const stopping = current().stopping;
        update({ phase: status, phases: phasesAt(status), ...(stopping ? {} : { text: WORDS[status], stoppable: true }) });
      },
    });
    const elapsedMs = Date.now() - startedAt;
    update({
      busy: false, stoppable: false, tone: 'ok', phase: 'succeeded', phases: phasesAt('succeeded'),
      text: `Replication succeeded in ${seconds(elapsedMs)}.`, result: resultOf(extraction, elapsedMs),
    });
  } catch (error) {
    if (controller.forgotten) return;
    const elapsedMs = Date.now() - startedAt;
    if (error instanceof StitchJobError) {
      const { stopping } = current();
      const failed = failedPhase(error.extraction);
      const where = failed ? ` in the ${failed.phase} phase (exit status ${failed.status})` : '';
      const why = failed?.description ? `: ${failed.description}` : '.';
      update({
        busy: false, stoppable: false, stopping: false, tone: stopping ? 'muted' : 'failed', phase: 'failed',
        phases: phasesAt(null, failed?.phase), text: `${stopping ? 'Job stopped' : 'Replication failed'}${where}${why}`,
        result: error.extraction ? resultOf(error.extraction, elapsedMs) : undefined,
      });
    } else {
      const said = describeStitch(error, `start a replication of “${name}”`);
      update({
        busy: false, stoppable: false, stopping: false, tone: 'failed', phase: undefined, phases: undefined,
        text: said.title, errorType: said.type,
      });
    }
  } finally {
    clearInterval(ticker);
    if (waits.get(id) === controller) waits.delete(id);
  }
}

/** Asks Stitch to stop the source's running job; the wait then sees how it ended. */
export async function stopJob(source) {
  const id = source.id;
  const job = state.stitch.jobs.get(id);
  if (!job?.stoppable) return;
  setJob(id, { ...job, stoppable: false, stopping: true, text: 'Stopping the job…' });
  try {
    await state.stitch.client.stopReplication(id);
  } catch (error) {
    const now = state.stitch.jobs.get(id);
    setJob(id, { ...now, stoppable: now.busy, stopping: false, text: describeStitch(error, 'stop the job').title });
  }
}

/** Stops every wait without a word: the page now talks to another server. */
export function forgetReplications() {
  for (const controller of waits.values()) {
    controller.forgotten = true;
    controller.abort();
  }
  waits.clear();
  state.stitch.jobs.clear();
  state.stitch.notes.clear();
}
