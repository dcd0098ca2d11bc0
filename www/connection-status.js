// The connection panel's status line, for Census and Stitch alike: "Connecting to …" from a
// connect until the server has answered, "Connected to …" once a list of that connect's client
// succeeds, "Not connected…" when the server refuses the credentials or never answered this
// connect, "Not reachable…" when it answered before and a list now gets no answer (a server
// stopped), until a list succeeds again. A refused token, or a server gone, must not read "Connected".
import { CensusAuthenticationError, CensusNetworkError, CensusTimeoutError } from '/pkg/index.js'; // `from 'census-wasm'` in an app with a bundler
import { $ } from './dom.js';

/** The last connect: its client, where it points and how, and whether the server has answered it yet. */
let connection = null;

/**
 * A connect built `client`: the line says it is connecting to `where` (`127.0.0.1:8787/api/v1`,
 * `Stitch at …`) `how` (`with the API token`) until a list answers; `refused` is what the server
 * refuses when it refuses the credentials (`the API token`).
 */
export function connecting(client, { where, how, refused }) {
  connection = { client, where, how, refused, confirmed: false };
  $('connection-status').textContent = `Connecting to ${where} ${how}…`;
}

/** A list request of `client` succeeded: the panel says it is connected. */
export function connectionWorks(client) {
  if (!connection || connection.client !== client) return;
  connection.confirmed = true;
  $('connection-status').textContent = `Connected to ${connection.where} ${connection.how}.`;
}

/**
 * A list request of `client` failed: the panel says so when the server refused the credentials,
 * never answered this connect, or answered before and does not now.
 */
export function connectionFailed(client, error) {
  if (!connection || connection.client !== client) return;
  if (error instanceof CensusAuthenticationError) {
    connection.confirmed = false;
    $('connection-status').textContent = `Not connected: ${connection.where} refused ${connection.refused}.`;
  } else if (connection.confirmed && (error instanceof CensusNetworkError || error instanceof CensusTimeoutError)) {
    // An error answer (a 500) still shows the server there; no answer does not.
    $('connection-status').textContent = `Not reachable: ${connection.where} did not answer the last request.`;
  } else if (!connection.confirmed) {
    $('connection-status').textContent = `Not connected to ${connection.where} yet: see the message below.`;
  }
}
