// MSW handlers for the part of the Census API the app's module uses: three sources over pages
// of `per_page`, one source by id, and a 503 once for source 3. Every request is recorded with
// the token it carried.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';

const API = 'https://app.getcensus.com/api/v1';
export const seen = [];
const sources = [1, 2, 3].map((id) => ({
  id,
  name: `source ${id}`,
  type: 'postgres',
  created_at: '2024-01-01T00:00:00Z',
  connection_details: {},
}));
let unavailable = 1;

export const handlers = [
  http.get(`${API}/sources`, ({ request }) => {
    seen.push(`${request.method} ${request.url} ${request.headers.get('authorization')}`);
    const url = new URL(request.url);
    const perPage = Number(url.searchParams.get('per_page') ?? 25);
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.ceil(sources.length / perPage);
    return HttpResponse.json({
      status: 'success',
      data: sources.slice((page - 1) * perPage, page * perPage),
      pagination: {
        total_records: sources.length,
        per_page: perPage,
        page,
        prev_page: page > 1 ? page - 1 : null,
        next_page: page < last ? page + 1 : null,
        last_page: last,
      },
    });
  }),
  http.get(`${API}/sources/:id`, ({ params, request }) => {
    seen.push(`${request.method} ${request.url} ${request.headers.get('authorization')}`);
    const id = Number(params.id);
    if (id === 3 && unavailable > 0) {
      unavailable -= 1;
      return HttpResponse.json({ status: 'error', message: 'try again' }, { status: 503 });
    }
    const source = sources.find((s) => s.id === id);
    if (!source) return HttpResponse.json({ status: 'not_found', message: 'Source not found' }, { status: 404 });
    return HttpResponse.json({ status: 'success', data: source });
  }),
];

/**
 * MSW listening for the test file that calls this, from its first test to its last, after the
 * app's module made its client; a request no handler answers fails the test.
 */
export function mockCensus() {
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  return server;
}
