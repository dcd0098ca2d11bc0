// The sources table: one page of sources at a time, with paging, order and page size, and the
// source just created shown and highlighted. Its row buttons call the table refresh and the
// delete (table-refresh.js, delete-source.js) through setRowActions, with the client that
// listed the row: a row never acts on another server than the one it came from.
import {
  $, dateFormat, el, isUnavailable, relativeTime, setUnavailable, showAlert, staleText, timeElement,
} from './dom.js';
import { connectionFailed, connectionWorks } from './connection-status.js';
import { describe, isAbort } from './error-messages.js';
import { watchRetries } from './retry-notice.js';
import { state } from './state.js';

const tbody = $('sources').tBodies[0];

/** The source type's label, its service name if the page does not know it, or "unknown type"
 * for a source whose answer left `type` out (older API answers do). */
export function typeLabel(serviceName) {
  if (!serviceName) return 'unknown type';
  return state.types.get(serviceName)?.label ?? serviceName;
}

export function sourceName(source) {
  return source.name || source.label || `Source ${source.id}`;
}

function lastTestCell(source) {
  const when = source.last_tested_at ? new Date(source.last_tested_at) : null;
  const valid = when && !Number.isNaN(when.getTime());
  const [text, tone] = source.last_test_succeeded === true ? ['Passed', 'ok']
    : source.last_test_succeeded === false ? ['Failed', 'failed'] : ['Not tested', 'untested'];
  const cell = el('td', { dataset: { label: 'Last test' } }, el('span', { class: `badge ${tone}` }, text));
  if (valid) {
    cell.append(' ', el('time', { dateTime: source.last_tested_at, title: dateFormat.format(when), class: 'muted' }, relativeTime(when)));
  }
  const failed = source.last_test_results?.steps?.find((step) => step.status === 'failed');
  if (failed?.error?.message) {
    cell.append(el('span', { class: 'step-error' }, `${failed.step}: ${failed.error.message}`));
  }
  return cell;
}

/**
 * A row's refresh line: its words in a live region (`text`, changed only when the refresh's
 * state does, so a screen reader hears each state once), then its time and checks beside it
 * (`progress`, updated at every check, not announced). The live region is always rendered, even
 * empty: one that appears with its first message may not announce it.
 */
export function rowStatus(id) {
  const box = el('p', { class: 'row-status', id: `row-status-${id}` },
    el('span', { class: 'spinner', 'aria-hidden': 'true', hidden: true }),
    el('span', { class: 'row-status-text', role: 'status' }),
    el('span', { class: 'row-progress' }));
  paintRowStatus(box, state.refreshes.get(id));
  return box;
}

/** Updates a row's refresh line in place: the live region's text is set only when it changes. */
export function paintRowStatus(box, status) {
  box.className = `row-status ${status?.tone ?? ''}`;
  box.querySelector('.spinner').hidden = !status?.busy;
  const live = box.querySelector('.row-status-text');
  if (live.textContent !== (status?.text ?? '')) live.textContent = status?.text ?? '';
  const progress = box.querySelector('.row-progress');
  const shown = status?.progress ? ` ${status.progress}` : '';
  if (progress.textContent !== shown) progress.textContent = shown;
}

/**
 * What the row buttons do with their source, and the client that listed it: the table refresh,
 * the resume of a refresh whose following failed, and the delete, set by app.js.
 * @type {{ refresh: (source: object, client: object) => void, resume: (source: object, client: object) => void,
 *          delete: (source: object, client: object) => void }}
 */
const rowActions = { refresh: () => {}, resume: () => {}, delete: () => {} };

export function setRowActions(actions) {
  Object.assign(rowActions, actions);
}

function renderRow(source, client) {
  const name = sourceName(source);
  const status = state.refreshes.get(source.id);
  // aria-disabled while it runs, or may still run (see setUnavailable): the button keeps the focus.
  const refresh = el('button', {
    type: 'button', class: 'secondary small', textContent: 'Refresh tables',
    'aria-disabled': status?.busy || status?.resumable ? 'true' : null,
    'aria-label': `Refresh tables of ${name}`, dataset: { action: 'refresh' },
  });
  const resume = el('button', {
    type: 'button', class: 'secondary small', textContent: 'Resume following', hidden: !status?.resumable,
    'aria-label': `Resume following the refresh of ${name}`, dataset: { action: 'resume' },
  });
  const remove = el('button', {
    type: 'button', class: 'danger small', textContent: 'Delete',
    'aria-label': `Delete ${name}`, dataset: { action: 'delete' },
  });
  const isNew = state.highlight === source.id;
  const row = el('tr', { class: isNew ? 'highlight' : '', dataset: { id: String(source.id) } },
    el('th', { scope: 'row', dataset: { label: 'Name' } },
      el('span', { class: 'name' }, name),
      isNew ? el('span', { class: 'badge new' }, 'New') : null,
      el('span', { class: 'id muted' }, `#${source.id}`)),
    el('td', { dataset: { label: 'Type' } },
      el('span', { class: 'type-label' }, typeLabel(source.type)),
      state.types.has(source.type) ? el('code', { class: 'type muted' }, source.type) : null),
    el('td', { dataset: { label: 'Label' }, class: source.label ? '' : 'muted' }, source.label ?? '—'),
    lastTestCell(source),
    el('td', { dataset: { label: 'Created' } }, timeElement(source.created_at)),
    el('td', { class: 'row-actions', dataset: { label: 'Actions' } },
      el('div', { class: 'buttons' }, refresh, remove), rowStatus(source.id), resume));
  refresh.addEventListener('click', () => {
    if (!isUnavailable(refresh)) rowActions.refresh(source, client);
  });
  resume.addEventListener('click', () => rowActions.resume(source, client));
  remove.addEventListener('click', () => rowActions.delete(source, client));
  return row;
}

