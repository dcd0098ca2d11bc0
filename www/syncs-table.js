// The syncs table: one page of syncs at a time, each with where it reads and writes, its
// operation and schedule, its newest run, and the run this page follows in it. The page of syncs
// shows as soon as it arrives; the source names and newest runs are looked up after, a few at a
// time, and fill their cells as they come. Its row buttons call sync-runs.js and
// destination-object.js through setSyncRowActions, with the client that listed the row: a row
// never acts on another server than the one it came from.
import { connectionFailed, connectionWorks } from './connection-status.js';
import { $, dateFormat, el, isUnavailable, relativeTime, seconds, setUnavailable, showAlert, staleText } from './dom.js';
import { describe, isAbort } from './error-messages.js';
import { watchRetries } from './retry-notice.js';
import { state } from './state.js';

const tbody = $('syncs').tBodies[0];
/** Look-ups in flight at once for a page's rows: enough to fill them soon, few enough to leave room for clicks. */
const LOOKUPS_AT_ONCE = 4;

const number = new Intl.NumberFormat();
const OPERATIONS = {
  upsert: 'Update or create',
  update: 'Update only',
  insert: 'Create only',
  append: 'Append',
  mirror: 'Mirror',
};
const FREQUENCIES = {
  never: 'Manual only',
  continuous: 'Continuous',
  quarter_hourly: 'Every 15 minutes',
};
/** A run's status → its badge's tone. */
export const RUN_TONES = {
  completed: 'ok', failed: 'failed', skipped: 'untested', canceled: 'untested', queued: 'busy', working: 'busy',
};

export function syncName(sync) {
  return sync.label || `Sync ${sync.id}`;
}

export const capitalise = (word) => (word ? word[0].toUpperCase() + word.slice(1) : word);
export const count = (value) => (value === null || value === undefined ? '—' : number.format(value));

const pad = (n) => String(n).padStart(2, '0');

/** The legacy schedule fields (or a `mode.triggers.schedule` that uses them) in words. */
function scheduleWords(s) {
  const frequency = s.schedule_frequency ?? s.frequency;
  const day = s.schedule_day ?? s.day;
  const hour = s.schedule_hour ?? s.hour;
  const minute = s.schedule_minute ?? s.minute;
  const at = typeof hour === 'number' ? ` at ${pad(hour)}:${pad(minute ?? 0)} UTC` : '';
  switch (frequency) {
    case undefined:
    case null:
      return null;
    case 'hourly':
      return typeof minute === 'number' ? `Hourly at :${pad(minute)}` : 'Hourly';
    case 'daily':
      return `Daily${at}`;
    case 'weekly':
      return `Weekly${day !== undefined && day !== null ? ` on ${day}` : ''}${at}`;
    case 'expression':
      return s.cron_expression ? `Cron ${s.cron_expression} (UTC)` : 'Cron (UTC)';
    default:
      return FREQUENCIES[frequency] ?? String(frequency);
  }
}

/** When a sync runs, from its `mode` (today's form) or its legacy `schedule_*` fields. */
export function scheduleText(sync) {
  const mode = sync.mode;
  if (mode?.type === 'live') return 'Live';
  if (mode?.type === 'triggered') {
    const t = mode.triggers ?? {};
    const parts = [
      t.schedule ? scheduleWords(t.schedule) : null,
      t.dbt_cloud ? `After dbt Cloud job ${t.dbt_cloud.job_id ?? ''}`.trim() : null,
      t.fivetran ? `After Fivetran ${t.fivetran.job_name ?? t.fivetran.job_id ?? ''}`.trim() : null,
      t.sync_sequence ? `After sync ${t.sync_sequence.sync_id ?? ''}`.trim() : null,
    ].filter(Boolean);
    return parts.join('; ') || 'When triggered';
  }
  return scheduleWords(sync) ?? '—';
}

/** What a sync reads from its source: a table by schema and name, a model or segment by name. */
function readsWhat(dataSource) {
  if (!dataSource) return '';
  if (dataSource.table_name) return [dataSource.table_schema, dataSource.table_name].filter(Boolean).join('.');
  if (dataSource.name) return `${dataSource.type ?? 'model'} ${dataSource.name}`;
  return dataSource.type ? `${dataSource.type} ${dataSource.id ?? ''}`.trim() : '';
}

