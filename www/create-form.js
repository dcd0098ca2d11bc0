// The create form: the source types from /source_types, credential fields generated from the
// chosen type's configuration_fields.fields (shown as their `show` conditions say; key and value
// rows when the type lists none), checks before
// anything is sent, and the client's or the API's refusals shown beside the fields they name.
import { CensusInputError } from '/pkg/index.js';
import { $, el, isUnavailable, setFieldError, setUnavailable, showAlert } from './dom.js';
import { describe } from './error-messages.js';
import { renderRows, showSource, sourceName } from './sources-table.js';
import { state } from './state.js';

const typeSelect = $('source-type');
const credentialFields = $('credential-fields');
/** The credential inputs built for the chosen type: [{ field, input }]. */
let credentialInputs = [];

/**
 * Loads the source types into the Type menu. When they cannot be loaded, the reason shows above
 * the form (in its own alert, which choosing a type or sending the form leaves alone) with a
 * Try again button.
 */
export async function loadSourceTypes() {
  const client = state.client;
  typeSelect.replaceChildren(el('option', { value: '' }, 'Loading source types…'));
  typeSelect.disabled = true;
  try {
    const all = await client.listSourceTypes();
    if (client !== state.client) return; // a newer connect loads its own
    state.types = new Map(all.map((type) => [type.service_name, type]));
    const creatable = all.filter((type) => type.creatable_via_api)
      .sort((a, b) => (a.label ?? a.service_name).localeCompare(b.label ?? b.service_name));
    typeSelect.replaceChildren(el('option', { value: '' }, 'Choose a type…'),
      ...creatable.map((type) => el('option', { value: type.service_name }, type.label ?? type.service_name)));
    typeSelect.disabled = false;
    showAlert($('types-error'), null, undefined, { focusAfter: typeSelect });
    renderRows(); // type labels in the table
  } catch (error) {
    if (client !== state.client) return;
    // Short, so the disabled menu shows it whole; the alert says why.
    typeSelect.replaceChildren(el('option', { value: '' }, 'Types not loaded'));
    showAlert($('types-error'), describe(error, 'load the source types', { list: true }), () => loadSourceTypes());
  }
  chooseType();
}

/**
 * A field's placeholder as an example: the API's ("5432", "census") read as values already filled
 * in, so each says "e.g." before it, unless it already reads as an example.
 */
function exampleOf(placeholder) {
  const text = placeholder == null ? '' : String(placeholder).trim();
  return !text || /^(e\.g\.|for example|example)\b/i.test(text) ? text : `e.g. ${text}`;
}

/**
 * A configuration field as the form uses it, from the API's `{ id, label, type, rules, show,
 * is_password_type_field, placeholder, input_type }`: `required` from its rules, `when` from its
 * `show` condition (`{ flag: value }`, checked against the type's checkboxes), a textarea when
 * the Census app asks for one.
 */
function formField(field) {
  const rules = Array.isArray(field.rules) ? field.rules : typeof field.rules === 'string' ? field.rules.split('|') : [];
  const condition = field.show?.if;
  let when = null;
  if (typeof condition === 'string') when = { [condition]: true };
  else if (condition && typeof condition === 'object') when = condition;
  const kind = field.type === 'boolean' || field.type === 'integer' ? field.type
    : field.input_type?.type === 'textarea' ? 'text' : 'string';
  return {
    name: field.id,
    label: field.label || field.id,
    type: kind,
    required: rules.some((rule) => typeof rule === 'string' && (rule.trim() === 'required' || rule.startsWith('required:'))),
    secret: field.is_password_type_field === true,
    placeholder: exampleOf(field.placeholder),
    when,
  };
}

function inputFor(field, id) {
  const common = { id, required: field.required, 'aria-describedby': `${id}-error`, dataset: { key: field.name, kind: field.type } };
  switch (field.type) {
    case 'boolean':
      return el('input', { ...common, type: 'checkbox', required: false });
    case 'integer':
      return el('input', { ...common, type: 'number', step: 1, inputMode: 'numeric', placeholder: field.placeholder });
    case 'text':
      return el('textarea', { ...common, rows: 4, spellcheck: false, class: 'mono', placeholder: field.placeholder });
    default:
      return el('input', {
        ...common, type: field.secret ? 'password' : 'text', autocomplete: field.secret ? 'new-password' : 'off',
        spellcheck: false, placeholder: field.placeholder,
      });
  }
}

