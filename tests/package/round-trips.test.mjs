// Read-modify-write as a user writes it (found by an audit of workflows): an object a read
// returned, spread into an update or a create, is refused for its read-only members (`id`,
// `created_at`, `updated_at`) by name before anything is sent, as a source's are, rather than
// sent to the API with them; the members a read shows are taken back as they are (a constant
// mapping's `{ value, basic_type }`), and a copy without the read-only members is created.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CensusClient, CensusInputError } from '../../pkg/node.mjs';
import { startCensus } from './settings.mjs';

const token = 'census-round-trip-token';
const pat = 'census-round-trip-pat';
// A server of its own: these tests change its data.
const census = await startCensus(['--seed', '36', '--token', token, '--pat-token', pat, '--no-control']);
after(() => census.stop());

/** A client and the requests it sent (`METHOD path`). */
function client(options) {
  const sent = [];
  const census_ = new CensusClient({ baseUrl: `${census.url}/api/v1`, onRequest: ({ method, url }) => sent.push(`${method} ${new URL(url).pathname}`), ...options });
  return { client: census_, sent };
}

const readOnly = (field) => (error) => {
  assert.ok(error instanceof CensusInputError, String(error));
  assert.equal(error.field, field);
  assert.match(error.message, new RegExp(`^${field}: read-only: Census sets it`));
  return true;
};

test('a sync read and spread into updateSync or createSync is refused for its id, before anything is sent', async () => {
  const { client: workspace, sent } = client({ apiToken: token });
  const sync = await workspace.getSync(61);
  sent.length = 0;
  await assert.rejects(workspace.updateSync(sync.id, { ...sync, paused: true }), readOnly('id'));
  await assert.rejects(workspace.createSync(sync, { validateOnly: true }), readOnly('id'));
  const { id: _id, ...withTimestamps } = sync;
  await assert.rejects(workspace.createSync(withTimestamps, { validateOnly: true }), readOnly('created_at'));
  assert.deepEqual(sent, []);
  // The members to change, or a copy without what Census sets, go through.
  const paused = await workspace.updateSync(sync.id, { paused: !sync.paused });
  assert.equal(paused.paused, !sync.paused);
  const { id, created_at, updated_at, status, ...copy } = sync;
  const created = await workspace.createSync(copy);
  assert.notEqual(created.id, id);
  assert.deepEqual(created.mappings, sync.mappings);
  assert.ok(created_at && updated_at && status);
});

test("a sync's mappings as read, constants included, are taken back by updateSync", async () => {
  const { client: workspace } = client({ apiToken: token });
  const syncs = await workspace.listAllSyncs();
  const sync = syncs.find((each) => each.mappings?.some((mapping) => typeof mapping.from === 'object' && 'basic_type' in mapping.from));
  assert.ok(sync, 'a seeded sync has a constant mapping');
  const updated = await workspace.updateSync(sync.id, { mappings: sync.mappings }, { requirePrimaryIdentifier: sync.mappings.some((m) => m.is_primary_identifier) });
  assert.deepEqual(updated.mappings, sync.mappings);
});

test('a workspace or segment read and spread into its update is refused for its id', async () => {
  const { client: org, sent } = client({ personalAccessToken: pat });
  const [workspace] = await org.listAllWorkspaces();
  const { client: workspaceClient, sent: workspaceSent } = client({ apiToken: token });
  const [segment] = await workspaceClient.listAllSegments(8);
  sent.length = 0;
  workspaceSent.length = 0;
  await assert.rejects(org.updateWorkspace(workspace.id, { ...workspace, name: 'Renamed' }), readOnly('id'));
  await assert.rejects(workspaceClient.updateSegment(8, segment.id, { ...segment, name: 'Renamed' }), readOnly('id'));
  const { id: _segmentId, ...segmentMembers } = segment;
  await assert.rejects(workspaceClient.updateSegment(8, segment.id, { ...segmentMembers, name: 'Renamed' }), readOnly('created_at'));
  assert.deepEqual([...sent, ...workspaceSent], []);
  const renamed = await org.updateWorkspace(workspace.id, { name: 'Renamed' });
  assert.equal(renamed.name, 'Renamed');
});

test('the other members a read carries and no input takes are refused by name, before anything is sent', async () => {
  const { client: workspace, sent } = client({ apiToken: token });
  const { client: org, sent: orgSent } = client({ personalAccessToken: pat });
  const sync = await workspace.getSync(61);
  const [segment] = await workspace.listAllSegments(8);
  const [orgWorkspace] = await org.listAllWorkspaces();
  sent.length = 0;
  orgSent.length = 0;
  // What a user copies once told that id and the timestamps are Census's.
  const members = ({ id: _id, created_at: _created, updated_at: _updated, ...rest }) => rest;
  assert.ok(sync.status && segment.source_id && orgWorkspace.organization_id, 'the reads carry them');
  await assert.rejects(workspace.updateSync(sync.id, { ...members(sync), paused: true }), readOnly('status'));
  await assert.rejects(workspace.createSync(members(sync), { validateOnly: true }), readOnly('status'));
  await assert.rejects(workspace.updateSegment(8, segment.id, { ...members(segment), name: 'Renamed' }), readOnly('source_id'));
  await assert.rejects(org.updateWorkspace(orgWorkspace.id, { ...members(orgWorkspace), name: 'Renamed' }), readOnly('organization_id'));
  assert.deepEqual([...sent, ...orgSent], []);
});
