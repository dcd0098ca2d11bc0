// The page's views: Sources and Syncs for Census, Stitch sources for Stitch Connect, chosen by
// the links in the header. The view on show is the URL hash (#/sources, #/syncs, #/stitch), so a
// reload, the back button or a shared link keeps it; a view's data loads the first time the view
// shows after a connect, not before. The header offers only the connected service's views; a URL
// naming the other service's view connects to that service (setServiceSwitch, app.js).
import { $ } from './dom.js';

const VIEWS = {
  sources: { title: 'Sources', heading: 'sources-title', skip: 'Skip to the sources', service: 'census' },
  syncs: { title: 'Syncs', heading: 'syncs-title', skip: 'Skip to the syncs', service: 'census' },
  stitch: { title: 'Stitch sources', heading: 'stitch-title', skip: 'Skip to the Stitch sources', service: 'stitch' },
};
const SERVICES = {
  census: { title: 'Census Sources and Syncs', view: 'sources' },
  stitch: { title: 'Stitch Sources', view: 'stitch' },
};
export const DEFAULT_VIEW = 'sources';

/** view name → what loads its data, set by app.js. */
const loaders = {};
/** Connects to the service of the view named (a hash of the other service's): true if it did. Set by app.js. */
let switchTo = () => false;
/** The views loaded since the last connect. */
const loaded = new Set();
let current = DEFAULT_VIEW;

export function setViewLoader(name, load) {
  loaders[name] = load;
}

/** What a URL naming a view of the other service does: connect to that service (`connect(name)`, true if it did). */
export function setServiceSwitch(connect) {
  switchTo = connect;
}

/** The view the URL names (no hash: the default), or null: other hashes (`#sources-title`) leave the view as it is. */
export function viewFromHash() {
  if (location.hash === '' || location.hash === '#') return DEFAULT_VIEW;
  const name = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  return Object.hasOwn(VIEWS, name) ? name : null;
}

/** The service a view belongs to: 'census' or 'stitch'. */
export const serviceOf = (name) => VIEWS[name].service;

/** Shows a view and loads its data unless it has been since the last connect. */
export function showView(name, { focus = false } = {}) {
  current = name;
  for (const view of Object.keys(VIEWS)) {
    const on = view === name;
    $(`${view}-view`).hidden = !on;
    const link = $(`view-${view}`);
    link.hidden = VIEWS[view].service !== VIEWS[name].service;
    if (on) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  $('page-title').textContent = SERVICES[VIEWS[name].service].title;
  document.title = `census-wasm demo: ${VIEWS[name].title}`;
  $('skip').href = `#${VIEWS[name].heading}`;
  $('skip').textContent = VIEWS[name].skip;
  // After a switch, focus goes to the new view's heading: the next Tab is in the view, and a
  // screen reader says where it is.
  if (focus) $(VIEWS[name].heading).focus();
  return ensureLoaded(name);
}

/**
 * After a (re)connect to `service` ('census' or 'stitch'): its views in the header, each loading
 * afresh, the one on show at once. A view of the other service gives way to `wanted` (the view a
 * URL named), else to this one's first view, changing the URL in place, so Back does not return
 * to the service left behind.
 */
export function connectedTo(service, wanted = null) {
  loaded.clear();
  if (VIEWS[current].service === service) return showView(current);
  const name = wanted && VIEWS[wanted]?.service === service ? wanted : SERVICES[service].view;
  history.replaceState(history.state, '', `#/${name}`);
  return showView(name, { focus: true });
}

async function ensureLoaded(name) {
  if (loaded.has(name) || !loaders[name]) return;
  loaded.add(name);
  await loaders[name]();
}

addEventListener('hashchange', () => {
  const name = viewFromHash();
  if (!name || name === current) return;
  // A view of the other service needs another connection: the page makes it, as a load of this
  // URL would; if it cannot (the panel says why), the URL goes back to the view on show.
  if (VIEWS[name].service !== VIEWS[current].service) {
    if (!switchTo(name)) history.replaceState(history.state, '', `#/${current}`);
  } else {
    showView(name, { focus: true });
  }
});

// The skip link moves focus itself rather than following its href, so the URL keeps the view.
$('skip').addEventListener('click', (event) => {
  event.preventDefault();
  $(VIEWS[current].heading).focus();
});
