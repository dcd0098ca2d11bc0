// The demo page: lists, creates, refreshes and deletes Census sources through census-wasm.
// This module wires the page's parts together and starts it; each part is a module of its own:
//
//   connection.js        the connection panel, the client built from it, the request log
//   sources-table.js     the sources table with paging
//   create-form.js       the create form, generated from the source type's configuration_fields
//   table-refresh.js     table refreshes with progress, resumed after a reload
//   delete-source.js     delete, after a confirmation in the page
//   error-messages.js    errors in words a person can act on
//   dom.js, state.js     small DOM and formatting helpers; the state the parts share
//
// Written to be copied. API data only ever reaches the page as text (textContent, element
// properties); nothing here parses HTML, and the page's CSP (Trusted Types) would refuse it if
// it did. The token lives in memory, or in sessionStorage when the user opts in; never in
// localStorage, never in a URL. Plain ES modules, loaded by the browser as they are: no build step.
import init from '/pkg/index.js'; // `from 'census-wasm'` in an app with a bundler
import { choosePreset, connect, matchPreset, syncTokenFields, TOKEN_KEY } from './connection.js';
import { addCredentialRow, chooseType, createSource, loadSourceTypes } from './create-form.js';
import { deleteSource } from './delete-source.js';
import { $, setFieldError } from './dom.js';
import { goTo, load, setRowActions } from './sources-table.js';
import { state } from './state.js';
import { refreshTables, resumeRefreshes } from './table-refresh.js';

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

setRowActions({ refresh: refreshTables, delete: deleteSource });
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

$('source-type').addEventListener('change', chooseType);
$('kv-add').addEventListener('click', addCredentialRow);
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
