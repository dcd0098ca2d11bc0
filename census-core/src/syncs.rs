//! Wire models of destinations, syncs and sync runs (document 003 and today's fields in
//! CENSUS-SURFACE.md): strict where 003 is (ids, names, a run's status), lenient where the API
//! evolves. Mapping sources, schedules in the `mode` form, data sources and trigger reasons are
//! kept as sent; unknown statuses and operations are kept as strings.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::model;
use crate::models::JsonObject;
use crate::scan::Kind;

lenient_string_enum! {
    /// How a sync writes records to its destination.
    SyncOperation {
        Append => "append", Insert => "insert", Mirror => "mirror", Update => "update",
        Upsert => "upsert",
    }
}

lenient_string_enum! {
    /// The state of a sync run: `queued` and `working` are still running; `completed`,
    /// `failed`, `skipped` and `canceled` are final.
    SyncRunStatus {
        Queued => "queued", Working => "working", Completed => "completed", Failed => "failed",
        Skipped => "skipped", Canceled => "canceled",
    }
}

impl SyncRunStatus {
    /// Whether a run in this state has ended. An unknown state is taken as still running.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Failed | Self::Skipped | Self::Canceled
        )
    }
}

lenient_string_enum! {
    /// How a destination type is connected.
    AuthMethod { Credentials => "credentials", Oauth => "oauth", Unlisted => "other" }
}

model! {
    /// A destination connection (Braze, Salesforce, HubSpot, a file store, …). `objects` comes
    /// with `getDestination`, not in lists.
    pub struct Destination as DESTINATION, DESTINATION_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        /// The destination type's `service_name` (today's API; absent in 003).
        destination_type ("type"): Option<String> = omit Kind::Str;
        created_at: Option<String> = omit Kind::Str;
        last_test_succeeded: Option<bool> = omit Kind::Bool;
        last_tested_at: Option<String> = omit Kind::Str;
        /// Connection settings without secrets; values of any JSON type.
        connection_details: Option<JsonObject> = omit Kind::FreeObject;
        /// Shown by some destinations in place of `connection_details` (003's HubSpot).
        credentials: Option<JsonObject> = omit Kind::FreeObject;
        objects: Option<Vec<DestinationObject>> =
            omit Kind::Array(&Kind::Object(&DESTINATION_OBJECT));
    }
}

model! {
    /// An object of a destination (a Braze `user`, a Salesforce `Contact`, a file path), by
    /// its `full_name`; `fields` comes with `getDestinationObject`.
    pub struct DestinationObject as DESTINATION_OBJECT, DESTINATION_OBJECT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// What identifies the object in the API and in a sync's `destination_attributes`.
        full_name: String = req Kind::Str;
        label: Option<String> = opt Kind::Str;
        allow_custom_fields: Option<bool> = omit Kind::Bool;
        allow_case_sensitive_field_names: Option<bool> = omit Kind::Bool;
        /// The sync operations the object accepts (today's API).
        supported_operations: Option<Vec<String>> = omit Kind::Array(&Kind::Str),
            ts "SyncOperation[]";
        fields: Option<Vec<DestinationField>> =
            omit Kind::Array(&Kind::Object(&DESTINATION_FIELD));
    }
}

model! {
    /// A field of a destination object: what a mapping's `to` names.
    pub struct DestinationField as DESTINATION_FIELD, DESTINATION_FIELD_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// Names may hold dots and colons (`user_identifier.hashed_email_PREHASHED`, `custom_field:Users`).
        full_name: String = req Kind::Str;
        label: Option<String> = opt Kind::Str;
        /// The destination's own type name (`String`, `Number`, …).
        field_type ("type"): Option<String> = opt Kind::Str;
        createable: Option<bool> = opt Kind::Bool;
        updateable: Option<bool> = opt Kind::Bool;
        /// For arrays: `merge` and/or `overwrite`.
        operations: Option<Vec<String>> = opt Kind::Array(&Kind::Str);
        array: Option<bool> = opt Kind::Bool;
        preserve_values_supported: Option<bool> = opt Kind::Bool;
        required_for_mapping: Option<bool> = opt Kind::Bool;
        can_be_upsert_key: Option<bool> = opt Kind::Bool;
        can_be_update_key: Option<bool> = opt Kind::Bool;
        can_be_insert_key: Option<bool> = opt Kind::Bool;
        can_be_reference_key: Option<bool> = opt Kind::Bool;
        /// The object a reference field points to.
        lookup_object: Option<String> = opt Kind::Str;
    }
}