/** The sources on show, and the client that listed them. */
let shown = [];
let shownClient = null;
/** The page size the rows on show were listed with. */
let shownPerPage = 25;
/** Whether the page on show has a next page. */
let shownHasNext = false;

/** The source's row, if it is on show. */
export function findRow(id) {
  return tbody.querySelector(`tr[data-id="${id}"]`);
}

/** Leaves a deleted source out of the rows on show, until the next load. */
export function forgetShown(id) {
  shown = shown.filter((s) => s.id !== id);
}

export function renderRows() {
  tbody.replaceChildren(...shown.map((source) => renderRow(source, shownClient)));
}

function statusText() {
  if (shown.length === 0) return 'No sources.';
  const first = (state.page - 1) * shownPerPage + 1;
  return `Showing ${first}–${first + shown.length - 1} of ${state.total}.`;
}

/** What the status line says of the list on show ('' when none is), e.g. after a failed delete. */
export const listStatus = () => (shownClient ? statusText() : '');

/** Previous and Next as the page on show allows (aria-disabled, so a focused one keeps the focus). */
function setPager() {
  setUnavailable($('prev'), !shownClient || state.page <= 1);
  setUnavailable($('next'), !shownClient || !shownHasNext);
}

function setLoading(loading) {
  $('sources').setAttribute('aria-busy', String(loading));
  document.querySelector('.table-wrap').classList.toggle('loading', loading);
  if (loading) {
    $('status').textContent = 'Loading sources…';
    setUnavailable($('prev'), true);
    setUnavailable($('next'), true);
  }
}

/**
 * Forgets the sources on show, at once: the page now talks to another client (a connect or a
 * switch of server), and the old rows, paging and totals, and their buttons, are not its.
 */
export function clearSources() {
  state.listing?.abort();
  state.listing = null;
  shown = [];
  shownClient = null;
  shownHasNext = false;
  tbody.replaceChildren();
  $('empty').hidden = true;
  $('sources').classList.remove('is-empty');
  $('page-info').textContent = '';
  $('total').textContent = '';
  $('status').textContent = '';
  showAlert($('error'), null);
  setPager();
}

/**
 * Loads `page` (the page on show when not given). Resolves to true when it was shown; until
 * then the rows, the pager and `state.page` stay those of the page on show, so a failed Next
 * leaves Previous, Next and Reload agreeing with what the user sees.
 */
export async function load(page = state.page) {
  const client = state.client;
  if (!client) return false;
  state.listing?.abort();
  const listing = new AbortController();
  state.listing = listing;
  setLoading(true);
  // A busy server's answer and the client's wait before it tries again, while this load waits.
  const unwatch = watchRetries(`${state.baseUrl.replace(/\/+$/, '')}/sources`, 'Census', (words) => {
    if (state.listing === listing) $('status').textContent = `Loading sources… ${words}`;
  });
  try {
    const { data, pagination, hasNextPage } = await client.listSources({
      page, perPage: state.perPage, order: state.order, signal: listing.signal,
    });
    if (state.listing !== listing) return false; // the client changed meanwhile
    if (data.length === 0 && page > 1 && pagination && pagination.last_page < page) {
      // The page emptied (deletions elsewhere): show the last page that has sources.
      return await load(Math.max(1, pagination.last_page));
    }
    shown = data;
    shownClient = client;
    shownHasNext = Boolean(hasNextPage);
    shownPerPage = state.perPage;
    state.page = page;
    state.total = pagination?.total_records ?? data.length;
    state.lastPage = pagination?.last_page ?? page;
    renderRows();
    $('empty').hidden = data.length > 0;
    $('sources').classList.toggle('is-empty', data.length === 0);
    $('page-info').textContent = `Page ${state.page} of ${state.lastPage}`;
    $('total').textContent = `${state.total} ${state.total === 1 ? 'source' : 'sources'}`;
    $('status').textContent = statusText();
    setPager();
    showAlert($('error'), null);
    setLoading(false);
    connectionWorks(client);
    return true;
  } catch (error) {
    if (isAbort(error) && listing.signal.aborted) return false; // a newer load took over
    if (state.listing !== listing) return false;
    setLoading(false);
    // What is on show stays, and says it is from before the failure; the pager is the shown page's again.
    $('status').textContent = shownClient ? staleText(statusText()) : '';
    setPager();
    connectionFailed(client, error);
    showAlert($('error'), describe(error, 'load the sources', { list: true }), () => load(page));
    return false;
  } finally {
    unwatch();
    if (state.listing === listing) state.listing = null;
  }
}

export function goTo(page) {
  load(page);
}

/** Shows the page that holds a just-created source and scrolls it into view. */
export async function showSource(source) {
  // The list is ordered by creation time, so the newest source is first (desc) or last (asc).
  await load(state.order === 'desc' ? 1 : Math.max(1, Math.ceil((state.total + 1) / state.perPage)));
  let row = findRow(source.id);
  if (!row && state.order === 'asc' && state.page !== state.lastPage) {
    await load(state.lastPage);
    row = findRow(source.id);
  }
  row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}
