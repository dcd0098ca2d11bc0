// The Stitch sources table: every source of the account (active, paused and deleted, as Stitch
// lists them), each with its type, status and how far its setup has come, a Pause or Unpause
// button and a Start replication button. The buttons call stitch-pause.js and
// stitch-replication.js through setStitchRowActions, with the client that listed the row (as the
// Census views' rows do): a row never acts on another server, or another account, than the one
// it came from. What they report is painted here.
import { connectionFailed, connectionWorks } from './connection-status.js';
import { $, dateFormat, el, relativeTime, seconds, showAlert, staleText } from './dom.js';
import { isAbort } from './error-messages.js';
import { watchRetries } from './retry-notice.js';
import { describeStitch } from './stitch-error-messages.js';
import { state } from './state.js';

const tbody = $('stitch-sources').tBodies[0];

/** A report card's `current_step_type` in words. */
const STEPS = {
  form: 'Connection details needed',
  oauth: 'Authorization needed',
  discover_schema: 'Discovering the schema',
  field_selection: 'Choosing streams and fields',
  fully_configured: 'Fully configured',
};
const PHASES = [['discovery', 'Discovery'], ['tap', 'Extraction'], ['target', 'Loading']];
/** The client whose list is on show (null when none is): a failed reload leaves its rows. */
let shownClient = null;

export const stitchName = (source) => source.display_name || source.name || `Source ${source.id}`;

/** 'deleted', 'paused' or 'active'. */
export function statusOf(source) {
  if (source.deleted_at) return 'deleted';
  if (source.paused_at || source.system_paused_at) return 'paused';
  return 'active';
}

/**
 * Stitch's names for well-known source types. Neither a source nor its type's report card
 * (`/v4/source-types`) carries the type's display name, so the rest are capitalised.
 */
const TYPE_NAMES = {
  postgres: 'PostgreSQL', mysql: 'MySQL', mssql: 'Microsoft SQL Server', mongodb: 'MongoDB', oracle: 'Oracle',
  hubspot: 'HubSpot', closeio: 'Close.io', salesforce: 'Salesforce', shopify: 'Shopify', stripe: 'Stripe',
  zendesk: 'Zendesk', intercom: 'Intercom', github: 'GitHub', 'google-analytics': 'Google Analytics',
  'facebook-ads': 'Facebook Ads', adwords: 'Google Ads', 'amazon-s3-csv': 'Amazon S3 CSV', import_api: 'Import API',
};

/** `platform.hubspot` → `HubSpot`; `platform.shopify` → `Shopify`. */
function typeWords(type) {
  const bare = String(type ?? '').replace(/^platform\./, '');
  return TYPE_NAMES[bare] ?? (bare ? bare[0].toUpperCase() + bare.slice(1) : '—');
}

function since(iso) {
  const when = iso ? new Date(iso) : null;
  if (!when || Number.isNaN(when.getTime())) return null;
  return el('time', { dateTime: iso, title: dateFormat.format(when), class: 'muted' }, relativeTime(when));
}

function statusCell(source) {
  const status = statusOf(source);
  const [text, tone, iso] = {
    deleted: ['Deleted', 'failed', source.deleted_at],
    paused: [source.paused_at ? 'Paused' : 'Paused by Stitch', 'untested', source.paused_at ?? source.system_paused_at],
    active: ['Active', 'ok', null],
  }[status];
  const cell = el('td', { class: 'source-status', dataset: { label: 'Status', status } }, el('span', { class: `badge ${tone}` }, text));
  const when = since(iso);
  if (when) cell.append(' ', when);
  return cell;
}

function setupCell(source) {
  const card = source.report_card ?? {};
  const steps = Array.isArray(card.steps) ? card.steps.length : 0;
  const step = card.current_step_type;
  return el('td', { class: 'setup', dataset: { label: 'Setup', step: step ?? '' } },
    el('span', {}, STEPS[step] ?? (step ? String(step) : '—')),
    steps && card.current_step ? el('span', { class: 'step muted' }, `Step ${card.current_step} of ${steps}`) : null);
}

/**
 * What the row buttons do with their source and the client that listed it, set by app.js.
 * @type {{ pause: (source: object, client: object) => void, start: (source: object, client: object) => void,
 *          stop: (source: object, client: object) => void, resume: (source: object, client: object) => void }}
 */
const rowActions = { pause: () => {}, start: () => {}, stop: () => {}, resume: () => {} };

export function setStitchRowActions(actions) {
  Object.assign(rowActions, actions);
}

/** The source's row, if it is on show. */
export function findStitchRow(id) {
  return tbody.querySelector(`tr[data-id="${id}"]`);
}