model! {
    /// A destination type (`/connectors`): what `createDestination`'s `type` takes.
    pub struct Connector as CONNECTOR, CONNECTOR_MODEL, derives(Debug, Clone, PartialEq) {
        /// The value to pass as `type` when creating a destination, e.g. `braze`.
        service_name: String = req Kind::Str;
        label: Option<String> = opt Kind::Str;
        auth_method: Option<AuthMethod> = opt Kind::Str, ts "AuthMethod";
        documentation_slug: Option<String> = omit Kind::Str;
        /// The credential fields creating a destination of this type takes.
        configuration_fields: Option<crate::models::ConfigurationFields> =
            omit Kind::Object(&crate::models::CONFIGURATION_FIELDS);
    }
}

model! {
    /// A sync: records of a source's table, model or segment written to a destination object.
    /// Reads keep members not listed here as the API sends them.
    pub struct Sync as SYNC, SYNC_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        label: Option<String> = opt Kind::Str;
        operation: SyncOperation = req Kind::Str, ts "SyncOperation";
        /// `Ready` in 003, `ready`, `up to date` or `failing` elsewhere: compare case-insensitively.
        status: Option<String> = opt Kind::Str;
        paused: Option<bool> = opt Kind::Bool;
        /// The legacy schedule: `never`, `continuous`, `quarter_hourly`, `hourly`, `daily`,
        /// `weekly` or `expression`.
        schedule_frequency: Option<String> = opt Kind::Str;
        /// A weekday name (`Monday`); some older answers sent a number.
        schedule_day: Option<Value> = opt Kind::Any, ts "string | number";
        schedule_hour: Option<u32> = opt Kind::U32;
        schedule_minute: Option<u32> = opt Kind::U32;
        cron_expression: Option<String> = omit Kind::Str;
        /// The current schedule form: `{ type: 'live' | 'triggered', triggers }`.
        mode: Option<JsonObject> = omit Kind::FreeObject;
        created_at: Option<String> = opt Kind::Str;
        updated_at: Option<String> = opt Kind::Str;
        trigger_on_dbt_cloud_rebuild: Option<bool> = opt Kind::Bool;
        field_behavior: Option<String> = opt Kind::Str;
        field_normalization: Option<String> = opt Kind::Str;
        lead_union_insert_to: Option<String> = opt Kind::Str;
        source_attributes: Option<SyncSource> = opt Kind::Object(&SYNC_SOURCE);
        destination_attributes: Option<SyncDestination> = opt Kind::Object(&SYNC_DESTINATION);
        mappings: Option<Vec<Mapping>> = opt Kind::Array(&Kind::Object(&MAPPING));
        /// The sync's alerts, each `{ type, … }`; Census adds its defaults when a create
        /// gives none.
        alert_attributes: Option<Vec<JsonObject>> = omit Kind::Array(&Kind::FreeObject);
        /// Where an incremental sync starts reading.
        high_water_mark_attributes: Option<JsonObject> = omit Kind::FreeObject;
        /// How a `mirror` sync applies deletes.
        mirror_strategy: Option<String> = omit Kind::Str;
        /// The order of the destination's fields (file destinations).
        field_order: Option<String> = omit Kind::Str;
    }
}

model! {
    /// Where a sync reads: a source connection and one of its tables, models or segments.
    pub struct SyncSource as SYNC_SOURCE, SYNC_SOURCE_MODEL, derives(Debug, Clone, PartialEq) {
        connection_id: Option<u64> = opt Kind::U64;
        /// `{ type, id, … }`: a table (`table_catalog`, `table_schema`, `table_name`), a model
        /// (`name`) or a segment, as the API describes it (document 003's form).
        data_source: Option<JsonObject> = opt Kind::FreeObject;
        /// The same in today's form: `{ type, id }` or a table by its names.
        object: Option<JsonObject> = omit Kind::FreeObject;
    }
}

model! {
    /// Where a sync writes: a destination connection and one of its objects.
    pub struct SyncDestination as SYNC_DESTINATION, SYNC_DESTINATION_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        connection_id: Option<u64> = opt Kind::U64;
        /// The destination object's `full_name`.
        object: Option<String> = opt Kind::Str;
        lead_union_insert_to: Option<String> = omit Kind::Str;
    }
}

