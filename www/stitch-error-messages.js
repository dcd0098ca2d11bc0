// Stitch Connect errors in words a person can act on, as error-messages.js does for Census. The
// client's Stitch errors are CensusErrors too; a StitchApiError also carries Stitch's own error
// `type` (`already_running`, `invalid_source`, `unauthorized`…), which is named in the message.
import {
  CensusApiError,
  CensusInputError,
  CensusNetworkError,
  CensusRateLimitError,
  CensusResponseError,
  CensusTimeoutError,
  StitchJobError,
} from '/pkg/index.js';
import { blockedOrigin } from './csp.js';
import { cspRefused, gatewayFailed } from './error-messages.js';
import { hostOf, waitWords } from './dom.js';
import { state } from './state.js';

const PHASES = ['discovery', 'tap', 'target'];

/**
 * The phase a finished extraction failed in, with its exit status (null when terminated) and
 * description, or null. A job Stitch terminated (stopped, or timed out) has no exit status in
 * any phase and does not say which phase was running: its `phase` is null.
 */
export function failedPhase(extraction) {
  const status = (name) => extraction?.[`${name}_exit_status`];
  if (extraction && PHASES.every((name) => status(name) == null)) {
    return { phase: null, status: null, description: extraction.discovery_description ?? null };
  }
  const phase = PHASES.find((name) => status(name) != null && status(name) !== 0)
    // A job Stitch terminated finishes with no exit status, its phases described ("Terminated").
    ?? PHASES.find((name) => status(name) == null && extraction?.[`${name}_description`]);
  return phase
    ? { phase, status: extraction[`${phase}_exit_status`], description: extraction[`${phase}_description`] ?? null }
    : null;
}

/**
 * Where and why an extraction failed, to follow "the job failed": " in the tap phase (exit
 * status 1): why", " in the tap phase: Terminated", ": Stitch ended it before it finished
 * (Terminated)." for a terminated job, or "." when it does not say.
 */
export function failureWords(extraction) {
  const failed = failedPhase(extraction);
  if (!failed) return '.';
  if (failed.phase === null) return `: Stitch ended it before it finished${failed.description ? ` (${failed.description})` : ''}.`;
  const code = failed.status == null ? '' : ` (exit status ${failed.status})`;
  return ` in the ${failed.phase} phase${code}${failed.description ? `: ${failed.description}` : '.'}`;
}

/** `{ title, detail, type?, retryAfterMs? }` for an error, in the context of `doing` ("pause “Postgres 1”"). */
export function describeStitch(error, doing) {
  const baseUrl = state.stitch.baseUrl ?? '/stitch';
  const host = hostOf(baseUrl);
  const local = new URL(baseUrl, location.href).origin === location.origin;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const type = typeof error?.type === 'string' && error.type ? error.type : undefined;
  const say = (title, extra = {}) => ({ title, detail, type, ...extra });
  const said = error?.apiMessage ? ` Stitch said: “${error.apiMessage}”` : '';

  if (error instanceof StitchJobError) {
    return say(`Could not ${doing}: the job failed${failureWords(error.extraction)}`);
  }
  if (type === 'already_running') {
    return say(`Could not ${doing}: a replication job is already running for it (already_running). `
      + `Wait for that one to finish, then start another.${said}`);
  }
  if (error instanceof CensusApiError && error.status === 401) {
    return local
      ? say(`Could not ${doing}: the local Stitch refused the access token (HTTP 401). `
        + 'It takes census-local’s --stitch-token, census-local-dev-stitch unless it was started with another.')
      : say(`Could not ${doing}: Stitch refused the access token (HTTP 401). Check the token.`);
  }
  if (error instanceof CensusRateLimitError || (error instanceof CensusApiError && error.status === 429)) {
    const wait = error.retryAfterMs;
    return say(wait
      ? `Stitch is limiting requests right now. Try again ${waitWords(wait)}.`
      : 'Stitch is limiting requests right now. Wait a moment, then try again.', { retryAfterMs: wait });
  }
  if (error instanceof CensusApiError) {
    const kind = type ? `, ${type}` : '';
    if (error.status >= 500) {
      return say(`Could not ${doing}: Stitch had a problem (HTTP ${error.status}${kind}). Try again ${waitWords(error.retryAfterMs)}.${said}`,
        { retryAfterMs: error.retryAfterMs });
    }
    if (error.status === 404) {
      return say(`Could not ${doing}: it no longer exists (HTTP 404${kind}). Reload the list.${said}`);
    }
    return say(`Could not ${doing}: Stitch refused the request (HTTP ${error.status}${kind}).${said}`);
  }
  const blocked = error instanceof CensusNetworkError && blockedOrigin(baseUrl);
  if (blocked) return say(cspRefused(doing, blocked, '/stitch'));
  if (error instanceof CensusNetworkError) {
    return local
      ? say(`Could not ${doing}: no answer from ${host}. Is the local Census running? Start it with scripts/demo.sh, then try again.`)
      : say(`Could not ${doing}: no answer from ${host}. Check your connection and the base URL; `
        + 'a browser page may have to reach Stitch through a proxy on its own origin.');
  }
  if (error instanceof CensusTimeoutError) {
    return say(`Could not ${doing}: ${host} did not answer in time. It may be busy or unreachable; try again.`);
  }
  if (error instanceof CensusResponseError && error.status >= 500) return say(gatewayFailed(doing, error.status));
  if (error instanceof CensusResponseError) {
    return say(`Could not ${doing}: the answer from ${host} is not what the Stitch Connect API sends. `
      + 'Check the base URL: https://api.stitchdata.com, or /stitch for the local Census.');
  }
  if (error instanceof CensusInputError) {
    return say(`Could not ${doing}: ${error.message}`);
  }
  return say(`Could not ${doing}: something unexpected went wrong.`);
}