// ---- Names of sources and destinations, looked up once per connection ----

/** The destinations, listed once per connection; a failed listing leaves the ids on show. */
export function destinations() {
  state.destinationsLoading ??= state.client.listAllDestinations()
    .then((list) => {
      state.destinations = new Map(list.map((destination) => [destination.id, destination]));
      return state.destinations;
    })
    .catch(() => {
      state.destinationsLoading = null; // the next load tries again
      return state.destinations;
    });
  return state.destinationsLoading;
}

/** The source's name, looked up once (`getSource`); null until known or when it cannot be. */
function sourceLookup(id) {
  let entry = state.sourceNames.get(id);
  if (!entry) {
    entry = { name: null };
    entry.promise = state.client.getSource(id).then(
      (source) => { entry.name = source.name || source.label || `Source ${id}`; },
      () => { state.sourceNames.delete(id); }, // shown by id; the next load tries again
    );
    state.sourceNames.set(id, entry);
  }
  return entry;
}

/** Forgets what was looked up: another server, or the Reload button. */
export function forgetNames() {
  state.sourceNames.clear();
  state.destinations = new Map();
  state.destinationsLoading = null;
}

const sourceText = (id) => state.sourceNames.get(id)?.name ?? `Source ${id}`;
const destinationText = (id) => state.destinations.get(id)?.name ?? `Destination ${id}`;

// ---- Rows ----

/**
 * What the row buttons do with their sync and the client that listed it, set by app.js.
 * @type {{ trigger: (sync: object, options: { fullSync: boolean, client: object }) => void, stop: (sync: object) => void,
 *          resume: (sync: object, client: object) => void, object: (sync: object, opener: HTMLElement, client: object) => void }}
 */
const rowActions = { trigger: () => {}, stop: () => {}, resume: () => {}, object: () => {} };

export function setSyncRowActions(actions) {
  Object.assign(rowActions, actions);
}

function lastRunCell(id) {
  const cell = el('td', { class: 'last-run', dataset: { label: 'Last run' } });
  const known = state.lastRuns.get(id);
  if (!known) {
    cell.append(el('span', { class: 'muted' }, 'Loading…'));
  } else if (known.error) {
    cell.append(el('span', { class: 'muted', title: known.error }, 'Could not load'));
  } else if (!known.run) {
    cell.append(el('span', { class: 'badge untested' }, 'Never run'));
  } else {
    const run = known.run;
    cell.append(el('span', { class: `badge ${RUN_TONES[run.status] ?? 'untested'}` }, capitalise(run.status)));
    const iso = run.completed_at ?? run.updated_at ?? run.created_at;
    const when = iso ? new Date(iso) : null;
    if (when && !Number.isNaN(when.getTime())) {
      cell.append(' ', el('time', { dateTime: iso, title: dateFormat.format(when), class: 'muted' }, relativeTime(when)));
    }
    if (run.status === 'completed' && run.records_processed !== null && run.records_processed !== undefined) {
      cell.append(el('span', { class: 'run-records muted' }, `${count(run.records_processed)} records`));
    }
    // A failed run's reason, unless the run box beside it already says it (the run this page followed).
    const followed = state.runs.get(id);
    if (run.status === 'failed' && !(followed?.runId === run.id && !followed.busy)) {
      const why = [run.error_code, run.error_message].filter(Boolean).join(': ');
      if (why) cell.append(el('span', { class: 'step-error' }, why));
    }
  }
  return cell;
}

/** The box in the row's last cell where a run this page follows shows; painted by paintRun. */
function runBox(id, name) {
  return el('div', { class: 'run', id: `run-${id}` },
    // Only this line is a live region: it changes when the run's state does, not every second.
    el('p', { class: 'run-text', role: 'status' }),
    el('dl', { class: 'run-counts', hidden: true },
      ...[['processed', 'Processed'], ['updated', 'Updated'], ['failed', 'Failed'], ['elapsed', 'Elapsed']]
        .map(([key, label]) => el('div', {}, el('dt', {}, label), el('dd', { dataset: { count: key } }, '—')))),
    // Named with the sync, as the row's other buttons are: two runs followed are two Stop waiting buttons.
    el('button', {
      type: 'button', class: 'secondary small', textContent: 'Stop waiting', hidden: true,
      'aria-label': `Stop waiting for ${name}`, dataset: { action: 'stop' },
    }),
    el('button', {
      type: 'button', class: 'secondary small', textContent: 'Resume following', hidden: true,
      'aria-label': `Resume following the run of ${name}`, dataset: { action: 'resume' },
    }));
}

