// Compiled with `tsc --strict --noEmit` by the test command, like usage.ts: destinations, syncs
// and sync runs. Every correct call must type-check and each @ts-expect-error line must not.
import {
  CensusClient,
  CensusSyncRunError,
  type Connector,
  type CreatedDestination,
  type CreatedSync,
  type CreateSyncInput,
  type Destination,
  type DestinationField,
  type DestinationObjectWithFields,
  type DestinationPage,
  type MappingFrom,
  type MappingInput,
  type Sync,
  type SyncId,
  type SyncOperation,
  type SyncRun,
  type SyncRunProgress,
  type SyncRunStatus,
  type UpdateSyncInput,
} from 'census-wasm';

/** `true` only when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// `ReturnType` reads a create's last overload: the general one, which resolves to the whole resource.
const destinationReturn: Same<Awaited<ReturnType<CensusClient['createDestination']>>, Destination> = true;
const syncReturn: Same<Awaited<ReturnType<CensusClient['createSync']>>, Sync> = true;
const createdDestination: Same<CreatedDestination, Destination | { id: number }> = true;
const createdSync: Same<CreatedSync, Sync | SyncId> = true;
void [destinationReturn, syncReturn, createdDestination, createdSync];

export async function syncs(client: CensusClient): Promise<string[]> {
  const seen: string[] = [];
  const page: DestinationPage = await client.listDestinations({ perPage: 10 });
  const braze: Destination = await client.getDestination(page.data[0].id);
  seen.push(...(braze.objects ?? []).map((object) => object.full_name));
  for await (const object of client.iterateDestinationObjects(braze.id, { perPage: 100 })) seen.push(object.full_name);
  const object: DestinationObjectWithFields = await client.getDestinationObject(braze.id, 'exports/2024/users.csv');
  const keys: DestinationField[] = object.fields.filter((field) => field.can_be_upsert_key);
  seen.push(...keys.map((field) => `${field.full_name}:${field.type ?? '?'}`));
  const connectors: Connector[] = await client.listConnectors();
  seen.push(...connectors.map((connector) => `${connector.service_name}:${connector.auth_method ?? '?'}`));
  const created: Destination = await client.createDestination({ type: 'braze', name: 'Braze', credentials: { api_key: 'k' } });
  const unread: CreatedDestination = await client.createDestination({ type: 'braze', credentials: {} }, { readBack: false });
  seen.push(String(unread.id), created.name);
  await client.refreshDestinationObjectsAndWait(braze.id, { timeoutMs: 60_000 });

  const input: CreateSyncInput = {
    operation: 'upsert',
    source_attributes: { connection_id: 4, data_source: { type: 'model', name: 'users' } },
    destination_attributes: { connection_id: braze.id, object: 'user' },
    mappings: [
      { from: 'EMAIL', to: 'external_id', is_primary_identifier: true },
      { from: { value: 'gold', type: 'text' }, to: 'tier' },
      { from: { type: 'column', data: 'PLAN' }, to: 'plan', operation: 'overwrite' },
    ],
    schedule_frequency: 'weekly',
    schedule_day: 'Monday',
    schedule_hour: 6,
  };
  const sync: Sync = await client.createSync(input);
  // Today's form of what a sync reads: `object`, by type and id or a table by its names.
  await client.createSync({ ...input, source_attributes: { connection_id: 4, object: { type: 'dataset', id: 7 } } });
  await client.createSync({ ...input, source_attributes: { connection_id: 4, object: { type: 'table', table_name: 'users' } } });
  seen.push(JSON.stringify(sync.source_attributes?.object ?? sync.source_attributes?.data_source));
  const operation: SyncOperation = sync.operation;
  const from: MappingFrom | undefined = sync.mappings?.[0]?.from;
  seen.push(operation, JSON.stringify(from));
  const validated: void = await client.createSync(input, { validateOnly: true });
  // Only validateOnly resolves to undefined: readBack: false alone gives the sync or its id.
  const id: Sync | SyncId = await client.createSync(input, { readBack: false });
  const idOrWhole: CreatedSync = await client.createSync(input, { readBack: seen.length > 0, validateOnly: false });
  const whole: Sync = await client.createSync(input, { validateOnly: false });
  const wholeAgain: Sync = await client.createSync(input, { readBack: true, requirePrimaryIdentifier: false });
  const maybeValidated: CreatedSync | undefined = await client.createSync(input, { validateOnly: seen.length > 0 });
  const validatedAnyway: void = await client.createSync(input, { validateOnly: true, readBack: false });
  // @ts-expect-error: validateOnly known only at run time may resolve to undefined
  const notUndefined: CreatedSync = await client.createSync(input, { validateOnly: seen.length > 0 });
  void [validated, id, idOrWhole, whole, wholeAgain, maybeValidated, validatedAnyway, notUndefined];
  await client.createSync({ ...input, mappings: [{ from: 'ROW', to: 'A' }] }, { requirePrimaryIdentifier: false });
  await client.updateSync(sync.id, { paused: true, mode: { type: 'triggered', triggers: {} } });
  await client.updateSync(sync.id, {
    mode: { type: 'triggered', triggers: { dbt_cloud: { project_id: 'p1', job_id: 2 }, sync_sequence: { sync_id: 60 } } },
  });
  const { sync_run_id } = await client.triggerSync(sync.id, { forceFullSync: true });
  const run: SyncRun = await client.triggerSyncAndWait(sync.id, {
    failOnError: true,
    forceFullSync: false,
    intervalMs: 500,
    onProgress: (progress: SyncRunProgress) => seen.push(`${progress.status} ${progress.records_processed ?? 0}`),
  });
  const status: SyncRunStatus = run.status;
  const resumed: SyncRun = await client.waitForSyncRun(sync_run_id, { timeoutMs: 0 });
  seen.push(status, String(resumed.records_updated ?? 0));
  for await (const each of client.iterateSyncRuns(sync.id, { order: 'asc' })) seen.push(each.status);
  try {
    await client.waitForSyncRun(sync_run_id, { failOnError: true });
  } catch (error) {
    if (error instanceof CensusSyncRunError) seen.push(error.run.error_code ?? '', error.code);
  }

  // @ts-expect-error: 'merge' is not an operation of a sync
  const wrongOperation: CreateSyncInput = { ...input, operation: 'merge' };
  // @ts-expect-error: schedule_day is a weekday name, never a number
  const numberDay: CreateSyncInput = { ...input, schedule_day: 1 };
  // @ts-expect-error: not a schedule frequency
  const fortnightly: CreateSyncInput = { ...input, schedule_frequency: 'fortnightly' };
  // @ts-expect-error: a constant's type is boolean, datetime, number or text
  const badConstant: MappingInput = { from: { value: 1, type: 'integer' }, to: 'x' };
  // @ts-expect-error: from is a column name or an object, not a number
  const numberFrom: MappingInput = { from: 42, to: 'x' };
  // @ts-expect-error: { type, data } needs data
  const noData: MappingInput = { from: { type: 'column' }, to: 'x' };
  // @ts-expect-error: a mapping needs its destination field
  const noTo: MappingInput = { from: 'A' };
  // @ts-expect-error: nothing to update: an update needs at least one member
  await client.updateSync(sync.id, {});
  // @ts-expect-error: misspelt member of a patch
  await client.updateSync(sync.id, { pasued: true });
  // @ts-expect-error: nothing to update
  await client.updateDestination(braze.id, {});
  // @ts-expect-error: a destination's type cannot change, so it counts for nothing
  await client.updateDestination(braze.id, { type: undefined });
  await client.updateDestination(braze.id, { name: 'Braze (EU)' });
  // @ts-expect-error: not a trigger Census has
  await client.updateSync(sync.id, { mode: { type: 'triggered', triggers: { airflow: {} } } });
  // @ts-expect-error: a dbt Cloud trigger needs its job_id
  await client.updateSync(sync.id, { mode: { type: 'triggered', triggers: { dbt_cloud: { project_id: 1 } } } });
  // @ts-expect-error: mode.type is live or triggered
  const badMode: CreateSyncInput = { ...input, schedule_frequency: null, schedule_day: null, schedule_hour: null, mode: { type: 'sometimes' } };
  // @ts-expect-error: forceFullSync is an option of a trigger, not of getSync
  await client.getSync(1, { forceFullSync: true });
  // @ts-expect-error: the object's full name is a string
  await client.getDestinationObject(1, 2);
  // @ts-expect-error: onProgress of a run wait receives a SyncRunProgress
  await client.triggerSyncAndWait(1, { onProgress: (p: { refresh_key: number }) => p.refresh_key });
  // A constant mapping as reads show it ({ value, basic_type }) is taken back, as the client takes it.
  const readConstant: MappingInput = { from: { value: 'gold', basic_type: 'text' }, to: 'tier' };
  await client.updateSync(sync.id, { mappings: [{ from: 'email', to: 'email', is_primary_identifier: true }, readConstant] });
  // @ts-expect-error: a read's id is refused (the client refuses it too): a spread of a Sync carries it
  await client.updateSync(sync.id, { ...input, id: sync.id });
  // @ts-expect-error: a read's timestamps are refused as well
  const withCreatedAt: CreateSyncInput = { ...input, created_at: '2024-08-19T15:30:00.000Z' };
  const statusMember = { status: sync.status };
  // @ts-expect-error: a read's status is Census's word on the sync, refused as well
  const withStatus: CreateSyncInput = { ...input, ...statusMember };
  // Reads give each mapping its `position`, and the mappings as read are taken back with it.
  const position: number | null | undefined = sync.mappings?.[0]?.position;
  seen.push(String(position));
  const positioned: MappingInput = { from: 'email', to: 'email', is_primary_identifier: true, position: 0 };
  await client.updateSync(sync.id, { mappings: [positioned] });
  if (sync.mappings) await client.updateSync(sync.id, { mappings: sync.mappings.map(({ from, to, position }) => ({ from: typeof from === 'string' ? from : 'x', to, position })) });
  void [readConstant, withCreatedAt, withStatus];
  seen.push(...(await schedules(client, input)));
  void [wrongOperation, numberDay, fortnightly, badConstant, numberFrom, noData, noTo, badMode];
  return seen;
}

/**
 * The rules between a sync input's members that the client checks before sending, stated by the
 * types: the schedule in one form, a cron expression with its frequency, field_normalization
 * with sync_all_properties; a patch under the same rules but for what the sync's own members
 * stand for. Each @ts-expect-error line is an input the client refuses.
 */
