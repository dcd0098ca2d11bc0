// The connection panel's Stitch Connect side: its server presets, the access token field and the
// StitchClient built from them. Like the Census token, the Stitch token lives in memory, or in
// sessionStorage (with its server) when the user opts in; never in localStorage, never in a URL.
import { CensusInputError, StitchClient } from '/pkg/index.js'; // `from 'census-wasm'` in an app with a bundler
import { connecting } from './connection-status.js';
import { blockedOrigin } from './csp.js';
import { $, hostOf, setFieldError, showAlert } from './dom.js';
import { baseUrlProblem, cspProblem, tokenProblem } from './error-messages.js';
import { noticeFetch } from './retry-notice.js';
import { describeStitch } from './stitch-error-messages.js';
import { state } from './state.js';

export const STITCH_PRESETS = {
  'stitch-local': '/stitch',
  stitch: 'https://api.stitchdata.com',
};
/** census-local's default `--stitch-token`: published in its usage, so no secret. */
export const LOCAL_STITCH_TOKEN = 'census-local-dev-stitch';
export const STITCH_HINTS = {
  'stitch-local': 'The local Census serves a stand-in for the Stitch Connect API under /stitch, on this page’s origin; started with --stitch-upstream, it forwards /stitch to the real Stitch instead.',
  stitch: 'Stitch Connect is an API for servers: if it does not answer a browser page, reach it through a proxy on this origin, such as census-local started with --stitch-upstream https://api.stitchdata.com (then choose the local Stitch, /stitch).',
  'stitch-custom': 'A path such as /stitch reaches a proxy on this origin: census-local with --stitch-upstream forwards it to Stitch with the token it holds (here, enter its --stitch-token). Any other origin must also be added to connect-src in the page’s CSP.',
};
const TOKEN_HINTS = {
  local: 'The local Stitch takes census-local’s --stitch-token; this is its default. Kept in this page’s memory only.',
  remote: 'Kept in this page’s memory only. A Stitch access token acts for the whole account; use this for local or internal tools.',
};
/** `{ baseUrl, accessToken }` of the last Stitch connection, when the user opted in. */
export const STITCH_KEY = 'census-demo.stitch';

export const isStitchPreset = (preset) => preset.startsWith('stitch');

function saved() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(STITCH_KEY) ?? 'null');
    return typeof kept?.baseUrl === 'string' && typeof kept?.accessToken === 'string' ? kept : null;
  } catch {
    return null;
  }
}

function hintToken(local) {
  $('stitch-token-hint').textContent = local ? TOKEN_HINTS.local : TOKEN_HINTS.remote;
}

/**
 * Fills the fields for a Stitch preset: the local stand-in's published token, or for the real
 * API the token kept for this tab (never the local one).
 */
export function chooseStitchPreset(preset) {
  if (preset in STITCH_PRESETS) $('base-url').value = STITCH_PRESETS[preset];
  const local = preset === 'stitch-local';
  const token = $('stitch-token');
  if (local) token.value = LOCAL_STITCH_TOKEN;
  else if (token.value === LOCAL_STITCH_TOKEN) token.value = saved()?.accessToken ?? '';
  hintToken(local);
  $('base-url-hint').textContent = STITCH_HINTS[preset];
  if (preset === 'stitch-custom') $('base-url').focus();
  else if (!local && !token.value) token.focus();
}

/** The preset whose URL is `baseUrl`, else the custom one. */
export function stitchPresetOf(baseUrl) {
  return Object.entries(STITCH_PRESETS).find(([, url]) => url === baseUrl)?.[0] ?? 'stitch-custom';
}