/**
 * Shows a run's state in its row: the text, the counts and elapsed time, the Trigger button
 * unavailable while it runs. Updates the elements in place, so the live region announces only
 * what changed; focus on a button that goes away moves to the one beside it.
 */
export function paintRun(row, run) {
  const box = row.querySelector('.run');
  const trigger = row.querySelector('[data-action=trigger]');
  const stop = box.querySelector('[data-action=stop]');
  box.className = `run ${run?.tone ?? ''}`;
  const text = box.querySelector('.run-text');
  if (text.textContent !== (run?.text ?? '')) text.textContent = run?.text ?? '';
  const counts = box.querySelector('.run-counts');
  counts.hidden = !run?.runId;
  if (run?.runId) {
    for (const key of ['processed', 'updated', 'failed']) {
      const value = run.counts?.[key];
      const dd = counts.querySelector(`[data-count=${key}]`);
      dd.textContent = count(value);
      // A failed run has no counts: only what it has is shown, once the first check has come.
      dd.parentElement.hidden = Boolean(run.counts) && (value === null || value === undefined);
    }
    counts.querySelector('[data-count=elapsed]').textContent = run.elapsedMs === undefined ? '—' : seconds(run.elapsedMs);
  }
  // aria-disabled rather than disabled: a disabled button loses focus, and the keyboard user
  // who just pressed it would be thrown back to the top of the page.
  // Off too while a run whose follow ended may still go on (Resume following is the way on).
  if (run?.busy || run?.resumable) trigger.setAttribute('aria-disabled', 'true');
  else trigger.removeAttribute('aria-disabled');
  const stoppable = Boolean(run?.stoppable);
  const resume = box.querySelector('[data-action=resume]');
  const resumable = Boolean(run?.resumable);
  // Focus on a button that goes away moves to the one that takes its place, else to Trigger.
  const focused = document.activeElement;
  const losing = (!stoppable && focused === stop) || (!resumable && focused === resume);
  stop.hidden = !stoppable;
  resume.hidden = !resumable;
  if (losing) (stoppable ? stop : resumable ? resume : trigger).focus();
}

