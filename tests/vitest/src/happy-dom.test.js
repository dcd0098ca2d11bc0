// @vitest-environment happy-dom
// The same module under Vitest's happy-dom environment, which replaces more of the globals.
import { expect, test } from 'vitest';
import { sourceName, sourceNames } from './census.js';
import { mockCensus } from './handlers.js';

mockCensus();

test('runs in happy-dom', () => {
  expect(typeof window).toBe('object');
  expect(typeof window.happyDOM).toBe('object');
});

test('lists every page and reads one source through MSW, in happy-dom', async () => {
  expect(await sourceNames()).toEqual(['source 1', 'source 2', 'source 3']);
  expect(await sourceName(2)).toBe('source 2');
  expect(await sourceName(404)).toBeNull();
});
