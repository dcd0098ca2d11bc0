// The demo page: lists, creates, refreshes and deletes Census sources through census-wasm.
//
// Written to be copied. API data only ever reaches the page as text (textContent, element
// properties); nothing here parses HTML, and the page's CSP (Trusted Types) would refuse it if
// it did. The token lives in memory, or in sessionStorage when the user opts in; never in
// localStorage, never in a URL.
import init, {
  CensusClient,
  CensusApiError,
  CensusAuthenticationError,
  CensusInputError,
  CensusNetworkError,
  CensusNotFoundError,
  CensusRateLimitError,
  CensusResponseError,
  CensusTimeoutError,
} from '/pkg/index.js'; // `from 'census-wasm'` in an app with a bundler

const PRESETS = {
  local: '/api/v1',
  us: 'https://app.getcensus.com/api/v1',
  eu: 'https://app-eu.getcensus.com/api/v1',
};
const HINTS = {
  local: 'The local Census serves this page and the API from the same origin.',
  us: 'Census sends no CORS headers, so a browser reaches it only through a proxy; an internal page would point at its own proxy path instead.',
  eu: 'For EU workspaces. Census sends no CORS headers, so a browser reaches it only through a proxy.',
  custom: 'A path such as /census/api/v1 reaches a proxy on this origin. Any other origin must also be added to connect-src in the page’s CSP.',
};
const TOKEN_KEY = 'census-demo.apiToken';
/** Refreshes still running, `{ baseUrl, jobs: { [sourceId]: refresh_key } }`, resumed after a reload. */
const REFRESHES_KEY = 'census-demo.refreshes';
const LOG_LIMIT = 50;

const $ = (id) => document.getElementById(id);

const state = {
  client: null,
  mode: 'proxy',
  baseUrl: PRESETS.local,
  page: 1,
  perPage: 25,
  order: 'desc',
  lastPage: 1,
  total: 0,
  /** Aborts the list request in flight when a newer one starts. */
  listing: null,
  /** service_name → SourceType, from `/source_types`. */
  types: new Map(),
  /** Source ids whose refresh is running or has finished: id → { text, tone }. */
  refreshes: new Map(),
  /** The id of the source just created, highlighted until the next create. */
  highlight: null,
};

// ---------------------------------------------------------------------------------------------
// Small DOM helpers. `el` sets properties, never HTML.

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key === 'role' || key === 'for') node.setAttribute(key, String(value));
    else node[key] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

