// The app's module under Vitest's jsdom environment, with MSW listening after the module made
// its client: every request must reach MSW (onUnhandledRequest: 'error' fails the test on any
// other), with the token, and the answers come back checked and typed.
import { expect, test } from 'vitest';
import { CensusResponseError } from 'census-wasm';
import { census, sourceName, sourceNames } from './census.js';
import { mockCensus, seen } from './handlers.js';

const server = mockCensus();

test('runs in jsdom', () => {
  expect(typeof window).toBe('object');
  expect(typeof document.createElement).toBe('function');
});

test('lists every page through MSW', async () => {
  expect(await sourceNames()).toEqual(['source 1', 'source 2', 'source 3']);
  const pages = seen.filter((line) => line.startsWith('GET https://app.getcensus.com/api/v1/sources?'));
  expect(pages).toHaveLength(2);
  for (const line of pages) {
    expect(line).toMatch(/[?&]per_page=2(&|\s)/);
    expect(line.endsWith(' Bearer secret-token:vitest')).toBe(true);
  }
});

test('a 404 is a CensusNotFoundError, a 503 is retried', async () => {
  expect(await sourceName(404)).toBeNull();
  expect(await sourceName(3)).toBe('source 3');
  expect(seen.filter((line) => line.startsWith('GET https://app.getcensus.com/api/v1/sources/3 '))).toHaveLength(2);
});

test('an answer of the wrong shape is refused, naming the member', async () => {
  const { http, HttpResponse } = await import('msw');
  server.use(http.get('https://app.getcensus.com/api/v1/sources/7', () => HttpResponse.json({ status: 'success', data: { id: '7' } })));
  const error = await census.getSource(7).catch((thrown) => thrown);
  expect(error).toBeInstanceOf(CensusResponseError);
  expect(error.message).toMatch(/data\.id/);
});
