// Pausing and unpausing a Stitch source from its row: pauseSource sets `paused_at` to now,
// unpauseSource clears it; the row shows the source as Stitch answers it. Every call uses the
// client that listed the row, and only while the page still uses it.
import { describeStitch } from './stitch-error-messages.js';
import { findStitchRow, paintSource, setStitchSource, statusOf, stitchName } from './stitch-sources.js';
import { state } from './state.js';

function setNote(source, note) {
  state.stitch.notes.set(source.id, note);
  const row = findStitchRow(source.id);
  if (row) paintSource(row, state.stitch.sources.get(source.id) ?? source);
}

/**
 * Pauses an active source, unpauses a paused one, with `client`, the client that listed its row.
 * After a connect elsewhere (another server or token) the same id may name another account's
 * source: the row's button then does nothing, and an answer that comes after is dropped.
 */
export async function togglePause(source, client) {
  if (client !== state.stitch.client) return;
  const name = stitchName(source);
  const pausing = statusOf(source) === 'active';
  setNote(source, { busy: true, tone: 'busy', text: pausing ? `Pausing “${name}”…` : `Unpausing “${name}”…` });
  try {
    const updated = pausing ? await client.pauseSource(source.id) : await client.unpauseSource(source.id);
    if (client !== state.stitch.client) return; // the rows on show are another client's now
    state.stitch.notes.set(source.id, {
      busy: false, tone: 'ok',
      text: pausing ? `Paused “${name}”: it does not replicate on its schedule until unpaused.`
        : `Unpaused “${name}”: it replicates on its schedule again.`,
    });
    setStitchSource(updated);
  } catch (error) {
    if (client !== state.stitch.client) return;
    setNote(source, { busy: false, tone: 'failed', text: describeStitch(error, `${pausing ? 'pause' : 'unpause'} “${name}”`).title });
  }
}
