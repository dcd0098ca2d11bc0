// Generated from census-core/src/api.rs and the models of census-core/src/models.rs by
// `UPDATE_GENERATED=1 cargo test --test generated`: do not edit.

/** Codes carried by `CensusError.code`. */
export type CensusErrorCode = 'invalid_input' | 'invalid_config' | 'api_error' | 'not_found' | 'unauthorized' | 'rate_limited' | 'unexpected_response' | 'network_error' | 'timeout' | 'aborted' | 'read_back_failed' | 'sync_run_failed' | 'replication_failed';

/**
 * The sync engine a source uses (`basic` or `advanced`), settable only at creation.
 */
export type SyncEngine = 'basic' | 'advanced' | (string & {});
/**
 * The state of one step of a connection test.
 */
export type StepStatus = 'running' | 'success' | 'failed' | 'warning' | (string & {});
/**
 * The state of a refresh-tables job.
 */
export type RefreshState = 'processing' | 'completed' | (string & {});
/**
 * The kind of value a configuration field takes.
 */
export type FieldType = 'string' | 'integer' | 'boolean' | (string & {});
/** When a configuration field applies: `{ if: 'ssl' }` (the credential `ssl` is true) or `{ if: { ssl: true } }`. */
export type ConfigurationFieldShow = { if?: string | { [credential: string]: JsonValue } };
/** How the Census app asks for a configuration field. */
export interface ConfigurationFieldInput {
  type?: 'textbox' | 'textarea' | 'toggle' | 'select' | 'keyvaluepairs' | (string & {});
  allow_manual_inputs?: boolean;
}
/**
 * How a sync writes records to its destination.
 */
export type SyncOperation = 'append' | 'insert' | 'mirror' | 'update' | 'upsert' | (string & {});
/**
 * The state of a sync run: `queued` and `working` are still running; `completed`,
 * `failed`, `skipped` and `canceled` are final.
 */
export type SyncRunStatus = 'queued' | 'working' | 'completed' | 'failed' | 'skipped' | 'canceled' | (string & {});
/**
 * How a destination type is connected.
 */
export type AuthMethod = 'credentials' | 'oauth' | 'other' | (string & {});
/**
 * How a workspace user may act: `owner`, `editor`, `operator` or `viewer`.
 */
export type WorkspaceRole = 'owner' | 'editor' | 'operator' | 'viewer' | (string & {});
/**
 * An organisation member's role: `admin` or `member`.
 */
export type OrganizationRole = 'admin' | 'member' | (string & {});
/**
 * What happened to a record in a sync run.
 */
export type RecordStatus = 'succeeded' | 'rejected' | 'invalid' | (string & {});

/** A data source connection (a warehouse or database) in a Census workspace. */
export interface Source {
  id: number;
  name: string;
  /** Deprecated in favour of `name`; often null. */
  label?: string | null;
  /** A `service_name` from `/source_types`, e.g. `snowflake`, `big_query`; some older answers (document 003's) leave it out. */
  type?: string | null;
  created_at?: string | null;
  last_test_succeeded?: boolean | null;
  last_tested_at?: string | null;
  last_test_results?: TestResults | null;
  /** Connection settings without secrets; values of any JSON type. */
  connection_details?: JsonObject | null;
  read_only_connection?: boolean | null;
  sync_engine?: SyncEngine | null;
  warehouse_writeback_retention_in_days?: number | null;
  /** Legacy list of the source's tables and models, kept as sent. */
  data_sources?: JsonObject[] | null;
}

/** The result of the last connection test of a source. */
export interface TestResults {
  steps?: TestStep[];
}

/** One step of a connection test. */
export interface TestStep {
  step: string;
  status: StepStatus;
  error?: StepError | null;
}

/** Why a connection-test step failed. */
export interface StepError {
  message?: string | null;
}

/** The `pagination` object of a list response. */
export interface Pagination {
  total_records: number;
  per_page: number;
  prev_page?: number | null;
  page: number;
  next_page?: number | null;
  last_page: number;
}

/** The response of `POST /sources/{id}/refresh_tables`. */
export interface RefreshKey {
  refresh_key: number;
}

/** The response of `GET /sources/{id}/refresh_tables_status`. */
export interface RefreshStatus {
  status: RefreshState;
}

/** A kind of source the workspace can connect (`/source_types`), with what creating one needs. */
export interface SourceType {
  /** The value to pass as `type` when creating a source, e.g. `snowflake`. */
  service_name: string;
  label: string;
  /** The page under `https://docs.getcensus.com/sources/available-sources/`. */
  documentation_slug?: string | null;
  /** Whether `createSource` can create a source of this type. */
  creatable_via_api: boolean;
  creatable_via_connect_link?: boolean | null;
  supported_sync_engines?: SyncEngine[] | null;
  supports_warehouse_writeback?: boolean | null;
  /** The credential fields a source of this type takes (`{ fields: [...] }`); null when the API does not say. */
  configuration_fields?: ConfigurationFields | null;
}

/** The credential fields of a source type or a connector: the API's object around its list. */
export interface ConfigurationFields {
  fields?: ConfigurationField[];
}

/** One credential field of a source type or a connector. */
export interface ConfigurationField {
  /** The key under `credentials`. */
  id: string;
  label?: string | null;
  type?: FieldType | null;
  /** Validations, one or a list: `required` (or `required:notForEditing`) marks a credential that creating needs (while `show`'s condition holds, if it has one). */
  rules?: string | string[] | null;
  /** When the field applies: `{ if: 'ssl' }` (the credential `ssl` is true) or `{ if: { ssl: true } }` (each named credential has that value). */
  show?: ConfigurationFieldShow | null;
  /** A secret (a password, a key): never shown back by the API. */
  is_password_type_field?: boolean | null;
  /** Usually an example of the value. */
  placeholder?: JsonValue | null;
  /** The values it takes, when they are few. */
  possible_values?: JsonValue[] | null;
  /** How the Census app asks for it (`textbox`, `textarea`, `toggle`, `select`, …). */
  input_type?: ConfigurationFieldInput | null;
  /** A regular expression the value must match. */
  matches?: string | null;
  /** A page that explains the field. */
  read_more?: string | null;
}

/** A column of a table or model. */
export interface Column {
  name: string;
  /** The warehouse's type, as it names it (`text (2000)`, `integer`, `array`, …). */
  type: string;
}

/** A table of a source (`/sources/{id}/tables`); `columns` only when fetched one by one. */
export interface Table {
  id: number;
  table_catalog?: string | null;
  table_schema?: string | null;
  table_name: string;
  columns?: Column[] | null;
  /** `table` (document 003 shows it on a fetch and in the legacy list); also the tag of the source objects and legacy data sources lists. Another value is kept as sent. */
  type?: 'table' | (string & {}) | null;
}

/** A SQL model of a source; `columns` only when fetched one by one, `compiled_query` (a model built on dbt) whenever the API sends it, in a list too. */
export interface Model {
  id: number;
  name: string;
  query?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  /** The compiled SQL, when the model is built on dbt. */
  compiled_query?: string | null;
  columns?: Column[] | null;
  description?: string | null;
  /** The model as a source object (`listSourceObjects`). */
  source_object_id?: number | null;
  /** Deprecated, and misspelt by the API itself (with the `=`); read it as sent. */
  "dataset_id="?: number | null;
  /** `model` (document 003 shows it on a fetch); also the tag of the source objects and legacy data sources lists. Another value is kept as sent. */
  type?: 'model' | (string & {}) | null;
}

/** The workspace the API token belongs to (`GET /workspace`). Only `id` and `name` are documented as always there; the rest is read leniently. */
export interface Workspace {
  id: number;
  name: string;
  organization_id?: number | null;
  created_at?: string | null;
  /** Who gets the workspace's notification emails; changed through the organisation API. */
  notification_emails?: string[] | null;
}

/** A destination connection (Braze, Salesforce, HubSpot, a file store, …). `objects` comes with `getDestination`, not in lists. */
export interface Destination {
  id: number;
  name: string;
  /** The destination type's `service_name` (today's API; absent in 003). */
  type?: string | null;
  created_at?: string | null;
  last_test_succeeded?: boolean | null;
  last_tested_at?: string | null;
  /** Connection settings without secrets; values of any JSON type. */
  connection_details?: JsonObject | null;
  /** Shown by some destinations in place of `connection_details` (003's HubSpot). */
  credentials?: JsonObject | null;
  objects?: DestinationObject[] | null;
}

/** An object of a destination (a Braze `user`, a Salesforce `Contact`, a file path), by its `full_name`; `fields` comes with `getDestinationObject`. */
export interface DestinationObject {
  /** What identifies the object in the API and in a sync's `destination_attributes`. */
  full_name: string;
  label?: string | null;
  allow_custom_fields?: boolean | null;
  allow_case_sensitive_field_names?: boolean | null;
  /** The sync operations the object accepts (today's API). */
  supported_operations?: SyncOperation[] | null;
  fields?: DestinationField[] | null;
}

/** A field of a destination object: what a mapping's `to` names. */
export interface DestinationField {
  /** Names may hold dots and colons (`user_identifier.hashed_email_PREHASHED`, `custom_field:Users`). */
  full_name: string;
  label?: string | null;
  /** The destination's own type name (`String`, `Number`, …). */
  type?: string | null;
  createable?: boolean | null;
  updateable?: boolean | null;
  /** For arrays: `merge` and/or `overwrite`. */
  operations?: string[] | null;
  array?: boolean | null;
  preserve_values_supported?: boolean | null;
  required_for_mapping?: boolean | null;
  can_be_upsert_key?: boolean | null;
  can_be_update_key?: boolean | null;
  can_be_insert_key?: boolean | null;
  can_be_reference_key?: boolean | null;
  /** The object a reference field points to. */
  lookup_object?: string | null;
}

/** A destination type (`/connectors`): what `createDestination`'s `type` takes. */
export interface Connector {
  /** The value to pass as `type` when creating a destination, e.g. `braze`. */
  service_name: string;
  label?: string | null;
  auth_method?: AuthMethod | null;
  documentation_slug?: string | null;
  /** The credential fields creating a destination of this type takes. */
  configuration_fields?: ConfigurationFields | null;
}

/** A sync: records of a source's table, model or segment written to a destination object. Reads keep members not listed here as the API sends them. */
export interface Sync {
  id: number;
  label?: string | null;
  operation: SyncOperation;
  /** `Ready` in 003, `ready`, `up to date` or `failing` elsewhere: compare case-insensitively. */
  status?: string | null;
  paused?: boolean | null;
  /** The legacy schedule: `never`, `continuous`, `quarter_hourly`, `hourly`, `daily`, `weekly` or `expression`. */
  schedule_frequency?: string | null;
  /** A weekday name (`Monday`); some older answers sent a number. */
  schedule_day?: string | number | null;
  schedule_hour?: number | null;
  schedule_minute?: number | null;
  cron_expression?: string | null;
  /** The current schedule form: `{ type: 'live' | 'triggered', triggers }`. */
  mode?: JsonObject | null;
  created_at?: string | null;
  updated_at?: string | null;
  trigger_on_dbt_cloud_rebuild?: boolean | null;
  field_behavior?: string | null;
  field_normalization?: string | null;
  lead_union_insert_to?: string | null;
  source_attributes?: SyncSource | null;
  destination_attributes?: SyncDestination | null;
  mappings?: Mapping[] | null;
  /** The sync's alerts, each `{ type, … }`; Census adds its defaults when a create gives none. */
  alert_attributes?: JsonObject[] | null;
  /** Where an incremental sync starts reading. */
  high_water_mark_attributes?: JsonObject | null;
  /** How a `mirror` sync applies deletes. */
  mirror_strategy?: string | null;
  /** The order of the destination's fields (file destinations). */
  field_order?: string | null;
}

