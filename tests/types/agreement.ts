// Compiled with `tsc --strict --noEmit` by the test command, like usage.ts: where an audit of the
// declarations against the runtime (every method called with values derived from its declared
// types, and its results checked against its declared result) found them apart. Every correct
// line must type-check and each @ts-expect-error line must not.
import { CensusClient, type CreateSyncInput, type DataSource, type Model, type SourceObject, type SyncSourceInput, type Table } from 'census-wasm';

const destination_attributes = { connection_id: 18, object: 'user' };
const mappings = [{ from: 'email', to: 'email', is_primary_identifier: true }] as const;

// What a sync reads is given in one form: the client refuses both (`source_attributes.object:
// give what the sync reads once`) and neither (`source_attributes.data_source: required`).
const byDataSource: SyncSourceInput = { connection_id: 3, data_source: { type: 'model', name: 'users' } };
const byObject: SyncSourceInput = { connection_id: 3, object: { type: 'model', id: 7 } };
// The other form written as null or undefined is taken as absent, as the client takes it.
const withNull: SyncSourceInput = { connection_id: 3, object: { type: 'table', table_name: 'users' }, data_source: null };
const withUndefined: SyncSourceInput = { connection_id: 3, data_source: { id: 7 }, object: undefined };
// @ts-expect-error neither form: refused by the client before sending
const neither: SyncSourceInput = { connection_id: 3 };
// @ts-expect-error both forms: refused by the client before sending
const both: SyncSourceInput = { connection_id: 3, data_source: { id: 7 }, object: { type: 'model', id: 7 } };
const create: CreateSyncInput = { operation: 'upsert', source_attributes: byObject, destination_attributes, mappings };
// @ts-expect-error a sync that reads nothing
const readsNothing: CreateSyncInput = { operation: 'upsert', source_attributes: { connection_id: 3, object: null }, destination_attributes, mappings };
// Today's object names what it reads by id, or a table by its table_name; document 003's
// data_source a model or segment by name, a table by table_name, anything by id.
const tableById: SyncSourceInput = { connection_id: 3, object: { type: 'table', id: 4 } };
// @ts-expect-error an object without an id names nothing unless it is a table (the client refuses it)
const modelWithoutId: SyncSourceInput = { connection_id: 3, object: { type: 'model' } };
// @ts-expect-error a table without an id needs its table_name
const tableUnnamed: SyncSourceInput = { connection_id: 3, object: { type: 'table', table_schema: 'public' } };
// @ts-expect-error a model's data_source without an id needs its name
const modelUnnamed: SyncSourceInput = { connection_id: 3, data_source: { type: 'segment' } };
// @ts-expect-error a table's data_source is named by table_name, not name
const tableByName: SyncSourceInput = { connection_id: 3, data_source: { type: 'table', name: 'users' } };
void [byDataSource, withNull, withUndefined, neither, both, readsNothing, tableById, modelWithoutId, tableUnnamed, modelUnnamed, tableByName];

export async function agreement(client: CensusClient): Promise<string[]> {
  const seen: string[] = [];
  await client.createSync(create, { validateOnly: true });
  // A patch's source_attributes is sent whole, in one form too.
  await client.updateSync(61, { source_attributes: byDataSource });
  // @ts-expect-error a patch's source_attributes that reads nothing
  await client.updateSync(61, { source_attributes: { connection_id: 3 } });

  // A table's or model's `type` of a value this version does not know is kept as the string sent
  // (`getTable` of `{ "type": "view" }` resolves with `type: 'view'`): the member says so, and
  // still narrows the source objects and data sources lists by their tags.
  const table: Table = await client.getTable(3, 4);
  const view: Table = { id: 4, table_name: 'users', type: 'view' };
  const model: Model = { id: 5, name: 'users', type: 'sql_model' };
  if (table.type === 'table' || table.type === 'view') seen.push(table.type);
  seen.push(view.type ?? '', model.type ?? '');
  for await (const object of client.iterateSourceObjects(3)) {
    if (object.type === 'table') seen.push(object.table_name);
    else if (object.type === 'model') seen.push(object.name);
  }
  const item: DataSource = (await client.listDataSources(3)).data[0];
  const tagged: 'table' | 'model' = item.type;
  seen.push(tagged);
  const sourceObject: SourceObject = { type: 'table', id: 1, table_name: 'users' };
  // @ts-expect-error the source objects list's table is tagged `table`, whatever Table's type takes
  const mistagged: SourceObject = { type: 'view', id: 1, table_name: 'users' };
  void [sourceObject, mistagged];
  return seen;
}
