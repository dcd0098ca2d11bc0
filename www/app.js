// The demo page: lists, creates, refreshes and deletes Census sources, and lists and triggers
// syncs, through census-wasm; switched to Stitch Connect in the server menu, lists its sources,
// pauses and unpauses them and follows replications. This module wires the page's parts
// together and starts it; each part is a module of its own:
//
//   connection.js        the connection panel, the client built from it, the request log
//   stitch-connection.js the panel's Stitch presets and access token, the StitchClient
//   connection-status.js the panel's status line: Connected only once the server has answered
//   views.js             the Sources, Syncs and Stitch sources views, chosen by the URL hash
//   sources-table.js     the sources table with paging
//   create-form.js       the create form, generated from the source type's configuration_fields
//   table-refresh.js     table refreshes with progress, resumed after a reload
//   follow.js            follows a refresh or a run through failed status checks
//   retry-notice.js      what a loading list says while the client waits out a busy server
//   delete-source.js     delete, after a confirmation in the page
//   syncs-table.js       the syncs table with paging, names and each sync's newest run
//   sync-runs.js         sync runs triggered and followed live, resumed after a reload
//   destination-object.js  a destination object's fields
//   stitch-sources.js    the Stitch sources table: type, status, setup step
//   stitch-pause.js      pause and unpause a Stitch source
//   stitch-replication.js  replications started and followed live, phase by phase, resumed after a reload
//   csp.js               whether the page's Content-Security-Policy lets it reach a base URL
//   error-messages.js    errors in words a person can act on (stitch-error-messages.js for Stitch)
//   dom.js, state.js     small DOM and formatting helpers; the state the parts share
//
// Written to be copied. API data only ever reaches the page as text (textContent, element
// properties); nothing here parses HTML, and the page's CSP (Trusted Types) would refuse it if
// it did. The token lives in memory, or in sessionStorage when the user opts in; never in
// localStorage, never in a URL. Plain ES modules, loaded by the browser as they are: no build step.
import init from '/pkg/index.js'; // `from 'census-wasm'` in an app with a bundler
import {
  choosePreset, chosenService, connect, logRequest, matchPreset, syncServiceFields, syncTokenFields, TOKEN_KEY, useLastCensus,
} from './connection.js';
import { addCredentialRow, chooseType, createSource, loadSourceTypes } from './create-form.js';
import { deleteSource } from './delete-source.js';
import { forgetObject, openObject } from './destination-object.js';
import { $, isUnavailable, setFieldError } from './dom.js';
import { clearSources, goTo, load, setRowActions } from './sources-table.js';
import { state } from './state.js';
import { connectStitch, forgetStitchToken, restoreStitch, useLastStitch } from './stitch-connection.js';
import { togglePause } from './stitch-pause.js';
import {
  forgetReplications, resumeReplication, resumeReplications, startReplication, stopJob,
} from './stitch-replication.js';
import { clearStitchSources, loadStitchSources, setStitchRowActions } from './stitch-sources.js';
import { forgetRuns, resumeRun, resumeRuns, stopWaiting, triggerRun } from './sync-runs.js';
import { clearSyncs, forgetNames, goToSyncs, loadSyncs, setSyncRowActions } from './syncs-table.js';
import { forgetRefreshes, refreshTables, resumeRefresh, resumeRefreshes } from './table-refresh.js';
import {
  connectedTo, DEFAULT_VIEW, serviceOf, setServiceSwitch, setViewLoader, showView, viewFromHash,
} from './views.js';

// The view the URL names shows at once; its data loads once the client is ready (below).
const firstView = viewFromHash() ?? DEFAULT_VIEW;
showView(firstView);
setViewLoader('sources', () => state.client && Promise.all([load(), loadSourceTypes()]));
setViewLoader('syncs', () => state.client && loadSyncs());
setViewLoader('stitch', () => {
  if (!state.stitch.client) return false;
  resumeReplications(); // jobs this tab followed before a reload go on, each in its row
  return loadStitchSources();
});

/**
 * Connects to the service the server menu names: false (with the reason shown) if it cannot,
 * else `{ otherAccount }`, whether the server or token differ from that service's last client's.
 */
