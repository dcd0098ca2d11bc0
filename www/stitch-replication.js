// Replications started from the page and followed live in their source's row: the job's phase
// (discovery, then tap, then target) and how long it has run, then how it ended, with its
// extraction's exit statuses. startReplicationAndWait starts the job and follows the account's
// extractions until the job's own has ended; a job already running is Stitch's
// `already_running` error, shown with its type. Stop the job asks Stitch to stop it
// (stopReplication); the wait then sees it end as failed. The job's name is kept in
// sessionStorage from its first progress report until the wait ends, so after a page reload the
// wait resumes with waitForReplication instead of starting another job (which Stitch would refuse
// as already_running). A start or a stop uses the client that listed the row, and only while the
// page still uses it; a wait goes on with the client it started with. A connect to another server
// or with another token (another account) cancels the waits and forgets the jobs
// (forgetReplications), as a connect to another Census server or token does its runs; a connect
// to the same account lets them go on in the new rows. A wait that outlasts the page's half hour
// (the job was still running at the last check) keeps the job, and the row offers "Resume
// following"; Start replication stays off until the job is known to have ended.
import { StitchJobError } from '/pkg/index.js';
import { dateFormat, seconds } from './dom.js';
import { limitWords, stillDoing, stillRunning, StoppedWaiting } from './follow.js';
import { describeStitch, failedPhase, failureWords } from './stitch-error-messages.js';
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

/** Jobs still being waited for, `{ baseUrl, jobs: { [sourceId]: { jobName, startedAt } } }`, resumed after a reload. */
const JOBS_KEY = 'census-demo.stitchJobs';

/** Source id → the AbortController of the wait this page runs for it. */
const waits = new Map();

function keptJobs() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(JOBS_KEY) ?? 'null');
    return saved?.baseUrl === state.stitch.baseUrl ? saved.jobs : {};
  } catch {
    return {};
  }
}

/** Keeps a job for a reload (never the token), or with `entry` undefined forgets it. */
function keepJob(id, entry) {
  const jobs = { ...keptJobs() };
  if (entry === undefined) delete jobs[id];
  else jobs[id] = entry;
  if (Object.keys(jobs).length === 0) sessionStorage.removeItem(JOBS_KEY);
  else sessionStorage.setItem(JOBS_KEY, JSON.stringify({ baseUrl: state.stitch.baseUrl, jobs }));
}

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

/** Starts a replication of `source` with `client`, the client that listed its row, and follows it. */
export function startReplication(source, client) {
  if (client !== state.stitch.client || waits.has(source.id) || state.stitch.jobs.get(source.id)?.resumable) return;
  follow(source.id, client, Date.now(), null);
}

/** "Resume following": waits again for the job whose wait the page gave up on. */
export function resumeReplication(source, client) {
  const kept = keptJobs()[source.id];
  if (client !== state.stitch.client || waits.has(source.id) || typeof kept?.jobName !== 'string' || !kept.jobName) return;
  follow(source.id, client, Number(kept.startedAt) || Date.now(), kept.jobName, 'resumed');
}

/** A status Stitch's wait reports, in the words of "the job was still …". */
const stateWords = (status) => (PHASES.includes(status) ? `in its ${status} phase` : status);

/**
 * Follows a source's job with `client` and live progress in its row: a new one, or with
 * `resumedJob` the job of that name started before a reload (or, `how` 'resumed', whose wait the
 * page gave up on). The job stays kept until the wait ends, and after, while it may still run.
 */
