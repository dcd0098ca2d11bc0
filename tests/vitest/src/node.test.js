// @vitest-environment node
// The same module under Vitest's Node environment.
import { expect, test } from 'vitest';
import { sourceName, sourceNames } from './census.js';
import { mockCensus } from './handlers.js';

mockCensus();

test('runs in Node', () => {
  expect(typeof window).toBe('undefined');
});

test('lists every page and reads one source through MSW', async () => {
  expect(await sourceNames()).toEqual(['source 1', 'source 2', 'source 3']);
  expect(await sourceName(2)).toBe('source 2');
  expect(await sourceName(404)).toBeNull();
});
