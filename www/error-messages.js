// Errors in words a person can act on. Every CensusError says what it is by class; the
// technical line (name and message) is shown too, smaller, for whoever files the bug.
import {
  CensusApiError,
  CensusAuthenticationError,
  CensusInputError,
  CensusNetworkError,
  CensusNotFoundError,
  CensusRateLimitError,
  CensusResponseError,
  CensusTimeoutError,
} from '/pkg/index.js';
import { blockedOrigin } from './csp.js';
import { hostOf, waitWords } from './dom.js';
import { state } from './state.js';

function isLocal(baseUrl) {
  return new URL(baseUrl, location.href).origin === location.origin;
}

/**
 * `{ title, detail, retryAfterMs? }` for an error, in the context of `doing` ("load the
 * sources"); `list` when `doing` lists a collection, where a 404 means the base URL is wrong
 * rather than that something was deleted.
 */
export function describe(error, doing, { list = false } = {}) {
  const host = hostOf(state.baseUrl);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const say = (title, extra = {}) => ({ title, detail, ...extra });

  if (error instanceof CensusAuthenticationError && state.mode !== 'proxy' && isLocal(state.baseUrl)) {
    // The local Census's token is published (its usage names it), as the local Stitch's is.
    return say(`Could not ${doing}: the local Census refused the token (HTTP ${error.status}). `
      + 'It takes census-local’s --token, census-local-dev-token unless it was started with another; '
      + 'or choose “Through a proxy, no token”, since it serves this page.');
  }
  if (error instanceof CensusAuthenticationError) {
    return state.mode === 'proxy'
      ? say(`Could not ${doing}: ${host} refused the request without a token (HTTP ${error.status}). `
        + 'Check that the proxy adds the API token, or choose “API token in this page” and enter one.')
      : say(`Could not ${doing}: the API refused the token (HTTP ${error.status}). `
        + 'Check the API token, and that the server matches your workspace’s region (US or EU).');
  }
  if (error instanceof CensusRateLimitError) {
    const wait = error.retryAfterMs;
    return say(wait
      ? `Census is limiting requests right now. Try again ${waitWords(wait)}.`
      : 'Census is limiting requests right now. Wait a moment, then try again.', { retryAfterMs: wait });
  }
  if (error instanceof CensusNotFoundError && list) {
    return say(`Could not ${doing}: ${host} has no such list at ${pathOf(state.baseUrl)} (HTTP 404). `
      + 'Check the base URL: the Census API’s ends in /api/v1.');
  }
  if (error instanceof CensusNotFoundError) {
    return say(`Could not ${doing}: it no longer exists (HTTP 404). Someone may have deleted it; reload the list.`);
  }
  if (error instanceof CensusApiError) {
    const said = error.apiMessage ? ` Census said: “${error.apiMessage}”` : '';
    if (error.status >= 500) {
      // A 503 may say how long the outage lasts (Retry-After), as a 429 does.
      return say(`Could not ${doing}: the server had a problem (HTTP ${error.status}). Try again ${waitWords(error.retryAfterMs)}.${said}`,
        { retryAfterMs: error.retryAfterMs });
    }
    return say(`Could not ${doing}: the request was refused (HTTP ${error.status}).${said}`);
  }
  const blocked = error instanceof CensusNetworkError && blockedOrigin(state.baseUrl);
  if (blocked) return say(cspRefused(doing, blocked, '/api/v1'));
  if (error instanceof CensusNetworkError) {
    return isLocal(state.baseUrl)
      ? say(`Could not ${doing}: no answer from ${host}. Is the local Census running? Start it with scripts/demo.sh, then try again.`)
      : say(`Could not ${doing}: no answer from ${host}. Check your connection and the base URL. `
        + 'Census sends no CORS headers, so a browser page usually reaches it through a proxy on its own origin.');
  }
  if (error instanceof CensusTimeoutError) {
    return say(`Could not ${doing}: ${host} did not answer in time. It may be busy or unreachable; try again.`);
  }
  if (error instanceof CensusResponseError && error.status >= 500) return say(gatewayFailed(doing, error.status));
  if (error instanceof CensusResponseError) {
    return say(`Could not ${doing}: the answer from ${host} is not what the Census API sends. `
      + 'Check the base URL: it should end in /api/v1.');
  }
  if (error instanceof CensusInputError) {
    return say(`Could not ${doing}: ${error.message}`);
  }
  return say(`Could not ${doing}: something unexpected went wrong.`);
}

function pathOf(baseUrl) {
  try {
    return new URL(baseUrl, location.href).pathname;
  } catch {
    return baseUrl;
  }
}

/**
 * The client's reason for refusing an option (a `CensusInputError` whose `field` is the option's
 * name, `apiToken: contains whitespace…`) as a sentence about it, without the option's name:
 * "it contains whitespace…".
 */
function optionReason(error) {
  const reason = error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return (/^(must|is|has|contains)\b/.test(reason) ? `it ${reason}` : reason).replace(/\.$/, '');
}

/** The words for a token the client refused: `what` is "API token" or "access token". */
export function tokenProblem(error, what) {
  return `This ${what} will not work: ${optionReason(error)}.`;
}

/**
 * The words for a base URL the client refused: the client's reason without the option's name,
 * and how to write one that works.
 */
export function baseUrlProblem(error, value) {
  const sentence = optionReason(error);
  // A relative path (api/v1) or a scheme-less host (example.com/api): show both forms that work.
  const example = !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('/')
    ? ` For a path on this site, start it with /, as in /${value.replace(/^\/+/, '')}; for another server, give the whole https:// address.`
    : '';
  return `This base URL will not work: ${sentence}.${example}`;
}

/**
 * A request the page's CSP kept the browser from sending (not the network): `origin` is the
 * blocked one, `example` a path that reaches a proxy on this origin. Census and Stitch alike.
 */
export const cspRefused = (doing, origin, example) => `Could not ${doing}: the page’s Content-Security-Policy does not allow connecting to ${origin} `
  + `(connect-src), so the browser refused the request. ${cspAdvice(example)}`;

/** A gateway's or server's error page (HTML) rather than the API's JSON. Census and Stitch alike. */
export const gatewayFailed = (doing, status) => `Could not ${doing}: the server or a gateway in front of it failed (HTTP ${status}) `
  + 'and answered with an error page. Try again in a moment.';

/** What to do about an origin the page's CSP blocks, with `example`, a path that reaches a proxy on this origin. */
const cspAdvice = (example) => `Use a path on this origin (a proxy, such as ${example}), or add the origin to connect-src in the page’s CSP.`;

/** The words for a base URL whose `origin` the page's CSP does not let it reach: refused before anything is sent. */
export function cspProblem(origin, example) {
  return `This base URL will not work here: the page’s Content-Security-Policy does not allow connecting to ${origin} `
    + `(connect-src), so the browser would refuse every request. ${cspAdvice(example)}`;
}

export const isAbort = (error) => error?.name === 'AbortError';
