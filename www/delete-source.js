// Deleting a source, after the user confirms in the page's own <dialog>.
import { CensusNotFoundError } from '/pkg/index.js';
import { $, showAlert } from './dom.js';
import { describe } from './error-messages.js';
import { findRow, forgetShown, load, sourceName, typeLabel } from './sources-table.js';
import { state } from './state.js';

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

export async function deleteSource(source) {
  if (!(await confirmDelete(source))) return;
  const name = sourceName(source);
  const row = findRow(source.id);
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
  forgetShown(source.id);
  state.refreshes.delete(source.id);
  await load();
  $('status').textContent = `Deleted “${name}”. ${$('status').textContent}`;
  $('sources-title').focus();
}