function seconds(ms) {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function timeElement(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return document.createTextNode(iso || '—');
  return el('time', { dateTime: iso, title: date.toISOString() },
    el('span', { class: 'day' }, dayFormat.format(date)), ' ', el('span', { class: 'clock muted' }, clockFormat.format(date)));
}

function relativeTime(date) {
  const diff = (date.getTime() - Date.now()) / 1000;
  /** @type {[Intl.RelativeTimeFormatUnit, number][]} */
  const units = [['year', 31_536_000], ['month', 2_592_000], ['day', 86_400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(diff) >= size) return relativeFormat.format(Math.round(diff / size), unit);
  }
  return relativeFormat.format(0, 'minute');
}

// ---------------------------------------------------------------------------------------------
// Errors in words a person can act on. Every CensusError says what it is by class; the
// technical line (name and message) is shown too, smaller, for whoever files the bug.

function hostOf(baseUrl) {
  try {
    return new URL(baseUrl, location.href).host;
  } catch {
    return baseUrl;
  }
}

function isLocal(baseUrl) {
  return new URL(baseUrl, location.href).origin === location.origin;
}

/** `{ title, detail, retryAfterMs? }` for an error, in the context of `doing` ("load the sources"). */
function describe(error, doing) {
  const host = hostOf(state.baseUrl);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const say = (title, extra = {}) => ({ title, detail, ...extra });

  if (error instanceof CensusAuthenticationError) {
    return state.mode === 'proxy'
      ? say(`Could not ${doing}: ${host} refused the request without a token (HTTP ${error.status}). `
        + 'Check that the proxy adds the API token, or choose “API token in this page” and enter one.')
      : say(`Could not ${doing}: the API refused the token (HTTP ${error.status}). `
        + 'Check the API token, and that the server matches your workspace’s region (US or EU).');
  }
  if (error instanceof CensusRateLimitError) {
    const wait = error.retryAfterMs;
    return say(wait
      ? `Census is limiting requests right now. Try again in ${Math.ceil(wait / 1000)} s.`
      : 'Census is limiting requests right now. Wait a moment, then try again.', { retryAfterMs: wait });
  }
  if (error instanceof CensusNotFoundError) {
    return say(`Could not ${doing}: it no longer exists (HTTP 404). Someone may have deleted it; reload the list.`);
  }
  if (error instanceof CensusApiError) {
    const said = error.apiMessage ? ` Census said: “${error.apiMessage}”` : '';
    if (error.status >= 500) {
      return say(`Could not ${doing}: the server had a problem (HTTP ${error.status}). Try again in a moment.${said}`);
    }
    return say(`Could not ${doing}: the request was refused (HTTP ${error.status}).${said}`);
  }
  if (error instanceof CensusNetworkError) {
    return isLocal(state.baseUrl)
      ? say(`Could not ${doing}: no answer from ${host}. Is the local Census running? Start it with scripts/demo.sh, then try again.`)
      : say(`Could not ${doing}: no answer from ${host}. Check your connection and the base URL. `
        + 'Census sends no CORS headers, so a browser page usually reaches it through a proxy on its own origin.');
  }
  if (error instanceof CensusTimeoutError) {
    return say(`Could not ${doing}: ${host} did not answer in time. It may be busy or unreachable; try again.`);
  }
  if (error instanceof CensusResponseError) {
    return say(`Could not ${doing}: the answer from ${host} is not what the Census API sends. `
      + 'Check the base URL: it should end in /api/v1.');
  }
  if (error instanceof CensusInputError) {
    return say(`Could not ${doing}: ${error.message}`);
  }
  return say(`Could not ${doing}: something unexpected went wrong.`);
}

const isAbort = (error) => error?.name === 'AbortError';

/** Shows an error in an alert box (`#error`, `#create-error`), with a retry button if given. */
function showAlert(box, described, retry) {
  clearInterval(box.countdown);
  if (!described) {
    box.hidden = true;
    return;
  }
  box.querySelector('.alert-title').textContent = described.title;
  box.querySelector('.alert-detail').textContent = described.detail;
  const button = box.querySelector('.alert-retry');
  if (button) {
    button.hidden = !retry;
    button.onclick = retry ?? null;
    button.disabled = false;
    button.textContent = 'Try again';
    if (retry && described.retryAfterMs) {
      const until = Date.now() + described.retryAfterMs;
      const tick = () => {
        const left = Math.ceil((until - Date.now()) / 1000);
        button.disabled = left > 0;
        button.textContent = left > 0 ? `Try again in ${left} s` : 'Try again';
        if (left <= 0) clearInterval(box.countdown);
      };
      tick();
      box.countdown = setInterval(tick, 1000);
    }
  }
  box.hidden = false;
}

function setFieldError(input, message) {
  const box = $(`${input.id}-error`) ?? $(input.dataset.errorId);
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  } else {
    input.removeAttribute('aria-invalid');
    if (box) {
      box.textContent = '';
      box.hidden = true;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Connection

const logList = $('log');
let logCount = 0;

function logRequest(info) {
  logCount += 1;
  $('log-count').textContent = `(${logCount})`;
  const path = info.url.replace(location.origin, '');
  const result = info.status !== undefined ? String(info.status) : info.outcome.replace('_', ' ');
  const item = el('li', { class: info.status >= 400 || info.status === undefined ? 'bad' : '' },
    el('code', {}, `${info.method} ${path}`), ` → ${result} in ${Math.round(info.durationMs)} ms`,
    info.attempt > 1 ? ` (attempt ${info.attempt})` : '');
  logList.prepend(item);
  while (logList.children.length > LOG_LIMIT) logList.lastElementChild.remove();
}

function readConnection() {
  const mode = document.querySelector('input[name=auth]:checked').value;
  const baseUrl = $('base-url').value.trim();
  const apiToken = $('api-token').value.trim();
  return { mode, baseUrl, apiToken };
}

function syncTokenFields() {
  const token = $('auth-token').checked;
  $('token-fields').hidden = !token;
}

/** Builds a client from the connection form. Returns false (with the reason shown) if it cannot. */
function connect() {
  const { mode, baseUrl, apiToken } = readConnection();
  setFieldError($('base-url'), null);
  setFieldError($('api-token'), null);
  if (!baseUrl) {
    setFieldError($('base-url'), 'Enter the API’s base URL, or choose a server above.');
    $('base-url').focus();
    return false;
  }
  if (mode === 'token' && !apiToken) {
    setFieldError($('api-token'), 'Enter the API token, or choose “Through a proxy, no token”.');
    $('api-token').focus();
    return false;
  }
  try {
    state.client = new CensusClient({
      baseUrl,
      apiToken: mode === 'token' ? apiToken : undefined,
      timeoutMs: 20_000,
      onResponse: logRequest,
    });
  } catch (error) {
    state.client = null;
    if (error instanceof CensusInputError && error.field === 'baseUrl') {
      setFieldError($('base-url'), `${error.message}. Use https://…, or http:// only for localhost.`);
      $('base-url').focus();
    } else if (error instanceof CensusInputError && error.field === 'apiToken') {
      setFieldError($('api-token'), error.message);
      $('api-token').focus();
    } else {
      showAlert($('error'), describe(error, 'connect'));
    }
    return false;
  }
  if (baseUrl !== state.baseUrl) {
    // Another workspace: what was known about the last one's sources no longer applies.
    state.refreshes.clear();
    state.highlight = null;
  }
  state.mode = mode;
  state.baseUrl = baseUrl;
  if (mode === 'token' && $('remember-token').checked) sessionStorage.setItem(TOKEN_KEY, apiToken);
  else sessionStorage.removeItem(TOKEN_KEY);
  const how = mode === 'token' ? 'with the API token' : 'through the proxy, no token';
  $('connection-status').textContent = `Connected to ${hostOf(baseUrl)}${new URL(baseUrl, location.href).pathname} ${how}.`;
  return true;
}

function choosePreset() {
  const preset = $('preset').value;
  if (preset in PRESETS) $('base-url').value = PRESETS[preset];
  // The real API needs a token unless a proxy adds it; the local Census plays that proxy.
  if (preset === 'us' || preset === 'eu') $('auth-token').checked = true;
  if (preset === 'local') $('auth-proxy').checked = true;
  if (preset === 'custom') $('base-url').focus();
  $('base-url-hint').textContent = HINTS[preset];
  syncTokenFields();
}

function matchPreset() {
  const value = $('base-url').value.trim();
  const found = Object.entries(PRESETS).find(([, url]) => url === value);
  $('preset').value = found ? found[0] : 'custom';
  $('base-url-hint').textContent = HINTS[$('preset').value];
}

// ---------------------------------------------------------------------------------------------
// The sources table

const tbody = $('sources').tBodies[0];

function typeLabel(serviceName) {
  return state.types.get(serviceName)?.label ?? serviceName;
}

function sourceName(source) {
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

function rowStatus(id) {
  const status = state.refreshes.get(id);
  return el('p', { class: `row-status ${status?.tone ?? ''}`, role: 'status', id: `row-status-${id}` },
    status?.busy ? el('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
    status?.text ?? '');
}

function renderRow(source) {
  const name = sourceName(source);
  const refreshing = state.refreshes.get(source.id)?.busy;
  const refresh = el('button', {
    type: 'button', class: 'secondary small', textContent: 'Refresh tables', disabled: refreshing,
    'aria-label': `Refresh tables of ${name}`, dataset: { action: 'refresh' },
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
      el('div', { class: 'buttons' }, refresh, remove), rowStatus(source.id)));
  refresh.addEventListener('click', () => refreshTables(source));
  remove.addEventListener('click', () => deleteSource(source));
  return row;
}

let shown = [];

function renderRows() {
  tbody.replaceChildren(...shown.map(renderRow));
}

function setLoading(loading) {
  $('sources').setAttribute('aria-busy', String(loading));
  document.querySelector('.table-wrap').classList.toggle('loading', loading);
  if (loading) {
    $('status').textContent = 'Loading sources…';
    $('prev').disabled = $('next').disabled = true;
  }
}

/** Loads the current page. Resolves to true when it was shown. */
async function load() {
  if (!state.client) return false;
  state.listing?.abort();
  const listing = new AbortController();
  state.listing = listing;
  setLoading(true);
  try {
    const { data, pagination, hasNextPage } = await state.client.listSources({
      page: state.page, perPage: state.perPage, order: state.order, signal: listing.signal,
    });
    if (data.length === 0 && state.page > 1 && pagination && pagination.last_page < state.page) {
      // The page emptied (deletions elsewhere): show the last page that has sources.
      state.page = Math.max(1, pagination.last_page);
      return await load();
    }
    shown = data;
    state.total = pagination?.total_records ?? data.length;
    state.lastPage = pagination?.last_page ?? state.page;
    renderRows();
    $('empty').hidden = data.length > 0;
    $('sources').classList.toggle('is-empty', data.length === 0);
    $('page-info').textContent = `Page ${state.page} of ${state.lastPage}`;
    $('total').textContent = `${state.total} ${state.total === 1 ? 'source' : 'sources'}`;
    const first = (state.page - 1) * state.perPage + 1;
    $('status').textContent = data.length === 0 ? 'No sources.'
      : `Showing ${first}–${first + data.length - 1} of ${state.total}.`;
    $('prev').disabled = state.page <= 1;
    $('next').disabled = !hasNextPage;
    showAlert($('error'), null);
    setLoading(false);
    return true;
  } catch (error) {
    if (isAbort(error) && listing.signal.aborted) return false; // a newer load took over
    setLoading(false);
    $('status').textContent = '';
    $('prev').disabled = state.page <= 1;
    $('next').disabled = state.page >= state.lastPage;
    showAlert($('error'), describe(error, 'load the sources'), () => load());
    return false;
  } finally {
    if (state.listing === listing) state.listing = null;
  }
}

function goTo(page) {
  state.page = page;
  load();
}

// ---------------------------------------------------------------------------------------------
// Row actions

function setRowStatus(id, status) {
  state.refreshes.set(id, status);
  const row = tbody.querySelector(`tr[data-id="${id}"]`);
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

async function refreshTables(source) {
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
function resumeRefreshes() {
  for (const [id, key] of Object.entries(runningRefreshes())) {
    setRowStatus(Number(id), { busy: true, text: 'Refreshing tables… (resumed after the reload)', tone: 'busy' });
    followRefresh(Number(id), (options) => state.client.waitForRefresh(Number(id), key, options));
  }
}

const dialog = $('confirm-delete');

/** Asks in the page (a <dialog>, not window.confirm) and resolves to true if the user confirmed. */
function confirmDelete(source) {
  $('confirm-text').textContent = `“${sourceName(source)}” (${typeLabel(source.type)}, id ${source.id}) will be `
    + 'deleted from the workspace. Syncs that read from it stop working. This cannot be undone.';
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'delete'), { once: true });
    dialog.showModal();
  });
}

for (const button of dialog.querySelectorAll('button[data-value]')) {
  button.addEventListener('click', () => dialog.close(button.dataset.value));
}

async function deleteSource(source) {
  if (!(await confirmDelete(source))) return;
  const name = sourceName(source);
  const row = tbody.querySelector(`tr[data-id="${source.id}"]`);
  row?.classList.add('deleting');
  $('status').textContent = `Deleting “${name}”…`;
  try {
    await state.client.deleteSource(source.id);
  } catch (error) {
    if (!(error instanceof CensusNotFoundError)) {
      row?.classList.remove('deleting');
      $('status').textContent = '';
      showAlert($('error'), describe(error, `delete “${name}”`), () => deleteSource(source));
      return;
    }
    // Already gone: the outcome the user wanted. Fall through and refresh the list.
  }
  row?.remove();
  shown = shown.filter((s) => s.id !== source.id);
  state.refreshes.delete(source.id);
  await load();
  $('status').textContent = `Deleted “${name}”. ${$('status').textContent}`;
  $('sources-title').focus();
}

// ---------------------------------------------------------------------------------------------
// Source types and the create form

const typeSelect = $('source-type');
const credentialFields = $('credential-fields');
/** The credential inputs built for the chosen type: [{ field, input }]. */
let credentialInputs = [];

async function loadSourceTypes() {
  typeSelect.replaceChildren(el('option', { value: '' }, 'Loading source types…'));
  typeSelect.disabled = true;
  try {
    const all = await state.client.listSourceTypes();
    state.types = new Map(all.map((type) => [type.service_name, type]));
    const creatable = all.filter((type) => type.creatable_via_api)
      .sort((a, b) => (a.label ?? a.service_name).localeCompare(b.label ?? b.service_name));
    typeSelect.replaceChildren(el('option', { value: '' }, 'Choose a type…'),
      ...creatable.map((type) => el('option', { value: type.service_name }, type.label ?? type.service_name)));
    typeSelect.disabled = false;
    showAlert($('create-error'), null);
    renderRows(); // type labels in the table
  } catch (error) {
    typeSelect.replaceChildren(el('option', { value: '' }, 'Source types could not be loaded'));
    showAlert($('create-error'), describe(error, 'load the source types'));
  }
  chooseType();
}

function inputFor(field, id) {
  const described = [field.description ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const common = { id, required: field.required, 'aria-describedby': described, dataset: { key: field.name, kind: field.type } };
  const secret = field.secret || field.type === 'password';
  switch (field.type) {
    case 'boolean':
      return el('input', { ...common, type: 'checkbox', required: false });
    case 'integer':
      return el('input', { ...common, type: 'number', step: 1, inputMode: 'numeric', placeholder: field.placeholder ?? '' });
    case 'text':
    case 'json':
      return el('textarea', {
        ...common, rows: field.type === 'json' ? 4 : 3, spellcheck: false,
        class: field.type === 'json' || secret ? 'mono' : '', placeholder: field.placeholder ?? '',
      });
    default:
      return el('input', {
        ...common, type: secret ? 'password' : 'text', autocomplete: secret ? 'new-password' : 'off',
        spellcheck: false, placeholder: field.placeholder ?? '',
      });
  }
}

function buildCredentialField(field, index) {
  const id = `cred-${index}`;
  const input = inputFor(field, id);
  const label = field.label || field.name;
  const mark = field.required ? el('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null;
  const hint = field.description ? el('p', { class: 'hint', id: `${id}-hint` }, field.description) : null;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  credentialInputs.push({ field, input });
  if (field.type === 'boolean') {
    return el('div', { class: 'choice field' }, input, el('label', { for: id }, label, mark), hint, error);
  }
  const wide = field.type === 'text' || field.type === 'json';
  return el('div', { class: wide ? 'field wide' : 'field' }, el('label', { for: id }, label, mark), input, hint, error);
}

let kvRows = 0;

function kvRow() {
  kvRows += 1;
  const n = kvRows;
  const key = el('input', { type: 'text', id: `kv-key-${n}`, class: 'kv-key', autocomplete: 'off', spellcheck: false, 'aria-describedby': 'kv-error', dataset: { errorId: 'kv-error' } });
  const value = el('input', { type: 'password', id: `kv-value-${n}`, class: 'kv-value', autocomplete: 'new-password', spellcheck: false, 'aria-describedby': 'kv-error', dataset: { errorId: 'kv-error' } });
  const remove = el('button', { type: 'button', class: 'secondary small', textContent: 'Remove', 'aria-label': `Remove credential ${n}` });
  const show = el('input', { type: 'checkbox', id: `kv-show-${n}` });
  show.addEventListener('change', () => { value.type = show.checked ? 'text' : 'password'; });
  const row = el('div', { class: 'kv-row' },
    el('div', { class: 'field' }, el('label', { for: key.id }, `Key ${n}`), key),
    el('div', { class: 'field' }, el('label', { for: value.id }, `Value ${n}`), value),
    el('div', { class: 'choice' }, show, el('label', { for: show.id }, 'Show', el('span', { class: 'visually-hidden' }, ` value ${n}`))),
    remove);
  remove.addEventListener('click', () => {
    row.remove();
    if (!$('kv-rows').children.length) $('kv-rows').append(kvRow());
    $('kv-add').focus();
  });
  return row;
}

function chooseType() {
  const type = state.types.get(typeSelect.value);
  credentialInputs = [];
  credentialFields.replaceChildren();
  $('kv-rows').replaceChildren();
  setFieldError(typeSelect, null);
  showAlert($('create-error'), null);
  const fieldset = $('credentials');
  const intro = $('credentials-intro');
  fieldset.disabled = !type;
  $('kv-editor').hidden = true;
  if (!type) {
    intro.hidden = false;
    intro.textContent = 'Choose a type first.';
  } else if (Array.isArray(type.configuration_fields)) {
    intro.hidden = type.configuration_fields.length > 0;
    intro.textContent = `${type.label ?? type.service_name} needs no credentials.`;
    credentialFields.append(...type.configuration_fields.map(buildCredentialField));
  } else {
    intro.hidden = true;
    $('kv-editor').hidden = false;
    $('kv-rows').append(kvRow());
  }
  const engines = type?.supported_sync_engines ?? [];
  $('sync-engine-field').hidden = engines.length < 2;
  $('sync-engine').replaceChildren(el('option', { value: '' }, 'Census default'),
    ...engines.map((engine) => el('option', { value: engine }, engine[0].toUpperCase() + engine.slice(1))));
  $('retention-field').hidden = !type?.supports_warehouse_writeback;
}

/** Reads the form: `{ input, errors: [[element, message]] }`. Nothing is sent when errors exist. */
function readCreateForm() {
  const errors = [];
  const type = state.types.get(typeSelect.value);
  if (!type) errors.push([typeSelect, 'Choose the type of source.']);
  const credentials = {};

  for (const { field, input } of credentialInputs) {
    const label = field.label || field.name;
    if (field.type === 'boolean') {
      credentials[field.name] = input.checked;
      continue;
    }
    const secret = field.secret || field.type === 'password' || field.type === 'text';
    const raw = secret ? input.value : input.value.trim();
    if (raw.trim() === '') {
      // A number input holding "abc" reads as "" but is not empty: say so.
      if (field.type === 'integer' && input.validity.badInput) errors.push([input, `${label} must be a whole number.`]);
      else if (field.required) errors.push([input, `${label} is required.`]);
      continue;
    }
    if (field.type === 'integer') {
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) errors.push([input, `${label} must be a whole number.`]);
      else credentials[field.name] = Number(raw);
    } else if (field.type === 'json') {
      try {
        credentials[field.name] = JSON.parse(raw);
      } catch (error) {
        errors.push([input, `${label} must be valid JSON (${error.message}).`]);
      }
    } else {
      credentials[field.name] = raw;
    }
  }

  if (!$('kv-editor').hidden) {
    const seen = new Set();
    let kvError = null;
    for (const row of $('kv-rows').children) {
      const keyInput = row.querySelector('.kv-key');
      const valueInput = row.querySelector('.kv-value');
      const key = keyInput.value.trim();
      if (!key && !valueInput.value) continue;
      if (!key) kvError ??= [keyInput, 'Give every value a key.'];
      else if (seen.has(key)) kvError ??= [keyInput, `The key “${key}” is used twice.`];
      else {
        seen.add(key);
        credentials[key] = valueInput.value;
      }
    }
    if (!kvError && seen.size === 0) kvError = [$('kv-rows').querySelector('.kv-key'), 'Add at least one credential.'];
    if (kvError) errors.push(kvError);
  }

  const input = { type: typeSelect.value, credentials };
  const name = $('source-name').value.trim();
  const label = $('source-label').value.trim();
  if (name) input.name = name;
  if (label) input.label = label;
  if ($('read-only').checked) input.read_only_connection = true;
  if (!$('sync-engine-field').hidden && $('sync-engine').value) input.sync_engine = $('sync-engine').value;
  if (!$('retention-field').hidden && $('retention').value.trim() !== '') {
    const days = $('retention').value.trim();
    if (!/^\d+$/.test(days) || Number(days) < 1) errors.push([$('retention'), 'Retention must be a whole number of days, 1 or more.']);
    else input.warehouse_writeback_retention_in_days = Number(days);
  }
  return { input, errors };
}

function clearCreateErrors() {
  for (const node of $('create').querySelectorAll('[aria-invalid]')) setFieldError(node, null);
  showAlert($('create-error'), null);
}

/** The input that a client- or server-side field name (`credentials.password`, `name`) refers to. */
function inputForField(field) {
  if (!field) return null;
  const plain = field.replace(/^(input|connection)\./, '');
  const direct = { type: typeSelect, name: $('source-name'), label: $('source-label'),
    warehouse_writeback_retention_in_days: $('retention') }[plain];
  if (direct) return direct;
  const match = /^credentials\.(.+)$/.exec(plain);
  if (!match) return null;
  const found = credentialInputs.find(({ field: f }) => f.name === match[1]);
  if (found) return found.input;
  return [...$('kv-rows').querySelectorAll('.kv-key')].find((key) => key.value.trim() === match[1]) ?? null;
}

function showFieldErrors(errors) {
  for (const [input, message] of errors) setFieldError(input, message);
  if (errors.length && !errors[0][0].closest('details')?.open) errors[0][0].closest('details')?.setAttribute('open', '');
  errors[0]?.[0].focus();
}

async function createSource(event) {
  event.preventDefault();
  clearCreateErrors();
  if (!state.client) return;
  const { input, errors } = readCreateForm();
  if (errors.length) {
    $('create-status').textContent = errors.length === 1 ? 'One field needs attention.' : `${errors.length} fields need attention.`;
    showFieldErrors(errors);
    return;
  }
  const submit = $('create-submit');
  submit.disabled = true;
  $('create').setAttribute('aria-busy', 'true');
  $('create-status').textContent = 'Creating the source…';
  try {
    const source = await state.client.createSource(input, { checkType: true });
    state.highlight = source.id;
    $('create-status').textContent = `Created “${sourceName(source)}” (id ${source.id}).`;
    for (const { input: field } of credentialInputs) {
      if (field.type === 'checkbox') field.checked = false;
      else field.value = '';
    }
    $('source-name').value = '';
    $('source-label').value = '';
    if (!$('kv-editor').hidden) $('kv-rows').replaceChildren(kvRow());
    await showSource(source);
  } catch (error) {
    $('create-status').textContent = '';
    // The client names the field it refused (`credentials.password`), and with checkType every
    // missing credential; the API only says it in prose, so its refusals go beside the form.
    const fields = error instanceof CensusInputError ? (error.missing ?? [error.field]) : [];
    const targets = fields.map(inputForField).filter(Boolean);
    if (targets.length) {
      showFieldErrors(targets.map((target, i) => [target, i === 0 ? error.message : 'Required by this source type.']));
      $('create-status').textContent = targets.length === 1 ? 'One field needs attention.' : `${targets.length} fields need attention.`;
    } else {
      showAlert($('create-error'), describe(error, 'create the source'));
      $('create-error').scrollIntoView({ block: 'nearest' });
    }
  } finally {
    submit.disabled = false;
    $('create').removeAttribute('aria-busy');
  }
}

/** Shows the page that holds a just-created source and scrolls it into view. */
async function showSource(source) {
  // The list is ordered by creation time, so the newest source is first (desc) or last (asc).
  state.page = state.order === 'desc' ? 1 : Math.max(1, Math.ceil((state.total + 1) / state.perPage));
  await load();
  let row = tbody.querySelector(`tr[data-id="${source.id}"]`);
  if (!row && state.order === 'asc' && state.page !== state.lastPage) {
    state.page = state.lastPage;
    await load();
    row = tbody.querySelector(`tr[data-id="${source.id}"]`);
  }
  row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

// ---------------------------------------------------------------------------------------------
// Wiring

$('connection').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!connect()) return;
  state.page = 1;
  load();
  loadSourceTypes();
});
$('preset').addEventListener('change', choosePreset);
$('base-url').addEventListener('input', matchPreset);
for (const radio of document.querySelectorAll('input[name=auth]')) radio.addEventListener('change', syncTokenFields);
$('remember-token').addEventListener('change', () => {
  if (!$('remember-token').checked) sessionStorage.removeItem(TOKEN_KEY);
});

$('prev').addEventListener('click', () => goTo(Math.max(1, state.page - 1)));
$('next').addEventListener('click', () => goTo(state.page + 1));
$('reload').addEventListener('click', () => load());
$('per-page').addEventListener('change', () => {
  state.perPage = Number($('per-page').value);
  goTo(1);
});
$('order').addEventListener('change', () => {
  state.order = $('order').value;
  goTo(1);
});

typeSelect.addEventListener('change', chooseType);
$('kv-add').addEventListener('click', () => {
  const row = kvRow();
  $('kv-rows').append(row);
  row.querySelector('.kv-key').focus();
});
$('create').addEventListener('submit', createSource);
// Fix-as-you-type: a field's error goes away once it is edited.
$('create').addEventListener('input', (event) => {
  if (event.target.getAttribute?.('aria-invalid')) setFieldError(event.target, null);
});

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  $('api-token').value = saved;
  $('remember-token').checked = true;
  $('auth-token').checked = true;
}
syncTokenFields();

await init();
if (connect()) {
  await Promise.all([load(), loadSourceTypes()]);
  resumeRefreshes();
}
document.documentElement.dataset.ready = 'true';
