// What the demo's modules share: the client and connection, the list's paging, the source types,
// the refreshes on show and the newly created source. One object, read and written in place.

export const state = {
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
};