function connectChosen() {
  const service = chosenService();
  const connected = service === 'stitch' ? connectStitch(logRequest) : connect();
  if (connected) state.service = service;
  return connected;
}

/**
 * Connects with the panel as it is (Connect, or a URL naming the other service's view, `view`),
 * and shows the service's views: false if it could not (the panel says why).
 */
function connectFromPanel(view = null) {
  const connected = connectChosen();
  if (!connected) return false;
  if (state.service === 'census') {
    if (connected.otherAccount) {
      // Another server or token, so maybe another workspace: the runs and refreshes followed,
      // and those kept for a reload, were the last one's, and so were its syncs' last runs.
      forgetRuns();
      forgetRefreshes();
      state.lastRuns.clear();
    }
    // Another client: the rows on show, their paging and totals, and their buttons, were the
    // last one's. They go at once, not when the new list arrives (it may never).
    clearSources();
    clearSyncs();
    forgetObject();
    forgetNames();
    state.page = 1;
    state.syncs.page = 1;
  } else {
    // Another server or token, so another account: the jobs followed were the last one's.
    if (connected.otherAccount) forgetReplications();
    clearStitchSources(); // the same for the Stitch sources, their notes and their buttons
  }
  connectedTo(state.service, view);
  if (state.service === 'census') resumeRuns();
  return true;
}

$('connection').addEventListener('submit', (event) => {
  event.preventDefault();
  connectFromPanel();
});
// A URL naming the other service's view (#/stitch typed into a Census tab) connects to that
// service, as a load of that URL would: the server this tab last used for it, else the local one.
setServiceSwitch((view) => {
  if (serviceOf(view) === 'stitch') useLastStitch();
  else useLastCensus();
  syncServiceFields();
  return connectFromPanel(view);
});
$('preset').addEventListener('change', choosePreset);
$('base-url').addEventListener('input', matchPreset);
for (const radio of document.querySelectorAll('input[name=auth]')) radio.addEventListener('change', syncTokenFields);
$('remember-token').addEventListener('change', () => {
  if (!$('remember-token').checked) sessionStorage.removeItem(TOKEN_KEY);
});
$('remember-stitch-token').addEventListener('change', forgetStitchToken);

setRowActions({ refresh: refreshTables, resume: resumeRefresh, delete: deleteSource });
// The pager's buttons are aria-disabled rather than disabled (see setUnavailable in dom.js).
$('prev').addEventListener('click', () => {
  if (!isUnavailable($('prev'))) goTo(Math.max(1, state.page - 1));
});
$('next').addEventListener('click', () => {
  if (!isUnavailable($('next'))) goTo(state.page + 1);
});
$('reload').addEventListener('click', () => load());
$('per-page').addEventListener('change', () => {
  state.perPage = Number($('per-page').value);
  goTo(1);
});
$('order').addEventListener('change', () => {
  state.order = $('order').value;
  goTo(1);
});

setSyncRowActions({
  trigger: triggerRun,
  stop: stopWaiting,
  resume: resumeRun,
  object: (sync, opener, client) => openObject(sync.destination_attributes.connection_id, sync.destination_attributes.object, opener, client),
});
$('syncs-prev').addEventListener('click', () => {
  if (!isUnavailable($('syncs-prev'))) goToSyncs(Math.max(1, state.syncs.page - 1));
});
$('syncs-next').addEventListener('click', () => {
  if (!isUnavailable($('syncs-next'))) goToSyncs(state.syncs.page + 1);
});
$('syncs-reload').addEventListener('click', () => {
  forgetNames(); // a renamed source or destination shows its new name
  loadSyncs();
});

setStitchRowActions({ pause: togglePause, start: startReplication, stop: stopJob, resume: resumeReplication });
$('stitch-reload').addEventListener('click', () => loadStitchSources());

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
// A Stitch view in the URL starts on Stitch: the local stand-in, or the server kept for this tab.
restoreStitch(serviceOf(firstView) === 'stitch');
syncServiceFields();

await init();
if (connectChosen()) {
  if (state.service === 'census') {
    // Runs and refreshes this tab was waiting for go on, whichever view is on show.
    resumeRefreshes();
    resumeRuns();
  }
  await connectedTo(state.service);
}
document.documentElement.dataset.ready = 'true';
