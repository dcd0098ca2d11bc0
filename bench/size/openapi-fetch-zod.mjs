// Size entry: a Sources client as openapi-fetch + the zod schema set would make it.
import createClient from 'openapi-fetch';
import { SourceEnvelope, SourcePage } from '../schemas/zod.mjs';

export function censusClient(apiToken, baseUrl = 'https://app.getcensus.com/api/v1') {
  const client = createClient({ baseUrl, headers: { Authorization: `Bearer ${apiToken}` } });
  return {
    async listSources({ page, perPage, order } = {}) {
      const { data, error } = await client.GET('/sources', { params: { query: { page, per_page: perPage, order } } });
      if (error) throw new Error(error.message ?? 'Census API error');
      return SourcePage.parse(data);
    },
    async getSource(id) {
      const { data, error } = await client.GET('/sources/{id}', { params: { path: { id } } });
      if (error) throw new Error(error.message ?? 'Census API error');
      return SourceEnvelope.parse(data).data;
    },
  };
}
