// The methods are on the clients' prototypes as soon as the package is imported, before any
// client is made, as its declarations say: a test may spy on one first (here with node:test's
// mock.method, which refuses a member that is not a function, as vi.spyOn and jest.spyOn do).
import { mock } from 'node:test';
import { CensusClient, StitchClient } from 'census-wasm';

const atImport = {
  getSource: typeof CensusClient.prototype.getSource,
  iterateSources: typeof CensusClient.prototype.iterateSources,
  stitchGetSource: typeof StitchClient.prototype.getSource,
  startReplicationAndWait: typeof StitchClient.prototype.startReplicationAndWait,
};
const spy = mock.method(CensusClient.prototype, 'getSource', async (id) => ({ id, name: 'spied' }));
const stitchSpy = mock.method(StitchClient.prototype, 'getSource', async (id) => ({ id: Number(id) }));
const census = new CensusClient({ apiToken: 'token', baseUrl: 'http://localhost:9/api/v1' });
const stitch = new StitchClient({ accessToken: 'token', baseUrl: 'http://localhost:9/stitch' });
const spied = [(await census.getSource(7)).name, (await stitch.getSource('120643')).id, spy.mock.callCount(), stitchSpy.mock.callCount()];
mock.restoreAll();
// Restored, the real method runs again: a refused id rejects before anything is sent.
const real = await census.getSource(-1).catch((error) => error.code);
console.log(JSON.stringify({ atImport, spied, real }));