model! {
    /// One mapping of a sync: a source column or constant to a destination field.
    pub struct Mapping as MAPPING, MAPPING_MODEL, derives(Debug, Clone, PartialEq) {
        /// A column name, a constant `{ value, type }` (`{ value, basic_type }` in reads), or
        /// today's `{ type, data }`.
        from: MappingFrom = req Kind::Any, ts "MappingFrom";
        /// The destination field's `full_name`.
        to: String = req Kind::Str;
        is_primary_identifier: Option<bool> = opt Kind::Bool;
        generate_field: Option<bool> = opt Kind::Bool;
        preserve_values: Option<bool> = opt Kind::Bool;
        /// For arrays: `merge` or `overwrite`.
        operation: Option<String> = opt Kind::Str;
        lookup_object: Option<String> = omit Kind::Str;
        lookup_field: Option<String> = omit Kind::Str;
        /// Its place among the sync's mappings, from 0, in reads of the API (Census orders
        /// them by it).
        position: Option<u32> = omit Kind::U32;
    }
}

/// A mapping's `from`: any JSON value but null, kept as sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct MappingFrom(pub Value);

impl<'de> Deserialize<'de> for MappingFrom {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Err(serde::de::Error::custom(
                "invalid type: null, expected a column name or an object",
            )),
            value => Ok(Self(value)),
        }
    }
}

model! {
    /// One run of a sync, with its counts. The counts may be null until the run has them.
    pub struct SyncRun as SYNC_RUN, SYNC_RUN_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        sync_id: u64 = req Kind::U64;
        status: SyncRunStatus = req Kind::Str, ts "SyncRunStatus";
        source_record_count: Option<u64> = opt Kind::U64;
        records_processed: Option<u64> = opt Kind::U64;
        records_updated: Option<u64> = opt Kind::U64;
        records_failed: Option<u64> = opt Kind::U64;
        records_invalid: Option<u64> = opt Kind::U64;
        created_at: Option<String> = opt Kind::Str;
        updated_at: Option<String> = opt Kind::Str;
        completed_at: Option<String> = opt Kind::Str;
        scheduled_execution_time: Option<String> = opt Kind::Str;
        error_code: Option<String> = opt Kind::Str;
        error_message: Option<String> = opt Kind::Str;
        error_detail: Option<String> = opt Kind::Str;
        /// What the run is doing now, e.g. `Running sync`.
        current_step: Option<String> = omit Kind::Str;
        canceled: Option<bool> = opt Kind::Bool;
        full_sync: Option<bool> = opt Kind::Bool;
        /// `{ ui_tag, ui_detail }`: why the run started.
        sync_trigger_reason: Option<JsonObject> = opt Kind::FreeObject;
    }
}

model! {
    /// What `POST /syncs/{id}/trigger` answers.
    pub struct SyncRunId as SYNC_RUN_ID, SYNC_RUN_ID_MODEL,
        derives(Debug, Clone, Copy, PartialEq, Eq)
    {
        sync_run_id: u64 = req Kind::U64;
    }
}

model! {
    /// What `POST /syncs` answers: the new sync's id.
    pub struct SyncId as SYNC_ID, SYNC_ID_MODEL, derives(Debug, Clone, Copy, PartialEq, Eq) {
        sync_id: u64 = req Kind::U64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_sync_with_both_mapping_forms() {
        let sync: Sync = serde_json::from_str(
            r#"{"id": 61, "label": null, "schedule_frequency": "never", "schedule_day": null,
                "schedule_hour": null, "schedule_minute": null, "operation": "upsert",
                "paused": false, "status": "Ready", "lead_union_insert_to": null,
                "source_attributes": {"connection_id": 4, "data_source": {"type": "model", "id": 15}},
                "destination_attributes": {"connection_id": 15, "object": "user"},
                "mappings": [
                  {"from": "EMAIL", "to": "external_id", "is_primary_identifier": true, "operation": null},
                  {"from": {"value": "test", "basic_type": "text"}, "to": "first_name"}],
                "alert_attributes": [{"type": "FailureAlertConfiguration"}]}"#,
        )
        .expect("documented sync");
        assert_eq!(sync.operation, SyncOperation::Upsert);
        let mappings = sync.mappings.expect("mappings");
        assert_eq!(mappings[0].from.0, Value::from("EMAIL"));
        assert_eq!(mappings[1].from.0["basic_type"], Value::from("text"));
    }

    #[test]
    fn a_run_with_null_counts_and_an_unknown_status_reads() {
        let run: SyncRun = serde_json::from_str(
            r#"{"id": 93, "sync_id": 52, "records_processed": null, "status": "paused_by_admin",
                "current_step": "Running sync"}"#,
        )
        .expect("run");
        assert_eq!(run.records_processed, None);
        assert_eq!(run.status.as_str(), "paused_by_admin");
        assert!(!run.status.is_final());
        assert!(SyncRunStatus::Skipped.is_final() && !SyncRunStatus::Queued.is_final());
    }
}
