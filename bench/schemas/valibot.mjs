// The Source page schema in valibot, the same shape as ./zod.mjs (see there): required fields
// required, nullable ones nullish, enum-like fields any string, every object loose.
import * as v from 'valibot';

const uint = () => v.pipe(v.number(), v.integer(), v.minValue(0));

export const StepError = v.looseObject({ message: v.nullish(v.string()) });

export const TestStep = v.looseObject({
  step: v.string(),
  status: v.string(),
  error: v.nullish(StepError),
});

export const TestResults = v.looseObject({ steps: v.optional(v.array(TestStep)) });

export const Source = v.looseObject({
  id: uint(),
  name: v.string(),
  label: v.nullish(v.string()),
  type: v.string(),
  created_at: v.nullish(v.string()),
  last_test_succeeded: v.nullish(v.boolean()),
  last_tested_at: v.nullish(v.string()),
  last_test_results: v.nullish(TestResults),
  connection_details: v.nullish(v.record(v.string(), v.unknown())),
  read_only_connection: v.nullish(v.boolean()),
  sync_engine: v.nullish(v.string()),
  warehouse_writeback_retention_in_days: v.nullish(v.pipe(uint(), v.maxValue(4294967295))),
  data_sources: v.nullish(v.array(v.record(v.string(), v.unknown()))),
});

export const Pagination = v.looseObject({
  total_records: uint(),
  per_page: uint(),
  prev_page: v.nullish(uint()),
  page: uint(),
  next_page: v.nullish(uint()),
  last_page: uint(),
});

const Status = v.optional(v.union([v.string(), v.pipe(v.number(), v.integer())]));

export const SourcePage = v.looseObject({
  status: Status,
  data: v.array(Source),
  pagination: v.nullish(Pagination),
  next: v.nullish(v.string()),
});

export const SourceEnvelope = v.looseObject({ status: Status, data: Source });
