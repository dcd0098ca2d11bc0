// The connection panel: the server presets, the authentication choice, the client built from
// them, and the log of its requests. The token lives in memory, or in sessionStorage when the
// user opts in; never in localStorage, never in a URL. The Stitch presets and their token are
// stitch-connection.js's; this module switches the panel between the two services.
import { CensusClient, CensusInputError } from '/pkg/index.js'; // `from 'census-wasm'` in an app with a bundler
import { connecting } from './connection-status.js';
import { blockedOrigin } from './csp.js';
import { $, el, hostOf, setFieldError, showAlert } from './dom.js';
import { baseUrlProblem, cspProblem, describe, tokenProblem } from './error-messages.js';
import { noticeFetch } from './retry-notice.js';
import { state } from './state.js';
import { STITCH_HINTS, STITCH_PRESETS, chooseStitchPreset, isStitchPreset } from './stitch-connection.js';

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
/** The local preset's hint when a token is entered in the page: kept, and sent. */
const LOCAL_TOKEN_HINT = 'The local Census serves this page and the API from the same origin, and needs no token from it; '
  + 'the token entered is sent (it takes census-local’s --token, census-local-dev-token unless started with another). '
  + 'Choose “Through a proxy, no token” to leave it out.';
export const TOKEN_KEY = 'census-demo.apiToken';
const LOG_LIMIT = 50;

const logList = $('log');
let logCount = 0;

/** The request log's entry for one answered (or failed) request: an `onResponse` hook. */
export function logRequest(info) {
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

/** The base URL's hint for `preset`: the local one says whether a token entered is sent. */
function hintFor(preset) {
  return preset === 'local' && $('auth-token').checked ? LOCAL_TOKEN_HINT : HINTS[preset];
}

export function syncTokenFields() {
  const token = $('auth-token').checked;
  $('token-fields').hidden = !token;
  if ($('preset').value === 'local') $('base-url-hint').textContent = hintFor('local');
}

/** The service the server menu names: 'census' or 'stitch'. */
export const chosenService = () => (isStitchPreset($('preset').value) ? 'stitch' : 'census');

/** Shows the chosen service's authentication fields. */
export function syncServiceFields() {
  const stitch = chosenService() === 'stitch';
  $('census-auth').hidden = stitch;
  $('stitch-auth').hidden = !stitch;
}

/** The server and token of the CensusClient in use (null before the first): a Census token names its workspace. */
let account = null;

/**
 * Builds a client from the connection form. Returns false (with the reason shown) if it cannot,
 * and the client as it was stays. Otherwise `{ otherAccount }`: whether the server or the token
 * differ from the last client's (another workspace, maybe), so that what the page followed
 * there is not this one's. A first connect has no last client: what this tab kept for a reload
 * is resumed on its server alone, since the token is never kept with it.
 */
export function connect() {
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
  let client;
  try {
    client = new CensusClient({
      baseUrl,
      apiToken: mode === 'token' ? apiToken : undefined,
      timeoutMs: 20_000,
      onResponse: logRequest,
      fetch: noticeFetch, // the global fetch, reading Retry-After for the list that waits
    });
  } catch (error) {
    // The client as it was stays: the page goes on talking to the server it was connected to.
    if (error instanceof CensusInputError && error.field === 'baseUrl') {
      setFieldError($('base-url'), baseUrlProblem(error, baseUrl));
      $('base-url').focus();
    } else if (error instanceof CensusInputError && error.field === 'apiToken') {
      setFieldError($('api-token'), tokenProblem(error, 'API token'));
      $('api-token').focus();
    } else {
      showAlert($('error'), describe(error, 'connect'));
    }
    return false;
  }
  // A base URL the client takes, but the page's CSP does not let it reach: the browser would
  // refuse every request (and the client retry each in vain), so it is refused now, saying why.
  const blocked = blockedOrigin(baseUrl);
  if (blocked) {
    client.free();
    setFieldError($('base-url'), cspProblem(blocked, PRESETS.local));
    $('base-url').focus();
    return false;
  }
  state.client = client;
  const token = mode === 'token' ? apiToken : null;
  const otherAccount = account !== null && (account.baseUrl !== baseUrl || account.token !== token);
  account = { baseUrl, token };
  if (otherAccount) {
    // Another workspace: what was known about the last one's sources no longer applies.
    state.refreshes.clear();
    state.highlight = null;
  }
  state.mode = mode;
  state.baseUrl = baseUrl;
  if (mode === 'token' && $('remember-token').checked) sessionStorage.setItem(TOKEN_KEY, apiToken);
  else sessionStorage.removeItem(TOKEN_KEY);
  // Connected only once the server has answered: a refused token must not read "Connected".
  connecting(state.client, {
    where: `${hostOf(baseUrl)}${new URL(baseUrl, location.href).pathname}`,
    how: mode === 'token' ? 'with the API token' : 'through the proxy, no token',
    refused: mode === 'token' ? 'the API token' : 'the request without a token',
  });
  return { otherAccount };
}

export function choosePreset() {
  const preset = $('preset').value;
  setFieldError($('base-url'), null);
  syncServiceFields();
  if (isStitchPreset(preset)) {
    chooseStitchPreset(preset);
    return;
  }
  if (preset in PRESETS) $('base-url').value = PRESETS[preset];
  // The real API needs a token unless a proxy adds it; the local Census plays that proxy.
  if (preset === 'us' || preset === 'eu') $('auth-token').checked = true;
  // A token the user entered (and maybe chose to keep for this tab) stays in use rather than be
  // dropped, and deleted from the tab at the next Connect, without a word: the hint says it is
  // sent, and how to leave it out.
  if (preset === 'local' && !($('auth-token').checked && $('api-token').value.trim())) $('auth-proxy').checked = true;
  if (preset === 'custom') $('base-url').focus();
  $('base-url-hint').textContent = hintFor(preset);
  syncTokenFields();
}

/**
 * For a URL naming a Census view while the page is on Stitch: the panel back on the Census server
 * and authentication this tab last used (the local Census at first), ready to connect.
 */
export function useLastCensus() {
  const preset = Object.entries(PRESETS).find(([, url]) => url === state.baseUrl)?.[0] ?? 'custom';
  $('preset').value = preset;
  $('base-url').value = state.baseUrl;
  $(state.mode === 'token' ? 'auth-token' : 'auth-proxy').checked = true;
  $('base-url-hint').textContent = hintFor(preset);
  syncTokenFields();
}

/** After the base URL is edited: the preset it matches, within the service chosen. */
export function matchPreset() {
  const value = $('base-url').value.trim();
  const stitch = chosenService() === 'stitch';
  const found = Object.entries(stitch ? STITCH_PRESETS : PRESETS).find(([, url]) => url === value);
  $('preset').value = found ? found[0] : stitch ? 'stitch-custom' : 'custom';
  $('base-url-hint').textContent = stitch ? STITCH_HINTS[$('preset').value] : hintFor($('preset').value);
}