/** Where a sync reads: a source connection and one of its tables, models or segments. */
export interface SyncSource {
  connection_id?: number | null;
  /** `{ type, id, … }`: a table (`table_catalog`, `table_schema`, `table_name`), a model (`name`) or a segment, as the API describes it (document 003's form). */
  data_source?: JsonObject | null;
  /** The same in today's form: `{ type, id }` or a table by its names. */
  object?: JsonObject | null;
}

/** Where a sync writes: a destination connection and one of its objects. */
export interface SyncDestination {
  connection_id?: number | null;
  /** The destination object's `full_name`. */
  object?: string | null;
  lead_union_insert_to?: string | null;
}

/** One mapping of a sync: a source column or constant to a destination field. */
export interface Mapping {
  /** A column name, a constant `{ value, type }` (`{ value, basic_type }` in reads), or today's `{ type, data }`. */
  from: MappingFrom;
  /** The destination field's `full_name`. */
  to: string;
  is_primary_identifier?: boolean | null;
  generate_field?: boolean | null;
  preserve_values?: boolean | null;
  /** For arrays: `merge` or `overwrite`. */
  operation?: string | null;
  lookup_object?: string | null;
  lookup_field?: string | null;
  /** Its place among the sync's mappings, from 0, in reads of the API (Census orders them by it). */
  position?: number | null;
}

/** One run of a sync, with its counts. The counts may be null until the run has them. */
export interface SyncRun {
  id: number;
  sync_id: number;
  status: SyncRunStatus;
  source_record_count?: number | null;
  records_processed?: number | null;
  records_updated?: number | null;
  records_failed?: number | null;
  records_invalid?: number | null;
  created_at?: string | null;
  updated_at?: string | null;
  completed_at?: string | null;
  scheduled_execution_time?: string | null;
  error_code?: string | null;
  error_message?: string | null;
  error_detail?: string | null;
  /** What the run is doing now, e.g. `Running sync`. */
  current_step?: string | null;
  canceled?: boolean | null;
  full_sync?: boolean | null;
  /** `{ ui_tag, ui_detail }`: why the run started. */
  sync_trigger_reason?: JsonObject | null;
}

/** What `POST /syncs/{id}/trigger` answers. */
export interface SyncRunId {
  sync_run_id: number;
}

/** What `POST /syncs` answers: the new sync's id. */
export interface SyncId {
  sync_id: number;
}

/** A segment (`filter_segments`) of a source. Census builds it after it answers a create (`waitForSegment` follows the build); `molecules` is the recursive filter, kept as sent. */
export interface Segment {
  id: number;
  name: string;
  description?: string | null;
  source_id?: number | null;
  created_at?: string | null;
  updated_at?: string | null;
  /** The filter, as Census describes it (inferred: kept as sent). */
  molecules?: JsonValue | null;
  cohorts?: Cohort[] | null;
}

/** A cohort of a segment (only ever nested in one). */
export interface Cohort {
  id?: number | null;
  name?: string | null;
  percentage?: number | null;
  is_control?: boolean | null;
  resource_identifier?: string | null;
}

/** What `POST /sources/{id}/filter_segments` answers: the new segment's id, and where its build can be followed (`filter_segment_source_url`, outside `data`). */
export interface SegmentCreated {
  id: number;
  /** The status URL Census answers with; `waitForSegment` polls it. */
  filter_segment_source_url: string;
}

/** A topic of an HTTP-request source. */
export interface Topic {
  id: number;
  name: string;
  description?: string | null;
  source_id?: number | null;
  created_at?: string | null;
  updated_at?: string | null;
}

