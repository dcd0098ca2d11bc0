// The demo page: lists sources through census-wasm. API data is only ever inserted as text.
import init, { CensusClient, CensusError } from '/pkg/index.js';

const $ = (id) => document.getElementById(id);
const state = { client: null, page: 1, lastPage: 1 };

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function formatDate(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function lastTest(source) {
  if (source.last_test_succeeded === true) return ['Passed ' + formatDate(source.last_tested_at), 'ok'];
  if (source.last_test_succeeded === false) return ['Failed ' + formatDate(source.last_tested_at), 'failed'];
  return ['Not tested', 'untested'];
}

function showError(error) {
  const box = $('error');
  if (!error) { box.hidden = true; box.textContent = ''; return; }
  const kind = error instanceof CensusError ? error.name : 'Error';
  box.textContent = `${kind}: ${error.message}`;
  box.hidden = false;
}

function connect() {
  const baseUrl = $('base-url').value.trim() || undefined;
  const apiToken = $('api-token').value || undefined;
  try {
    state.client = new CensusClient({ baseUrl, apiToken });
    state.page = 1;
    showError(null);
    return true;
  } catch (error) {
    state.client = null;
    showError(error);
    return false;
  }
}

async function load() {
  if (!state.client) return;
  const perPage = Number($('per-page').value);
  const order = $('order').value;
  $('status').textContent = 'Loading…';
  $('prev').disabled = $('next').disabled = true;
  try {
    const { data, pagination } = await state.client.listSources({ page: state.page, perPage, order });
    const body = $('sources').tBodies[0];
    body.replaceChildren();
    for (const source of data) {
      const row = body.insertRow();
      row.dataset.id = String(source.id);
      cell(row, source.name);
      cell(row, source.type, 'type');
      cell(row, source.label ?? '—');
      const [text, className] = lastTest(source);
      cell(row, text, className);
      cell(row, formatDate(source.created_at));
    }
    state.lastPage = pagination?.last_page ?? state.page;
    const total = pagination?.total_records ?? data.length;
    $('page-info').textContent = `Page ${state.page} of ${state.lastPage}`;
    $('status').textContent = data.length === 0 ? 'No sources yet.' : `${total} sources in total`;
    $('prev').disabled = state.page <= 1;
    $('next').disabled = pagination ? pagination.next_page === null : true;
    showError(null);
  } catch (error) {
    $('status').textContent = '';
    showError(error);
  }
}

$('connection').addEventListener('submit', (event) => {
  event.preventDefault();
  if (connect()) load();
});
$('prev').addEventListener('click', () => { state.page -= 1; load(); });
$('next').addEventListener('click', () => { state.page += 1; load(); });
for (const id of ['per-page', 'order']) {
  $(id).addEventListener('change', () => { state.page = 1; load(); });
}

await init();
if (connect()) await load();