/** At start: the token kept for this tab, and, when `useServer`, its server too. */
export function restoreStitch(useServer) {
  const kept = saved();
  if (kept) {
    $('stitch-token').value = kept.accessToken;
    $('remember-stitch-token').checked = true;
  }
  if (!useServer) return;
  const preset = kept ? stitchPresetOf(kept.baseUrl) : 'stitch-local';
  $('preset').value = preset;
  $('base-url').value = kept ? kept.baseUrl : STITCH_PRESETS[preset];
  $('base-url-hint').textContent = STITCH_HINTS[preset];
  if (!kept) $('stitch-token').value = LOCAL_STITCH_TOKEN;
  hintToken(preset === 'stitch-local');
}

/**
 * For a URL naming the Stitch view while the page is on Census: the panel on the Stitch server
 * this tab last used, with its token still in the field, else as at start (restoreStitch).
 */
export function useLastStitch() {
  if (!state.stitch.baseUrl) {
    restoreStitch(true);
    return;
  }
  const preset = stitchPresetOf(state.stitch.baseUrl);
  $('preset').value = preset;
  $('base-url').value = state.stitch.baseUrl;
  $('base-url-hint').textContent = STITCH_HINTS[preset];
  hintToken(preset === 'stitch-local');
}

export function forgetStitchToken() {
  if (!$('remember-stitch-token').checked) sessionStorage.removeItem(STITCH_KEY);
}

/** The server and token of the StitchClient in use (null before the first): a Stitch access token names its account. */
let account = null;

/**
 * Builds a StitchClient from the form. Returns false (with the reason shown) if it cannot, and
 * the client as it was stays: the page goes on with the server it was connected to. Otherwise
 * `{ otherAccount }`: whether the server or the token differ from the last client's, so that
 * what the page followed there is not this one's (a first connect has no last client; see connect
 * in connection.js).
 */
export function connectStitch(onResponse) {
  const baseUrl = $('base-url').value.trim();
  const accessToken = $('stitch-token').value.trim();
  setFieldError($('base-url'), null);
  setFieldError($('stitch-token'), null);
  if (!baseUrl) {
    setFieldError($('base-url'), 'Enter the API’s base URL, or choose a server above.');
    $('base-url').focus();
    return false;
  }
  if (!accessToken) {
    setFieldError($('stitch-token'), 'Enter the Stitch access token.');
    $('stitch-token').focus();
    return false;
  }
  let client;
  try {
    client = new StitchClient({ baseUrl, accessToken, timeoutMs: 20_000, onResponse, fetch: noticeFetch });
  } catch (error) {
    if (error instanceof CensusInputError && error.field === 'baseUrl') {
      setFieldError($('base-url'), baseUrlProblem(error, baseUrl));
      $('base-url').focus();
    } else if (error instanceof CensusInputError && error.field === 'accessToken') {
      setFieldError($('stitch-token'), tokenProblem(error, 'access token'));
      $('stitch-token').focus();
    } else {
      showAlert($('stitch-error'), describeStitch(error, 'connect'));
    }
    return false;
  }
  // A base URL the client takes but the page's CSP does not let it reach (see connect in connection.js).
  const blocked = blockedOrigin(baseUrl);
  if (blocked) {
    client.free();
    setFieldError($('base-url'), cspProblem(blocked, STITCH_PRESETS['stitch-local']));
    $('base-url').focus();
    return false;
  }
  state.stitch.client = client;
  const otherAccount = account !== null && (account.baseUrl !== baseUrl || account.accessToken !== accessToken);
  account = { baseUrl, accessToken };
  state.stitch.baseUrl = baseUrl;
  if ($('remember-stitch-token').checked) sessionStorage.setItem(STITCH_KEY, JSON.stringify({ baseUrl, accessToken }));
  else sessionStorage.removeItem(STITCH_KEY);
  // Connected only once Stitch has answered (the sources list): a refused token must not read "Connected".
  connecting(state.stitch.client, {
    where: `Stitch at ${hostOf(baseUrl)}${new URL(baseUrl, location.href).pathname}`, how: 'with the access token', refused: 'the access token',
  });
  return { otherAccount };
}
