// A Stitch read spread back into an update, as a read-modify-write script writes it: Stitch
// refuses any member its source and destination bodies do not list with one 400 that names none,
// so the package refuses such a member first, by name, and sends nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CensusInputError, StitchClient } from '../../pkg/node.mjs';

const SOURCE = {
  id: 120643, type: 'platform.postgres', display_name: 'Postgres 1', name: 'postgres_1',
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', deleted_at: null, paused_at: null,
  properties: { host: 'db0.example.test', port: '5432' }, report_card: { type: 'platform.postgres', current_step: 4 },
  stitch_client_id: 116078,
};

function client(sent) {
  return new StitchClient({
    baseUrl: 'https://stitch.example.test',
    accessToken: 'ac_test',
    retry: { maxAttempts: 1 },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      sent.push(`${request.method} ${request.url} ${await request.text()}`);
      return Response.json(SOURCE);
    },
  });
}

test('a source read spread into updateSource is refused by its read-only member, unsent', async () => {
  const sent = [];
  const stitch = client(sent);
  const source = await stitch.getSource(120643);
  sent.length = 0;
  await assert.rejects(stitch.updateSource(source.id, { ...source, display_name: 'Orders' }), (error) => {
    assert.ok(error instanceof CensusInputError, String(error));
    assert.equal(error.field, 'id');
    assert.match(error.message, /read-only/);
    assert.match(error.message, /display_name, paused_at, properties/);
    return true;
  });
  await assert.rejects(stitch.updateSource(source.id, { schedule: { frequency_in_minutes: 60 } }), { field: 'schedule' });
  await assert.rejects(stitch.updateDestination(155582, { id: 155582, description: 'x' }), { field: 'id' });
  assert.deepEqual(sent, []);
  // The members to set, taken from the read, go as written.
  const { display_name, properties } = source;
  await stitch.updateSource(source.id, { display_name: `${display_name} (renamed)`, properties: { ...properties, port: '5433' } });
  assert.equal(sent.length, 1);
  assert.match(sent[0], /^PUT https:\/\/stitch\.example\.test\/v4\/sources\/120643 \{"display_name":"Postgres 1 \(renamed\)"/);
});
