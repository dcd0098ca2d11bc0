// The Source page schema in zod 4, written from CONTRACT.md and checking what the client checks
// (src/core/models.rs): required fields are required, nullable ones accept null or absence,
// enum-like fields accept any string (the client keeps unknown values), and every object is
// loose, so unknown keys pass through untouched. Used by the validation benchmark and the size
// entries.
import * as z from 'zod';

/**
 * Builds the schema set. zod reads `z.config({ jitless })` when a schema is built, so the
 * benchmark calls this again under `jitless` to get the strict-CSP variant.
 */
export function zodSchemas() {
  const nullish = (schema) => schema.nullish();
  const uint = () => z.int().nonnegative();

  const StepError = z.looseObject({ message: nullish(z.string()) });

  const TestStep = z.looseObject({
    step: z.string(),
    // running | success | failed | warning, and any value a newer API adds
    status: z.string(),
    error: nullish(StepError),
  });

  const TestResults = z.looseObject({ steps: z.array(TestStep).optional() });

  const Source = z.looseObject({
    id: uint(),
    name: z.string(),
    label: nullish(z.string()),
    type: z.string(),
    created_at: nullish(z.string()),
    last_test_succeeded: nullish(z.boolean()),
    last_tested_at: nullish(z.string()),
    last_test_results: nullish(TestResults),
    connection_details: nullish(z.record(z.string(), z.unknown())),
    read_only_connection: nullish(z.boolean()),
    // basic | advanced, and any value a newer API adds
    sync_engine: nullish(z.string()),
    warehouse_writeback_retention_in_days: nullish(uint().max(4294967295)),
    data_sources: nullish(z.array(z.record(z.string(), z.unknown()))),
  });

  const Pagination = z.looseObject({
    total_records: uint(),
    per_page: uint(),
    prev_page: nullish(uint()),
    page: uint(),
    next_page: nullish(uint()),
    last_page: uint(),
  });

  const Status = z.union([z.string(), z.int()]).optional();

  const SourcePage = z.looseObject({
    status: Status,
    data: z.array(Source),
    pagination: nullish(Pagination),
    next: nullish(z.string()),
  });

  const SourceEnvelope = z.looseObject({ status: Status, data: Source });
  return { StepError, TestStep, TestResults, Source, Pagination, SourcePage, SourceEnvelope };
}

export const { Source, Pagination, SourcePage, SourceEnvelope } = zodSchemas();
export { z };
