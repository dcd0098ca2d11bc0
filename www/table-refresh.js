// Table refreshes with live progress in the source's row. The refresh key is kept in
// sessionStorage while a refresh runs, so after a page reload the wait resumes with
// waitForRefresh instead of starting another refresh.
import { seconds } from './dom.js';
import { describe } from './error-messages.js';
import { findRow, rowStatus } from './sources-table.js';
import { state } from './state.js';

/** Refreshes still running, `{ baseUrl, jobs: { [sourceId]: refresh_key } }`, resumed after a reload. */
const REFRESHES_KEY = 'census-demo.refreshes';

function setRowStatus(id, status) {
  state.refreshes.set(id, status);
  const row = findRow(id);
  if (!row) return; // on another page now; the status shows when the row does
  // Updated in place: a live region announces changes to an element it already knows.
  const box = row.querySelector('.row-status');
  box.className = `row-status ${status.tone}`;
  box.replaceChildren(...rowStatus(id).childNodes);
  row.querySelector('[data-action=refresh]').disabled = Boolean(status.busy);
}

/** The refreshes this tab started and has not seen end, for the current server. */
function runningRefreshes() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(REFRESHES_KEY) ?? 'null');
    return saved?.baseUrl === state.baseUrl ? saved.jobs : {};
  } catch {
    return {};
  }
}

function keepRefresh(id, key) {
  const jobs = { ...runningRefreshes() };
  if (key === undefined) delete jobs[id];
  else jobs[id] = key;
  sessionStorage.setItem(REFRESHES_KEY, JSON.stringify({ baseUrl: state.baseUrl, jobs }));
}

export async function refreshTables(source) {
  const id = source.id;
  setRowStatus(id, { busy: true, text: 'Starting the refresh…', tone: 'busy' });
  await followRefresh(id, (options) => state.client.refreshTablesAndWait(id, options));
}

/** Waits for a refresh with live progress in its row; its key is kept until it ends, so a reload resumes it. */
async function followRefresh(id, wait) {
  try {
    const done = await wait({
      intervalMs: 400,
      maxIntervalMs: 2000,
      timeoutMs: 120_000,
      onProgress: ({ state: job, attempts, elapsedMs, refresh_key: key }) => {
        if (job !== 'processing') return;
        keepRefresh(id, key);
        const text = attempts === 0 ? 'Refresh queued…' : `Refreshing tables… ${seconds(elapsedMs)} (check ${attempts})`;
        setRowStatus(id, { busy: true, text, tone: 'busy' });
      },
    });
    setRowStatus(id, { busy: false, text: `Tables refreshed in ${seconds(done.elapsedMs)}.`, tone: 'ok' });
  } catch (error) {
    setRowStatus(id, { busy: false, text: describe(error, 'refresh the tables').title, tone: 'failed' });
  } finally {
    keepRefresh(id, undefined);
  }
}

/** After a reload: goes on waiting for the refreshes this tab had started, without starting new ones. */
export function resumeRefreshes() {
  for (const [id, key] of Object.entries(runningRefreshes())) {
    setRowStatus(Number(id), { busy: true, text: 'Refreshing tables… (resumed after the reload)', tone: 'busy' });
    followRefresh(Number(id), (options) => state.client.waitForRefresh(Number(id), key, options));
  }
}
