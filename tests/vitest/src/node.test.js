// @vitest-environment node
// The same module under Vitest's Node environment.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import { sourceName, sourceNames } from './census.js';
import { handlers } from './handlers.js';

const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('runs in Node', () => {
  expect(typeof window).toBe('undefined');
});

test('lists every page and reads one source through MSW', async () => {
  expect(await sourceNames()).toEqual(['source 1', 'source 2', 'source 3']);
  expect(await sourceName(2)).toBe('source 2');
  expect(await sourceName(404)).toBeNull();
});
