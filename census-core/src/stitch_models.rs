//! Wire models of the Stitch Connect API (v4): sources, connection checks, streams and their
//! metadata, report cards, destinations, extractions and loads. Stitch answers them bare (no
//! envelope). Ids are required; the rest is optional and open, as the stitchdata/docs reference
//! and the stitch-connect OpenAPI file disagree on what is always present.

use serde_json::Value;

use crate::model;
use crate::models::JsonObject;
use crate::scan::Kind;

model! {
    /// A Stitch source: active, paused (`paused_at` set) or deleted (`deleted_at` set).
    pub struct StitchSource as STITCH_SOURCE, STITCH_SOURCE_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        /// The source type, e.g. `platform.postgres`.
        source_type ("type"): Option<String> = opt Kind::Str;
        /// The name shown in Stitch.
        display_name: Option<String> = opt Kind::Str;
        /// The schema name in the destination, derived from `display_name` when not given.
        name: Option<String> = opt Kind::Str;
        created_at: Option<String> = opt Kind::Str;
        updated_at: Option<String> = opt Kind::Str;
        /// When it was deleted; deleted sources stay listed.
        deleted_at: Option<String> = opt Kind::Str;
        /// When it was paused; `null` while active.
        paused_at: Option<String> = opt Kind::Str;
        /// When Stitch itself paused it.
        system_paused_at: Option<String> = opt Kind::Str;
        /// Its properties, credentials left out.
        properties: Option<JsonObject> = opt Kind::FreeObject;
        /// How far its configuration is.
        report_card: Option<StitchReportCard> = opt Kind::Object(&STITCH_REPORT_CARD);
        stitch_client_id: Option<u64> = opt Kind::U64;
        /// Its replication schedule (`type`: `interval` with `unit` and `interval`, or `cron`
        /// with `cron_expression`; `next_fire_time`), `null` while paused or once deleted.
        schedule: Option<JsonObject> = opt Kind::FreeObject;
        /// The job name of its last connection check.
        check_job_name: Option<String> = opt Kind::Str;
    }
}

model! {
    /// A source or destination type's configuration steps, or one connection's progress
    /// through them.
    pub struct StitchReportCard as STITCH_REPORT_CARD, STITCH_REPORT_CARD_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// The type, e.g. `platform.postgres`.
        report_type ("type"): String = req Kind::Str;
        /// The step reached, 1-based.
        current_step: Option<u32> = opt Kind::U32;
        /// That step's type: `form`, `discover_schema`, `field_selection`, `fully_configured`.
        current_step_type: Option<String> = opt Kind::Str;
        steps: Option<Vec<StitchReportCardStep>> = opt Kind::Array(&Kind::Object(&STITCH_REPORT_CARD_STEP));
    }
}

model! {
    /// One step of a report card.
    pub struct StitchReportCardStep as STITCH_REPORT_CARD_STEP, STITCH_REPORT_CARD_STEP_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        step_type ("type"): String = req Kind::Str;
        /// The properties this step asks for (the `form` step's).
        properties: Option<Vec<StitchProperty>> = opt Kind::Array(&Kind::Object(&STITCH_PROPERTY));
    }
}

model! {
    /// A property a type's form asks for.
    pub struct StitchProperty as STITCH_PROPERTY, STITCH_PROPERTY_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: String = req Kind::Str;
        is_required: Option<bool> = opt Kind::Bool;
        is_credential: Option<bool> = opt Kind::Bool;
        system_provided: Option<bool> = opt Kind::Bool;
        property_type: Option<String> = opt Kind::Str;
        /// The JSON Schema its value must meet.
        json_schema: Option<JsonObject> = opt Kind::FreeObject;
        /// Whether the connection has a value for it.
        provided: Option<bool> = opt Kind::Bool;
        tap_mutable: Option<bool> = opt Kind::Bool;
    }
}