function endpointCell(sync) {
  const from = sync.source_attributes ?? {};
  const to = sync.destination_attributes ?? {};
  const sourceId = from.connection_id;
  const destinationId = to.connection_id;
  const what = readsWhat(from.data_source ?? from.object);
  const object = to.object;
  const objectButton = object && destinationId !== null && destinationId !== undefined
    ? el('button', { type: 'button', class: 'link', dataset: { action: 'object' } },
      el('span', { class: 'visually-hidden' }, 'Fields of '), object)
    : el('span', { class: 'muted' }, object ?? '—');
  return el('td', { class: 'endpoints', dataset: { label: 'Source → destination' } },
    el('span', { class: 'endpoint' },
      el('span', { class: 'source-name', dataset: { sourceId: String(sourceId ?? '') } },
        sourceId === null || sourceId === undefined ? '—' : sourceText(sourceId)),
      what ? el('span', { class: 'reads muted' }, what) : null),
    el('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
    el('span', { class: 'visually-hidden' }, ' to '),
    el('span', { class: 'endpoint' },
      el('span', { class: 'destination-name', dataset: { destinationId: String(destinationId ?? '') } },
        destinationId === null || destinationId === undefined ? '—' : destinationText(destinationId)),
      objectButton));
}

function renderRow(sync, client) {
  const name = syncName(sync);
  const trigger = el('button', {
    type: 'button', class: 'small', textContent: 'Trigger', 'aria-label': `Trigger ${name}`, dataset: { action: 'trigger' },
  });
  const fullId = `full-sync-${sync.id}`;
  const full = el('input', { type: 'checkbox', id: fullId, dataset: { action: 'full-sync' } });
  const row = el('tr', { dataset: { id: String(sync.id) } },
    el('th', { scope: 'row', dataset: { label: 'Sync' } },
      el('span', { class: 'name' }, name),
      el('span', { class: 'id muted' }, `#${sync.id}`)),
    endpointCell(sync),
    el('td', { dataset: { label: 'Operation' } },
      el('span', {}, OPERATIONS[sync.operation] ?? capitalise(sync.operation)),
      el('code', { class: 'type muted' }, sync.operation)),
    el('td', { dataset: { label: 'Schedule' } },
      scheduleText(sync),
      sync.paused ? el('span', { class: 'badge untested paused' }, 'Paused') : null),
    lastRunCell(sync.id),
    el('td', { class: 'row-actions', dataset: { label: 'Run' } },
      el('div', { class: 'buttons' }, trigger,
        el('span', { class: 'choice inline' }, full,
          el('label', { for: fullId }, 'Full sync', el('span', { class: 'visually-hidden' }, ` of ${name}`)))),
      runBox(sync.id, name)));
  paintRun(row, state.runs.get(sync.id));
  trigger.addEventListener('click', () => {
    if (isUnavailable(trigger)) return;
    rowActions.trigger(sync, { fullSync: full.checked, client });
  });
  row.querySelector('[data-action=stop]').addEventListener('click', () => rowActions.stop(sync));
  row.querySelector('[data-action=resume]').addEventListener('click', () => rowActions.resume(sync, client));
  row.querySelector('[data-action=object]')?.addEventListener('click', (event) => rowActions.object(sync, event.currentTarget, client));
  return row;
}

/** The syncs on show, the client that listed them, and whether their page has a next one. */
let shown = [];
let shownClient = null;
let shownHasNext = false;
let shownPerPage = 25;

/** The sync's row, if it is on show. */
export function findSyncRow(id) {
  return tbody.querySelector(`tr[data-id="${id}"]`);
}

/** Records the newest run of a sync (a newer run wins over an older answer) and shows it. */
export function setLastRun(id, run) {
  const known = state.lastRuns.get(id)?.run;
  if (known && run && run.id < known.id) return;
  state.lastRuns.set(id, { run: run ?? null });
  findSyncRow(id)?.querySelector('td.last-run').replaceWith(lastRunCell(id));
}

function fillNames() {
  for (const span of tbody.querySelectorAll('.source-name[data-source-id]')) {
    const id = Number(span.dataset.sourceId);
    if (span.dataset.sourceId && state.sourceNames.get(id)?.name) span.textContent = state.sourceNames.get(id).name;
  }
  for (const span of tbody.querySelectorAll('.destination-name[data-destination-id]')) {
    const id = Number(span.dataset.destinationId);
    if (span.dataset.destinationId && state.destinations.has(id)) span.textContent = state.destinations.get(id).name;
  }
}

/** Runs `work` over `items`, at most `limit` at once, stopping when `signal` aborts. */
async function inTurn(items, limit, signal, work) {
  const queue = [...items];
  const worker = async () => {
    while (queue.length && !signal.aborted) await work(queue.shift());
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

/** After a page has shown: the names and newest runs its rows lack. */
async function lookUp(syncs, signal) {
  destinations().then(fillNames);
  const sourceIds = [...new Set(syncs.map((s) => s.source_attributes?.connection_id)
    .filter((id) => typeof id === 'number'))];
  const work = [
    ...sourceIds.filter((id) => !state.sourceNames.get(id)?.name).map((id) => ['source', id]),
    ...syncs.map((sync) => ['run', sync.id]),
  ];
  await inTurn(work, LOOKUPS_AT_ONCE, signal, async ([kind, id]) => {
    if (kind === 'source') {
      await sourceLookup(id).promise;
      if (!signal.aborted) fillNames();
      return;
    }
    try {
      const { data } = await state.client.listSyncRuns(id, { perPage: 1, order: 'desc', signal });
      setLastRun(id, data[0]);
    } catch (error) {
      if (signal.aborted) return;
      if (!state.lastRuns.get(id)?.run) {
        state.lastRuns.set(id, { error: describe(error, 'load the last run').title });
        findSyncRow(id)?.querySelector('td.last-run').replaceWith(lastRunCell(id));
      }
    }
  });
}

export function renderSyncRows() {
  tbody.replaceChildren(...shown.map((sync) => renderRow(sync, shownClient)));
}

function statusText() {
  if (shown.length === 0) return 'No syncs.';
  const first = (state.syncs.page - 1) * shownPerPage + 1;
  return `Showing ${first}–${first + shown.length - 1} of ${state.syncs.total}.`;
}

/** Previous and Next as the page on show allows (aria-disabled, so a focused one keeps the focus). */
function setPager() {
  setUnavailable($('syncs-prev'), !shownClient || state.syncs.page <= 1);
  setUnavailable($('syncs-next'), !shownClient || !shownHasNext);
}

function setLoading(loading) {
  $('syncs').setAttribute('aria-busy', String(loading));
  $('syncs').closest('.table-wrap').classList.toggle('loading', loading);
  if (loading) {
    $('syncs-status').textContent = 'Loading syncs…';
    setUnavailable($('syncs-prev'), true);
    setUnavailable($('syncs-next'), true);
  }
}

/**
 * Forgets the syncs on show, at once: the page now talks to another client (a connect or a
 * switch of server), and the old rows, paging and totals, and their buttons, are not its.
 */
export function clearSyncs() {
  state.syncs.listing?.abort(); // the list, and the look-ups of its rows
  state.syncs.listing = null;
  shown = [];
  shownClient = null;
  shownHasNext = false;
  tbody.replaceChildren();
  $('syncs-empty').hidden = true;
  $('syncs').classList.remove('is-empty');
  $('syncs-page-info').textContent = '';
  $('syncs-total').textContent = '';
  $('syncs-status').textContent = '';
  showAlert($('syncs-error'), null);
  setPager();
}

/**
 * Loads `page` of syncs (the page on show when not given). Resolves to true when it was shown;
 * until then the rows, the pager and `state.syncs.page` stay those of the page on show.
 */
export async function loadSyncs(page = state.syncs.page) {
  const client = state.client;
  if (!client) return false;
  const list = state.syncs;
  list.listing?.abort();
  const listing = new AbortController();
  list.listing = listing;
  setLoading(true);
  const unwatch = watchRetries(`${state.baseUrl.replace(/\/+$/, '')}/syncs`, 'Census', (words) => {
    if (list.listing === listing) $('syncs-status').textContent = `Loading syncs… ${words}`;
  });
  try {
    const [{ data, pagination, hasNextPage }] = await Promise.all([
      client.listSyncs({ page, perPage: list.perPage, order: 'desc', signal: listing.signal }),
      // The destinations' names come with the page when they are quick (one request for all,
      // beside the list's), so rows rarely show an id first; a slow answer fills them in later.
      Promise.race([destinations(), new Promise((done) => { setTimeout(done, 300); })]),
    ]);
    if (list.listing !== listing) return false; // the client changed meanwhile
    if (data.length === 0 && page > 1 && pagination && pagination.last_page < page) {
      return await loadSyncs(Math.max(1, pagination.last_page));
    }
    shown = data;
    shownClient = client;
    shownHasNext = Boolean(hasNextPage);
    shownPerPage = list.perPage;
    list.page = page;
    list.total = pagination?.total_records ?? data.length;
    list.lastPage = pagination?.last_page ?? page;
    renderSyncRows();
    $('syncs-empty').hidden = data.length > 0;
    $('syncs').classList.toggle('is-empty', data.length === 0);
    $('syncs-page-info').textContent = `Page ${list.page} of ${Math.max(1, list.lastPage)}`;
    $('syncs-total').textContent = `${list.total} ${list.total === 1 ? 'sync' : 'syncs'}`;
    $('syncs-status').textContent = statusText();
    setPager();
    showAlert($('syncs-error'), null);
    setLoading(false);
    connectionWorks(client);
    lookUp(data, listing.signal); // not awaited: the rows are usable now
    return true;
  } catch (error) {
    if (isAbort(error) && listing.signal.aborted) return false; // a newer load took over
    if (list.listing !== listing) return false;
    setLoading(false);
    // What is on show stays, and says it is from before the failure; the pager is the shown page's again.
    $('syncs-status').textContent = shownClient ? staleText(statusText()) : '';
    setPager();
    connectionFailed(client, error);
    showAlert($('syncs-error'), describe(error, 'load the syncs', { list: true }), () => loadSyncs(page));
    return false;
  } finally {
    unwatch();
  }
}

export function goToSyncs(page) {
  loadSyncs(page);
}