/** A dataset: SQL (`type: 'sql'`, with `source_id` and `query`) or entity resolution (with its rules and source datasets). One lenient shape, since `type` may be a kind this version does not know, so checking `type` does not narrow it: `SqlDataset` and `EntityResolutionDataset` name the two kinds for a cast once `type` is checked. */
export interface Dataset {
  id: number;
  name: string;
  /** `sql` or `entity_resolution`; others are kept as sent. */
  type: string;
  description?: string | null;
  source_id?: number | null;
  query?: string | null;
  match_rules?: JsonValue | null;
  merge_rules?: JsonValue | null;
  source_dataset_ids?: number[] | null;
  mode?: string | null;
  status?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

/** A connect link (source, destination, reauthorization) or a sync or segment management link: a URI to hand to a user, valid until `expiration` (24 h by default). */
export interface Link {
  id: number;
  /** The link to open. */
  uri?: string | null;
  /** The connection type, for connect links. */
  type?: string | null;
  redirect_uri?: string | null;
  expiration?: string | null;
  expired?: boolean | null;
  revoked?: boolean | null;
  source_id?: number | null;
  destination_id?: number | null;
  sync_id?: number | null;
  /** The segment of a segment management link. */
  segment_id?: number | null;
  created_at?: string | null;
}

/** A webhook: Census posts sync events to `endpoint`, signed with `X-Signature`. */
export interface Webhook {
  id: number;
  name?: string | null;
  /** Where Census posts the events. */
  endpoint?: string | null;
  description?: string | null;
  /** `sync.triggered`, `sync.started`, `sync.completed`, `sync.success`, `sync.failed`, `sync.alert.raised`, `sync.alert.resolved`. */
  events?: string[] | null;
  created_at?: string | null;
  /** The signing secret: only in the answer of `createWebhook`, once. Keep it then. */
  secret?: string | null;
}

/** One record of a sync run and what happened to it, as the Fetch Records reference shows it; every member optional, kept as sent. */
export interface SyncRunRecord {
  /** What was sent to the destination. */
  record_payload?: JsonValue | null;
  /** The record's primary identifier (what the `primaryIdentifier` filter matches). */
  identifier?: string | number | null;
  batch_started_at?: string | null;
  batch_completed_at?: string | null;
  /** `upsert` or `delete`. */
  operation?: string | null;
  status?: RecordStatus | null;
  /** Why a record was rejected or invalid; often empty otherwise. */
  status_message?: string | null;
}

/** The state of a background job Census answers without an envelope (a project refresh, a workspace clone, an object creation, a segment build): `status` and what else it says. */
export interface JobStatus {
  status: string;
  details?: JsonValue | null;
}

/** What a start of a URL-followed job answers: where to follow it (`url`, `status_endpoint`), as Census names it per endpoint. */
export interface JobStarted {
  status?: string | null;
  url?: string | null;
  status_endpoint?: string | null;
  data?: JsonValue | null;
}

/** A workspace of the organisation (personal access token). */
export interface OrgWorkspace {
  id: number;
  name: string;
  organization_id?: number | null;
  created_at?: string | null;
  notification_emails?: string[] | null;
  /** Only when created with `return_workspace_api_key: true`. */
  api_key?: string | null;
}

/** `GET /workspaces/{id}/api_key`: the workspace's API key, answered without an envelope. */
export interface ApiKey {
  api_key: string;
}

/** A user of the organisation or of a workspace. */
export interface User {
  /** A number, or its digits as a string, as the reference's workspace-users example shows it (`"12345"`). */
  id: number | string;
  email?: string | null;
  name?: string | null;
  /** `admin` or `member` in the organisation; a workspace role in a workspace's list. */
  role?: string | null;
  created_at?: string | null;
  last_sign_in_at?: string | null;
}

/** An invitation to the organisation, with the workspaces it grants. */
export interface Invitation {
  id: number;
  email: string;
  role?: OrganizationRole | null;
  /** `[{ id, role }]`. */
  workspaces?: JsonObject[] | null;
  status?: string | null;
  created_at?: string | null;
  expires_at?: string | null;
}

/** Every member a sync's input may hold: `createSync` takes them under the rules between them (`CreateSyncInput`), `updateSync` patches them (`UpdateSyncInput`). Members not listed here are sent as given, but for the read-only `id`, `created_at`, `updated_at` and `status`, which are refused. */
export interface SyncInputFields {
  label?: string | null | undefined;
  /** How records are written. */
  operation: SyncOperationInput;
  source_attributes: SyncSourceInput;
  destination_attributes: SyncDestinationInput;
  /** At least one; exactly one with `is_primary_identifier: true` unless the call's `requirePrimaryIdentifier` is false. Checked when called: a type cannot count a list's items. */
  mappings: readonly MappingInput[];
  /** The legacy schedule (not with `mode`); a new sync's `expression` needs `cron_expression`. */
  schedule_frequency?: ScheduleFrequency | null | undefined;
  schedule_day?: Weekday | null | undefined;
  /** 0–24, checked when called. */
  schedule_hour?: number | null | undefined;
  /** 0–59, checked when called. */
  schedule_minute?: number | null | undefined;
  /** Five fields (minute hour day-of-month month day-of-week), UTC, checked when called; with `schedule_frequency: 'expression'` or none. */
  cron_expression?: string | null | undefined;
  /** Today's schedule form (not with the `schedule_*` fields). */
  mode?: SyncModeInput | null | undefined;
  paused?: boolean | null | undefined;
  trigger_on_dbt_cloud_rebuild?: boolean | null | undefined;
  /** `sync_all_properties` maps new source columns automatically. */
  field_behavior?: FieldBehavior | null | undefined;
  /** How automatic mappings are named: only with `field_behavior: 'sync_all_properties'`. */
  field_normalization?: FieldNormalization | null | undefined;
  /** The sync's alerts, each `{ type, … }` as Census's reference lists them; without it Census adds its default alerts. Sent as given. */
  alert_attributes?: readonly JsonObject[] | null | undefined;
  /** Where an incremental sync starts reading. Sent as given. */
  high_water_mark_attributes?: JsonObject | null | undefined;
  /** How a `mirror` sync applies deletes. Sent as given. */
  mirror_strategy?: string | null | undefined;
  /** The order of the destination's fields (file destinations). Sent as given. */
  field_order?: string | null | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  status?: never | undefined;
}

/** Where a new sync writes. */
export interface SyncDestinationInput {
  /** The destination's id. */
  connection_id: number;
  /** The destination object's `full_name`. */
  object: string;
  /** Salesforce: where a union object is inserted. */
  lead_union_insert_to?: string | null | undefined;
}

/** One mapping of a new sync. */
export interface MappingInput {
  from: MappingFromInput;
  /** The destination field's `full_name`. */
  to: string;
  /** `true` on exactly one mapping of a sync (at most one with the call's `requirePrimaryIdentifier: false`). Checked when called: a type cannot count the mappings that have it. */
  is_primary_identifier?: boolean | null | undefined;
  generate_field?: boolean | null | undefined;
  preserve_values?: boolean | null | undefined;
  /** For array fields. */
  operation?: MappingOperation | null | undefined;
  /** For a reference field: the object it refers to, and the field to look it up by. */
  lookup_object?: string | null | undefined;
  lookup_field?: string | null | undefined;
  /** Its place among the mappings, from 0, as reads show it (sent as given). */
  position?: number | null | undefined;
}

/** `createModel`'s input (the deprecated models API): a SQL model of a source. */
export interface CreateModelInput {
  name: string;
  /** The SQL. */
  query: string;
  description?: string | null | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  type?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  compiled_query?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  columns?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  source_object_id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  "dataset_id="?: never | undefined;
}

/** Every member a dataset's input may hold, whatever its kind: what `updateDataset` patches. `createDataset` takes one kind or the other (`CreateDatasetInput`). */
export interface DatasetInputFields {
  name: string;
  type: 'sql' | 'entity_resolution';
  description?: string | null | undefined;
  /** SQL datasets: the source. */
  source_id?: number | null | undefined;
  /** SQL datasets: the query. */
  query?: string | null | undefined;
  /** Entity resolution: the datasets it resolves across. */
  source_dataset_ids?: readonly number[] | null | undefined;
  match_rules?: JsonValue | null | undefined;
  merge_rules?: JsonValue | null | undefined;
  /** Entity resolution: how it runs, as reads show it (`"standard"`). */
  mode?: string | null | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  status?: never | undefined;
}

/** `createSegment`'s input. `molecules` is Census's recursive filter, sent as given (its shape is not documented in full). */
export interface CreateSegmentInput {
  name: string;
  description?: string | null | undefined;
  molecules?: JsonValue | null | undefined;
  /** The segment's cohorts (an A/B split), each `{ name, percentage, is_control? }`; Census gives them their ids. */
  cohorts?: readonly { name: string; percentage: number; is_control?: boolean | undefined }[] | null | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  source_id?: never | undefined;
}

/** `createTopic`'s input (HTTP-request sources). */
export interface CreateTopicInput {
  name: string;
  description?: string | null | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  source_id?: never | undefined;
}

/** A connect link's input: the connection type and where to send the user afterwards. */
export interface CreateConnectLinkInput {
  /** A source type's or connector's `service_name`. */
  type: string;
  redirect_uri?: string | null | undefined;
}

/** A management link's input (sync or segment management, reauthorization). */
export interface CreateLinkInput {
  redirect_uri?: string | null | undefined;
}

/** `createSyncManagementLink`'s input: where Census sends the user once the sync is made, which it requires here (and only here among the links). */
export interface CreateSyncManagementLinkInput {
  redirect_uri: string;
}

/** `createWebhook`'s input. The answer holds the signing `secret`, once. */
export interface CreateWebhookInput {
  name?: string | null | undefined;
  /** An `https:` URL that receives the events. */
  endpoint: string;
  description?: string | null | undefined;
  events: readonly WebhookEvent[];
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  secret?: never | undefined;
}

/** `createWorkspace`'s input (personal access token). */
export interface CreateWorkspaceInput {
  name: string;
  notification_emails?: readonly string[] | null | undefined;
  /** Answer the new workspace's API key with it, once. */
  return_workspace_api_key?: boolean | null | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  organization_id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  api_key?: never | undefined;
}

/** `inviteToWorkspace`'s input. */
export interface WorkspaceInvitationInput {
  emails: readonly string[];
  role: 'owner' | 'editor' | 'operator' | 'viewer';
}

/** `createInvitation`'s input: an invitation to the organisation and its workspaces. */
export interface CreateInvitationInput {
  email: string;
  role: 'admin' | 'member';
  /** `[{ id, role }]`: the workspaces it grants, each with a workspace role. */
  workspaces?: readonly { id: number; role: 'owner' | 'editor' | 'operator' | 'viewer' }[] | null | undefined;
}

/** How a new sync writes records. */
export type SyncOperationInput = 'append' | 'insert' | 'mirror' | 'update' | 'upsert';
/** The legacy schedule's frequency. */
export type ScheduleFrequency = 'never' | 'continuous' | 'quarter_hourly' | 'hourly' | 'daily' | 'weekly' | 'expression';
/** A weekday name. */
export type Weekday = 'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';
/** Whether new source columns are mapped automatically. */
export type FieldBehavior = 'specific_properties' | 'sync_all_properties';
/** How `sync_all_properties` names new fields. */
export type FieldNormalization = 'start_case' | 'lower_case' | 'upper_case' | 'camel_case' | 'snake_case' | 'match_source_names';
/** How a mapping writes an array field. */
export type MappingOperation = 'merge' | 'overwrite';
/** A mapping's source as a new sync takes it: a column name, a constant (`{ value, type }`, or `{ value, basic_type }` as reads show it), or today's typed form. */
export type MappingFromInput = string | { value: JsonValue; type: 'boolean' | 'datetime' | 'number' | 'text' } | { value: JsonValue; basic_type: string } | { type: 'column' | 'constant_value' | 'sync_metadata' | 'segment_membership' | 'liquid_template'; data: JsonValue };
/** A mapping's source as the API sends it: a column name, a constant (`basic_type`), or today's typed form. */
export type MappingFrom = string | { value: JsonValue; basic_type?: string; type?: string } | { type: string; data: JsonValue };
/**
 * Where a new sync reads: the source's `connection_id`, and what it reads in one form, never
 * both (the client refuses both, and neither): `data_source` (document 003's) or `object`
 * (today's). The other form may be written as `null` or `undefined`.
 */
export type SyncSourceInput =
  | { /** The source's id. */ connection_id: number; /** What it reads, in document 003's form. */ data_source: SyncDataSourceInput; object?: null | undefined }
  | { /** The source's id. */ connection_id: number; /** What it reads, in today's form (`{ type, id }`, `{ type: 'table', table_name, … }`). */ object: SyncSourceObjectInput; data_source?: null | undefined };
/** What a new sync reads, in today's form: its type and id, or a table by its names. */
export type SyncSourceObjectInput = { type: string; id: number | string; [member: string]: JsonValue } | { type: 'table'; table_name: string; table_schema?: string | undefined; table_catalog?: string | undefined };
/** What a new sync reads, in document 003's form: by id, a model or segment by name, or a table by its names. */
export type SyncDataSourceInput = { id: number; type?: 'table' | 'model' | 'segment' | undefined } | { type: 'model' | 'segment'; name: string } | { type: 'table'; table_name: string; table_schema?: string | undefined; table_catalog?: string | undefined };
/** Today's schedule form. */
export interface SyncModeInput {
  type: 'live' | 'triggered';
  /** What triggers a `triggered` sync. */
  triggers?: SyncTriggers | undefined;
}
/** The triggers of a `triggered` sync; the ids Census needs for each. */
export interface SyncTriggers {
  schedule?: JsonObject | null | undefined;
  dbt_cloud?: { project_id: string | number; job_id: string | number } | null | undefined;
  fivetran?: { job_id: string | number; job_name?: string | undefined } | null | undefined;
  sync_sequence?: { sync_id: number } | null | undefined;
}
/**
 * `createSync`'s input, the body of `POST /syncs`: the members of `SyncInputFields` under the
 * rules between them that the client checks before sending, the schedule in one form
 * (`SyncScheduleInput`) and `field_normalization` only with `sync_all_properties`
 * (`SyncFieldNormalizationInput`). What a type cannot state (at least one mapping and exactly
 * one primary identifier, an hour's range, a cron expression's fields) is checked when called,
 * naming the member.
 */
export type CreateSyncInput = SyncInputFields & SyncScheduleInput & SyncFieldNormalizationInput;
/**
 * `updateSync`'s patch: any members of `SyncInputFields`, at least one, under the rules a
 * patch shares with a create (`SyncSchedulePatch`, `SyncFieldNormalizationPatch`), where the
 * sync's own members stand for those it leaves out. Top-level members given replace the
 * sync's; a nested object (`source_attributes`, `destination_attributes`, `mode`) or `mappings`
 * must be sent whole, as the API requires: what it leaves out is lost.
 */
export type UpdateSyncInput = NonEmptyPatch<SyncInputFields> & SyncSchedulePatch & SyncFieldNormalizationPatch;
/**
 * A new sync's schedule in one form, or none (the client refuses both): today's `mode`, or the
 * legacy `schedule_*` members and `cron_expression`; the other form may be written as `null`
 * or `undefined`. A `cron_expression` goes with the `expression` frequency or none, and
 * that frequency needs one.
 */
export type SyncScheduleInput =
  | { mode: SyncModeInput; schedule_frequency?: null | undefined; schedule_day?: null | undefined; schedule_hour?: null | undefined; schedule_minute?: null | undefined; cron_expression?: null | undefined }
  | { mode?: (SyncModeInput & Refused<'not with schedule_* or cron_expression'>) | null | undefined; schedule_frequency?: 'expression' | null | undefined; cron_expression: string }
  | { mode?: (SyncModeInput & Refused<'not with schedule_* or cron_expression'>) | null | undefined; schedule_frequency?: Exclude<ScheduleFrequency, 'expression'> | null | undefined; cron_expression?: null | undefined };
/**
 * A patch's schedule: as `SyncScheduleInput`, but `schedule_frequency: 'expression'` may come
 * without a `cron_expression`, relying on the sync's own.
 */
export type SyncSchedulePatch =
  | { mode: SyncModeInput; schedule_frequency?: null | undefined; schedule_day?: null | undefined; schedule_hour?: null | undefined; schedule_minute?: null | undefined; cron_expression?: null | undefined }
  | { mode?: (SyncModeInput & Refused<'not with schedule_* or cron_expression'>) | null | undefined; schedule_frequency?: 'expression' | null | undefined; cron_expression: string }
  | { mode?: (SyncModeInput & Refused<'not with schedule_* or cron_expression'>) | null | undefined; schedule_frequency?: ScheduleFrequency | null | undefined; cron_expression?: null | undefined };
/**
 * `field_normalization` names the fields that `sync_all_properties` maps automatically, so a
 * new sync takes it only with that `field_behavior`.
 */
export type SyncFieldNormalizationInput =
  | { field_normalization?: (FieldNormalization & Refused<"only with field_behavior: 'sync_all_properties'">) | null | undefined }
  | { field_behavior: 'sync_all_properties'; field_normalization: FieldNormalization };
/**
 * A patch's `field_normalization`: with `field_behavior: 'sync_all_properties'`, or with none,
 * relying on the sync's own.
 */
export type SyncFieldNormalizationPatch =
  | { field_normalization?: (FieldNormalization & Refused<"only with field_behavior: 'sync_all_properties'">) | null | undefined }
  | { field_behavior?: 'sync_all_properties' | null | undefined; field_normalization: FieldNormalization };
/**
 * A value a member of `SyncScheduleInput` or `SyncFieldNormalizationInput` (and their patch forms)
 * refuses under the rule it names, which tsc's error then quotes. No value has this type.
 */
export interface Refused<Rule extends string> {
  readonly [refused]: Rule;
}
declare const refused: unique symbol;
/** What a webhook can subscribe to. */
export type WebhookEvent = 'sync.alert.raised' | 'sync.alert.resolved' | 'sync.triggered' | 'sync.started' | 'sync.completed' | 'sync.success' | 'sync.failed';
/** `updateModel`'s patch: members of `CreateModelInput`, at least one of them given. */
export type UpdateModelInput = NonEmptyPatch<CreateModelInput>;
/** `updateDataset`'s patch: members of `DatasetInputFields`, at least one of them given. */
export type UpdateDatasetInput = NonEmptyPatch<DatasetInputFields>;
/** `updateSegment`'s patch: members of `CreateSegmentInput`, at least one of them given. */
export type UpdateSegmentInput = NonEmptyPatch<CreateSegmentInput>;
/** `updateTopic`'s patch: members of `CreateTopicInput`, at least one of them given. */
export type UpdateTopicInput = NonEmptyPatch<CreateTopicInput>;
/** `updateWorkspace`'s patch: members of `CreateWorkspaceInput` but the API key (answered only by a create), at least one of them given. */
export type UpdateWorkspaceInput = NonEmptyPatch<Omit<CreateWorkspaceInput, 'return_workspace_api_key'>>;
/**
 * `createDataset`'s input, by `type`: a SQL dataset needs `source_id` and `query`, an
 * entity-resolution one `source_dataset_ids`, as the client checks before sending.
 */
export type CreateDatasetInput = CreateSqlDatasetInput | CreateEntityResolutionDatasetInput;
/** `createDataset`'s input for a SQL dataset: a query of a source. */
export interface CreateSqlDatasetInput {
  name: string;
  type: 'sql';
  description?: string | null | undefined;
  /** The source the query runs in. */
  source_id: number;
  /** The query. */
  query: string;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  status?: never | undefined;
}
/** `createDataset`'s input for an entity-resolution dataset: the datasets it resolves across, and its rules. */
export interface CreateEntityResolutionDatasetInput {
  name: string;
  type: 'entity_resolution';
  description?: string | null | undefined;
  /** The datasets it resolves across. */
  source_dataset_ids: readonly number[];
  match_rules?: JsonValue | null | undefined;
  merge_rules?: JsonValue | null | undefined;
  /** How it runs, as reads show it (`"standard"`). */
  mode?: string | null | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: Census sets it, and the client refuses it. */
  status?: never | undefined;
}

/** What `createSource` resolves to with `readBack: false`: what the POST answered, the whole source or only its `id`. */
export type CreatedSource = Source | { id: number };

/** Options of `createSource` that resolve to the whole resource. */
export type CreateSourceReadBackOptions = CreateSourceOptions & { readBack?: true | null | undefined };

/** What `createDestination` resolves to with `readBack: false`: what the POST answered, the whole destination or only its `id`. */
export type CreatedDestination = Destination | { id: number };

/** Options of `createDestination` that resolve to the whole resource. */
export type CreateReadBackOptions = CreateOptions & { readBack?: true | null | undefined };

/** What `createSync` resolves to with `readBack: false`: what the POST answered, the whole sync or only its `sync_id`. */
export type CreatedSync = Sync | SyncId;

/** Options of `createSync` that resolve to the whole resource. */
export type CreateSyncReadBackOptions = CreateSyncOptions & { readBack?: true | null | undefined; validateOnly?: false | null | undefined };

/** Options of `createSync`. */
export interface CreateSyncOptions extends CreateOptions {
  /** `false` for destinations that take no primary identifier (Google Sheets): the mappings may then have none. Default true: exactly one. */
  requirePrimaryIdentifier?: boolean | null | undefined;
  /** Only ask the API to validate the sync (`validate_only`): nothing is created, the call resolves to `undefined` or rejects with the API's reason. */
  validateOnly?: boolean | null | undefined;
}

/** Options of `updateSync`. */
export interface UpdateSyncOptions extends CallOptions {
  /** `false` for destinations that take no primary identifier (Google Sheets): the mappings may then have none. Default true: exactly one. */
  requirePrimaryIdentifier?: boolean | null | undefined;
}

/** Options of `triggerSync`. */
export interface TriggerSyncOptions extends CallOptions {
  /** Resync every record, not only the changed ones (sent as `?force_full_sync=`). */
  forceFullSync?: boolean | null | undefined;
}

/** Options of `triggerSyncAndWait`. */
export interface TriggerSyncAndWaitOptions extends SyncRunWaitOptions {
  /** Resync every record, not only the changed ones (sent as `?force_full_sync=`). */
  forceFullSync?: boolean | null | undefined;
  /** Reject a run that ends `failed` with a `CensusSyncRunError` carrying the run, rather than resolve to it. */
  failOnError?: boolean | null | undefined;
}

/** Options of `waitForSyncRun`. */
export interface WaitForSyncRunOptions extends SyncRunWaitOptions {
  /** Reject a run that ends `failed` with a `CensusSyncRunError` carrying the run, rather than resolve to it. */
  failOnError?: boolean | null | undefined;
}

/** What `createModel` resolves to with `readBack: false`: what the POST answered, the whole model or only its `id`. */
export type CreatedModel = Model | { id: number };

/** What `createDataset` resolves to with `readBack: false`: what the POST answered, the whole dataset or only its `id`. */
export type CreatedDataset = Dataset | { id: number };

/** What `createTopic` resolves to with `readBack: false`: what the POST answered, the whole topic or only its `id`. */
export type CreatedTopic = Topic | { id: number };

/** What `createWorkspace` resolves to with `readBack: false`: what the POST answered, the whole workspace or only its `id`. */
export type CreatedWorkspace = OrgWorkspace | { id: number };

/** The `connection` of `POST /sources`. */
export interface CreateSourceInput {
  /** Required: a `service_name` from `/source_types` that is `creatable_via_api`. */
  type: string;
  /** Required: the connection's credentials, an object. */
  credentials: JsonObject;
  /** Deprecated in favour of `name`. */
  label?: string | undefined;
  /** The source's name (not blank). */
  name?: string | undefined;
  /** Connect without write access (no warehouse writeback). */
  read_only_connection?: boolean | undefined;
  /** `basic` or `advanced`; can only be chosen at creation. */
  sync_engine?: 'basic' | 'advanced' | undefined;
  /** Days to keep writeback data, at least 1. */
  warehouse_writeback_retention_in_days?: number | undefined;
}

/** `updateSource`'s patch: members of `UpdateSourceFields`, at least one of them given. */
export type UpdateSourceInput = NonEmptyPatch<UpdateSourceFields>;

/** The `connection` of `PATCH /sources/{id}`: every member optional, at least one given. */
export interface UpdateSourceFields {
  /** Cannot be changed after creation. */
  type?: never | undefined;
  /** Credentials to change; members not given keep their values. */
  credentials?: JsonObject | undefined;
  /** Deprecated in favour of `name`. */
  label?: string | undefined;
  /** The source's name (not blank). */
  name?: string | undefined;
  /** Connect without write access (no warehouse writeback). */
  read_only_connection?: boolean | undefined;
  /** Cannot be changed after creation. */
  sync_engine?: never | undefined;
  /** Days to keep writeback data, at least 1. */
  warehouse_writeback_retention_in_days?: number | undefined;
}

/** The `service_connection` of `POST /destinations`. */
export interface CreateDestinationInput {
  /** Required: a `service_name` from `listConnectors`. */
  type: string;
  /** The destination's name (not blank). */
  name?: string | undefined;
  /** Required: the connection's credentials, an object. */
  credentials: JsonObject;
}

/** `updateDestination`'s patch: members of `UpdateDestinationFields`, at least one of them given. */
export type UpdateDestinationInput = NonEmptyPatch<UpdateDestinationFields>;

/** The `service_connection` of `PATCH /destinations/{id}`: every member optional, at least one given. */
export interface UpdateDestinationFields {
  /** Cannot be changed after creation. */
  type?: never | undefined;
  /** The destination's name (not blank). */
  name?: string | undefined;
  /** Credentials to change; members not given keep their values. */
  credentials?: JsonObject | undefined;
}

/**
 * A client for the Census API. Every method returns a Promise (`iterate…` an async
 * iterator); failures reject with a `CensusError` subclass whose `name`, `code` and `status`
 * say what went wrong.
 */
export declare class CensusClient {
  /** Creates a client. Throws a `CensusInputError` naming the option when an option is wrong. */
  constructor(options?: CensusClientOptions);
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Frees the client's wasm memory now rather than when it is collected. */
  free(): void;
  /** Lists one page of sources: `{ data, pagination, hasNextPage, nextPage }`. */
  listSources(options?: ListSourcesOptions): Promise<SourcePage>;
  /** Iterates over every source, in order, with `for await`. Pages are fetched ahead with at most `concurrency` requests in flight (default 4); `break` or the `signal` cancels them. */
  iterateSources(options?: ListAllSourcesOptions): ListIterator<Source>;
  /** Lists every source, in order, as one array. `onProgress` receives `{ pagesDone, pagesTotal, itemsDone, itemsTotal }` after each page. */
  listAllSources(options?: ListAllSourcesOptions): Promise<Source[]>;
  /** Fetches one source by id. */
  getSource(id: number, options?: CallOptions): Promise<Source>;
  /** `createSource` with `readBack: true`, as by default: the whole source. */
  createSource(input: CreateSourceInput, options: CreateSourceReadBackOptions & { readBack: true }): Promise<Source>;
  /** `createSource` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request. */
  createSource(input: CreateSourceInput, options: CreateSourceOptions & { readBack: boolean }): Promise<CreatedSource>;
  /** Creates a source and resolves to it. When the API answers only `{ id }` (older API versions), the client reads the new source back so the result is always a whole `Source`; if that read-back fails, the call rejects with a `CensusReadBackError` carrying the new `id` (the source exists: do not create it again). `readBack: false` resolves to what the POST answered, with no second request. With `checkType: true` it first reads the source type and refuses, before sending anything, a type that is unknown or not creatable via the API and credentials missing a required field; given the `SourceType` itself, it checks with that and sends one request fewer. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  createSource(input: CreateSourceInput, options?: CreateSourceReadBackOptions): Promise<Source>;
  /** Updates a source (name, label, credentials, read_only_connection, retention) and resolves to the updated source. */
  updateSource(id: number, input: UpdateSourceInput, options?: CallOptions): Promise<Source>;
  /** Deletes a source. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone, unless an earlier attempt of this call got no answer, a 500, 502 or 504: that one may have deleted it. */
  deleteSource(id: number, options?: CallOptions): Promise<void>;
  /** Starts a job that refreshes the source's list of tables: `{ refresh_key }`. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  refreshTables(id: number, options?: CallOptions): Promise<RefreshKey>;
  /** Reads the state of a refresh-tables job: `{ status: "processing" | "completed" }`. */
  refreshTablesStatus(id: number, refreshKey: number, options?: CallOptions): Promise<RefreshStatus>;
  /** Starts a table refresh and resolves when it has completed: `{ refresh_key, status: "completed", attempts, elapsedMs }`. Checks the status after `intervalMs` (default 1000), waiting half as long again each time up to `maxIntervalMs` (default 10000); rejects with `CensusTimeoutError` after `timeoutMs` (default 300000; 0 waits without limit) and with an `AbortError` when `signal` aborts. `onProgress` receives `{ refresh_key, state, attempts, elapsedMs }` once the job is queued and after each check. */
  refreshTablesAndWait(sourceId: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Waits for a table refresh started earlier (by `refreshTables`, perhaps before a page reload) to complete, without starting another: the same options, schedule, progress reports and outcome as `refreshTablesAndWait`. */
  waitForRefresh(sourceId: number, refreshKey: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Lists every source type (the whole catalogue, all pages), in the API's order. */
  listSourceTypes(options?: CallOptions): Promise<SourceType[]>;
  /** Fetches one source type by its `service_name`; rejects with `CensusNotFoundError` when the workspace has no such type. */
  getSourceType(serviceName: string, options?: CallOptions): Promise<SourceType>;
  /** Lists one page of a source's tables: `{ data, pagination, hasNextPage, nextPage }`; `search` keeps the tables whose name contains it. */
  listTables(sourceId: number, options?: ListTablesOptions): Promise<TablePage>;
  /** Iterates over every table of a source with `for await`, like `iterateSources`. */
  iterateTables(sourceId: number, options?: ListAllTablesOptions): ListIterator<Table>;
  /** Lists every table of a source as one array, like `listAllSources`. */
  listAllTables(sourceId: number, options?: ListAllTablesOptions): Promise<Table[]>;
  /** Fetches one table of a source, with its columns. */
  getTable(sourceId: number, tableId: number, options?: CallOptions): Promise<TableWithColumns>;
  /** Lists one page of a source's tables and models (the legacy `data_sources` endpoint); each item's `type` (`"table"` or `"model"`) tells which it is. */
  listDataSources(sourceId: number, options?: ListSourcesOptions): Promise<DataSourcePage>;
  /** Iterates over every table and model of a source (legacy `data_sources`) with `for await`. */
  iterateDataSources(sourceId: number, options?: ListAllSourcesOptions): ListIterator<DataSource>;
  /** Lists every table and model of a source (legacy `data_sources`) as one array. */
  listAllDataSources(sourceId: number, options?: ListAllSourcesOptions): Promise<DataSource[]>;
  /** Fetches one model of a source, with its columns and, for dbt models, `compiled_query`. */
  getModel(sourceId: number, modelId: number, options?: CallOptions): Promise<ModelWithColumns>;
  /** Fetches the workspace the API token belongs to: `{ id, name, organization_id, created_at, notification_emails }`. */
  getWorkspace(options?: CallOptions): Promise<Workspace>;
  /** Lists one page of destinations: `{ data, pagination, hasNextPage, nextPage }`. */
  listDestinations(options?: ListSourcesOptions): Promise<DestinationPage>;
  /** Iterates over every destination with `for await`, like `iterateSources`. */
  iterateDestinations(options?: ListAllSourcesOptions): ListIterator<Destination>;
  /** Lists every destination as one array, like `listAllSources`. */
  listAllDestinations(options?: ListAllSourcesOptions): Promise<Destination[]>;
  /** Fetches one destination, with its `objects` (without their fields). */
  getDestination(id: number, options?: CallOptions): Promise<Destination>;
  /** `createDestination` with `readBack: true`, as by default: the whole destination. */
  createDestination(input: CreateDestinationInput, options: CreateReadBackOptions & { readBack: true }): Promise<Destination>;
  /** `createDestination` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request. */
  createDestination(input: CreateDestinationInput, options: CreateOptions & { readBack: boolean }): Promise<CreatedDestination>;
  /** Creates a destination connection (`{ type, name, credentials }`) and resolves to the whole new destination, read back when the API answers only its `id`; a failed read-back rejects with a `CensusReadBackError` carrying the `id` (the destination exists: do not create it again). `readBack: false` resolves to what the POST answered. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  createDestination(input: CreateDestinationInput, options?: CreateReadBackOptions): Promise<Destination>;
  /** Updates a destination's name or credentials and resolves to the updated destination. */
  updateDestination(id: number, input: UpdateDestinationInput, options?: CallOptions): Promise<Destination>;
  /** Deletes a destination. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone, unless an earlier attempt of this call got no answer, a 500, 502 or 504: that one may have deleted it. */
  deleteDestination(id: number, options?: CallOptions): Promise<void>;
  /** Lists one page of a destination's objects (without their fields). */
  listDestinationObjects(destinationId: number, options?: ListSourcesOptions): Promise<DestinationObjectPage>;
  /** Iterates over every object of a destination with `for await`. */
  iterateDestinationObjects(destinationId: number, options?: ListAllSourcesOptions): ListIterator<DestinationObject>;
  /** Lists every object of a destination as one array. */
  listAllDestinationObjects(destinationId: number, options?: ListAllSourcesOptions): Promise<DestinationObject[]>;
  /** Fetches one object of a destination, with its `fields`. The full name is sent as one path segment, percent-encoded, so names with dots, colons, spaces, slashes (file paths), `%`, `?`, `#` and non-ASCII work as they are. */
  getDestinationObject(destinationId: number, objectFullName: string, options?: CallOptions): Promise<DestinationObjectWithFields>;
  /** Starts a job that refreshes the destination's list of objects: `{ refresh_key }`. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  refreshDestinationObjects(id: number, options?: CallOptions): Promise<RefreshKey>;
  /** Reads the state of a refresh-objects job: `{ status: "processing" | "completed" }`. */
  refreshDestinationObjectsStatus(id: number, refreshKey: number, options?: CallOptions): Promise<RefreshStatus>;
  /** Starts an object refresh and resolves when it has completed, with the same schedule, timeout, abort and progress reports as `refreshTablesAndWait`. */
  refreshDestinationObjectsAndWait(destinationId: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Waits for an object refresh started earlier (perhaps before a page reload) to complete, without starting another. */
  waitForDestinationObjectsRefresh(destinationId: number, refreshKey: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Lists every destination type (the whole catalogue, all pages), in the API's order. */
  listConnectors(options?: CallOptions): Promise<Connector[]>;
  /** Fetches one destination type by its `service_name`. */
  getConnector(serviceName: string, options?: CallOptions): Promise<Connector>;
  /** Lists one page of syncs: `{ data, pagination, hasNextPage, nextPage }`. */
  listSyncs(options?: ListSourcesOptions): Promise<SyncPage>;
  /** Iterates over every sync with `for await`. */
  iterateSyncs(options?: ListAllSourcesOptions): ListIterator<Sync>;
  /** Lists every sync as one array. */
  listAllSyncs(options?: ListAllSourcesOptions): Promise<Sync[]>;
  /** Fetches one sync, with its mappings and schedule. */
  getSync(id: number, options?: CallOptions): Promise<Sync>;
  /** `createSync` with `validateOnly: true`: resolves to `undefined` when the API finds the input valid. */
  createSync(input: CreateSyncInput, options: CreateSyncOptions & { validateOnly: true }): Promise<void>;
  /** `createSync` with `readBack: true` or `validateOnly: false`, as by default: the whole sync. */
  createSync(input: CreateSyncInput, options: CreateSyncReadBackOptions & ({ readBack: true } | { validateOnly: false })): Promise<Sync>;
  /** `createSync` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request. */
  createSync(input: CreateSyncInput, options: CreateSyncOptions & { readBack: boolean; validateOnly?: false | null | undefined }): Promise<CreatedSync>;
  /** `createSync` with a `validateOnly` known only at run time: `undefined` when it only validated. */
  createSync(input: CreateSyncInput, options: CreateSyncOptions & { validateOnly: boolean }): Promise<CreatedSync | undefined>;
  /** Creates a sync and resolves to the whole new Sync: the API answers `{ sync_id }` and the client reads the sync back; if that fails, the call rejects with a `CensusReadBackError` carrying the `id` (the sync exists: do not create it again). Before sending, it checks the operation, where the sync reads and writes, each mapping's `from` (a column name, `{ value, type }` or `{ type, data }`) and `to`, exactly one primary identifier (unless `requirePrimaryIdentifier: false`), and the schedule in one of its two forms; errors name the member (`mappings[2].from`). Members it does not know are sent as given, but for the read-only `id`, `created_at`, `updated_at` and `status` of a read's object (`{ ...sync }`), refused by name. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  createSync(input: CreateSyncInput, options?: CreateSyncReadBackOptions): Promise<Sync>;
  /** Updates a sync and resolves to it. Top-level members given replace the sync's; nested objects and `mappings` must be sent whole, as the API requires. The members given are checked as `createSync` checks them. */
  updateSync(id: number, input: UpdateSyncInput, options?: UpdateSyncOptions): Promise<Sync>;
  /** Deletes a sync. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone, unless an earlier attempt of this call may have deleted it. */
  deleteSync(id: number, options?: CallOptions): Promise<void>;
  /** Starts a run of the sync: `{ sync_run_id }`. `forceFullSync` goes in the query, as the API documents. Never retried unless this call's `retry.retryNonIdempotent` is set. */
  triggerSync(id: number, options?: TriggerSyncOptions): Promise<SyncRunId>;
  /** Triggers a run and resolves to the final SyncRun (`completed`, `failed`, `skipped` or `canceled`). Checks the run after `intervalMs` (default 1000), waiting half as long again each time up to `maxIntervalMs` (default 10000); rejects with `CensusTimeoutError` after `timeoutMs` (default 300000; 0 waits without limit) and with an `AbortError` when `signal` aborts. `onProgress` receives `{ status, records_processed, records_updated, records_failed, attempts, elapsedMs, sync_run_id }` once the run is triggered (`status: 'queued'`, `attempts: 0`: keep `sync_run_id` to resume after a reload) and after each check; a status this client does not know keeps the wait going. With `failOnError: true` a failed run rejects with a `CensusSyncRunError` carrying the run. */
  triggerSyncAndWait(syncId: number, options?: TriggerSyncAndWaitOptions): Promise<SyncRun>;
  /** Waits for a run started earlier (by `triggerSync`, perhaps before a page reload) to end, with the options, progress reports and outcome of `triggerSyncAndWait`. */
  waitForSyncRun(syncRunId: number, options?: WaitForSyncRunOptions): Promise<SyncRun>;
  /** Lists one page of a sync's runs, newest first unless `order: 'asc'`. */
  listSyncRuns(syncId: number, options?: ListSourcesOptions): Promise<SyncRunPage>;
  /** Iterates over every run of a sync with `for await`. */
  iterateSyncRuns(syncId: number, options?: ListAllSourcesOptions): ListIterator<SyncRun>;
  /** Lists every run of a sync as one array (`maxItems` stops early). */
  listAllSyncRuns(syncId: number, options?: ListAllSourcesOptions): Promise<SyncRun[]>;
  /** Fetches one sync run, with its status and counts. */
  getSyncRun(id: number, options?: CallOptions): Promise<SyncRun>;
  /** Lists one page of a source's objects: tables, models and segments, each tagged by `type` (an unknown kind keeps its `type` and `id`). */
  listSourceObjects(sourceId: number, options?: ListSourcesOptions): Promise<SourceObjectPage>;
  /** Iterates over every object of a source with `for await`. */
  iterateSourceObjects(sourceId: number, options?: ListAllSourcesOptions): ListIterator<SourceObject>;
  /** Lists every object of a source as one array. */
  listAllSourceObjects(sourceId: number, options?: ListAllSourcesOptions): Promise<SourceObject[]>;
  /** Reads a table's columns by its locator (`{ table_catalog?, table_schema?, table_name }`). While Census loads them it answers 202; the call asks again (after 0.5 s, then half as long again each time, up to 5 s) until they come or its `timeoutMs` has passed. */
  getTableColumns(sourceId: number, table: TableLocator, options?: CallOptions): Promise<Column[]>;
  /** Starts a job that refreshes a table's columns: `{ refresh_key }`. */
  refreshTableColumns(sourceId: number, tableId: number, options?: CallOptions): Promise<RefreshKey>;
  /** Reads the state of a table's column refresh. */
  refreshTableColumnsStatus(sourceId: number, tableId: number, refreshKey: number, options?: CallOptions): Promise<RefreshStatus>;
  /** Refreshes a table's columns and resolves when done, with the schedule, timeout, abort and progress of `refreshTablesAndWait`. */
  refreshTableColumnsAndWait(sourceId: number, tableId: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Waits for a table's column refresh started earlier. */
  waitForTableColumnsRefresh(sourceId: number, tableId: number, refreshKey: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Lists one page of a source's models. The models API is deprecated by Census in favour of datasets, and still served. */
  listModels(sourceId: number, options?: ListSourcesOptions): Promise<ModelPage>;
  /** Iterates over every model of a source with `for await`. */
  iterateModels(sourceId: number, options?: ListAllSourcesOptions): ListIterator<Model>;
  /** Lists every model of a source as one array. */
  listAllModels(sourceId: number, options?: ListAllSourcesOptions): Promise<Model[]>;
  /** Fetches a model by the models API (like the legacy `getModel`, without requiring `columns`); its deprecated `"dataset_id="` key is kept as sent, and an envelope `status` of `"created"` on a read is accepted. */
  getSourceModel(sourceId: number, modelId: number, options?: CallOptions): Promise<Model>;
  /** `createModel` with `readBack: true`, as by default: the whole model. */
  createModel(sourceId: number, input: CreateModelInput, options: CreateReadBackOptions & { readBack: true }): Promise<Model>;
  /** `createModel` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request. */
  createModel(sourceId: number, input: CreateModelInput, options: CreateOptions & { readBack: boolean }): Promise<CreatedModel>;
  /** Creates a SQL model of a source and resolves to it (read back when the API answers only its `id`). */
  createModel(sourceId: number, input: CreateModelInput, options?: CreateReadBackOptions): Promise<Model>;
  /** Updates a model's name, query or description. */
  updateModel(sourceId: number, modelId: number, input: UpdateModelInput, options?: CallOptions): Promise<Model>;
  /** Deletes a model. */
  deleteModel(sourceId: number, modelId: number, options?: CallOptions): Promise<void>;
  /** Starts a job that refreshes a model's columns: `{ refresh_key }`. */
  refreshModelColumns(sourceId: number, modelId: number, options?: CallOptions): Promise<RefreshKey>;
  /** Reads the state of a model's column refresh. */
  refreshModelColumnsStatus(sourceId: number, modelId: number, refreshKey: number, options?: CallOptions): Promise<RefreshStatus>;
  /** Refreshes a model's columns and resolves when done. */
  refreshModelColumnsAndWait(sourceId: number, modelId: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Waits for a model's column refresh started earlier (perhaps before a page reload). */
  waitForModelColumnsRefresh(sourceId: number, modelId: number, refreshKey: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Lists one page of datasets, SQL and entity resolution, each tagged by `type`; the `type` option lists one kind. */
  listDatasets(options?: ListDatasetsOptions): Promise<DatasetPage>;
  /** Iterates over every dataset with `for await`. */
  iterateDatasets(options?: ListAllDatasetsOptions): ListIterator<Dataset>;
  /** Lists every dataset as one array. */
  listAllDatasets(options?: ListAllDatasetsOptions): Promise<Dataset[]>;
  /** Fetches one dataset. Census documents this for entity-resolution datasets; SQL datasets read the same way here. */
  getDataset(id: number, options?: CallOptions): Promise<Dataset>;
  /** `createDataset` with `readBack: true`, as by default: the whole dataset. */
  createDataset(input: CreateDatasetInput, options: CreateReadBackOptions & { readBack: true }): Promise<Dataset>;
  /** `createDataset` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request. */
  createDataset(input: CreateDatasetInput, options: CreateOptions & { readBack: boolean }): Promise<CreatedDataset>;
  /** Creates a dataset: SQL (`{ name, type: 'sql', source_id, query }`) or entity resolution (`{ name, type: 'entity_resolution', source_dataset_ids, match_rules, merge_rules }`); checks the members each kind needs before sending. */
  createDataset(input: CreateDatasetInput, options?: CreateReadBackOptions): Promise<Dataset>;
  /** Updates a dataset. */
  updateDataset(id: number, input: UpdateDatasetInput, options?: CallOptions): Promise<Dataset>;
  /** Deletes a dataset. */
  deleteDataset(id: number, options?: CallOptions): Promise<void>;
  /** Lists one page of a source's segments; `name` searches them by name. */
  listSegments(sourceId: number, options?: ListSegmentsOptions): Promise<SegmentPage>;
  /** Iterates over every segment of a source with `for await`. */
  iterateSegments(sourceId: number, options?: ListAllSegmentsOptions): ListIterator<Segment>;
  /** Lists every segment of a source as one array; `name` searches them by name. */
  listAllSegments(sourceId: number, options?: ListAllSegmentsOptions): Promise<Segment[]>;
  /** Fetches one segment, with its cohorts. */
  getSegment(sourceId: number, segmentId: number, options?: CallOptions): Promise<Segment>;
  /** Creates a segment. Census answers before it has built the segment: this resolves to `{ id, filter_segment_source_url }`; follow the build with `waitForSegment(url)`, or use `createSegmentAndWait`. */
  createSegment(sourceId: number, input: CreateSegmentInput, options?: CallOptions): Promise<SegmentCreated>;
  /** Creates a segment and waits until Census has built it: `{ id, url, status, attempts, elapsedMs }`, with the schedule, timeout, abort and progress of the other waits; progress reports carry the `url` to resume with `waitForSegment`. */
  createSegmentAndWait(sourceId: number, input: CreateSegmentInput, options?: JobWaitOptions): Promise<JobOutcome>;
  /** Waits for a segment build at the status URL `createSegment` answered. The URL's path below `/api/v1` is asked of this client's base URL, never of another host. */
  waitForSegment(url: string, options?: JobWaitOptions): Promise<JobOutcome>;
  /** Updates a segment. */
  updateSegment(sourceId: number, segmentId: number, input: UpdateSegmentInput, options?: CallOptions): Promise<Segment>;
  /** Deletes a segment. */
  deleteSegment(sourceId: number, segmentId: number, options?: CallOptions): Promise<void>;
  /** Lists one page of an HTTP-request source's topics; another kind of source answers 405. */
  listTopics(sourceId: number, options?: ListSourcesOptions): Promise<TopicPage>;
  /** Iterates over every topic of an HTTP-request source with `for await`. */
  iterateTopics(sourceId: number, options?: ListAllSourcesOptions): ListIterator<Topic>;
  /** Lists every topic of an HTTP-request source as one array. */
  listAllTopics(sourceId: number, options?: ListAllSourcesOptions): Promise<Topic[]>;
  /** Fetches one topic. */
  getTopic(sourceId: number, topicId: number, options?: CallOptions): Promise<Topic>;
  /** `createTopic` with `readBack: true`, as by default: the whole topic. */
  createTopic(sourceId: number, input: CreateTopicInput, options: CreateReadBackOptions & { readBack: true }): Promise<Topic>;
  /** `createTopic` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request. */
  createTopic(sourceId: number, input: CreateTopicInput, options: CreateOptions & { readBack: boolean }): Promise<CreatedTopic>;
  /** Creates a topic of an HTTP-request source; a duplicate name answers 409. */
  createTopic(sourceId: number, input: CreateTopicInput, options?: CreateReadBackOptions): Promise<Topic>;
  /** Updates a topic. */
  updateTopic(sourceId: number, topicId: number, input: UpdateTopicInput, options?: CallOptions): Promise<Topic>;
  /** Starts a refresh of a Looker project: `{ refresh_key }` (Census answers 202). */
  refreshProject(id: number, options?: CallOptions): Promise<RefreshKey>;
  /** Reads the state of a project refresh: `{ status, details }`. */
  projectRefreshStatus(id: number, refreshKey: number, options?: CallOptions): Promise<JobStatus>;
  /** Refreshes a Looker project and resolves when done. */
  refreshProjectAndWait(id: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Waits for a Looker project refresh started earlier. */
  waitForProjectRefresh(id: number, refreshKey: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Lists the kinds of object a destination can create (kept as sent: the reference leaves their shape open). */
  listDestinationObjectTypes(destinationId: number, options?: CallOptions): Promise<JsonValue[]>;
  /** Lists the kinds of object a destination type has (kept as sent). */
  listConnectorObjectTypes(serviceName: string, options?: CallOptions): Promise<JsonValue[]>;
  /** Asks a destination to create an object (`object_creation_requests`; the members depend on its object types and are sent as given). Resolves to `{ url }`, the request to follow with `waitForObjectCreation`, or use `createDestinationObjectAndWait`. */
  createDestinationObject(destinationId: number, input: JsonObject, options?: CallOptions): Promise<ObjectCreationStarted>;
  /** Asks a destination to create an object and waits until it has. */
  createDestinationObjectAndWait(destinationId: number, input: JsonObject, options?: JobWaitOptions): Promise<JobOutcome>;
  /** Waits for an object creation at the URL `createDestinationObject` answered (asked of this client's base URL). */
  waitForObjectCreation(url: string, options?: JobWaitOptions): Promise<JobOutcome>;
  /** Starts a job that refreshes a destination object's fields: `{ refresh_key }`. */
  refreshFields(destinationId: number, objectFullName: string, options?: CallOptions): Promise<RefreshKey>;
  /** Reads the state of a field refresh. */
  refreshFieldsStatus(destinationId: number, objectFullName: string, refreshKey: number, options?: CallOptions): Promise<RefreshStatus>;
  /** Refreshes a destination object's fields and resolves when done. */
  refreshFieldsAndWait(destinationId: number, objectFullName: string, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Waits for a field refresh started earlier. */
  waitForFieldsRefresh(destinationId: number, objectFullName: string, refreshKey: number, options?: RefreshWaitOptions): Promise<RefreshOutcome>;
  /** Lists one page of source connect links (`expiration`, `expired`, `revoked`). */
  listSourceConnectLinks(options?: ListSourcesOptions): Promise<LinkPage>;
  /** Iterates over every source connect link with `for await`. */
  iterateSourceConnectLinks(options?: ListAllSourcesOptions): ListIterator<Link>;
  /** Lists every source connect link as one array. */
  listAllSourceConnectLinks(options?: ListAllSourcesOptions): Promise<Link[]>;
  /** Creates a link a user opens to connect a source of `type` (valid 24 h by default); `redirect_uri` is where they land afterwards. */
  createSourceConnectLink(input: CreateConnectLinkInput, options?: CallOptions): Promise<Link>;
  /** Revokes a source connect link. */
  revokeSourceConnectLink(id: number, options?: CallOptions): Promise<void>;
  /** Creates a link that reauthorizes a source's connection. */
  createSourceReauthLink(sourceId: number, input: CreateLinkInput, options?: CallOptions): Promise<Link>;
  /** Lists one page of destination connect links. */
  listDestinationConnectLinks(options?: ListSourcesOptions): Promise<LinkPage>;
  /** Iterates over every destination connect link with `for await`. */
  iterateDestinationConnectLinks(options?: ListAllSourcesOptions): ListIterator<Link>;
  /** Lists every destination connect link as one array. */
  listAllDestinationConnectLinks(options?: ListAllSourcesOptions): Promise<Link[]>;
  /** Fetches one destination connect link. */
  getDestinationConnectLink(id: number, options?: CallOptions): Promise<Link>;
  /** Creates a link a user opens to connect a destination of `type`. */
  createDestinationConnectLink(input: CreateConnectLinkInput, options?: CallOptions): Promise<Link>;
  /** Revokes a destination connect link. */
  revokeDestinationConnectLink(id: number, options?: CallOptions): Promise<void>;
  /** Lists the destination types a connect link can connect (kept as sent). */
  listDestinationConnectLinkTypes(options?: CallOptions): Promise<JsonValue[]>;
  /** Creates a link that reauthorizes a destination's connection. */
  createDestinationReauthLink(destinationId: number, input: CreateLinkInput, options?: CallOptions): Promise<Link>;
  /** Lists one page of sync management links (Census Embedded). */
  listSyncManagementLinks(options?: ListSourcesOptions): Promise<LinkPage>;
  /** Iterates over every sync management link with `for await`. */
  iterateSyncManagementLinks(options?: ListAllSourcesOptions): ListIterator<Link>;
  /** Lists every sync management link as one array. */
  listAllSyncManagementLinks(options?: ListAllSourcesOptions): Promise<Link[]>;
  /** Creates a link to Census's sync editor for a new sync (its URI takes prefill parameters). */
  createSyncManagementLink(input: CreateSyncManagementLinkInput, options?: CallOptions): Promise<Link>;
  /** Revokes a sync management link. */
  revokeSyncManagementLink(id: number, options?: CallOptions): Promise<void>;
  /** Creates a link to edit an existing sync in Census's editor. */
  createSyncEditLink(syncId: number, input: CreateLinkInput, options?: CallOptions): Promise<Link>;
  /** Creates a link to Census's segment builder for a new segment. Only the navigation entry is documented (document 002); the path follows Census's embedded demo. */
  createSegmentManagementLink(input: CreateLinkInput, options?: CallOptions): Promise<Link>;
  /** Creates a link to edit an existing segment (the path follows Census's embedded demo). */
  createSegmentEditLink(sourceId: number, segmentId: number, input: CreateLinkInput, options?: CallOptions): Promise<Link>;
  /** Lists one page of webhooks (without their secrets). Census answers 403 when the organisation lacks the feature. */
  listWebhooks(options?: ListSourcesOptions): Promise<WebhookPage>;
  /** Iterates over every webhook, without its secret, with `for await`. */
  iterateWebhooks(options?: ListAllSourcesOptions): ListIterator<Webhook>;
  /** Lists every webhook, without its secret, as one array. */
  listAllWebhooks(options?: ListAllSourcesOptions): Promise<Webhook[]>;
  /** Fetches one webhook (without its secret). */
  getWebhook(id: number, options?: CallOptions): Promise<Webhook>;
  /** Creates a webhook. The answer's `secret` is shown this once and never again: store it, to check deliveries with `verifyWebhookSignature`. Checks that `endpoint` is an `https:` URL and every event is known. Never retried unless `retry.retryNonIdempotent` is set. */
  createWebhook(input: CreateWebhookInput, options?: CallOptions): Promise<Webhook>;
  /** Lists one page of a run's records and what happened to each, filtered by `status`, `operation` or `primaryIdentifier` (`perPage` at most 99 here). The record shape is inferred: kept as sent. */
  listSyncRunRecords(syncRunId: number, options?: ListRecordsOptions): Promise<SyncRunRecordPage>;
  /** Cancels a queued or working run. Census's published reference does not list this endpoint; Census's Terraform provider and a generated SDK call it. */
  cancelSyncRun(syncRunId: number, options?: CallOptions): Promise<void>;
  /** Lists one page of the organisation's workspaces (personal access token). */
  listWorkspaces(options?: ListSourcesOptions): Promise<OrgWorkspacePage>;
  /** Iterates over every workspace of the organisation (personal access token) with `for await`. */
  iterateWorkspaces(options?: ListAllSourcesOptions): ListIterator<OrgWorkspace>;
  /** Lists every workspace of the organisation (personal access token) as one array. */
  listAllWorkspaces(options?: ListAllSourcesOptions): Promise<OrgWorkspace[]>;
  /** Fetches one of the organisation's workspaces (personal access token). */
  getOrgWorkspace(id: number, options?: CallOptions): Promise<OrgWorkspace>;
  /** `createWorkspace` with `readBack: true`, as by default: the whole workspace. */
  createWorkspace(input: CreateWorkspaceInput, options: CreateReadBackOptions & { readBack: true }): Promise<OrgWorkspace>;
  /** `createWorkspace` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request. */
  createWorkspace(input: CreateWorkspaceInput, options: CreateOptions & { readBack: boolean }): Promise<CreatedWorkspace>;
  /** Creates a workspace (personal access token); with `return_workspace_api_key: true` the answer carries its API key once. */
  createWorkspace(input: CreateWorkspaceInput, options?: CreateReadBackOptions): Promise<OrgWorkspace>;
  /** Updates a workspace's name or notification emails (personal access token). */
  updateWorkspace(id: number, input: UpdateWorkspaceInput, options?: CallOptions): Promise<OrgWorkspace>;
  /** Deletes a workspace (personal access token). */
  deleteWorkspace(id: number, options?: CallOptions): Promise<void>;
  /** Reads a workspace's API key (answered without an envelope); it appears in no message or error. */
  getWorkspaceApiKey(id: number, options?: CallOptions): Promise<ApiKey>;
  /** Starts a clone of a workspace (202): `{ id?, status_endpoint }`; follow it with `waitForWorkspaceClone`, or use `cloneWorkspaceAndWait`. */
  cloneWorkspace(id: number, options?: CallOptions): Promise<CloneStarted>;
  /** Clones a workspace and waits until the clone is done. */
  cloneWorkspaceAndWait(id: number, options?: JobWaitOptions): Promise<JobOutcome>;
  /** Waits for a clone at the `status_endpoint` `cloneWorkspace` answered (asked of this client's base URL). */
  waitForWorkspaceClone(url: string, options?: JobWaitOptions): Promise<JobOutcome>;
  /** Lists one page of a workspace's users (personal access token). */
  listWorkspaceUsers(id: number, options?: ListSourcesOptions): Promise<UserPage>;
  /** Iterates over every user of a workspace (personal access token) with `for await`. */
  iterateWorkspaceUsers(id: number, options?: ListAllSourcesOptions): ListIterator<User>;
  /** Lists every user of a workspace (personal access token) as one array. */
  listAllWorkspaceUsers(id: number, options?: ListAllSourcesOptions): Promise<User[]>;
  /** Invites people to a workspace with a role (`owner`, `editor`, `operator` or `viewer`). */
  inviteToWorkspace(id: number, input: WorkspaceInvitationInput, options?: CallOptions): Promise<void>;
  /** Lists one page of the organisation's users (this list still carries the legacy `next`). */
  listUsers(options?: ListSourcesOptions): Promise<UserPage>;
  /** Iterates over every user of the organisation with `for await`. */
  iterateUsers(options?: ListAllSourcesOptions): ListIterator<User>;
  /** Lists every user of the organisation as one array. */
  listAllUsers(options?: ListAllSourcesOptions): Promise<User[]>;
  /** Fetches one user of the organisation. */
  getUser(id: number, options?: CallOptions): Promise<User>;
  /** Lists one page of the organisation's invitations. */
  listInvitations(options?: ListSourcesOptions): Promise<InvitationPage>;
  /** Iterates over every invitation of the organisation with `for await`. */
  iterateInvitations(options?: ListAllSourcesOptions): ListIterator<Invitation>;
  /** Lists every invitation of the organisation as one array. */
  listAllInvitations(options?: ListAllSourcesOptions): Promise<Invitation[]>;
  /** Invites someone to the organisation (`admin` or `member`) and, with `workspaces`, to workspaces with their roles. */
  createInvitation(input: CreateInvitationInput, options?: CallOptions): Promise<Invitation>;
}

/** A Stitch source: active, paused (`paused_at` set) or deleted (`deleted_at` set). */
export interface StitchSource {
  id: number;
  /** The source type, e.g. `platform.postgres`. */
  type?: string | null;
  /** The name shown in Stitch. */
  display_name?: string | null;
  /** The schema name in the destination, derived from `display_name` when not given. */
  name?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  /** When it was deleted; deleted sources stay listed. */
  deleted_at?: string | null;
  /** When it was paused; `null` while active. */
  paused_at?: string | null;
  /** When Stitch itself paused it. */
  system_paused_at?: string | null;
  /** Its properties, credentials left out. */
  properties?: JsonObject | null;
  /** How far its configuration is. */
  report_card?: StitchReportCard | null;
  stitch_client_id?: number | null;
  /** Its replication schedule (`type`: `interval` with `unit` and `interval`, or `cron` with `cron_expression`; `next_fire_time`), `null` while paused or once deleted. */
  schedule?: JsonObject | null;
  /** The job name of its last connection check. */
  check_job_name?: string | null;
}

/** A source or destination type's configuration steps, or one connection's progress through them. */
export interface StitchReportCard {
  /** The type, e.g. `platform.postgres`. */
  type: string;
  /** The step reached, 1-based. */
  current_step?: number | null;
  /** That step's type: `form`, `discover_schema`, `field_selection`, `fully_configured`. */
  current_step_type?: string | null;
  steps?: StitchReportCardStep[] | null;
}

/** One step of a report card. */
export interface StitchReportCardStep {
  type: string;
  /** The properties this step asks for (the `form` step's). */
  properties?: StitchProperty[] | null;
}

/** A property a type's form asks for. */
export interface StitchProperty {
  name: string;
  is_required?: boolean | null;
  is_credential?: boolean | null;
  system_provided?: boolean | null;
  property_type?: string | null;
  /** The JSON Schema its value must meet. */
  json_schema?: JsonObject | null;
  /** Whether the connection has a value for it. */
  provided?: boolean | null;
  tap_mutable?: boolean | null;
}

/** The last connection check of a source or destination. */
export interface StitchConnectionCheck {
  name?: string | null;
  mode?: string | null;
  /** `succeeded`, `failed` or `running`. */
  status?: string | null;
  error?: boolean | null;
  start_time?: string | null;
  completion_time?: string | null;
  discovery_exit_status?: number | null;
  discovery_error_message?: string | null;
  check_exit_status?: number | null;
  tap_exit_status?: number | null;
  tap_error_message?: string | null;
  target_exit_status?: number | null;
  target_error_message?: string | null;
}

/** A stream a source discovered. */
export interface StitchStream {
  stream_id: number;
  /** The id field selection names it by. */
  tap_stream_id?: string | null;
  stream_name?: string | null;
  selected?: boolean | null;
  /** The stream's own metadata (breadcrumb `[]`). */
  metadata?: JsonObject | null;
}

/** A stream's schema and its metadata, field by field. */
export interface StitchStreamSchema {
  /** A JSON Schema; Stitch sends it encoded as a string. */
  schema?: string | JsonObject | null;
  metadata?: StitchMetadataEntry[] | null;
  /** The metadata keys `updateStreamMetadata` may set (`selected`, `replication-method`, …). */
  "non-discoverable-metadata-keys"?: string[] | null;
}

/** One metadata entry: `breadcrumb` `[]` is the stream, `["properties", field]` a field. */
export interface StitchMetadataEntry {
  breadcrumb: string[];
  /** `selected`, `inclusion` (`available`, `automatic`, `unsupported`) and the tap's own. */
  metadata: JsonObject;
}

/** The account's destination. */
export interface StitchDestination {
  id: number;
  type?: string | null;
  name?: string | null;
  description?: string | null;
  display_name?: string | null;
  /** Its properties, credentials left out. */
  properties?: JsonObject | null;
  created_at?: string | null;
  updated_at?: string | null;
  deleted_at?: string | null;
  paused_at?: string | null;
  system_paused_at?: string | null;
  stitch_client_id?: number | null;
  report_card?: StitchReportCard | null;
}

/** The last extraction (replication job) of a source: a phase's exit status is `null` until it ends, 0 when it succeeded, any other number when it failed; `completion_time` is `null` while it runs. A job Stitch terminated (stopped, or timed out) has completed with every exit status `null` and "Terminated" as each phase's description. */
export interface StitchExtraction {
  source_id: number;
  job_name?: string | null;
  stitch_client_id?: number | null;
  source_type?: string | null;
  tap_name?: string | null;
  start_time?: string | null;
  completion_time?: string | null;
  discovery_exit_status?: number | null;
  discovery_description?: string | null;
  tap_exit_status?: number | null;
  tap_description?: string | null;
  target_exit_status?: number | null;
  target_description?: string | null;
}

/** The last load of a stream into the destination. */
export interface StitchLoad {
  stream_name: string;
  source_name?: string | null;
  stitch_client_id?: number | null;
  last_batch_loaded_at?: string | null;
  /** Why the last load failed (`notification_data`), `null` when it did not. */
  error_state?: JsonObject | null;
}

/** What starting a replication answers. */
export interface StitchJobStarted {
  /** The job's name, as extractions name it. */
  job_name: string;
}

/** The links of a Stitch page, relative to the base URL (`/v4/116078/extractions?page=2`). */
export interface StitchLinks {
  next?: string | null;
  previous?: string | null;
}

/** A new Import API access token: `access_token` is answered this once only. */
export interface StitchImportToken {
  /** The token's id, to revoke it with. */
  id: number;
  /** The token to send to the Import API; store it now, Stitch never shows it again. */
  access_token?: string | null;
}

/** An Import API access token of a source, as listed. Stitch answers either bare ids (its older answer) or these objects; the client gives these objects for both. */
export interface StitchImportTokenId {
  token_id: number;
  /** When it was made (absent from the older answer). */
  created_at?: string | null;
}

/** The body of `POST /v4/sources`. */
export interface CreateStitchSourceInput {
  /** The name shown in Stitch. */
  display_name: string;
  /** A source type, e.g. `platform.postgres` (`listSourceTypes`). */
  type: string;
  /** The schema name in the destination: lowercase letters, digits, `_` and `$`, starting with a letter or `_`; derived from `display_name` when left out. */
  name?: string | undefined;
  /** The type's form properties (its report card lists them), as strings. */
  properties?: JsonObject | undefined;
  /** The destination to load into, for an account with several (`listDestinations`). */
  destination_id?: number | null | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  deleted_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  paused_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  system_paused_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  report_card?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  stitch_client_id?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  schedule?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  check_job_name?: never | undefined;
}

/** The body of `PUT /v4/sources/{id}`: at least one member. */
export type UpdateStitchSourceInput = NonEmptyPatch<UpdateStitchSourceFields>;

/** The body of `PUT /v4/sources/{id}`: at least one member. */
export interface UpdateStitchSourceFields {
  display_name?: string | undefined;
  /** A timestamp (`2026-12-03T18:38:58Z`) pauses the source; `null` unpauses it. */
  paused_at?: string | null | undefined;
  properties?: JsonObject | undefined;
  /** The destination to load into from now on (`listDestinations`). */
  destination_id?: number | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  type?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  name?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  deleted_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  system_paused_at?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  report_card?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  stitch_client_id?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  schedule?: never | undefined;
  /** Read-only: StitchSource answers it, and the client refuses it. */
  check_job_name?: never | undefined;
}

/** The body of `POST /v4/destinations`. */
export interface CreateStitchDestinationInput {
  /** A destination type, e.g. `postgres` (`listDestinationTypes`). */
  type: string;
  name?: string | null | undefined;
  description?: string | null | undefined;
  properties?: JsonObject | undefined;
  /** `true` maps no source to this destination; left out or `false`, every source without a destination of its own loads into it. */
  ignore_unmapped_sources?: boolean | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  display_name?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  deleted_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  paused_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  system_paused_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  stitch_client_id?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  report_card?: never | undefined;
}

/** The body of `PUT /v4/destinations/{id}`: at least one member; the type cannot change. */
export type UpdateStitchDestinationInput = NonEmptyPatch<UpdateStitchDestinationFields>;

/** The body of `PUT /v4/destinations/{id}`: at least one member; the type cannot change. */
export interface UpdateStitchDestinationFields {
  name?: string | null | undefined;
  description?: string | null | undefined;
  properties?: JsonObject | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  id?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  type?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  display_name?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  created_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  updated_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  deleted_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  paused_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  system_paused_at?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  stitch_client_id?: never | undefined;
  /** Read-only: StitchDestination answers it, and the client refuses it. */
  report_card?: never | undefined;
}

/** The body of `PUT /v4/sources/{id}/streams/metadata`. */
export interface StitchStreamMetadataInput {
  streams: readonly StitchStreamSelection[];
}

/** The metadata of one stream to change. */
export interface StitchStreamSelection {
  /** The stream's `tap_stream_id` (`listStreams`). */
  tap_stream_id: string;
  /** `StitchMetadataEntry`s, their breadcrumbs `readonly` too (`['properties', f] as const`). */
  metadata: readonly { breadcrumb: readonly string[]; metadata: StitchMetadataInput }[];
}

/** A metadata entry's keys, as `updateStreamMetadata` sends them: the stream's `non-discoverable-metadata-keys`; the keys Stitch discovers (`inclusion`, …) are refused. */
export interface StitchMetadataInput {
  /** Replicate the stream or field. */
  selected?: boolean | undefined;
  /** How the stream is replicated (stream-level). */
  'replication-method'?: 'FULL_TABLE' | 'INCREMENTAL' | 'LOG_BASED' | (string & {}) | undefined;
  /** The field an incremental replication resumes by (stream-level). */
  'replication-key'?: string | undefined;
  /** The fields that identify a row of a view (stream-level). */
  'view-key-properties'?: string[] | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'inclusion'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'selected-by-default'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'forced-replication-method'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'valid-replication-keys'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'table-key-properties'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'schema-name'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'database-name'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'is-view'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'row-count'?: never | undefined;
  /** Read-only: Stitch discovers it, and the client refuses it. */
  'sql-datatype'?: never | undefined;
  [key: string]: JsonValue | undefined;
}

/**
 * A client for the Stitch Connect API, on the same transport, retry policy, timeouts, hooks and
 * errors as `CensusClient`. Every method returns a Promise (`iterate…` an async iterator);
 * failures reject with a `CensusError` subclass (`StitchApiError` for Stitch's own errors).
 */
export declare class StitchClient {
  /** Creates a client. Throws a `CensusInputError` naming the option when an option is wrong. */
  constructor(options?: StitchClientOptions);
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Frees the client's wasm memory now rather than when it is collected. */
  free(): void;
  /** Lists the account's sources: active, paused and deleted alike. */
  listSources(options?: CallOptions): Promise<StitchSource[]>;
  /** Fetches one source, deleted ones included. */
  getSource(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchSource>;
  /** Creates a source of `type` named `display_name`: the first step of its set-up; its report card says what is left. */
  createSource(input: CreateStitchSourceInput, options?: CallOptions): Promise<StitchSource>;
  /** Updates a source (a `PUT`): `display_name`, `properties`, `paused_at` (a timestamp pauses it, `null` unpauses it), or `destination_id` (the destination it loads into). An unknown source rejects with a `CensusNotFoundError` (Stitch's 400 `InvalidId`). */
  updateSource(sourceId: number | `${number}`, input: UpdateStitchSourceInput, options?: CallOptions): Promise<StitchSource>;
  /** Pauses a source: `updateSource` with `paused_at` set to now. */
  pauseSource(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchSource>;
  /** Unpauses a source: `updateSource` with `paused_at: null`. */
  unpauseSource(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchSource>;
  /** Deletes a source; it stays listed with `deleted_at` set. An unknown source rejects with a `CensusNotFoundError` (Stitch's 400 `InvalidId`). */
  deleteSource(sourceId: number | `${number}`, options?: CallOptions): Promise<void>;
  /** Fetches the last connection check of a source. */
  getLastConnectionCheck(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchConnectionCheck>;
  /** Starts a replication job. A job already running rejects with a `StitchApiError` whose `type` is `already_running` (Stitch answers it with HTTP 200); a deleted source with `type` `invalid_source`; an unknown source with a `CensusNotFoundError` (Stitch's 400 `invalid_source` "Unable to locate source(…)"). */
  startReplication(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchJobStarted>;
  /** Starts a replication job and watches the source's extraction until the job has finished (Stitch has no job status). Resolves to the extraction; a phase that failed rejects with a `StitchJobError` holding it. The extraction checks count against the jobs limit. */
  startReplicationAndWait(sourceId: number | `${number}`, options?: StitchReplicationWaitOptions): Promise<StitchCompletedExtraction>;
  /** Waits for a replication job started earlier (its `job_name`, as `startReplication` or a progress report gave it), as `startReplicationAndWait` does: after a page reload, say. */
  waitForReplication(sourceId: number | `${number}`, jobName: string, options?: StitchReplicationWaitOptions): Promise<StitchCompletedExtraction>;
  /** Stops the running replication job of a source, if any. An unknown source rejects with a `CensusNotFoundError`, as for `startReplication`. */
  stopReplication(sourceId: number | `${number}`, options?: CallOptions): Promise<void>;
  /** Generates an access token for an Import API source (at most two active per source). `access_token` is answered this once only: store it now. */
  createImportApiToken(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchImportToken>;
  /** Lists the ids of an Import API source's access tokens, as `{ token_id, created_at? }` whichever of its two shapes Stitch answers (bare ids, or objects with the creation time). */
  listImportApiTokens(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchImportTokenId[]>;
  /** Revokes an Import API access token; resolves to the source. */
  deleteImportApiToken(sourceId: number | `${number}`, tokenId: number | `${number}`, options?: CallOptions): Promise<StitchSource>;
  /** Lists the source types, each as its report card: the steps and properties a source of that type needs. */
  listSourceTypes(options?: CallOptions): Promise<StitchReportCard[]>;
  /** Fetches a source type's report card. */
  getSourceType(type: string, options?: CallOptions): Promise<StitchReportCard>;
  /** Lists the streams a source discovered, with whether each is selected. */
  listStreams(sourceId: number | `${number}`, options?: CallOptions): Promise<StitchStream[]>;
  /** Fetches a stream's schema and its metadata, field by field (breadcrumbs). An unknown stream or source rejects with a `CensusNotFoundError` (Stitch's 400 `invalid stream-id: …`). */
  getStream(sourceId: number | `${number}`, streamId: number | `${number}`, options?: CallOptions): Promise<StitchStreamSchema>;
  /** Selects streams and fields: one metadata entry per breadcrumb (`[]` for the stream, `['properties', field]` for a field). Stitch's `invalid_fields` answer, even with HTTP 200, rejects with a `StitchApiError`. */
  updateStreamMetadata(sourceId: number | `${number}`, input: StitchStreamMetadataInput, options?: CallOptions): Promise<void>;
  /** Lists the account's destinations; `sourceId` finds the one a source loads into (a source does not say), `destinationId` one by its id. */
  listDestinations(options?: ListStitchDestinationsOptions): Promise<StitchDestination[]>;
  /** Creates a destination. An account at its plan's destination limit is refused (a `StitchApiError`, "you are at your destination limit"). */
  createDestination(input: CreateStitchDestinationInput, options?: CallOptions): Promise<StitchDestination>;
  /** Updates a destination's name, description or properties (its type cannot change). An unknown destination rejects with a `CensusNotFoundError` (Stitch's 400 "invalid connection id"). */
  updateDestination(destinationId: number | `${number}`, input: UpdateStitchDestinationInput, options?: CallOptions): Promise<StitchDestination>;
  /** Deletes a destination. An unknown one rejects with a `CensusNotFoundError` (Stitch's 400 "Unable to locate dest (…)"). */
  deleteDestination(destinationId: number | `${number}`, options?: CallOptions): Promise<void>;
  /** Fetches the last connection check of a destination. */
  getDestinationLastConnectionCheck(destinationId: number | `${number}`, options?: CallOptions): Promise<StitchConnectionCheck>;
  /** Lists the destination types, each as its report card. */
  listDestinationTypes(options?: CallOptions): Promise<StitchReportCard[]>;
  /** Fetches a destination type's report card. */
  getDestinationType(type: string, options?: CallOptions): Promise<StitchReportCard>;
  /** Lists one page of the last extraction of each source (the last 60 days): `{ data, page, total, links, hasNextPage, nextPage }`. Paced under the jobs limit. */
  listExtractions(clientId: number | `${number}`, options?: StitchPageOptions): Promise<StitchPage<StitchExtraction>>;
  /** Iterates over the extractions of every page, following `links.next`. */
  iterateExtractions(clientId: number | `${number}`, options?: StitchListAllOptions): ListIterator<StitchExtraction>;
  /** Lists the extractions of every page, as one array. */
  listAllExtractions(clientId: number | `${number}`, options?: StitchListAllOptions): Promise<StitchExtraction[]>;
  /** Fetches the log of an extraction, as text (Stitch redirects to the file). */
  getExtractionLogs(clientId: number | `${number}`, jobName: string, options?: CallOptions): Promise<string>;
  /** Lists one page of the last load of each stream. Paced under the jobs limit. */
  listLoads(clientId: number | `${number}`, options?: StitchPageOptions): Promise<StitchPage<StitchLoad>>;
  /** Iterates over the loads of every page, following `links.next`. */
  iterateLoads(clientId: number | `${number}`, options?: StitchListAllOptions): ListIterator<StitchLoad>;
  /** Lists the loads of every page, as one array. */
  listAllLoads(clientId: number | `${number}`, options?: StitchListAllOptions): Promise<StitchLoad[]>;
}
