// A destination object's fields, opened from a sync's row: the object's label, full name and
// operations, and each field's label, full name, type and whether it can be a key. The full name
// goes to getDestinationObject as it is: the client sends it as one percent-encoded path segment,
// so names with slashes (file paths), spaces, %, ?, # and non-ASCII reach the right object.
import { $, el, showAlert } from './dom.js';
import { describe, isAbort } from './error-messages.js';
import { destinations } from './syncs-table.js';
import { state } from './state.js';

const panel = $('object-panel');
const table = $('object-fields');
const tbody = table.tBodies[0];
/** The button that opened the panel: focus goes back to it on close. */
let opener = null;
let loading = null;

const KEYS = [
  ['can_be_upsert_key', 'Upsert key'],
  ['can_be_update_key', 'Update key'],
  ['can_be_insert_key', 'Insert key'],
  ['can_be_reference_key', 'Reference key'],
];

function about(rows) {
  $('object-about').replaceChildren(...rows.filter(([, value]) => value)
    .map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));
}

function notes(field) {
  const out = [];
  if (field.required_for_mapping) out.push('Required');
  if (field.array) out.push(field.operations?.length ? `Array (${field.operations.join(', ')})` : 'Array');
  if (field.createable === false && field.updateable === false) out.push('Read-only');
  else if (field.createable === false) out.push('Not set on create');
  else if (field.updateable === false) out.push('Not updated');
  if (field.lookup_object) out.push(`Refers to ${field.lookup_object}`);
  return out.join(' · ');
}

function renderField(field) {
  const keys = KEYS.filter(([flag]) => field[flag]).map(([, label]) => el('span', { class: 'badge key' }, label));
  const note = notes(field);
  return el('tr', { dataset: { fullName: field.full_name } },
    el('th', { scope: 'row', dataset: { label: 'Field' } },
      el('span', { class: 'name' }, field.label || field.full_name),
      field.label && field.label !== field.full_name ? el('code', { class: 'full-name muted' }, field.full_name) : null),
    el('td', { dataset: { label: 'Type' } }, field.type ?? '—'),
    el('td', { class: 'keys', dataset: { label: 'Keys' } }, ...(keys.length ? keys : [el('span', { class: 'muted' }, '—')])),
    el('td', { dataset: { label: 'Notes' }, class: note ? '' : 'muted' }, note || '—'));
}

/**
 * Opens the panel on the object `fullName` of destination `destinationId`, from the button
 * `from`, read with `client` (the client that listed the sync's row) while the page still uses it.
 */
export async function openObject(destinationId, fullName, from, client = state.client) {
  if (!client || client !== state.client) return;
  opener = from ?? opener;
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  const destinationName = () => state.destinations.get(destinationId)?.name ?? `Destination ${destinationId}`;
  panel.hidden = false;
  $('object-title').textContent = `Fields of ${fullName}`;
  about([['Full name', el('code', {}, fullName)], ['Destination', destinationName()]]);
  tbody.replaceChildren();
  table.hidden = true;
  showAlert($('object-error'), null);
  $('object-status').textContent = `Loading the fields of “${fullName}”…`;
  $('object-title').focus();
  try {
    const [object] = await Promise.all([
      client.getDestinationObject(destinationId, fullName, { signal: controller.signal }),
      destinations(),
    ]);
    const label = object.label && object.label !== object.full_name ? object.label : null;
    $('object-title').textContent = `Fields of ${label ?? object.full_name}`;
    about([
      ['Label', label],
      ['Full name', el('code', {}, object.full_name)],
      ['Destination', destinationName()],
      ['Operations', object.supported_operations?.join(', ')],
      ['Custom fields', object.allow_custom_fields ? 'Allowed' : null],
    ]);
    const fields = object.fields ?? [];
    tbody.replaceChildren(...fields.map(renderField));
    table.hidden = fields.length === 0;
    $('object-status').textContent = fields.length === 0 ? 'This object has no fields.'
      : `${fields.length} ${fields.length === 1 ? 'field' : 'fields'}.`;
  } catch (error) {
    if (isAbort(error) && controller.signal.aborted) return; // closed, or another object opened
    $('object-status').textContent = '';
    showAlert($('object-error'), describe(error, `load the fields of “${fullName}”`),
      () => openObject(destinationId, fullName, undefined, client));
  } finally {
    if (loading === controller) loading = null;
  }
}

/** Closes the panel without moving the focus: the page now talks to another server. */
export function forgetObject() {
  loading?.abort();
  panel.hidden = true;
  opener = null;
}

export function closeObject() {
  loading?.abort();
  panel.hidden = true;
  (opener?.isConnected ? opener : $('syncs-title')).focus();
  opener = null;
}

$('object-close').addEventListener('click', closeObject);
panel.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeObject();
});
