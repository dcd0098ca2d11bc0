// Whether the page's Content-Security-Policy lets it reach an API's origin (connect-src): read
// from the page's <meta> policy at Connect, so a base URL it blocks is refused
// before anything is sent, and learnt from the browser's own refusals (securitypolicyviolation)
// for a policy the page cannot read, such as one its server sends as an HTTP header. Without it
// a blocked request reads as "no answer", and the client retries it in vain.

/** Origins the browser has refused to connect to (connect-src) since the page loaded. */
const refused = new Set();
document.addEventListener('securitypolicyviolation', (event) => {
  if (event.effectiveDirective !== 'connect-src') return;
  try {
    refused.add(new URL(event.blockedURI).origin);
  } catch {
    // a blockedURI that is no URL ('inline', 'eval') names no origin
  }
});

const DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };
/** A scheme may be upgraded to its secure form (CSP Level 3): http: allows https:, ws: allows wss:. */
const schemeAllows = (scheme, protocol) => protocol === scheme || (scheme === 'http:' && protocol === 'https:')
  || (scheme === 'ws:' && protocol === 'wss:');

/** Whether one source expression of a policy (`'self'`, `https:`, `https://*.example.com:8443/api/`) allows `url`. */
function sourceAllows(source, url) {
  const expression = source.toLowerCase();
  if (expression === "'self'") return url.origin === location.origin;
  if (expression === '*') return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || url.protocol === location.protocol;
  if (/^[a-z][a-z0-9+.-]*:$/.test(expression)) return schemeAllows(expression, url.protocol);
  const parts = /^(?:([a-z][a-z0-9+.-]*:)\/\/)?(\*|(?:\*\.)?[a-z0-9.\-[\]:]*?)(?::(\d+|\*))?(\/.*)?$/.exec(expression);
  if (!parts || expression.startsWith("'")) return false; // 'none', nonces, hashes and keywords allow no URL
  const [, scheme, host, port, path] = parts;
  if (!schemeAllows(scheme ?? location.protocol, url.protocol)) return false;
  if (host === '*') {
    // any host
  } else if (host.startsWith('*.')) {
    if (!url.hostname.endsWith(host.slice(1))) return false;
  } else if (url.hostname !== host) {
    return false;
  }
  const urlPort = url.port || DEFAULT_PORTS[url.protocol];
  if (port !== '*' && urlPort !== (port ?? DEFAULT_PORTS[url.protocol])) return false;
  if (path) return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path;
  return true;
}

/** Whether every <meta> policy of the page allows connecting to `url`. */
function metaAllows(url) {
  return [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].every((meta) => {
    const directives = new Map(meta.content.split(';').map((d) => d.trim().split(/\s+/)).filter(([name]) => name)
      .map(([name, ...values]) => [name.toLowerCase(), values]));
    const sources = directives.get('connect-src') ?? directives.get('default-src');
    return !sources || sources.some((source) => sourceAllows(source, url));
  });
}

/**
 * The origin of `baseUrl` when the page's CSP does not let it connect there (its <meta> policy
 * says so, or the browser has refused a request to it), else null.
 */
export function blockedOrigin(baseUrl) {
  let url;
  try {
    url = new URL(baseUrl, location.href);
  } catch {
    return null; // the client says what is wrong with it
  }
  return refused.has(url.origin) || !metaAllows(url) ? url.origin : null;
}