/** The box where a replication this page follows shows; painted by paintJob. */
function jobBox(name) {
  return el('div', { class: 'job' },
    el('div', { class: 'job-progress' },
      el('ol', { class: 'phases', hidden: true, 'aria-label': 'Phases of the job' },
        ...PHASES.map(([phase, label]) => el('li', { dataset: { phase } }, label))),
      el('span', { class: 'job-elapsed muted', hidden: true })),
    // Only this line is a live region: it changes when the job's phase does, not every second.
    el('p', { class: 'job-text', role: 'status' }),
    el('dl', { class: 'job-result', hidden: true }),
    el('button', {
      type: 'button', class: 'secondary small', textContent: 'Stop the job', hidden: true,
      'aria-label': `Stop the job of ${name}`, dataset: { action: 'stop' },
    }),
    el('button', {
      type: 'button', class: 'secondary small', textContent: 'Resume following', hidden: true,
      'aria-label': `Resume following the job of ${name}`, dataset: { action: 'resume' },
    }));
}

/**
 * Paints a source's status cell, Pause/Unpause button and note, updated in place so focus stays
 * on the button just pressed and the note's live region announces only what changed.
 */
export function paintSource(row, source) {
  const name = stitchName(source);
  const status = statusOf(source);
  row.dataset.status = status;
  row.querySelector('td.source-status').replaceWith(statusCell(source));
  const toggle = row.querySelector('[data-action=pause]');
  const verb = status === 'paused' ? 'Unpause' : 'Pause';
  toggle.textContent = verb;
  toggle.setAttribute('aria-label', `${verb} ${name}`);
  toggle.disabled = status === 'deleted';
  const note = state.stitch.notes.get(source.id);
  if (note?.busy) toggle.setAttribute('aria-disabled', 'true');
  else toggle.removeAttribute('aria-disabled');
  const box = row.querySelector('.row-status');
  box.className = `row-status ${note?.tone ?? ''}`;
  if (box.textContent !== (note?.text ?? '')) box.textContent = note?.text ?? '';
  row.querySelector('[data-action=start]').disabled = status === 'deleted';
}

/** Paints the replication this page follows for a source: its phases, text and result. */
export function paintJob(row, job) {
  const box = row.querySelector('.job');
  box.className = `job ${job?.tone ?? ''}`;
  if (job?.phase) box.dataset.phase = job.phase;
  else delete box.dataset.phase;
  if (job?.errorType) box.dataset.errorType = job.errorType;
  else delete box.dataset.errorType;
  const phases = box.querySelector('.phases');
  phases.hidden = !job?.phases;
  for (const item of phases.children) {
    const step = job?.phases?.[item.dataset.phase] ?? 'pending';
    item.className = step;
    if (step === 'current') item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  }
  const text = box.querySelector('.job-text');
  const wanted = job?.text ?? '';
  if (text.textContent !== (job?.errorType ? `${job.errorType} ${wanted}` : wanted)) {
    text.replaceChildren(...(job?.errorType ? [el('code', { class: 'error-type' }, job.errorType), ' '] : []), wanted);
  }
  const elapsed = box.querySelector('.job-elapsed');
  elapsed.hidden = !job?.busy || job.elapsedMs === undefined;
  elapsed.textContent = job?.busy && job.elapsedMs !== undefined ? seconds(job.elapsedMs) : '';
  const result = box.querySelector('.job-result');
  result.hidden = !job?.result;
  result.replaceChildren(...Object.entries(job?.result ?? {})
    .map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));
  const start = row.querySelector('[data-action=start]');
  // aria-disabled rather than disabled: a disabled button loses focus, and the keyboard user
  // who just pressed it would be thrown back to the top of the page. Off too while a job whose
  // follow ended may still run (Stitch would refuse another as already_running).
  if (job?.busy || job?.resumable) start.setAttribute('aria-disabled', 'true');
  else start.removeAttribute('aria-disabled');
  const stop = box.querySelector('[data-action=stop]');
  const stoppable = Boolean(job?.stoppable);
  const resume = box.querySelector('[data-action=resume]');
  const resumable = Boolean(job?.resumable);
  if ((!stoppable && document.activeElement === stop) || (!resumable && document.activeElement === resume)) start.focus();
  stop.hidden = !stoppable;
  resume.hidden = !resumable;
}