async function follow(id, client, startedAt, resumedJob, how = 'reloaded') {
  const controller = new AbortController();
  waits.set(id, controller);
  // Stop the job changes the entry too (`stopping`), so each update starts from the entry.
  const current = () => state.stitch.jobs.get(id) ?? {};
  const update = (changes) => {
    if (!controller.forgotten) setJob(id, { ...current(), ...changes, elapsedMs: Date.now() - startedAt });
  };
  setJob(id, {
    busy: true, stoppable: false, tone: 'busy', elapsedMs: Date.now() - startedAt,
    text: !resumedJob ? 'Starting a replication…'
      : how === 'resumed' ? `Job ${resumedJob}: checking on it again…` : `Job ${resumedJob}: checking on it after the reload…`,
  });
  const ticker = setInterval(() => update({}), 1000); // the elapsed time, between checks
  let kept = Boolean(resumedJob);
  /** Whether the job may still run once the wait has ended: then it stays kept, for Resume following. */
  let mayRun = false;
  const options = {
    ...WAIT,
    signal: controller.signal,
    onProgress: ({ status, job_name: jobName }) => {
      if (controller.signal.aborted) return;
      // The first report ('started') names the job: from then on a reload can resume it.
      if (!kept && jobName) {
        kept = true;
        keepJob(id, { jobName, startedAt });
      }
      if (!(status in WORDS)) return;
      // Once a job runs, Stop the job can stop it, unless a stop was asked for already. A resumed
      // job stays "checking on it" until the extraction shows it in a phase.
      const words = resumedJob && !PHASES.includes(status) ? {} : { text: WORDS[status] };
      const stopping = current().stopping;
      update({ phase: status, phases: phasesAt(status), ...(stopping ? {} : { ...words, stoppable: true }) });
    },
  };
  try {
    const extraction = await (resumedJob
      ? client.waitForReplication(id, resumedJob, options)
      : client.startReplicationAndWait(id, options));
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
      update({
        busy: false, stoppable: false, stopping: false, tone: stopping ? 'muted' : 'failed', phase: 'failed',
        phases: phasesAt(null, failed?.phase), text: `${stopping ? 'Job stopped' : 'Replication failed'}${failureWords(error.extraction)}`,
        result: error.extraction ? resultOf(error.extraction, elapsedMs) : undefined,
      });
    } else if (kept && stillRunning(error)) {
      // The wait's own time ran out (the page's half hour) while the job was still running.
      mayRun = true;
      const stopped = new StoppedWaiting(WAIT.timeoutMs, error);
      update({
        busy: false, stoppable: false, stopping: false, resumable: true, tone: 'failed',
        text: `The page stopped waiting after ${limitWords(stopped.afterMs)}; ${stillDoing(stopped, 'the job', stateWords)}. `
          + 'It goes on in Stitch; Resume following checks on it again.',
      });
    } else {
      // After a reload the sources may not be listed yet: the name is looked up now.
      const name = stitchName(state.stitch.sources.get(id) ?? { id });
      const said = describeStitch(error, resumedJob ? `follow job ${resumedJob} of “${name}”` : `start a replication of “${name}”`);
      update({
        busy: false, stoppable: false, stopping: false, tone: 'failed', phase: undefined, phases: undefined,
        text: said.title, errorType: said.type,
      });
    }
  } finally {
    clearInterval(ticker);
    if (waits.get(id) === controller) waits.delete(id);
    if (!controller.forgotten && !mayRun) keepJob(id, undefined);
  }
}

/** After a reload: goes on waiting for the jobs this tab had started, without starting new ones. */
export function resumeReplications() {
  for (const [key, kept] of Object.entries(keptJobs())) {
    const id = Number(key);
    if (!waits.has(id) && Number.isSafeInteger(id) && typeof kept?.jobName === 'string' && kept.jobName) {
      follow(id, state.stitch.client, Number(kept.startedAt) || Date.now(), kept.jobName);
    }
  }
}

/**
 * Asks Stitch to stop the source's running job, with `client`, the client that listed its row;
 * the wait then sees how it ended.
 */
export async function stopJob(source, client) {
  const id = source.id;
  const job = state.stitch.jobs.get(id);
  if (client !== state.stitch.client || !job?.stoppable) return;
  setJob(id, { ...job, stoppable: false, stopping: true, text: 'Stopping the job…' });
  try {
    await client.stopReplication(id);
  } catch (error) {
    if (client !== state.stitch.client) return; // the rows on show are another client's now
    const now = state.stitch.jobs.get(id);
    setJob(id, { ...now, stoppable: now.busy, stopping: false, text: describeStitch(error, 'stop the job').title });
  }
}

/**
 * Stops every wait without a word, and forgets the jobs kept for a reload (all of them the waits'):
 * the page now talks to another server.
 */
export function forgetReplications() {
  if (waits.size > 0) sessionStorage.removeItem(JOBS_KEY);
  for (const controller of waits.values()) {
    controller.forgotten = true;
    controller.abort();
  }
  waits.clear();
  state.stitch.jobs.clear();
}
