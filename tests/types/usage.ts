// Compiled with `tsc --strict --noEmit` by the test command: the package's types must accept
// every correct call below and reject each line marked @ts-expect-error.
import init, {
  CensusClient,
  CensusError,
  CensusInputError,
  CensusNotFoundError,
  type Source,
  type SourcePage,
  type RefreshStatus,
} from 'census-wasm';

export async function usage(): Promise<string[]> {
  await init();
  const client = new CensusClient({ apiToken: 'token', baseUrl: 'http://localhost:8787/api/v1' });
  const proxied = new CensusClient({ baseUrl: '/census/api/v1', fetch: (request) => fetch(request) });

  const page: SourcePage = await client.listSources({ page: 2, perPage: 50, order: 'asc' });
  const firstPage: SourcePage = await client.listSources();
  const names: string[] = page.data.map((source: Source) => source.name);
  const last: number | undefined = page.pagination?.last_page;
  names.push(String(firstPage.data.length), new CensusClient().baseUrl);
  const source = await client.getSource(page.data[0].id);
  const created = await client.createSource({ type: 'snowflake', credentials: { account: 'x', port: 443 } });
  await client.updateSource(created.id, { label: 'Renamed', credentials: { database: 'v2' } });
  const { refresh_key } = await proxied.refreshTables(source.id);
  const status: RefreshStatus = await client.refreshTablesStatus(source.id, refresh_key);
  await client.deleteSource(created.id);

  try {
    await client.getSource(1);
  } catch (error) {
    if (error instanceof CensusNotFoundError) names.push(String(error.status));
    if (error instanceof CensusInputError) names.push(error.field);
    if (error instanceof CensusError) names.push(error.code);
  }

  // @ts-expect-error: type is required
  await client.createSource({ credentials: {} });
  // @ts-expect-error: an id is a number, not an object
  await client.getSource({ id: 1 });
  // @ts-expect-error: the option is perPage
  await client.listSources({ per_page: 10 });
  // @ts-expect-error: order is asc or desc
  await client.listSources({ order: 'newest' });
  // @ts-expect-error: Source has no field "title"
  names.push(source.title);
  // @ts-expect-error: apiToken is a string
  new CensusClient({ apiToken: 42 });

  return [...names, String(last), status.status];
}