model! {
    /// The last connection check of a source or destination.
    pub struct StitchConnectionCheck as STITCH_CONNECTION_CHECK, STITCH_CONNECTION_CHECK_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: Option<String> = opt Kind::Str;
        mode: Option<String> = opt Kind::Str;
        /// `succeeded`, `failed` or `running`.
        status: Option<String> = opt Kind::Str;
        error: Option<bool> = opt Kind::Bool;
        start_time: Option<String> = opt Kind::Str;
        completion_time: Option<String> = opt Kind::Str;
        discovery_exit_status: Option<Value> = opt Kind::Number;
        discovery_error_message: Option<String> = opt Kind::Str;
        check_exit_status: Option<Value> = opt Kind::Number;
        tap_exit_status: Option<Value> = opt Kind::Number;
        tap_error_message: Option<String> = opt Kind::Str;
        target_exit_status: Option<Value> = opt Kind::Number;
        target_error_message: Option<String> = opt Kind::Str;
    }
}

model! {
    /// A stream a source discovered.
    pub struct StitchStream as STITCH_STREAM, STITCH_STREAM_MODEL, derives(Debug, Clone, PartialEq) {
        stream_id: u64 = req Kind::U64;
        /// The id field selection names it by.
        tap_stream_id: Option<String> = opt Kind::Str;
        stream_name: Option<String> = opt Kind::Str;
        selected: Option<bool> = opt Kind::Bool;
        /// The stream's own metadata (breadcrumb `[]`).
        metadata: Option<JsonObject> = opt Kind::FreeObject;
    }
}

model! {
    /// A stream's schema and its metadata, field by field.
    pub struct StitchStreamSchema as STITCH_STREAM_SCHEMA, STITCH_STREAM_SCHEMA_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// A JSON Schema; Stitch sends it encoded as a string.
        schema: Option<Value> = opt Kind::Any, ts "string | JsonObject";
        metadata: Option<Vec<StitchMetadataEntry>> = opt Kind::Array(&Kind::Object(&STITCH_METADATA_ENTRY));
        /// The metadata keys `updateStreamMetadata` may set (`selected`, `replication-method`, …).
        non_discoverable_metadata_keys ("non-discoverable-metadata-keys"): Option<Vec<String>> = opt Kind::Array(&Kind::Str);
    }
}

model! {
    /// One metadata entry: `breadcrumb` `[]` is the stream, `["properties", field]` a field.
    pub struct StitchMetadataEntry as STITCH_METADATA_ENTRY, STITCH_METADATA_ENTRY_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        breadcrumb: Vec<String> = req Kind::Array(&Kind::Str);
        /// `selected`, `inclusion` (`available`, `automatic`, `unsupported`) and the tap's own.
        metadata: JsonObject = req Kind::FreeObject;
    }
}

model! {
    /// The account's destination.
    pub struct StitchDestination as STITCH_DESTINATION, STITCH_DESTINATION_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        id: u64 = req Kind::U64;
        destination_type ("type"): Option<String> = opt Kind::Str;
        name: Option<String> = opt Kind::Str;
        description: Option<String> = opt Kind::Str;
        display_name: Option<String> = opt Kind::Str;
        /// Its properties, credentials left out.
        properties: Option<JsonObject> = opt Kind::FreeObject;
        created_at: Option<String> = opt Kind::Str;
        updated_at: Option<String> = opt Kind::Str;
        deleted_at: Option<String> = opt Kind::Str;
        paused_at: Option<String> = opt Kind::Str;
        system_paused_at: Option<String> = opt Kind::Str;
        stitch_client_id: Option<u64> = opt Kind::U64;
        report_card: Option<StitchReportCard> = opt Kind::Object(&STITCH_REPORT_CARD);
    }
}