async function schedules(client: CensusClient, input: CreateSyncInput): Promise<string[]> {
  const seen: string[] = [];
  const base = {
    operation: 'upsert',
    source_attributes: { connection_id: 8, data_source: { type: 'table', table_schema: 'billing', table_name: 'users' } },
    destination_attributes: { connection_id: 15, object: 'user' },
    mappings: [{ from: 'email', to: 'external_id', is_primary_identifier: true }],
  } as const;
  // The README's createSync example, as written there.
  const readme: Sync = await client.createSync({ operation: 'upsert', source_attributes: { connection_id: 8, data_source: { type: 'table', table_schema: 'billing', table_name: 'users' } }, destination_attributes: { connection_id: 15, object: 'user' }, mappings: [{ from: 'email', to: 'external_id', is_primary_identifier: true }], schedule_frequency: 'daily', schedule_hour: 6, schedule_minute: 0 });
  seen.push(readme.operation);

  // One form of schedule, or none; the other may be null or undefined.
  await client.createSync(base);
  await client.createSync({ ...base, mode: { type: 'live' } });
  await client.createSync({ ...base, mode: { type: 'live' }, schedule_frequency: null, schedule_day: undefined, cron_expression: null });
  await client.createSync({ ...base, mode: null, schedule_frequency: 'weekly', schedule_day: 'Monday', schedule_hour: 6 });
  // @ts-expect-error: mode and the legacy schedule_* members: the client refuses both forms
  await client.createSync({ ...base, mode: { type: 'live' }, schedule_frequency: 'daily' });
  // @ts-expect-error: mode with a legacy hour, both forms again
  const modeAndHour: CreateSyncInput = { ...base, mode: { type: 'triggered' }, schedule_hour: 6 };
  // @ts-expect-error: a cron expression is of the legacy form too
  const modeAndCron: CreateSyncInput = { ...base, mode: { type: 'live' }, cron_expression: '0 8 * * 1' };

  // The expression frequency with its cron expression; a cron expression alone is one too.
  await client.createSync({ ...base, schedule_frequency: 'expression', cron_expression: '*/15 6-18 * * MON-FRI' });
  await client.createSync({ ...base, cron_expression: '0 8 * * 1' });
  // @ts-expect-error: a new sync's expression frequency needs its cron expression
  const noCron: CreateSyncInput = { ...base, schedule_frequency: 'expression' };
  // @ts-expect-error: null is no cron expression either
  const nullCron: CreateSyncInput = { ...base, schedule_frequency: 'expression', cron_expression: null };
  // @ts-expect-error: a cron expression only with the expression frequency
  const dailyCron: CreateSyncInput = { ...base, schedule_frequency: 'daily', cron_expression: '0 8 * * 1' };

  // field_normalization names what sync_all_properties maps, so it comes only with it.
  await client.createSync({ ...base, field_behavior: 'sync_all_properties', field_normalization: 'snake_case' });
  await client.createSync({ ...base, field_behavior: 'specific_properties', field_normalization: null });
  // @ts-expect-error: a new sync's field_normalization needs field_behavior: 'sync_all_properties'
  const normalizedAlone: CreateSyncInput = { ...base, field_normalization: 'snake_case' };
  // @ts-expect-error: specific properties are mapped by hand, with nothing to normalize
  const normalizedSpecific: CreateSyncInput = { ...base, field_behavior: 'specific_properties', field_normalization: 'camel_case' };

  // A patch: the sync's own cron expression and field_behavior stand for those it leaves out.
  await client.updateSync(61, { schedule_frequency: 'expression' });
  await client.updateSync(61, { cron_expression: '0 8 * * 1' });
  await client.updateSync(61, { field_normalization: 'snake_case' });
  await client.updateSync(61, { field_behavior: 'sync_all_properties', field_normalization: 'snake_case' });
  await client.updateSync(61, { mode: { type: 'live' }, schedule_frequency: null, schedule_hour: undefined });
  await client.updateSync(61, { mode: null, schedule_frequency: 'hourly', schedule_minute: 15 });
  const patch: UpdateSyncInput = { paused: true, field_behavior: 'specific_properties' };
  await client.updateSync(61, patch);
  // @ts-expect-error: a patch refuses both forms of schedule too
  await client.updateSync(61, { mode: { type: 'live' }, schedule_hour: 6 });
  // @ts-expect-error: a patch's cron expression goes only with the expression frequency
  await client.updateSync(61, { schedule_frequency: 'weekly', cron_expression: '0 8 * * 1' });
  // @ts-expect-error: given together, field_behavior and field_normalization must agree
  await client.updateSync(61, { field_behavior: 'specific_properties', field_normalization: 'snake_case' });
  // @ts-expect-error: still nothing to update
  await client.updateSync(61, {});

  // Built from a create's input: the spread keeps whatever legacy schedule it has, so a new
  // form clears the old one.
  await client.updateSync(61, { ...input, schedule_frequency: undefined, schedule_day: undefined, schedule_hour: undefined, schedule_minute: null, cron_expression: null, mode: { type: 'live' } });
  // @ts-expect-error: the input may hold a legacy schedule, which would then be sent with mode
  await client.updateSync(61, { ...input, mode: { type: 'live' } });
  void [modeAndHour, modeAndCron, noCron, nullCron, dailyCron, normalizedAlone, normalizedSpecific];
  return seen;
}
