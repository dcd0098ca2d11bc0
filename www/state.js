// What the demo's modules share: the client and connection, the list's paging, the source types,
// the refreshes on show and the newly created source; for the Syncs view, its list's paging,
// the names it looks up and the runs it follows; for Stitch, its client, sources and jobs. One
// object, read and written in place.

export const state = {
  /** The service the page is connected to, and so the views it offers: 'census' or 'stitch'. */
  service: 'census',
  client: null,
  mode: 'proxy',
  /** The server the page starts on: the local Census (`PRESETS.local` in connection.js). */
  baseUrl: '/api/v1',
  page: 1,
  perPage: 25,
  order: 'desc',
  lastPage: 1,
  total: 0,
  /** Aborts the list request in flight when a newer one starts. */
  listing: null,
  /** service_name → SourceType, from `/source_types`. */
  types: new Map(),
  /** Source ids whose refresh is running or has finished: id → { text, tone }. */
  refreshes: new Map(),
  /** The id of the source just created, highlighted until the next create. */
  highlight: null,

  /** The Syncs view's list: one page at a time, newest first. */
  syncs: {
    page: 1,
    perPage: 25,
    lastPage: 1,
    total: 0,
    /** Aborts the list and its look-ups when a newer load starts. */
    listing: null,
  },
  /** Source id → `{ name, promise }`, looked up once per connection for the syncs' rows. */
  sourceNames: new Map(),
  /** Destination id → Destination (without objects), from one `listAllDestinations`. */
  destinations: new Map(),
  /** That `listAllDestinations` while it runs, or its outcome: a Promise of `destinations`. */
  destinationsLoading: null,
  /** Sync id → its newest run, as `listSyncRuns(id, { perPage: 1 })` or a finished wait gave it. */
  lastRuns: new Map(),
  /** Sync ids whose run this page follows or has seen end: id → { runId, status, text, tone, busy, … }. */
  runs: new Map(),

  /** The Stitch Connect side: its own client and server, so Census's stay as they were. */
  stitch: {
    client: null,
    baseUrl: null,
    /** The sources listed last, by id. */
    sources: new Map(),
    /** Aborts the list request in flight when a newer one starts. */
    listing: null,
    /** Source id → what its row says about a pause or unpause: { text, tone, busy }. */
    notes: new Map(),
    /** Source id → the replication this page started and follows: { text, tone, phase, busy, … }. */
    jobs: new Map(),
  },
};
