// A unit test that spies on a client method before any client is made: vi.spyOn needs the
// method on the prototype, and the package puts the methods there as it loads the wasm.
import { expect, test, vi } from 'vitest';
import { CensusClient, StitchClient } from 'census-wasm';

test('vi.spyOn on a prototype method before any client is made', async () => {
  expect(typeof CensusClient.prototype.getSource).toBe('function');
  expect(typeof StitchClient.prototype.startReplication).toBe('function');
  const spy = vi.spyOn(CensusClient.prototype, 'getSource').mockResolvedValue({ id: 3, name: 'spied' });
  const census = new CensusClient({ apiToken: 'secret-token:vitest' });
  await expect(census.getSource(3)).resolves.toEqual({ id: 3, name: 'spied' });
  expect(spy).toHaveBeenCalledWith(3);
  spy.mockRestore();
  // Restored, the real method runs again: a refused id rejects before anything is sent.
  await expect(census.getSource(0)).rejects.toMatchObject({ code: 'invalid_input' });
});
