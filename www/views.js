// The page's two views, Sources and Syncs, chosen by the links in the header. The view on show
// is the URL hash (#/sources, #/syncs), so a reload, the back button or a shared link keeps it;
// a view's data loads the first time the view shows after a connect, not before.
import { $ } from './dom.js';

const VIEWS = {
  sources: { title: 'Sources', heading: 'sources-title', skip: 'Skip to the sources' },
  syncs: { title: 'Syncs', heading: 'syncs-title', skip: 'Skip to the syncs' },
};
export const DEFAULT_VIEW = 'sources';

/** view name → what loads its data, set by app.js. */
const loaders = {};
/** The views loaded since the last connect. */
const loaded = new Set();
let current = DEFAULT_VIEW;

export function setViewLoader(name, load) {
  loaders[name] = load;
}

/** The view the URL names (no hash: the default), or null: other hashes (`#sources-title`) leave the view as it is. */
export function viewFromHash() {
  if (location.hash === '' || location.hash === '#') return DEFAULT_VIEW;
  const name = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  return Object.hasOwn(VIEWS, name) ? name : null;
}

/** Shows a view and loads its data unless it has been since the last connect. */
export function showView(name, { focus = false } = {}) {
  current = name;
  for (const view of Object.keys(VIEWS)) {
    const on = view === name;
    $(`${view}-view`).hidden = !on;
    const link = $(`view-${view}`);
    if (on) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `census-wasm demo: ${VIEWS[name].title}`;
  $('skip').href = `#${VIEWS[name].heading}`;
  $('skip').textContent = VIEWS[name].skip;
  // After a switch, focus goes to the new view's heading: the next Tab is in the view, and a
  // screen reader says where it is.
  if (focus) $(VIEWS[name].heading).focus();
  return ensureLoaded(name);
}

async function ensureLoaded(name) {
  if (loaded.has(name) || !loaders[name]) return;
  loaded.add(name);
  await loaders[name]();
}

/** After a (re)connect: every view loads afresh, the one on show at once, the other when shown. */
export function reloadViews() {
  loaded.clear();
  return ensureLoaded(current);
}

addEventListener('hashchange', () => {
  const name = viewFromHash();
  if (name && name !== current) showView(name, { focus: true });
});

// The skip link moves focus itself rather than following its href, so the URL keeps the view.
$('skip').addEventListener('click', (event) => {
  event.preventDefault();
  $(VIEWS[current].heading).focus();
});