model! {
    /// The last extraction (replication job) of a source: a phase's exit status is `null`
    /// until it ends, 0 when it succeeded, any other number when it failed; `completion_time` is
    /// `null` while it runs. A job Stitch terminated (stopped, or timed out) has completed with
    /// every exit status `null` and "Terminated" as each phase's description.
    pub struct StitchExtraction as STITCH_EXTRACTION, STITCH_EXTRACTION_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        source_id: u64 = req Kind::U64;
        job_name: Option<String> = opt Kind::Str;
        stitch_client_id: Option<u64> = opt Kind::U64;
        source_type: Option<String> = opt Kind::Str;
        tap_name: Option<String> = opt Kind::Str;
        start_time: Option<String> = opt Kind::Str;
        completion_time: Option<String> = opt Kind::Str;
        discovery_exit_status: Option<Value> = opt Kind::Number;
        discovery_description: Option<String> = opt Kind::Str;
        tap_exit_status: Option<Value> = opt Kind::Number;
        tap_description: Option<String> = opt Kind::Str;
        target_exit_status: Option<Value> = opt Kind::Number;
        target_description: Option<String> = opt Kind::Str;
    }
}

model! {
    /// The last load of a stream into the destination.
    pub struct StitchLoad as STITCH_LOAD, STITCH_LOAD_MODEL, derives(Debug, Clone, PartialEq) {
        stream_name: String = req Kind::Str;
        source_name: Option<String> = opt Kind::Str;
        stitch_client_id: Option<u64> = opt Kind::U64;
        last_batch_loaded_at: Option<String> = opt Kind::Str;
        /// Why the last load failed (`notification_data`), `null` when it did not.
        error_state: Option<Value> = opt Kind::FreeObject;
    }
}

model! {
    /// What starting a replication answers.
    pub struct StitchJobStarted as STITCH_JOB_STARTED, STITCH_JOB_STARTED_MODEL,
        derives(Debug, Clone, PartialEq, Eq)
    {
        /// The job's name, as extractions name it.
        job_name: String = req Kind::Str;
    }
}

model! {
    /// The links of a Stitch page, relative to the base URL (`/v4/116078/extractions?page=2`).
    pub struct StitchLinks as STITCH_LINKS, STITCH_LINKS_MODEL, derives(Debug, Clone, PartialEq, Eq) {
        next: Option<String> = opt Kind::Str;
        previous: Option<String> = opt Kind::Str;
    }
}

model! {
    /// A new Import API access token: `access_token` is answered this once only.
    pub struct StitchImportToken as STITCH_IMPORT_TOKEN, STITCH_IMPORT_TOKEN_MODEL,
        derives(Debug, Clone, PartialEq, Eq)
    {
        /// The token's id, to revoke it with.
        id: u64 = req Kind::U64;
        /// The token to send to the Import API; store it now, Stitch never shows it again.
        access_token: Option<String> = opt Kind::Str;
    }
}

model! {
    /// An Import API access token of a source, as listed. Stitch answers either bare ids (its
    /// older answer) or these objects; the client gives these objects for both.
    pub struct StitchImportTokenId as STITCH_IMPORT_TOKEN_ID, STITCH_IMPORT_TOKEN_ID_MODEL,
        derives(Debug, Clone, PartialEq, Eq)
    {
        token_id: u64 = req Kind::U64;
        /// When it was made (absent from the older answer).
        created_at: Option<String> = omit Kind::Str;
    }
}

/// Every Stitch model, for the TypeScript generator.
pub static STITCH_MODELS: &[&crate::model::ModelDoc] = &[
    &STITCH_SOURCE_MODEL,
    &STITCH_REPORT_CARD_MODEL,
    &STITCH_REPORT_CARD_STEP_MODEL,
    &STITCH_PROPERTY_MODEL,
    &STITCH_CONNECTION_CHECK_MODEL,
    &STITCH_STREAM_MODEL,
    &STITCH_STREAM_SCHEMA_MODEL,
    &STITCH_METADATA_ENTRY_MODEL,
    &STITCH_DESTINATION_MODEL,
    &STITCH_EXTRACTION_MODEL,
    &STITCH_LOAD_MODEL,
    &STITCH_JOB_STARTED_MODEL,
    &STITCH_LINKS_MODEL,
    &STITCH_IMPORT_TOKEN_MODEL,
    &STITCH_IMPORT_TOKEN_ID_MODEL,
];
