// As prototype.mjs, through require(): the methods are on the prototypes once it returns.
const { mock } = require('node:test');
const { CensusClient, StitchClient } = require('census-wasm');

const atImport = {
  getSource: typeof CensusClient.prototype.getSource,
  iterateSources: typeof CensusClient.prototype.iterateSources,
  stitchGetSource: typeof StitchClient.prototype.getSource,
  startReplicationAndWait: typeof StitchClient.prototype.startReplicationAndWait,
};
(async () => {
  const spy = mock.method(CensusClient.prototype, 'getSource', async (id) => ({ id, name: 'spied' }));
  const stitchSpy = mock.method(StitchClient.prototype, 'getSource', async (id) => ({ id: Number(id) }));
  const census = new CensusClient({ apiToken: 'token', baseUrl: 'http://localhost:9/api/v1' });
  const stitch = new StitchClient({ accessToken: 'token', baseUrl: 'http://localhost:9/stitch' });
  const spied = [(await census.getSource(7)).name, (await stitch.getSource('120643')).id, spy.mock.callCount(), stitchSpy.mock.callCount()];
  mock.restoreAll();
  const real = await census.getSource(-1).catch((error) => error.code);
  console.log(JSON.stringify({ atImport, spied, real }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
