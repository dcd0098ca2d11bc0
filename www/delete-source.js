// Deleting a source, after the user confirms in the page's own <dialog>.
import { CensusNotFoundError } from '/pkg/index.js';
import { $, showAlert } from './dom.js';
import { describe } from './error-messages.js';
import { findRow, forgetShown, listStatus, load, sourceName, typeLabel } from './sources-table.js';
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

/**
 * Deletes `source` with `client`, the client that listed its row, and only while the page still
 * uses that client: after a connect elsewhere the same id may name another source.
 */
export async function deleteSource(source, client) {
  if (client !== state.client) return;
  if (!(await confirmDelete(source)) || client !== state.client) return;
  const name = sourceName(source);
  const row = findRow(source.id);
  row?.classList.add('deleting');
  $('status').textContent = `Deleting “${name}”…`;
  try {
    await client.deleteSource(source.id);
  } catch (error) {
    if (!(error instanceof CensusNotFoundError)) {
      row?.classList.remove('deleting');
      // The line said "Deleting …": it says it was not, and what is on show (the alert says why).
      $('status').textContent = `Could not delete “${name}”. ${listStatus()}`.trim();
      showAlert($('error'), describe(error, `delete “${name}”`), () => deleteSource(source, client));
      return;
    }
    // Already gone: the outcome the user wanted. Fall through and refresh the list.
  }
  if (client !== state.client) return; // the rows on show are another server's now
  row?.remove();
  forgetShown(source.id);
  state.refreshes.delete(source.id);
  await load();
  $('status').textContent = `Deleted “${name}”. ${$('status').textContent}`;
  $('sources-title').focus();
}
