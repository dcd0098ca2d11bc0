// Size entry: a Sources client as openapi-fetch + the valibot schema set would make it.
import createClient from 'openapi-fetch';
import * as v from 'valibot';
import { SourceEnvelope, SourcePage } from '../schemas/valibot.mjs';

export function censusClient(apiToken, baseUrl = 'https://app.getcensus.com/api/v1') {
  const client = createClient({ baseUrl, headers: { Authorization: `Bearer ${apiToken}` } });
  return {
    async listSources({ page, perPage, order } = {}) {
      const { data, error } = await client.GET('/sources', { params: { query: { page, per_page: perPage, order } } });
      if (error) throw new Error(error.message ?? 'Census API error');
      return v.parse(SourcePage, data);
    },
    async getSource(id) {
      const { data, error } = await client.GET('/sources/{id}', { params: { path: { id } } });
      if (error) throw new Error(error.message ?? 'Census API error');
      return v.parse(SourceEnvelope, data).data;
    },
  };
}