function buildCredentialField(field, index) {
  const id = `cred-${index}`;
  const input = inputFor(field, id);
  const mark = field.required ? el('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const box = field.type === 'boolean'
    ? el('div', { class: 'choice field' }, input, el('label', { for: id }, field.label, mark), error)
    : el('div', { class: field.type === 'text' ? 'field wide' : 'field' }, el('label', { for: id }, field.label, mark), input, error);
  credentialInputs.push({ field, input, box });
  return box;
}

/** Whether a field applies: no `show` condition, or every checkbox it names as it says. */
function applies(field) {
  if (!field.when) return true;
  return Object.entries(field.when).every(([flag, expected]) => {
    const box = credentialInputs.find((entry) => entry.field.name === flag && entry.field.type === 'boolean');
    return box !== undefined && box.input.checked === (expected === true || expected === 'true');
  });
}

/** Shows the fields whose condition holds and hides (and disables) the others. */
function showApplicable() {
  for (const { field, input, box } of credentialInputs) {
    const on = applies(field);
    box.hidden = !on;
    input.disabled = !on;
  }
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

/** The "Add a credential" button: one more key and value row, focused. */
export function addCredentialRow() {
  const row = kvRow();
  $('kv-rows').append(row);
  row.querySelector('.kv-key').focus();
}

export function chooseType() {
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
  } else if (Array.isArray(type.configuration_fields?.fields)) {
    const fields = type.configuration_fields.fields.map(formField);
    intro.hidden = fields.length > 0;
    intro.textContent = `${type.label ?? type.service_name} needs no credentials.`;
    credentialFields.append(...fields.map(buildCredentialField));
    for (const { field, input } of credentialInputs) {
      if (field.type === 'boolean') input.addEventListener('change', showApplicable);
    }
    showApplicable();
  } else {
    intro.hidden = true;
    $('kv-editor').hidden = false;
    $('kv-rows').append(kvRow());
  }
  // Only words can be offered: an empty name (an answer may hold one) has no first letter.
  const engines = (type?.supported_sync_engines ?? []).filter((engine) => typeof engine === 'string' && engine !== '');
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
    if (!applies(field)) continue;
    const label = field.label;
    if (field.type === 'boolean') {
      credentials[field.name] = input.checked;
      continue;
    }
    const secret = field.secret || field.type === 'text';
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
  if (!$('retention-field').hidden && $('retention').validity.badInput) {
    // A number input holding "e" reads as "" but is not empty: refuse it rather than send nothing.
    errors.push([$('retention'), 'Retention must be a whole number of days, 1 or more.']);
  } else if (!$('retention-field').hidden && $('retention').value.trim() !== '') {
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

export async function createSource(event) {
  event.preventDefault();
  const submit = $('create-submit');
  // aria-disabled while a create runs (see setUnavailable): the button keeps the focus.
  if (isUnavailable(submit)) return;
  clearCreateErrors();
  const client = state.client;
  if (!client) return;
  const { input, errors } = readCreateForm();
  if (errors.length) {
    $('create-status').textContent = errors.length === 1 ? 'One field needs attention.' : `${errors.length} fields need attention.`;
    showFieldErrors(errors);
    return;
  }
  setUnavailable(submit, true);
  $('create').setAttribute('aria-busy', 'true');
  $('create-status').textContent = 'Creating the source…';
  try {
    const source = await client.createSource(input, { checkType: true });
    $('create-status').textContent = `Created “${sourceName(source)}” (id ${source.id}).`;
    for (const { input: field } of credentialInputs) {
      if (field.type === 'checkbox') field.checked = false;
      else field.value = '';
    }
    // The checkboxes are back to unticked: the fields they show or hide follow.
    showApplicable();
    $('source-name').value = '';
    $('source-label').value = '';
    if (!$('kv-editor').hidden) $('kv-rows').replaceChildren(kvRow());
    if (client !== state.client) return; // the list on show is another server's now
    state.highlight = source.id;
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
    setUnavailable(submit, false);
    $('create').removeAttribute('aria-busy');
  }
}
