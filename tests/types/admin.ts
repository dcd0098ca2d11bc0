// Compiled with `tsc --strict --noEmit` by the test command, like usage.ts: the rest of the
// Census API. Every correct call must type-check and each @ts-expect-error line must not.
import {
  CensusClient,
  verifyWebhookSignature,
  type Column,
  type CreatedDataset,
  type CreatedModel,
  type CreatedTopic,
  type CreatedWorkspace,
  type CreateDatasetInput,
  type CreateEntityResolutionDatasetInput,
  type CreateSqlDatasetInput,
  type Model,
  type OrgWorkspace,
  type Topic,
  type CreateInvitationInput,
  type CreateWebhookInput,
  type Dataset,
  type JobOutcome,
  type JobProgress,
  type Link,
  type SourceObject,
  type SyncRunRecord,
  type User,
  type Webhook,
  type WorkspaceInvitationInput,
} from 'census-wasm';

/** `true` only when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// `ReturnType` reads a create's last overload: the general one, which resolves to the whole
// resource; `readBack: false` resolves to the named `Created…` types.
const modelReturn: Same<Awaited<ReturnType<CensusClient['createModel']>>, Model> = true;
const datasetReturn: Same<Awaited<ReturnType<CensusClient['createDataset']>>, Dataset> = true;
const topicReturn: Same<Awaited<ReturnType<CensusClient['createTopic']>>, Topic> = true;
const workspaceReturn: Same<Awaited<ReturnType<CensusClient['createWorkspace']>>, OrgWorkspace> = true;
const createdModel: Same<CreatedModel, Model | { id: number }> = true;
const createdDataset: Same<CreatedDataset, Dataset | { id: number }> = true;
const createdTopic: Same<CreatedTopic, Topic | { id: number }> = true;
const createdWorkspace: Same<CreatedWorkspace, OrgWorkspace | { id: number }> = true;
// createDataset's input is one kind or the other, by type.
const datasetKinds: Same<CreateDatasetInput, CreateSqlDatasetInput | CreateEntityResolutionDatasetInput> = true;
void [modelReturn, datasetReturn, topicReturn, workspaceReturn, createdModel, createdDataset, createdTopic, createdWorkspace, datasetKinds];

export async function admin(census: CensusClient): Promise<string[]> {
  const seen: string[] = [];
  const org = new CensusClient({ personalAccessToken: 'pat', baseUrl: 'https://app.getcensus.com/api/v1' });
  for (const object of (await census.listSourceObjects(12)).data) {
    const each: SourceObject = object;
    if (each.type === 'segment') seen.push(each.name);
    else if (each.type === 'table') seen.push(each.table_name);
    else seen.push(each.name, each.query ?? '');
  }
  const columns: Column[] = await census.getTableColumns(12, { table_schema: 'public', table_name: 'users' }, { timeoutMs: 60_000 });
  seen.push(...columns.map((column) => column.name));
  await census.refreshTableColumnsAndWait(12, 3, { intervalMs: 500 });
  const model = await census.createModel(12, { name: 'm', query: 'select 1' });
  // Document 003 shows a model's `type` ("model") on a fetch; another value is kept as sent.
  const fetched: 'model' | (string & {}) | null | undefined = (await census.getSourceModel(12, model.id)).type;
  const listed = (await census.listModels(12)).data.map((each) => each.type ?? 'model');
  seen.push(fetched ?? '', (await census.getModel(12, model.id)).type ?? '', ...listed);
  seen.push(String(model['dataset_id='] ?? ''));
  const sql: CreateDatasetInput = { name: 'Paying', type: 'sql', source_id: 12, query: 'select 1' };
  const dataset: Dataset = await census.createDataset(sql);
  const people: CreateDatasetInput = { name: 'People', type: 'entity_resolution', source_dataset_ids: [dataset.id, 8], match_rules: [] };
  // An entity-resolution dataset's `mode` is an input too (the client sends it as given).
  await census.createDataset({ name: 'Resolved', type: 'entity_resolution', source_dataset_ids: [8], mode: 'standard' });
  await census.updateDataset(dataset.id, { mode: 'standard' });
  const unreadDataset: CreatedDataset = await census.createDataset(people, { readBack: false });
  const unreadModel: CreatedModel = await census.createModel(12, { name: 'm2', query: 'select 2' }, { readBack: false });
  const unreadTopic: CreatedTopic = await census.createTopic(40, { name: 'events' }, { readBack: false });
  seen.push(String(unreadDataset.id + unreadModel.id + unreadTopic.id));
  await census.updateDataset(dataset.id, { query: 'select 2' });
  await census.updateModel(12, model.id, { description: 'Paying users' });
  await census.updateTopic(40, 2, { name: 'events v2' });
  const sqlOnly: Dataset[] = (await census.listDatasets({ type: 'sql', perPage: 50 })).data;
  const resolved: Dataset[] = await census.listAllDatasets({ type: 'entity_resolution', maxItems: 10 });
  seen.push(String(sqlOnly.length + resolved.length));
  seen.push(dataset.type);
  const started = await census.createSegment(12, { name: 'Churn risk' });
  // Cohorts (an A/B split) are given with the segment, as Census builds them.
  await census.createSegment(12, { name: 'Split', cohorts: [{ name: 'Test', percentage: 90 }, { name: 'Control', percentage: 10, is_control: true }] });
  await census.updateSegment(12, 5, { cohorts: [{ name: 'Test', percentage: 50 }] });
  const built: JobOutcome = await census.waitForSegment(started.filter_segment_source_url ?? '', {
    onProgress: (progress: JobProgress) => seen.push(progress.url),
  });
  seen.push(built.status);
  const link: Link = await census.createSourceConnectLink({ type: 'snowflake', redirect_uri: 'https://example.com' });
  seen.push(link.uri ?? '', String(link.expired));
  const hook: CreateWebhookInput = { endpoint: 'https://hooks.example.com', events: ['sync.failed', 'sync.completed'] };
  const webhook: Webhook = await census.createWebhook(hook);
  const verified: boolean = await verifyWebhookSignature('{"a":1}', 'c2ln', webhook.secret ?? '');
  seen.push(String(verified));
  const records: SyncRunRecord[] = (await census.listSyncRunRecords(94, { status: 'rejected', perPage: 50 })).data;
  seen.push(String(records.length));
  await census.cancelSyncRun(94);
  const invite: WorkspaceInvitationInput = { emails: ['a@b.co'], role: 'viewer' };
  await org.inviteToWorkspace(3, invite);
  const invitation: CreateInvitationInput = { email: 'a@b.co', role: 'member', workspaces: [{ id: 3, role: 'editor' }] };
  await org.createInvitation(invitation);
  const { api_key } = await org.getWorkspaceApiKey(3);
  const users: User[] = (await org.listUsers()).data;
  const clone: JobOutcome = await org.cloneWorkspaceAndWait(3, { timeoutMs: 600_000 });
  seen.push(api_key, String(users.length), clone.url);
  // Every paged list also comes whole and as an iterator of its items.
  const hooks: Webhook[] = await census.listAllWebhooks({ concurrency: 2, maxItems: 100 });
  for await (const each of census.iterateSourceConnectLinks({ perPage: 10 })) seen.push(each.uri ?? '');
  const everyUser: User[] = await org.listAllWorkspaceUsers(3, { onProgress: ({ itemsDone }) => seen.push(String(itemsDone)) });
  for await (const each of census.iterateTopics(40)) seen.push(each.name);
  const segments = await census.listAllSegments(12, { name: 'churn' });
  seen.push(String(hooks.length), String(everyUser.length), ...segments.map((segment) => segment.name));

  // @ts-expect-error: a dataset is sql or entity_resolution
  const view: CreateDatasetInput = { name: 'v', type: 'view' };
  // @ts-expect-error: a SQL dataset needs its source_id and query
  await census.createDataset({ name: 'P', type: 'sql' });
  // @ts-expect-error: a SQL dataset needs its query
  await census.createDataset({ name: 'P', type: 'sql', source_id: 12 });
  // @ts-expect-error: an entity-resolution dataset needs its source_dataset_ids
  await census.createDataset({ name: 'P', type: 'entity_resolution' });
  // @ts-expect-error: nothing to update: an update needs at least one member
  await census.updateModel(12, 18, {});
  // @ts-expect-error: nothing to update
  await census.updateDataset(7, {});
  // @ts-expect-error: nothing to update
  await census.updateSegment(12, 5, {});
  // @ts-expect-error: nothing to update
  await census.updateTopic(40, 2, {});
  // @ts-expect-error: nothing to update
  await org.updateWorkspace(3, {});
  // @ts-expect-error: the API key is answered only by a create, so it is no member of a patch
  await org.updateWorkspace(3, { return_workspace_api_key: true });
  // A read spread into a patch carries its id and timestamps, which the client refuses by name.
  const workspace = await org.getOrgWorkspace(1003);
  // @ts-expect-error: id (and created_at) of the read are read-only
  await org.updateWorkspace(workspace.id, { ...workspace, name: 'W' });
  const topic = await census.getTopic(75, 503);
  // @ts-expect-error: the topic's id and timestamps are read-only
  await census.updateTopic(75, topic.id, { ...topic, description: 'x' });
  const { id: _topicId, created_at: _created, updated_at: _updated, ...topicMembers } = topic;
  await census.updateTopic(75, topic.id, { name: topicMembers.name, description: 'x' });
  // The other members a read carries and no input takes are refused too.
  // @ts-expect-error: a topic's source is its path's
  await census.updateTopic(75, topic.id, topicMembers);
  const { id: _wid, created_at: _wcreated, ...workspaceMembers } = workspace;
  // @ts-expect-error: a workspace's organization_id (and api_key) are Census's
  await org.updateWorkspace(workspace.id, workspaceMembers);
  const { id: _mid, created_at: _mcreated, updated_at: _mupdated, query: _query, ...modelMembers } = await census.getModel(3, 12);
  // @ts-expect-error: a model's type, compiled_query, columns… are Census's
  await census.updateModel(3, 12, modelMembers);
  const { id: _hid, created_at: _hcreated, ...hookMembers } = await census.getWebhook(701);
  const events = ['sync.failed'] as const;
  // @ts-expect-error: a webhook's secret is Census's
  await census.createWebhook({ ...hookMembers, endpoint: 'https://x.test', events });
  const { name: datasetName, status: datasetStatus } = await census.getDataset(4);
  const datasetPatch = { name: datasetName, status: datasetStatus };
  // @ts-expect-error: a dataset's status is Census's
  await census.updateDataset(4, datasetPatch);
  // @ts-expect-error: a new dataset has no id yet
  await census.createDataset({ id: 4, name: 'P', type: 'sql', source_id: 12, query: 'select 1' });
  // @ts-expect-error: misspelt member of a patch
  await census.updateSegment(12, 5, { nmae: 'Churn' });
  // @ts-expect-error: not a webhook event
  const unknownEvent: CreateWebhookInput = { endpoint: 'https://x', events: ['sync.exploded'] };
  // @ts-expect-error: a workspace role, not an organisation role
  const adminRole: WorkspaceInvitationInput = { emails: ['a@b.co'], role: 'admin' };
  // @ts-expect-error: an organisation role, not a workspace role
  const ownerRole: CreateInvitationInput = { email: 'a@b.co', role: 'owner' };
  // @ts-expect-error: a table locator needs table_name
  await census.getTableColumns(12, { table_schema: 'public' });
  // @ts-expect-error: records filter on a known status
  await census.listSyncRunRecords(94, { status: 'exploded' });
  // @ts-expect-error: the secret is a string
  await verifyWebhookSignature('{}', 'sig', 42);
  // @ts-expect-error: a segment has no table_name without narrowing
  seen.push((await census.listSourceObjects(12)).data[0].table_name);
  // @ts-expect-error: a sync management link needs its redirect_uri
  await census.createSyncManagementLink({});
  // @ts-expect-error: sync-run records page only (they have no id to walk them by)
  await census.listAllSyncRunRecords(94);
  // @ts-expect-error: listAll takes no page: it reads every one
  await census.listAllInvitations({ page: 2 });
  void [view, unknownEvent, adminRole, ownerRole];
  return seen;
}