function renderRow(source, client) {
  const name = stitchName(source);
  const toggle = el('button', { type: 'button', class: 'secondary small', dataset: { action: 'pause' } });
  const start = el('button', {
    type: 'button', class: 'small', textContent: 'Start replication',
    'aria-label': `Start replication of ${name}`, dataset: { action: 'start' },
  });
  const row = el('tr', { dataset: { id: String(source.id) } },
    el('th', { scope: 'row', dataset: { label: 'Source' } },
      el('span', { class: 'name' }, name),
      el('span', { class: 'id muted' }, `${source.name ?? ''} #${source.id}`.trim())),
    el('td', { dataset: { label: 'Type' } },
      el('span', { class: 'type-label' }, typeWords(source.type)),
      el('code', { class: 'type muted' }, source.type ?? '')),
    el('td', { class: 'source-status' }),
    setupCell(source),
    el('td', { class: 'row-actions', dataset: { label: 'Actions' } },
      el('div', { class: 'buttons' }, toggle, start),
      el('p', { class: 'row-status', role: 'status' }),
      jobBox(name)));
  paintSource(row, source);
  paintJob(row, state.stitch.jobs.get(source.id));
  toggle.addEventListener('click', () => {
    if (toggle.getAttribute('aria-disabled') !== 'true') rowActions.pause(state.stitch.sources.get(source.id) ?? source, client);
  });
  start.addEventListener('click', () => {
    if (start.getAttribute('aria-disabled') !== 'true') rowActions.start(state.stitch.sources.get(source.id) ?? source, client);
  });
  row.querySelector('[data-action=stop]').addEventListener('click', () => rowActions.stop(source, client));
  row.querySelector('[data-action=resume]').addEventListener('click', () => rowActions.resume(source, client));
  return row;
}

/** Records a source as Stitch answered it (a pause, an unpause) and repaints its row. */
export function setStitchSource(source) {
  state.stitch.sources.set(source.id, source);
  const row = findStitchRow(source.id);
  if (row) paintSource(row, source);
  summarise();
}

function summarise({ stale = false } = {}) {
  const all = [...state.stitch.sources.values()];
  const counts = { active: 0, paused: 0, deleted: 0 };
  for (const source of all) counts[statusOf(source)] += 1;
  const text = all.length === 0 ? 'No sources.'
    : `${all.length} ${all.length === 1 ? 'source' : 'sources'}: ${counts.active} active, ${counts.paused} paused, ${counts.deleted} deleted.`;
  $('stitch-status').textContent = stale ? staleText(text) : text;
}

function setLoading(loading) {
  $('stitch-sources').setAttribute('aria-busy', String(loading));
  $('stitch-sources').closest('.table-wrap').classList.toggle('loading', loading);
  if (loading) $('stitch-status').textContent = 'Loading Stitch sources…';
}

/**
 * Forgets the sources on show, at once: the page now talks to another StitchClient (a connect,
 * another server or token), and the old rows, their notes and their buttons are not its. They
 * go before the new list arrives (it may never), as the Census views' rows do.
 */
export function clearStitchSources() {
  state.stitch.listing?.abort();
  state.stitch.listing = null;
  state.stitch.sources = new Map();
  shownClient = null;
  state.stitch.notes.clear(); // a pause still answering is the old client's: its answer is dropped
  tbody.replaceChildren();
  $('stitch-empty').hidden = true;
  $('stitch-sources').classList.remove('is-empty');
  $('stitch-status').textContent = '';
  showAlert($('stitch-error'), null);
}

/** Lists the account's sources. Resolves to true when they were shown. */
export async function loadStitchSources() {
  const client = state.stitch.client;
  if (!client) return false;
  state.stitch.listing?.abort();
  const listing = new AbortController();
  state.stitch.listing = listing;
  setLoading(true);
  const unwatch = watchRetries(`${state.stitch.baseUrl.replace(/\/+$/, '')}/v4/sources`, 'Stitch', (words) => {
    if (state.stitch.listing === listing) $('stitch-status').textContent = `Loading Stitch sources… ${words}`;
  });
  try {
    const sources = await client.listSources({ signal: listing.signal });
    if (state.stitch.listing !== listing) return false; // the client changed meanwhile
    state.stitch.sources = new Map(sources.map((source) => [source.id, source]));
    shownClient = client;
    tbody.replaceChildren(...sources.map((source) => renderRow(source, client)));
    $('stitch-empty').hidden = sources.length > 0;
    $('stitch-sources').classList.toggle('is-empty', sources.length === 0);
    summarise();
    showAlert($('stitch-error'), null);
    setLoading(false);
    connectionWorks(client);
    return true;
  } catch (error) {
    if (isAbort(error) && listing.signal.aborted) return false; // a newer load took over
    if (state.stitch.listing !== listing) return false;
    setLoading(false);
    // What is on show stays, and says it is from before the failure.
    if (shownClient) summarise({ stale: true });
    else $('stitch-status').textContent = '';
    connectionFailed(client, error);
    showAlert($('stitch-error'), describeStitch(error, 'load the Stitch sources'), () => loadStitchSources());
    return false;
  } finally {
    unwatch();
    if (state.stitch.listing === listing) state.stitch.listing = null;
  }
}
